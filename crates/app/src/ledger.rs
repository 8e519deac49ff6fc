//! The node's ledger service: one appender task per process that batches
//! concurrent appends into one database transaction (each caller is
//! answered only after the commit), a checkpointer that signs the tree
//! head with the node key at most every few seconds while it grows, and
//! the intake of witness cosignatures. Other parts call [`Ledger::append`].

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use waico_ledger::hash::{Hash, to_hex};
use waico_ledger::note::Note;
use waico_ledger::{Checkpoint, Record, RecordKind, SignerKey, Subject, VerifierKey};
use waico_members::policy::Actor;
use waico_members::{CountryCode, RoleGrant};
use waico_store::{Membership, NewEntry, Store, StoredCheckpoint};

/// Most entries written in one transaction.
const MAX_BATCH: usize = 2048;

/// How the ledger of this node is run.
#[derive(Debug, Clone)]
pub struct LedgerSettings {
    /// Smallest time between two checkpoints.
    pub checkpoint_every: Duration,
    /// Witnesses whose cosignatures the log accepts (cosignature/v1 keys).
    pub witnesses: Vec<VerifierKey>,
    /// How many configured witnesses must cosign a checkpoint before it is
    /// published (capped at their number).
    pub witness_quorum: usize,
}

impl Default for LedgerSettings {
    fn default() -> Self {
        Self {
            checkpoint_every: Duration::from_secs(2),
            witnesses: Vec::new(),
            witness_quorum: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("invalid record: {0}")]
    Record(#[from] waico_ledger::record::RecordError),
    #[error("ledger storage: {0}")]
    Store(String),
    #[error("the ledger appender stopped")]
    Stopped,
    #[error("{0}")]
    Refused(String),
}

impl From<waico_store::StoreError> for LedgerError {
    fn from(e: waico_store::StoreError) -> Self {
        LedgerError::Store(e.to_string())
    }
}

/// Where an acknowledged record was sequenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub index: u64,
    pub leaf_hash: Hash,
}

struct Job {
    entry: NewEntry,
    done: oneshot::Sender<Result<u64, String>>,
}

struct Inner {
    store: Store,
    key: SignerKey,
    settings: LedgerSettings,
    appender: OnceLock<mpsc::Sender<Job>>,
    checkpointer: OnceLock<()>,
}

/// A handle on the node's ledger (cheap to clone).
#[derive(Clone)]
pub struct Ledger {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger")
            .field("origin", &self.origin())
            .finish_non_exhaustive()
    }
}

