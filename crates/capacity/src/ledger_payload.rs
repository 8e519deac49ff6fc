//! The ledger payloads of the capacity exchange: canonical JSON (RFC 8785) of a
//! published round result and of a published match, so that anyone can recompute
//! the record's hash from the published document.

use serde::Serialize;
use waico_ledger::jcs::{JcsError, canonicalize};

use crate::allocation::RoundResult;
use crate::matching::MatchResult;

#[derive(Serialize)]
struct Envelope<'a, T> {
    kind: &'a str,
    body: &'a T,
}

fn payload<T: Serialize>(kind: &str, body: &T) -> Result<Vec<u8>, JcsError> {
    let value = serde_json::to_value(Envelope { kind, body }).map_err(|_| JcsError::NonFinite)?;
    canonicalize(&value)
}

/// `{"body": <result>, "kind": "capacity.round_result"}` in canonical form.
pub fn round_result(result: &RoundResult) -> Result<Vec<u8>, JcsError> {
    payload("capacity.round_result", result)
}

/// `{"body": <match>, "kind": "capacity.match"}` in canonical form.
pub fn match_result(result: &MatchResult) -> Result<Vec<u8>, JcsError> {
    payload("capacity.match", result)
}
