//! The AI-system profile: what an assessment is run on. Every top-level field
//! is also a CEL variable of the same name in rulepack conditions (enums appear
//! as their snake_case strings, lists as lists, absent optional fields are
//! unbound so that rules needing them are reported as undetermined).

use crate::controls::ControlCatalog;
use crate::diagnostics::{LoadErrors, Locator, parse_yaml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Role the profiled organisation plays for this system (EU AI Act Art. 3(3)-(8)).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Provider,
    Deployer,
    /// Places on the Union market a system bearing the name of a person established outside it (Art. 3(6), Art. 23).
    Importer,
    /// Makes a system available on the Union market, other than the provider or importer (Art. 3(7), Art. 24).
    Distributor,
    /// Mandated in writing by a provider established outside the Union (Art. 3(5), Art. 22, Art. 54).
    AuthorisedRepresentative,
    /// Places an Annex I product with the AI system under its own name: considered the provider (Art. 25(3)).
    ProductManufacturer,
}

/// EU AI Act Art. 2 situations in which the Regulation, or part of it, does not apply.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Art2Exclusion {
    /// Art. 2(3): exclusively for military, defence or national-security purposes.
    MilitaryDefence,
    /// Art. 2(6): developed and put into service for the sole purpose of scientific research and development.
    ScientificResearch,
    /// Art. 2(10): used by a natural person in a purely personal non-professional activity (deployer duties).
    PersonalNonProfessional,
    /// Art. 2(12): released under a free and open-source licence, and not placed on the market as high-risk, Art. 5 or Art. 50.
    FreeOpenSource,
}

/// Domain taxonomy of intended purposes. Covers every EU AI Act Annex III area,
/// the Colorado consequential-decision domains and common general uses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Annex III(1): remote biometric identification, categorisation, emotion recognition.
    Biometrics,
    /// Annex III(2): safety components in critical digital infrastructure, traffic, utilities.
    CriticalInfrastructure,
    /// Annex III(3): admission, assessment, steering of learning, proctoring.
    Education,
    /// Annex III(4): recruitment, selection, promotion, termination, task allocation, monitoring.
    Employment,
    /// Annex III(5)(b): creditworthiness / credit scoring of natural persons.
    EssentialServicesCredit,
    /// Annex III(5)(c): risk assessment and pricing in life and health insurance.
    EssentialServicesInsurance,
    /// Annex III(5)(a): eligibility for public assistance benefits and services.
    PublicBenefits,
    /// Annex III(5)(d): evaluating and classifying emergency calls, dispatch, triage.
    EmergencyDispatch,
    /// Annex III(6): law enforcement.
    LawEnforcement,
    /// Annex III(7): migration, asylum and border control management.
    MigrationBorder,
    /// Annex III(8)(a): administration of justice and alternative dispute resolution.
    JusticeDemocracy,
    /// Annex III(8)(b): influencing elections or referendums / voting behaviour.
    Elections,
    Medical,
    Housing,
    LegalServices,
    ContentGeneration,
    Chatbot,
    Recommendation,
    Search,
    Translation,
    SoftwareDevelopment,
    CustomerService,
    Marketing,
    Safety,
    Research,
    /// Detecting financial fraud: carved out of Annex III 5(b).
    FinancialFraudDetection,
    GeneralPurpose,
    Other,
}

/// Who is affected by the system's outputs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AffectedPerson {
    GeneralPublic,
    Consumers,
    Employees,
    JobApplicants,
    Students,
    Children,
    Patients,
    Migrants,
    Suspects,
    BenefitClaimants,
    Borrowers,
    Voters,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Text,
    Image,
    Audio,
    Video,
    Tabular,
    Code,
    Biometric,
    VirtualScene,
}

