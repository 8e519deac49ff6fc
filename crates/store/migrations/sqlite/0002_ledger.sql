-- The governance ledger (SQLite). Entries and complete tree nodes are
-- written once; the single head row sequences appends (an append first
-- updates it, which takes SQLite's write lock).
CREATE TABLE ledger_entries (
    idx BIGINT PRIMARY KEY,
    leaf_hash BLOB NOT NULL,
    body BLOB NOT NULL,
    kind TEXT NOT NULL,
    time_ms BIGINT NOT NULL
);
CREATE INDEX ledger_entries_leaf_hash ON ledger_entries (leaf_hash);
CREATE INDEX ledger_entries_kind ON ledger_entries (kind, idx);

CREATE TABLE ledger_nodes (
    level BIGINT NOT NULL,
    idx BIGINT NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
);

CREATE TABLE ledger_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    size BIGINT NOT NULL,
    root BLOB NOT NULL,
    updated_at BIGINT NOT NULL
);
INSERT INTO ledger_head (id, size, root, updated_at)
VALUES (1, 0, X'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 0);

CREATE TABLE ledger_checkpoints (
    size BIGINT PRIMARY KEY,
    root BLOB NOT NULL,
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE ledger_cosignatures (
    size BIGINT NOT NULL REFERENCES ledger_checkpoints (size),
    witness TEXT NOT NULL,
    line TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (size, witness)
);
