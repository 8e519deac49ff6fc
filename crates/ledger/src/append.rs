//! Appending leaves: [`TreeBuilder`] keeps only the right edge of the tree
//! (one hash per set bit of the size, so O(log n) memory) and, for each
//! batch of new leaf hashes, yields every newly completed node to store and
//! the new root, in O(batch + log n) time.

use crate::hash::{Hash, NodeId, empty_root, node_hash, range_nodes};
use crate::store::{HashReader, StorageError, read_exact};

/// Incremental RFC 6962 tree state: the size and the hashes of the perfect
/// subtrees along the right edge ("compact range" of `[0, size)`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeBuilder {
    size: u64,
    /// `(level, hash)` left to right, levels strictly decreasing.
    edge: Vec<(u8, Hash)>,
}

/// What an append produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendResult {
    /// Every node completed by the append, leaves included, in the order
    /// they were completed. Storing all of them keeps a [`HashReader`]
    /// able to serve any proof and any tile.
    pub nodes: Vec<(NodeId, Hash)>,
    /// Tree size after the append.
    pub size: u64,
    /// Root hash after the append.
    pub root: Hash,
}

/// Why a right edge does not fit its claimed size.
#[derive(Debug, thiserror::Error)]
pub enum EdgeError {
    /// `edge` must have one hash per set bit of `size`.
    #[error("tree size {size} needs {wanted} edge hashes, got {got}")]
    WrongLength {
        /// Claimed tree size.
        size: u64,
        /// Hashes needed.
        wanted: usize,
        /// Hashes given.
        got: usize,
    },
    /// Reading the edge from storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl TreeBuilder {
    /// Builder for the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// The nodes forming the right edge of a tree of `size` leaves (the
    /// complete subtrees that make up `[0, size)`, largest first). Read
    /// them from storage and pass them to [`TreeBuilder::from_edge`].
    pub fn edge_ids(size: u64) -> Vec<NodeId> {
        range_nodes(0, size)
    }

    /// Resumes from a stored tree, given the hashes of
    /// [`TreeBuilder::edge_ids`]`(size)` in that order.
    pub fn from_edge(size: u64, edge: &[Hash]) -> Result<Self, EdgeError> {
        let ids = Self::edge_ids(size);
        if ids.len() != edge.len() {
            return Err(EdgeError::WrongLength {
                size,
                wanted: ids.len(),
                got: edge.len(),
            });
        }
        Ok(Self {
            size,
            edge: ids
                .iter()
                .map(|id| id.level)
                .zip(edge.iter().copied())
                .collect(),
        })
    }

    /// Resumes from storage: reads the O(log n) edge nodes of `size`.
    pub fn resume<R: HashReader + ?Sized>(reader: &R, size: u64) -> Result<Self, EdgeError> {
        let hashes = read_exact(reader, &Self::edge_ids(size))?;
        Self::from_edge(size, &hashes)
    }

    /// Current number of leaves.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The current right-edge hashes (same order as `edge_ids(size)`).
    pub fn edge(&self) -> Vec<Hash> {
        self.edge.iter().map(|(_, h)| *h).collect()
    }

    /// Root hash at the current size (`SHA-256("")` when empty).
    pub fn root(&self) -> Hash {
        match self.edge.split_last() {
            None => empty_root(),
            Some((last, rest)) => rest
                .iter()
                .rev()
                .fold(last.1, |acc, (_, h)| node_hash(h, &acc)),
        }
    }

    /// Appends one leaf hash, calling `sink` for each completed node.
    #[inline]
    pub fn push_with(&mut self, leaf: Hash, mut sink: impl FnMut(NodeId, Hash)) {
        let index = self.size;
        sink(NodeId::new(0, index), leaf);
        let mut level = 0u8;
        let mut hash = leaf;
        while let Some(&(top_level, top_hash)) = self.edge.last() {
            if top_level != level {
                break;
            }
            self.edge.pop();
            hash = node_hash(&top_hash, &hash);
            level += 1;
            sink(NodeId::new(level, index >> level), hash);
        }
        self.edge.push((level, hash));
        self.size += 1;
    }

    /// Appends one leaf hash, discarding the completed nodes (for
    /// verifiers that only need the root).
    #[inline]
    pub fn push(&mut self, leaf: Hash) {
        self.push_with(leaf, |_, _| {});
    }

    /// Appends leaf hashes, calling `sink` for each completed node.
    pub fn append_with(&mut self, leaves: &[Hash], mut sink: impl FnMut(NodeId, Hash)) {
        for leaf in leaves {
            self.push_with(*leaf, &mut sink);
        }
    }

    /// Appends leaf hashes; returns the nodes to store and the new root.
    pub fn append(&mut self, leaves: &[Hash]) -> AppendResult {
        let mut nodes = Vec::with_capacity(leaves.len() * 2 + 1);
        self.append_with(leaves, |id, h| nodes.push((id, h)));
        AppendResult {
            nodes,
            size: self.size,
            root: self.root(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_from_leaf_hashes};
    use crate::memory::MemoryTree;

    #[test]
    fn append_emits_exactly_the_newly_completed_nodes() {
        let leaves: Vec<Hash> = (0..8u8).map(|i| leaf_hash(&[i])).collect();
        let mut b = TreeBuilder::new();
        b.append(&leaves[..3]);
        let r = b.append(&leaves[3..4]);
        let ids: Vec<NodeId> = r.nodes.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            vec![NodeId::new(0, 3), NodeId::new(1, 1), NodeId::new(2, 0)]
        );
        assert_eq!(r.root, root_from_leaf_hashes(&leaves[..4]));
        assert_eq!(r.nodes[2].1, r.root);
        let r = b.append(&leaves[4..5]);
        assert_eq!(r.nodes, vec![(NodeId::new(0, 4), leaves[4])]);
        assert_eq!(r.size, 5);
    }

    #[test]
    fn resume_from_stored_edge_continues_identically() {
        let leaves: Vec<Hash> = (0..1000u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut tree = MemoryTree::new();
        tree.append(&leaves[..613]);
        let mut resumed = TreeBuilder::resume(&tree, 613).unwrap();
        assert_eq!(resumed.root(), tree.root());
        let a = resumed.append(&leaves[613..]);
        let b = tree.append(&leaves[613..]);
        assert_eq!(a, b);
        assert_eq!(a.root, root_from_leaf_hashes(&leaves));
        // Work per append is O(batch + log n): about two nodes per leaf.
        assert!(a.nodes.len() <= 2 * (1000 - 613) + 10);
    }

    #[test]
    fn from_edge_rejects_wrong_length() {
        assert!(matches!(
            TreeBuilder::from_edge(5, &[[0; 32]]),
            Err(EdgeError::WrongLength {
                size: 5,
                wanted: 2,
                got: 1
            })
        ));
        assert_eq!(TreeBuilder::from_edge(0, &[]).unwrap().root(), empty_root());
    }
}
