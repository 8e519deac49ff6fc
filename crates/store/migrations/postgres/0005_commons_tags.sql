-- Commons: the hub tags of each repository (card tags, task, library,
-- languages, `license:…`, `dataset:…`), one row each, for the Hugging Face
-- `filter=` parameter. Rewritten with the card; filled for existing
-- repositories by the store after migrating.
CREATE TABLE commons_repo_tags (
    repo_id BIGINT NOT NULL REFERENCES commons_repos (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (repo_id, tag)
);
CREATE INDEX commons_repo_tags_tag ON commons_repo_tags (tag, repo_id);
