-- Framework uploads: a CISO Assistant framework library is stored with the
-- jurisdiction chosen at upload (NULL for the other kinds, and for libraries
-- stored before this migration, which load as INTL as they did), and CISO
-- Assistant mapping-set libraries are a kind of their own
-- (`ciso_mapping_set`). SQLite cannot change a CHECK constraint in place, so
-- the table is rebuilt with its rows and ids (nothing refers to it).
CREATE TABLE framework_sources_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('framework', 'ciso_assistant', 'ciso_mapping_set', 'crosswalk', 'rulepack')),
    -- What it defines: framework URN, crosswalk's framework URN, mapping-set
    -- library URN, or pack id.
    subject TEXT NOT NULL,
    version TEXT NOT NULL,
    file_name TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'superseded')),
    loaded_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    loaded_at BIGINT NOT NULL,
    -- The jurisdiction a CISO Assistant framework library was loaded for.
    jurisdiction TEXT,
    CONSTRAINT framework_sources_version_key UNIQUE (kind, subject, version)
);
INSERT INTO framework_sources_new (id, kind, subject, version, file_name, source, status, loaded_by, loaded_at)
    SELECT id, kind, subject, version, file_name, source, status, loaded_by, loaded_at FROM framework_sources;
DROP TABLE framework_sources;
ALTER TABLE framework_sources_new RENAME TO framework_sources;
