-- Repository names are unique ignoring case: `Tiny-Bert` and `tiny-bert`
-- of one owner cannot both exist (path_key is `owner/name` lower-cased in
-- Rust, see crates/store/src/search_key.rs).
CREATE UNIQUE INDEX commons_repos_kind_path_key ON commons_repos (kind, path_key);
