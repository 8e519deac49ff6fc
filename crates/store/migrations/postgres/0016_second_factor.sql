-- Second factor (TOTP, RFC 6238), PostgreSQL: one secret per user, pending until its
-- first code confirms it; the last 30-second step used, so that a code
-- works once; hashed one-time recovery codes; and the sign-in challenges
-- that wait for a code after a right password. The secret itself must be
-- kept as it is (the server computes the codes from it).
CREATE TABLE second_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- NULL while the enrolment awaits its first code.
    confirmed_at BIGINT,
    last_step BIGINT
);

-- SHA-256 of each code; a used code keeps its row (used_at set).
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- A right password of a user with a second factor: the browser holds the
-- challenge's secret in a cookie (only its SHA-256 is here) until it sends
-- a code. A few wrong codes end it.
CREATE TABLE signin_challenges (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    next_path TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signin_challenges_user ON signin_challenges (user_id);