impl Ledger {
    /// The ledger signed with `key`, whose name is the log's origin.
    pub fn new(store: Store, key: SignerKey, settings: LedgerSettings) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                key,
                settings,
                appender: OnceLock::new(),
                checkpointer: OnceLock::new(),
            }),
        }
    }

    /// A ledger with a throw-away key (tests, tools). A node uses
    /// [`Ledger::new`] with the key kept in its data folder.
    pub fn ephemeral(store: Store) -> Self {
        let key = SignerKey::generate("waico.localhost/ephemeral").expect("valid key name");
        Self::new(store, key, LedgerSettings::default())
    }

    pub fn origin(&self) -> &str {
        self.inner.key.name()
    }

    /// The key that verifies this log's checkpoints.
    pub fn verifier(&self) -> VerifierKey {
        self.inner.key.verifier()
    }

    pub fn witnesses(&self) -> &[VerifierKey] {
        &self.inner.settings.witnesses
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Appends a record; returns once it is committed (durable).
    pub async fn append(&self, record: &Record) -> Result<Appended, LedgerError> {
        let entry = entry_of(record)?;
        let leaf_hash = entry.leaf_hash;
        let (done, answer) = oneshot::channel();
        self.appender()
            .send(Job { entry, done })
            .await
            .map_err(|_| LedgerError::Stopped)?;
        self.start_checkpoints();
        match answer.await {
            Ok(Ok(index)) => Ok(Appended { index, leaf_hash }),
            Ok(Err(e)) => Err(LedgerError::Store(e)),
            Err(_) => Err(LedgerError::Stopped),
        }
    }

    fn appender(&self) -> &mpsc::Sender<Job> {
        self.inner.appender.get_or_init(|| {
            let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(run_appender(self.inner.store.clone(), rx));
            tx
        })
    }

    /// Starts the background checkpointer (once per handle family).
    pub fn start_checkpoints(&self) {
        self.inner.checkpointer.get_or_init(|| {
            let weak = Arc::downgrade(&self.inner);
            let every = self.inner.settings.checkpoint_every;
            tokio::spawn(async move {
                loop {
                    let Some(inner) = weak.upgrade() else { break };
                    let ledger = Ledger { inner };
                    if let Err(e) = ledger.checkpoint_now().await {
                        tracing::error!(error = %e, "ledger checkpoint failed");
                    }
                    drop(ledger);
                    tokio::time::sleep(every).await;
                }
            });
        });
    }

    /// Signs the current tree head if it is newer than the latest
    /// checkpoint (or if there is none yet), after checking the head's
    /// root against the stored nodes. Returns the latest checkpoint.
    pub async fn checkpoint_now(&self) -> Result<StoredCheckpoint, LedgerError> {
        let store = &self.inner.store;
        let head = store.ledger_head().await?;
        if let Some(latest) = store.ledger_latest_checkpoint().await?
            && latest.size >= head.size
        {
            return Ok(latest);
        }
        let size = head.size;
        let root = store
            .ledger_compute(|r| waico_ledger::proof::root_at(r, size))
            .await
            .map_err(|e| LedgerError::Store(e.to_string()))?;
        if root != head.root {
            return Err(LedgerError::Refused(format!(
                "the head root at size {size} disagrees with the stored tree; not signing"
            )));
        }
        let note = Checkpoint::new(self.origin(), size, root)
            .sign(&self.inner.key)
            .map_err(|e| LedgerError::Refused(e.to_string()))?
            .to_string();
        store.ledger_add_checkpoint(size, &root, &note).await?;
        store
            .ledger_checkpoint(size)
            .await?
            .ok_or_else(|| LedgerError::Store("checkpoint vanished".into()))
    }

    /// Cosignatures a checkpoint needs before it is published: the quorum,
    /// at most the number of configured witnesses (0 without witnesses).
    pub fn quorum(&self) -> usize {
        let s = &self.inner.settings;
        s.witness_quorum.min(s.witnesses.len())
    }

    /// The checkpoint readers are served, and whether it is cosigned by the
    /// quorum of witnesses. With witnesses configured this is the newest
    /// checkpoint they cosigned, so a checkpoint is published only once
    /// witnessed; while none is, the newest one is served marked as not
    /// witnessed. Without witnesses, the newest one.
    pub async fn published_checkpoint(&self) -> Result<(StoredCheckpoint, bool), LedgerError> {
        let store = &self.inner.store;
        let quorum = self.quorum();
        if quorum > 0
            && let Some(cp) = store
                .ledger_latest_cosigned_checkpoint(quorum as u64)
                .await?
            && self.witnessed_by(&cp).await.len() >= quorum
        {
            return Ok((cp, true));
        }
        let latest = self.latest_checkpoint().await?;
        Ok((latest, false))
    }

    /// The newest signed checkpoint, witnessed or not (signing the head
    /// first if there is none yet): what witnesses are asked to cosign.
    pub async fn latest_checkpoint(&self) -> Result<StoredCheckpoint, LedgerError> {
        match self.inner.store.ledger_latest_checkpoint().await? {
            Some(cp) => Ok(cp),
            None => self.checkpoint_now().await,
        }
    }

    /// The checkpoint note with the stored witness cosignatures appended.
    pub async fn cosigned_note(&self, cp: &StoredCheckpoint) -> Result<String, LedgerError> {
        let mut note = cp.note.clone();
        for c in self.inner.store.ledger_cosignatures(cp.size).await? {
            note.push_str(&c.line);
            note.push('\n');
        }
        Ok(note)
    }

    /// Accepts a checkpoint note carrying cosignatures: the checkpoint must
    /// be one this log signed, and every signature by a configured witness
    /// must verify. Stores those cosignatures; returns how many.
    pub async fn add_cosignatures(&self, note_bytes: &[u8]) -> Result<usize, LedgerError> {
        let refused = |m: String| LedgerError::Refused(m);
        let (cp, note) = waico_ledger::open_checkpoint(note_bytes, &self.verifier())
            .map_err(|e| refused(format!("not a checkpoint of this log: {e}")))?;
        let stored = self
            .inner
            .store
            .ledger_checkpoint(cp.size)
            .await?
            .filter(|s| s.root == cp.root)
            .ok_or_else(|| refused(format!("this log issued no checkpoint {}", cp.size)))?;
        let witnesses = self.witnesses();
        let log_id = self.verifier().key_id();
        if let Some(unknown) = note.signatures.iter().find(|s| {
            let is_log = s.name == self.origin() && s.key_id == log_id;
            let is_witness = witnesses
                .iter()
                .any(|w| w.name() == s.name && w.key_id() == s.key_id);
            !is_log && !is_witness
        }) {
            return Err(refused(format!(
                "signature by {} is neither this log's nor a configured witness's",
                unknown.name
            )));
        }
        let verified = waico_ledger::verify_cosignatures(&note, witnesses, 1)
            .map_err(|e| refused(format!("no valid cosignature of a configured witness: {e}")))?;
        let mut stored_count = 0;
        for sig in &note.signatures {
            let Some(w) = witnesses
                .iter()
                .find(|w| w.key_id() == sig.key_id && w.name() == sig.name)
            else {
                continue;
            };
            if verified.iter().any(|v| v.name == w.name()) {
                self.inner
                    .store
                    .ledger_add_cosignature(stored.size, w.name(), &sig.line())
                    .await?;
                stored_count += 1;
            }
        }
        Ok(stored_count)
    }

    /// Witness names and timestamps of the cosignatures on a checkpoint.
    pub async fn witnessed_by(&self, cp: &StoredCheckpoint) -> Vec<(String, u64)> {
        let Ok(text) = self.cosigned_note(cp).await else {
            return Vec::new();
        };
        let Ok(note) = Note::parse(text.as_bytes()) else {
            return Vec::new();
        };
        waico_ledger::verify_cosignatures(&note, self.witnesses(), 0)
            .map(|v| v.into_iter().map(|c| (c.name, c.timestamp)).collect())
            .unwrap_or_default()
    }
}

