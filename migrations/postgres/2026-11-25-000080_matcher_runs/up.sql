-- Runs of the matcher (SPEC 4): who ran it for which programme, when, on
-- how much, what it found and how long it took. Proposals it made are
-- matches with source 'matcher', the run's id and the pair's score.
CREATE TABLE matcher_runs (
    id TEXT PRIMARY KEY NOT NULL,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    -- None when run from the command line.
    run_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    dry_run BOOLEAN NOT NULL,
    started_at TIMESTAMP NOT NULL,
    duration_ms BIGINT NOT NULL,
    professionals INTEGER NOT NULL,
    assignments INTEGER NOT NULL,
    positions INTEGER NOT NULL,
    candidate_pairs BIGINT NOT NULL,
    feasible_pairs BIGINT NOT NULL,
    proposals INTEGER NOT NULL,
    -- Thousandths of a point.
    total_score BIGINT NOT NULL
);
CREATE INDEX matcher_runs_programme ON matcher_runs (programme_id, started_at);

ALTER TABLE matches ADD COLUMN run_id TEXT REFERENCES matcher_runs (id) ON DELETE SET NULL;
-- The pair's score when the matcher proposed it, in thousandths of a point.
ALTER TABLE matches ADD COLUMN score BIGINT;
-- Its breakdown then: "criterion:measure:weight:points" for each criterion,
-- separated by spaces (measures in thousandths, points in thousandths of a
-- point).
ALTER TABLE matches ADD COLUMN score_parts TEXT;

-- What a run found beside its proposals, for each assignment: the next
-- best candidates and the near misses (pairs that broke exactly one rule).
CREATE TABLE matcher_run_notes (
    run_id TEXT NOT NULL REFERENCES matcher_runs (id) ON DELETE CASCADE,
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('alternate', 'near_miss')),
    rank INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Thousandths of a point (for a near miss, what it would score).
    score BIGINT NOT NULL,
    -- An alternate's breakdown (as matches.score_parts), or the rule a near
    -- miss broke and why, as the matcher words it for storage.
    detail TEXT NOT NULL,
    PRIMARY KEY (run_id, assignment_id, kind, rank)
);
