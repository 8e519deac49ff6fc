//! What the owners of a repository do besides pushing: delete the
//! repository, branch from any revision (a branch, a tag or a commit id),
//! delete branches and tags, and commit a Hugging Face style change list
//! (files put, files and folders deleted) on a branch head.

use waico_commons::repo::{RepoPath, Revision};
use waico_members::Invalid;
use waico_members::policy::Actor;
use waico_store::{CommitInfo, Repo, User};

use super::{ChangeInput, CommitInput, PushError, may_manage, push, resolve};
use crate::AppState;
use crate::error::{FieldError, OpError};

/// Only the repository's managers (its owner's, and the secretariat) may.
async fn managers_only(state: &AppState, actor: &Actor, repo: &Repo) -> Result<(), OpError> {
    if may_manage(state, actor, repo).await {
        Ok(())
    } else if *actor == Actor::Anonymous {
        Err(OpError::Unauthenticated)
    } else {
        Err(OpError::Forbidden)
    }
}

fn invalid(field: &'static str, key: &'static str) -> OpError {
    OpError::Invalid(vec![Invalid { field, key }])
}

/// A branch or tag name: a named revision (not something that reads as a
/// commit id).
fn ref_name(name: &str, field: &'static str) -> Result<String, OpError> {
    match Revision::parse(name) {
        Ok(Revision::Named(n)) => Ok(n),
        _ => Err(invalid(field, "err-commons-revision")),
    }
}

/// Deletes a repository with its history, refs and access requests, and
/// takes it out of this process's search index.
pub async fn delete_repo(state: &AppState, actor: &Actor, repo: &Repo) -> Result<(), OpError> {
    managers_only(state, actor, repo).await?;
    state.store.delete_repo(repo.id).await?;
    // What is queued for the index was read before the deletion.
    state.commons.caught_up().await;
    state.commons.search.delete(repo.kind, &repo.repo);
    if let Err(e) = state.commons.search.commit() {
        tracing::warn!(error = %e, "removing a repository from the search index failed");
    }
    Ok(())
}

/// Creates branch `name` at `revision` (default `main`): a branch, a tag, a
/// full commit id or its 40-digit prefix. An unknown revision is
/// `Invalid` on `revision`; a taken name `Conflict` on `branch`.
pub async fn create_branch(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    name: &str,
    revision: Option<&str>,
) -> Result<String, OpError> {
    managers_only(state, actor, repo).await?;
    let name = ref_name(name, "branch")?;
    let commit = match resolve(state, repo, revision.unwrap_or("main")).await {
        Ok(c) => c,
        Err(OpError::NotFound | OpError::Invalid(_)) => {
            return Err(invalid("revision", "err-commons-revision"));
        }
        Err(e) => return Err(e),
    };
    state.store.create_branch(repo.id, &name, &commit).await?;
    Ok(commit)
}

/// Deletes a branch other than `main` (which is the repository's default:
/// delete the repository instead).
pub async fn delete_branch(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    name: &str,
) -> Result<(), OpError> {
    managers_only(state, actor, repo).await?;
    let name = ref_name(name, "branch")?;
    if name == "main" {
        return Err(OpError::Refused(
            "main is the default branch and cannot be deleted; delete the repository instead"
                .into(),
        ));
    }
    Ok(state.store.delete_ref(repo.id, &name, "branch").await?)
}

/// Deletes a tag. The release it recorded stays in the ledger: the log
/// says it was published, the repository no longer offers it.
pub async fn delete_tag(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    name: &str,
) -> Result<(), OpError> {
    managers_only(state, actor, repo).await?;
    let name = ref_name(name, "tag")?;
    Ok(state.store.delete_ref(repo.id, &name, "tag").await?)
}

/// One change of a Hugging Face commit.
#[derive(Debug, Clone)]
pub enum HubChange {
    /// A stored blob at `path`.
    Put {
        path: String,
        size: u64,
        sha256: String,
    },
    /// One file; it must exist on the branch head.
    DeleteFile { path: String },
    /// Every file under a folder; at least one must exist.
    DeleteFolder { path: String },
}