async fn run_appender(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut cached = None;
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let entries: Vec<NewEntry> = jobs.iter().map(|j| j.entry.clone()).collect();
        match store.ledger_append(&entries, cached.take()).await {
            Ok((start, builder)) => {
                cached = Some(builder);
                for (i, job) in jobs.into_iter().enumerate() {
                    let _ = job.done.send(Ok(start + i as u64));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, batch = jobs.len(), "ledger append failed");
                let message = e.to_string();
                for job in jobs {
                    let _ = job.done.send(Err(message.clone()));
                }
            }
        }
    }
}

/// The actor named in a record: a role or member code, never a person.
pub fn actor_code(actor: &Actor) -> String {
    match actor {
        Actor::Anonymous => "anonymous".into(),
        Actor::User { grants, .. } => {
            if grants.contains(&RoleGrant::SecretariatAdmin) {
                return "secretariat_admin".into();
            }
            match grants.first() {
                Some(g) => {
                    let scope = g.scope();
                    if scope.is_empty() {
                        g.role().slug().to_owned()
                    } else {
                        format!("{}:{scope}", g.role().slug())
                    }
                }
                None => "member".into(),
            }
        }
    }
}

/// The stored form of a record: canonical bytes, leaf hash, kind.
pub fn entry_of(record: &Record) -> Result<NewEntry, LedgerError> {
    let body = record.canonical_bytes()?;
    let leaf_hash = waico_ledger::leaf_hash(&body);
    let kind = match &record.kind {
        RecordKind::Generic { .. } => "generic".to_owned(),
        k => serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "generic".into()),
    };
    Ok(NewEntry {
        body,
        leaf_hash,
        kind,
        time_ms: record.time_ms,
    })
}

