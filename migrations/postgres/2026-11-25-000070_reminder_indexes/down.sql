DROP INDEX licences_status_until;
DROP INDEX matches_state_ends;
