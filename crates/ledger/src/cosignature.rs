//! C2SP tlog-cosignature (Ed25519 `cosignature/v1`): producing witness
//! cosignatures, a [`Witness`] that only cosigns checkpoints consistent
//! with everything it cosigned before for that log, and k-of-n
//! verification of named witnesses.
//!
//! A cosignature line is `— <witness name> base64(key id || timestamp (u64
//! big-endian) || Ed25519 signature)`, key id computed with type 0x04, over
//! the message `cosignature/v1\ntime <timestamp>\n<checkpoint text>`.

use std::collections::HashMap;

use crate::checkpoint::{Checkpoint, CheckpointError, open_checkpoint};
use crate::hash::Hash;
use crate::keys::{ALG_COSIGNATURE_V1, SignerKey, VerifierKey};
use crate::note::{Note, NoteError, NoteSignature, cosignature_message};
use crate::proof::{VerifyError, verify_consistency};

/// Why a witness refuses to cosign or cosignatures do not meet a policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessError {
    /// The checkpoint's origin is not a log this witness follows.
    #[error("unknown log origin {0:?}")]
    UnknownLog(String),
    /// The checkpoint is malformed or not signed by the log.
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    /// The checkpoint is smaller than the last one cosigned.
    #[error("rollback: last cosigned size {known}, offered {offered}")]
    Rollback {
        /// Last cosigned size.
        known: u64,
        /// Offered size.
        offered: u64,
    },
    /// Same size as the last one cosigned, different root: a fork.
    #[error("fork at size {size}: root differs from the one cosigned")]
    Fork {
        /// The size at which roots differ.
        size: u64,
    },
    /// The consistency proof from the last cosigned checkpoint fails.
    #[error("not consistent with last cosigned size {known}: {reason}")]
    Inconsistent {
        /// Last cosigned size.
        known: u64,
        /// Why verification failed.
        reason: VerifyError,
    },
    /// The timestamp exceeds 2^63 - 1.
    #[error("timestamp out of range")]
    BadTimestamp,
}

/// Why cosignatures do not satisfy a k-of-n policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CosignatureError {
    /// A configured witness's cosignature does not verify.
    #[error("note: {0}")]
    Note(#[from] NoteError),
    /// Fewer than `need` distinct witnesses cosigned.
    #[error("{got} of the required {need} witnesses cosigned")]
    QuorumNotMet {
        /// Valid distinct cosignatures.
        got: usize,
        /// Required.
        need: usize,
    },
    /// A witness key is not a cosignature (type 0x04) key.
    #[error("witness key {0} is not a cosignature/v1 key")]
    NotACosignatureKey(String),
}

/// Produces a cosignature/v1 signature line for `checkpoint_text` at the
/// given POSIX time. Does no checking: use [`Witness`] for that.
pub fn cosign(
    checkpoint_text: &str,
    witness_key: &SignerKey,
    timestamp: u64,
) -> Result<NoteSignature, WitnessError> {
    if timestamp > i64::MAX as u64 {
        return Err(WitnessError::BadTimestamp);
    }
    let sig = witness_key.sign_bytes(&cosignature_message(checkpoint_text, timestamp));
    let mut signature = timestamp.to_be_bytes().to_vec();
    signature.extend_from_slice(&sig);
    Ok(NoteSignature {
        name: witness_key.name().to_string(),
        key_id: witness_key.cosignature_verifier().key_id(),
        signature,
    })
}

/// The last checkpoint a witness cosigned for one log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    /// Tree size.
    pub size: u64,
    /// Root hash at that size.
    pub root: Hash,
}

#[derive(Debug, Clone)]
struct Followed {
    key: VerifierKey,
    latest: Option<TreeHead>,
}

/// A witness: follows logs by origin, and cosigns a checkpoint only if the
/// log signed it and it is consistent with the last one cosigned (no
/// rollback, no fork). Its per-log state is exposed for persistence.
#[derive(Debug)]
pub struct Witness {
    key: SignerKey,
    logs: HashMap<String, Followed>,
}

impl Witness {
    /// A witness signing with `key` (its name is the witness name).
    pub fn new(key: SignerKey) -> Self {
        Self {
            key,
            logs: HashMap::new(),
        }
    }

    /// Follows the log whose key name is its origin, optionally resuming
    /// from a persisted last cosigned tree head.
    pub fn follow(&mut self, log_key: VerifierKey, latest: Option<TreeHead>) {
        self.logs.insert(
            log_key.name().to_string(),
            Followed {
                key: log_key,
                latest,
            },
        );
    }

    /// The last tree head cosigned for `origin`, for persistence.
    pub fn latest(&self, origin: &str) -> Option<TreeHead> {
        self.logs.get(origin).and_then(|l| l.latest)
    }

    /// The key clients use to verify this witness's cosignatures.
    pub fn verifier(&self) -> VerifierKey {
        self.key.cosignature_verifier()
    }

