//! What an assessment says: per jurisdiction, applicability, prohibitions,
//! obligations with their controls and evidence status, findings and the
//! provenance of each; the unified view and the divergences. The engine that
//! computes it is the `assess` module.

use crate::crosswalk::Relationship;
use crate::profile::EvidenceStatus;
use crate::rulepack::{Bearer, Deadline, PackStatus};
pub use crate::text::Text;
use serde::{Deserialize, Serialize};

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
    /// The duty applies from a date after the assessment date.
    NotYetApplicable,
    /// The practice is prohibited: no evidence satisfies it; it must stop.
    Prohibited,
}

/// A prohibited practice found: what, by which provision, for whom, since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prohibition {
    pub jurisdiction: Text,
    pub rule_id: Text,
    pub title: Text,
    pub citation: Text,
    /// The requirement (prohibition) URN and its link in the official text.
    pub requirement: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Text>,
    /// Who may not place on the market, put into service or use it.
    pub bearers: Vec<Bearer>,
    /// The date the prohibition applies from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Text>,
}

/// Which rule produced a finding and what it read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub pack: Text,
    pub pack_version: Text,
    /// Rule ids that fired (several when rules produce the same obligation).
    pub rules: Vec<Text>,
    /// Profile fields read by those rules, the rules they depend on and the pack's applicability test.
    pub fields_read: Vec<Text>,
}

/// A rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: Text,
    pub title: Text,
    pub citation: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_class: Option<Text>,
    pub fields_read: Vec<Text>,
}

/// A rule that could not be decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undetermined {
    pub rule_id: Text,
    pub citation: Text,
    pub missing_fields: Vec<Text>,
    pub reason: Text,
}

/// A unified control linked to an obligation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlLink {
    pub control: Text,
    pub title: Text,
    pub theme: Text,
    pub relationship: Relationship,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceStatus>,
    /// Link to the evidence counted for this obligation's bearer and jurisdiction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_link: Option<Text>,
    /// SHA-256 of that evidence, when it is a stored file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_sha256: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Obligation {
    /// `<pack>:<requirement URN>:<bearer>`.
    pub id: Text,
    pub jurisdiction: Text,
    pub framework: Text,
    pub requirement: Text,
    pub requirement_ref: Text,
    pub requirement_title: Text,
    pub citation: Text,
    pub bearer: Bearer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applies_from: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
    /// Calendar date (YYYY-MM-DD) the duty is due: the date it applies, or
    /// the trigger date plus the deadline ([`crate::calendar::due_date`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Text>,
    /// Link to the provision in the official text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Text>,
    /// False for draft and voluntary packs.
    pub binding: bool,
    pub status: ObligationStatus,
    /// The system is prohibited in this jurisdiction: this duty would apply
    /// only if the prohibited practice were removed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub if_practice_removed: bool,
    pub controls: Vec<ControlLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    pub provenance: Provenance,
}

/// The result for one jurisdiction (one pack).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionResult {
    pub pack: Text,
    pub pack_name: Text,
    pub pack_version: Text,
    pub jurisdiction: Text,
    /// The pack's status on the assessment date.
    pub status: PackStatus,
    /// The status the pack was adopted with, when the assessment date
    /// changed it (an adopted pack whose `applies_from` has passed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted_status: Option<PackStatus>,
    pub applies: bool,
    /// Fields read by the pack's `applies_when`.
    pub applicability_fields: Vec<Text>,
    pub risk_class: Text,
    /// Every risk class and tag assigned.
    pub labels: Vec<Text>,
    pub fired: Vec<Finding>,
    pub obligations: Vec<Obligation>,
    pub undetermined: Vec<Undetermined>,
    /// Prohibited practices found; when any, the other obligations apply only
    /// if the practice were removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prohibitions: Vec<Prohibition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnifiedControl {
    pub control: Text,
    pub title: Text,
    pub theme: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceStatus>,
    /// Obligation ids this control helps discharge, in every jurisdiction.
    pub discharges: Vec<String>,
    pub jurisdictions: Vec<Text>,
    /// Whether a binding obligation needs it (mandatory controls are listed first).
    #[serde(default)]
    pub mandatory: bool,
}

/// One piece of evidence per control serving several countries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnifiedView {
    pub controls: Vec<UnifiedControl>,
    /// Obligations no crosswalk control covers (should be empty with shipped data).
    pub uncovered: Vec<Text>,
    pub total_obligations: usize,
    /// True when `controls` is proven to be a smallest set covering every
    /// covered obligation; false when the exact search ran out of its budget
    /// and the best cover found (never larger than the greedy one) is shown,
    /// and in assessments stored before the view was exact.
    #[serde(default)]
    pub minimal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivergenceEntry {
    pub jurisdiction: Text,
    pub obligation: Text,
    pub citation: Text,
    pub requirement_title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Deadline>,
}

/// Jurisdictions that differ on one theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    pub theme: Text,
    pub theme_title: Text,
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
    pub id: Text,
    pub jurisdiction: Text,
    pub version: Text,
    pub status: PackStatus,
}

/// The full assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub profile_id: Text,
    pub profile_name: Text,
    /// Every prohibited practice found, in every jurisdiction: first, because
    /// where one applies the system must not be placed on the market or used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prohibitions: Vec<Prohibition>,
    /// The date (YYYY-MM-DD) the assessment was made, which pack statuses
    /// are derived for ([`assess_on`]); absent from [`assess`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessed_on: Option<Text>,
    pub catalog_version: Text,
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
    /// The result for a pack id or, by jurisdiction code, the first pack of
    /// that jurisdiction not repealed on the assessment date (the repealed
    /// one when it is the only one).
    pub fn jurisdiction(&self, pack_or_code: &str) -> Option<&JurisdictionResult> {
        let mut by_code = self
            .jurisdictions
            .iter()
            .filter(|j| j.jurisdiction == pack_or_code);
        self.jurisdictions
            .iter()
            .find(|j| j.pack == pack_or_code)
            .or_else(|| by_code.clone().find(|j| j.status != PackStatus::Repealed))
            .or_else(|| by_code.next())
    }
    pub fn obligations(&self) -> impl Iterator<Item = &Obligation> {
        self.jurisdictions.iter().flat_map(|j| j.obligations.iter())
    }
    /// Every prohibited practice found, with its jurisdiction's result.
    pub fn prohibitions(&self) -> impl Iterator<Item = (&JurisdictionResult, &Prohibition)> {
        self.jurisdictions
            .iter()
            .flat_map(|j| j.prohibitions.iter().map(move |p| (j, p)))
    }
}
