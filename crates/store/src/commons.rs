//! Stored commons repositories: their records, immutable commits with file
//! lists, branches and tags (moved by compare-and-swap), the blobs the
//! artifact store holds, gated access requests and daily download counts.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use waico_commons::repo::{
    Commit, FileEntry, RepoId, RepoKind, RepoPath, Revision, Sha256, Visibility,
};

use crate::query::{Builder, finish};
use crate::search_key::{push_contains, search_key};
use crate::{Result, Store, StoreError, now_ms};

mod bulk;
pub use bulk::{ImportedCard, Purged};

/// Who owns a repository namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerKind {
    State,
    Institution,
    Person,
}

impl OwnerKind {
    pub fn slug(self) -> &'static str {
        match self {
            OwnerKind::State => "state",
            OwnerKind::Institution => "institution",
            OwnerKind::Person => "person",
        }
    }

    pub fn parse(s: &str) -> Option<OwnerKind> {
        Some(match s {
            "state" => OwnerKind::State,
            "institution" => OwnerKind::Institution,
            "person" => OwnerKind::Person,
            _ => return None,
        })
    }
}

/// A repository as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Repo {
    pub id: i64,
    pub kind: RepoKind,
    pub repo: RepoId,
    pub owner_kind: OwnerKind,
    pub visibility: Visibility,
    pub created_by: i64,
    /// The card's metadata (`CardMetadata` as JSON).
    pub card_metadata: serde_json::Value,
    /// The card's problems (list of `CardProblem` as JSON).
    pub card_problems: serde_json::Value,
    pub title: String,
    pub summary: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub downloads: i64,
}

#[derive(Debug, Clone)]
pub struct NewRepo {
    pub kind: RepoKind,
    pub repo: RepoId,
    pub owner_kind: OwnerKind,
    pub visibility: Visibility,
    pub created_by: i64,
}

