//! Inclusion and consistency proofs (RFC 6962 §2.1.1 and §2.1.2), generated
//! from any [`HashReader`] with one batched read of O(log n) stored
//! complete-subtree hashes, and verified without storage by the RFC 9162
//! §2.1.3.2 and §2.1.4.2 algorithms.

use crate::hash::{Hash, NodeId, fold_right, node_hash, range_nodes, split_point};
use crate::store::{HashReader, StorageError, read_exact};

/// Why a proof could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexOutOfRange {
        /// Requested leaf.
        index: u64,
        /// Tree size.
        size: u64,
    },
    /// The old size is larger than the new size.
    #[error("old size {old} is larger than new size {new}")]
    SizeOrder {
        /// Older tree size.
        old: u64,
        /// Newer tree size.
        new: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not in a tree of size {size}")]
    IndexOutOfRange {
        /// Claimed leaf index.
        index: u64,
        /// Claimed tree size.
        size: u64,
    },
    /// The old size is larger than the new size.
    #[error("old size {old} is larger than new size {new}")]
    SizeOrder {
        /// Older tree size.
        old: u64,
        /// Newer tree size.
        new: u64,
    },
    /// The proof has the wrong number of hashes for the sizes.
    #[error("proof has {got} hashes, expected {expected}")]
    WrongLength {
        /// Hashes expected for the sizes.
        expected: usize,
        /// Hashes in the proof.
        got: usize,
    },
    /// The proof hashes to a different root.
    #[error("proof does not lead to the expected root")]
    RootMismatch,
}

/// Leaf ranges `[start, end)` whose MTHs form the audit path of leaf `m`
/// in a tree of size `n`, in proof order (leaf side first).
fn inclusion_ranges(m: u64, n: u64) -> Vec<(u64, u64)> {
    let (mut lo, mut hi) = (0, n);
    let mut out = Vec::new();
    while hi - lo > 1 {
        let k = split_point(hi - lo);
        if m - lo < k {
            out.push((lo + k, hi));
            hi = lo + k;
        } else {
            out.push((lo, lo + k));
            lo += k;
        }
    }
    out.reverse();
    out
}

/// Leaf ranges whose MTHs form the consistency proof from size `m` to
/// size `n` (`0 < m < n`), in proof order, following SUBPROOF.
fn consistency_ranges(m: u64, n: u64) -> Vec<(u64, u64)> {
    let (mut lo, mut hi) = (0, n);
    let mut complete = true;
    let mut out = Vec::new();
    loop {
        let size = hi - lo;
        if m - lo == size {
            if !complete {
                out.push((lo, hi));
            }
            break;
        }
        let k = split_point(size);
        if m - lo <= k {
            out.push((lo + k, hi));
            hi = lo + k;
        } else {
            out.push((lo, lo + k));
            lo += k;
            complete = false;
        }
    }
    out.reverse();
    out
}

/// Reads every node needed for `ranges` in one call and folds each range.
fn hash_ranges<R: HashReader + ?Sized>(
    reader: &R,
    ranges: &[(u64, u64)],
) -> Result<Vec<Hash>, StorageError> {
    let per_range: Vec<Vec<NodeId>> = ranges.iter().map(|&(a, b)| range_nodes(a, b)).collect();
    let ids: Vec<NodeId> = per_range.iter().flatten().copied().collect();
    let hashes = read_exact(reader, &ids)?;
    let mut out = Vec::with_capacity(ranges.len());
    let mut pos = 0;
    for nodes in &per_range {
        let slice = &hashes[pos..pos + nodes.len()];
        pos += nodes.len();
        out.push(fold_right(slice).expect("RFC 6962 proof ranges are never empty"));
    }
    Ok(out)
}

/// Root hash of the first `size` leaves, from O(log size) stored nodes.
pub fn root_at<R: HashReader + ?Sized>(reader: &R, size: u64) -> Result<Hash, StorageError> {
    let hashes = read_exact(reader, &range_nodes(0, size))?;
    Ok(fold_right(&hashes).unwrap_or_else(crate::hash::empty_root))
}

/// Audit path of leaf `index` in the tree of `size` leaves
/// (RFC 6962 §2.1.1 `PATH(m, D[n])`).
pub fn inclusion_proof<R: HashReader + ?Sized>(
    reader: &R,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    Ok(hash_ranges(reader, &inclusion_ranges(index, size))?)
}

/// Consistency proof from `old_size` to `new_size`
/// (RFC 6962 §2.1.2 `PROOF(m, D[n])`). Empty when the sizes are equal or
/// `old_size` is 0 (every tree extends the empty tree).
pub fn consistency_proof<R: HashReader + ?Sized>(
    reader: &R,
    old_size: u64,
    new_size: u64,
) -> Result<Vec<Hash>, ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizeOrder {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 || old_size == new_size {
        return Ok(Vec::new());
    }
    Ok(hash_ranges(
        reader,
        &consistency_ranges(old_size, new_size),
    )?)
}

/// Number of hashes in an inclusion proof for `index` in `size`.
pub fn inclusion_proof_len(index: u64, size: u64) -> usize {
    if index >= size {
        return 0;
    }
    inclusion_ranges(index, size).len()
}

/// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), VerifyError> {
    if index >= size {
        return Err(VerifyError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_proof_len(index, size);
    if proof.len() != expected {
        return Err(VerifyError::WrongLength {
            expected,
            got: proof.len(),
        });
    }
    let (mut fn_, mut sn) = (index, size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if sn == 0 {
            return Err(VerifyError::RootMismatch);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn == 0 && r == *root {
        Ok(())
    } else {
        Err(VerifyError::RootMismatch)
    }
}

/// Verifies a consistency proof (RFC 9162 §2.1.4.2). An `old_size` of 0
/// is consistent with anything, given an empty proof.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), VerifyError> {
    if old_size > new_size {
        return Err(VerifyError::SizeOrder {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(VerifyError::WrongLength {
                expected: 0,
                got: proof.len(),
            });
        }
        if old_size == new_size && old_root != new_root {
            return Err(VerifyError::RootMismatch);
        }
        return Ok(());
    }
    let expected = consistency_ranges(old_size, new_size).len();
    if proof.len() != expected {
        return Err(VerifyError::WrongLength {
            expected,
            got: proof.len(),
        });
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old_size.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut fn_, mut sn) = (old_size - 1, new_size - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if sn == 0 {
            return Err(VerifyError::RootMismatch);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn == 0 && fr == *old_root && sr == *new_root {
        Ok(())
    } else {
        Err(VerifyError::RootMismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{from_hex, leaf_hash, root_from_leaf_hashes, to_hex};
    use crate::memory::MemoryTree;

    /// RFC 6962 §2.1.1 PATH, written recursively over leaf hashes.
    fn ref_path(m: usize, d: &[Hash]) -> Vec<Hash> {
        let n = d.len();
        if n <= 1 {
            return vec![];
        }
        let k = split_point(n as u64) as usize;
        if m < k {
            let mut p = ref_path(m, &d[..k]);
            p.push(root_from_leaf_hashes(&d[k..]));
            p
        } else {
            let mut p = ref_path(m - k, &d[k..]);
            p.push(root_from_leaf_hashes(&d[..k]));
            p
        }
    }

    /// RFC 6962 §2.1.2 SUBPROOF, written recursively over leaf hashes.
    fn ref_subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
        let n = d.len();
        if m == n {
            return if b {
                vec![]
            } else {
                vec![root_from_leaf_hashes(d)]
            };
        }
        let k = split_point(n as u64) as usize;
        if m <= k {
            let mut p = ref_subproof(m, &d[..k], b);
            p.push(root_from_leaf_hashes(&d[k..]));
            p
        } else {
            let mut p = ref_subproof(m - k, &d[k..], false);
            p.push(root_from_leaf_hashes(&d[..k]));
            p
        }
    }

    fn ct_leaf_hashes() -> Vec<Hash> {
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
        .map(|h| leaf_hash(&from_hex(h).unwrap()))
        .collect()
    }

    fn hexes(v: &[Hash]) -> Vec<String> {
        v.iter().map(|h| to_hex(h)).collect()
    }

    #[test]
    fn ct_test_vectors_for_inclusion_and_consistency() {
        let mut tree = MemoryTree::new();
        tree.append(&ct_leaf_hashes());
        assert_eq!(inclusion_proof(&tree, 0, 1).unwrap(), Vec::<Hash>::new());
        assert_eq!(
            hexes(&inclusion_proof(&tree, 0, 8).unwrap()),
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        );
        assert_eq!(
            hexes(&inclusion_proof(&tree, 5, 8).unwrap()),
            [
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        );
        assert_eq!(
            hexes(&consistency_proof(&tree, 1, 8).unwrap()),
            [
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ]
        );
        assert_eq!(
            hexes(&consistency_proof(&tree, 6, 8).unwrap()),
            [
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ]
        );
        assert_eq!(
            hexes(&consistency_proof(&tree, 2, 5).unwrap()),
            [
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ]
        );
    }

    #[test]
    fn all_proofs_up_to_70_match_reference_and_verify() {
        let leaves: Vec<Hash> = (0..70u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut tree = MemoryTree::new();
        tree.append(&leaves);
        for n in 1..=70usize {
            let d = &leaves[..n];
            let root = root_from_leaf_hashes(d);
            assert_eq!(root_at(&tree, n as u64).unwrap(), root);
            for m in 0..n {
                let proof = inclusion_proof(&tree, m as u64, n as u64).unwrap();
                assert_eq!(proof, ref_path(m, d), "inclusion m={m} n={n}");
                verify_inclusion(&d[m], m as u64, n as u64, &proof, &root).unwrap();
                // A wrong leaf or wrong index must fail.
                let other = leaf_hash(b"not in the tree");
                assert!(verify_inclusion(&other, m as u64, n as u64, &proof, &root).is_err());
                if n > 1 {
                    let wrong = ((m + 1) % n) as u64;
                    assert!(verify_inclusion(&d[m], wrong, n as u64, &proof, &root).is_err());
                }
            }
            for m in 1..=n {
                let proof = consistency_proof(&tree, m as u64, n as u64).unwrap();
                let want = if m == n {
                    vec![]
                } else {
                    ref_subproof(m, d, true)
                };
                assert_eq!(proof, want, "consistency m={m} n={n}");
                let old_root = root_from_leaf_hashes(&d[..m]);
                verify_consistency(m as u64, n as u64, &old_root, &root, &proof).unwrap();
                if m < n {
                    let bad_old = leaf_hash(b"forged");
                    assert!(
                        verify_consistency(m as u64, n as u64, &bad_old, &root, &proof).is_err()
                    );
                    assert!(
                        verify_consistency(m as u64, n as u64, &old_root, &bad_old, &proof)
                            .is_err()
                    );
                    if let Some((first, rest)) = proof.split_first() {
                        let mut tampered = vec![node_hash(first, first)];
                        tampered.extend_from_slice(rest);
                        assert!(
                            verify_consistency(m as u64, n as u64, &old_root, &root, &tampered)
                                .is_err()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn proofs_are_accepted_by_ct_merkle() {
        use ct_merkle::mem_backed_tree::MemoryBackedTree;
        use ct_merkle::{ConsistencyProof, InclusionProof, RootHash};
        type Out = ct_merkle::digest::Output<sha2::Sha256>;
        let data: Vec<Vec<u8>> = (0..70u32)
            .map(|i| format!("entry {i}").into_bytes())
            .collect();
        let leaves: Vec<Hash> = data.iter().map(|d| leaf_hash(d)).collect();
        let mut tree = MemoryTree::new();
        tree.append(&leaves);
        let mut theirs = MemoryBackedTree::<sha2::Sha256, Vec<u8>>::new();
        let mut old_roots = Vec::new();
        for (i, d) in data.iter().enumerate() {
            theirs.push(d.clone());
            old_roots.push(theirs.root());
            assert_eq!(
                theirs.root().as_bytes().as_slice(),
                root_at(&tree, i as u64 + 1).unwrap()
            );
        }
        for n in 1..=70u64 {
            let root = RootHash::<sha2::Sha256>::new(Out::from(root_at(&tree, n).unwrap()), n);
            for m in 0..n {
                let ours = inclusion_proof(&tree, m, n).unwrap();
                let digests: Vec<Out> = ours.iter().map(|h| Out::from(*h)).collect();
                let proof = InclusionProof::<sha2::Sha256>::from_digests(&digests);
                root.verify_inclusion(&data[m as usize], m, &proof).unwrap();
            }
            for m in 1..n {
                let ours = consistency_proof(&tree, m, n).unwrap();
                let digests: Vec<Out> = ours.iter().map(|h| Out::from(*h)).collect();
                let proof = ConsistencyProof::<sha2::Sha256>::from_digests(&digests);
                root.verify_consistency(&old_roots[m as usize - 1], &proof)
                    .unwrap();
            }
        }
    }

    #[test]
    fn errors_for_bad_arguments() {
        let mut tree = MemoryTree::new();
        tree.append(&ct_leaf_hashes());
        assert!(matches!(
            inclusion_proof(&tree, 8, 8),
            Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
        ));
        assert!(matches!(
            consistency_proof(&tree, 5, 4),
            Err(ProofError::SizeOrder { .. })
        ));
        assert!(matches!(
            inclusion_proof(&tree, 3, 9),
            Err(ProofError::Storage(StorageError::Missing(_)))
        ));
        assert!(consistency_proof(&tree, 0, 8).unwrap().is_empty());
        let root = root_from_leaf_hashes(&ct_leaf_hashes());
        assert_eq!(
            verify_consistency(8, 8, &root, &leaf_hash(b"x"), &[]),
            Err(VerifyError::RootMismatch)
        );
        assert_eq!(
            verify_inclusion(&root, 0, 8, &[], &root),
            Err(VerifyError::WrongLength {
                expected: 3,
                got: 0
            })
        );
    }

    #[test]
    fn a_proof_reads_only_logarithmically_many_nodes() {
        use std::cell::Cell;
        struct Counting<'a>(&'a MemoryTree, Cell<usize>);
        impl HashReader for Counting<'_> {
            fn read_nodes(&self, ids: &[NodeId]) -> Result<Vec<Hash>, StorageError> {
                self.1.set(self.1.get() + ids.len());
                self.0.read_nodes(ids)
            }
        }
        let leaves: Vec<Hash> = (0..5000u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut tree = MemoryTree::new();
        tree.append(&leaves);
        let counting = Counting(&tree, Cell::new(0));
        for (m, n) in [(0u64, 4999u64), (1234, 4999), (4998, 4999), (17, 4097)] {
            counting.1.set(0);
            inclusion_proof(&counting, m, n).unwrap();
            assert!(
                counting.1.get() <= 2 * 13,
                "inclusion {m}/{n} read {}",
                counting.1.get()
            );
            counting.1.set(0);
            consistency_proof(&counting, m + 1, n).unwrap();
            assert!(
                counting.1.get() <= 3 * 13,
                "consistency {m}/{n} read {}",
                counting.1.get()
            );
        }
    }
}
