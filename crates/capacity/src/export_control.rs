//! Export-control rules as versioned data: per provider jurisdiction, the destinations
//! and accelerator classes that are barred or need a licence. The shipped rule set is
//! `data/export-rules.yaml` (its header names the public sources and their dates).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError};

/// The rule set shipped with this crate.
pub const SHIPPED_RULES: &str = include_str!("../data/export-rules.yaml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Barred,
    LicenceRequired,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    /// Export classes it covers; `*` covers every class.
    pub classes: Vec<String>,
    pub destinations: Vec<CountryCode>,
    pub effect: Effect,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jurisdiction {
    pub name: String,
    pub applies_to: Vec<CountryCode>,
    pub rules: Vec<Rule>,
}

/// A version of the export-control rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRules {
    pub version: String,
    /// Accelerator model to export class.
    pub accelerators: BTreeMap<String, String>,
    pub jurisdictions: Vec<Jurisdiction>,
}

/// The rule that bars (or requires a licence for) an offer's use by a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportBar {
    pub version: String,
    pub rule: String,
    pub effect: Effect,
    pub source: String,
}

impl ExportRules {
    pub fn parse_yaml(text: &str) -> Result<Self, FieldError> {
        let rules: ExportRules = serde_norway::from_str(text)
            .map_err(|e| FieldError::new("export_rules", e.to_string()))?;
        if rules.version.trim().is_empty() {
            return Err(FieldError::new("export_rules.version", "must not be empty"));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (j, jurisdiction) in rules.jurisdictions.iter().enumerate() {
            for (r, rule) in jurisdiction.rules.iter().enumerate() {
                let field = format!("export_rules.jurisdictions[{j}].rules[{r}]");
                if !ids.insert(rule.id.clone()) {
                    return Err(FieldError::new(
                        format!("{field}.id"),
                        format!("`{}` is used twice", rule.id),
                    ));
                }
                if rule.source.trim().is_empty() {
                    return Err(FieldError::new(
                        format!("{field}.source"),
                        "every rule names its public source",
                    ));
                }
            }
        }
        Ok(rules)
    }

    /// The rule set shipped in `data/export-rules.yaml`.
    pub fn shipped() -> Self {
        Self::parse_yaml(SHIPPED_RULES).expect("the shipped export rules are valid")
    }

    /// An empty rule set (no jurisdiction restricts anything).
    pub fn none() -> Self {
        Self {
            version: "none".into(),
            accelerators: BTreeMap::new(),
            jurisdictions: Vec::new(),
        }
    }

    /// The export class of an accelerator model (`unclassified` when not catalogued).
    pub fn class_of(&self, model: &str) -> &str {
        self.accelerators
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(model))
            .map(|(_, c)| c.as_str())
            .unwrap_or("unclassified")
    }

    /// The first rule of the site's jurisdiction that bars (or needs a licence for)
    /// use of `model` by `destination`.
    pub fn bar(
        &self,
        site: &CountryCode,
        model: &str,
        destination: &CountryCode,
    ) -> Option<ExportBar> {
        let class = self.class_of(model);
        self.jurisdictions
            .iter()
            .filter(|j| j.applies_to.contains(site))
            .flat_map(|j| &j.rules)
            .find(|rule| {
                rule.destinations.contains(destination)
                    && rule.classes.iter().any(|c| c == "*" || c == class)
            })
            .map(|rule| ExportBar {
                version: self.version.clone(),
                rule: rule.id.clone(),
                effect: rule.effect,
                source: rule.source.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc(s: &str) -> CountryCode {
        CountryCode::parse("c", s).unwrap()
    }

    #[test]
    fn shipped_rules_parse_and_apply_per_jurisdiction() {
        let rules = ExportRules::shipped();
        assert_eq!(rules.class_of("h100"), "3A090.a");
        let bar = rules.bar(&cc("US"), "H100", &cc("CN")).unwrap();
        assert_eq!(bar.rule, "us-ear-3a090-d5");
        assert_eq!(bar.effect, Effect::LicenceRequired);
        // A model below the threshold is not caught by the 3A090 rule...
        assert!(rules.bar(&cc("US"), "L4", &cc("CN")).is_none());
        // ...but an embargo covers every class.
        assert_eq!(
            rules.bar(&cc("US"), "L4", &cc("IR")).unwrap().effect,
            Effect::Barred
        );
        // EU rules apply to a German site, not to a Kenyan one.
        assert_eq!(
            rules.bar(&cc("DE"), "A100", &cc("RU")).unwrap().rule,
            "eu-833-2014-russia"
        );
        assert!(rules.bar(&cc("KE"), "A100", &cc("RU")).is_none());
        assert!(rules.bar(&cc("DE"), "A100", &cc("CN")).is_none());
    }

    #[test]
    fn a_rule_without_source_or_a_duplicate_id_is_refused() {
        let text = "version: v1\naccelerators: {}\njurisdictions:\n  - name: X\n    applies_to: [US]\n    rules:\n      - {id: a, classes: ['*'], destinations: [CU], effect: barred, source: ' '}\n";
        let err = ExportRules::parse_yaml(text).unwrap_err();
        assert_eq!(err.field, "export_rules.jurisdictions[0].rules[0].source");
        let dup = "version: v1\naccelerators: {}\njurisdictions:\n  - name: X\n    applies_to: [US]\n    rules:\n      - {id: a, classes: ['*'], destinations: [CU], effect: barred, source: s}\n      - {id: a, classes: ['*'], destinations: [IR], effect: barred, source: s}\n";
        assert!(
            ExportRules::parse_yaml(dup)
                .unwrap_err()
                .reason
                .contains("twice")
        );
    }
}
