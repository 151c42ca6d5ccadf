-- When an account was deleted: its personal data erased, the row kept so that
-- what others rely on (matches, reports, counts) still points somewhere.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;
