-- Programmes with their origin countries, eligibility rules and score
-- weights; the coordinators who act inside them; single-use invitations
-- (coordinators into programmes, staff into a facility); and the WHO
-- safeguards list, kept as data an administrator updates with each edition.

CREATE TABLE programmes (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    -- Accepted residence statuses abroad, comma-separated codes.
    residence_statuses TEXT NOT NULL,
    min_years_experience INTEGER NOT NULL CHECK (min_years_experience BETWEEN 0 AND 70),
    onsite_min_days INTEGER NOT NULL CHECK (onsite_min_days >= 1),
    onsite_max_days INTEGER NOT NULL CHECK (onsite_max_days >= onsite_min_days),
    weight_diaspora INTEGER NOT NULL CHECK (weight_diaspora BETWEEN 0 AND 100),
    weight_skills INTEGER NOT NULL CHECK (weight_skills BETWEEN 0 AND 100),
    weight_experience INTEGER NOT NULL CHECK (weight_experience BETWEEN 0 AND 100),
    weight_availability INTEGER NOT NULL CHECK (weight_availability BETWEEN 0 AND 100),
    weight_languages INTEGER NOT NULL CHECK (weight_languages BETWEEN 0 AND 100),
    weight_track_record INTEGER NOT NULL CHECK (weight_track_record BETWEEN 0 AND 100),
    weight_interest INTEGER NOT NULL CHECK (weight_interest BETWEEN 0 AND 100),
    weight_safeguards INTEGER NOT NULL CHECK (weight_safeguards BETWEEN 0 AND 100),
    weight_urgency INTEGER NOT NULL CHECK (weight_urgency BETWEEN 0 AND 100),
    status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX programmes_code ON programmes (code);

CREATE TABLE programme_countries (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (programme_id, country_code)
);
CREATE INDEX programme_countries_country ON programme_countries (country_code, programme_id);

CREATE TABLE programme_coordinators (
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (programme_id, user_id)
);
CREATE INDEX programme_coordinators_user ON programme_coordinators (user_id, programme_id);

CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('coordinator', 'facility_staff')),
    email TEXT NOT NULL,
    locale TEXT NOT NULL CHECK (locale IN ('en', 'fr')),
    token_hash TEXT NOT NULL,
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    facility_id TEXT REFERENCES facilities (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX invitations_token_hash ON invitations (token_hash);
CREATE INDEX invitations_email ON invitations (email);

CREATE TABLE invitation_programmes (
    invitation_id TEXT NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    programme_id TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, programme_id)
);

CREATE TABLE safeguards_countries (
    country_code TEXT PRIMARY KEY NOT NULL
);

CREATE TABLE safeguards_editions (
    edition DATE PRIMARY KEY NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT REFERENCES users (id) ON DELETE SET NULL
);

-- The WHO Health Workforce Support and Safeguards List 2023 (55 countries).
INSERT INTO safeguards_countries (country_code) VALUES
('AF'),('AO'),('BD'),('BJ'),('BF'),('BI'),('CM'),('CF'),('TD'),('KM'),('CG'),('CD'),('CI'),('DJ'),
('GQ'),('ER'),('ET'),('GA'),('GM'),('GH'),('GN'),('GW'),('HT'),('KI'),('LA'),('LS'),('LR'),('MG'),
('MW'),('ML'),('MR'),('FM'),('MZ'),('NP'),('NE'),('NG'),('PK'),('PG'),('RW'),('WS'),('SN'),('SL'),
('SB'),('SO'),('SS'),('SD'),('TL'),('TG'),('TV'),('TZ'),('UG'),('VU'),('YE'),('ZM'),('ZW');
INSERT INTO safeguards_editions (edition, recorded_at) VALUES ('2023-03-14', '2026-11-25 00:00:00');

-- Verification queues list what waits, oldest first, by country.
CREATE INDEX licences_unverified_created ON licences (created_at) WHERE status = 'unverified';
CREATE INDEX facilities_status_created ON facilities (status, created_at);
