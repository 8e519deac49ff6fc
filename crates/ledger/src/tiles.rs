//! The C2SP tlog-tiles layout: tile and entry-bundle paths (with the
//! `x001/x234/067` index encoding), which tiles exist for a tree size or
//! changed between two sizes, tile contents read from a [`HashReader`], and
//! the entry-bundle encoding (big-endian `u16` length + bytes per entry).
//!
//! Tiles have height 8: a tile at level `L` holds up to 256 hashes of tree
//! level `8 * L`. Storage that keeps every complete node (as written by
//! [`crate::append::TreeBuilder`]) can serve any tile directly.

use std::fmt;

use crate::hash::{Hash, NodeId};
use crate::store::{HashReader, StorageError, read_exact};

/// Hashes per full tile (and entries per full bundle).
pub const TILE_WIDTH: u16 = 256;
/// Tree levels spanned by one tile.
pub const TILE_HEIGHT: u8 = 8;
/// Highest tile level a `u64`-sized tree can have (`8 * 7 = 56`).
pub const MAX_TILE_LEVEL: u8 = 7;
/// Longest entry an entry bundle can hold: its length prefix is a
/// big-endian `u16` (C2SP tlog-tiles).
pub const MAX_ENTRY_LEN: usize = u16::MAX as usize;

/// Why a path, tile or bundle is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    /// The path is not a canonical tile or entry-bundle path.
    #[error("malformed tile path: {0}")]
    BadPath(String),
    /// Level beyond what a `u64`-sized tree can have.
    #[error("tile level {0} cannot exist in a tree of at most 2^64 leaves")]
    LevelTooHigh(u8),
    /// Width must be 1 to 256.
    #[error("tile width {0} is not in 1..=256")]
    BadWidth(u16),
    /// An entry is longer than 65535 bytes.
    #[error("entry {index} is {len} bytes, more than 65535")]
    EntryTooLong {
        /// Position in the bundle.
        index: usize,
        /// Its length.
        len: usize,
    },
    /// Bundle bytes end in the middle of an entry.
    #[error("entry bundle is truncated")]
    TruncatedBundle,
    /// Tile bytes are not a whole number of hashes, or the wrong count.
    #[error("tile has {got} bytes, expected {expected}")]
    BadTileLength {
        /// Bytes expected.
        expected: usize,
        /// Bytes found.
        got: usize,
    },
}

/// A hash tile: level `L` (0..=63 by the spec, at most 7 in practice),
/// index `N`, width `W` (256 for a full tile, 1..=255 for a partial one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    /// Tile level `L`; holds hashes of tree level `8 * L`.
    pub level: u8,
    /// Tile index `N` within its level.
    pub index: u64,
    /// Number of hashes, 1..=256.
    pub width: u16,
}

/// An entry bundle: index `N`, width `W` (entries `N*256 .. N*256+W`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BundleId {
    /// Bundle index `N`.
    pub index: u64,
    /// Number of entries, 1..=256.
    pub width: u16,
}

/// A parsed path below a log prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`
    Hashes(TileId),
    /// `tile/entries/<N>[.p/<W>]`
    Entries(BundleId),
}

/// Encodes a tile index as zero-padded 3-digit path elements, all but the
/// last prefixed with `x`: 1234067 → `x001/x234/067`, 5 → `005`.
pub fn encode_index(mut n: u64) -> String {
    let mut groups = vec![format!("{:03}", n % 1000)];
    n /= 1000;
    while n > 0 {
        groups.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join("/")
}

fn suffix(width: u16) -> String {
    if width == TILE_WIDTH {
        String::new()
    } else {
        format!(".p/{width}")
    }
}

fn check_width(width: u16) -> Result<(), TileError> {
    if (1..=TILE_WIDTH).contains(&width) {
        Ok(())
    } else {
        Err(TileError::BadWidth(width))
    }
}

impl TileId {
    /// Path below the log prefix: `tile/<L>/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!(
            "tile/{}/{}{}",
            self.level,
            encode_index(self.index),
            suffix(self.width)
        )
    }

    /// True for tiles narrower than 256 hashes.
    pub fn is_partial(&self) -> bool {
        self.width < TILE_WIDTH
    }

    /// The complete tree nodes whose hashes make up this tile, in order.
    pub fn node_ids(&self) -> Result<Vec<NodeId>, TileError> {
        check_width(self.width)?;
        if self.level > MAX_TILE_LEVEL {
            return Err(TileError::LevelTooHigh(self.level));
        }
        let tree_level = self.level * TILE_HEIGHT;
        let first = self.index * u64::from(TILE_WIDTH);
        Ok((0..u64::from(self.width))
            .map(|i| NodeId::new(tree_level, first + i))
            .collect())
    }
}

