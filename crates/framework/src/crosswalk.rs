//! Crosswalks: each requirement of a framework mapped to unified controls with a
//! set-theoretic relationship, and an index to query both ways
//! (requirement → controls, control → requirements across all frameworks).

use crate::controls::ControlCatalog;
use crate::diagnostics::{LoadErrors, parse_yaml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How the requirement's scope relates to the control's (NIST IR 8477 style).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Same scope.
    Equal,
    /// The requirement asks for less than the control (control satisfies it).
    Subset,
    /// The requirement asks for more than the control.
    Superset,
    /// They overlap partially.
    Intersects,
}

impl Relationship {
    /// The relationship seen from the other side (A ⊂ B ⇔ B ⊃ A).
    pub fn inverse(self) -> Relationship {
        match self {
            Relationship::Subset => Relationship::Superset,
            Relationship::Superset => Relationship::Subset,
            r => r,
        }
    }

    /// A→C from A→B (`self`) and B→C (`then`): equality passes the other
    /// through, two inclusions the same way stay, anything else only overlaps.
    pub fn compose(self, then: Relationship) -> Relationship {
        match (self, then) {
            (Relationship::Equal, r) | (r, Relationship::Equal) => r,
            (a, b) if a == b => a,
            _ => Relationship::Intersects,
        }
    }
}

/// One crosswalk file (one per framework).
///
/// `mappings` maps a requirement (full URN, or a suffix after
/// `requirement_prefix`) to a map of control (full URN or `<theme>:<n>`) →
/// relationship.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CrosswalkDoc {
    pub framework: String,
    pub version: String,
    #[serde(default)]
    pub requirement_prefix: String,
    pub mappings: BTreeMap<String, BTreeMap<String, Relationship>>,
}

/// One resolved mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Mapping {
    pub framework: String,
    pub requirement: String,
    pub control: String,
    pub relationship: Relationship,
}

impl CrosswalkDoc {
    pub fn from_yaml(file: &str, src: &str) -> Result<CrosswalkDoc, LoadErrors> {
        parse_yaml(file, src)
    }

    /// Mappings with URNs fully expanded.
    pub fn resolve(&self) -> Vec<Mapping> {
        let mut out = Vec::new();
        for (req, controls) in &self.mappings {
            let requirement = if req.starts_with("urn:") {
                req.clone()
            } else {
                format!("{}{}", self.requirement_prefix, req)
            };
            for (c, rel) in controls {
                out.push(Mapping {
                    framework: self.framework.clone(),
                    requirement: requirement.clone(),
                    control: ControlCatalog::expand(c),
                    relationship: *rel,
                });
            }
        }
        out
    }
}

/// Both-ways index over all loaded crosswalks.
#[derive(Debug, Clone, Default)]
pub struct CrosswalkIndex {
    mappings: Vec<Mapping>,
    by_requirement: HashMap<String, Vec<usize>>,
    by_control: HashMap<String, Vec<usize>>,
}

impl CrosswalkIndex {
    pub fn add(&mut self, m: Mapping) {
        let i = self.mappings.len();
        self.by_requirement
            .entry(m.requirement.clone())
            .or_default()
            .push(i);
        self.by_control
            .entry(m.control.clone())
            .or_default()
            .push(i);
        self.mappings.push(m);
    }

    /// Controls a requirement maps to.
    pub fn controls_for(&self, requirement: &str) -> Vec<&Mapping> {
        self.by_requirement
            .get(requirement)
            .map(|v| v.iter().map(|i| &self.mappings[*i]).collect())
            .unwrap_or_default()
    }

    /// Requirements (across all frameworks) a control maps to.
    pub fn requirements_for(&self, control: &str) -> Vec<&Mapping> {
        self.by_control
            .get(control)
            .map(|v| v.iter().map(|i| &self.mappings[*i]).collect())
            .unwrap_or_default()
    }

    pub fn all(&self) -> &[Mapping] {
        &self.mappings
    }

    pub fn is_mapped(&self, requirement: &str) -> bool {
        self.by_requirement.contains_key(requirement)
    }
}
