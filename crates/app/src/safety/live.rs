//! What the safety part keeps in memory: the reports' search index.

use waico_safety::search::ReportIndex;

/// The search index, filled from the store on first use and kept up to
/// date by every write of this process.
pub struct Safety {
    pub(crate) index: ReportIndex,
    pub(crate) filled: tokio::sync::Mutex<bool>,
}

impl Safety {
    pub fn in_ram() -> Self {
        Safety {
            index: ReportIndex::open_in_ram().expect("an in-memory index opens"),
            filled: tokio::sync::Mutex::new(false),
        }
    }
}

impl Default for Safety {
    fn default() -> Self {
        Safety::in_ram()
    }
}
