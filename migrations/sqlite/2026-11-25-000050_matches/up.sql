-- Matches (SPEC F5): a professional paired with an assignment, from the
-- proposal to completion, and every step of its life.
CREATE TABLE matches (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('proposed', 'rejected', 'offered', 'declined', 'expired', 'confirmed', 'completed', 'cancelled')),
    -- Where the proposal came from: the matcher, or a coordinator's hand.
    source TEXT NOT NULL CHECK (source IN ('matcher', 'hand')),
    deadline TIMESTAMP,
    professional_accepted_at TIMESTAMP,
    facility_accepted_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    -- The assignment's dates and whether it is on site, copied for the
    -- check that a professional's confirmed on-site matches never overlap.
    onsite BOOLEAN NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One live match per professional and assignment.
CREATE UNIQUE INDEX matches_live ON matches (assignment_id, user_id)
    WHERE state IN ('proposed', 'offered', 'confirmed');
CREATE INDEX matches_assignment_state ON matches (assignment_id, state);
CREATE INDEX matches_user_state ON matches (user_id, state, starts_on);
CREATE INDEX matches_state_deadline ON matches (state, deadline);

-- Who did what to a match, when and why.
CREATE TABLE match_events (
    id TEXT PRIMARY KEY NOT NULL,
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT,
    at TIMESTAMP NOT NULL
);
CREATE INDEX match_events_match ON match_events (match_id, at);
