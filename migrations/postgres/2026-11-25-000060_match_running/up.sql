-- Running and closing a match (SPEC F6) and the reminders it sends (F10).

-- The on-site checklist: one row per ticked item, with who and when.
CREATE TABLE match_checklist (
    match_id TEXT NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    item TEXT NOT NULL CHECK (item IN ('permit', 'travel', 'insurance', 'orientation')),
    ticked_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    ticked_at TIMESTAMP NOT NULL,
    PRIMARY KEY (match_id, item)
);

-- The professional's report after the end date; the figures feed the
-- observatory.
CREATE TABLE match_reports (
    match_id TEXT PRIMARY KEY NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    activities TEXT NOT NULL,
    people_trained INTEGER NOT NULL CHECK (people_trained >= 0),
    patients_seen INTEGER NOT NULL CHECK (patients_seen >= 0),
    sessions_delivered INTEGER NOT NULL CHECK (sessions_delivered >= 0),
    hours_given INTEGER NOT NULL CHECK (hours_given >= 0),
    notes TEXT NOT NULL,
    filed_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    filed_at TIMESTAMP NOT NULL
);

-- The facility's feedback after the end date.
CREATE TABLE match_feedback (
    match_id TEXT PRIMARY KEY NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comments TEXT NOT NULL,
    filed_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    filed_at TIMESTAMP NOT NULL
);

-- Reminders already sent: a reminder is written here in the same
-- transaction as its emails, and the key refuses a second one, so that
-- several servers and restarts send each exactly once. `due` tells which
-- occurrence (the deadline or the expiry date it was about).
CREATE TABLE reminders_sent (
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    due TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, subject_id, due)
);
