//! OSCAL 1.1 export (JSON): the unified control catalog and each framework as
//! an OSCAL `catalog`, and an assessment as OSCAL `assessment-results`.
//! UUIDs are deterministic (name-based, version-5 shaped) so exports are stable.

use crate::assess::{Assessment, ObligationStatus, bearer_str};
use crate::controls::ControlCatalog;
use crate::framework::{Framework, Node, NodeKind};
use serde_json::{Value, json};
use std::collections::HashSet;

pub const OSCAL_VERSION: &str = "1.1.3";

/// Deterministic UUID (RFC 4122 version-5 layout) from a name, via two FNV-1a passes.
pub fn name_uuid(name: &str) -> String {
    let fnv = |seed: u64| {
        let mut h: u64 = seed;
        for b in name.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    };
    let a = fnv(0xcbf29ce484222325);
    let b = fnv(0x84222325cbf29ce4 ^ a.rotate_left(17));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Turns any string into an OSCAL token (NCName).
pub fn token(s: &str) -> String {
    let mut t: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !t
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        t.insert(0, '_');
    }
    t
}

/// Non-empty, trimmed string (OSCAL strings may not start or end with whitespace).
fn s(x: &str) -> String {
    let t = x.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() { "-".to_string() } else { t }
}

fn metadata(title: &str, version: &str, timestamp: &str) -> Value {
    json!({
        "title": s(title),
        "last-modified": timestamp,
        "version": s(version),
        "oscal-version": OSCAL_VERSION,
    })
}

/// The unified control catalog as an OSCAL catalog. `timestamp` is an RFC 3339
/// date-time with timezone, e.g. `2025-08-02T00:00:00Z`.
pub fn unified_catalog(cat: &ControlCatalog, timestamp: &str) -> Value {
    let groups: Vec<Value> = cat
        .themes
        .iter()
        .map(|t| {
            let controls: Vec<Value> = t
                .controls
                .iter()
                .map(|c| {
                    let id = token(c.urn.strip_prefix("urn:waico:control:").unwrap_or(&c.urn).replace(':', "-").as_str());
                    let mut parts = vec![json!({"id": format!("{id}_smt"), "name": "statement", "prose": s(&c.statement)})];
                    if let Some(h) = &c.evidence_hint {
                        parts.push(json!({"id": format!("{id}_gdn"), "name": "guidance", "prose": s(h)}));
                    }
                    json!({
                        "id": id,
                        "title": s(&c.title),
                        "props": [{"name": "label", "value": s(c.urn.rsplit(':').take(2).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(":").as_str())}],
                        "links": [{"href": c.urn, "rel": "canonical"}],
                        "parts": parts,
                    })
                })
                .collect();
            let mut g = json!({"id": token(&t.id), "title": s(&t.title), "controls": controls});
            if let Some(d) = &t.description {
                g["parts"] = json!([{"id": format!("{}_ovw", token(&t.id)), "name": "overview", "prose": s(d)}]);
            }
            g
        })
        .collect();
    json!({
        "catalog": {
            "uuid": name_uuid(&cat.urn),
            "metadata": metadata(&cat.name, &cat.version, timestamp),
            "groups": groups,
        }
    })
}

/// A framework as an OSCAL catalog: sections become groups, requirements controls.
pub fn framework_catalog(fw: &Framework, timestamp: &str) -> Value {
    let mut used = HashSet::new();
    let mut ids = std::collections::HashMap::new();
    for n in &fw.nodes {
        let base = token(n.urn.rsplit(':').next().unwrap_or(&n.urn));
        let mut id = base.clone();
        let mut k = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        ids.insert(n.urn.as_str(), id);
    }
    fn node_json(
        fw: &Framework,
        n: &Node,
        ids: &std::collections::HashMap<&str, String>,
        as_control: bool,
    ) -> Value {
        let id = ids[n.urn.as_str()].clone();
        let mut props = vec![
            json!({"name": "label", "value": s(if n.ref_id.is_empty() { &id } else { &n.ref_id })}),
        ];
        if let Some(c) = &n.citation {
            props.push(
                json!({"name": "citation", "ns": "https://waico.org/ns/oscal", "value": s(c)}),
            );
        }
        let mut links = vec![json!({"href": n.urn, "rel": "canonical"})];
        if let Some(l) = &n.link {
            links.push(json!({"href": l, "rel": "reference"}));
        }
        let children = fw.children(Some(&n.urn));
        let mut v = json!({"id": id, "title": s(&n.title), "props": props, "links": links});
        if let Some(sum) = &n.summary {
            let name = if as_control { "statement" } else { "overview" };
            v["parts"] = json!([{"id": format!("{id}_smt"), "name": name, "prose": s(sum)}]);
        }
        if as_control {
            let sub: Vec<Value> = children
                .iter()
                .map(|c| node_json(fw, c, ids, true))
                .collect();
            if !sub.is_empty() {
                v["controls"] = json!(sub);
            }
        } else {
            let (groups, controls) = split_children(fw, &children, ids);
            if !groups.is_empty() {
                v["groups"] = json!(groups);
            }
            if !controls.is_empty() {
                v["controls"] = json!(controls);
            }
        }
        v
    }
    /// OSCAL groups hold either groups or controls: when a section mixes
    /// sub-sections and requirements, the sub-sections become controls of class `section`.
    fn split_children(
        fw: &Framework,
        children: &[&Node],
        ids: &std::collections::HashMap<&str, String>,
    ) -> (Vec<Value>, Vec<Value>) {
        let mixed = children.iter().any(|c| c.kind == NodeKind::Section)
            && children.iter().any(|c| c.kind == NodeKind::Requirement);
        let mut groups = Vec::new();
        let mut controls = Vec::new();
        for c in children {
            if c.kind == NodeKind::Section && !mixed {
                groups.push(node_json(fw, c, ids, false));
            } else {
                let mut v = node_json(fw, c, ids, true);
                if c.kind == NodeKind::Section {
                    v["class"] = json!("section");
                }
                controls.push(v);
            }
        }
        (groups, controls)
    }
    let top = fw.children(None);
    let (groups, controls) = split_children(fw, &top, &ids);
    let mut md = metadata(&fw.name, &fw.version, timestamp);
    md["props"] =
        json!([{"name": "marking", "value": s(&format!("jurisdiction {}", fw.jurisdiction))}]);
    if let Some(l) = &fw.official_link {
        md["links"] = json!([{"href": l, "rel": "alternate"}]);
    }
    let mut c = json!({"uuid": name_uuid(&fw.urn), "metadata": md});
    if !groups.is_empty() {
        c["groups"] = json!(groups);
    }
    if !controls.is_empty() {
        c["controls"] = json!(controls);
    }
    json!({"catalog": c})
}

