//! Export-control rules as versioned data: per provider jurisdiction, the destinations
//! and accelerator classes that are barred or need a licence. The shipped rule set is
//! `data/export-rules.yaml` (its header names the public sources and their dates).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError, Window, text};

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
    /// Licences granted (recorded by the secretariat, not part of the rules'
    /// text): each lifts a `licence_required` rule where it applies.
    #[serde(skip)]
    pub licences: Vec<Licence>,
}

/// An export licence the secretariat recorded as granted: it lifts one
/// `licence_required` rule of a jurisdiction for one requesting country and
/// the export classes it names, on the days it is valid. It never lifts a
/// rule whose effect is `barred`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub id: String,
    /// The rule it answers (`us-ear-3a090-d5`).
    pub rule: String,
    /// The site's jurisdiction (alpha-2) whose authority granted it.
    pub jurisdiction: CountryCode,
    /// The requesting country it covers.
    pub destination: CountryCode,
    /// Export classes it covers; `*` covers every class.
    pub classes: Vec<String>,
    /// The days it is valid, both included.
    pub valid: Window,
    /// The granting authority's reference (the licence number).
    pub reference: String,
}

impl Licence {
    /// Trims the texts; refuses blank ones and an empty list of classes.
    pub fn validated(mut self) -> Result<Self, FieldError> {
        self.id = text("id", &self.id)?;
        self.rule = text("rule", &self.rule)?;
        self.reference = text("reference", &self.reference)?;
        self.classes = self
            .classes
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        if self.classes.is_empty() {
            return Err(FieldError::new(
                "classes",
                "name at least one export class, or `*`",
            ));
        }
        Ok(self)
    }

    /// Whether it lifts `rule` of `site` for `class` and `destination` over
    /// every day of `during`.
    pub fn covers(
        &self,
        rule: &str,
        site: &CountryCode,
        class: &str,
        destination: &CountryCode,
        during: &Window,
    ) -> bool {
        self.rule == rule
            && &self.jurisdiction == site
            && &self.destination == destination
            && self.classes.iter().any(|c| c == "*" || c == class)
            && self.valid.start() <= during.start()
            && during.end() <= self.valid.end()
    }
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
            licences: Vec::new(),
        }
    }

    /// The same rules with these licences granted.
    pub fn with_licences(mut self, licences: Vec<Licence>) -> Self {
        self.licences = licences;
        self
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
    /// Licences are not considered (no days of use are known).
    pub fn bar(
        &self,
        site: &CountryCode,
        model: &str,
        destination: &CountryCode,
    ) -> Option<ExportBar> {
        self.bar_during(site, model, destination, None)
    }

    /// As [`ExportRules::bar`], for use on the days of `during`: a
    /// `licence_required` rule a granted licence covers on all those days
    /// does not bar (a later rule still may).
    pub fn bar_during(
        &self,
        site: &CountryCode,
        model: &str,
        destination: &CountryCode,
        during: Option<&Window>,
    ) -> Option<ExportBar> {
        let class = self.class_of(model);
        let licensed = |rule: &Rule| {
            rule.effect == Effect::LicenceRequired
                && during.is_some_and(|w| {
                    self.licences
                        .iter()
                        .any(|l| l.covers(&rule.id, site, class, destination, w))
                })
        };
        self.jurisdictions
            .iter()
            .filter(|j| j.applies_to.contains(site))
            .flat_map(|j| &j.rules)
            .find(|rule| {
                rule.destinations.contains(destination)
                    && rule.classes.iter().any(|c| c == "*" || c == class)
                    && !licensed(rule)
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

    fn licence(rule: &str, destination: &str, start: &str, end: &str) -> Licence {
        let d = |s| crate::primitives::Day::parse("d", s).unwrap();
        Licence {
            id: "lic-1".into(),
            rule: rule.into(),
            jurisdiction: cc("US"),
            destination: cc(destination),
            classes: vec!["3A090.a".into()],
            valid: Window::new(d(start), d(end)).unwrap(),
            reference: "BIS D123456".into(),
        }
        .validated()
        .unwrap()
    }

    #[test]
    fn a_licence_lifts_only_the_licence_rule_it_names_where_and_when_it_applies() {
        let d = |s| crate::primitives::Day::parse("d", s).unwrap();
        let h1 = Window::new(d("2027-01-01"), d("2027-06-30")).unwrap();
        let rules = ExportRules::shipped().with_licences(vec![licence(
            "us-ear-3a090-d5",
            "CN",
            "2026-12-01",
            "2027-12-31",
        )]);
        // Without days of use, or outside the validity, the rule still bars.
        assert!(rules.bar(&cc("US"), "H100", &cc("CN")).is_some());
        let h2_2028 = Window::new(d("2027-07-01"), d("2028-01-31")).unwrap();
        assert_eq!(
            rules
                .bar_during(&cc("US"), "H100", &cc("CN"), Some(&h2_2028))
                .unwrap()
                .rule,
            "us-ear-3a090-d5"
        );
        // Inside it, the H100 for China is no longer barred...
        assert_eq!(
            rules.bar_during(&cc("US"), "H100", &cc("CN"), Some(&h1)),
            None
        );
        // ...but not another destination, another jurisdiction or another class.
        assert!(
            rules
                .bar_during(&cc("US"), "H100", &cc("MO"), Some(&h1))
                .is_some()
        );
        let mut other_class = licence("us-ear-3a090-d5", "CN", "2026-12-01", "2027-12-31");
        other_class.classes = vec!["h20-informed".into()];
        let rules_h20 = ExportRules::shipped().with_licences(vec![other_class]);
        assert!(
            rules_h20
                .bar_during(&cc("US"), "H100", &cc("CN"), Some(&h1))
                .is_some()
        );
        // A licence never lifts a rule that bars: the embargo on Iran stays.
        let mut iran = licence("us-ear-746-embargo", "IR", "2026-12-01", "2027-12-31");
        iran.classes = vec!["*".into()];
        let embargo = ExportRules::shipped().with_licences(vec![iran]);
        assert_eq!(
            embargo
                .bar_during(&cc("US"), "H100", &cc("IR"), Some(&h1))
                .unwrap()
                .effect,
            Effect::Barred
        );
        // Blank texts and no classes are refused.
        let mut blank = licence("r", "CN", "2026-12-01", "2027-12-31");
        blank.classes = vec![" ".into()];
        assert_eq!(blank.validated().unwrap_err().field, "classes");
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
