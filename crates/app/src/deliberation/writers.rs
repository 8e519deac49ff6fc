//! One writer at a time per proposal within this process. Votes on one
//! proposal all rewrite its row; without a queue, two hundred delegates
//! voting in the same second would make each other retry until some were
//! told to try again. Within a process they now wait their turn here;
//! between processes on one database the revision check and its retries
//! still decide.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::{Mutex as Turn, OwnedMutexGuard};

/// The turns of the proposals being written now (a slot lives as long as
/// someone holds or waits for it).
#[derive(Debug, Default)]
pub struct ProposalWriters {
    slots: Mutex<HashMap<i64, Weak<Turn<()>>>>,
}

impl ProposalWriters {
    /// Waits for the turn to write proposal `id`; the turn ends when the
    /// guard is dropped.
    pub async fn turn(&self, id: i64) -> OwnedMutexGuard<()> {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            match slots.get(&id).and_then(Weak::upgrade) {
                Some(slot) => slot,
                None => {
                    slots.retain(|_, w| w.strong_count() > 0);
                    let slot = Arc::new(Turn::new(()));
                    slots.insert(id, Arc::downgrade(&slot));
                    slot
                }
            }
        };
        slot.lock_owned().await
    }

    /// Proposals with a writer holding or waiting for a turn.
    pub fn busy(&self) -> usize {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.values().filter(|w| w.strong_count() > 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn one_writer_per_proposal_and_proposals_apart() {
        let writers = Arc::new(ProposalWriters::default());
        let first = writers.turn(1).await;
        // Another proposal is not held up.
        tokio::time::timeout(Duration::from_millis(200), writers.turn(2))
            .await
            .expect("proposal 2 is free");
        // The same proposal waits until the first turn ends.
        let waiting = tokio::spawn({
            let writers = writers.clone();
            async move { drop(writers.turn(1).await) }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "a second writer of 1 waits");
        assert_eq!(writers.busy(), 1);
        drop(first);
        tokio::time::timeout(Duration::from_secs(2), waiting)
            .await
            .expect("the second writer gets its turn")
            .unwrap();
        assert_eq!(writers.busy(), 0, "slots go when nobody holds them");
    }
}
