//! Import of AVID reports: the JSON report format of the AI Vulnerability
//! Database (`avidml/avid-db`, data models of `avidml/avidtools`), schema
//! versions 0.1, 0.2 and 0.3 (`data_version` `0.3.x` included).
//!
//! The layouts, as the avid-db files show them:
//!
//! * 0.1 — `affects.artifact` (singular), `problemtype.class`, metrics with
//!   `features` and `detection_method.class`, `impact.avid.sep_view` and
//!   `lifecycle_view` as objects (`{"id": "E0101", "name": …}`,
//!   `{"id": "L05", "stage": …}`).
//! * 0.2 — `affects.artifacts`, `problemtype.classof`, `detection_method.type`,
//!   views as strings `"E0101: Group fairness"`.
//! * 0.3 — as 0.2, with metrics of other shapes (e.g. `scorer` / `metrics`
//!   / `value` from evaluation harnesses) and `impact` blocks beyond `avid`
//!   (`cvss`, `cwe`).
//!
//! A report becomes a [`ReportDraft`]: the problem type's description is the
//! title, `description` the description, `reported_date` the date,
//! developers and deployers the alleged ones, references the sources (a
//! reference whose URL is not `https`/`http` is skipped with a warning). A
//! record with `metadata.vuln_id` (an AVID vulnerability) becomes a
//! vulnerability whose affected versions are not stated by AVID
//! (`unspecified`).

use serde_json::Value;

use crate::report::{
    AffectedVersions, Affects, Artifact, ArtifactKind, AvidBlocks, AvidImpact, Metric, ProblemType,
    ReportDraft, SourceDraft, SourceUrl, TaxonRef,
};

/// A schema version of the AVID format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AvidVersion {
    V0_1,
    V0_2,
    V0_3,
}

/// An AVID file that cannot be imported; `field` is the JSON path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct AvidError {
    pub field: String,
    pub reason: String,
}

fn err(field: &str, reason: impl Into<String>) -> AvidError {
    AvidError {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// One imported AVID report.
#[derive(Debug, Clone, PartialEq)]
pub struct AvidImport {
    pub version: AvidVersion,
    /// `metadata.report_id` or `metadata.vuln_id`.
    pub avid_id: Option<String>,
    pub draft: ReportDraft,
    /// What was left out, and why.
    pub warnings: Vec<String>,
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn lang_value(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        obj => text(obj, "value").map(str::to_owned),
    }
}

fn strings(v: Option<&Value>, field: &str) -> Result<Vec<String>, AvidError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| err(field, "holds a value that is not a string"))
            })
            .collect(),
        Some(_) => Err(err(field, "is not a list")),
    }
}

fn version(doc: &Value) -> Result<AvidVersion, AvidError> {
    match doc.get("data_type").and_then(Value::as_str) {
        Some("AVID") => {}
        Some(other) => return Err(err("data_type", format!("{other:?} is not \"AVID\""))),
        None => return Err(err("data_type", "missing: not an AVID report")),
    }
    let v = doc
        .get("data_version")
        .and_then(Value::as_str)
        .ok_or_else(|| err("data_version", "missing"))?;
    match v {
        "0.1" => Ok(AvidVersion::V0_1),
        "0.2" => Ok(AvidVersion::V0_2),
        _ if v == "0.3" || v.starts_with("0.3.") => Ok(AvidVersion::V0_3),
        _ => Err(err(
            "data_version",
            format!("{v:?} is not a supported version (0.1, 0.2, 0.3)"),
        )),
    }
}

fn artifact_kind(s: &str) -> Option<ArtifactKind> {
    match s.to_ascii_lowercase().as_str() {
        "model" => Some(ArtifactKind::Model),
        "dataset" => Some(ArtifactKind::Dataset),
        "system" => Some(ArtifactKind::System),
        _ => None,
    }
}

/// `"E0101: Group fairness"` or `{"id": "E0101", "name": "Group fairness"}` (or `"stage"`).
fn taxon(v: &Value, field: &str) -> Result<TaxonRef, AvidError> {
    match v {
        Value::String(s) => {
            let (id, name) = s.split_once(':').unwrap_or((s, ""));
            Ok(TaxonRef {
                id: id.trim().to_owned(),
                name: name.trim().to_owned(),
            })
        }
        Value::Object(_) => Ok(TaxonRef {
            id: text(v, "id")
                .ok_or_else(|| err(field, "an entry has no id"))?
                .to_owned(),
            name: text(v, "name")
                .or_else(|| text(v, "stage"))
                .unwrap_or_default()
                .to_owned(),
        }),
        _ => Err(err(field, "an entry is neither a string nor an object")),
    }
}

fn taxa(v: Option<&Value>, field: &str) -> Result<Vec<TaxonRef>, AvidError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items.iter().map(|i| taxon(i, field)).collect(),
        Some(_) => Err(err(field, "is not a list")),
    }
}

fn metric(m: &Value) -> Metric {
    let name = text(m, "name")
        .or_else(|| text(m, "metrics"))
        .or_else(|| text(m, "scorer"))
        .unwrap_or("metric")
        .to_owned();
    let detection_method = m.get("detection_method").and_then(|d| {
        let kind = text(d, "type").or_else(|| text(d, "class"));
        let name = text(d, "name");
        match (kind, name) {
            (Some(k), Some(n)) => Some(format!("{k}: {n}")),
            (k, n) => k.or(n).map(str::to_owned),
        }
    });
    let results = m
        .get("results")
        .or_else(|| m.get("value"))
        .or_else(|| m.get("features"))
        .cloned()
        .unwrap_or(Value::Null);
    Metric {
        name,
        detection_method,
        results,
    }
}

