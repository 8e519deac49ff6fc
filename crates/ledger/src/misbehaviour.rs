//! Proofs that a log misbehaved, which anyone holding the log's key can
//! check without trusting whoever found them: two checkpoints the log
//! signed that cannot both be true.
//!
//! * Same size, different roots: the two signed notes alone.
//! * Different sizes: the larger checkpoint commits to a prefix of the
//!   smaller size; the log's own consistency proof from that prefix's root
//!   to the larger root shows which prefix, and it is not the smaller
//!   checkpoint's root. (A consistency proof binds both roots, so nobody
//!   can make one up for roots the log did not sign.)

use serde::{Deserialize, Serialize};

use crate::checkpoint::{Checkpoint, CheckpointError, open_checkpoint};
use crate::hash::{Hash, from_hex, to_hex};
use crate::keys::VerifierKey;
use crate::proof::verify_consistency;

/// The `kind` a proof file carries.
pub const FORK_PROOF_KIND: &str = "waico-ledger-fork-proof";

/// Two conflicting signed checkpoints of one log, with what shows the
/// conflict (JSON, as witnesses print it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForkProof {
    /// Always [`FORK_PROOF_KIND`].
    pub kind: String,
    /// The log's origin.
    pub origin: String,
    /// The smaller (or first seen) signed checkpoint, as a signed note.
    pub older: String,
    /// The other signed checkpoint, as a signed note.
    pub newer: String,
    /// When the sizes differ: the root the newer tree has at the older
    /// size (hex), and the log's consistency proof from it to the newer root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_root: Option<String>,
    /// Consistency proof hashes (hex), from `prefix_root` to the newer root.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consistency: Vec<String>,
}

/// What a checked proof shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fork {
    /// The log's origin.
    pub origin: String,
    /// The older checkpoint's size.
    pub size: u64,
    /// The root the log signed at `size`.
    pub signed_root: Hash,
    /// The root its other checkpoint commits to at `size`.
    pub other_root: Hash,
    /// The newer checkpoint's size.
    pub newer_size: u64,
}

/// Why a fork proof does not prove anything.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForkProofError {
    /// Not a fork proof.
    #[error("not a {FORK_PROOF_KIND}")]
    Kind,
    /// A checkpoint is not signed by the log's key.
    #[error("{which} checkpoint: {error}")]
    Checkpoint {
        /// `older` or `newer`.
        which: &'static str,
        /// What is wrong with it.
        error: CheckpointError,
    },
    /// The newer checkpoint is smaller than the older one.
    #[error("the newer checkpoint is smaller than the older one")]
    Order,
    /// The checkpoints agree.
    #[error("the two checkpoints do not conflict")]
    NoConflict,
    /// The prefix root or the consistency proof is missing or malformed.
    #[error("prefix root or consistency proof missing or malformed")]
    Malformed,
    /// The consistency proof does not bind the prefix root to the newer root.
    #[error("the consistency proof does not verify: {0}")]
    Proof(String),
}

fn hash_of(hex: &str) -> Result<Hash, ForkProofError> {
    from_hex(hex)
        .and_then(|b| b.try_into().ok())
        .ok_or(ForkProofError::Malformed)
}

impl ForkProof {
    /// A proof from two signed notes of the same size with different roots.
    pub fn same_size(older: &str, newer: &str, origin: &str) -> Self {
        Self {
            kind: FORK_PROOF_KIND.into(),
            origin: origin.into(),
            older: older.into(),
            newer: newer.into(),
            prefix_root: None,
            consistency: Vec::new(),
        }
    }

    /// A proof from a smaller signed note, a larger one, and the log's
    /// consistency proof from `prefix_root` (the larger tree's root at the
    /// smaller size) to the larger root.
    pub fn prefix(
        older: &str,
        newer: &str,
        origin: &str,
        prefix_root: &Hash,
        consistency: &[Hash],
    ) -> Self {
        Self {
            kind: FORK_PROOF_KIND.into(),
            origin: origin.into(),
            older: older.into(),
            newer: newer.into(),
            prefix_root: Some(to_hex(prefix_root)),
            consistency: consistency.iter().map(|h| to_hex(h)).collect(),
        }
    }

