-- The registry as coordinators search it: one narrow row per professional
-- who may be matched (an account in use that consented to be matched), with
-- what the filters compare, so that a search reads one table. The services
-- rewrite a professional's row in the same transaction as any change to
-- what it summarises (store/registry.rs); the application builds every
-- row from the profiles right after applying this migration.
CREATE TABLE registry_entries (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    -- The name in lower case, for searching.
    name_key TEXT NOT NULL,
    profession_code TEXT,
    years_experience INTEGER,
    origin_country TEXT,
    residence_country TEXT,
    residence_city TEXT,
    residence_status TEXT,
    wants_clinical BOOLEAN NOT NULL,
    email_verified BOOLEAN NOT NULL,
    -- ' code code ' for a whole-word LIKE.
    specialties TEXT NOT NULL,
    -- ' en:basic en:conversational ' : each language at every level up to
    -- the one spoken, so that "at or above a level" is one LIKE.
    languages TEXT NOT NULL,
    -- The skills, one a line.
    skills TEXT NOT NULL,
    -- The last day of the latest availability window.
    available_until DATE,
    -- The last day of the latest verified licence.
    licence_until DATE
);
CREATE INDEX registry_entries_origin_profession ON registry_entries (origin_country, profession_code);
CREATE INDEX registry_entries_residence ON registry_entries (residence_country);
