//! OSCAL export (JSON): the unified control catalog and each framework as an
//! OSCAL 1.1 `catalog`, one `profile` per jurisdiction selecting the unified
//! controls, the crosswalks as an OSCAL 1.2 `mapping-collection`, and an
//! assessment as `assessment-results`.
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
                    let id = control_id(&c.urn);
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

/// The OSCAL id of each node of a framework in [`framework_catalog`]: the
/// last URN segment as a token, made unique with `-2`, `-3`… in node order.
pub fn framework_ids(fw: &Framework) -> std::collections::HashMap<&str, String> {
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
    ids
}

/// The OSCAL id of a unified control in [`unified_catalog`] (`transparency-1`).
pub fn control_id(urn: &str) -> String {
    token(
        &urn.strip_prefix("urn:waico:control:")
            .unwrap_or(urn)
            .replace(':', "-"),
    )
}

/// Where the node serves the unified catalog in OSCAL (profiles and mappings point at it).
pub const UNIFIED_CATALOG_HREF: &str = "/api/v1/controls/oscal";

/// One OSCAL profile per jurisdiction (per loaded pack), selecting from the
/// unified catalog the controls its frameworks' requirements are crosswalked
/// to. Returns (pack id, profile document).
pub fn jurisdiction_profiles(cat: &crate::Catalog, timestamp: &str) -> Vec<(String, Value)> {
    cat.packs()
        .iter()
        .map(|p| {
            let mut ids: Vec<String> = cat
                .crosswalks()
                .all()
                .iter()
                .filter(|m| p.doc.frameworks.contains(&m.framework))
                .map(|m| control_id(&m.control))
                .collect();
            ids.sort();
            ids.dedup();
            let mut md = metadata(
                &format!("{} — unified controls", p.doc.name),
                &p.doc.version,
                timestamp,
            );
            md["props"] = json!([
                prop("jurisdiction", &p.doc.jurisdiction),
                prop("pack-status", p.doc.status.as_str()),
            ]);
            md["links"] = json!([{"href": p.doc.official_source.url, "rel": "reference"}]);
            let doc = json!({
                "profile": {
                    "uuid": name_uuid(&format!("profile|{}", p.doc.id)),
                    "metadata": md,
                    "imports": [{
                        "href": UNIFIED_CATALOG_HREF,
                        "include-controls": [{"with-ids": ids}],
                    }],
                    "merge": {"as-is": true},
                }
            });
            (p.doc.id.clone(), doc)
        })
        .collect()
}

/// The crosswalks as an OSCAL 1.2 mapping collection: one mapping per
/// framework, from its catalog ([`framework_catalog`]) to the unified one,
/// each map carrying the NIST IR 8477 set relationship.
pub fn crosswalk_mapping(cat: &crate::Catalog, timestamp: &str) -> Value {
    use crate::crosswalk::Relationship;
    let mut mappings = Vec::new();
    for fw in cat.frameworks() {
        let ids = framework_ids(fw);
        let maps: Vec<Value> = cat
            .crosswalks()
            .all()
            .iter()
            .filter(|m| m.framework == fw.urn)
            .filter_map(|m| {
                let src = ids.get(m.requirement.as_str())?;
                let relationship = match m.relationship {
                    Relationship::Equal => "equal-to",
                    Relationship::Subset => "subset-of",
                    Relationship::Superset => "superset-of",
                    Relationship::Intersects => "intersects-with",
                };
                Some(json!({
                    "uuid": name_uuid(&format!("map|{}|{}", m.requirement, m.control)),
                    "relationship": relationship,
                    "sources": [{"type": "control", "id-ref": src}],
                    "targets": [{"type": "control", "id-ref": control_id(&m.control)}],
                }))
            })
            .collect();
        if maps.is_empty() {
            continue;
        }
        mappings.push(json!({
            "uuid": name_uuid(&format!("mapping|{}", fw.urn)),
            "source-resource": {"type": "catalog", "href": format!("/api/v1/frameworks/{}/oscal", fw.urn)},
            "target-resource": {"type": "catalog", "href": UNIFIED_CATALOG_HREF},
            "maps": maps,
        }));
    }
    let mut md = metadata(
        "WAICO crosswalks: national requirements to unified controls",
        &cat.controls.version,
        timestamp,
    );
    md["oscal-version"] = json!(OSCAL_MAPPING_VERSION);
    json!({
        "mapping-collection": {
            "uuid": name_uuid("waico-crosswalks"),
            "metadata": md,
            "provenance": {
                "method": "human",
                "matching-rationale": "semantic",
                "status": "complete",
                "mapping-description": "Each requirement of each national framework mapped by WAICO to the unified controls that discharge it, with the set relationship of its scope to the control's (NIST IR 8477).",
            },
            "mappings": mappings,
        }
    })
}