/// What the system can do; several map directly to prohibited or regulated practices.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Directly interacts with natural persons (EU Art. 50(1), Colorado 6-1-1704).
    InteractsWithPeople,
    /// Generates synthetic audio, image, video or text (EU Art. 50(2); CN labeling measures).
    GeneratesSyntheticContent,
    /// Generates or manipulates image/audio/video constituting a deep fake (EU Art. 50(4)).
    Deepfake,
    /// Generates text published to inform the public on matters of public interest (EU Art. 50(4)).
    PublicInterestText,
    EmotionRecognition,
    /// Remote biometric identification (at a distance, without active involvement).
    BiometricIdentificationRemote,
    /// The remote identification happens in real time.
    BiometricIdentificationRealtime,
    /// Categorisation by biometric data.
    BiometricCategorisation,
    /// Categorisation according to sensitive or protected attributes by inference (Annex III 1(b)), other than the Art. 5(1)(g) traits.
    BiometricCategorisationProtected,
    /// Categorisation inferring race, political opinions, union membership, religion, sex life or orientation (EU Art. 5(1)(g)).
    BiometricCategorisationSensitive,
    /// Profiling of natural persons (GDPR Art. 4(4) sense).
    Profiling,
    SocialScoring,
    SubliminalManipulation,
    ExploitsVulnerabilities,
    /// Untargeted scraping of facial images from the internet or CCTV (EU Art. 5(1)(e)).
    UntargetedFacialScraping,
    /// Assesses risk of a person committing a crime based solely on profiling/personality traits (EU Art. 5(1)(d)).
    CrimePredictionProfiling,
    /// Makes automated decisions about persons.
    AutomatedDecisions,
    Recommendation,
    /// Autonomous weapon functions (Brazil excessive risk).
    AutonomousWeapons,
    /// Can produce child sexual abuse material (Brazil excessive risk) — used to test refusals.
    CsamGeneration,
    /// Edits biometric information such as faces or voices (CN deep synthesis Art. 14).
    BiometricEditing,
}

/// Where the system is used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentContext {
    Workplace,
    EducationInstitution,
    PubliclyAccessibleSpace,
    LawEnforcementOperation,
    Border,
    Healthcare,
    Online,
    Internal,
}

/// EU AI Act Art. 6(3) conditions a provider may claim for an Annex III system.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Art63Exemption {
    /// Art. 6(3)(a): performs a narrow procedural task.
    NarrowProceduralTask,
    /// Art. 6(3)(b): improves the result of a previously completed human activity.
    ImprovesPriorHumanActivity,
    /// Art. 6(3)(c): detects decision-making patterns without replacing or influencing the prior human assessment.
    DetectsDecisionPatterns,
    /// Art. 6(3)(d): performs a preparatory task to an Annex III assessment.
    PreparatoryTask,
}

/// EU AI Act Art. 5(1)(h)(i)–(iii) objectives for which real-time RBI by law enforcement may be authorised.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RbiException {
    /// (i) targeted search for victims of abduction, trafficking, sexual exploitation, missing persons.
    TargetedVictimSearch,
    /// (ii) prevention of a specific, substantial and imminent threat to life or of a terrorist attack.
    ImminentThreatPrevention,
    /// (iii) localisation/identification of a suspect of an Annex II offence punishable by ≥4 years.
    SeriousCrimeSuspect,
}

/// Where the underlying model comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelRef {
    /// `commons` (a WAICO commons repository) or `external`.
    pub source: ModelSource,
    /// Commons repository id or external model name.
    pub reference: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    Commons,
    External,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    Implemented,
    Partial,
    Planned,
}

/// Evidence the organisation declares for one unified control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub status: EvidenceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// ISO date the evidence was produced or last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// SHA-256 of the evidence file (64 hex digits), when it is in the artifact store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Jurisdictions the evidence is declared for (`EU`, `US-CO`…); empty = every jurisdiction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
}

impl ScopedEvidence {
    fn as_evidence(&self) -> std::borrow::Cow<'_, Evidence> {
        std::borrow::Cow::Owned(Evidence {
            status: self.status,
            link: self.link.clone(),
            date: self.date.clone(),
            sha256: self.sha256.clone(),
            jurisdictions: self.jurisdictions.clone(),
        })
    }
}