impl BundleId {
    /// Path below the log prefix: `tile/entries/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!(
            "tile/entries/{}{}",
            encode_index(self.index),
            suffix(self.width)
        )
    }

    /// Leaf indices `[start, end)` of the entries in this bundle.
    pub fn leaf_range(&self) -> (u64, u64) {
        let start = self.index * u64::from(TILE_WIDTH);
        (start, start + u64::from(self.width))
    }
}

impl fmt::Display for TileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

impl fmt::Display for BundleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// Parses a decimal with no sign and no superfluous leading zeros.
fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// Parses the canonical `<N>[.p/<W>]` part of a path.
fn parse_index_and_width(parts: &[&str]) -> Option<(u64, u16)> {
    let (index_parts, width) = match parts {
        [rest @ .., last, w] if last.ends_with(".p") => {
            let w = parse_decimal(w)?;
            if !(1..u64::from(TILE_WIDTH)).contains(&w) {
                return None;
            }
            let mut idx: Vec<&str> = rest.to_vec();
            idx.push(&last[..last.len() - 2]);
            (idx, w as u16)
        }
        _ => (parts.to_vec(), TILE_WIDTH),
    };
    let (last, init) = index_parts.split_last()?;
    let mut n: u64 = 0;
    for (i, g) in init.iter().enumerate() {
        let digits = g.strip_prefix('x')?;
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if i == 0 && digits == "000" {
            return None; // leading zero group: not canonical
        }
        n = n
            .checked_mul(1000)?
            .checked_add(digits.parse::<u64>().ok()?)?;
    }
    if last.len() != 3 || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    n = n
        .checked_mul(1000)?
        .checked_add(last.parse::<u64>().ok()?)?;
    Some((n, width))
}

/// Parses a path below the log prefix, accepting only the canonical form
/// (so one resource has exactly one path).
pub fn parse_path(path: &str) -> Result<TilePath, TileError> {
    let bad = || TileError::BadPath(path.to_string());
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["tile", "entries", rest @ ..] => {
            let (index, width) = parse_index_and_width(rest).ok_or_else(bad)?;
            Ok(TilePath::Entries(BundleId { index, width }))
        }
        ["tile", level, rest @ ..] => {
            let level = parse_decimal(level).filter(|l| *l <= 63).ok_or_else(bad)? as u8;
            let (index, width) = parse_index_and_width(rest).ok_or_else(bad)?;
            Ok(TilePath::Hashes(TileId {
                level,
                index,
                width,
            }))
        }
        _ => Err(bad()),
    }
}

/// Number of hashes stored at tile level `level` for a tree of `size`.
fn hashes_at(level: u8, size: u64) -> u64 {
    let shift = u32::from(level) * u32::from(TILE_HEIGHT);
    if shift >= 64 { 0 } else { size >> shift }
}

/// Hash tiles whose content is new or changed when the tree grows from
/// `old_size` to `new_size`: every tile at each level containing a hash
/// index in `[count(old), count(new))`, with its width at `new_size`.
/// These are the tiles to (re)publish after an append; the partial tiles
/// of `old_size` stay valid for the old checkpoint.
pub fn changed_tiles(old_size: u64, new_size: u64) -> Vec<TileId> {
    let mut out = Vec::new();
    for level in 0..=MAX_TILE_LEVEL {
        let (old, new) = (hashes_at(level, old_size), hashes_at(level, new_size));
        if new <= old {
            continue;
        }
        let w = u64::from(TILE_WIDTH);
        for index in old / w..=(new - 1) / w {
            let width = (new - index * w).min(w) as u16;
            out.push(TileId {
                level,
                index,
                width,
            });
        }
    }
    out
}

/// Every hash tile (full and partial) of a tree of `size` leaves.
pub fn tiles_for_size(size: u64) -> Vec<TileId> {
    changed_tiles(0, size)
}

/// Entry bundles new or changed when growing from `old_size` to `new_size`.
pub fn changed_bundles(old_size: u64, new_size: u64) -> Vec<BundleId> {
    changed_tiles(old_size, new_size)
        .into_iter()
        .filter(|t| t.level == 0)
        .map(|t| BundleId {
            index: t.index,
            width: t.width,
        })
        .collect()
}

/// The tile with the given level and index as it exists at `size`, or
/// `None` when the tree has no hash in it yet.
pub fn tile_at_size(level: u8, index: u64, size: u64) -> Option<TileId> {
    let have = hashes_at(level, size);
    let start = index.checked_mul(u64::from(TILE_WIDTH))?;
    if have <= start {
        return None;
    }
    let width = (have - start).min(u64::from(TILE_WIDTH)) as u16;
    Some(TileId {
        level,
        index,
        width,
    })
}