/// The mapping model exists from OSCAL 1.2.
pub const OSCAL_MAPPING_VERSION: &str = "1.2.0";

/// A framework as an OSCAL catalog: sections become groups, requirements controls.
pub fn framework_catalog(fw: &Framework, timestamp: &str) -> Value {
    let ids = framework_ids(fw);
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
        let mut parts = Vec::new();
        if let Some(sum) = &n.summary {
            let name = if as_control { "statement" } else { "overview" };
            parts.push(json!({"id": format!("{id}_smt"), "name": name, "prose": s(sum)}));
        }
        if let Some(text) = &n.text {
            // The provision's own words, in the law's language (`text` in WAICO YAML).
            let lang = fw.original_language.as_deref().unwrap_or("en");
            parts.push(json!({
                "id": format!("{id}_law"), "name": "official-text", "ns": NS,
                "props": [{"name": "language", "ns": NS, "value": lang}],
                "prose": s(text),
            }));
        }
        if !parts.is_empty() {
            v["parts"] = json!(parts);
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

const NS: &str = "https://waico.org/ns/oscal";

fn prop(name: &str, value: &str) -> Value {
    json!({"name": name, "ns": NS, "value": s(value)})
}

/// An assessment as OSCAL assessment-results: one result dated on the
/// assessment date, one finding per obligation (prohibited duties `fail`
/// and marked `prohibited`; duties not yet applicable marked
/// `not-yet-applicable`, never `fail`), one observation per piece of evidence
/// (its link and SHA-256), per undetermined rule and per divergence.
pub fn assessment_results(a: &Assessment, timestamp: &str) -> Value {
    let start = a
        .assessed_on
        .as_ref()
        .map_or_else(|| timestamp.to_string(), |d| format!("{d}T00:00:00Z"));
    let mut observations: Vec<Value> = Vec::new();
    let mut evidence_obs: std::collections::BTreeMap<String, String> = Default::default();
    let findings: Vec<Value> = a
        .obligations()
        .map(|o| {
            let (state, reason) = match o.status {
                ObligationStatus::Met => ("satisfied", "pass"),
                ObligationStatus::Missing | ObligationStatus::Prohibited => ("not-satisfied", "fail"),
                ObligationStatus::Unknown | ObligationStatus::NotYetApplicable => ("not-satisfied", "other"),
            };
            let mut props = vec![
                prop("jurisdiction", &o.jurisdiction),
                json!({"name": "bearer", "ns": NS, "value": bearer_str(o.bearer)}),
                prop("applies-from", o.applies_from.as_deref().unwrap_or("not set")),
                prop("rules", &o.provenance.rules.join(" ")),
                prop("fields-read", &o.provenance.fields_read.join(" ")),
            ];
            if let Some(d) = &o.deadline {
                props.push(json!({"name": "deadline-days", "ns": NS, "value": d.days.to_string()}));
            }
            if let Some(d) = &o.due {
                props.push(prop("due", d));
            }
            match o.status {
                ObligationStatus::NotYetApplicable => props.push(prop("applicability", "not-yet-applicable")),
                ObligationStatus::Prohibited => props.push(prop("prohibited", &o.citation)),
                _ => {}
            }
            if o.if_practice_removed {
                props.push(prop("applicability", "if-practice-removed"));
            }
            let mut related = Vec::new();
            for c in &o.controls {
                let (Some(ev), Some(link)) = (c.evidence, &c.evidence_link) else { continue };
                let key = format!("{}|{}|{}", c.control, link, c.evidence_sha256.as_deref().unwrap_or(""));
                let uuid = evidence_obs.entry(key.clone()).or_insert_with(|| {
                    let uuid = name_uuid(&format!("{}|evidence|{key}", a.profile_id));
                    let mut re = json!({"href": link.as_str(), "description": s(&format!("Evidence for {} ({:?})", c.title, ev))});
                    if let Some(h) = &c.evidence_sha256 {
                        re["props"] = json!([prop("sha256", h)]);
                    }
                    observations.push(json!({
                        "uuid": uuid,
                        "title": s(&format!("Evidence: {}", c.title)),
                        "description": s(&format!("{ev:?} evidence declared for {}.", c.control)),
                        "methods": ["EXAMINE"],
                        "types": ["control-objective"],
                        "relevant-evidence": [re],
                        "collected": start,
                    }));
                    uuid
                });
                related.push(json!({"href": format!("#{uuid}"), "rel": "related"}));
            }
            let requirement_href = o.link.as_deref().unwrap_or(&o.requirement);
            let links: Vec<Value> = std::iter::once(json!({"href": requirement_href, "rel": "reference"}))
                .chain(o.controls.iter().map(|c| json!({"href": c.control, "rel": "related"})))
                .collect();
            let mut f = json!({
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
            });
            // Evidence observations are linked by fragment (`#uuid`): the NIST
            // 1.2.0 JSON schema's `related-observations` item declares no
            // properties while forbidding additional ones, so no document
            // carrying one validates against it.
            if !related.is_empty() {
                f["links"]
                    .as_array_mut()
                    .expect("links is an array")
                    .extend(related);
            }
            f
        })
        .collect();
    for j in &a.jurisdictions {
        for u in &j.undetermined {
            observations.push(json!({
                "uuid": name_uuid(&format!("{}|undetermined|{}|{}", a.profile_id, j.pack, u.rule_id)),
                "title": s(&format!("Undetermined: {} ({})", u.citation, j.jurisdiction)),
                "description": s(&format!("Rule {} could not be decided: {}. Needs: {}.", u.rule_id, u.reason, if u.missing_fields.is_empty() { "-".to_string() } else { u.missing_fields.join(", ") })),
                "props": [prop("undetermined", &u.rule_id), prop("jurisdiction", &j.jurisdiction)],
                "methods": ["EXAMINE"],
                "collected": start,
            }));
        }
    }
    for d in &a.divergences {
        let mut desc = format!("Imposed by {}", d.jurisdictions_with.join(", "));
        if !d.jurisdictions_without.is_empty() {
            desc.push_str(&format!("; not by {}", d.jurisdictions_without.join(", ")));
        }
        if let Some(st) = &d.strictest {
            desc.push_str(&format!("; strictest: {} {}", st.jurisdiction, st.citation));
        }
        observations.push(json!({
            "uuid": name_uuid(&format!("{}|divergence|{}", a.profile_id, d.theme)),
            "title": s(&format!("Divergence: {}", d.theme_title)),
            "description": s(&format!("{desc}.")),
            "props": [prop("divergence", &d.theme)],
            "methods": ["EXAMINE"],
            "collected": start,
        }));
    }
    let mut result_props: Vec<Value> = a.jurisdictions.iter().filter(|j| j.applies).map(|j| json!({"name": "risk-class", "ns": NS, "class": token(&j.jurisdiction), "value": s(&j.risk_class)})).collect();
    for (j, p) in a.prohibitions() {
        result_props.push(json!({"name": "prohibited", "ns": NS, "class": token(&j.jurisdiction), "value": s(&format!("{} {}", p.citation, p.title))}));
    }
    let mut result = json!({
        "uuid": name_uuid(&format!("result|{}", a.profile_id)),
        "title": s(&format!("WAICO assessment of {}", a.profile_name)),
        "description": s(&format!("Applicability, risk class and obligations of {} under {} rulepacks.", a.profile_name, a.packs_used.len())),
        "start": start,
        "reviewed-controls": {"control-selections": [{"include-all": {}}]},
    });
    if !result_props.is_empty() {
        result["props"] = json!(result_props);
    }
    if !observations.is_empty() {
        result["observations"] = json!(observations);
    }
    if !findings.is_empty() {
        result["findings"] = json!(findings);
    }
    let mut md = metadata(
        &format!("WAICO assessment: {}", a.profile_name),
        &a.catalog_version,
        timestamp,
    );
    md["props"] = json!(
        a.packs_used
            .iter()
            .map(|p| prop("pack", &format!("{}@{}", p.id, p.version)))
            .collect::<Vec<_>>()
    );
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