/// A commit row without its files.
#[derive(Debug, Clone, Serialize)]
pub struct CommitInfo {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub message: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    pub branch: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefInfo {
    pub name: String,
    /// `branch` or `tag`.
    pub kind: String,
    pub commit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessStatus {
    Pending,
    Approved,
    Rejected,
}

impl AccessStatus {
    pub fn slug(self) -> &'static str {
        match self {
            AccessStatus::Pending => "pending",
            AccessStatus::Approved => "approved",
            AccessStatus::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> AccessStatus {
        match s {
            "approved" => AccessStatus::Approved,
            "rejected" => AccessStatus::Rejected,
            _ => AccessStatus::Pending,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessRequest {
    pub user_id: i64,
    pub username: String,
    pub reason: String,
    pub status: AccessStatus,
    pub requested_at: i64,
    pub decided_by: Option<i64>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<i64>,
}

/// Which repositories to list.
#[derive(Debug, Clone, Default)]
pub struct RepoFilter {
    pub kind: Option<RepoKind>,
    pub owner: Option<String>,
    /// Case-insensitive substring of `owner/name` or the title.
    pub query: Option<String>,
    /// Every one of these hub tags (see `CardMetadata::hub_tags`).
    pub tags: Vec<String>,
    /// Leave out members-only repositories (for the public).
    pub public_only: bool,
    /// Only gated (`Some(true)`) or only not gated (`Some(false)`).
    pub gated: Option<bool>,
    /// Order: `recent` (updated), `downloads`, `created`.
    pub order: RepoOrder,
    pub limit: i64,
    pub offset: i64,
}

/// What the store says of a blob when asked whether it holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobLease {
    /// Stored, of this size; its lease was renewed.
    Held(u64),
    /// Being deleted by the collector of uncommitted uploads.
    Collecting,
    Absent,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RepoOrder {
    #[default]
    Recent,
    Downloads,
    Created,
}

/// A repository as the search index follows it: which one, and when it last
/// changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoChange {
    pub id: i64,
    pub kind: RepoKind,
    pub repo: RepoId,
    pub updated_at: i64,
}

/// The most changes [`Store::repos_changed_since`] returns at once.
pub const MAX_CHANGES_PAGE: i64 = 1000;

/// Pushes the assignment that marks a repository changed: `updated_at`
/// becomes `now`, or one more than its old value if that is not earlier, so
/// that every write gives a new value (writers' clocks may differ slightly).
fn push_touch(builder: &mut Builder<'_>, now: i64) {
    builder
        .push("updated_at = CASE WHEN updated_at >= ")
        .push_bind(now)
        .push(" THEN updated_at + 1 ELSE ")
        .push_bind(now)
        .push(" END");
}

/// The search column of a repository's `owner/name`.
fn path_key(repo: &RepoId) -> String {
    search_key(&format!("{}/{}", repo.owner(), repo.name()))
}

const REPO_COLUMNS: &str = "id, kind, owner, name, owner_kind, visibility, created_by, card_metadata, card_problems, title, summary, created_at, updated_at, downloads";

fn refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Refused(e.to_string())
}

fn repo_from(row: &AnyRow) -> Result<Repo> {
    let kind: String = row.try_get("kind")?;
    let owner: String = row.try_get("owner")?;
    let name: String = row.try_get("name")?;
    let owner_kind: String = row.try_get("owner_kind")?;
    let visibility: String = row.try_get("visibility")?;
    let meta: String = row.try_get("card_metadata")?;
    let problems: String = row.try_get("card_problems")?;
    Ok(Repo {
        id: row.try_get("id")?,
        kind: kind.parse().map_err(refused)?,
        repo: RepoId::new(&owner, &name).map_err(refused)?,
        owner_kind: OwnerKind::parse(&owner_kind).ok_or_else(|| refused("owner kind"))?,
        visibility: visibility.parse().map_err(refused)?,
        created_by: row.try_get("created_by")?,
        card_metadata: serde_json::from_str(&meta).unwrap_or_default(),
        card_problems: serde_json::from_str(&problems).unwrap_or_default(),
        title: row.try_get("title")?,
        summary: row.try_get("summary")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        downloads: row.try_get("downloads")?,
    })
}

fn commit_info_from(row: &AnyRow) -> Result<CommitInfo> {
    Ok(CommitInfo {
        id: row.try_get("id")?,
        parent: row.try_get("parent")?,
        author: row.try_get("author")?,
        message: row.try_get("message")?,
        time: row.try_get("time")?,
        branch: row.try_get("branch")?,
    })
}

fn access_from(row: &AnyRow) -> Result<AccessRequest> {
    let status: String = row.try_get("status")?;
    Ok(AccessRequest {
        user_id: row.try_get("user_id")?,
        username: row.try_get("username")?,
        reason: row.try_get("reason")?,
        status: AccessStatus::parse(&status),
        requested_at: row.try_get("requested_at")?,
        decided_by: row.try_get("decided_by")?,
        decision_reason: row.try_get("decision_reason")?,
        decided_at: row.try_get("decided_at")?,
    })
}

/// ` WHERE …` for the repositories `filter` names (nothing when it names none).
fn push_repo_conditions(builder: &mut Builder<'_>, filter: &RepoFilter) {
    let mut and = " WHERE ";
    let mut next = |builder: &mut Builder<'_>| {
        builder.push(and);
        and = " AND ";
    };
    if let Some(kind) = filter.kind {
        next(builder);
        builder.push("kind = ").push_bind(kind.as_str());
    }
    if let Some(owner) = &filter.owner {
        next(builder);
        builder.push("owner = ").push_bind(owner.clone());
    }
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        next(builder);
        builder.push("(");
        push_contains(builder, "path_key", q);
        builder.push(" OR ");
        push_contains(builder, "title_key", q);
        builder.push(")");
    }
    for tag in &filter.tags {
        next(builder);
        builder
            .push("id IN (SELECT repo_id FROM commons_repo_tags WHERE tag = ")
            .push_bind(tag.clone())
            .push(")");
    }
    if filter.public_only {
        next(builder);
        builder.push("visibility <> 'members_only'");
    }
    match filter.gated {
        Some(true) => {
            next(builder);
            builder.push("visibility = 'gated'");
        }
        Some(false) => {
            next(builder);
            builder.push("visibility <> 'gated'");
        }
        None => {}
    }
}

impl Store {
    pub async fn create_repo(&self, new: &NewRepo) -> Result<Repo> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "INSERT INTO commons_repos (kind, owner, name, owner_kind, visibility, created_by, created_at, updated_at, path_key, title_key) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '') RETURNING {REPO_COLUMNS}"
        ))
        .bind(new.kind.as_str())
        .bind(new.repo.owner())
        .bind(new.repo.name())
        .bind(new.owner_kind.slug())
        .bind(new.visibility.as_str())
        .bind(new.created_by)
        .bind(now)
        .bind(now)
        .bind(path_key(&new.repo))
        .fetch_one(&self.pool)
        .await
        // The same name in another case is taken too (migration 0013).
        .map_err(|e| match StoreError::from_write(e) {
            StoreError::Conflict { .. } => StoreError::Conflict { field: "name" },
            other => other,
        })?;
        repo_from(&row)
    }

    pub async fn repo(&self, kind: RepoKind, id: &RepoId) -> Result<Repo> {
        let row = sqlx::query(&format!(
            "SELECT {REPO_COLUMNS} FROM commons_repos WHERE kind = $1 AND owner = $2 AND name = $3"
        ))
        .bind(kind.as_str())
        .bind(id.owner())
        .bind(id.name())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        repo_from(&row)
    }

    /// Changes who may see a repository (and marks it changed).
    pub async fn set_repo_visibility(&self, repo: i64, visibility: Visibility) -> Result<()> {
        let mut update = Builder::new("UPDATE commons_repos SET visibility = ");
        update.push_bind(visibility.as_str()).push(", ");
        push_touch(&mut update, now_ms());
        update.push(" WHERE id = ").push_bind(repo);
        let (sql, arguments) = finish(&mut update)?;
        let done = sqlx::query_with(&sql, arguments)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Repositories whose `updated_at` is at or after `since` (Unix ms),
    /// oldest change first (then by id), at most `limit` (1 to
    /// [`MAX_CHANGES_PAGE`]). The next page starts `after` the last change
    /// of the one before. Every write that changes what the search index
    /// shows of a repository moves its `updated_at` (download counts do not).
    pub async fn repos_changed_since(
        &self,
        since: i64,
        after: Option<&RepoChange>,
        limit: i64,
    ) -> Result<Vec<RepoChange>> {
        let (after_time, after_id) = after.map_or((since, i64::MIN), |c| (c.updated_at, c.id));
        let rows = sqlx::query(
            "SELECT id, kind, owner, name, updated_at FROM commons_repos \
             WHERE updated_at >= $1 AND (updated_at > $2 OR (updated_at = $2 AND id > $3)) \
             ORDER BY updated_at, id LIMIT $4",
        )
        .bind(since)
        .bind(after_time)
        .bind(after_id)
        .bind(limit.clamp(1, MAX_CHANGES_PAGE))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                let owner: String = row.try_get("owner")?;
                let name: String = row.try_get("name")?;
                Ok(RepoChange {
                    id: row.try_get("id")?,
                    kind: kind.parse().map_err(refused)?,
                    repo: RepoId::new(&owner, &name).map_err(refused)?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Stores what the card of the newest commit says, and the hub tags
    /// its metadata gives (replacing the old ones) in one transaction; the
    /// repository is marked changed.
    pub async fn set_repo_card(
        &self,
        repo: i64,
        metadata: &waico_commons::card::CardMetadata,
        problems: &serde_json::Value,
        title: &str,
        summary: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let mut update = Builder::new("UPDATE commons_repos SET card_metadata = ");
        update
            .push_bind(serde_json::to_string(metadata).map_err(refused)?)
            .push(", card_problems = ")
            .push_bind(problems.to_string())
            .push(", title = ")
            .push_bind(title.to_owned())
            .push(", title_key = ")
            .push_bind(search_key(title))
            .push(", summary = ")
            .push_bind(summary.to_owned())
            .push(", ");
        push_touch(&mut update, now_ms());
        update
            .push(" WHERE id = ")
            .push_bind(repo)
            .push(" RETURNING kind");
        let (sql, arguments) = finish(&mut update)?;
        let kind: String = sqlx::query_scalar_with(&sql, arguments)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let kind: RepoKind = kind.parse().map_err(refused)?;
        replace_tags_in(&mut tx, repo, &metadata.hub_tags(kind)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Fills the hub tags of repositories stored before tags were kept
    /// (the tag table is empty while some card has metadata).
    pub(crate) async fn backfill_repo_tags(&self) -> Result<()> {
        let have_tags: Option<i64> =
            sqlx::query_scalar("SELECT repo_id FROM commons_repo_tags LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        if have_tags.is_some() {
            return Ok(());
        }
        let rows = sqlx::query(
            "SELECT id, kind, card_metadata FROM commons_repos WHERE card_metadata <> '{}'",
        )
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for row in &rows {
            let kind: String = row.try_get("kind")?;
            let meta: String = row.try_get("card_metadata")?;
            let meta: waico_commons::card::CardMetadata =
                serde_json::from_str(&meta).unwrap_or_default();
            let kind: RepoKind = kind.parse().map_err(refused)?;
            replace_tags_in(&mut tx, row.try_get("id")?, &meta.hub_tags(kind)).await?;
        }
        tx.commit().await?;
        tracing::info!(
            repos = rows.len(),
            "hub tags filled in for stored repositories"
        );
        Ok(())
    }

    /// One page of repositories and the total.
    pub async fn list_repos(&self, filter: &RepoFilter) -> Result<(Vec<Repo>, i64)> {
        let mut count = Builder::new("SELECT COUNT(*) FROM commons_repos");
        push_repo_conditions(&mut count, filter);
        let (sql, arguments) = finish(&mut count)?;
        let total: i64 = sqlx::query_scalar_with(&sql, arguments)
            .fetch_one(&self.pool)
            .await?;
        let order = match filter.order {
            RepoOrder::Recent => "updated_at DESC, id DESC",
            RepoOrder::Downloads => "downloads DESC, id DESC",
            RepoOrder::Created => "created_at DESC, id DESC",
        };
        let mut page = Builder::new(format!("SELECT {REPO_COLUMNS} FROM commons_repos"));
        push_repo_conditions(&mut page, filter);
        page.push(format!(" ORDER BY {order} LIMIT "))
            .push_bind(filter.limit.max(0))
            .push(" OFFSET ")
            .push_bind(filter.offset.max(0));
        let (sql, arguments) = finish(&mut page)?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(&self.pool)
            .await?;
        Ok((rows.iter().map(repo_from).collect::<Result<_>>()?, total))
    }

    /// Repositories that the search index holds: all of them (members-only
    /// ones are indexed with a flag, and searched only for those who may
    /// read them).
    pub async fn count_indexable_repos(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM commons_repos")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The commit a revision names: a branch or tag, a full id or a
    /// 40-digit prefix.
    pub async fn resolve_revision(&self, repo: i64, rev: &Revision) -> Result<Option<String>> {
        let row = match rev {
            Revision::Named(name) => {
                sqlx::query(
                    "SELECT commit_id AS id FROM commons_refs WHERE repo_id = $1 AND name = $2",
                )
                .bind(repo)
                .bind(name.clone())
                .fetch_optional(&self.pool)
                .await?
            }
            Revision::Commit(hex) if hex.len() == 64 => {
                sqlx::query("SELECT id FROM commons_commits WHERE repo_id = $1 AND id = $2")
                    .bind(repo)
                    .bind(hex.clone())
                    .fetch_optional(&self.pool)
                    .await?
            }
            Revision::Commit(hex) => {
                sqlx::query("SELECT id FROM commons_commits WHERE repo_id = $1 AND short_id = $2")
                    .bind(repo)
                    .bind(hex[..40.min(hex.len())].to_owned())
                    .fetch_optional(&self.pool)
                    .await?
            }
        };
        Ok(row.map(|r| r.try_get("id")).transpose()?)
    }

    pub async fn commit_info(&self, repo: i64, id: &str) -> Result<CommitInfo> {
        let row = sqlx::query(
            "SELECT id, parent, author, message, time, branch FROM commons_commits WHERE repo_id = $1 AND id = $2",
        )
        .bind(repo)
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        commit_info_from(&row)
    }

    /// The files of a commit, sorted by path.
    pub async fn commit_files(&self, repo: i64, id: &str) -> Result<Vec<FileEntry>> {
        let rows = sqlx::query(
            "SELECT path, size, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $2 ORDER BY path",
        )
        .bind(repo)
        .bind(id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let path: String = r.try_get("path")?;
                let size: i64 = r.try_get("size")?;
                let sha: String = r.try_get("sha256")?;
                Ok(FileEntry {
                    path: RepoPath::parse(&path).map_err(refused)?,
                    size: size as u64,
                    sha256: Sha256::parse(&sha).map_err(refused)?,
                })
            })
            .collect()
    }

    /// A whole commit (for building the next one on top of it).
    pub async fn commit(&self, repo: i64, id: &str) -> Result<Commit> {
        let info = self.commit_info(repo, id).await?;
        let tree: String =
            sqlx::query_scalar("SELECT tree FROM commons_commits WHERE repo_id = $1 AND id = $2")
                .bind(repo)
                .bind(id.to_owned())
                .fetch_one(&self.pool)
                .await?;
        Ok(Commit {
            id: Sha256::parse(&info.id).map_err(refused)?,
            parent: info
                .parent
                .as_deref()
                .map(Sha256::parse)
                .transpose()
                .map_err(refused)?,
            tree: Sha256::parse(&tree).map_err(refused)?,
            author: info.author,
            message: info.message,
            time: info.time,
            files: self.commit_files(repo, id).await?,
        })
    }

    /// The head commit of a branch.
    pub async fn branch_head(&self, repo: i64, branch: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT commit_id FROM commons_refs WHERE repo_id = $1 AND name = $2 AND kind = 'branch'",
        )
        .bind(repo)
        .bind(branch.to_owned())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Appends `commit` to `branch` if the branch head is still the commit's
    /// parent (compare-and-swap in one transaction); otherwise nothing is
    /// written and `Conflict { field: "parent" }` is returned.
    pub async fn push_commit(&self, repo: i64, branch: &str, commit: &Commit) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        // The ref write comes first so that SQLite takes its write lock
        // before anything is read.
        let moved = match &commit.parent {
            Some(parent) => sqlx::query(
                "UPDATE commons_refs SET commit_id = $1, updated_at = $2 \
                 WHERE repo_id = $3 AND name = $4 AND kind = 'branch' AND commit_id = $5",
            )
            .bind(commit.id.as_str().to_owned())
            .bind(now)
            .bind(repo)
            .bind(branch.to_owned())
            .bind(parent.as_str().to_owned())
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            None => sqlx::query(
                "INSERT INTO commons_refs (repo_id, name, kind, commit_id, updated_at) \
                 VALUES ($1, $2, 'branch', $3, $4) ON CONFLICT (repo_id, name) DO NOTHING",
            )
            .bind(repo)
            .bind(branch.to_owned())
            .bind(commit.id.as_str().to_owned())
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        };
        if moved != 1 {
            tx.rollback().await?;
            return Err(StoreError::Conflict { field: "parent" });
        }
        sqlx::query(
            "INSERT INTO commons_commits (repo_id, id, short_id, parent, tree, author, message, time, branch) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (repo_id, id) DO NOTHING",
        )
        .bind(repo)
        .bind(commit.id.as_str().to_owned())
        .bind(commit.id.as_str()[..40].to_owned())
        .bind(commit.parent.as_ref().map(|p| p.as_str().to_owned()))
        .bind(commit.tree.as_str().to_owned())
        .bind(commit.author.clone())
        .bind(commit.message.clone())
        .bind(commit.time)
        .bind(branch.to_owned())
        .execute(&mut *tx)
        .await?;
        // Every blob the commit names must still be stored and not being
        // collected; renewing its lease here, in the commit's transaction,
        // keeps the collector off it until the commit holds it.
        let mut shas: Vec<&str> = commit.files.iter().map(|f| f.sha256.as_str()).collect();
        shas.sort_unstable();
        shas.dedup();
        for chunk in shas.chunks(500) {
            let mut renew = Builder::new("UPDATE commons_blobs SET last_seen = ");
            renew
                .push_bind(now)
                .push(" WHERE collecting = 0 AND sha256 IN (");
            let mut list = renew.separated(", ");
            for sha in chunk {
                list.push_bind((*sha).to_owned());
            }
            renew.push(")");
            let (sql, arguments) = finish(&mut renew)?;
            let touch = sqlx::query_with(&sql, arguments);
            if touch.execute(&mut *tx).await?.rows_affected() != chunk.len() as u64 {
                tx.rollback().await?;
                return Err(StoreError::Refused(
                    "a file of this commit is no longer stored (it was collected as an \
                     uncommitted upload); upload it again and retry"
                        .into(),
                ));
            }
        }
        for f in &commit.files {
            sqlx::query(
                "INSERT INTO commons_commit_files (repo_id, commit_id, path, size, sha256) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (repo_id, commit_id, path) DO NOTHING",
            )
            .bind(repo)
            .bind(commit.id.as_str().to_owned())
            .bind(f.path.as_str().to_owned())
            .bind(f.size as i64)
            .bind(f.sha256.as_str().to_owned())
            .execute(&mut *tx)
            .await?;
        }
        let mut update = Builder::new("UPDATE commons_repos SET ");
        push_touch(&mut update, now);
        update.push(" WHERE id = ").push_bind(repo);
        let (sql, arguments) = finish(&mut update)?;
        sqlx::query_with(&sql, arguments).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Commits reachable from `from`, newest first, following parents.
    pub async fn history(&self, repo: i64, from: &str, limit: usize) -> Result<Vec<CommitInfo>> {
        let mut out = Vec::new();
        let mut next = Some(from.to_owned());
        while let Some(id) = next {
            if out.len() >= limit {
                break;
            }
            let info = self.commit_info(repo, &id).await?;
            next = info.parent.clone();
            out.push(info);
        }
        Ok(out)
    }

    /// How many paths differ between commit `id` and `parent` (added,
    /// removed or with other bytes); every file of a first commit counts.
    /// One query over the two file lists.
    pub async fn files_changed(&self, repo: i64, id: &str, parent: Option<&str>) -> Result<i64> {
        // The symmetric difference of the (path, sha256) pairs: a changed
        // path appears twice (old and new bytes) and is counted once.
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT path) FROM ( \
               SELECT path FROM (SELECT path, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $2 \
                 EXCEPT SELECT path, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $3) AS added \
               UNION ALL \
               SELECT path FROM (SELECT path, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $3 \
                 EXCEPT SELECT path, sha256 FROM commons_commit_files WHERE repo_id = $1 AND commit_id = $2) AS removed \
             ) AS changed",
        )
        .bind(repo)
        .bind(id.to_owned())
        .bind(parent.unwrap_or("").to_owned())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Creates a tag, and appends `record` (a release) to the ledger in the
    /// same transaction. Tags never move: a name already taken by a branch,
    /// or by a tag of another commit, is a conflict on `name`; the same tag
    /// again is a no-op (a client's retry) and records nothing.
    /// The repository's `updated_at` stays: nothing the search index or the
    /// listings show depends on tags.
    pub async fn set_tag(
        &self,
        repo: i64,
        name: &str,
        commit: &str,
        record: Option<crate::ledger::NewEntry>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "INSERT INTO commons_refs (repo_id, name, kind, commit_id, updated_at) VALUES ($1, $2, 'tag', $3, $4) \
             ON CONFLICT (repo_id, name) DO NOTHING",
        )
        .bind(repo)
        .bind(name.to_owned())
        .bind(commit.to_owned())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let held = sqlx::query(
                "SELECT kind, commit_id FROM commons_refs WHERE repo_id = $1 AND name = $2",
            )
            .bind(repo)
            .bind(name.to_owned())
            .fetch_one(&mut *tx)
            .await?;
            let (kind, at): (String, String) = (held.try_get("kind")?, held.try_get("commit_id")?);
            return if kind == "tag" && at == commit {
                Ok(())
            } else {
                Err(StoreError::Conflict { field: "name" })
            };
        }
        if let Some(entry) = record {
            crate::ledger::append_in(&mut tx, &[entry], None).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes a repository with its commits, file lists, refs, access
    /// requests, download counts and tags, in one transaction. Blobs stay
    /// (other repositories may hold the same bytes); those no commit holds
    /// any more are collected by `waico admin gc-blobs`.
    pub async fn delete_repo(&self, repo: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        // Children first, so that the deletion does not depend on the
        // backend enforcing `ON DELETE CASCADE`.
        for table in [
            "commons_commit_files",
            "commons_refs",
            "commons_access",
            "commons_downloads",
            "commons_repo_tags",
            "commons_commits",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE repo_id = $1"))
                .bind(repo)
                .execute(&mut *tx)
                .await?;
        }
        let gone = sqlx::query("DELETE FROM commons_repos WHERE id = $1")
            .bind(repo)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone != 1 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    /// Creates the branch `name` at `commit` (a commit of this repository).
    /// A name already taken by a branch or a tag is a conflict on `branch`,
    /// except the same branch at the same commit (a client's retry).
    pub async fn create_branch(&self, repo: i64, name: &str, commit: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "INSERT INTO commons_refs (repo_id, name, kind, commit_id, updated_at) VALUES ($1, $2, 'branch', $3, $4) \
             ON CONFLICT (repo_id, name) DO NOTHING",
        )
        .bind(repo)
        .bind(name.to_owned())
        .bind(commit.to_owned())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let held = sqlx::query(
                "SELECT kind, commit_id FROM commons_refs WHERE repo_id = $1 AND name = $2",
            )
            .bind(repo)
            .bind(name.to_owned())
            .fetch_one(&mut *tx)
            .await?;
            let (kind, at): (String, String) = (held.try_get("kind")?, held.try_get("commit_id")?);
            tx.rollback().await?;
            return if kind == "branch" && at == commit {
                Ok(())
            } else {
                Err(StoreError::Conflict { field: "branch" })
            };
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the ref `name` of `kind` (`branch` or `tag`); `NotFound`
    /// when there is none.
    pub async fn delete_ref(&self, repo: i64, name: &str, kind: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let gone =
            sqlx::query("DELETE FROM commons_refs WHERE repo_id = $1 AND name = $2 AND kind = $3")
                .bind(repo)
                .bind(name.to_owned())
                .bind(kind.to_owned())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if gone != 1 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let mut update = Builder::new("UPDATE commons_repos SET ");
        push_touch(&mut update, now_ms());
        update.push(" WHERE id = ").push_bind(repo);
        let (sql, arguments) = finish(&mut update)?;
        sqlx::query_with(&sql, arguments).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn list_refs(&self, repo: i64) -> Result<Vec<RefInfo>> {
        let rows = sqlx::query(
            "SELECT name, kind, commit_id FROM commons_refs WHERE repo_id = $1 ORDER BY kind, name",
        )
        .bind(repo)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RefInfo {
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    commit: r.try_get("commit_id")?,
                })
            })
            .collect()
    }

    /// The size of a stored blob, if the artifact store holds it.
    pub async fn blob_size(&self, sha256: &str) -> Result<Option<u64>> {
        let size: Option<i64> =
            sqlx::query_scalar("SELECT size FROM commons_blobs WHERE sha256 = $1")
                .bind(sha256.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        Ok(size.map(|s| s as u64))
    }

    /// Tells whether a blob is stored and, if so, renews its lease: a blob
    /// seen now is not collected for the grace period the collector uses.
    pub async fn touch_blob(&self, sha256: &str) -> Result<BlobLease> {
        let size: Option<i64> = sqlx::query_scalar(
            "UPDATE commons_blobs SET last_seen = $1 WHERE sha256 = $2 AND collecting = 0 RETURNING size",
        )
        .bind(now_ms())
        .bind(sha256.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        if let Some(size) = size {
            return Ok(BlobLease::Held(size as u64));
        }
        Ok(match self.blob_size(sha256).await? {
            Some(_) => BlobLease::Collecting,
            None => BlobLease::Absent,
        })
    }

    /// Records a verified blob (idempotent) and renews its lease. A blob
    /// being collected is refused (`Conflict` on `sha256`): upload again
    /// once the collector is done.
    pub async fn record_blob(&self, sha256: &str, size: u64) -> Result<()> {
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO commons_blobs (sha256, size, created_at, last_seen) VALUES ($1, $2, $3, $3) \
             ON CONFLICT (sha256) DO UPDATE SET last_seen = excluded.last_seen \
             WHERE commons_blobs.collecting = 0",
        )
        .bind(sha256.to_owned())
        .bind(size as i64)
        .bind(now)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict { field: "sha256" });
        }
        Ok(())
    }

    /// Blobs last seen before `before_ms` that no commit of any repository
    /// holds: left by pushes that never committed.
    pub async fn orphan_blobs(&self, before_ms: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT b.sha256 FROM commons_blobs b WHERE b.last_seen < $1 AND b.collecting = 0 \
             AND NOT EXISTS (SELECT 1 FROM commons_commit_files f WHERE f.sha256 = b.sha256) \
             ORDER BY b.sha256",
        )
        .bind(before_ms)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks an orphan blob as being collected, unless it was seen since
    /// `before_ms` or a commit took it meanwhile. Returns whether it was
    /// marked: then its object may be deleted, and [`Store::forget_blob`]
    /// ends the collection.
    pub async fn mark_orphan_blob(&self, sha256: &str, before_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE commons_blobs SET collecting = 1 \
             WHERE sha256 = $1 AND collecting = 0 AND last_seen < $2 \
             AND NOT EXISTS (SELECT 1 FROM commons_commit_files f WHERE f.sha256 = $1)",
        )
        .bind(sha256.to_owned())
        .bind(before_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets a blob whose object the collector deleted.
    pub async fn forget_blob(&self, sha256: &str) -> Result<()> {
        sqlx::query("DELETE FROM commons_blobs WHERE sha256 = $1 AND collecting = 1")
            .bind(sha256.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Asks for access to a gated repository (again, after a rejection).
    pub async fn request_access(&self, repo: i64, user: i64, reason: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO commons_access (repo_id, user_id, reason, status, requested_at) VALUES ($1, $2, $3, 'pending', $4) \
             ON CONFLICT (repo_id, user_id) DO UPDATE SET reason = excluded.reason, status = 'pending', \
             requested_at = excluded.requested_at, decided_by = NULL, decision_reason = NULL, decided_at = NULL \
             WHERE commons_access.status <> 'approved'",
        )
        .bind(repo)
        .bind(user)
        .bind(reason.to_owned())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn decide_access(
        &self,
        repo: i64,
        user: i64,
        approve: bool,
        decided_by: i64,
        reason: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE commons_access SET status = $1, decided_by = $2, decision_reason = $3, decided_at = $4 \
             WHERE repo_id = $5 AND user_id = $6",
        )
        .bind(if approve { "approved" } else { "rejected" })
        .bind(decided_by)
        .bind(reason.to_owned())
        .bind(now_ms())
        .bind(repo)
        .bind(user)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    const ACCESS_SELECT: &str = "SELECT a.user_id, u.username, a.reason, a.status, a.requested_at, a.decided_by, \
         a.decision_reason, a.decided_at FROM commons_access a JOIN users u ON u.id = a.user_id";

    pub async fn access_of(&self, repo: i64, user: i64) -> Result<Option<AccessRequest>> {
        let row = sqlx::query(&format!(
            "{} WHERE a.repo_id = $1 AND a.user_id = $2",
            Self::ACCESS_SELECT
        ))
        .bind(repo)
        .bind(user)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(access_from).transpose()
    }

    pub async fn list_access(&self, repo: i64) -> Result<Vec<AccessRequest>> {
        let rows = sqlx::query(&format!(
            "{} WHERE a.repo_id = $1 ORDER BY a.status = 'pending' DESC, a.requested_at DESC",
            Self::ACCESS_SELECT
        ))
        .bind(repo)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(access_from).collect()
    }

    /// Counts one download on `day` (`YYYY-MM-DD`). The repository's
    /// `updated_at` stays: download counts reach the search index with the
    /// repository's next change (or a reindex).
    pub async fn record_download(&self, repo: i64, day: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE commons_repos SET downloads = downloads + 1 WHERE id = $1")
            .bind(repo)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO commons_downloads (repo_id, day, count) VALUES ($1, $2, 1) \
             ON CONFLICT (repo_id, day) DO UPDATE SET count = commons_downloads.count + 1",
        )
        .bind(repo)
        .bind(day.to_owned())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Downloads per day, oldest first.
    pub async fn downloads_by_day(&self, repo: i64) -> Result<Vec<(String, i64)>> {
        let rows =
            sqlx::query("SELECT day, count FROM commons_downloads WHERE repo_id = $1 ORDER BY day")
                .bind(repo)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("day")?, r.try_get("count")?)))
            .collect()
    }
}

/// Replaces the hub tags of `repo` inside the caller's transaction.
async fn replace_tags_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    repo: i64,
    tags: &[String],
) -> Result<()> {
    sqlx::query("DELETE FROM commons_repo_tags WHERE repo_id = $1")
        .bind(repo)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO commons_repo_tags (repo_id, tag) VALUES ($1, $2)")
            .bind(repo)
            .bind(tag.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
