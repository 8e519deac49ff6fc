-- Capacity exchange (sqlite): notices to the providers and requesters of a
-- published round and to the applicants of a published match, one per
-- person and publication, written in the transaction that publishes. The
-- body is JSON (what the person's requests got, their offers' allocations,
-- their program); it is put in words in the reader's language when shown.
-- `mailed_at` is set when a process claims the notice for e-mail (NULL:
-- not sent); a process claims before sending and gives the claim back when
-- sending fails, so that processes sharing the database never send twice.
CREATE TABLE capacity_notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- `round` or `match`.
    kind TEXT NOT NULL CHECK (kind IN ('round', 'match')),
    -- The round's or the match's id (slug).
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    mailed_at BIGINT,
    CONSTRAINT capacity_notices_once UNIQUE (user_id, kind, subject)
);

CREATE INDEX capacity_notices_unmailed ON capacity_notices (mailed_at, id);
