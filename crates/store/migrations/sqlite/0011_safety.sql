-- Safety: AI incident and vulnerability reports under TLP 2.0 (sqlite).
-- The report's content is kept as the JSON the safety domain gives; what
-- the node must find, filter or join on has its own columns and tables.

-- One row per report. `author` and `org` are the domain's member and
-- organisation ids (`user:N`, `institution:N` or `person:N`); `community`
-- is the reporting community a TLP:AMBER report names.
CREATE TABLE safety_reports (
    id TEXT PRIMARY KEY,
    author TEXT NOT NULL,
    org TEXT NOT NULL,
    tlp TEXT NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    community TEXT,
    state TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The report without its sources, comments, history and assignees.
    document TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX safety_reports_submitted ON safety_reports (submitted_at, id);

-- The named recipients of a TLP:RED report.
CREATE TABLE safety_recipients (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    member TEXT NOT NULL,
    PRIMARY KEY (report_id, member)
);

-- Links to registered AI systems (their slug) and commons repositories.
CREATE TABLE safety_links (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('system', 'repo')),
    target TEXT NOT NULL,
    PRIMARY KEY (report_id, kind, target)
);
CREATE INDEX safety_links_target ON safety_links (kind, target);

-- Sources (URL, title, text), in the report's order.
CREATE TABLE safety_sources (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
);

-- Comments, each with its own TLP marking (JSON) and level.
CREATE TABLE safety_comments (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    author TEXT NOT NULL,
    org TEXT NOT NULL,
    tlp TEXT NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
    marking TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX safety_comments_report ON safety_comments (report_id, position);

-- The workflow history: one event (JSON) per row.
CREATE TABLE safety_history (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE safety_assignees (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    member TEXT NOT NULL,
    PRIMARY KEY (report_id, member)
);

-- What opens the ledger commitment of a restricted report (kept by the
-- node; shown to prove later what was known when).
CREATE TABLE safety_openings (
    report_id TEXT NOT NULL REFERENCES safety_reports (id) ON DELETE CASCADE,
    commitment TEXT NOT NULL,
    nonce TEXT NOT NULL,
    document TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, commitment)
);