/// An assessment as OSCAL assessment-results: one result, one finding per obligation.
pub fn assessment_results(a: &Assessment, timestamp: &str) -> Value {
    let findings: Vec<Value> = a
        .obligations()
        .map(|o| {
            let (state, reason) = match o.status {
                ObligationStatus::Met => ("satisfied", "pass"),
                ObligationStatus::Missing => ("not-satisfied", "fail"),
                ObligationStatus::Unknown => ("not-satisfied", "other"),
            };
            let mut props = vec![
                json!({"name": "jurisdiction", "ns": "https://waico.org/ns/oscal", "value": s(&o.jurisdiction)}),
                json!({"name": "bearer", "ns": "https://waico.org/ns/oscal", "value": bearer_str(o.bearer)}),
                json!({"name": "applies-from", "ns": "https://waico.org/ns/oscal", "value": s(o.applies_from.as_deref().unwrap_or("not set"))}),
                json!({"name": "rules", "ns": "https://waico.org/ns/oscal", "value": s(&o.provenance.rules.join(" "))}),
                json!({"name": "fields-read", "ns": "https://waico.org/ns/oscal", "value": s(&o.provenance.fields_read.join(" "))}),
            ];
            if let Some(d) = &o.deadline {
                props.push(json!({"name": "deadline-days", "ns": "https://waico.org/ns/oscal", "value": d.days.to_string()}));
            }
            let links: Vec<Value> = std::iter::once(json!({"href": o.requirement, "rel": "reference"}))
                .chain(o.controls.iter().map(|c| json!({"href": c.control, "rel": "related"})))
                .collect();
            json!({
                "uuid": name_uuid(&format!("{}|{}", a.profile_id, o.id)),
                "title": s(&format!("{} — {}", o.citation, o.requirement_title)),
                "description": s(&format!("{} obligation of the {} under {} ({}).", if o.binding { "Binding" } else { "Non-binding" }, bearer_str(o.bearer), o.citation, o.jurisdiction)),
                "props": props,
                "links": links,
                "target": {
                    "type": "objective-id",
                    "target-id": token(&format!("{}-{}", o.provenance.pack, o.requirement.rsplit(':').next().unwrap_or(""))),
                    "status": {"state": state, "reason": reason},
                },
            })
        })
        .collect();
    let mut result = json!({
        "uuid": name_uuid(&format!("result|{}", a.profile_id)),
        "title": s(&format!("WAICO assessment of {}", a.profile_name)),
        "description": s(&format!("Applicability, risk class and obligations of {} under {} rulepacks.", a.profile_name, a.packs_used.len())),
        "start": timestamp,
        "props": a.jurisdictions.iter().filter(|j| j.applies).map(|j| json!({"name": "risk-class", "ns": "https://waico.org/ns/oscal", "class": token(&j.jurisdiction), "value": s(&j.risk_class)})).collect::<Vec<_>>(),
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    });
    if result["props"].as_array().is_some_and(|p| p.is_empty()) {
        result.as_object_mut().unwrap().remove("props");
    }
    if !findings.is_empty() {
        result["findings"] = json!(findings);
    }
    let mut md = metadata(
        &format!("WAICO assessment: {}", a.profile_name),
        &a.catalog_version,
        timestamp,
    );
    md["props"] = json!(a.packs_used.iter().map(|p| json!({"name": "pack", "ns": "https://waico.org/ns/oscal", "value": s(&format!("{}@{}", p.id, p.version))})).collect::<Vec<_>>());
    json!({
        "assessment-results": {
            "uuid": name_uuid(&format!("ar|{}", a.profile_id)),
            "metadata": md,
            "import-ap": {"href": format!("urn:waico:assessment-plan:{}", token(&a.profile_id))},
            "results": [result],
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape_and_determinism() {
        let u = name_uuid("x");
        assert_eq!(u, name_uuid("x"));
        assert_ne!(u, name_uuid("y"));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "5");
        assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn tokens() {
        assert_eq!(token("1.2 a"), "_1.2_a");
        assert_eq!(token("art-5"), "art-5");
    }
}
