-- What the administrator's audit log filters on, newest first: by time alone,
-- by who acted, by what was done, and by the record it was done to (whatever
-- its type). audit_log_at (at) already exists.
CREATE INDEX audit_log_actor_at ON audit_log (actor_id, at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);
CREATE INDEX audit_log_object_id ON audit_log (object_id);
-- The parked-email page lists parked messages newest first.
CREATE INDEX outbox_status_created ON outbox (status, created_at);
