//! An independent verifier core for monitors and auditors: given a pinned
//! log key, a signed checkpoint and the log's entries `0..n` (streamed in
//! any chunking), it checks the signature, recomputes the tree keeping only
//! its right edge (O(log n) memory), checks consistency with a previously
//! trusted tree head, and reports the first failure with the entry index
//! when one is known.

use crate::append::TreeBuilder;
use crate::checkpoint::{Checkpoint, CheckpointError, open_checkpoint};
use crate::cosignature::TreeHead;
use crate::hash::{Hash, leaf_hash, to_hex};
use crate::keys::VerifierKey;
use crate::record::Record;

/// The first problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The checkpoint is malformed or its signature does not verify.
    #[error("bad checkpoint signature or format: {0}")]
    BadSignature(CheckpointError),
    /// The checkpoint is smaller than the trusted tree head.
    #[error("checkpoint size {checkpoint} is smaller than trusted size {trusted}")]
    TreeSmallerThanTrusted {
        /// Trusted size.
        trusted: u64,
        /// Checkpoint size.
        checkpoint: u64,
    },
    /// The entries' tree at the trusted size does not have the trusted root:
    /// the log rewrote history (some entry below `size` changed).
    #[error("entries disagree with the trusted root at size {size}")]
    Inconsistent {
        /// Trusted size.
        size: u64,
        /// Trusted root (hex).
        trusted_root: String,
        /// Root recomputed from the entries (hex).
        computed_root: String,
    },
    /// An entry does not hash to the leaf hash published for it.
    #[error("entry {index} does not match its published leaf hash")]
    EntryHashMismatch {
        /// Entry index.
        index: u64,
    },
    /// An entry is not a canonically encoded governance record.
    #[error("entry {index} is not a canonical record: {reason}")]
    NotCanonicalRecord {
        /// Entry index.
        index: u64,
        /// Why.
        reason: String,
    },
    /// More entries were given than the checkpoint covers.
    #[error("more entries than the checkpoint size {size}")]
    TooManyEntries {
        /// Checkpoint size.
        size: u64,
    },
    /// Fewer entries than the checkpoint size.
    #[error("got {got} entries, checkpoint says {size}")]
    TooFewEntries {
        /// Entries received.
        got: u64,
        /// Checkpoint size.
        size: u64,
    },
    /// The entries do not produce the checkpoint's root.
    #[error("root recomputed from entries differs from checkpoint at size {size}")]
    RootMismatch {
        /// Checkpoint size.
        size: u64,
        /// Checkpoint root (hex).
        checkpoint_root: String,
        /// Root recomputed (hex).
        computed_root: String,
    },
}

/// Streaming log verifier. Feed entries in order with the `push_*`
/// methods (mixing is allowed), then call [`LogVerifier::finish`].
/// After the first failure every call returns that same failure.
#[derive(Debug)]
pub struct LogVerifier {
    checkpoint: Checkpoint,
    trusted: Option<TreeHead>,
    builder: TreeBuilder,
    require_records: bool,
    failed: Option<Failure>,
}

impl LogVerifier {
    /// Checks the checkpoint's signature by the pinned log key and its
    /// size against the trusted tree head, and starts a verification.
    pub fn new(
        log_key: &VerifierKey,
        signed_checkpoint: &[u8],
        trusted: Option<TreeHead>,
    ) -> Result<Self, Failure> {
        let (checkpoint, _) =
            open_checkpoint(signed_checkpoint, log_key).map_err(Failure::BadSignature)?;
        if let Some(t) = trusted {
            if checkpoint.size < t.size {
                return Err(Failure::TreeSmallerThanTrusted {
                    trusted: t.size,
                    checkpoint: checkpoint.size,
                });
            }
            if checkpoint.size == t.size && checkpoint.root != t.root {
                return Err(Failure::Inconsistent {
                    size: t.size,
                    trusted_root: to_hex(&t.root),
                    computed_root: to_hex(&checkpoint.root),
                });
            }
        }
        let trusted = trusted.filter(|t| t.size > 0);
        Ok(Self {
            checkpoint,
            trusted,
            builder: TreeBuilder::new(),
            require_records: false,
            failed: None,
        })
    }

    /// Also require every entry to be a canonically encoded [`Record`].
    pub fn require_records(mut self, yes: bool) -> Self {
        self.require_records = yes;
        self
    }

    /// The checkpoint being verified.
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    /// Number of entries consumed so far.
    pub fn position(&self) -> u64 {
        self.builder.size()
    }

    fn fail(&mut self, f: Failure) -> Result<(), Failure> {
        self.failed = Some(f.clone());
        Err(f)
    }

