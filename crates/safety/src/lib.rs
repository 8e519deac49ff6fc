//! WAICO's safety domain: AI incident and vulnerability reports, shared
//! under TLP 2.0 and kept to the legal reporting deadlines of each
//! jurisdiction, with the taxonomies and exchange formats the AI-safety
//! community uses. Free of HTTP and SQL: the application layer stores,
//! authorizes and serves what this crate decides.
//!
//! * [`ids`] — opaque identifiers of reports, members, organisations, communities, systems, repositories.
//! * [`tlp`] — TLP 2.0 markings and the one decision of who may see what; visible-only lists, counts, tallies.
//! * [`report`] — reports (AIID core, AVID blocks, OECD harm dimensions), sources, comments.
//! * [`workflow`] — states, steps and who may take them; assignees, history; merging duplicates.
//! * [`deadlines`] — legal reporting duties (EU AI Act Art. 73, China; none in Colorado since SB 26-189) with due dates.
//! * [`eu_report`] — the EU serious-incident report of an incident.
//! * [`statistics`] — counts by harm type, sector, country, month over visible reports only.
//! * [`taxonomy`] — taxonomies as data (YAML, six languages).
//! * [`avid`] — import of AVID reports (schema 0.1, 0.2, 0.3).
//! * [`exchange`] — CSV import, JSONL and CSV export honouring TLP.
//! * [`similarity`] — duplicate suggestions by shingle MinHash.
//! * [`stix`] — STIX 2.1 bundles with TLP 2.0 marking definitions.
//! * [`commitment`] — what a published report puts in the ledger: hash or commitment.
//! * [`search`] — multilingual report search with TLP filtering inside the index.

pub mod avid;
pub mod commitment;
pub mod deadlines;
pub mod eu_report;
pub mod exchange;
pub mod fields;
pub mod history;
pub mod ids;
pub mod report;
pub mod search;
pub mod similarity;
pub mod statistics;
pub mod stix;
pub mod taxonomy;
pub mod tlp;
pub mod workflow;
