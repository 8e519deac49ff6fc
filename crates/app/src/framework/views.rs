//! Views of the live catalog that the API and the pages show: frameworks,
//! their requirement trees, controls and rule packs, with what links them.

use serde::Serialize;
use utoipa::ToSchema;
use waico_framework::Catalog;
use waico_framework::controls::ControlCatalog;
use waico_framework::crosswalk::Relationship;
use waico_framework::framework::{Framework, Node, NodeKind};

pub fn relationship_str(r: Relationship) -> &'static str {
    match r {
        Relationship::Equal => "equal",
        Relationship::Subset => "subset",
        Relationship::Superset => "superset",
        Relationship::Intersects => "intersects",
    }
}

/// A framework in a list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkSummary {
    pub urn: String,
    pub ref_id: String,
    pub name: String,
    pub version: String,
    /// ISO 3166 code (`US-CO` for a state), `EU`, or `INTL`.
    pub jurisdiction: String,
    pub publisher: Option<String>,
    pub official_link: Option<String>,
    /// The language the instrument was adopted in, and of its requirements'
    /// `text` (`zh` for China's rules); absent for the EU's 24 equal versions.
    pub original_language: Option<String>,
    pub sections: usize,
    pub requirements: usize,
}

impl From<&Framework> for FrameworkSummary {
    fn from(f: &Framework) -> Self {
        let requirements = f
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Requirement)
            .count();
        FrameworkSummary {
            urn: f.urn.clone(),
            ref_id: f.ref_id.clone(),
            name: f.name.clone(),
            version: f.version.clone(),
            jurisdiction: f.jurisdiction.clone(),
            publisher: f.publisher.clone(),
            official_link: f.official_link.clone(),
            original_language: f.original_language.clone(),
            sections: f.nodes.len() - requirements,
            requirements,
        }
    }
}

/// A requirement ↔ unified control mapping, seen from the requirement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControlRef {
    /// Control URN, e.g. `urn:waico:control:transparency:1`.
    pub control: String,
    /// Short id, e.g. `transparency:1`.
    pub id: String,
    pub title: String,
    /// equal, subset, superset or intersects.
    pub relationship: String,
}

/// A section or requirement, in tree order with its depth.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NodeView {
    pub urn: String,
    pub parent: Option<String>,
    /// section or requirement.
    pub kind: String,
    pub depth: usize,
    pub ref_id: String,
    pub title: String,
    pub summary: Option<String>,
    pub citation: Option<String>,
    pub link: Option<String>,
    /// The provision's official text, verbatim, in the language the law was
    /// adopted in (the framework's `original_language`); absent where not copied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unified controls this requirement maps to.
    pub controls: Vec<ControlRef>,
}

/// A framework with its requirement tree.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkDetail {
    #[serde(flatten)]
    pub summary: FrameworkSummary,
    pub description: Option<String>,
    /// Depth-first, in document order.
    pub nodes: Vec<NodeView>,
}

pub fn short_control(urn: &str) -> String {
    urn.strip_prefix("urn:waico:control:")
        .unwrap_or(urn)
        .to_owned()
}

pub fn controls_of(cat: &Catalog, requirement: &str) -> Vec<ControlRef> {
    cat.controls_for_requirement(requirement)
        .into_iter()
        .map(|m| ControlRef {
            control: m.control.clone(),
            id: short_control(&m.control),
            title: cat.control_title(&m.control).unwrap_or_default().to_owned(),
            relationship: relationship_str(m.relationship).into(),
        })
        .collect()
}

fn node_view(cat: &Catalog, n: &Node, depth: usize) -> NodeView {
    NodeView {
        urn: n.urn.clone(),
        parent: n.parent.clone(),
        kind: match n.kind {
            NodeKind::Section => "section",
            NodeKind::Requirement => "requirement",
        }
        .into(),
        depth,
        ref_id: n.ref_id.clone(),
        title: n.title.clone(),
        summary: n.summary.clone(),
        citation: n.citation.clone(),
        link: n.link.clone(),
        text: n.text.clone(),
        controls: controls_of(cat, &n.urn),
    }
}

