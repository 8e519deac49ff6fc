//! Removing one file from a repository's whole history on the
//! secretariat's order (a leaked secret): every commit that held the path,
//! and every commit after one, is rewritten without it (commit ids change;
//! branches and tags move to the rewritten commits); the blob goes when no
//! other file holds the same bytes; and the ledger records the purge
//! (`commons_file_purged`: repository, path, reason, the old and new head
//! of `main` — never the content), all in one transaction.

use object_store::ObjectStoreExt;
use serde::Serialize;
use waico_commons::repo::RepoPath;
use waico_ledger::RecordKind;
use waico_members::Invalid;
use waico_members::policy::{Action, Actor};
use waico_store::{Repo, StoreError};

use super::{index_repo, refresh_card};
use crate::AppState;
use crate::error::{OpError, require};

/// A ref moved by a purge.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MovedRef {
    pub name: String,
    pub old: String,
    pub new: String,
}

/// What a purge did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PurgeOutcome {
    pub path: String,
    /// The head of `main` before and after.
    pub old_head: Option<String>,
    pub new_head: Option<String>,
    /// How many commits were rewritten (given new ids).
    pub commits_rewritten: usize,
    /// Branches and tags moved to rewritten commits.
    pub refs_moved: Vec<MovedRef>,
    /// Stored files deleted (no other file held the same bytes).
    pub blobs_deleted: usize,
}

/// Removes `path` from every revision of `repo`, recording `reason` in the
/// ledger. The secretariat only ([`Action::PurgeCommonsFile`]); a path no
/// revision holds is `Invalid` on `path`.
pub async fn purge_file(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    path: &str,
    reason: &str,
) -> Result<PurgeOutcome, OpError> {
    require(actor, Action::PurgeCommonsFile)?;
    let mut errors = Vec::new();
    let path = RepoPath::parse(path.trim())
        .map_err(|_| errors.push(Invalid::new("path", "err-commons-purge-path")))
        .ok();
    let reason = reason.trim();
    if reason.is_empty()
        || reason.chars().count() > 2000
        || reason.chars().any(|c| c.is_control() && c != '\n')
    {
        errors.push(Invalid::new("reason", "err-commons-reason"));
    }
    let Some(path) = path.filter(|_| errors.is_empty()) else {
        return Err(OpError::Invalid(errors));
    };
    let actor_code = crate::ledger::actor_code(actor);
    let label = format!("{}s/{}", repo.kind, repo.repo);
    let purged = state
        .store
        .purge_path(repo.id, &path, |p| {
            let (old_head, new_head) = match &p.main {
                Some((old, new)) => (Some(old.clone()), Some(new.clone())),
                None => (None, None),
            };
            crate::ledger::decision_entry(
                RecordKind::CommonsFilePurged,
                &actor_code,
                ("commons_repo", &label),
                new_head.as_deref().unwrap_or_default().as_bytes(),
                serde_json::json!({
                    "path": path.as_str(),
                    "reason": reason,
                    "old_head": old_head,
                    "new_head": new_head,
                    "commits_rewritten": p.rewritten.len(),
                }),
            )
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => Invalid::new("path", "err-commons-purge-path").into(),
            e => OpError::from(e),
        })?;
    state.ledger.start_checkpoints();
    // The bytes go from the artifact store once no row names them.
    let mut blobs_deleted = 0;
    for sha in &purged.orphaned {
        match state
            .artifacts
            .delete(&waico_store::blobs::blob_path(sha))
            .await
        {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => blobs_deleted += 1,
            Err(e) => tracing::warn!(error = %e, sha, "deleting a purged blob failed"),
        }
    }
    // The card and the index follow the rewritten `main`.
    if let Ok(fresh) = state.store.repo(repo.kind, &repo.repo).await {
        match &purged.main {
            Some((_, new)) => match state.store.commit(repo.id, new).await {
                Ok(commit) => refresh_card(state, &fresh, &commit).await,
                Err(_) => index_repo(state, &fresh).await,
            },
            None => index_repo(state, &fresh).await,
        }
    }
    Ok(PurgeOutcome {
        path: path.as_str().to_owned(),
        old_head: purged.main.as_ref().map(|m| m.0.clone()),
        new_head: purged.main.as_ref().map(|m| m.1.clone()),
        commits_rewritten: purged.rewritten.len(),
        refs_moved: purged
            .moved
            .into_iter()
            .map(|(name, old, new)| MovedRef { name, old, new })
            .collect(),
        blobs_deleted,
    })
}