    /// Checks a signed checkpoint and, if acceptable, cosigns it.
    ///
    /// `proof` is the consistency proof from the last cosigned size to the
    /// offered size (empty on first sight or at equal size).
    pub fn cosign(
        &mut self,
        signed_checkpoint: &[u8],
        proof: &[Hash],
        now: u64,
    ) -> Result<NoteSignature, WitnessError> {
        let note = Note::parse(signed_checkpoint).map_err(CheckpointError::from)?;
        let origin = Checkpoint::parse_text(&note.text)?.origin;
        let log = self
            .logs
            .get_mut(&origin)
            .ok_or(WitnessError::UnknownLog(origin))?;
        let (cp, _) = open_checkpoint(signed_checkpoint, &log.key)?;
        if let Some(known) = log.latest {
            if cp.size < known.size {
                return Err(WitnessError::Rollback {
                    known: known.size,
                    offered: cp.size,
                });
            }
            if cp.size == known.size && cp.root != known.root {
                return Err(WitnessError::Fork { size: cp.size });
            }
            verify_consistency(known.size, cp.size, &known.root, &cp.root, proof).map_err(
                |reason| WitnessError::Inconsistent {
                    known: known.size,
                    reason,
                },
            )?;
        }
        let line = cosign(&note.text, &self.key, now)?;
        log.latest = Some(TreeHead {
            size: cp.size,
            root: cp.root,
        });
        Ok(line)
    }
}

/// A witness cosignature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosigned {
    /// Witness name.
    pub name: String,
    /// When it cosigned (POSIX seconds).
    pub timestamp: u64,
}

