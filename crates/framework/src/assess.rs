//! The assessment engine: runs every compiled rulepack against a profile and
//! derives, per jurisdiction, applicability, risk class and obligations (with
//! evidence status through the crosswalk), then a unified view (a greedy
//! smallest set of unified controls discharging every obligation) and the
//! divergences between jurisdictions on the same theme. Every finding carries
//! the rule that fired and the profile fields it read.

use crate::catalog::Catalog;
use crate::controls::ControlCatalog;
use crate::crosswalk::Relationship;
use crate::profile::{EvidenceStatus, Profile, Role};
use crate::rulepack::{Bearer, Bindings, CompiledPack, Deadline, Outcome, PackStatus};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Whether declared evidence discharges an obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationStatus {
    /// Every mapped unified control has implemented evidence.
    Met,
    /// No mapped control has implemented or partial evidence.
    Missing,
    /// Evidence is partial or incomplete, or the requirement is not crosswalked.
    Unknown,
}

/// Which rule produced a finding and what it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub pack: String,
    pub pack_version: String,
    /// Rule ids that fired (several when rules produce the same obligation).
    pub rules: Vec<String>,
    /// Profile fields read by those rules, the rules they depend on and the pack's applicability test.
    pub fields_read: Vec<String>,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub title: String,
    pub citation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<String>,
    pub fields_read: Vec<String>,
}

/// A rule that could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undetermined {
    pub rule_id: String,
    pub citation: String,
    pub missing_fields: Vec<String>,
    pub reason: String,
}

/// A unified control linked to an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlLink {
    pub control: String,
    pub title: String,
    pub theme: String,
    pub relationship: Relationship,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    /// `<pack>:<requirement URN>:<bearer>`.
    pub id: String,
    pub jurisdiction: String,
    pub framework: String,
    pub requirement: String,
    pub requirement_ref: String,
    pub requirement_title: String,
    pub citation: String,
    pub bearer: Bearer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// False for draft and voluntary packs.
    pub binding: bool,
    pub status: ObligationStatus,
    pub controls: Vec<ControlLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub provenance: Provenance,
}

/// The result for one jurisdiction (one pack).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionResult {
    pub pack: String,
    pub pack_name: String,
    pub pack_version: String,
    pub jurisdiction: String,
    pub status: PackStatus,
    pub applies: bool,
    /// Fields read by the pack's `applies_when`.
    pub applicability_fields: Vec<String>,
    pub risk_class: String,
    /// Every risk class and tag assigned.
    pub labels: Vec<String>,
    pub fired: Vec<Finding>,
    pub obligations: Vec<Obligation>,
    pub undetermined: Vec<Undetermined>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnifiedControl {
    pub control: String,
    pub title: String,
    pub theme: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceStatus>,
    /// Obligation ids this control helps discharge, in every jurisdiction.
    pub discharges: Vec<String>,
    pub jurisdictions: Vec<String>,
}

/// One piece of evidence per control serving several countries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnifiedView {
    pub controls: Vec<UnifiedControl>,
    /// Obligations no crosswalk control covers (should be empty with shipped data).
    pub uncovered: Vec<String>,
    pub total_obligations: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivergenceEntry {
    pub jurisdiction: String,
    pub obligation: String,
    pub citation: String,
    pub requirement_title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
}

/// Jurisdictions that differ on one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    pub theme: String,
    pub theme_title: String,
    pub jurisdictions_with: Vec<String>,
    /// Applicable jurisdictions that impose nothing on this theme.
    pub jurisdictions_without: Vec<String>,
    pub entries: Vec<DivergenceEntry>,
    /// The shortest deadline on this theme, if any entry has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strictest: Option<DivergenceEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    pub id: String,
    pub jurisdiction: String,
    pub version: String,
    pub status: PackStatus,
}

/// The full assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub profile_id: String,
    pub profile_name: String,
    pub catalog_version: String,
    pub packs_used: Vec<PackRef>,
    pub jurisdictions: Vec<JurisdictionResult>,
    pub unified: UnifiedView,
    pub divergences: Vec<Divergence>,
}

