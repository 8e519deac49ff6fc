-- Sign-in through the organization's OpenID Connect provider: which
-- provider account (issuer and subject) speaks for which user, and the
-- sign-ins sent to the provider that wait for its answer. The browser
-- holds the pending sign-in's `state` in a cookie; only its SHA-256 is
-- here, beside the nonce and the PKCE verifier the answer is checked with.
CREATE TABLE external_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    linked_at BIGINT NOT NULL,
    last_signin_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX external_identities_user ON external_identities (user_id);

CREATE TABLE pending_external_signins (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
