//! The catalog: frameworks, the unified control catalog, crosswalks and
//! compiled rulepacks loaded together and cross-checked. [`Catalog::shipped`]
//! loads the reference data embedded in the crate; uploads go through the
//! `add_*_yaml` methods, which either succeed whole or change nothing.

use crate::assessment::{ControlLink, Obligation, ObligationStatus, PackRef, Provenance, Text};
use crate::controls::ControlCatalog;
use crate::crosswalk::{CrosswalkDoc, CrosswalkIndex, Mapping};
use crate::diagnostics::{LoadErrors, Locator};
use crate::framework::{Framework, Node, NodeKind};
use crate::profile::bearer_str;
use crate::rulepack::CompiledPack;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

/// Reference data shipped with the crate: (file name, contents).
pub mod shipped {
    pub const CONTROLS: (&str, &str) = (
        "data/controls/unified.yaml",
        include_str!("../data/controls/unified.yaml"),
    );
    pub const FRAMEWORKS: &[(&str, &str)] = &[
        (
            "data/frameworks/eu_ai_act.yaml",
            include_str!("../data/frameworks/eu_ai_act.yaml"),
        ),
        (
            "data/frameworks/cn_genai_measures.yaml",
            include_str!("../data/frameworks/cn_genai_measures.yaml"),
        ),
        (
            "data/frameworks/cn_labeling_measures.yaml",
            include_str!("../data/frameworks/cn_labeling_measures.yaml"),
        ),
        (
            "data/frameworks/cn_deep_synthesis.yaml",
            include_str!("../data/frameworks/cn_deep_synthesis.yaml"),
        ),
        (
            "data/frameworks/us_nist_ai_rmf.yaml",
            include_str!("../data/frameworks/us_nist_ai_rmf.yaml"),
        ),
        (
            "data/frameworks/us_co_sb24_205.yaml",
            include_str!("../data/frameworks/us_co_sb24_205.yaml"),
        ),
        (
            "data/frameworks/us_co_sb26_189.yaml",
            include_str!("../data/frameworks/us_co_sb26_189.yaml"),
        ),
        (
            "data/frameworks/br_pl_2338.yaml",
            include_str!("../data/frameworks/br_pl_2338.yaml"),
        ),
    ];
    pub const CROSSWALKS: &[(&str, &str)] = &[
        (
            "data/crosswalks/eu_ai_act.yaml",
            include_str!("../data/crosswalks/eu_ai_act.yaml"),
        ),
        (
            "data/crosswalks/cn_genai_measures.yaml",
            include_str!("../data/crosswalks/cn_genai_measures.yaml"),
        ),
        (
            "data/crosswalks/cn_labeling_measures.yaml",
            include_str!("../data/crosswalks/cn_labeling_measures.yaml"),
        ),
        (
            "data/crosswalks/cn_deep_synthesis.yaml",
            include_str!("../data/crosswalks/cn_deep_synthesis.yaml"),
        ),
        (
            "data/crosswalks/us_nist_ai_rmf.yaml",
            include_str!("../data/crosswalks/us_nist_ai_rmf.yaml"),
        ),
        (
            "data/crosswalks/us_co_sb24_205.yaml",
            include_str!("../data/crosswalks/us_co_sb24_205.yaml"),
        ),
        (
            "data/crosswalks/us_co_sb26_189.yaml",
            include_str!("../data/crosswalks/us_co_sb26_189.yaml"),
        ),
        (
            "data/crosswalks/br_pl_2338.yaml",
            include_str!("../data/crosswalks/br_pl_2338.yaml"),
        ),
    ];
    pub const PACKS: &[(&str, &str)] = &[
        (
            "data/packs/eu_ai_act.yaml",
            include_str!("../data/packs/eu_ai_act.yaml"),
        ),
        (
            "data/packs/cn_generative_ai.yaml",
            include_str!("../data/packs/cn_generative_ai.yaml"),
        ),
        (
            "data/packs/us_nist_ai_rmf.yaml",
            include_str!("../data/packs/us_nist_ai_rmf.yaml"),
        ),
        (
            "data/packs/us_co_sb24_205.yaml",
            include_str!("../data/packs/us_co_sb24_205.yaml"),
        ),
        (
            "data/packs/us_co_sb26_189.yaml",
            include_str!("../data/packs/us_co_sb26_189.yaml"),
        ),
        (
            "data/packs/br_pl_2338.yaml",
            include_str!("../data/packs/br_pl_2338.yaml"),
        ),
    ];
    pub const DEMO_SYSTEMS: &[(&str, &str)] = &[
        (
            "data/demo_systems/hiring_screener.yaml",
            include_str!("../data/demo_systems/hiring_screener.yaml"),
        ),
        (
            "data/demo_systems/public_chatbot.yaml",
            include_str!("../data/demo_systems/public_chatbot.yaml"),
        ),
        (
            "data/demo_systems/credit_scorer.yaml",
            include_str!("../data/demo_systems/credit_scorer.yaml"),
        ),
        (
            "data/demo_systems/open_foundation_model.yaml",
            include_str!("../data/demo_systems/open_foundation_model.yaml"),
        ),
        (
            "data/demo_systems/deepfake_app.yaml",
            include_str!("../data/demo_systems/deepfake_app.yaml"),
        ),
        (
            "data/demo_systems/medical_device_component.yaml",
            include_str!("../data/demo_systems/medical_device_component.yaml"),
        ),
        (
            "data/demo_systems/school_proctoring.yaml",
            include_str!("../data/demo_systems/school_proctoring.yaml"),
        ),
        (
            "data/demo_systems/cn_public_chatbot.yaml",
            include_str!("../data/demo_systems/cn_public_chatbot.yaml"),
        ),
        (
            "data/demo_systems/cn_internal_rd_model.yaml",
            include_str!("../data/demo_systems/cn_internal_rd_model.yaml"),
        ),
        (
            "data/demo_systems/police_rbi.yaml",
            include_str!("../data/demo_systems/police_rbi.yaml"),
        ),
        (
            "data/demo_systems/benefits_triage.yaml",
            include_str!("../data/demo_systems/benefits_triage.yaml"),
        ),
        (
            "data/demo_systems/news_summariser.yaml",
            include_str!("../data/demo_systems/news_summariser.yaml"),
        ),
    ];
}