/// Tile contents: the concatenated hashes of `tile`, read in one call.
pub fn read_tile<R: HashReader + ?Sized>(
    reader: &R,
    tile: &TileId,
) -> Result<Vec<u8>, TileReadError> {
    let hashes = read_exact(reader, &tile.node_ids()?)?;
    Ok(hashes.concat())
}

/// Splits tile bytes into hashes, checking the length against the width.
pub fn split_tile(tile: &TileId, bytes: &[u8]) -> Result<Vec<Hash>, TileError> {
    let expected = usize::from(tile.width) * 32;
    if bytes.len() != expected {
        return Err(TileError::BadTileLength {
            expected,
            got: bytes.len(),
        });
    }
    Ok(bytes
        .chunks_exact(32)
        .map(|c| c.try_into().expect("32-byte chunk"))
        .collect())
}

/// Why a tile could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TileReadError {
    /// The tile id is invalid.
    #[error(transparent)]
    Tile(#[from] TileError),
    /// Storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Encodes entries as an entry bundle: each as big-endian `u16` length
/// followed by its bytes.
pub fn encode_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, TileError> {
    let total: usize = entries.iter().map(|e| e.as_ref().len() + 2).sum();
    let mut out = Vec::with_capacity(total);
    for (index, e) in entries.iter().enumerate() {
        let e = e.as_ref();
        let len = u16::try_from(e.len()).map_err(|_| TileError::EntryTooLong {
            index,
            len: e.len(),
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Decodes an entry bundle into its entries.
pub fn decode_bundle(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, TileError> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let [hi, lo, rest @ ..] = bytes else {
            return Err(TileError::TruncatedBundle);
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if rest.len() < len {
            return Err(TileError::TruncatedBundle);
        }
        out.push(rest[..len].to_vec());
        bytes = &rest[len..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{leaf_hash, root_from_leaf_hashes};
    use crate::memory::MemoryTree;

    #[test]
    fn index_encoding_matches_spec_examples() {
        assert_eq!(encode_index(1234067), "x001/x234/067");
        assert_eq!(encode_index(0), "000");
        assert_eq!(encode_index(5), "005");
        assert_eq!(encode_index(1000), "x001/000");
        assert_eq!(encode_index(999), "999");
        assert_eq!(
            TileId {
                level: 1,
                index: 1234067,
                width: 256
            }
            .path(),
            "tile/1/x001/x234/067"
        );
        assert_eq!(
            TileId {
                level: 0,
                index: 1234067,
                width: 17
            }
            .path(),
            "tile/0/x001/x234/067.p/17"
        );
        assert_eq!(
            BundleId {
                index: 3,
                width: 256
            }
            .path(),
            "tile/entries/003"
        );
        assert_eq!(
            BundleId {
                index: 1000,
                width: 1
            }
            .path(),
            "tile/entries/x001/000.p/1"
        );
    }

    #[test]
    fn paths_round_trip_and_non_canonical_forms_are_rejected() {
        for t in [
            TilePath::Hashes(TileId {
                level: 0,
                index: 0,
                width: 256,
            }),
            TilePath::Hashes(TileId {
                level: 3,
                index: 1234067,
                width: 255,
            }),
            TilePath::Hashes(TileId {
                level: 63,
                index: u64::MAX,
                width: 1,
            }),
            TilePath::Entries(BundleId {
                index: 999_999,
                width: 256,
            }),
            TilePath::Entries(BundleId {
                index: 1000,
                width: 112,
            }),
        ] {
            let p = match t {
                TilePath::Hashes(id) => id.path(),
                TilePath::Entries(id) => id.path(),
            };
            assert_eq!(parse_path(&p), Ok(t), "{p}");
        }
        for bad in [
            "tile/0/1",
            "tile/0/0001",
            "tile/00/000",
            "tile/64/000",
            "tile/0/x000/001",
            "tile/0/001/002",
            "tile/0/x1/002",
            "tile/0/000.p/256",
            "tile/0/000.p/0",
            "tile/0/000.p/07",
            "tile/0/000.p",
            "tile/0/000/",
            "tiles/0/000",
            "tile/entries",
            "tile/entries/x001",
            "tile/-1/000",
            "tile/0/x018/x446/x744/x073/x709/x551/616",
        ] {
            assert!(parse_path(bad).is_err(), "{bad} should be rejected");
        }
        // u64::MAX itself is the largest index that parses.
        assert_eq!(encode_index(u64::MAX), "x018/x446/x744/x073/x709/x551/615");
    }

    #[test]
    fn tiles_for_size_matches_spec_example_of_70000() {
        let tiles = tiles_for_size(70_000);
        let level0: Vec<&TileId> = tiles.iter().filter(|t| t.level == 0).collect();
        assert_eq!(level0.len(), 274);
        assert_eq!(level0.iter().filter(|t| !t.is_partial()).count(), 273);
        assert_eq!(level0.last().unwrap().width, 112);
        let level1: Vec<&TileId> = tiles.iter().filter(|t| t.level == 1).collect();
        assert_eq!(level1.len(), 2);
        assert_eq!((level1[0].width, level1[1].width), (256, 17));
        let level2: Vec<&TileId> = tiles.iter().filter(|t| t.level == 2).collect();
        assert_eq!(level2.len(), 1);
        assert_eq!(level2[0].width, 1);
        assert_eq!(tiles.len(), 277);
        // A tree of 256 leaves: one full level-0 tile, one level-1 tile of width 1.
        assert_eq!(
            tiles_for_size(256),
            vec![
                TileId {
                    level: 0,
                    index: 0,
                    width: 256
                },
                TileId {
                    level: 1,
                    index: 0,
                    width: 1
                }
            ]
        );
        assert!(tiles_for_size(0).is_empty());
    }

    #[test]
    fn changed_tiles_cover_exactly_the_differences() {
        assert_eq!(
            changed_tiles(250, 260),
            vec![
                TileId {
                    level: 0,
                    index: 0,
                    width: 256
                },
                TileId {
                    level: 0,
                    index: 1,
                    width: 4
                },
                TileId {
                    level: 1,
                    index: 0,
                    width: 1
                },
            ]
        );
        assert!(changed_tiles(300, 300).is_empty());
        assert_eq!(
            changed_bundles(511, 513),
            vec![
                BundleId {
                    index: 1,
                    width: 256
                },
                BundleId { index: 2, width: 1 },
            ]
        );
        assert_eq!(
            tile_at_size(0, 1, 300),
            Some(TileId {
                level: 0,
                index: 1,
                width: 44
            })
        );
        assert_eq!(tile_at_size(1, 0, 255), None);
    }

    #[test]
    fn tile_contents_hash_up_to_the_root() {
        let leaves: Vec<Hash> = (0..70_000u32)
            .map(|i| leaf_hash(&i.to_be_bytes()))
            .collect();
        let mut tree = MemoryTree::new();
        tree.extend(&leaves);
        let t = TileId {
            level: 1,
            index: 0,
            width: 256,
        };
        let hashes = split_tile(&t, &read_tile(&tree, &t).unwrap()).unwrap();
        // Hash i of a level-1 tile is the MTH of leaves [256 i, 256 (i+1)).
        for (i, h) in hashes.iter().enumerate().step_by(51) {
            assert_eq!(*h, root_from_leaf_hashes(&leaves[256 * i..256 * (i + 1)]));
        }
        // The full level-2 hash: root of the first 65536 leaves.
        let t2 = tile_at_size(2, 0, 70_000).unwrap();
        let top = split_tile(&t2, &read_tile(&tree, &t2).unwrap()).unwrap();
        assert_eq!(top, vec![root_from_leaf_hashes(&leaves[..65536])]);
        assert!(matches!(
            read_tile(
                &tree,
                &TileId {
                    level: 0,
                    index: 273,
                    width: 256
                }
            ),
            Err(TileReadError::Storage(StorageError::Missing(_)))
        ));
        assert_eq!(
            split_tile(&t, &[0u8; 64]),
            Err(TileError::BadTileLength {
                expected: 8192,
                got: 64
            })
        );
    }

    #[test]
    fn bundles_round_trip_and_reject_bad_input() {
        let entries: Vec<Vec<u8>> = vec![b"".to_vec(), b"a".to_vec(), vec![7u8; 300]];
        let b = encode_bundle(&entries).unwrap();
        assert_eq!(&b[..5], &[0, 0, 0, 1, b'a']);
        assert_eq!(&b[5..7], &[0x01, 0x2c]);
        assert_eq!(decode_bundle(&b).unwrap(), entries);
        assert_eq!(
            decode_bundle(&b[..b.len() - 1]),
            Err(TileError::TruncatedBundle)
        );
        assert_eq!(decode_bundle(&[0]), Err(TileError::TruncatedBundle));
        assert_eq!(
            encode_bundle(&[vec![0u8; 65536]]),
            Err(TileError::EntryTooLong {
                index: 0,
                len: 65536
            })
        );
        assert_eq!(encode_bundle(&[vec![0u8; 65535]]).unwrap().len(), 65537);
    }
}