/// Evidence declared by one bearer for one control, optionally for some
/// jurisdictions only: a deployer's own evidence beside a provider's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopedEvidence {
    /// Unified control URN (short `<theme>:<n>` accepted in YAML).
    pub control: String,
    /// Whose duty this evidence discharges.
    pub bearer: Role,
    pub status: EvidenceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Empty = every jurisdiction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<String>,
}

/// An AI system as described by its provider or deployer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Provider: WAICO member code or institution id.
    pub provider: String,
    /// Deployers: member codes or institution ids.
    #[serde(default)]
    pub deployers: Vec<String>,
    /// Roles of the organisation asking for the assessment; obligations for other
    /// bearers are left out. Empty = all roles.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// ISO 3166-1 alpha-2 codes, ISO 3166-2 subdivision codes (e.g. `US-CO`) and `EU`.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    #[serde(default)]
    pub purposes: Vec<Purpose>,
    #[serde(default)]
    pub affected_persons: Vec<AffectedPerson>,
    #[serde(default)]
    pub modalities: Vec<Modality>,
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub deployment_contexts: Vec<DeploymentContext>,
    /// Offered to the general public (not only internal or B2B use).
    #[serde(default)]
    pub public_facing: bool,
    /// Monthly active users, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlying_model: Option<ModelRef>,
    /// Cumulative training compute in floating-point operations, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_compute_flop: Option<f64>,
    /// Free and open-source licence of the model (weights, architecture, usage info public), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_source_licence: Option<String>,
    /// Whether the model is open source (derived from `open_source_licence` when loading YAML).
    #[serde(default)]
    pub open_source: bool,
    /// General-purpose AI model (EU Art. 3(63)).
    #[serde(default)]
    pub is_gpai: bool,
    /// Safety component of (or itself) a product under Annex I legislation requiring third-party conformity assessment.
    #[serde(default)]
    pub annex_i_safety_component: bool,
    /// Which Annex I legislation, e.g. `medical_devices`, `machinery`, `toys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex_i_legislation: Option<String>,
    /// AI-generated text undergoes human review or editorial control with editorial responsibility (EU Art. 50(4)).
    #[serde(default)]
    pub human_editorial_control: bool,
    #[serde(default)]
    pub art6_3_exemptions: Vec<Art63Exemption>,
    #[serde(default)]
    pub rbi_exceptions: Vec<RbiException>,
    /// Prior authorisation by a judicial or independent administrative authority (EU Art. 5(3)).
    #[serde(default)]
    pub prior_authorisation: bool,
    /// China: service has public-opinion attributes or social-mobilisation capacity.
    #[serde(default)]
    pub public_opinion_attributes: bool,
    /// Makes, or is a substantial factor in making, consequential decisions (Colorado).
    #[serde(default)]
    pub consequential_decisions: bool,
    /// Deployer is a body governed by public law or a private entity providing public services (EU Art. 27).
    #[serde(default)]
    pub deployer_public_body: bool,
    /// Provider established in the Union (EU AI Act Arts. 22, 54); absent = not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established_in_union: Option<bool>,
    /// EU AI Act Art. 2 exclusions the system falls under.
    #[serde(default)]
    pub art2_exclusions: Vec<Art2Exclusion>,
    /// Colorado deployer's full-time-equivalent employees (C.R.S. 6-1-1703(6)); absent = not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployer_employees: Option<u64>,
    /// Colorado deployer trains the system with its own data (C.R.S. 6-1-1703(6)(a)); absent = not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployer_trains_on_own_data: Option<bool>,
    /// The developer offers the system to deployers not affiliated with it (C.R.S. 6-1-1702(3)(b)); absent = not stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unaffiliated_deployers: Option<bool>,
    /// Dates (YYYY-MM-DD) of events that start a statutory deadline, by the
    /// requirement URN (or its last segment, e.g. `art-73-2`) whose deadline they start.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub trigger_dates: BTreeMap<String, String>,
    /// Evidence of the organisation the profile describes, per unified control
    /// URN (short `<theme>:<n>` accepted in YAML). It discharges duties of the
    /// organisation's role: the single entry of `roles`, else the provider's.
    #[serde(default)]
    pub evidence: BTreeMap<String, Evidence>,
    /// Evidence declared for a named bearer (a deployer's, an importer's…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_by_bearer: Vec<ScopedEvidence>,
}

