//! Writes of the commons that take many rows at once: a repository
//! imported with its first commit, and a file removed from a repository's
//! whole history.

use std::collections::{BTreeMap, HashMap, HashSet};

use sqlx::Row;
use waico_commons::card::CardMetadata;
use waico_commons::repo::{Commit, FileEntry, RepoPath, Sha256, commit_digest, tree_digest};

use super::{
    NewRepo, REPO_COLUMNS, Repo, path_key, push_touch, refused, replace_tags_in, repo_from,
};
use crate::query::{Builder, finish};
use crate::search_key::search_key;
use crate::{Result, Store, StoreError, now_ms};

/// What the card of an imported repository's README says.
#[derive(Debug, Clone, Default)]
pub struct ImportedCard {
    pub metadata: CardMetadata,
    pub problems: serde_json::Value,
    pub title: String,
    pub summary: String,
}

/// What a purge changed: the commits rewritten (old id to new id), the
/// branch and tag heads before and after, the blob that no file holds any
/// more (its object is for the caller to delete).
#[derive(Debug, Clone, Default)]
pub struct Purged {
    pub rewritten: BTreeMap<String, String>,
    /// `(ref name, old commit, new commit)` of every ref that moved.
    pub moved: Vec<(String, String, String)>,
    /// The head of `main` before and after (when it has one).
    pub main: Option<(String, String)>,
    /// Blobs of the purged path no file of any repository holds now.
    pub orphaned: Vec<String>,
}

/// The most rows of one multi-row `INSERT` (PostgreSQL takes at most 65535
/// bound values; SQLite 32766).
const ROWS_PER_INSERT: usize = 1000;

async fn insert_files(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    repo: i64,
    commit: &str,
    files: &[FileEntry],
) -> Result<()> {
    for chunk in files.chunks(ROWS_PER_INSERT) {
        let mut insert = Builder::new(
            "INSERT INTO commons_commit_files (repo_id, commit_id, path, size, sha256) ",
        );
        insert.push_values(chunk, |mut row, f| {
            row.push_bind(repo)
                .push_bind(commit.to_owned())
                .push_bind(f.path.as_str().to_owned())
                .push_bind(f.size as i64)
                .push_bind(f.sha256.as_str().to_owned());
        });
        insert.push(" ON CONFLICT (repo_id, commit_id, path) DO NOTHING");
        let (sql, arguments) = finish(&mut insert)?;
        sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
    }
    Ok(())
}

/// The writes of one imported repository inside `tx` (see
/// [`Store::import_repo`]).
async fn import_repo_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    new: &NewRepo,
    commit: &Commit,
    card: &ImportedCard,
    now: i64,
) -> Result<Repo> {
    let row = sqlx::query(&format!(
        "INSERT INTO commons_repos (kind, owner, name, owner_kind, visibility, created_by, created_at, updated_at, \
         path_key, title_key, card_metadata, card_problems, title, summary) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $12, $13) RETURNING {REPO_COLUMNS}"
    ))
    .bind(new.kind.as_str())
    .bind(new.repo.owner())
    .bind(new.repo.name())
    .bind(new.owner_kind.slug())
    .bind(new.visibility.as_str())
    .bind(new.created_by)
    .bind(now)
    .bind(path_key(&new.repo))
    .bind(search_key(&card.title))
    .bind(serde_json::to_string(&card.metadata).map_err(refused)?)
    .bind(card.problems.to_string())
    .bind(card.title.clone())
    .bind(card.summary.clone())
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| match StoreError::from_write(e) {
        StoreError::Conflict { .. } => StoreError::Conflict { field: "name" },
        other => other,
    })?;
    let repo = repo_from(&row)?;
    let mut blobs: Vec<(&str, u64)> = commit
        .files
        .iter()
        .map(|f| (f.sha256.as_str(), f.size))
        .collect();
    blobs.sort_unstable();
    blobs.dedup();
    for chunk in blobs.chunks(ROWS_PER_INSERT) {
        let mut insert =
            Builder::new("INSERT INTO commons_blobs (sha256, size, created_at, last_seen) ");
        insert.push_values(chunk, |mut row, (sha, size)| {
            row.push_bind((*sha).to_owned())
                .push_bind(*size as i64)
                .push_bind(now)
                .push_bind(now);
        });
        insert.push(
            " ON CONFLICT (sha256) DO UPDATE SET last_seen = excluded.last_seen \
             WHERE commons_blobs.collecting = 0",
        );
        let (sql, arguments) = finish(&mut insert)?;
        let done = sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
        if done.rows_affected() != chunk.len() as u64 {
            return Err(StoreError::Refused(
                "a file of this repository is being removed as an uncommitted upload; \
                 import it again in a moment"
                    .into(),
            ));
        }
    }
    sqlx::query(
        "INSERT INTO commons_commits (repo_id, id, short_id, parent, tree, author, message, time, branch) \
         VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, 'main')",
    )
    .bind(repo.id)
    .bind(commit.id.as_str().to_owned())
    .bind(commit.id.as_str()[..40].to_owned())
    .bind(commit.tree.as_str().to_owned())
    .bind(commit.author.clone())
    .bind(commit.message.clone())
    .bind(commit.time)
    .execute(&mut **tx)
    .await?;
    insert_files(tx, repo.id, commit.id.as_str(), &commit.files).await?;
    sqlx::query(
        "INSERT INTO commons_refs (repo_id, name, kind, commit_id, updated_at) VALUES ($1, 'main', 'branch', $2, $3)",
    )
    .bind(repo.id)
    .bind(commit.id.as_str().to_owned())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let tags = card.metadata.hub_tags(new.kind);
    if !tags.is_empty() {
        replace_tags_in(tx, repo.id, &tags).await?;
    }
    Ok(repo)
}

