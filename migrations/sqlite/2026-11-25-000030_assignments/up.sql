-- Terms of Reference: assignments a verified facility posts (SPEC F3), and
-- the interest professionals express in them (F4).
CREATE TABLE assignments (
    id TEXT PRIMARY KEY NOT NULL,
    facility_id TEXT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    -- The facility's country, copied for the search's indexes.
    country_code TEXT NOT NULL,
    title TEXT NOT NULL,
    objectives TEXT NOT NULL,
    specialty_code TEXT REFERENCES specialties (code),
    modality TEXT NOT NULL CHECK (modality IN ('on_site', 'virtual')),
    -- On-site: the first and last day of presence; virtual: the period.
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    hours_per_week INTEGER CHECK (hours_per_week BETWEEN 1 AND 60),
    positions INTEGER NOT NULL CHECK (positions BETWEEN 1 AND 50),
    clinical BOOLEAN NOT NULL,
    support_travel BOOLEAN NOT NULL,
    support_accommodation BOOLEAN NOT NULL,
    support_allowance BOOLEAN NOT NULL,
    support_insurance BOOLEAN NOT NULL,
    support_details TEXT NOT NULL,
    min_years_experience INTEGER NOT NULL CHECK (min_years_experience BETWEEN 0 AND 50),
    urgent BOOLEAN NOT NULL,
    time_zone TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'filled', 'closed')),
    closed_reason TEXT,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    published_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX assignments_facility ON assignments (facility_id, created_at);
CREATE INDEX assignments_status_country ON assignments (status, country_code, starts_on);

CREATE TABLE assignment_professions (
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    profession_code TEXT NOT NULL,
    PRIMARY KEY (assignment_id, profession_code)
);
CREATE INDEX assignment_professions_code ON assignment_professions (profession_code, assignment_id);

CREATE TABLE assignment_skills (
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    required BOOLEAN NOT NULL,
    PRIMARY KEY (assignment_id, tag)
);

CREATE TABLE assignment_languages (
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    language_code TEXT NOT NULL,
    min_level TEXT NOT NULL CHECK (min_level IN ('basic', 'conversational', 'professional', 'native')),
    PRIMARY KEY (assignment_id, language_code)
);
CREATE INDEX assignment_languages_code ON assignment_languages (language_code, assignment_id);

-- Weekly sessions of a virtual assignment, in the facility's time zone.
CREATE TABLE assignment_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),
    ends_minute INTEGER NOT NULL CHECK (ends_minute BETWEEN 1 AND 1440),
    CHECK (ends_minute > starts_minute)
);
CREATE INDEX assignment_sessions_assignment ON assignment_sessions (assignment_id);

CREATE TABLE interests (
    id TEXT PRIMARY KEY NOT NULL,
    assignment_id TEXT NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX interests_assignment ON interests (assignment_id, created_at);
CREATE INDEX interests_user ON interests (user_id, created_at);