impl Assessment {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("assessment serialises")
    }

    /// Reads back what [`Assessment::to_json`] wrote (e.g. a stored assessment).
    pub fn from_json(src: &str) -> Result<Assessment, serde_json::Error> {
        serde_json::from_str(src)
    }
    pub fn jurisdiction(&self, pack_or_code: &str) -> Option<&JurisdictionResult> {
        self.jurisdictions
            .iter()
            .find(|j| j.pack == pack_or_code || j.jurisdiction == pack_or_code)
    }
    pub fn obligations(&self) -> impl Iterator<Item = &Obligation> {
        self.jurisdictions.iter().flat_map(|j| j.obligations.iter())
    }
}

/// Assesses a profile against every pack in the catalog.
pub fn assess(profile: &Profile, catalog: &Catalog) -> Assessment {
    let bindings = Bindings::for_mask(profile, catalog.fields_mask());
    let jurisdictions: Vec<JurisdictionResult> = catalog
        .packs()
        .iter()
        .map(|p| assess_pack(profile, &bindings, p, catalog))
        .collect();
    let unified = unified_view(&jurisdictions, catalog, profile);
    let divergences = divergences(&jurisdictions, catalog);
    Assessment {
        profile_id: profile.id.clone(),
        profile_name: profile.name.clone(),
        catalog_version: catalog.controls.version.clone(),
        packs_used: catalog
            .packs()
            .iter()
            .map(|p| PackRef {
                id: p.doc.id.clone(),
                jurisdiction: p.doc.jurisdiction.clone(),
                version: p.doc.version.clone(),
                status: p.doc.status,
            })
            .collect(),
        jurisdictions,
        unified,
        divergences,
    }
}

fn union(a: &[String], b: &[String]) -> Vec<String> {
    let s: BTreeSet<&String> = a.iter().chain(b.iter()).collect();
    s.into_iter().cloned().collect()
}

