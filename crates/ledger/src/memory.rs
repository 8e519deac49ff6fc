//! [`MemoryTree`]: a Merkle tree held wholly in memory, the reference
//! [`HashReader`] used by tests, benchmarks and small verifiers.

use crate::append::{AppendResult, TreeBuilder};
use crate::hash::{Hash, NodeId};
use crate::store::{HashReader, StorageError};

/// A Merkle tree held in memory, storing every complete node of every
/// level (about 2n hashes for n leaves).
#[derive(Debug, Clone, Default)]
pub struct MemoryTree {
    levels: Vec<Vec<Hash>>,
    builder: TreeBuilder,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves.
    pub fn size(&self) -> u64 {
        self.builder.size()
    }

    /// Root hash at the current size.
    pub fn root(&self) -> Hash {
        self.builder.root()
    }

    /// Appends leaf hashes; returns what a database would have to store.
    pub fn append(&mut self, leaf_hashes: &[Hash]) -> AppendResult {
        let result = self.builder.append(leaf_hashes);
        for (id, hash) in &result.nodes {
            self.store(*id, *hash);
        }
        result
    }

    /// Appends leaf hashes without collecting the list of new nodes.
    pub fn extend(&mut self, leaf_hashes: &[Hash]) {
        let levels = &mut self.levels;
        self.builder.append_with(leaf_hashes, |id, hash| {
            let level = usize::from(id.level);
            if levels.len() <= level {
                levels.resize_with(level + 1, Vec::new);
            }
            debug_assert_eq!(levels[level].len() as u64, id.index);
            levels[level].push(hash);
        });
    }

    fn store(&mut self, id: NodeId, hash: Hash) {
        let level = usize::from(id.level);
        if self.levels.len() <= level {
            self.levels.resize_with(level + 1, Vec::new);
        }
        debug_assert_eq!(self.levels[level].len() as u64, id.index);
        self.levels[level].push(hash);
    }

    /// The hash of a complete node, if stored.
    pub fn node(&self, id: NodeId) -> Option<Hash> {
        let index = usize::try_from(id.index).ok()?;
        self.levels.get(usize::from(id.level))?.get(index).copied()
    }
}

impl HashReader for MemoryTree {
    fn read_nodes(&self, ids: &[NodeId]) -> Result<Vec<Hash>, StorageError> {
        ids.iter()
            .map(|id| self.node(*id).ok_or(StorageError::Missing(*id)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_from_leaf_hashes};

    #[test]
    fn memory_tree_root_matches_reference_after_uneven_batches() {
        let leaves: Vec<Hash> = (0..300u32).map(|i| leaf_hash(&i.to_le_bytes())).collect();
        let mut tree = MemoryTree::new();
        let mut other = MemoryTree::new();
        let mut done = 0;
        for batch in [1usize, 2, 3, 7, 50, 1, 100, 136] {
            tree.append(&leaves[done..done + batch]);
            other.extend(&leaves[done..done + batch]);
            done += batch;
            assert_eq!(tree.size(), done as u64);
            assert_eq!(tree.root(), root_from_leaf_hashes(&leaves[..done]));
            assert_eq!(other.root(), tree.root());
        }
        // Every stored complete node hashes its leaves.
        for level in 0..9u8 {
            for index in 0..(300u64 >> level) {
                let id = NodeId::new(level, index);
                let want = root_from_leaf_hashes(
                    &leaves[id.first_leaf() as usize..id.end_leaf() as usize],
                );
                assert_eq!(tree.node(id), Some(want));
                assert_eq!(other.node(id), Some(want));
            }
        }
        assert!(matches!(
            tree.read_nodes(&[NodeId::new(0, 300)]),
            Err(StorageError::Missing(id)) if id == NodeId::new(0, 300)
        ));
    }
}
