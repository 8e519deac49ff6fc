-- Notices to delegates: a proposal entered the decision stage
-- (`decision_open`), its vote closes soon (`deadline_near`), its result was
-- published (`result`). One row per proposal, event and recipient, so a
-- notice is made once however many processes look. A process claims the
-- e-mail of a notice (`mail_claimed_at`) before sending it and gives the
-- claim back when sending fails, so two processes sharing the database
-- never send the same notice twice.
CREATE TABLE deliberation_notices (
    proposal_id BIGINT NOT NULL REFERENCES deliberation_proposals (id) ON DELETE CASCADE,
    event TEXT NOT NULL CHECK (event IN ('decision_open', 'deadline_near', 'result')),
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The state the recipient is a delegate of.
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    mail_claimed_at BIGINT,
    mailed_at BIGINT,
    PRIMARY KEY (proposal_id, event, user_id)
);
CREATE INDEX deliberation_notices_user ON deliberation_notices (user_id, created_at);
CREATE INDEX deliberation_notices_unmailed ON deliberation_notices (mailed_at, mail_claimed_at);
