DROP TABLE reminders_sent;
DROP TABLE match_feedback;
DROP TABLE match_reports;
DROP TABLE match_checklist;
