//! What the commons keeps in memory: the search index, what it holds of
//! each recently changed repository, and the download counter.

use std::sync::Mutex;

use waico_commons::downloads::{DownloadCounter, SystemClock};
use waico_commons::search::SearchIndex;

use super::followed::Followed;

/// What the commons keeps in memory: the search index, what it holds of
/// each recently changed repository, and the download counter's recent
/// clients.
pub struct Commons {
    pub search: SearchIndex,
    /// Taken around every index update, so that the update and the state
    /// it records go together.
    followed: Mutex<Followed>,
    /// Held by a look for other processes' changes.
    pub(crate) following: tokio::sync::Mutex<()>,
    pub(crate) downloads: Mutex<DownloadCounter<SystemClock>>,
}

impl Commons {
    fn with_index(search: SearchIndex) -> anyhow::Result<Commons> {
        let newest = search.newest_updated_at()?;
        Ok(Commons {
            search,
            followed: Mutex::new(Followed::from_newest(newest)),
            following: tokio::sync::Mutex::new(()),
            downloads: Mutex::new(DownloadCounter::new(SystemClock)),
        })
    }

    /// An index in memory (tests, or until [`Commons::open_dir`] is used).
    pub fn in_ram() -> Commons {
        Self::with_index(SearchIndex::open_in_ram().expect("an in-memory index opens"))
            .expect("an empty index is read")
    }

    /// The index kept in `dir` (created if missing). Following other
    /// processes' writes starts from the newest change it holds.
    pub fn open_dir(dir: &std::path::Path) -> anyhow::Result<Commons> {
        std::fs::create_dir_all(dir)?;
        Self::with_index(SearchIndex::open_in_dir(dir)?)
    }

    pub(crate) fn followed(&self) -> std::sync::MutexGuard<'_, Followed> {
        self.followed.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for Commons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Commons").finish_non_exhaustive()
    }
}