fn assess_pack(
    profile: &Profile,
    b: &Bindings,
    pack: &CompiledPack,
    catalog: &Catalog,
) -> JurisdictionResult {
    let doc = &pack.doc;
    let mut res = JurisdictionResult {
        pack: doc.id.clone(),
        pack_name: doc.name.clone(),
        pack_version: doc.version.clone(),
        jurisdiction: doc.jurisdiction.clone(),
        status: doc.status,
        applies: false,
        applicability_fields: pack.applies.fields.clone(),
        risk_class: doc.default_risk_class.clone(),
        labels: Vec::new(),
        fired: Vec::new(),
        obligations: Vec::new(),
        undetermined: Vec::new(),
    };
    match b.eval(&pack.applies) {
        Outcome::True => res.applies = true,
        Outcome::False => return res,
        Outcome::Undetermined { missing, reason } => {
            res.undetermined.push(Undetermined {
                rule_id: format!("{}#applies_when", doc.id),
                citation: doc.official_source.title.clone(),
                missing_fields: missing,
                reason,
            });
            return res;
        }
    }
    let mut rank: Option<usize> = None;
    // label → fields read by the rules that assigned it
    let mut labels: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut by_key: HashMap<(String, Bearer), usize> = HashMap::new();
    let roles = &profile.roles;
    for rule in &pack.rules {
        let r = &rule.doc;
        let mut inherited: Vec<String> = Vec::new();
        if !r.requires.is_empty() {
            let mut any = false;
            for q in &r.requires {
                if let Some(f) = labels.get(q.as_str()) {
                    any = true;
                    inherited = union(&inherited, f);
                }
            }
            if !any {
                continue;
            }
        }
        match b.eval(&rule.condition) {
            Outcome::False => continue,
            Outcome::Undetermined { missing, reason } => {
                res.undetermined.push(Undetermined {
                    rule_id: r.id.clone(),
                    citation: r.citation.clone(),
                    missing_fields: missing,
                    reason,
                });
                continue;
            }
            Outcome::True => {}
        }
        let fields = union(
            &union(&rule.condition.fields, &inherited),
            &pack.applies.fields,
        );
        if let Some(rr) = rule.risk_rank {
            rank = Some(rank.map_or(rr, |x| x.max(rr)));
        }
        for l in r.risk_class.iter().chain(r.tags.iter()) {
            let e = labels.entry(l.as_str()).or_default();
            *e = union(e, &fields);
        }
        res.fired.push(Finding {
            rule_id: r.id.clone(),
            title: r.title.clone(),
            citation: r.citation.clone(),
            risk_class: r.risk_class.clone(),
            fields_read: fields.clone(),
        });
        for o in &rule.obligations {
            let role = match o.bearer {
                Bearer::Deployer => Role::Deployer,
                _ => Role::Provider,
            };
            if !roles.is_empty() && !roles.contains(&role) {
                continue;
            }
            let key = (o.requirement.clone(), o.bearer);
            if let Some(&i) = by_key.get(&key) {
                let ob: &mut Obligation = &mut res.obligations[i];
                if !ob.provenance.rules.contains(&r.id) {
                    ob.provenance.rules.push(r.id.clone());
                }
                ob.provenance.fields_read = union(&ob.provenance.fields_read, &fields);
                if let Some(d) = &o.applies_from
                    && ob.applies_from.as_ref().is_none_or(|cur| d < cur)
                {
                    ob.applies_from = Some(d.clone());
                }
                continue;
            }
            let (framework, ref_id, title, citation) = match catalog.requirement(&o.requirement) {
                Some((fw, n)) => (
                    fw.urn.clone(),
                    n.ref_id.clone(),
                    n.title.clone(),
                    n.citation.clone().unwrap_or_else(|| n.ref_id.clone()),
                ),
                None => (
                    String::new(),
                    String::new(),
                    o.requirement.clone(),
                    r.citation.clone(),
                ),
            };
            let controls: Vec<ControlLink> = catalog
                .controls_for_requirement(&o.requirement)
                .into_iter()
                .map(|m| ControlLink {
                    control: m.control.clone(),
                    title: catalog
                        .control_title(&m.control)
                        .unwrap_or_default()
                        .to_string(),
                    theme: ControlCatalog::theme_of(&m.control)
                        .unwrap_or_default()
                        .to_string(),
                    relationship: m.relationship,
                    evidence: profile.evidence.get(&m.control).map(|e| e.status),
                })
                .collect();
            let status = status_of(&controls);
            by_key.insert(key, res.obligations.len());
            res.obligations.push(Obligation {
                id: format!("{}:{}:{}", doc.id, o.requirement, bearer_str(o.bearer)),
                jurisdiction: doc.jurisdiction.clone(),
                framework,
                requirement: o.requirement.clone(),
                requirement_ref: ref_id,
                requirement_title: title,
                citation,
                bearer: o.bearer,
                applies_from: o.applies_from.clone(),
                deadline: o.deadline.clone(),
                binding: doc.status.binding(),
                status,
                controls,
                note: o.note.clone(),
                provenance: Provenance {
                    pack: doc.id.clone(),
                    pack_version: doc.version.clone(),
                    rules: vec![r.id.clone()],
                    fields_read: fields.clone(),
                },
            });
        }
    }
    if let Some(r) = rank {
        res.risk_class = doc.risk_classes[r].clone();
    }
    res.labels = labels.keys().map(|s| s.to_string()).collect();
    res
}

pub(crate) fn bearer_str(b: Bearer) -> &'static str {
    match b {
        Bearer::Provider => "provider",
        Bearer::Deployer => "deployer",
        Bearer::Both => "both",
    }
}

fn status_of(controls: &[ControlLink]) -> ObligationStatus {
    if controls.is_empty() {
        return ObligationStatus::Unknown;
    }
    if controls
        .iter()
        .all(|c| c.evidence == Some(EvidenceStatus::Implemented))
    {
        ObligationStatus::Met
    } else if controls
        .iter()
        .all(|c| matches!(c.evidence, None | Some(EvidenceStatus::Planned)))
    {
        ObligationStatus::Missing
    } else {
        ObligationStatus::Unknown
    }
}

