//! Duplicate suggestions by text similarity: MinHash signatures over word
//! shingles (three consecutive analysed words; the words come from the
//! commons multilingual analyzer, so Arabic, Chinese, Cyrillic and Latin
//! texts are compared by their normalised words). The share of equal
//! signature slots estimates the Jaccard similarity of the shingle sets.
//! Suggestions are drawn only from the reports the viewer may see.

use std::collections::BTreeSet;

use waico_commons::analysis::{Mode, analyze};

use crate::report::Report;
use crate::tlp::{Shared, Viewer};

/// Slots of a signature.
pub const SLOTS: usize = 64;
/// Words per shingle.
pub const SHINGLE: usize = 3;

/// A text's MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature([u64; SLOTS]);

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The analysed words of a text, in order (one form per position: the first variant).
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last = usize::MAX;
    for t in analyze(text, Mode::Query) {
        if t.position != last {
            out.push(t.text);
            last = t.position;
        }
    }
    out
}

/// The hashed shingles of a text (a text shorter than a shingle is one shingle).
pub fn shingles(text: &str) -> BTreeSet<u64> {
    let w = words(text);
    if w.is_empty() {
        return BTreeSet::new();
    }
    if w.len() < SHINGLE {
        return [fnv1a(w.join(" ").as_bytes())].into();
    }
    w.windows(SHINGLE)
        .map(|s| fnv1a(s.join(" ").as_bytes()))
        .collect()
}

/// Exact Jaccard similarity of two shingle sets.
pub fn jaccard(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = a.intersection(b).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

impl Signature {
    pub fn of_text(text: &str) -> Self {
        Self::of_shingles(&shingles(text))
    }

    pub fn of_shingles(shingles: &BTreeSet<u64>) -> Self {
        let mut slots = [u64::MAX; SLOTS];
        for &s in shingles {
            for (i, slot) in slots.iter_mut().enumerate() {
                let h = splitmix(s ^ splitmix(i as u64 + 1));
                if h < *slot {
                    *slot = h;
                }
            }
        }
        Signature(slots)
    }

    /// Estimated Jaccard similarity (0 when either text had no words).
    pub fn similarity(&self, other: &Signature) -> f64 {
        if self.0[0] == u64::MAX || other.0[0] == u64::MAX {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f64 / SLOTS as f64
    }
}

/// A suggested duplicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'a> {
    pub report: &'a Report,
    pub similarity: f64,
}

/// Reports `viewer` may see whose text resembles `text` at `threshold` or
/// more, most similar first, at most `limit`. `signatures` are those of
/// `reports`, in order (the application keeps them next to the reports).
pub fn suggest_duplicates<'a>(
    text: &str,
    reports: &'a [Report],
    signatures: &[Signature],
    viewer: &Viewer,
    threshold: f64,
    limit: usize,
) -> Vec<Suggestion<'a>> {
    let me = Signature::of_text(text);
    let mut out: Vec<Suggestion<'a>> = reports
        .iter()
        .zip(signatures)
        .filter(|(r, _)| r.visible_to(viewer))
        .map(|(r, s)| Suggestion {
            report: r,
            similarity: me.similarity(s),
        })
        .filter(|s| s.similarity >= threshold)
        .collect();
    out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    out.truncate(limit);
    out
}
