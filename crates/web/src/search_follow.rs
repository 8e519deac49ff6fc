//! The commons search index following writes made by other processes that
//! share the database. Each process keeps its own index and updates it on
//! its own writes; a task started by [`crate::serve`] asks the store every
//! `search_follow_every` for the repositories changed since a little before
//! the newest change seen, and re-indexes those whose `updated_at` differs
//! from the one this process last indexed for them (a repository turned
//! members-only stays, flagged, and only searches that include members-only
//! content find it). In the steady state that is one small
//! query per interval and no re-indexing.

use std::collections::HashMap;

use waico_store::{RepoChange, StoreError};

use crate::AppState;
use crate::commons;

/// How far before the newest change seen each look starts: writers' clocks
/// may differ slightly, and a transaction may commit after another one
/// with an older `updated_at`.
pub const LOOK_BACK_MS: i64 = 60_000;

/// Changes asked for at once.
const PAGE: i64 = 500;

/// What this process's index holds, as far as following needs it: the
/// `updated_at` of each repository it last put into (or took out of) the
/// index, kept for the changes of the last [`LOOK_BACK_MS`] only, and the
/// newest `updated_at` seen.
#[derive(Debug, Default)]
pub struct Followed {
    indexed: HashMap<i64, i64>,
    newest: Option<i64>,
}

impl Followed {
    /// Starting from an index whose newest document changed at `newest`.
    pub fn from_newest(newest: Option<i64>) -> Followed {
        Followed {
            indexed: HashMap::new(),
            newest,
        }
    }

    /// Where the next look starts.
    pub fn since(&self) -> i64 {
        self.newest
            .map_or(i64::MIN, |n| n.saturating_sub(LOOK_BACK_MS))
    }

    /// Whether the index already holds this state of the repository.
    pub fn holds(&self, repo: i64, updated_at: i64) -> bool {
        self.indexed.get(&repo) == Some(&updated_at)
    }

    /// Whether the index holds a later state than `updated_at` (each write
    /// moves a repository's `updated_at` forward, so the larger is newer).
    pub fn holds_later(&self, repo: i64, updated_at: i64) -> bool {
        self.indexed.get(&repo).is_some_and(|&at| at > updated_at)
    }

    /// The index now holds the state of `repo` changed at `updated_at` (or
    /// was given it and refused it).
    pub fn indexed(&mut self, repo: i64, updated_at: i64) {
        self.indexed.insert(repo, updated_at);
        self.saw(updated_at);
    }

    /// The index was rebuilt: nothing is known per repository any more.
    pub fn rebuilt(&mut self, newest: Option<i64>) {
        self.indexed.clear();
        self.newest = self.newest.max(newest);
    }

    /// A change at `updated_at` was seen; what falls out of the window is
    /// forgotten.
    pub fn saw(&mut self, updated_at: i64) {
        if self.newest.is_some_and(|n| n >= updated_at) {
            return;
        }
        self.newest = Some(updated_at);
        let since = self.since();
        self.indexed.retain(|_, at| *at >= since);
    }
}

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

/// The task started by [`start`]; dropping it stops the task.
pub struct Follower(tokio::task::JoinHandle<()>);

impl Drop for Follower {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts the task that makes the search index follow other processes'
/// writes: a look at once (what changed while this index was not
/// followed), then one every `search_follow_every`. `None` when the setting
/// is zero (off).
pub fn start(state: &AppState) -> Option<Follower> {
    let every = state.settings.search_follow_every;
    if every.is_zero() {
        return None;
    }
    let state = state.clone();
    Some(Follower(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match catch_up(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    repositories = n,
                    "search index followed changes made by other processes"
                ),
                Err(e) => tracing::warn!(error = %e, "checking for changed repositories failed"),
            }
        }
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_index_looks_at_everything_then_back_from_the_newest() {
        let mut f = Followed::from_newest(None);
        assert_eq!(f.since(), i64::MIN);
        f.saw(100_000);
        assert_eq!(f.since(), 100_000 - LOOK_BACK_MS);
        f.saw(50);
        assert_eq!(f.since(), 100_000 - LOOK_BACK_MS, "the newest stays");
        assert_eq!(Followed::from_newest(Some(5)).since(), 5 - LOOK_BACK_MS);
    }

    #[test]
    fn states_are_remembered_for_the_window_only() {
        let mut f = Followed::default();
        f.indexed(1, 1_000);
        f.indexed(2, 30_000);
        assert!(f.holds(1, 1_000) && !f.holds(1, 1_001) && !f.holds(3, 1_000));
        assert!(f.holds_later(1, 999) && !f.holds_later(1, 1_000));
        // 70 s later: the first falls out of the window, the second stays.
        f.saw(71_000);
        assert!(!f.holds(1, 1_000) && !f.holds_later(1, 0));
        assert!(f.holds(2, 30_000));
        f.indexed(3, 80_000);
        f.rebuilt(Some(60_000));
        assert!(!f.holds(3, 80_000));
        assert_eq!(f.since(), 80_000 - LOOK_BACK_MS);
    }
}