/// Verifies that at least `k` distinct witnesses among `witnesses` (type
/// 0x04 keys) cosigned the note. Signatures by other keys are ignored; a
/// configured witness's bad cosignature rejects the note.
pub fn verify_cosignatures(
    note: &Note,
    witnesses: &[VerifierKey],
    k: usize,
) -> Result<Vec<Cosigned>, CosignatureError> {
    if let Some(w) = witnesses.iter().find(|w| w.alg() != ALG_COSIGNATURE_V1) {
        return Err(CosignatureError::NotACosignatureKey(w.name().to_string()));
    }
    let verified = match note.verify(witnesses) {
        Ok(v) => v,
        Err(NoteError::NoKnownSignature) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let mut out: Vec<Cosigned> = Vec::new();
    for v in verified {
        if !out.iter().any(|c| c.name == v.name) {
            out.push(Cosigned {
                name: v.name,
                timestamp: v.timestamp.unwrap_or(0),
            });
        }
    }
    if out.len() < k {
        return Err(CosignatureError::QuorumNotMet {
            got: out.len(),
            need: k,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use crate::memory::MemoryTree;
    use crate::proof::{consistency_proof, root_at};

    const LOG: &str = "ledger.waico.example/governance";

    fn log_key() -> SignerKey {
        SignerKey::from_seed(LOG, [1; 32]).unwrap()
    }

    fn grow(tree: &mut MemoryTree, n: u64) -> Vec<u8> {
        let start = tree.size();
        let leaves: Vec<Hash> = (start..start + n)
            .map(|i| leaf_hash(&i.to_be_bytes()))
            .collect();
        tree.append(&leaves);
        Checkpoint::new(LOG, tree.size(), tree.root())
            .sign(&log_key())
            .unwrap()
            .to_string()
            .into_bytes()
    }

    #[test]
    fn cosignature_timestamp_layout_matches_reference_vector() {
        // A cosignature/v1 signature from transparency-dev/formats tests:
        // key id 0x646846b9, timestamp 1727964367.
        use base64::Engine as _;
        let raw = base64::engine::general_purpose::STANDARD
            .decode("ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==")
            .unwrap();
        assert_eq!(raw.len(), 4 + 8 + 64);
        assert_eq!(u32::from_be_bytes(raw[..4].try_into().unwrap()), 0x646846b9);
        assert_eq!(
            u64::from_be_bytes(raw[4..12].try_into().unwrap()),
            1727964367
        );
    }

    #[test]
    fn cosignature_message_and_line_format() {
        let w = SignerKey::from_seed("witness.example/w1", [2; 32]).unwrap();
        let text =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        assert_eq!(
            cosignature_message(text, 1679315147),
            b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
        );
        let line = cosign(text, &w, 1679315147).unwrap();
        assert_eq!(
            line.key_id,
            crate::keys::key_id("witness.example/w1", 0x04, &w.verifier().public_key())
        );
        assert_ne!(line.key_id, w.key_id());
        assert_eq!(line.signature.len(), 72);
        assert_eq!(&line.signature[..8], &1679315147u64.to_be_bytes());
        let note = Note {
            text: text.into(),
            signatures: vec![line],
        };
        let v = note.verify(&[w.cosignature_verifier()]).unwrap();
        assert_eq!(v[0].timestamp, Some(1679315147));
        // A plain Ed25519 verifier of the same key does not accept it.
        assert_eq!(
            note.verify(&[w.verifier()]),
            Err(NoteError::NoKnownSignature)
        );
        assert_eq!(cosign(text, &w, 1 << 63), Err(WitnessError::BadTimestamp));
    }

    #[test]
    fn witness_checks_consistency_and_refuses_rollback_and_fork() {
        let mut tree = MemoryTree::new();
        let mut witness =
            Witness::new(SignerKey::from_seed("witness.example/w1", [3; 32]).unwrap());
        witness.follow(log_key().verifier(), None);

        let cp10 = grow(&mut tree, 10);
        witness.cosign(&cp10, &[], 1000).unwrap();
        assert_eq!(witness.latest(LOG).unwrap().size, 10);

        let cp25 = grow(&mut tree, 15);
        let good = consistency_proof(&tree, 10, 25).unwrap();
        let mut bad = good.clone();
        bad[0][0] ^= 1;
        assert!(matches!(
            witness.cosign(&cp25, &bad, 1001),
            Err(WitnessError::Inconsistent { known: 10, .. })
        ));
        assert!(matches!(
            witness.cosign(&cp25, &[], 1001),
            Err(WitnessError::Inconsistent { .. })
        ));
        witness.cosign(&cp25, &good, 1002).unwrap();
        // Same checkpoint again is fine (idempotent).
        witness.cosign(&cp25, &[], 1003).unwrap();
        // Older checkpoint: rollback.
        assert_eq!(
            witness.cosign(&cp10, &[], 1004),
            Err(WitnessError::Rollback {
                known: 25,
                offered: 10
            })
        );
        // Same size, different root: fork.
        let forked = Checkpoint::new(LOG, 25, leaf_hash(b"fork"))
            .sign(&log_key())
            .unwrap()
            .to_string();
        assert_eq!(
            witness.cosign(forked.as_bytes(), &[], 1005),
            Err(WitnessError::Fork { size: 25 })
        );
        // Not signed by the log.
        let impostor = SignerKey::from_seed(LOG, [66; 32]).unwrap();
        let fake = Checkpoint::new(LOG, 30, root_at(&tree, 25).unwrap())
            .sign(&impostor)
            .unwrap()
            .to_string();
        assert!(matches!(
            witness.cosign(fake.as_bytes(), &[], 1006),
            Err(WitnessError::Checkpoint(_))
        ));
        // Unknown log.
        let other = SignerKey::from_seed("other.example/log", [5; 32]).unwrap();
        let cp = Checkpoint::new("other.example/log", 1, [0; 32])
            .sign(&other)
            .unwrap()
            .to_string();
        assert_eq!(
            witness.cosign(cp.as_bytes(), &[], 1007),
            Err(WitnessError::UnknownLog("other.example/log".into()))
        );
        assert_eq!(
            witness.latest(LOG),
            Some(TreeHead {
                size: 25,
                root: tree.root()
            })
        );
    }

    #[test]
    fn k_of_n_witness_policy() {
        let mut tree = MemoryTree::new();
        let cp = grow(&mut tree, 5);
        let mut note = Note::parse(&cp).unwrap();
        let ws: Vec<SignerKey> = (0..3u8)
            .map(|i| SignerKey::from_seed(&format!("w{i}.example"), [10 + i; 32]).unwrap())
            .collect();
        let verifiers: Vec<VerifierKey> = ws.iter().map(|w| w.cosignature_verifier()).collect();
        for w in &ws[..2] {
            let mut witness = Witness::new(w.clone());
            witness.follow(log_key().verifier(), None);
            note.signatures
                .push(witness.cosign(&cp, &[], 1_700_000_000).unwrap());
        }
        // Round-trip through text, as a client would receive it.
        let note = Note::parse(note.to_string().as_bytes()).unwrap();
        let ok = verify_cosignatures(&note, &verifiers, 2).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(
            ok[0],
            Cosigned {
                name: "w0.example".into(),
                timestamp: 1_700_000_000
            }
        );
        assert_eq!(
            verify_cosignatures(&note, &verifiers, 3),
            Err(CosignatureError::QuorumNotMet { got: 2, need: 3 })
        );
        assert_eq!(
            verify_cosignatures(&note, &verifiers[2..], 1),
            Err(CosignatureError::QuorumNotMet { got: 0, need: 1 })
        );
        // A duplicated line does not count twice.
        let mut dup = note.clone();
        dup.signatures.push(dup.signatures[1].clone());
        assert_eq!(verify_cosignatures(&dup, &verifiers, 2).unwrap().len(), 2);
        assert_eq!(
            verify_cosignatures(&dup, &verifiers, 3),
            Err(CosignatureError::QuorumNotMet { got: 2, need: 3 })
        );
        // A tampered cosignature from a configured witness rejects the note.
        let mut bad = note.clone();
        bad.signatures[1].signature[20] ^= 1;
        assert!(matches!(
            verify_cosignatures(&bad, &verifiers, 1),
            Err(CosignatureError::Note(NoteError::InvalidSignature { .. }))
        ));
        // Plain Ed25519 keys are refused as witness keys.
        assert!(matches!(
            verify_cosignatures(&note, &[ws[0].verifier()], 1),
            Err(CosignatureError::NotACosignatureKey(_))
        ));
    }
}
