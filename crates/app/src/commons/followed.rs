//! What this process's search index holds of each recently changed
//! repository, so that following other processes' writes re-indexes only
//! what it does not hold yet.

use std::collections::HashMap;

/// How far before the newest change seen each look starts: writers' clocks
/// may differ slightly, and a transaction may commit after another one
/// with an older `updated_at`.
pub const LOOK_BACK_MS: i64 = 60_000;

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