    fn accept_leaf(&mut self, hash: Hash) -> Result<(), Failure> {
        if let Some(f) = &self.failed {
            return Err(f.clone());
        }
        if self.builder.size() >= self.checkpoint.size {
            return self.fail(Failure::TooManyEntries {
                size: self.checkpoint.size,
            });
        }
        self.builder.push(hash);
        if let Some(t) = self.trusted
            && self.builder.size() == t.size
        {
            let computed = self.builder.root();
            if computed != t.root {
                return self.fail(Failure::Inconsistent {
                    size: t.size,
                    trusted_root: to_hex(&t.root),
                    computed_root: to_hex(&computed),
                });
            }
        }
        Ok(())
    }

    fn check_entry(&mut self, entry: &[u8]) -> Result<Hash, Failure> {
        if let Some(f) = &self.failed {
            return Err(f.clone());
        }
        if self.require_records
            && let Err(e) = Record::from_canonical_bytes(entry)
        {
            let index = self.builder.size();
            self.fail(Failure::NotCanonicalRecord {
                index,
                reason: e.to_string(),
            })?;
        }
        Ok(leaf_hash(entry))
    }

    /// Consumes the next entry (leaf data).
    pub fn push_entry(&mut self, entry: &[u8]) -> Result<(), Failure> {
        let h = self.check_entry(entry)?;
        self.accept_leaf(h)
    }

    /// Consumes the next entry together with the leaf hash the log
    /// published for it (e.g. from a level-0 tile); a mismatch is
    /// reported with the entry's index.
    pub fn push_entry_with_hash(&mut self, entry: &[u8], published: &Hash) -> Result<(), Failure> {
        let h = self.check_entry(entry)?;
        if h != *published {
            let index = self.builder.size();
            return self.fail(Failure::EntryHashMismatch { index });
        }
        self.accept_leaf(h)
    }

    /// Consumes the next leaf hash when the entry itself is not available.
    pub fn push_leaf_hash(&mut self, leaf: &Hash) -> Result<(), Failure> {
        self.accept_leaf(*leaf)
    }

    /// Consumes a chunk of entries.
    pub fn push_entries<E: AsRef<[u8]>>(&mut self, entries: &[E]) -> Result<(), Failure> {
        entries.iter().try_for_each(|e| self.push_entry(e.as_ref()))
    }

