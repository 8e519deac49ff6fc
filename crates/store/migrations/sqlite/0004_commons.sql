-- Commons: repositories, immutable commits with their file lists, branches
-- and tags, content-addressed blobs, gated access and download counts (SQLite).
CREATE TABLE commons_repos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('model', 'dataset', 'tool')),
    owner TEXT NOT NULL,
    name TEXT NOT NULL,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('state', 'institution', 'person')),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'gated', 'members_only')),
    created_by BIGINT NOT NULL,
    card_metadata TEXT NOT NULL DEFAULT '{}',
    card_problems TEXT NOT NULL DEFAULT '[]',
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    downloads BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT commons_repos_kind_owner_name_key UNIQUE (kind, owner, name)
);
CREATE INDEX commons_repos_owner ON commons_repos (owner);

CREATE TABLE commons_commits (
    repo_id BIGINT NOT NULL REFERENCES commons_repos (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    short_id TEXT NOT NULL,
    parent TEXT,
    tree TEXT NOT NULL,
    author TEXT NOT NULL,
    message TEXT NOT NULL,
    time BIGINT NOT NULL,
    branch TEXT NOT NULL,
    PRIMARY KEY (repo_id, id)
);
CREATE INDEX commons_commits_short ON commons_commits (repo_id, short_id);

CREATE TABLE commons_commit_files (
    repo_id BIGINT NOT NULL,
    commit_id TEXT NOT NULL,
    path TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (repo_id, commit_id, path),
    FOREIGN KEY (repo_id, commit_id) REFERENCES commons_commits (repo_id, id) ON DELETE CASCADE
);

CREATE TABLE commons_refs (
    repo_id BIGINT NOT NULL REFERENCES commons_repos (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('branch', 'tag')),
    commit_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (repo_id, name)
);

CREATE TABLE commons_blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE commons_access (
    repo_id BIGINT NOT NULL REFERENCES commons_repos (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_at BIGINT NOT NULL,
    decided_by BIGINT,
    decision_reason TEXT,
    decided_at BIGINT,
    PRIMARY KEY (repo_id, user_id)
);

CREATE TABLE commons_downloads (
    repo_id BIGINT NOT NULL REFERENCES commons_repos (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (repo_id, day)
);
