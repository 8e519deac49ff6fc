//! Message ids for the values a profile, a crosswalk or an assessment shows
//! (purposes, capabilities, bearers, statuses, risk classes…), so that an
//! interface can show them in the reader's language. The crate holds no
//! translations: it only says which values exist and what each one's message
//! id is (`<prefix>-<value with dashes>`, e.g. `purpose-essential-services-credit`).

use crate::assess::ObligationStatus;
use crate::catalog::Catalog;
use crate::crosswalk::Relationship;
use crate::profile::{
    AffectedPerson, Art2Exclusion, Art63Exemption, Capability, DeploymentContext, EvidenceStatus,
    Modality, ModelSource, Purpose, RbiException, Role,
};
use crate::rulepack::{Bearer, PackStatus};
use schemars::JsonSchema;
use serde_json::Value;

/// Message prefix of the labels of a pack's risk classes.
pub const RISK_CLASS: &str = "risk-class";

/// One closed list of values and the prefix of its message ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Name of the enumeration in the profile schema (`$defs`), e.g. `Purpose`.
    pub name: &'static str,
    pub prefix: &'static str,
    /// The values as they appear in YAML and JSON (snake_case).
    pub values: Vec<String>,
}

impl Taxonomy {
    pub fn message_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.values.iter().map(|v| message_id(self.prefix, v))
    }
}

/// `purpose` + `essential_services_credit` → `purpose-essential-services-credit`.
pub fn message_id(prefix: &str, value: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 1 + value.len());
    id.push_str(prefix);
    id.push('-');
    id.extend(value.chars().map(|c| if c == '_' { '-' } else { c }));
    id
}

/// The string values of a schema enumeration (plain `enum`, or `oneOf` of
/// documented `const`s as schemars writes enums with doc comments).
pub fn schema_enum_values(def: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let strings = |list: &Value, out: &mut Vec<String>| {
        for v in list.as_array().into_iter().flatten() {
            if let Some(s) = v.as_str() {
                out.push(s.to_owned());
            }
        }
    };
    strings(&def["enum"], &mut out);
    for alt in def["oneOf"].as_array().into_iter().flatten() {
        if let Some(c) = alt["const"].as_str() {
            out.push(c.to_owned());
        }
        strings(&alt["enum"], &mut out);
    }
    out
}

fn values_of<T: JsonSchema>() -> Vec<String> {
    let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema serialises");
    schema_enum_values(&schema)
}

/// Every closed list of values WAICO shows, with its message prefix: the
/// profile's enumerations, then crosswalk, rulepack and assessment values.
pub fn taxonomies() -> Vec<Taxonomy> {
    fn t<T: JsonSchema>(name: &'static str, prefix: &'static str) -> Taxonomy {
        Taxonomy {
            name,
            prefix,
            values: values_of::<T>(),
        }
    }
    vec![
        t::<Purpose>("Purpose", "purpose"),
        t::<Capability>("Capability", "capability"),
        t::<AffectedPerson>("AffectedPerson", "affected"),
        t::<Modality>("Modality", "modality"),
        t::<DeploymentContext>("DeploymentContext", "context"),
        t::<Art63Exemption>("Art63Exemption", "art63"),
        t::<RbiException>("RbiException", "rbi"),
        t::<Art2Exclusion>("Art2Exclusion", "art2"),
        t::<Role>("Role", "profile-role"),
        t::<ModelSource>("ModelSource", "model-source"),
        t::<EvidenceStatus>("EvidenceStatus", "evidence"),
        t::<Relationship>("Relationship", "relationship"),
        t::<Bearer>("Bearer", "bearer"),
        t::<PackStatus>("PackStatus", "fw-status"),
        t::<ObligationStatus>("ObligationStatus", "sys-status"),
        t::<crate::worklist::WorkStatus>("WorkStatus", "work-status"),
    ]
}

/// The taxonomy with this schema name.
pub fn taxonomy(name: &str) -> Option<Taxonomy> {
    taxonomies().into_iter().find(|t| t.name == name)
}

/// The message id of every value a catalog's assessments can show: every
/// taxonomy value and every risk class of the catalog's packs.
pub fn message_ids(catalog: &Catalog) -> Vec<String> {
    let mut ids: Vec<String> = taxonomies()
        .iter()
        .flat_map(|t| t.message_ids().collect::<Vec<_>>())
        .collect();
    for p in catalog.packs() {
        for rc in &p.doc.risk_classes {
            ids.push(message_id(RISK_CLASS, rc));
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_enumeration_is_a_taxonomy() {
        let schema = crate::profile_json_schema();
        let listed: Vec<&str> = taxonomies().iter().map(|t| t.name).collect();
        for (name, def) in schema["$defs"].as_object().expect("$defs") {
            if !schema_enum_values(def).is_empty() {
                assert!(
                    listed.contains(&name.as_str()),
                    "profile enumeration {name} has no message prefix in labels::taxonomies()"
                );
            }
        }
    }

    #[test]
    fn values_and_ids() {
        let p = taxonomy("Purpose").unwrap();
        assert!(p.values.iter().any(|v| v == "essential_services_credit"));
        assert!(
            p.message_ids()
                .any(|id| id == "purpose-essential-services-credit")
        );
        let sorted = |name: &str| {
            let mut v = taxonomy(name).unwrap().values;
            v.sort();
            v
        };
        assert_eq!(
            sorted("Bearer"),
            [
                "authorised_representative",
                "both",
                "deployer",
                "distributor",
                "importer",
                "provider"
            ]
        );
        assert_eq!(
            sorted("ObligationStatus"),
            [
                "met",
                "missing",
                "not_yet_applicable",
                "prohibited",
                "unknown"
            ]
        );
        let ids = message_ids(&Catalog::shipped().unwrap());
        assert!(ids.iter().any(|i| i == "risk-class-gpai-systemic"));
    }
}
