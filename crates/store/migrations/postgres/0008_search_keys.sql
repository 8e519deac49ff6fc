-- Search columns: the searched text lower-cased in Rust (Unicode, see
-- crates/store/src/search_key.rs), so that case-insensitive search gives the
-- same answer on SQLite and PostgreSQL. Written with every insert and update;
-- rows stored before this migration are filled by `Store::migrate` right
-- after it (SQL cannot lower-case Unicode the same way on both backends).
ALTER TABLE institutions ADD COLUMN name_key TEXT;
ALTER TABLE commons_repos ADD COLUMN path_key TEXT;
ALTER TABLE commons_repos ADD COLUMN title_key TEXT;