fn unified_view(js: &[JurisdictionResult], catalog: &Catalog, profile: &Profile) -> UnifiedView {
    let obligations: Vec<&Obligation> = js.iter().flat_map(|j| j.obligations.iter()).collect();
    // control → obligation indices
    let mut covers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in obligations.iter().enumerate() {
        for c in &o.controls {
            let v = covers.entry(c.control.as_str()).or_default();
            if v.last() != Some(&i) {
                v.push(i);
            }
        }
    }
    let mut covered = vec![false; obligations.len()];
    let mut uncovered_left = obligations
        .iter()
        .filter(|o| !o.controls.is_empty())
        .count();
    let mut chosen = Vec::new();
    while uncovered_left > 0 {
        let best = covers
            .iter()
            .map(|(c, v)| (*c, v.iter().filter(|i| !covered[**i]).count()))
            .filter(|(_, n)| *n > 0)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)));
        let Some((c, n)) = best else { break };
        for i in &covers[c] {
            covered[*i] = true;
        }
        uncovered_left -= n;
        chosen.push(c);
    }
    let controls = chosen
        .into_iter()
        .map(|c| {
            let idx = &covers[c];
            let jur: BTreeSet<&str> = idx
                .iter()
                .map(|i| obligations[*i].jurisdiction.as_str())
                .collect();
            UnifiedControl {
                control: c.to_string(),
                title: catalog.control_title(c).unwrap_or_default().to_string(),
                theme: ControlCatalog::theme_of(c).unwrap_or_default().to_string(),
                evidence: profile.evidence.get(c).map(|e| e.status),
                discharges: idx.iter().map(|i| obligations[*i].id.clone()).collect(),
                jurisdictions: jur.into_iter().map(str::to_string).collect(),
            }
        })
        .collect();
    UnifiedView {
        controls,
        uncovered: obligations
            .iter()
            .zip(&covered)
            .filter(|(_, c)| !**c)
            .map(|(o, _)| o.id.clone())
            .collect(),
        total_obligations: obligations.len(),
    }
}

fn divergences(js: &[JurisdictionResult], catalog: &Catalog) -> Vec<Divergence> {
    let applicable: BTreeSet<&str> = js
        .iter()
        .filter(|j| j.applies)
        .map(|j| j.jurisdiction.as_str())
        .collect();
    if applicable.len() < 2 {
        return Vec::new();
    }
    let mut by_theme: BTreeMap<&str, Vec<&Obligation>> = BTreeMap::new();
    for o in js.iter().flat_map(|j| j.obligations.iter()) {
        let themes: BTreeSet<&str> = o.controls.iter().map(|c| c.theme.as_str()).collect();
        for t in themes {
            by_theme.entry(t).or_default().push(o);
        }
    }
    let mut out = Vec::new();
    for (theme, obs) in by_theme {
        let with: BTreeSet<&str> = obs.iter().map(|o| o.jurisdiction.as_str()).collect();
        let without: Vec<String> = applicable
            .difference(&with)
            .map(|s| s.to_string())
            .collect();
        let deadlines: BTreeSet<(u32, bool)> = obs
            .iter()
            .filter_map(|o| o.deadline.as_ref().map(|d| (d.days, d.working_days)))
            .collect();
        if without.is_empty() && deadlines.len() < 2 {
            continue;
        }
        let entries: Vec<DivergenceEntry> = obs
            .iter()
            .map(|o| DivergenceEntry {
                jurisdiction: o.jurisdiction.clone(),
                obligation: o.id.clone(),
                citation: o.citation.clone(),
                requirement_title: o.requirement_title.clone(),
                deadline: o.deadline.clone(),
            })
            .collect();
        let strictest = entries
            .iter()
            .filter(|e| e.deadline.is_some())
            .min_by_key(|e| e.deadline.as_ref().map(|d| d.days))
            .cloned();
        out.push(Divergence {
            theme: theme.to_string(),
            theme_title: catalog
                .controls
                .themes
                .iter()
                .find(|t| t.id == theme)
                .map(|t| t.title.clone())
                .unwrap_or_else(|| theme.to_string()),
            jurisdictions_with: with.into_iter().map(str::to_string).collect(),
            jurisdictions_without: without,
            entries,
            strictest,
        });
    }
    out
}
