-- The observatory (SPEC F7). What the figures need of a professional whose
-- account was erased: no name, no contact, only what the counts group by, so
-- that the delivered days and hours stay true after the person is gone.
CREATE TABLE anonymous_profiles (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profession_code TEXT,
    origin_country TEXT,
    -- Whether the person consented to be counted in public statistics when
    -- the account was erased.
    counted BOOLEAN NOT NULL,
    erased_at TIMESTAMP NOT NULL
);

-- One row, moved forward in the transaction of every change that must leave
-- the public figures at once: a consent to be counted given or withdrawn, an
-- account erased. Every server compares it with the figures it keeps.
CREATE TABLE figures_stamp (
    id INTEGER PRIMARY KEY NOT NULL,
    generation BIGINT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
INSERT INTO figures_stamp (id, generation, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP);

