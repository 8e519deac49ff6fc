-- Accounts: deactivated users, what a session was opened from and when it
-- was last used, and the record of every change of power over an account
-- (each row points at the ledger entry written in the same transaction).
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
-- The per-account lock-out counters are unused since the sign-in limits
-- moved into the server's memory (crates/web/src/guard/signin_limits.rs).
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

CREATE TABLE account_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    -- NULL: the shell (`waico admin`). No foreign keys: the record outlives accounts.
    actor_id BIGINT,
    subject_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    ledger_index BIGINT NOT NULL
);
CREATE INDEX account_events_subject ON account_events (subject_id, id);

-- One-time links sent by e-mail: an invitation to choose one's password, or
-- a password reset. Only the SHA-256 of the link's secret is kept.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id);
