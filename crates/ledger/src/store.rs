//! The storage boundary: the [`HashReader`] trait that a database
//! implements to serve hashes of complete subtrees (the in-memory one is
//! `memory::MemoryTree`).

use crate::hash::{Hash, NodeId};

/// Why stored hashes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The node is not stored (the tree is smaller, or storage lost it).
    #[error("node at level {} index {} is not stored", .0.level, .0.index)]
    Missing(NodeId),
    /// The reader returned a different number of hashes than requested.
    #[error("storage returned {got} hashes for {wanted} requested")]
    WrongCount {
        /// Number requested.
        wanted: usize,
        /// Number returned.
        got: usize,
    },
    /// Any failure of the backend (I/O, database, decoding...).
    #[error("storage backend: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Read access to the hashes of complete subtrees.
///
/// A complete subtree is addressed by [`NodeId`] `(level, index)` and covers
/// leaves `[index << level, (index + 1) << level)`. Its hash is immutable
/// once written, so a database can store it as a row `(level, index) ->
/// 32 bytes` written by `TreeBuilder::append` and never updated.
///
/// Every computation in this crate asks for all the hashes it needs in one
/// call (a proof needs O(log n) of them), so an implementation can answer
/// with a single query.
pub trait HashReader {
    /// Returns the hashes of `ids`, in the same order.
    fn read_nodes(&self, ids: &[NodeId]) -> Result<Vec<Hash>, StorageError>;
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn read_nodes(&self, ids: &[NodeId]) -> Result<Vec<Hash>, StorageError> {
        (**self).read_nodes(ids)
    }
}

/// Reads `ids` and checks that the reader returned one hash per id.
pub(crate) fn read_exact<R: HashReader + ?Sized>(
    reader: &R,
    ids: &[NodeId],
) -> Result<Vec<Hash>, StorageError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let got = reader.read_nodes(ids)?;
    if got.len() != ids.len() {
        return Err(StorageError::WrongCount {
            wanted: ids.len(),
            got: got.len(),
        });
    }
    Ok(got)
}
