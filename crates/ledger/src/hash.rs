//! RFC 6962 Merkle tree hashing: leaf and interior-node hashes, the Merkle
//! Tree Hash (MTH) of a list of leaves, and the node addressing (`NodeId`)
//! shared by proofs, tiles and storage.

use sha2::{Digest, Sha256};

/// A SHA-256 digest: every hash in the log is one of these.
pub type Hash = [u8; 32];

/// Domain-separation prefix of leaf hashes (RFC 6962 §2.1).
pub const LEAF_PREFIX: u8 = 0x00;
/// Domain-separation prefix of interior-node hashes (RFC 6962 §2.1).
pub const NODE_PREFIX: u8 = 0x01;

/// Leaf hash: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([LEAF_PREFIX]);
    h.update(data);
    h.finalize().into()
}

/// Interior-node hash: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([NODE_PREFIX]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// Root of the empty tree: `SHA-256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// SHA-256 of arbitrary bytes (no domain prefix), e.g. for content hashes.
pub fn sha256(data: &[u8]) -> Hash {
    Sha256::digest(data).into()
}

/// Lower-case hexadecimal encoding of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

/// Decodes lower- or upper-case hexadecimal; `None` on odd length or a bad digit.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2)
        .map(|p| Some((digit(p[0])? << 4) | digit(p[1])?))
        .collect()
}

/// The largest power of two strictly smaller than `n` (RFC 6962's split
/// point `k`). Requires `n >= 2`.
pub fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// Merkle Tree Hash of a list of leaf hashes, computed directly from the
/// RFC 6962 §2.1 definition. O(n) time, O(log n) stack; intended for small
/// inputs and as a reference. Large trees use the append module's `TreeBuilder`.
pub fn root_from_leaf_hashes(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split_point(n as u64) as usize;
            node_hash(
                &root_from_leaf_hashes(&leaves[..k]),
                &root_from_leaf_hashes(&leaves[k..]),
            )
        }
    }
}

/// Address of a *complete* (perfect) subtree: the node at `level` (0 =
/// leaves) with position `index` in that level. It covers the leaves
/// `[index * 2^level, (index + 1) * 2^level)`. Its hash never changes once
/// the tree has grown past its last leaf, which is what makes it storable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Height above the leaves (0 = leaf hash).
    pub level: u8,
    /// Position within the level, counted from the left.
    pub index: u64,
}

impl NodeId {
    /// Creates a node address.
    pub const fn new(level: u8, index: u64) -> Self {
        Self { level, index }
    }

    /// First leaf index covered by this node.
    pub fn first_leaf(&self) -> u64 {
        self.index << self.level
    }

    /// One past the last leaf index covered by this node.
    pub fn end_leaf(&self) -> u64 {
        (self.index + 1) << self.level
    }
}

/// Splits the leaf range `[start, end)` into the complete subtrees that
/// make it up, left to right, each as large as alignment allows.
///
/// For the ranges that occur in RFC 6962 (an MTH over `D[start:end]` where
/// `start` is a multiple of a power of two at least `end - start`) the MTH
/// of the range is the right fold of these subtrees' hashes:
/// `node(h0, node(h1, ... node(h_{k-2}, h_{k-1})))`.
pub fn range_nodes(start: u64, end: u64) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos < end {
        let align = if pos == 0 { 63 } else { pos.trailing_zeros() };
        let fit = 63 - (end - pos).leading_zeros();
        let level = align.min(fit);
        out.push(NodeId::new(level as u8, pos >> level));
        pos += 1 << level;
    }
    out
}

/// Right fold of subtree hashes, as produced for [`range_nodes`]. Returns
/// `None` for an empty list.
pub fn fold_right(hashes: &[Hash]) -> Option<Hash> {
    let (last, rest) = hashes.split_last()?;
    Some(rest.iter().rev().fold(*last, |acc, h| node_hash(h, &acc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight leaves of the Certificate Transparency / Go merkle test data.
    pub(crate) fn ct_leaves() -> Vec<Vec<u8>> {
        [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|h| from_hex(h).unwrap())
        .collect()
    }

    const CT_ROOTS: [&str; 8] = [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    #[test]
    fn empty_tree_root_is_sha256_of_nothing() {
        assert_eq!(
            to_hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(root_from_leaf_hashes(&[]), empty_root());
    }

    #[test]
    fn leaf_hash_of_empty_leaf_is_sha256_of_zero_byte() {
        assert_eq!(
            to_hex(&leaf_hash(b"")),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
        );
    }

    #[test]
    fn ct_test_vector_roots_for_sizes_1_to_8() {
        let leaves: Vec<Hash> = ct_leaves().iter().map(|d| leaf_hash(d)).collect();
        for (i, want) in CT_ROOTS.iter().enumerate() {
            assert_eq!(
                to_hex(&root_from_leaf_hashes(&leaves[..=i])),
                *want,
                "size {}",
                i + 1
            );
        }
    }

    #[test]
    fn roots_agree_with_an_independent_rfc6962_tree() {
        use ct_merkle::mem_backed_tree::MemoryBackedTree;
        let mut reference = MemoryBackedTree::<sha2::Sha256, Vec<u8>>::new();
        let mut hashes = Vec::new();
        for i in 0..100u32 {
            let data = i.to_be_bytes().repeat((i % 5) as usize);
            hashes.push(leaf_hash(&data));
            reference.push(data);
            let ours = root_from_leaf_hashes(&hashes);
            assert_eq!(
                reference.root().as_bytes().as_slice(),
                ours.as_slice(),
                "size {}",
                i + 1
            );
        }
    }

    #[test]
    fn split_point_is_largest_power_of_two_below_n() {
        assert_eq!(split_point(2), 1);
        assert_eq!(split_point(3), 2);
        assert_eq!(split_point(4), 2);
        assert_eq!(split_point(5), 4);
        assert_eq!(split_point(8), 4);
        assert_eq!(split_point(9), 8);
        assert_eq!(split_point(1 << 40), 1 << 39);
        assert_eq!(split_point((1 << 40) + 1), 1 << 40);
    }

    #[test]
    fn range_nodes_decompose_into_aligned_perfect_subtrees() {
        assert_eq!(
            range_nodes(0, 13),
            vec![NodeId::new(3, 0), NodeId::new(2, 2), NodeId::new(0, 12)]
        );
        assert_eq!(range_nodes(8, 12), vec![NodeId::new(2, 2)]);
        assert_eq!(range_nodes(6, 7), vec![NodeId::new(0, 6)]);
        assert!(range_nodes(5, 5).is_empty());
        // Every decomposition of [0, n) tiles the range exactly.
        for n in 1..200u64 {
            let nodes = range_nodes(0, n);
            assert_eq!(nodes.len() as u32, n.count_ones());
            let mut pos = 0;
            for id in nodes {
                assert_eq!(id.first_leaf(), pos);
                pos = id.end_leaf();
            }
            assert_eq!(pos, n);
        }
    }

    #[test]
    fn hex_round_trip_and_rejects_bad_input() {
        assert_eq!(to_hex(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(from_hex("00ABff"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
