DROP INDEX outbox_status_created;
DROP INDEX audit_log_object_id;
DROP INDEX audit_log_action_at;
DROP INDEX audit_log_actor_at;
