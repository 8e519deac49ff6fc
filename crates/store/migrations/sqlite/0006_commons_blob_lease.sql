-- Commons: a lease on each blob so that collecting uncommitted blobs
-- (`waico admin gc-blobs`) cannot delete one that an upload or a commit is
-- about to use. `last_seen` moves whenever a client is told the blob is
-- stored or a commit takes it; the collector marks a blob `collecting = 1`
-- (only when it is old and unreferenced) before it deletes the object, and
-- uploads and commits refuse a blob so marked.
ALTER TABLE commons_blobs ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE commons_blobs ADD COLUMN collecting BIGINT NOT NULL DEFAULT 0;
UPDATE commons_blobs SET last_seen = created_at;
