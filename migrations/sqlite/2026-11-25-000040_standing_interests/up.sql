-- One standing interest per professional and assignment (SPEC F4): a
-- withdrawn one stays for the record, and interest can be expressed anew.
CREATE UNIQUE INDEX interests_standing ON interests (assignment_id, user_id) WHERE withdrawn_at IS NULL;
