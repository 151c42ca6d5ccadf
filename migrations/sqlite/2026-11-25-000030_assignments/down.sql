DROP TABLE interests;
DROP TABLE assignment_sessions;
DROP TABLE assignment_languages;
DROP TABLE assignment_skills;
DROP TABLE assignment_professions;
DROP TABLE assignments;