/// What [`Catalog::add_ciso_mapping_set`] added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingSetAdded {
    /// The library's URN (or its first set's, when the library has none).
    pub urn: String,
    /// The library's version (`1` when it has none).
    pub version: String,
    /// Mappings added to the crosswalks.
    pub mappings: usize,
}

/// Everything an assessment needs.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub controls: ControlCatalog,
    frameworks: BTreeMap<String, Framework>,
    /// requirement/section URN → framework URN.
    node_index: HashMap<String, String>,
    /// node URN → position in its framework's `nodes`.
    node_pos: HashMap<String, usize>,
    /// control URN → title.
    control_titles: HashMap<String, String>,
    crosswalks: CrosswalkIndex,
    packs: Vec<Arc<CompiledPack>>,
    /// Profile fields read by any loaded pack.
    fields_mask: u64,
    /// What assessments copy from, built on first use after any change.
    prepared: OnceLock<Arc<Prepared>>,
}

impl Catalog {
    /// A catalog with only the given unified controls.
    pub fn new(controls: ControlCatalog) -> Catalog {
        let control_titles = controls
            .controls()
            .map(|(_, c)| (c.urn.clone(), c.title.clone()))
            .collect();
        Catalog {
            controls,
            frameworks: BTreeMap::new(),
            node_index: HashMap::new(),
            node_pos: HashMap::new(),
            control_titles,
            crosswalks: CrosswalkIndex::default(),
            packs: Vec::new(),
            fields_mask: 0,
            prepared: OnceLock::new(),
        }
    }

