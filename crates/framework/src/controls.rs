//! WAICO's unified control catalog: the common framework every national
//! requirement is crosswalked to. Controls are grouped by theme and addressed
//! as `urn:waico:control:<theme>:<n>`.

use crate::diagnostics::{LoadErrors, Locator, parse_yaml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub urn: String,
    pub title: String,
    /// What an organisation does to satisfy the control.
    pub statement: String,
    /// Evidence that typically demonstrates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_hint: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Theme slug used inside control URNs, e.g. `incident-reporting`.
    pub id: String,
    pub title: String,
    /// Title translations (ar, zh, fr, ru, es; `title` is the English).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub controls: Vec<Control>,
}

impl Theme {
    /// The title in `lang`, else the English title.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .map_or(&self.title, String::as_str)
    }
}

impl Control {
    /// The title in `lang`, else the English title.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .map_or(&self.title, String::as_str)
    }
}

/// The unified catalog document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlCatalog {
    pub urn: String,
    pub name: String,
    pub version: String,
    pub themes: Vec<Theme>,
}

impl ControlCatalog {
    pub fn from_yaml(file: &str, src: &str) -> Result<ControlCatalog, LoadErrors> {
        let cat: ControlCatalog = parse_yaml(file, src)?;
        let mut loc = Locator::new(file, src);
        let mut seen = HashSet::new();
        let mut themes = HashSet::new();
        for t in &cat.themes {
            if !themes.insert(t.id.as_str()) {
                loc.at(
                    None,
                    &format!("id: {}", t.id),
                    format!("duplicate theme `{}`", t.id),
                );
            }
            for c in &t.controls {
                if !seen.insert(c.urn.as_str()) {
                    loc.at(None, &c.urn, format!("duplicate control URN `{}`", c.urn));
                }
                let prefix = format!("urn:waico:control:{}:", t.id);
                let n = c.urn.strip_prefix(&prefix);
                if n.is_none_or(|n| n.parse::<u32>().is_err()) {
                    loc.at(
                        None,
                        &c.urn,
                        format!("control URN `{}` must be `{prefix}<n>`", c.urn),
                    );
                }
            }
        }
        loc.finish(cat)
    }

    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self).expect("catalog serialises")
    }

    pub fn controls(&self) -> impl Iterator<Item = (&Theme, &Control)> {
        self.themes
            .iter()
            .flat_map(|t| t.controls.iter().map(move |c| (t, c)))
    }

    pub fn control(&self, urn: &str) -> Option<&Control> {
        self.controls().find(|(_, c)| c.urn == urn).map(|(_, c)| c)
    }

    /// Theme of a control URN (`urn:waico:control:<theme>:<n>`).
    pub fn theme_of(urn: &str) -> Option<&str> {
        urn.strip_prefix("urn:waico:control:")
            .and_then(|rest| rest.rsplit_once(':'))
            .map(|(t, _)| t)
    }

    /// Expands a short control reference (`<theme>:<n>`) to its URN.
    pub fn expand(reference: &str) -> String {
        if reference.starts_with("urn:") {
            reference.to_string()
        } else {
            format!("urn:waico:control:{reference}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_and_expand() {
        assert_eq!(
            ControlCatalog::theme_of("urn:waico:control:incident-reporting:1"),
            Some("incident-reporting")
        );
        assert_eq!(
            ControlCatalog::expand("privacy:2"),
            "urn:waico:control:privacy:2"
        );
        assert_eq!(ControlCatalog::theme_of("urn:x:y"), None);
    }

    #[test]
    fn rejects_misnamed_control() {
        let src = "urn: urn:waico:catalog:t\nname: t\nversion: '1'\nthemes:\n  - id: privacy\n    title: P\n    controls:\n      - urn: urn:waico:control:fairness:1\n        title: x\n        statement: y\n";
        let e = ControlCatalog::from_yaml("c.yaml", src).unwrap_err();
        assert_eq!(e.0[0].line, 8);
    }
}
