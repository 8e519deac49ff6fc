//! The safety search index following reports written by other processes
//! that share the database. Each process keeps its own index and updates it
//! on its own writes; a task started by `waico_web::serve` asks the store
//! every `search_follow_every` for the reports changed since a little before
//! the newest change seen, and re-indexes those whose change time differs
//! from the one this index holds. Before the index is first filled (on the
//! first search), there is nothing to follow: filling reads every report.

use crate::AppState;
use crate::error::OpError;
use crate::periodic::{self, First, Periodic};

/// Changes asked for at once.
const PAGE: i64 = 500;

/// Re-indexes the reports changed since the last look (by any process)
/// that the index does not hold in that state; returns how many.
pub async fn catch_up(state: &AppState) -> Result<usize, OpError> {
    let filled = state.safety.filled.lock().await;
    if !*filled {
        return Ok(0);
    }
    let since = state.safety.followed().since();
    let mut after: Option<(i64, String)> = None;
    let mut reindexed = 0;
    loop {
        let page = state
            .store
            .safety_changed_since(since, after.as_ref(), PAGE)
            .await?;
        for (updated_at, id) in &page {
            if state.safety.followed().holds(id, *updated_at) {
                continue;
            }
            // Read again: it may have changed since the page was read.
            let stored = state.store.safety_report(id).await?;
            let report = super::from_stored(&stored)?;
            state
                .safety
                .index
                .upsert(&report)
                .map_err(|e| OpError::Internal(e.to_string()))?;
            state
                .safety
                .followed()
                .saw(&stored.row().id, stored.row().updated_at);
            reindexed += 1;
        }
        let full = page.len() as i64 >= PAGE;
        after = page.into_iter().last();
        if !full {
            break;
        }
    }
    if reindexed > 0 {
        state
            .safety
            .index
            .commit()
            .map_err(|e| OpError::Internal(e.to_string()))?;
    }
    drop(filled);
    Ok(reindexed)
}

/// Starts following other processes' writes, one look every
/// `search_follow_every`; `None` when the setting is zero (off).
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
                    reports = n,
                    "safety index followed changes made by other processes"
                ),
                Err(e) => tracing::warn!(error = %e, "checking for changed safety reports failed"),
            }
        }
    }))
}
