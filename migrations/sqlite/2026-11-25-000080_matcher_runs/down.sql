DROP TABLE matcher_run_notes;
ALTER TABLE matches DROP COLUMN score_parts;
ALTER TABLE matches DROP COLUMN score;
ALTER TABLE matches DROP COLUMN run_id;
DROP TABLE matcher_runs;