/// Imports one AVID report (JSON text).
pub fn import(json: &str) -> Result<AvidImport, AvidError> {
    let doc: Value = serde_json::from_str(json).map_err(|e| err("$", e.to_string()))?;
    import_value(&doc)
}

/// Imports one AVID report (parsed JSON).
pub fn import_value(doc: &Value) -> Result<AvidImport, AvidError> {
    let version = version(doc)?;
    let mut warnings = Vec::new();
    let metadata = doc.get("metadata").unwrap_or(&Value::Null);
    let vuln_id = text(metadata, "vuln_id").map(str::to_owned);
    let avid_id = text(metadata, "report_id")
        .map(str::to_owned)
        .or_else(|| vuln_id.clone());

    let affects_v = doc.get("affects").unwrap_or(&Value::Null);
    let artifacts_key = match version {
        AvidVersion::V0_1 => "artifact",
        _ => "artifacts",
    };
    let mut artifacts = Vec::new();
    if let Some(list) = affects_v
        .get(artifacts_key)
        .or_else(|| affects_v.get("artifacts"))
        .and_then(Value::as_array)
    {
        for a in list {
            let name = text(a, "name")
                .ok_or_else(|| err(&format!("affects.{artifacts_key}.name"), "missing"))?;
            match text(a, "type").and_then(artifact_kind) {
                Some(kind) => artifacts.push(Artifact {
                    kind,
                    name: name.to_owned(),
                }),
                None => warnings.push(format!(
                    "affects.{artifacts_key}: {name:?} has no Model/Dataset/System type, skipped"
                )),
            }
        }
    }
    let affects = Affects {
        developer: strings(affects_v.get("developer"), "affects.developer")?,
        deployer: strings(affects_v.get("deployer"), "affects.deployer")?,
        artifacts,
    };

    let problemtype = match doc.get("problemtype") {
        Some(p) if p.is_object() => {
            let class_key = match version {
                AvidVersion::V0_1 => "class",
                _ => "classof",
            };
            Some(ProblemType {
                classof: text(p, class_key)
                    .or_else(|| text(p, "classof"))
                    .or_else(|| text(p, "class"))
                    .unwrap_or("Undefined")
                    .to_owned(),
                kind: text(p, "type").map(str::to_owned),
                description: lang_value(p, "description").unwrap_or_default(),
            })
        }
        _ => None,
    };

    let metrics = match doc.get("metrics") {
        Some(Value::Array(ms)) => ms.iter().map(metric).collect(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(err("metrics", "is not a list")),
    };

    let impact = match doc.get("impact").and_then(|i| i.get("avid")) {
        Some(a) if a.is_object() => Some(AvidImpact {
            risk_domain: strings(a.get("risk_domain"), "impact.avid.risk_domain")?,
            sep_view: taxa(a.get("sep_view"), "impact.avid.sep_view")?,
            lifecycle_view: taxa(a.get("lifecycle_view"), "impact.avid.lifecycle_view")?,
            taxonomy_version: text(a, "taxonomy_version").map(str::to_owned),
        }),
        _ => None,
    };

    let mut sources = Vec::new();
    if let Some(refs) = doc.get("references").and_then(Value::as_array) {
        for r in refs {
            let Some(url) = text(r, "url") else {
                warnings.push("references: an entry without url, skipped".into());
                continue;
            };
            if let Err(e) = SourceUrl::parse(url) {
                warnings.push(format!("references: {url:?} skipped ({})", e.reason));
                continue;
            }
            sources.push(SourceDraft {
                url: url.to_owned(),
                title: text(r, "label")
                    .or_else(|| text(r, "name"))
                    .map(str::to_owned),
                text: String::new(),
            });
        }
    }

    let description = lang_value(doc, "description").unwrap_or_default();
    let title = problemtype
        .as_ref()
        .map(|p| p.description.trim())
        .filter(|d| !d.is_empty())
        .or_else(|| description.lines().next().map(str::trim))
        .filter(|t| !t.is_empty())
        .map(|t| t.chars().take(crate::report::MAX_TITLE).collect::<String>())
        .or_else(|| avid_id.clone())
        .ok_or_else(|| err("problemtype.description", "no title can be made"))?;
    let title = title.replace(['\n', '\r', '\t'], " ");

    let vulnerability = vuln_id.is_some() && text(metadata, "report_id").is_none();
    let affected = if vulnerability {
        let mut list: Vec<AffectedVersions> = affects
            .artifacts
            .iter()
            .map(|a| AffectedVersions {
                artifact: a.name.clone(),
                versions: vec!["unspecified".into()],
            })
            .collect();
        if list.is_empty() {
            list.push(AffectedVersions {
                artifact: title.clone(),
                versions: vec!["unspecified".into()],
            });
        }
        list
    } else {
        Vec::new()
    };

    let draft = ReportDraft {
        title,
        description,
        date: text(doc, "reported_date").map(str::to_owned),
        vulnerability,
        affected,
        alleged_deployers: affects.deployer.clone(),
        alleged_developers: affects.developer.clone(),
        sources,
        avid: AvidBlocks {
            affects,
            problemtype,
            metrics,
            impact,
        },
        ..ReportDraft::default()
    };
    Ok(AvidImport {
        version,
        avid_id,
        draft,
        warnings,
    })
}
