DROP TABLE audit_log;
DROP TABLE outbox;
DROP TABLE password_resets;
DROP TABLE facility_staff;
DROP TABLE facilities;
DROP TABLE users;
