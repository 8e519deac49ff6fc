//! What the safety part keeps in memory: the reports' search index, and
//! what it holds of each report (to follow other processes' writes).

use std::collections::HashMap;

use waico_safety::search::ReportIndex;

/// The search index, filled from the store on first use and kept up to
/// date by every write of this process and, through `follow`, of others.
pub struct Safety {
    pub(crate) index: ReportIndex,
    pub(crate) filled: tokio::sync::Mutex<bool>,
    pub(crate) followed: std::sync::Mutex<Followed>,
}

/// The change time (`updated_at`) of each report the index holds, and the
/// newest change seen.
#[derive(Debug, Default)]
pub(crate) struct Followed {
    held: HashMap<String, i64>,
    newest: i64,
}

/// How far back each look reaches before the newest change seen: a
/// transaction that committed late with an earlier time is still found.
const SLACK_MS: i64 = 60_000;

impl Followed {
    pub(crate) fn holds(&self, id: &str, updated_at: i64) -> bool {
        self.held.get(id) == Some(&updated_at)
    }

    pub(crate) fn saw(&mut self, id: &str, updated_at: i64) {
        self.held.insert(id.to_owned(), updated_at);
        self.newest = self.newest.max(updated_at);
    }

    pub(crate) fn since(&self) -> i64 {
        self.newest.saturating_sub(SLACK_MS)
    }
}

impl Safety {
    pub fn in_ram() -> Self {
        Safety {
            index: ReportIndex::open_in_ram().expect("an in-memory index opens"),
            filled: tokio::sync::Mutex::new(false),
            followed: std::sync::Mutex::new(Followed::default()),
        }
    }

    pub(crate) fn followed(&self) -> std::sync::MutexGuard<'_, Followed> {
        self.followed.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Default for Safety {
    fn default() -> Self {
        Safety::in_ram()
    }
}
