-- Compliance work on a registered system's obligations (sqlite): one work
-- item per obligation (assignee, due date, status), its events (the
-- history: assignment, status changes, comments, evidence, review) and the
-- evidence files, stored by SHA-256 in the artifact store.

CREATE TABLE work_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id BIGINT NOT NULL REFERENCES ai_systems (id) ON DELETE CASCADE,
    -- The obligation id of the assessment (`<pack>:<requirement URN>:<bearer>`).
    obligation TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    assignee_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- Calendar date YYYY-MM-DD, or none.
    due_date TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'submitted', 'accepted', 'returned')),
    -- Who submitted it for review last (a reviewer may not be that person).
    submitted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT work_items_obligation_key UNIQUE (system_id, obligation)
);
CREATE INDEX work_items_assignee ON work_items (assignee_user_id);

CREATE TABLE work_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- assigned, status, comment, evidence
    kind TEXT NOT NULL CHECK (kind IN ('assigned', 'status', 'comment', 'evidence')),
    -- The status after the event.
    status TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX work_events_item ON work_events (item_id, id);

CREATE TABLE work_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id BIGINT NOT NULL REFERENCES work_items (id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at BIGINT NOT NULL,
    CONSTRAINT work_evidence_file_key UNIQUE (item_id, sha256)
);
CREATE INDEX work_evidence_sha ON work_evidence (sha256);