    /// Title of a unified control.
    pub fn control_title(&self, urn: &str) -> Option<&str> {
        self.control_titles.get(urn).map(String::as_str)
    }

    /// Shared strings and ready-made obligations for the assessment engine.
    pub(crate) fn prepared(&self) -> &Prepared {
        self.prepared
            .get_or_init(|| Arc::new(Prepared::build(self)))
    }

    /// Bit mask of the profile fields any loaded pack reads.
    pub fn fields_mask(&self) -> u64 {
        self.fields_mask
    }

    /// Loads the reference data shipped in the crate.
    pub fn shipped() -> Result<Catalog, LoadErrors> {
        let (f, s) = shipped::CONTROLS;
        let mut cat = Catalog::new(ControlCatalog::from_yaml(f, s)?);
        for (f, s) in shipped::FRAMEWORKS {
            cat.add_framework_yaml(f, s)?;
        }
        for (f, s) in shipped::CROSSWALKS {
            cat.add_crosswalk_yaml(f, s)?;
        }
        for (f, s) in shipped::PACKS {
            cat.add_pack_yaml(f, s)?;
        }
        Ok(cat)
    }

    /// Adds a WAICO framework YAML document. Rejected (nothing changed) when it
    /// is invalid, or its URN or any node URN is already taken by another framework.
    pub fn add_framework_yaml(&mut self, file: &str, src: &str) -> Result<&Framework, LoadErrors> {
        let fw = Framework::from_yaml(file, src)?;
        self.add_framework(file, src, fw)
    }

    /// Adds an already-parsed framework (e.g. from the CISO Assistant importer).
    pub fn add_framework(
        &mut self,
        file: &str,
        src: &str,
        fw: Framework,
    ) -> Result<&Framework, LoadErrors> {
        self.prepared = OnceLock::new();
        let mut loc = Locator::new(file, src);
        if self.frameworks.contains_key(&fw.urn) {
            loc.at(
                None,
                &fw.urn,
                format!("framework `{}` is already loaded", fw.urn),
            );
        }
        for n in &fw.nodes {
            if let Some(other) = self.node_index.get(&n.urn) {
                loc.at(
                    None,
                    &n.urn,
                    format!("URN `{}` already belongs to framework `{other}`", n.urn),
                );
            }
        }
        loc.finish(())?;
        for (i, n) in fw.nodes.iter().enumerate() {
            self.node_index.insert(n.urn.clone(), fw.urn.clone());
            self.node_pos.insert(n.urn.clone(), i);
        }
        let urn = fw.urn.clone();
        self.frameworks.insert(urn.clone(), fw);
        Ok(&self.frameworks[&urn])
    }

    /// Adds a crosswalk; every requirement and control it names must exist.
    pub fn add_crosswalk_yaml(&mut self, file: &str, src: &str) -> Result<usize, LoadErrors> {
        self.prepared = OnceLock::new();
        let doc = CrosswalkDoc::from_yaml(file, src)?;
        let mut loc = Locator::new(file, src);
        let mappings = doc.resolve();
        if !self.frameworks.contains_key(&doc.framework) {
            loc.at(
                None,
                &doc.framework,
                format!("unknown framework `{}`", doc.framework),
            );
        }
        for m in &mappings {
            let short = m
                .requirement
                .strip_prefix(&doc.requirement_prefix)
                .unwrap_or(&m.requirement);
            match self.requirement(&m.requirement) {
                Some((fw, _)) if fw.urn != doc.framework => loc.at(
                    None,
                    short,
                    format!(
                        "requirement `{}` is not in framework `{}`",
                        m.requirement, doc.framework
                    ),
                ),
                Some(_) => {}
                None => loc.at(
                    None,
                    short,
                    format!("unknown requirement `{}`", m.requirement),
                ),
            }
            if !self.control_titles.contains_key(&m.control) {
                let short_c = m
                    .control
                    .strip_prefix("urn:waico:control:")
                    .unwrap_or(&m.control);
                loc.at(
                    Some(short),
                    short_c,
                    format!("unknown control `{}`", m.control),
                );
            }
        }
        loc.finish(())?;
        let n = mappings.len();
        for m in mappings {
            self.crosswalks.add(m);
        }
        Ok(n)
    }