impl Store {
    /// Creates a repository with `commit` (a first commit) as the head of
    /// its `main` branch, the blobs its files name (already in the
    /// artifact store) and its card, in one transaction: all of it or
    /// nothing. A name taken (ignoring case) is `Conflict` on `name`; a
    /// blob being collected is `Refused`.
    pub async fn import_repo(
        &self,
        new: &NewRepo,
        commit: &Commit,
        card: &ImportedCard,
    ) -> Result<Repo> {
        let mut tx = self.write_tx().await?;
        let repo = import_repo_in(&mut tx, new, commit, card, now_ms()).await?;
        tx.commit().await?;
        Ok(repo)
    }

    /// Imports several repositories as [`Store::import_repo`] does, in one
    /// transaction (one disk sync for them all) where each has a savepoint
    /// of its own: one that fails is rolled back alone and answered with
    /// its error, in the order given, and the others are kept.
    pub async fn import_repos(
        &self,
        items: &[(&NewRepo, &Commit, &ImportedCard)],
    ) -> Result<Vec<Result<Repo>>> {
        let now = now_ms();
        let mut tx = self.write_tx().await?;
        let mut out = Vec::with_capacity(items.len());
        for (new, commit, card) in items {
            let mut one = sqlx::Acquire::begin(&mut tx).await?;
            match import_repo_in(&mut one, new, commit, card, now).await {
                Ok(repo) => {
                    one.commit().await?;
                    out.push(Ok(repo));
                }
                Err(e) => {
                    one.rollback().await?;
                    out.push(Err(e));
                }
            }
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Removes `path` from every commit of `repo`: each commit that held
    /// it, and each descendant of one, is rewritten (new tree, new id, the
    /// rewritten parent); branches and tags move to the rewritten commits;
    /// the old commits are deleted; the blobs of the path that no file of
    /// any repository holds any more are forgotten; and `record` (made by
    /// `record_of` from the result) is appended to the ledger — all in one
    /// transaction. `NotFound` when no commit holds the path.
    pub async fn purge_path<F>(&self, repo: i64, path: &RepoPath, record_of: F) -> Result<Purged>
    where
        F: FnOnce(&Purged) -> Result<crate::ledger::NewEntry>,
    {
        let mut tx = self.write_tx().await?;
        // Every commit of the repository with its files.
        let rows = sqlx::query(
            "SELECT id, parent, tree, author, message, time, branch FROM commons_commits WHERE repo_id = $1",
        )
        .bind(repo)
        .fetch_all(&mut *tx)
        .await?;
        struct Row0 {
            parent: Option<String>,
            author: String,
            message: String,
            time: i64,
            branch: String,
        }
        let mut commits: HashMap<String, Row0> = HashMap::new();
        for r in &rows {
            commits.insert(
                r.try_get("id")?,
                Row0 {
                    parent: r.try_get("parent")?,
                    author: r.try_get("author")?,
                    message: r.try_get("message")?,
                    time: r.try_get("time")?,
                    branch: r.try_get("branch")?,
                },
            );
        }
        let holders: HashSet<String> = sqlx::query_scalar(
            "SELECT commit_id FROM commons_commit_files WHERE repo_id = $1 AND path = $2",
        )
        .bind(repo)
        .bind(path.as_str().to_owned())
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
        if holders.is_empty() {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let shas: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT sha256 FROM commons_commit_files WHERE repo_id = $1 AND path = $2",
        )
        .bind(repo)
        .bind(path.as_str().to_owned())
        .fetch_all(&mut *tx)
        .await?;
        // Parents first: a commit is rewritten when it holds the path or
        // its parent was rewritten.
        let mut order: Vec<String> = Vec::with_capacity(commits.len());
        let mut placed: HashSet<String> = HashSet::new();
        for start in commits.keys() {
            let mut chain = Vec::new();
            let mut at = Some(start.clone());
            while let Some(id) = at {
                if placed.contains(&id) || !commits.contains_key(&id) {
                    break;
                }
                at = commits[&id].parent.clone();
                chain.push(id);
            }
            for id in chain.into_iter().rev() {
                placed.insert(id.clone());
                order.push(id);
            }
        }
        let mut purged = Purged::default();
        for id in &order {
            let c = &commits[id];
            let new_parent = c.parent.as_ref().map(|p| {
                purged
                    .rewritten
                    .get(p)
                    .cloned()
                    .unwrap_or_else(|| p.clone())
            });
            if !holders.contains(id) && new_parent == c.parent {
                continue;
            }
            let files: Vec<FileEntry> = sqlx::query(
                "SELECT path, size, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $2 ORDER BY path",
            )
            .bind(repo)
            .bind(id.clone())
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| {
                let p: String = r.try_get("path")?;
                let size: i64 = r.try_get("size")?;
                let sha: String = r.try_get("sha256")?;
                Ok(FileEntry {
                    path: RepoPath::parse(&p).map_err(refused)?,
                    size: size as u64,
                    sha256: Sha256::parse(&sha).map_err(refused)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            let mut files: Vec<FileEntry> = files.into_iter().filter(|f| f.path != *path).collect();
            files.sort_by(|a, b| a.path.cmp(&b.path));
            let tree = tree_digest(&files);
            let parent_sha = new_parent
                .as_deref()
                .map(Sha256::parse)
                .transpose()
                .map_err(refused)?;
            let new_id = commit_digest(parent_sha.as_ref(), &tree, &c.author, &c.message, c.time);
            sqlx::query(
                "INSERT INTO commons_commits (repo_id, id, short_id, parent, tree, author, message, time, branch) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (repo_id, id) DO NOTHING",
            )
            .bind(repo)
            .bind(new_id.as_str().to_owned())
            .bind(new_id.as_str()[..40].to_owned())
            .bind(new_parent.clone())
            .bind(tree.as_str().to_owned())
            .bind(c.author.clone())
            .bind(c.message.clone())
            .bind(c.time)
            .bind(c.branch.clone())
            .execute(&mut *tx)
            .await?;
            insert_files(&mut tx, repo, new_id.as_str(), &files).await?;
            purged
                .rewritten
                .insert(id.clone(), new_id.as_str().to_owned());
        }
        // Refs move to the rewritten commits.
        let refs = sqlx::query("SELECT name, commit_id FROM commons_refs WHERE repo_id = $1")
            .bind(repo)
            .fetch_all(&mut *tx)
            .await?;
        let now = now_ms();
        for r in &refs {
            let name: String = r.try_get("name")?;
            let old: String = r.try_get("commit_id")?;
            if let Some(new) = purged.rewritten.get(&old) {
                sqlx::query(
                    "UPDATE commons_refs SET commit_id = $1, updated_at = $2 WHERE repo_id = $3 AND name = $4",
                )
                .bind(new.clone())
                .bind(now)
                .bind(repo)
                .bind(name.clone())
                .execute(&mut *tx)
                .await?;
                if name == "main" {
                    purged.main = Some((old.clone(), new.clone()));
                }
                purged.moved.push((name, old, new.clone()));
            }
        }
        // The old commits go, their file lists first.
        let old: Vec<&String> = purged.rewritten.keys().collect();
        for chunk in old.chunks(ROWS_PER_INSERT) {
            for table in ["commons_commit_files", "commons_commits"] {
                let column = if table == "commons_commits" {
                    "id"
                } else {
                    "commit_id"
                };
                let mut delete = Builder::new(format!("DELETE FROM {table} WHERE repo_id = "));
                delete.push_bind(repo).push(format!(" AND {column} IN ("));
                let mut list = delete.separated(", ");
                for id in chunk {
                    list.push_bind((*id).clone());
                }
                delete.push(")");
                let (sql, arguments) = finish(&mut delete)?;
                sqlx::query_with(&sql, arguments).execute(&mut *tx).await?;
            }
        }
        for sha in shas {
            let held: Option<String> = sqlx::query_scalar(
                "SELECT sha256 FROM commons_commit_files WHERE sha256 = $1 LIMIT 1",
            )
            .bind(sha.clone())
            .fetch_optional(&mut *tx)
            .await?;
            if held.is_none() {
                sqlx::query("DELETE FROM commons_blobs WHERE sha256 = $1")
                    .bind(sha.clone())
                    .execute(&mut *tx)
                    .await?;
                purged.orphaned.push(sha);
            }
        }
        let mut update = Builder::new("UPDATE commons_repos SET ");
        push_touch(&mut update, now);
        update.push(" WHERE id = ").push_bind(repo);
        let (sql, arguments) = finish(&mut update)?;
        sqlx::query_with(&sql, arguments).execute(&mut *tx).await?;
        let record = record_of(&purged)?;
        crate::ledger::append_in(&mut tx, &[record], None).await?;
        tx.commit().await?;
        Ok(purged)
    }
}