/// Whether `s` is a SHA-256 digest in hex.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// JSON Schema of [`Profile`] (draft 2020-12, generated by schemars).
pub fn profile_json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Profile)).expect("schema serialises")
}

/// Top-level field names of the profile schema, sorted; the only identifiers
/// rulepack CEL conditions may read.
pub fn profile_field_names() -> &'static [String] {
    static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let schema = profile_json_schema();
        let mut names: Vec<String> = schema["properties"]
            .as_object()
            .expect("profile schema has properties")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    });
    &NAMES
}

impl Profile {
    /// Parses a profile from YAML with located errors, normalising evidence keys
    /// to full URNs and deriving `open_source` from the licence.
    pub fn from_yaml(file: &str, src: &str) -> Result<Profile, LoadErrors> {
        let mut p: Profile = parse_yaml(file, src)?;
        let mut loc = Locator::new(file, src);
        if p.id.trim().is_empty() {
            loc.at(None, "id:", "profile id must not be empty");
        }
        if p.training_compute_flop
            .is_some_and(|f| !f.is_finite() || f < 0.0)
        {
            loc.at(
                None,
                "training_compute_flop",
                "training_compute_flop must be a non-negative number",
            );
        }
        for (k, e) in &p.evidence {
            if let Some(d) = &e.date
                && !crate::diagnostics::is_iso_date(d)
            {
                loc.at(Some(k), d, format!("evidence date `{d}` is not YYYY-MM-DD"));
            }
            if let Some(h) = &e.sha256
                && !is_sha256(h)
            {
                loc.at(
                    Some(k),
                    h,
                    format!("evidence sha256 `{h}` is not 64 hex digits"),
                );
            }
        }
        for e in &p.evidence_by_bearer {
            if let Some(d) = &e.date
                && !crate::diagnostics::is_iso_date(d)
            {
                loc.at(
                    Some(&e.control),
                    d,
                    format!("evidence date `{d}` is not YYYY-MM-DD"),
                );
            }
            if let Some(h) = &e.sha256
                && !is_sha256(h)
            {
                loc.at(
                    Some(&e.control),
                    h,
                    format!("evidence sha256 `{h}` is not 64 hex digits"),
                );
            }
        }
        for (k, d) in &p.trigger_dates {
            if !crate::diagnostics::is_iso_date(d) {
                loc.at(
                    Some(k),
                    d,
                    format!("trigger_dates.{k}: `{d}` is not YYYY-MM-DD"),
                );
            }
        }
        p.normalise();
        loc.finish(p)
    }

    /// The role the organisation's own `evidence` is declared for: the single
    /// entry of `roles`, else the provider (who describes the system).
    pub fn own_evidence_role(&self) -> Role {
        match self.roles.as_slice() {
            [r] => *r,
            _ => Role::Provider,
        }
    }

    /// The best evidence declared for `control` that discharges a duty of
    /// `bearer` in `jurisdiction`: the organisation's own evidence counts only
    /// for its role ([`Profile::own_evidence_role`]), scoped evidence only for
    /// the bearer it names; either only in the jurisdictions it lists, if any.
    pub fn evidence_for(
        &self,
        control: &str,
        bearer: Bearer,
        jurisdiction: &str,
    ) -> Option<std::borrow::Cow<'_, Evidence>> {
        let in_scope = |js: &[String]| js.is_empty() || js.iter().any(|j| j == jurisdiction);
        let own = self
            .evidence
            .get(control)
            .filter(|e| bearer.borne_by(self.own_evidence_role()) && in_scope(&e.jurisdictions));
        if self.evidence_by_bearer.is_empty() {
            return own.map(std::borrow::Cow::Borrowed);
        }
        let scoped = self.evidence_by_bearer.iter().filter(|e| {
            e.control == control && bearer.borne_by(e.bearer) && in_scope(&e.jurisdictions)
        });
        let best = scoped.min_by_key(|e| e.status);
        match (own, best) {
            (Some(o), Some(b)) if b.status < o.status => Some(b.as_evidence()),
            (None, Some(b)) => Some(b.as_evidence()),
            (o, _) => o.map(std::borrow::Cow::Borrowed),
        }
    }

    /// Expands short evidence keys and derives `open_source`.
    pub fn normalise(&mut self) {
        if self.open_source_licence.is_some() {
            self.open_source = true;
        }
        for e in &mut self.evidence_by_bearer {
            if !e.control.starts_with("urn:") {
                e.control = ControlCatalog::expand(&e.control);
            }
        }
        if self.evidence.keys().any(|k| !k.starts_with("urn:")) {
            self.evidence = std::mem::take(&mut self.evidence)
                .into_iter()
                .map(|(k, v)| (ControlCatalog::expand(&k), v))
                .collect();
        }
    }

    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self).expect("profile serialises")
    }
}

