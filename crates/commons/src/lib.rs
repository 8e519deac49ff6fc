//! WAICO Commons domain crate: the hub of open models, datasets and tools.
//!
//! * [`repo`] — repository ids, revisions, paths, digests, commits.
//! * [`card`] — README/model-card front matter parsing and safe Markdown rendering.
//! * [`analysis`] — the multilingual analyzer (Arabic, Chinese, Latin, Cyrillic).
//! * [`search`] — the tantivy repository index with facets and sorting.
//! * [`downloads`] — rules deciding which requests count as downloads.
//! * [`limits`] — per-file and per-repository size limits.

pub mod analysis;
pub mod card;
pub mod downloads;
pub mod limits;
pub mod repo;
pub mod search;