    /// Checks the proof against the log's key: both checkpoints signed by
    /// it, and in conflict.
    pub fn check(&self, log_key: &VerifierKey) -> Result<Fork, ForkProofError> {
        if self.kind != FORK_PROOF_KIND {
            return Err(ForkProofError::Kind);
        }
        let open = |which, note: &str| -> Result<Checkpoint, ForkProofError> {
            open_checkpoint(note.as_bytes(), log_key)
                .map(|(cp, _)| cp)
                .map_err(|error| ForkProofError::Checkpoint { which, error })
        };
        let older = open("older", &self.older)?;
        let newer = open("newer", &self.newer)?;
        if newer.size < older.size {
            return Err(ForkProofError::Order);
        }
        let other_root = if newer.size == older.size {
            newer.root
        } else {
            let prefix = hash_of(
                self.prefix_root
                    .as_deref()
                    .ok_or(ForkProofError::Malformed)?,
            )?;
            let proof = self
                .consistency
                .iter()
                .map(|h| hash_of(h))
                .collect::<Result<Vec<_>, _>>()?;
            if older.size == 0 {
                return Err(ForkProofError::NoConflict);
            }
            verify_consistency(older.size, newer.size, &prefix, &newer.root, &proof)
                .map_err(|e| ForkProofError::Proof(e.to_string()))?;
            prefix
        };
        if other_root == older.root {
            return Err(ForkProofError::NoConflict);
        }
        Ok(Fork {
            origin: older.origin,
            size: older.size,
            signed_root: older.root,
            other_root,
            newer_size: newer.size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SignerKey;
    use crate::memory::MemoryTree;
    use crate::{consistency_proof, leaf_hash, root_at};

    fn tree(leaves: &[&[u8]]) -> MemoryTree {
        let mut t = MemoryTree::new();
        let hashes: Vec<Hash> = leaves.iter().map(|l| leaf_hash(l)).collect();
        t.extend(&hashes);
        t
    }

    fn note(key: &SignerKey, size: u64, root: Hash) -> String {
        Checkpoint::new(key.name(), size, root)
            .sign(key)
            .unwrap()
            .to_string()
    }

    #[test]
    fn two_trees_signed_by_one_key_are_a_checkable_fork() {
        let key = SignerKey::generate("example.org/log").unwrap();
        let honest = tree(&[b"a", b"b", b"c"]);
        let forked = tree(&[b"a", b"x", b"c", b"d", b"e"]);
        let older = note(&key, 3, root_at(&honest, 3).unwrap());
        let newer = note(&key, 5, root_at(&forked, 5).unwrap());
        let prefix = root_at(&forked, 3).unwrap();
        let proof = consistency_proof(&forked, 3, 5).unwrap();
        let p = ForkProof::prefix(&older, &newer, key.name(), &prefix, &proof);
        let text = serde_json::to_string(&p).unwrap();
        let back: ForkProof = serde_json::from_str(&text).unwrap();
        let fork = back.check(&key.verifier()).unwrap();
        assert_eq!((fork.size, fork.newer_size), (3, 5));
        assert_ne!(fork.signed_root, fork.other_root);

        // Another key's checker is not convinced.
        let other = SignerKey::generate("example.org/log").unwrap();
        assert!(matches!(
            back.check(&other.verifier()),
            Err(ForkProofError::Checkpoint { .. })
        ));

        // A made-up prefix root does not verify against the signed newer root.
        let mut made_up = back.clone();
        made_up.prefix_root = Some(to_hex(&[7u8; 32]));
        assert!(matches!(
            made_up.check(&key.verifier()),
            Err(ForkProofError::Proof(_))
        ));

        // The same size with different roots needs no proof.
        let same = note(&key, 3, root_at(&forked, 3).unwrap());
        let fork = ForkProof::same_size(&older, &same, key.name())
            .check(&key.verifier())
            .unwrap();
        assert_eq!(fork.size, 3);
    }

    #[test]
    fn an_honest_extension_is_no_fork() {
        let key = SignerKey::generate("example.org/log").unwrap();
        let t = tree(&[b"a", b"b", b"c", b"d", b"e"]);
        let older = note(&key, 3, root_at(&t, 3).unwrap());
        let newer = note(&key, 5, root_at(&t, 5).unwrap());
        let proof = consistency_proof(&t, 3, 5).unwrap();
        let p = ForkProof::prefix(&older, &newer, key.name(), &root_at(&t, 3).unwrap(), &proof);
        assert_eq!(p.check(&key.verifier()), Err(ForkProofError::NoConflict));
        assert_eq!(
            ForkProof::same_size(&older, &older, key.name()).check(&key.verifier()),
            Err(ForkProofError::NoConflict)
        );
    }
}