/// Who must discharge an obligation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Bearer {
    /// Provider (EU), developer (Colorado), service provider (China).
    #[serde(alias = "developer")]
    Provider,
    Deployer,
    /// Importer (EU AI Act Art. 23).
    Importer,
    /// Distributor (EU AI Act Art. 24).
    Distributor,
    /// Authorised representative of a provider established outside the Union (Arts. 22, 54).
    AuthorisedRepresentative,
    /// Shorthand in YAML for one obligation per bearer.
    Both,
}

impl Bearer {
    /// The profile role that bears this duty (`Both` is expanded at load and never reaches here).
    pub fn role(self) -> Role {
        match self {
            Bearer::Provider | Bearer::Both => Role::Provider,
            Bearer::Deployer => Role::Deployer,
            Bearer::Importer => Role::Importer,
            Bearer::Distributor => Role::Distributor,
            Bearer::AuthorisedRepresentative => Role::AuthorisedRepresentative,
        }
    }

    /// Whether an organisation playing `role` bears this duty: a product
    /// manufacturer is the provider of the AI system in its product (EU AI Act Art. 25(3)).
    pub fn borne_by(self, role: Role) -> bool {
        self.role() == role || (self == Bearer::Provider && role == Role::ProductManufacturer)
    }
}

/// The snake-case name of a bearer, as in rulepacks and reports.
pub(crate) fn bearer_str(b: Bearer) -> &'static str {
    match b {
        Bearer::Provider => "provider",
        Bearer::Deployer => "deployer",
        Bearer::Importer => "importer",
        Bearer::Distributor => "distributor",
        Bearer::AuthorisedRepresentative => "authorised_representative",
        Bearer::Both => "both",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_fields_used_by_cel() {
        let names = profile_field_names();
        for f in [
            "capabilities",
            "purposes",
            "jurisdictions",
            "training_compute_flop",
            "public_opinion_attributes",
        ] {
            assert!(names.iter().any(|n| n == f), "{f} missing");
        }
        let schema = profile_json_schema();
        assert_eq!(schema["title"], "Profile");
    }

    #[test]
    fn unknown_capability_is_located() {
        let src = "id: x\nname: X\nprovider: ACME\ncapabilities:\n  - telepathy\n";
        let e = Profile::from_yaml("p.yaml", src).unwrap_err();
        assert_eq!(e.0[0].line, 5, "{e}");
        assert!(e.0[0].reason.contains("telepathy"));
    }

    #[test]
    fn evidence_keys_expand_and_licence_sets_open_source() {
        let src = "id: x\nname: X\nprovider: ACME\nopen_source_licence: Apache-2.0\nevidence:\n  privacy:1: {status: implemented, date: 2025-01-02}\n";
        let p = Profile::from_yaml("p.yaml", src).unwrap();
        assert!(p.open_source);
        assert!(p.evidence.contains_key("urn:waico:control:privacy:1"));
        let bad = src.replace("2025-01-02", "2025-02-30");
        let e = Profile::from_yaml("p.yaml", &bad).unwrap_err();
        assert_eq!(e.0[0].line, 6);
    }
}