    /// Imports a CISO Assistant mapping-set library (`requirement_mapping_set`
    /// or `requirement_mapping_sets`) as crosswalks: a mapping between a
    /// framework already crosswalked to the unified controls and one that is
    /// not (e.g. an imported library) maps the latter's requirements to the
    /// same controls, composing the relationships
    /// ([`crate::crosswalk::Relationship::compose`]); `not_related` rows are
    /// skipped. Both frameworks must be loaded. Returns the library's URN
    /// and version with the number of mappings added; rejected whole
    /// (nothing changed) on any problem.
    pub fn add_ciso_mapping_set(
        &mut self,
        file: &str,
        src: &str,
    ) -> Result<MappingSetAdded, LoadErrors> {
        use crate::crosswalk::Relationship;
        #[derive(serde::Deserialize)]
        struct Lib {
            #[serde(default)]
            urn: Option<String>,
            #[serde(default)]
            version: Option<serde_norway::Value>,
            objects: Objects,
        }
        #[derive(serde::Deserialize)]
        struct Objects {
            #[serde(default)]
            requirement_mapping_set: Option<Set>,
            #[serde(default)]
            requirement_mapping_sets: Vec<Set>,
        }
        #[derive(serde::Deserialize)]
        struct Set {
            #[serde(default)]
            urn: Option<String>,
            source_framework_urn: String,
            target_framework_urn: String,
            #[serde(default)]
            requirement_mappings: Vec<Row>,
        }
        #[derive(serde::Deserialize)]
        struct Row {
            source_requirement_urn: String,
            target_requirement_urn: String,
            relationship: String,
        }
        let lib: Lib = crate::diagnostics::parse_yaml(file, src)?;
        let mut loc = Locator::new(file, src);
        let sets: Vec<Set> = lib
            .objects
            .requirement_mapping_set
            .into_iter()
            .chain(lib.objects.requirement_mapping_sets)
            .collect();
        if sets.is_empty() {
            loc.push(1, "no requirement_mapping_set in objects");
        }
        // What the upload is recorded as: the library, or its first set.
        let urn = lib
            .urn
            .filter(|u| !u.trim().is_empty())
            .or_else(|| sets.iter().find_map(|s| s.urn.clone()))
            .unwrap_or_default();
        if urn.is_empty() && !sets.is_empty() {
            loc.push(1, "the library has no urn");
        }
        let version = match lib.version {
            Some(serde_norway::Value::Number(n)) => n.to_string(),
            Some(serde_norway::Value::String(s)) => s,
            _ => "1".to_string(),
        };
        let crosswalked = |fw: &str| self.crosswalks.all().iter().any(|m| m.framework == fw);
        let mut added: Vec<Mapping> = Vec::new();
        for set in &sets {
            for fw in [&set.source_framework_urn, &set.target_framework_urn] {
                if !self.frameworks.contains_key(fw.as_str()) {
                    loc.at(None, fw, format!("framework `{fw}` is not loaded"));
                }
            }
            // Map the side without a crosswalk through the side with one.
            let source_known = crosswalked(&set.source_framework_urn);
            let target_known = crosswalked(&set.target_framework_urn);
            let (new_fw, through_source) = match (source_known, target_known) {
                (_, true) if !source_known => (&set.source_framework_urn, false),
                (true, false) => (&set.target_framework_urn, true),
                (true, true) => {
                    loc.at(
                        None,
                        &set.source_framework_urn,
                        "both frameworks are already crosswalked to the unified controls",
                    );
                    continue;
                }
                _ => {
                    loc.at(
                        None,
                        &set.target_framework_urn,
                        "neither framework is crosswalked to the unified controls",
                    );
                    continue;
                }
            };
            for r in &set.requirement_mappings {
                let rel = match r.relationship.as_str() {
                    "equal" => Relationship::Equal,
                    "subset" => Relationship::Subset,
                    "superset" => Relationship::Superset,
                    "intersect" | "intersects" => Relationship::Intersects,
                    "not_related" => continue,
                    other => {
                        loc.at(
                            Some(&r.source_requirement_urn),
                            other,
                            format!("unknown relationship `{other}`"),
                        );
                        continue;
                    }
                };
                let (new_req, known_req, rel) = if through_source {
                    (
                        &r.target_requirement_urn,
                        &r.source_requirement_urn,
                        rel.inverse(),
                    )
                } else {
                    (&r.source_requirement_urn, &r.target_requirement_urn, rel)
                };
                for (urn, fw) in [
                    (new_req, new_fw),
                    (
                        known_req,
                        if through_source {
                            &set.source_framework_urn
                        } else {
                            &set.target_framework_urn
                        },
                    ),
                ] {
                    if self.node_index.get(urn.as_str()) != Some(fw) {
                        loc.at(
                            None,
                            urn,
                            format!("requirement `{urn}` is not in framework `{fw}`"),
                        );
                    }
                }
                for m in self.crosswalks.controls_for(known_req) {
                    let relationship = rel.compose(m.relationship);
                    if !added
                        .iter()
                        .any(|a| a.requirement == *new_req && a.control == m.control)
                    {
                        added.push(Mapping {
                            framework: new_fw.clone(),
                            requirement: new_req.clone(),
                            control: m.control.clone(),
                            relationship,
                        });
                    }
                }
            }
        }
        loc.finish(())?;
        self.prepared = OnceLock::new();
        let mappings = added.len();
        for m in added {
            self.crosswalks.add(m);
        }
        Ok(MappingSetAdded {
            urn,
            version,
            mappings,
        })
    }

