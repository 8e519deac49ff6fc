-- Commons: repositories by the time they last changed, for the search index
-- of each process to find what other processes changed (and for the
-- "recently updated" order).
CREATE INDEX commons_repos_updated ON commons_repos (updated_at, id);