pub fn framework_detail(cat: &Catalog, f: &Framework) -> FrameworkDetail {
    let mut children: std::collections::HashMap<Option<&str>, Vec<&Node>> = Default::default();
    for n in &f.nodes {
        children.entry(n.parent.as_deref()).or_default().push(n);
    }
    let mut nodes = Vec::with_capacity(f.nodes.len());
    let mut stack: Vec<(&Node, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|n| (*n, 0)).collect())
        .unwrap_or_default();
    while let Some((n, depth)) = stack.pop() {
        nodes.push(node_view(cat, n, depth));
        if let Some(kids) = children.get(&Some(n.urn.as_str())) {
            stack.extend(kids.iter().rev().map(|k| (*k, depth + 1)));
        }
    }
    FrameworkDetail {
        summary: f.into(),
        description: f.description.clone(),
        nodes,
    }
}

/// A national requirement, seen from a unified control.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequirementRef {
    pub requirement: String,
    pub framework: String,
    pub framework_name: String,
    pub jurisdiction: String,
    pub ref_id: String,
    pub title: String,
    pub citation: Option<String>,
    pub relationship: String,
}

/// A unified control and the national requirements it satisfies.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ControlDetail {
    pub control: String,
    pub id: String,
    pub theme: String,
    pub theme_title: String,
    pub title: String,
    pub statement: String,
    pub evidence_hint: Option<String>,
    pub requirements: Vec<RequirementRef>,
}

pub fn control_detail(cat: &Catalog, id: &str) -> Option<ControlDetail> {
    let urn = ControlCatalog::expand(id);
    let (theme, control) = cat.controls.controls().find(|(_, c)| c.urn == urn)?;
    let mut requirements: Vec<RequirementRef> = cat
        .requirements_for_control(&urn)
        .into_iter()
        .filter_map(|m| {
            let (fw, n) = cat.requirement(&m.requirement)?;
            Some(RequirementRef {
                requirement: n.urn.clone(),
                framework: fw.urn.clone(),
                framework_name: fw.name.clone(),
                jurisdiction: fw.jurisdiction.clone(),
                ref_id: n.ref_id.clone(),
                title: n.title.clone(),
                citation: n.citation.clone(),
                relationship: relationship_str(m.relationship).into(),
            })
        })
        .collect();
    requirements
        .sort_by(|a, b| (&a.jurisdiction, &a.framework).cmp(&(&b.jurisdiction, &b.framework)));
    Some(ControlDetail {
        control: urn.clone(),
        id: short_control(&urn),
        theme: theme.id.clone(),
        theme_title: theme.title.clone(),
        title: control.title.clone(),
        statement: control.statement.clone(),
        evidence_hint: control.evidence_hint.clone(),
        requirements,
    })
}

/// A requirement and the unified controls it maps to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RequirementDetail {
    #[serde(flatten)]
    pub node: NodeView,
    pub framework: String,
    pub framework_name: String,
    pub jurisdiction: String,
}

pub fn requirement_detail(cat: &Catalog, urn: &str) -> Option<RequirementDetail> {
    let (fw, n) = cat.requirement(urn)?;
    Some(RequirementDetail {
        node: node_view(cat, n, 0),
        framework: fw.urn.clone(),
        framework_name: fw.name.clone(),
        jurisdiction: fw.jurisdiction.clone(),
    })
}

/// A loaded rulepack.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PackSummary {
    pub id: String,
    pub name: String,
    pub jurisdiction: String,
    pub version: String,
    /// in_force, adopted_not_yet_applicable, draft, voluntary or repealed.
    pub status: String,
    /// Whether its obligations bind (in force or adopted).
    pub binding: bool,
    pub official_title: String,
    pub official_url: String,
    pub frameworks: Vec<String>,
    pub risk_classes: Vec<String>,
    pub rules: usize,
}

pub fn pack_summaries(cat: &Catalog) -> Vec<PackSummary> {
    cat.packs()
        .iter()
        .map(|p| PackSummary {
            id: p.doc.id.clone(),
            name: p.doc.name.clone(),
            jurisdiction: p.doc.jurisdiction.clone(),
            version: p.doc.version.clone(),
            status: p.doc.status.as_str().into(),
            binding: p.doc.status.binding(),
            official_title: p.doc.official_source.title.clone(),
            official_url: p.doc.official_source.url.clone(),
            frameworks: p.doc.frameworks.clone(),
            risk_classes: p.doc.risk_classes.clone(),
            rules: p.rules.len(),
        })
        .collect()
}