    /// Compiles and adds a rulepack; a pack with the same id is replaced.
    /// Requirement URNs must belong to the pack's frameworks, which must be
    /// loaded and be of the pack's jurisdiction (or its parent country).
    pub fn add_pack_yaml(
        &mut self,
        file: &str,
        src: &str,
    ) -> Result<Arc<CompiledPack>, LoadErrors> {
        self.prepared = OnceLock::new();
        let lookup = |urn: &str| self.node_index.get(urn).cloned();
        let pack = CompiledPack::compile(file, src, &lookup)?;
        let mut loc = Locator::new(file, src);
        for fw in &pack.doc.frameworks {
            match self.frameworks.get(fw) {
                None => loc.at(None, fw, format!("unknown framework `{fw}`")),
                Some(f) if !same_jurisdiction(&f.jurisdiction, &pack.doc.jurisdiction) => loc.at(
                    None,
                    fw,
                    format!(
                        "framework `{fw}` is for `{}`, not for the pack's jurisdiction `{}`",
                        f.jurisdiction, pack.doc.jurisdiction
                    ),
                ),
                Some(_) => {}
            }
        }
        loc.finish(())?;
        let pack = Arc::new(pack);
        self.packs.retain(|p| p.doc.id != pack.doc.id);
        self.packs.push(pack.clone());
        self.fields_mask =
            crate::rulepack::fields_mask(self.packs.iter().flat_map(|p| {
                std::iter::once(&p.applies).chain(p.rules.iter().map(|r| &r.condition))
            }));
        Ok(pack)
    }

    pub fn frameworks(&self) -> impl Iterator<Item = &Framework> {
        self.frameworks.values()
    }

    pub fn framework(&self, urn: &str) -> Option<&Framework> {
        self.frameworks.get(urn)
    }

