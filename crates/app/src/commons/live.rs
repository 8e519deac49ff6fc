//! What the commons keeps in memory: the search index with the thread that
//! writes to it, what it holds of each recently changed repository, and the
//! download counter.
//!
//! Writes reach the index off the request path: an operation hands the
//! document to [`Commons::enqueue`] and answers; the indexer thread takes
//! what has queued up, writes it and commits once per batch. A search first
//! waits (briefly) until everything queued before it is committed, so that
//! one's own push is found by one's next search.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use waico_commons::downloads::{DownloadCounter, SystemClock};
use waico_commons::search::{RepoDoc, SearchIndex};

use super::followed::Followed;

/// At most this many documents are written between two commits.
const BATCH: usize = 256;

/// Rendered cards kept per process.
const CARDS_KEPT: usize = 512;

/// How long a search waits for the indexer before it reads what is there.
const CATCH_UP: Duration = Duration::from_secs(5);

/// One document to put into the index: the state of repository `repo_id`
/// changed at `updated_at`, and its place in the queue.
struct IndexJob {
    doc: RepoDoc,
    repo_id: i64,
    updated_at: i64,
    seq: u64,
}

/// What the commons keeps in memory: the search index, what it holds of
/// each recently changed repository, the indexer's queue and the download
/// counter's recent clients.
pub struct Commons {
    pub search: Arc<SearchIndex>,
    /// The key of this process's LFS upload tickets (`tickets.rs`).
    pub(crate) ticket_key: [u8; 32],
    /// Rendered cards by `repository id:commit` (see `commons::card_html`).
    pub(crate) cards: Mutex<HashMap<String, Arc<str>>>,
    /// Taken around each step of an index update (never while committing),
    /// so that an update and the state it records go together.
    followed: Arc<Mutex<Followed>>,
    /// Held by a look for other processes' changes.
    pub(crate) following: tokio::sync::Mutex<()>,
    pub(crate) downloads: Mutex<DownloadCounter<SystemClock>>,
    jobs: Mutex<mpsc::Sender<IndexJob>>,
    enqueued: AtomicU64,
    applied: tokio::sync::watch::Receiver<u64>,
}

