-- Framework & assessment: uploaded framework/crosswalk/rulepack sources,
-- the AI systems registry and stored assessments (sqlite).

-- Every accepted upload, as sent. At start-up the node rebuilds its catalog
-- from the shipped data plus the rows with status 'active', in id order.
CREATE TABLE framework_sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('framework', 'ciso_assistant', 'crosswalk', 'rulepack')),
    -- What it defines: framework URN, crosswalk's framework URN, or pack id.
    subject TEXT NOT NULL,
    version TEXT NOT NULL,
    file_name TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded')),
    loaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    loaded_at BIGINT NOT NULL,
    CONSTRAINT framework_sources_version_key UNIQUE (kind, subject, version)
);

-- Registered AI systems; the profile is kept as the YAML it was given in.
CREATE TABLE ai_systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    owner_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    owner_institution_id BIGINT REFERENCES institutions (id) ON DELETE SET NULL,
    profile TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT ai_systems_slug_key UNIQUE (slug)
);
CREATE INDEX ai_systems_owner_institution ON ai_systems (owner_institution_id);

-- Assessments as run: the pack versions used and the result JSON.
CREATE TABLE ai_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system_id BIGINT NOT NULL REFERENCES ai_systems (id) ON DELETE CASCADE,
    packs TEXT NOT NULL,
    result TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_assessments_system ON ai_assessments (system_id, id);