    /// The jurisdiction codes of the loaded frameworks and rulepacks
    /// (`EU`, `US-CO`, …), sorted, each once.
    pub fn jurisdictions(&self) -> std::collections::BTreeSet<&str> {
        self.frameworks
            .values()
            .map(|f| f.jurisdiction.as_str())
            .chain(self.packs.iter().map(|p| p.doc.jurisdiction.as_str()))
            .collect()
    }

    pub fn packs(&self) -> &[Arc<CompiledPack>] {
        &self.packs
    }

    pub fn pack(&self, id: &str) -> Option<&CompiledPack> {
        self.packs
            .iter()
            .find(|p| p.doc.id == id)
            .map(|p| p.as_ref())
    }

    /// A node by URN with its framework.
    pub fn requirement(&self, urn: &str) -> Option<(&Framework, &Node)> {
        let fw = self.frameworks.get(self.node_index.get(urn)?)?;
        fw.nodes.get(*self.node_pos.get(urn)?).map(|n| (fw, n))
    }

    /// Unified controls a requirement maps to.
    pub fn controls_for_requirement(&self, requirement: &str) -> Vec<&Mapping> {
        self.crosswalks.controls_for(requirement)
    }

    /// Requirements of every framework mapped to a unified control.
    pub fn requirements_for_control(&self, control: &str) -> Vec<&Mapping> {
        self.crosswalks
            .requirements_for(&ControlCatalog::expand(control))
    }

    pub fn crosswalks(&self) -> &CrosswalkIndex {
        &self.crosswalks
    }

    /// Requirement nodes (kind = requirement) that no crosswalk maps.
    pub fn unmapped_requirements(&self) -> Vec<&str> {
        self.frameworks
            .values()
            .flat_map(|f| f.nodes.iter())
            .filter(|n| n.kind == NodeKind::Requirement && !self.crosswalks.is_mapped(&n.urn))
            .map(|n| n.urn.as_str())
            .collect()
    }
}

/// `US` frameworks serve `US-CO` packs; otherwise codes must match.
fn same_jurisdiction(framework: &str, pack: &str) -> bool {
    framework == pack || pack.split('-').next() == Some(framework)
}

// What assessments copy from a catalog (built on first use, see `Catalog::prepared`).

/// What assessments take from a catalog, built once per catalog: every
/// string a result can contain, as shared [`Text`], and each obligation a
/// rule can produce, ready to copy.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub(crate) catalog_version: Text,
    pub(crate) packs: Vec<PreparedPack>,
    /// theme id → title.
    pub(crate) theme_titles: HashMap<String, Text>,
}

#[derive(Debug)]
pub(crate) struct PreparedPack {
    pub(crate) pack_ref: PackRef,
    pub(crate) name: Text,
    pub(crate) applies_id: Text,
    pub(crate) source_title: Text,
    pub(crate) default_risk_class: Text,
    pub(crate) risk_classes: Vec<Text>,
    pub(crate) rules: Vec<PreparedRule>,
    /// Finding ids of the pack's bearer exclusions, in order.
    pub(crate) exclusion_ids: Vec<Text>,
}

#[derive(Debug)]
pub(crate) struct PreparedRule {
    pub(crate) id: Text,
    pub(crate) title: Text,
    pub(crate) citation: Text,
    pub(crate) risk_class: Option<Text>,
    /// The rule's risk class and tags.
    pub(crate) labels: Vec<Text>,
    /// Its risk class is one of the pack's prohibited classes.
    pub(crate) prohibits: bool,
    /// One per `CompiledRule::obligations`, with status and evidence unset.
    pub(crate) obligations: Vec<Obligation>,
}

