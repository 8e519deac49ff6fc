//! The ledger payload of a decision: the canonical JSON (keys sorted at
//! every level, no insignificant whitespace) of what was decided — the final
//! text's hash, the procedure, the tally or roll-call, and the effect the
//! application applies in the same transaction. The application appends it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use waico_members::CountryCode;

use crate::proposal::{AmendmentTarget, DecisionResult, Proposal, ProposalKind, Stage};

/// The record type tag, versioned.
pub const DECISION_RECORD_TYPE: &str = "waico.deliberation.decision/1";

/// What an adopted proposal does, for the application to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "effect")]
pub enum Effect {
    /// A resolution's text is adopted; nothing else changes.
    AdoptResolution,
    /// The new framework or rulepack version applies to assessments made
    /// from now on.
    ActivateVersion {
        target: AmendmentTarget,
        name: String,
        yaml_sha256: String,
    },
    Admit {
        state: CountryCode,
    },
    Suspend {
        state: CountryCode,
    },
    Reinstate {
        state: CountryCode,
    },
    /// The winners take their seats.
    Seat {
        office: String,
        winners: Vec<String>,
    },
    /// The parameters become the default of the next capacity round.
    DefaultAllocationPolicy {
        parameters: Value,
    },
}

/// The effect of a proposal, if it was adopted.
pub fn effect_of(proposal: &Proposal) -> Option<Effect> {
    let decision = proposal.decision()?;
    if decision.outcome != Stage::Adopted {
        return None;
    }
    Some(match &proposal.kind {
        ProposalKind::Resolution => Effect::AdoptResolution,
        ProposalKind::Amendment { target, name, yaml } => Effect::ActivateVersion {
            target: *target,
            name: name.clone(),
            yaml_sha256: hex::encode(Sha256::digest(yaml.as_bytes())),
        },
        ProposalKind::Admission { state } => Effect::Admit { state: *state },
        ProposalKind::Suspension { state } => Effect::Suspend { state: *state },
        ProposalKind::Reinstatement { state } => Effect::Reinstate { state: *state },
        ProposalKind::Election { office, .. } => Effect::Seat {
            office: office.clone(),
            winners: match &decision.result {
                DecisionResult::RankedChoice { winners, .. }
                | DecisionResult::SecretBallot { winners, .. } => winners.clone(),
                _ => Vec::new(),
            },
        },
        ProposalKind::AllocationPolicy { parameters } => Effect::DefaultAllocationPolicy {
            parameters: parameters.clone(),
        },
    })
}

/// The canonical JSON of a decided proposal's record, or `None` while it is
/// undecided.
pub fn decision_record(proposal: &Proposal) -> Option<String> {
    let decision = proposal.decision()?;
    let text = proposal.current_text();
    let record = json!({
        "type": DECISION_RECORD_TYPE,
        "proposal": proposal.id,
        "body": proposal.body,
        "title": proposal.title,
        "kind": proposal.kind.slug(),
        "author": proposal.author,
        "co_sponsors": proposal.co_sponsors(),
        "procedure": proposal.procedure.slug(),
        "outcome": decision.outcome.slug(),
        "decided_at": decision.at.format(&time::format_description::well_known::Rfc3339).ok()?,
        "text_version": proposal.versions().len(),
        "text_sha256": text.sha256_hex(),
        "result": serde_json::to_value(&decision.result).ok()?,
        "effect": serde_json::to_value(effect_of(proposal)).ok()?,
    });
    Some(canonical_json(&record))
}

/// JSON with object keys sorted (by UTF-8 bytes) at every level and no
/// whitespace, whatever map order `serde_json` was built with.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_everywhere() {
        let value = json!({"b": 1, "a": {"z": [ {"y": true, "x": null} ], "c": "é"}});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{"c":"é","z":[{"x":null,"y":true}]},"b":1}"#
        );
    }
}
