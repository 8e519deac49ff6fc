-- Signing out at the identity provider too (OpenID Connect RP-Initiated
-- Logout 1.0): a session opened through the provider keeps the ID token it
-- was opened with, sent back to the provider's end_session_endpoint as
-- `id_token_hint` when the user signs out; a sign-in waiting for its second
-- factor carries it until the session opens.
ALTER TABLE sessions ADD COLUMN provider_id_token TEXT;
ALTER TABLE signin_challenges ADD COLUMN provider_id_token TEXT;