/// The ledger entry of a decision about a governed document or release:
/// `content` is the exact bytes decided on (its SHA-256 goes in the
/// record). Made before the decision is written, so that the store can
/// write both in one transaction.
pub fn decision_entry(
    kind: RecordKind,
    actor: &str,
    subject: (&str, &str),
    content: &[u8],
    payload: serde_json::Value,
) -> Result<NewEntry, waico_store::StoreError> {
    let record = Record {
        kind,
        time_ms: waico_store::now_ms(),
        actor: actor.to_owned(),
        subject: Subject {
            kind: subject.0.to_owned(),
            id: subject.1.to_owned(),
            content_hash: to_hex(&waico_ledger::hash::sha256(content)),
        },
        payload,
    };
    entry_of(&record).map_err(|e| waico_store::StoreError::Refused(format!("ledger record: {e}")))
}

/// The ledger entry of a commons release: `tag` set on `commit` of the
/// repository at `repo` (`models/owner/name`), decided by `actor` (see
/// [`actor_code`]).
pub fn release_entry(
    actor: &str,
    repo: &str,
    tag: &str,
    commit: &str,
) -> Result<NewEntry, waico_store::StoreError> {
    decision_entry(
        RecordKind::CommonsReleasePublished,
        actor,
        ("commons_repo", repo),
        commit.as_bytes(),
        serde_json::json!({ "tag": tag, "commit": commit }),
    )
}

/// The ledger entry of a membership change, for the store to write in the
/// change's transaction.
pub fn membership_entry(
    actor: &str,
    country: CountryCode,
    before: Option<&Membership>,
    after: Option<&Membership>,
) -> Result<NewEntry, waico_store::StoreError> {
    membership_record(actor, country, before, after)
        .and_then(|r| entry_of(&r))
        .map_err(|e| waico_store::StoreError::Refused(format!("ledger record: {e}")))
}

/// The record of a membership change: admitted, or status changed.
pub fn membership_record(
    actor: &str,
    country: CountryCode,
    before: Option<&Membership>,
    after: Option<&Membership>,
) -> Result<Record, LedgerError> {
    let status = |m: Option<&Membership>| {
        m.map(|m| m.status.slug().to_owned())
            .unwrap_or_else(|| "removed".into())
    };
    let content = serde_json::json!({
        "country": country.as_str(),
        "status": status(after),
        "since": after.map(|m| m.since.clone()),
    });
    let content_hash = to_hex(&waico_ledger::hash::sha256(
        &waico_ledger::jcs::canonicalize(&content)
            .map_err(|e| LedgerError::Refused(e.to_string()))?,
    ));
    let kind = if before.is_none() && after.is_some() {
        RecordKind::MemberAdmitted
    } else {
        RecordKind::MemberStatusChanged
    };
    let record = Record {
        kind,
        time_ms: waico_store::now_ms(),
        actor: actor.to_owned(),
        subject: Subject {
            kind: "member".into(),
            id: country.as_str().to_owned(),
            content_hash,
        },
        payload: serde_json::json!({
            "status": status(after),
            "previous": before.map(|m| m.status.slug()),
            "since": after.map(|m| m.since.clone()),
        }),
    };
    Ok(record)
}

/// A decision that no operation of the node takes (a `generic` record, such
/// as a budget approved at a meeting), as the secretariat sends it for the
/// ledger: the actor is the caller's code and the time the server's clock,
/// whatever the request said. Records of the built-in kinds (admissions,
/// status changes, adoptions, releases) are written only by the operations
/// that take those decisions, so they cannot be sent here.
pub fn sent_decision(actor: &Actor, mut record: Record) -> Result<Record, crate::OpError> {
    crate::require(actor, waico_members::Action::AdministerNode)?;
    if !matches!(record.kind, RecordKind::Generic { .. }) {
        return Err(waico_members::Invalid::new("kind", "err-ledger-builtin-kind").into());
    }
    record.actor = actor_code(actor);
    record.time_ms = waico_store::now_ms();
    Ok(record)
}
