//! The commons search index following writes made by other processes that
//! share the database. Each process keeps its own index and updates it on
//! its own writes; a task started by `waico_web::serve` asks the store every
//! `search_follow_every` for the repositories changed since a little before
//! the newest change seen, and re-indexes those whose `updated_at` differs
//! from the one this process last indexed for them (a repository turned
//! members-only stays, flagged, and only searches that include members-only
//! content find it). In the steady state that is one small
//! query per interval and no re-indexing.

use waico_store::{RepoChange, StoreError};

use crate::AppState;
use crate::commons;
use crate::periodic::{self, First, Periodic};

/// Changes asked for at once.
const PAGE: i64 = 500;
/// Re-indexes the repositories changed since the last look (by any
/// process) whose state the index does not hold yet; returns how many.
pub async fn catch_up(state: &AppState) -> Result<usize, StoreError> {
    let commons = &state.commons;
    // One look at a time.
    let _looking = commons.following.lock().await;
    let since = commons.followed().since();
    let mut reindexed = 0;
    let mut newest = None;
    let mut after: Option<RepoChange> = None;
    loop {
        let page = state
            .store
            .repos_changed_since(since, after.as_ref(), PAGE)
            .await?;
        for change in &page {
            newest = newest.max(Some(change.updated_at));
            if commons.followed().holds(change.id, change.updated_at) {
                continue;
            }
            // Read again: it may have changed since the page was read.
            match state.store.repo(change.kind, &change.repo).await {
                Ok(repo) => {
                    commons::index_repo(state, &repo).await;
                    reindexed += 1;
                }
                // Repositories are neither renamed nor deleted.
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        let full = page.len() as i64 >= PAGE;
        after = page.into_iter().last();
        if !full {
            break;
        }
    }
    if let Some(n) = newest {
        commons.followed().saw(n);
    }
    Ok(reindexed)
}

/// Starts the task that makes the search index follow other processes'
/// writes: a look at once (what changed while this index was not
/// followed), then one every `search_follow_every`. `None` when the setting
/// is zero (off).
pub fn start(state: &AppState) -> Option<Periodic> {
    let every = state.settings.search_follow_every;
    if every.is_zero() {
        return None;
    }
    let state = state.clone();
    Some(periodic::every(every, First::Now, move || {
        let state = state.clone();
        async move {
            match catch_up(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    repositories = n,
                    "search index followed changes made by other processes"
                ),
                Err(e) => tracing::warn!(error = %e, "checking for changed repositories failed"),
            }
        }
    }))
}
