-- Professional profiles: the profile itself, specialties (a list kept as data
-- an administrator can extend), skills, languages, licences, availability
-- windows with their weekly session hours, and consents. Dates are calendar
-- days; timestamps are UTC.

CREATE TABLE professionals (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profession_code TEXT,
    years_experience INTEGER CHECK (years_experience BETWEEN 0 AND 70),
    wants_clinical BOOLEAN NOT NULL DEFAULT FALSE,
    origin_country TEXT,
    residence_country TEXT,
    residence_city TEXT,
    residence_status TEXT CHECK (residence_status IN ('citizen', 'permanent_resident', 'work_permit', 'other')),
    time_zone TEXT,
    bio TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX professionals_profession_origin ON professionals (profession_code, origin_country);

CREATE TABLE specialties (
    code TEXT PRIMARY KEY NOT NULL,
    name_en TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE professional_specialties (
    user_id TEXT NOT NULL REFERENCES professionals (user_id) ON DELETE CASCADE,
    specialty_code TEXT NOT NULL REFERENCES specialties (code),
    PRIMARY KEY (user_id, specialty_code)
);
CREATE INDEX professional_specialties_code ON professional_specialties (specialty_code);

CREATE TABLE professional_skills (
    user_id TEXT NOT NULL REFERENCES professionals (user_id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE INDEX professional_skills_tag ON professional_skills (tag);

CREATE TABLE professional_languages (
    user_id TEXT NOT NULL REFERENCES professionals (user_id) ON DELETE CASCADE,
    language_code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('basic', 'conversational', 'professional', 'native')),
    PRIMARY KEY (user_id, language_code)
);

CREATE TABLE licences (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES professionals (user_id) ON DELETE CASCADE,
    issuing_country TEXT NOT NULL,
    issuing_body TEXT NOT NULL,
    number TEXT NOT NULL,
    profession_code TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('unverified', 'verified', 'rejected')),
    status_reason TEXT,
    verified_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    verified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (valid_until >= valid_from)
);
CREATE INDEX licences_user ON licences (user_id);
CREATE INDEX licences_country_status ON licences (issuing_country, status);

CREATE TABLE availability_windows (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES professionals (user_id) ON DELETE CASCADE,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    modality TEXT NOT NULL CHECK (modality IN ('on_site', 'virtual', 'either')),
    weekly_hours INTEGER CHECK (weekly_hours BETWEEN 1 AND 168),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX availability_windows_user ON availability_windows (user_id, starts_on);

-- Local hours of a weekday when sessions can be given, in minutes after
-- midnight in the professional's time zone; 1 = Monday.
CREATE TABLE availability_hours (
    id TEXT PRIMARY KEY NOT NULL,
    window_id TEXT NOT NULL REFERENCES availability_windows (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_minute INTEGER NOT NULL CHECK (starts_minute BETWEEN 0 AND 1439),
    ends_minute INTEGER NOT NULL CHECK (ends_minute BETWEEN 1 AND 1440),
    CHECK (ends_minute > starts_minute)
);
CREATE INDEX availability_hours_window ON availability_hours (window_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('matching', 'share_profile', 'statistics')),
    text_version TEXT NOT NULL,
    given_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX consents_user_kind ON consents (user_id, kind);

INSERT INTO specialties (code, name_en, name_fr, created_at) VALUES
    ('anaesthesiology', 'Anaesthesiology', 'Anesthésiologie', '2026-11-25 00:00:00'),
    ('emergency_medicine', 'Emergency medicine', 'Médecine d’urgence', '2026-11-25 00:00:00'),
    ('general_surgery', 'General surgery', 'Chirurgie générale', '2026-11-25 00:00:00'),
    ('internal_medicine', 'Internal medicine', 'Médecine interne', '2026-11-25 00:00:00'),
    ('obstetrics_gynaecology', 'Obstetrics and gynaecology', 'Gynécologie-obstétrique', '2026-11-25 00:00:00'),
    ('paediatrics', 'Paediatrics', 'Pédiatrie', '2026-11-25 00:00:00'),
    ('neonatology', 'Neonatology', 'Néonatologie', '2026-11-25 00:00:00'),
    ('psychiatry', 'Psychiatry', 'Psychiatrie', '2026-11-25 00:00:00'),
    ('radiology', 'Radiology', 'Radiologie', '2026-11-25 00:00:00'),
    ('pathology', 'Pathology', 'Anatomie et cytologie pathologiques', '2026-11-25 00:00:00'),
    ('ophthalmology', 'Ophthalmology', 'Ophtalmologie', '2026-11-25 00:00:00'),
    ('orthopaedics', 'Orthopaedics', 'Orthopédie', '2026-11-25 00:00:00'),
    ('cardiology', 'Cardiology', 'Cardiologie', '2026-11-25 00:00:00'),
    ('oncology', 'Oncology', 'Oncologie', '2026-11-25 00:00:00'),
    ('nephrology', 'Nephrology', 'Néphrologie', '2026-11-25 00:00:00'),
    ('infectious_diseases', 'Infectious diseases', 'Maladies infectieuses', '2026-11-25 00:00:00'),
    ('public_health', 'Public health', 'Santé publique', '2026-11-25 00:00:00'),
    ('family_medicine', 'Family medicine', 'Médecine de famille', '2026-11-25 00:00:00'),
    ('critical_care_nursing', 'Critical care nursing', 'Soins infirmiers en réanimation', '2026-11-25 00:00:00'),
    ('theatre_nursing', 'Theatre nursing', 'Soins infirmiers de bloc opératoire', '2026-11-25 00:00:00'),
    ('midwifery', 'Midwifery', 'Maïeutique', '2026-11-25 00:00:00'),
    ('neurology', 'Neurology', 'Neurologie', '2026-11-25 00:00:00'),
    ('neurosurgery', 'Neurosurgery', 'Neurochirurgie', '2026-11-25 00:00:00'),
    ('dermatology', 'Dermatology', 'Dermatologie', '2026-11-25 00:00:00'),
    ('endocrinology', 'Endocrinology', 'Endocrinologie', '2026-11-25 00:00:00'),
    ('gastroenterology', 'Gastroenterology', 'Gastro-entérologie', '2026-11-25 00:00:00'),
    ('haematology', 'Haematology', 'Hématologie', '2026-11-25 00:00:00'),
    ('pulmonology', 'Pulmonology', 'Pneumologie', '2026-11-25 00:00:00'),
    ('urology', 'Urology', 'Urologie', '2026-11-25 00:00:00'),
    ('otorhinolaryngology', 'Otorhinolaryngology', 'Oto-rhino-laryngologie', '2026-11-25 00:00:00'),
    ('plastic_surgery', 'Plastic and reconstructive surgery', 'Chirurgie plastique et reconstructrice', '2026-11-25 00:00:00'),
    ('paediatric_surgery', 'Paediatric surgery', 'Chirurgie pédiatrique', '2026-11-25 00:00:00'),
    ('cardiothoracic_surgery', 'Cardiothoracic surgery', 'Chirurgie cardiothoracique', '2026-11-25 00:00:00'),
    ('intensive_care', 'Intensive care medicine', 'Médecine intensive-réanimation', '2026-11-25 00:00:00'),
    ('palliative_care', 'Palliative care', 'Soins palliatifs', '2026-11-25 00:00:00'),
    ('geriatrics', 'Geriatrics', 'Gériatrie', '2026-11-25 00:00:00'),
    ('epidemiology', 'Epidemiology', 'Épidémiologie', '2026-11-25 00:00:00'),
    ('laboratory_medicine', 'Laboratory medicine', 'Biologie médicale', '2026-11-25 00:00:00'),
    ('paediatric_nursing', 'Paediatric nursing', 'Soins infirmiers en pédiatrie', '2026-11-25 00:00:00'),
    ('mental_health_nursing', 'Mental health nursing', 'Soins infirmiers en santé mentale', '2026-11-25 00:00:00'),
    ('community_health_nursing', 'Community health nursing', 'Soins infirmiers en santé communautaire', '2026-11-25 00:00:00'),
    ('health_management', 'Health services management', 'Gestion des services de santé', '2026-11-25 00:00:00');
