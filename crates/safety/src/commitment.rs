//! What publishing a report puts in the node's ledger. A TLP:CLEAR report
//! is published by the SHA-256 of its canonical JSON; a restricted one only
//! by a commitment, SHA-256 over a domain tag, a random 32-byte nonce and
//! the canonical JSON, which reveals nothing of the report until the node
//! opens it (shows nonce and document) to prove what was known when.
//!
//! Canonical JSON here: objects with keys sorted by their UTF-8 bytes, no
//! insignificant whitespace, strings and numbers as `serde_json` writes
//! them (the reports hold no floats outside AVID metric results).

use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::report::Report;
use crate::tlp::Shared;

/// Domain separation of commitments from other hashes of the ledger.
const COMMITMENT_TAG: &[u8] = b"waico-safety-commitment-v1\0";

/// Canonical JSON of a value (sorted keys, compact).
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The published document of a report: id, TLP level, content, legal kind
/// and submission time (not comments, history or assignees).
pub fn report_document(report: &Report) -> String {
    let doc = serde_json::json!({
        "id": report.id,
        "tlp": report.marking().tlp(),
        "content": report.content,
        "legal": report.legal,
        "submitted_at": report.submitted_at.unix_timestamp(),
    });
    canonical_json(&doc)
}

/// A ledger record of a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LedgerRecord {
    /// TLP:CLEAR: the SHA-256 of the document, hex.
    Published { report: String, sha256: String },
    /// Restricted: the commitment, hex.
    Committed { report: String, commitment: String },
}

/// What opens a commitment: kept by the node, shown when it chooses to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    /// The 32-byte nonce, hex.
    pub nonce: String,
    /// The canonical JSON the commitment was made over.
    pub document: String,
}

fn commit_bytes(nonce: &[u8], document: &str) -> String {
    let mut h = Sha256::new();
    h.update(COMMITMENT_TAG);
    h.update(nonce);
    h.update(document.as_bytes());
    hex::encode(h.finalize())
}

/// The record to append when `report` is published, and for a restricted
/// report the opening to keep.
pub fn publish(report: &Report, rng: &mut impl RngCore) -> (LedgerRecord, Option<Opening>) {
    let document = report_document(report);
    if report.marking().is_public() {
        let sha256 = hex::encode(Sha256::digest(document.as_bytes()));
        return (
            LedgerRecord::Published {
                report: report.id.to_string(),
                sha256,
            },
            None,
        );
    }
    let mut nonce = [0u8; 32];
    rng.fill_bytes(&mut nonce);
    let commitment = commit_bytes(&nonce, &document);
    (
        LedgerRecord::Committed {
            report: report.id.to_string(),
            commitment,
        },
        Some(Opening {
            nonce: hex::encode(nonce),
            document,
        }),
    )
}

/// Whether `opening` opens `commitment` (hex): the nonce is 32 bytes and the hash matches.
pub fn opens(commitment: &str, opening: &Opening) -> bool {
    let Ok(nonce) = hex::decode(&opening.nonce) else {
        return false;
    };
    nonce.len() == 32 && commit_bytes(&nonce, &opening.document) == commitment.to_ascii_lowercase()
}