impl Commons {
    fn with_index(search: SearchIndex) -> anyhow::Result<Commons> {
        let newest = search.newest_updated_at()?;
        let search = Arc::new(search);
        let followed = Arc::new(Mutex::new(Followed::from_newest(newest)));
        let (jobs, queue) = mpsc::channel();
        let (applied_tx, applied) = tokio::sync::watch::channel(0);
        {
            let search = Arc::clone(&search);
            let followed = Arc::clone(&followed);
            std::thread::Builder::new()
                .name("commons-indexer".into())
                .spawn(move || run_indexer(&search, &followed, &queue, &applied_tx))?;
        }
        Ok(Commons {
            search,
            ticket_key: rand::random(),
            cards: Mutex::new(HashMap::new()),
            followed,
            following: tokio::sync::Mutex::new(()),
            downloads: Mutex::new(DownloadCounter::new(SystemClock)),
            jobs: Mutex::new(jobs),
            enqueued: AtomicU64::new(0),
            applied,
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

    /// The card rendered for `key`, or rendered now by `render` and kept
    /// (at most [`CARDS_KEPT`]; the cache starts over when full).
    pub(crate) fn card(&self, key: String, render: impl FnOnce() -> String) -> Arc<str> {
        if let Some(html) = lock(&self.cards).get(&key) {
            return Arc::clone(html);
        }
        let html: Arc<str> = render().into();
        let mut cards = lock(&self.cards);
        if cards.len() >= CARDS_KEPT {
            cards.clear();
        }
        cards.insert(key, Arc::clone(&html));
        html
    }

    pub(crate) fn followed(&self) -> std::sync::MutexGuard<'_, Followed> {
        lock(&self.followed)
    }

    /// Queues the state of repository `repo_id` changed at `updated_at`
    /// for the index; returns at once.
    pub(crate) fn enqueue(&self, doc: RepoDoc, repo_id: i64, updated_at: i64) {
        let jobs = lock(&self.jobs);
        // Numbered under the sender's lock, so the queue is in number order.
        let seq = self.enqueued.fetch_add(1, Ordering::SeqCst) + 1;
        if jobs
            .send(IndexJob {
                doc,
                repo_id,
                updated_at,
                seq,
            })
            .is_err()
        {
            tracing::error!("the commons indexer has stopped; the index is not updated");
        }
    }

    /// Waits until everything queued before this call is in the index (at
    /// most a few seconds: a search then reads what is there).
    pub async fn caught_up(&self) {
        let target = self.enqueued.load(Ordering::SeqCst);
        let mut applied = self.applied.clone();
        if tokio::time::timeout(CATCH_UP, applied.wait_for(|done| *done >= target))
            .await
            .is_err()
        {
            tracing::warn!(
                target,
                "the commons indexer is behind; searching what it holds"
            );
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// The indexer thread: takes what has queued up (up to [`BATCH`]), keeps
/// the newest state of each repository that the index does not already
/// hold a later one of, writes them and commits once, then says how far it
/// got. Ends when the [`Commons`] is dropped.
fn run_indexer(
    search: &SearchIndex,
    followed: &Mutex<Followed>,
    queue: &mpsc::Receiver<IndexJob>,
    applied: &tokio::sync::watch::Sender<u64>,
) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let last_seq = batch.iter().map(|j| j.seq).max().unwrap_or(0);
        let mut newest: HashMap<i64, IndexJob> = HashMap::new();
        for job in batch {
            if newest
                .get(&job.repo_id)
                .is_none_or(|held| held.updated_at <= job.updated_at)
            {
                newest.insert(job.repo_id, job);
            }
        }
        let writes: Vec<IndexJob> = {
            let followed = lock(followed);
            newest
                .into_values()
                .filter(|job| !followed.holds_later(job.repo_id, job.updated_at))
                .collect()
        };
        for job in &writes {
            if let Err(e) = search.upsert(&job.doc) {
                tracing::warn!(error = %e, repo = job.repo_id, "search index update failed");
            }
        }
        if !writes.is_empty()
            && let Err(e) = search.commit()
        {
            tracing::warn!(error = %e, "search index commit failed");
        }
        // Also after a failure: a document the index refuses would otherwise
        // be tried again on every look. The repository's next change (or a
        // reindex) tries again.
        let mut followed = lock(followed);
        for job in &writes {
            followed.indexed(job.repo_id, job.updated_at);
        }
        drop(followed);
        applied.send_replace(last_seq);
    }
}

impl std::fmt::Debug for Commons {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Commons").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use waico_commons::repo::{RepoId, RepoKind};

    fn doc(name: &str, title: &str, updated_at: i64) -> RepoDoc {
        let mut doc = RepoDoc::new(RepoKind::Model, RepoId::parse(name).unwrap());
        doc.title = title.to_owned();
        doc.updated_at = updated_at;
        doc
    }

    /// A write hands its document over and goes on while the indexer is
    /// held up; a search waits for it, and finds the newest state of each
    /// repository even when an older one was queued after it.
    #[tokio::test]
    #[expect(
        clippy::await_holding_lock,
        reason = "the test holds the indexer's lock on purpose, to show writes do not wait for it"
    )]
    async fn writes_do_not_wait_for_the_index_and_searches_see_them() {
        let commons = Commons::in_ram();
        let held = commons.followed();
        let started = std::time::Instant::now();
        commons.enqueue(doc("amina/first", "swahili summariser", 2), 1, 2);
        commons.enqueue(doc("amina/first", "outdated title", 1), 1, 1);
        commons.enqueue(doc("li/second", "swahili translator", 5), 2, 5);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "enqueue did not wait"
        );
        let waiting = tokio::time::timeout(Duration::from_millis(300), commons.caught_up());
        assert!(
            waiting.await.is_err(),
            "caught up while the indexer was held"
        );
        drop(held);
        commons.caught_up().await;
        let results = commons
            .search
            .search(&waico_commons::search::Query::text("swahili"))
            .unwrap();
        assert_eq!(results.total, 2);
        let outdated = commons
            .search
            .search(&waico_commons::search::Query::text("outdated"))
            .unwrap();
        assert_eq!(outdated.total, 0, "the older state queued last did not win");
        assert!(commons.followed().holds(1, 2));
    }
}
