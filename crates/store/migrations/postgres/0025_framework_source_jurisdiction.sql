-- Framework uploads: a CISO Assistant framework library is stored with the
-- jurisdiction chosen at upload (NULL for the other kinds, and for libraries
-- stored before this migration, which load as INTL as they did), and CISO
-- Assistant mapping-set libraries are a kind of their own
-- (`ciso_mapping_set`).
ALTER TABLE framework_sources ADD COLUMN jurisdiction TEXT;
ALTER TABLE framework_sources DROP CONSTRAINT framework_sources_kind_check;
ALTER TABLE framework_sources ADD CONSTRAINT framework_sources_kind_check
    CHECK (kind IN ('framework', 'ciso_assistant', 'ciso_mapping_set', 'crosswalk', 'rulepack'));