/// Commits `changes` on `branch`. With `parent` (a commit id, 40 or 64
/// digits) the branch head must be that commit (`Conflict` on `parent`
/// otherwise); without, the commit goes on whatever the head is, retried
/// when another writer moves it meanwhile. An empty repository's `main`
/// takes a first commit; any other unknown branch is `NotFound`-like
/// `Invalid` on `revision`. A deleted path that is not there is `Invalid`
/// naming it.
#[allow(clippy::too_many_arguments)]
pub async fn hub_commit(
    state: &AppState,
    actor: &Actor,
    author: &User,
    repo: &Repo,
    branch: &str,
    parent: Option<&str>,
    message: &str,
    changes: &[HubChange],
) -> Result<CommitInfo, PushError> {
    managers_only(state, actor, repo).await?;
    let branch = ref_name(branch, "revision")?;
    let wanted = match parent.filter(|p| !p.is_empty()) {
        Some(p) => match state
            .store
            .resolve_revision(
                repo.id,
                &Revision::parse(p).map_err(|_| invalid("parent", "err-commons-revision"))?,
            )
            .await?
        {
            Some(id) => Some(id),
            None => return Err(OpError::Conflict { field: "parent" }.into()),
        },
        None => None,
    };
    for _attempt in 0..5 {
        let head = state.store.branch_head(repo.id, &branch).await?;
        if head.is_none() && branch != "main" {
            return Err(invalid("revision", "err-commons-revision").into());
        }
        if let Some(w) = &wanted
            && head.as_ref() != Some(w)
        {
            return Err(OpError::Conflict { field: "parent" }.into());
        }
        let files = match &head {
            Some(h) => state.store.commit_files(repo.id, h).await?,
            None => Vec::new(),
        };
        let mut ops = Vec::new();
        let mut errors = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            match change {
                HubChange::Put { path, size, sha256 } => ops.push(ChangeInput {
                    op: "put".into(),
                    path: path.clone(),
                    size: Some(*size),
                    sha256: Some(sha256.clone()),
                }),
                HubChange::DeleteFile { path } => {
                    let there =
                        RepoPath::parse(path).is_ok_and(|p| files.iter().any(|f| f.path == p));
                    if there {
                        ops.push(ChangeInput {
                            op: "delete".into(),
                            path: path.clone(),
                            size: None,
                            sha256: None,
                        });
                    } else {
                        errors.push(FieldError {
                            field: format!("changes[{i}].path"),
                            code: "err-commons-no-such-file".into(),
                            message: format!("A file with this name doesn't exist: {path}"),
                        });
                    }
                }
                HubChange::DeleteFolder { path } => {
                    let prefix = format!("{}/", path.trim_end_matches('/'));
                    let under: Vec<_> = files
                        .iter()
                        .filter(|f| f.path.as_str().starts_with(&prefix))
                        .collect();
                    if under.is_empty() {
                        errors.push(FieldError {
                            field: format!("changes[{i}].path"),
                            code: "err-commons-no-such-file".into(),
                            message: format!("A folder with this name doesn't exist: {path}"),
                        });
                    }
                    ops.extend(under.into_iter().map(|f| ChangeInput {
                        op: "delete".into(),
                        path: f.path.as_str().to_owned(),
                        size: None,
                        sha256: None,
                    }));
                }
            }
        }
        if !errors.is_empty() {
            return Err(PushError::Fields(errors));
        }
        let input = CommitInput {
            branch: Some(branch.clone()),
            parent: head.clone(),
            message: message.to_owned(),
            changes: ops,
        };
        match push(state, actor, author, repo, &input).await {
            // Someone else moved the head between reading and writing: go
            // again on the new head, unless the client named its parent.
            Err(PushError::Op(OpError::Conflict { field: "parent" })) if wanted.is_none() => {
                continue;
            }
            other => return other,
        }
    }
    Err(OpError::Conflict { field: "parent" }.into())
}
