//! STIX 2.1 bundles of reports for security teams: an `incident` or
//! `vulnerability` object per report the viewer may see, the node's
//! `identity` as their creator, and the TLP 2.0 `marking-definition`
//! objects they reference.
//!
//! STIX 2.1 (OASIS Standard, 2021) predefines only TLP 1.0 markings; the
//! TLP 2.0 ones are the objects OASIS published with the TLP 2.0
//! extension definition (`extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d`,
//! repository `oasis-open/cti-stix-common-objects`,
//! `extension-definition-specifications/tlp-2.0`): fixed ids, created
//! `2022-10-01T00:00:00.000Z`, named `TLP:CLEAR` …, with the property
//! extension `tlp_2_0`. They are reproduced here as published.
//! Object ids are UUIDv5 of the report id, so an export is stable.

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::report::{Report, Subject};
use crate::tlp::{Shared, Tlp, Viewer};

/// The TLP 2.0 extension definition.
pub const TLP2_EXTENSION: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// The published id of the marking definition of `tlp`.
pub fn marking_definition_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The published marking-definition object of `tlp`.
pub fn marking_definition(tlp: Tlp) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_definition_id(tlp),
        "created": "2022-10-01T00:00:00.000Z",
        "name": tlp.label(),
        "extensions": {
            TLP2_EXTENSION: {
                "extension_type": "property-extension",
                "tlp_2_0": tlp.as_str().to_ascii_lowercase(),
            }
        }
    })
}

/// The UUIDv5 namespace of WAICO's STIX ids.
const NAMESPACE: Uuid = Uuid::from_u128(0x5a1c_0e7e_3b1d_4c59_9a57_2f0d_6c1e_8b42);

fn stix_id(kind: &str, key: &str) -> String {
    format!("{kind}--{}", Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// STIX timestamp: RFC 3339 in UTC with milliseconds.
fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let t = t
        .replace_nanosecond(t.millisecond() as u32 * 1_000_000)
        .expect("valid nanosecond");
    let s = t.format(&Rfc3339).expect("formattable");
    if s.contains('.') {
        s
    } else {
        s.replace('Z', ".000Z")
    }
}

fn report_object(r: &Report, creator: &str) -> Value {
    let kind = match r.content.subject {
        Subject::Incident => "incident",
        Subject::Vulnerability { .. } => "vulnerability",
    };
    let created = timestamp(r.submitted_at);
    let mut refs: Vec<Value> = vec![json!({
        "source_name": "waico",
        "external_id": r.id.as_str(),
    })];
    for s in &r.content.sources {
        let mut e =
            json!({"source_name": s.title.as_deref().unwrap_or("source"), "url": s.url.as_str()});
        if !s.text.is_empty() {
            e["description"] = Value::String(s.text.chars().take(1000).collect());
        }
        refs.push(e);
    }
    let mut labels: Vec<String> = r.content.harm.harm_types.iter().cloned().collect();
    labels.extend(r.content.harm.sectors.iter().cloned());
    let mut o = json!({
        "type": kind,
        "spec_version": "2.1",
        "id": stix_id(kind, r.id.as_str()),
        "created": created,
        "modified": created,
        "created_by_ref": creator,
        "name": r.content.title.as_str(),
        "external_references": refs,
        "object_marking_refs": [marking_definition_id(r.marking.tlp())],
    });
    if !r.content.description.is_empty() {
        o["description"] = Value::String(r.content.description.clone());
    }
    if !labels.is_empty() {
        o["labels"] = json!(labels);
    }
    o
}

/// A bundle of the reports `viewer` may see, created by the node `node_name` at `now`.
pub fn bundle<'a>(
    reports: impl IntoIterator<Item = &'a Report>,
    viewer: &Viewer,
    node_name: &str,
    now: OffsetDateTime,
) -> Value {
    let creator = stix_id("identity", node_name);
    let mut objects = vec![json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": creator,
        "created": timestamp(now),
        "modified": timestamp(now),
        "name": node_name,
        "identity_class": "organization",
    })];
    let mut levels = std::collections::BTreeSet::new();
    let mut ids: Vec<&str> = Vec::new();
    for r in reports.into_iter().filter(|r| r.visible_to(viewer)) {
        levels.insert(r.marking.tlp());
        objects.push(report_object(r, &creator));
        ids.push(r.id.as_str());
    }
    for tlp in levels {
        objects.push(marking_definition(tlp));
    }
    ids.sort_unstable();
    json!({
        "type": "bundle",
        "id": stix_id("bundle", &format!("{node_name}|{}|{}", ids.join(","), now.unix_timestamp())),
        "objects": objects,
    })
}