    /// Checks that all entries were given and they produce the root;
    /// returns the checkpoint, which can now be trusted.
    pub fn finish(self) -> Result<Checkpoint, Failure> {
        if let Some(f) = self.failed {
            return Err(f);
        }
        let got = self.builder.size();
        if got != self.checkpoint.size {
            return Err(Failure::TooFewEntries {
                got,
                size: self.checkpoint.size,
            });
        }
        let computed = self.builder.root();
        if computed != self.checkpoint.root {
            return Err(Failure::RootMismatch {
                size: got,
                checkpoint_root: to_hex(&self.checkpoint.root),
                computed_root: to_hex(&computed),
            });
        }
        Ok(self.checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SignerKey;
    use crate::memory::MemoryTree;
    use crate::record::{RecordKind, Subject};

    const LOG: &str = "ledger.waico.example/governance";

    fn key() -> SignerKey {
        SignerKey::from_seed(LOG, [4; 32]).unwrap()
    }

    fn entries(n: u64) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                Record {
                    kind: RecordKind::MemberAdmitted,
                    time_ms: 1_700_000_000_000 + i as i64,
                    actor: "secretariat".into(),
                    subject: Subject {
                        kind: "member".into(),
                        id: format!("M{i:04}"),
                        content_hash: "0".repeat(64),
                    },
                    payload: serde_json::json!({ "seq": i }),
                }
                .canonical_bytes()
                .unwrap()
            })
            .collect()
    }

    fn checkpoint_for(entries: &[Vec<u8>]) -> (Vec<u8>, TreeHead) {
        let mut tree = MemoryTree::new();
        let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
        tree.append(&hashes);
        let cp = Checkpoint::new(LOG, tree.size(), tree.root());
        (
            cp.sign(&key()).unwrap().to_string().into_bytes(),
            TreeHead {
                size: cp.size,
                root: cp.root,
            },
        )
    }

    #[test]
    fn honest_log_verifies_in_any_chunking() {
        let es = entries(300);
        let (cp, _) = checkpoint_for(&es);
        let (_, trusted) = checkpoint_for(&es[..123]);
        for chunk in [1usize, 7, 256, 300] {
            let mut v = LogVerifier::new(&key().verifier(), &cp, Some(trusted))
                .unwrap()
                .require_records(true);
            for c in es.chunks(chunk) {
                v.push_entries(c).unwrap();
            }
            assert_eq!(v.finish().unwrap().size, 300);
        }
    }

    #[test]
    fn reports_the_first_bad_entry_when_leaf_hashes_are_published() {
        let es = entries(50);
        let (cp, _) = checkpoint_for(&es);
        let published: Vec<Hash> = es.iter().map(|e| leaf_hash(e)).collect();
        let mut served = es.clone();
        served[17] = entries(60)[55].clone(); // a valid record, but not the one logged
        served[30] = b"garbage".to_vec();
        let mut v = LogVerifier::new(&key().verifier(), &cp, None).unwrap();
        let mut first_err = None;
        for (e, h) in served.iter().zip(&published) {
            if let Err(f) = v.push_entry_with_hash(e, h) {
                first_err = Some(f);
                break;
            }
        }
        assert_eq!(first_err, Some(Failure::EntryHashMismatch { index: 17 }));
        assert_eq!(v.finish(), Err(Failure::EntryHashMismatch { index: 17 }));
    }

    #[test]
    fn detects_rewritten_history_root_mismatch_and_counts() {
        let es = entries(40);
        let (cp, _) = checkpoint_for(&es);
        let (_, trusted) = checkpoint_for(&es[..20]);
        // History rewritten below the trusted size: the log re-signed a tree
        // whose prefix differs.
        let mut rewritten = es.clone();
        rewritten[5] = entries(41)[40].clone();
        let (cp_rewritten, _) = checkpoint_for(&rewritten);
        let mut v = LogVerifier::new(&key().verifier(), &cp_rewritten, Some(trusted)).unwrap();
        let err = v.push_entries(&rewritten).unwrap_err();
        assert!(matches!(err, Failure::Inconsistent { size: 20, .. }));
        assert_eq!(v.position(), 20);

        // Entries that do not match the checkpoint root.
        let mut v = LogVerifier::new(&key().verifier(), &cp, None).unwrap();
        v.push_entries(&rewritten).unwrap();
        assert!(matches!(
            v.finish(),
            Err(Failure::RootMismatch { size: 40, .. })
        ));

        let mut v = LogVerifier::new(&key().verifier(), &cp, None).unwrap();
        v.push_entries(&es[..39]).unwrap();
        assert_eq!(
            v.finish(),
            Err(Failure::TooFewEntries { got: 39, size: 40 })
        );

        let mut v = LogVerifier::new(&key().verifier(), &cp, None).unwrap();
        v.push_entries(&es).unwrap();
        assert_eq!(
            v.push_entry(b"extra"),
            Err(Failure::TooManyEntries { size: 40 })
        );
    }

    #[test]
    fn checkpoint_level_failures() {
        let es = entries(10);
        let (cp, head) = checkpoint_for(&es);
        let (_, bigger) = checkpoint_for(&entries(11));
        assert_eq!(
            LogVerifier::new(&key().verifier(), &cp, Some(bigger)).unwrap_err(),
            Failure::TreeSmallerThanTrusted {
                trusted: 11,
                checkpoint: 10
            }
        );
        let forked = TreeHead {
            size: 10,
            root: [0; 32],
        };
        assert!(matches!(
            LogVerifier::new(&key().verifier(), &cp, Some(forked)),
            Err(Failure::Inconsistent { size: 10, .. })
        ));
        let other = SignerKey::from_seed(LOG, [5; 32]).unwrap();
        assert!(matches!(
            LogVerifier::new(&other.verifier(), &cp, None),
            Err(Failure::BadSignature(_))
        ));
        let mut tampered = cp.clone();
        let pos = tampered.iter().position(|b| *b == b'\n').unwrap() + 1;
        tampered[pos] = b'9';
        assert!(matches!(
            LogVerifier::new(&key().verifier(), &tampered, None),
            Err(Failure::BadSignature(_))
        ));
        assert!(LogVerifier::new(&key().verifier(), &cp, Some(head)).is_ok());
    }

    #[test]
    fn non_record_entries_are_flagged_when_records_are_required() {
        let mut es = entries(5);
        es[3] = b"{\"not\":\"a record\"}".to_vec();
        let (cp, _) = checkpoint_for(&es);
        let mut v = LogVerifier::new(&key().verifier(), &cp, None)
            .unwrap()
            .require_records(true);
        let err = v.push_entries(&es).unwrap_err();
        assert!(matches!(err, Failure::NotCanonicalRecord { index: 3, .. }));
        // Without the requirement the same log verifies.
        let mut v = LogVerifier::new(&key().verifier(), &cp, None).unwrap();
        v.push_entries(&es).unwrap();
        v.finish().unwrap();
    }
}