impl Prepared {
    pub(crate) fn build(catalog: &Catalog) -> Prepared {
        let mut interned: HashMap<String, Text> = HashMap::new();
        let mut t = |s: &str| -> Text {
            if let Some(x) = interned.get(s) {
                return x.clone();
            }
            let x = Text::from(s);
            interned.insert(s.to_owned(), x.clone());
            x
        };
        let packs = catalog
            .packs()
            .iter()
            .map(|pack| {
                let doc = &pack.doc;
                let (id, version, jurisdiction) =
                    (t(&doc.id), t(&doc.version), t(&doc.jurisdiction));
                let rules = pack
                    .rules
                    .iter()
                    .map(|rule| {
                        let r = &rule.doc;
                        let rule_id = t(&r.id);
                        let obligations = rule
                            .obligations
                            .iter()
                            .map(|o| {
                                let (framework, ref_id, title, citation, link) = match catalog
                                    .requirement(&o.requirement)
                                {
                                    Some((fw, n)) => (
                                        t(&fw.urn),
                                        t(&n.ref_id),
                                        t(&n.title),
                                        t(n.citation.as_deref().unwrap_or(&n.ref_id)),
                                        n.link.as_deref().map(&mut t),
                                    ),
                                    None => (t(""), t(""), t(&o.requirement), t(&r.citation), None),
                                };
                                let controls = catalog
                                    .controls_for_requirement(&o.requirement)
                                    .into_iter()
                                    .map(|m| ControlLink {
                                        control: t(&m.control),
                                        title: t(catalog
                                            .control_title(&m.control)
                                            .unwrap_or_default()),
                                        theme: t(ControlCatalog::theme_of(&m.control)
                                            .unwrap_or_default()),
                                        relationship: m.relationship,
                                        evidence: None,
                                        evidence_link: None,
                                        evidence_sha256: None,
                                    })
                                    .collect();
                                Obligation {
                                    id: format!(
                                        "{}:{}:{}",
                                        doc.id,
                                        o.requirement,
                                        bearer_str(o.bearer)
                                    )
                                    .into(),
                                    jurisdiction: jurisdiction.clone(),
                                    framework,
                                    requirement: t(&o.requirement),
                                    requirement_ref: ref_id,
                                    requirement_title: title,
                                    citation,
                                    bearer: o.bearer,
                                    applies_from: o.applies_from.as_deref().map(&mut t),
                                    deadline: o.deadline.clone(),
                                    due: None,
                                    link,
                                    binding: doc.status.binding(),
                                    status: ObligationStatus::Unknown,
                                    if_practice_removed: false,
                                    controls,
                                    note: o.note.as_deref().map(&mut t),
                                    provenance: Provenance {
                                        pack: id.clone(),
                                        pack_version: version.clone(),
                                        rules: vec![rule_id.clone()],
                                        fields_read: Vec::new(),
                                    },
                                }
                            })
                            .collect();
                        PreparedRule {
                            id: rule_id,
                            title: t(&r.title),
                            citation: t(&r.citation),
                            risk_class: r.risk_class.as_deref().map(&mut t),
                            labels: r
                                .risk_class
                                .iter()
                                .chain(r.tags.iter())
                                .map(|l| t(l))
                                .collect(),
                            prohibits: r
                                .risk_class
                                .as_ref()
                                .is_some_and(|c| doc.prohibited_classes.contains(c)),
                            obligations,
                        }
                    })
                    .collect();
                PreparedPack {
                    pack_ref: PackRef {
                        id: id.clone(),
                        jurisdiction: jurisdiction.clone(),
                        version: version.clone(),
                        status: doc.status,
                    },
                    name: t(&doc.name),
                    applies_id: format!("{}#applies_when", doc.id).into(),
                    source_title: t(&doc.official_source.title),
                    default_risk_class: t(&doc.default_risk_class),
                    risk_classes: doc.risk_classes.iter().map(|c| t(c)).collect(),
                    rules,
                    exclusion_ids: (0..doc.bearer_exclusions.len())
                        .map(|i| format!("{}#bearer_exclusions[{i}]", doc.id).into())
                        .collect(),
                }
            })
            .collect();
        Prepared {
            catalog_version: t(&catalog.controls.version),
            packs,
            theme_titles: catalog
                .controls
                .themes
                .iter()
                .map(|th| (th.id.clone(), t(&th.title)))
                .collect(),
        }
    }
}
