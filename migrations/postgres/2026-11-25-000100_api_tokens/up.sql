-- Personal API tokens (SPEC 6): a user names them, gives them read or write
-- scope and revokes them. Only a hash of the secret is kept; the secret is
-- shown once. A token carries the session epoch of its user when it was made,
-- so a password change, "log out everywhere" or a removal ends it too.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    can_write BOOLEAN NOT NULL,
    session_epoch INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);
