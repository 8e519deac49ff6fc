//! WAICO ledger: the pure domain logic of a tamper-evident, append-only
//! Merkle log of governance decisions in the style of Certificate
//! Transparency (RFC 6962 / RFC 9162 hashing and proofs, C2SP tlog-tiles,
//! signed notes, checkpoints and witness cosignatures).
//!
//! The crate does no I/O. Storage implements [`store::HashReader`]; the
//! append path ([`append::TreeBuilder`]) tells storage which node hashes to
//! write; everything else is computation over those hashes. See the
//! crate's README for the formats and the storage design.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod append;
pub mod checkpoint;
pub mod cosignature;
pub mod hash;
pub mod jcs;
pub mod keys;
pub mod memory;
pub mod misbehaviour;
pub mod note;
pub mod proof;
pub mod record;
pub mod store;
pub mod tiles;
pub mod verify;

pub use append::{AppendResult, TreeBuilder};
pub use checkpoint::{Checkpoint, open_checkpoint};
pub use cosignature::{TreeHead, Witness, verify_cosignatures};
pub use hash::{Hash, NodeId, leaf_hash};
pub use keys::{SignerKey, VerifierKey};
pub use memory::MemoryTree;
pub use misbehaviour::{Fork, ForkProof, ForkProofError};
pub use note::Note;
pub use proof::{
    consistency_proof, inclusion_proof, root_at, verify_consistency, verify_inclusion,
};
pub use record::{Record, RecordKind, Subject};
pub use store::{HashReader, StorageError};
pub use verify::{Failure, LogVerifier};
