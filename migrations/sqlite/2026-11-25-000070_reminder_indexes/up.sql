-- What the scheduled reminders look for. Confirmed matches by end date:
-- reports and feedback late after the end, and clinical matches not over
-- yet (whose professional's licence may be running out). Verified licences
-- by expiry date. Offers by deadline use matches_state_deadline.
CREATE INDEX matches_state_ends ON matches (state, ends_on);
CREATE INDEX licences_status_until ON licences (status, valid_until);
