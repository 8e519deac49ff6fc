//! Taxonomies as data: namespaces of fields with allowed values, each with
//! its name in the six languages of the node (ar, zh, en, fr, ru, es), like
//! the AI Incident Database's CSET and GMF namespaces. Loaded from YAML and
//! checked on load: unique codes, every name in every language, a field
//! holding one value or several.
//!
//! The node ships `data/oecd_aim.yaml`, the harm dimensions of the OECD AI
//! Incidents Monitor (harm types, severity, affected stakeholders, sectors),
//! written for WAICO from the OECD's published terms (see the file).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::fields::{HarmDimensions, ReportError};

/// The languages every name exists in.
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// A taxonomy file that does not load.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("taxonomy YAML: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    #[error("{path}: {reason}")]
    Invalid { path: String, reason: String },
}

fn invalid(path: impl Into<String>, reason: impl Into<String>) -> TaxonomyError {
    TaxonomyError::Invalid {
        path: path.into(),
        reason: reason.into(),
    }
}

/// Names of one thing by language code.
pub type Names = BTreeMap<String, String>;

/// An allowed value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Value {
    pub code: String,
    pub names: Names,
}

/// A field of a namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub code: String,
    pub names: Names,
    /// Several values may be chosen (otherwise at most one).
    #[serde(default)]
    pub multiple: bool,
    pub values: Vec<Value>,
}

/// A namespace (a taxonomy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Namespace {
    pub namespace: String,
    pub names: Names,
    /// Where the terms come from.
    pub source: String,
    pub fields: Vec<Field>,
}

fn check_code(path: &str, code: &str) -> Result<(), TaxonomyError> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("code {code:?} is not 1-64 of a-z 0-9 _ -"),
        ))
    }
}

fn check_names(path: &str, names: &Names) -> Result<(), TaxonomyError> {
    for lang in LANGUAGES {
        if names.get(lang).is_none_or(|n| n.trim().is_empty()) {
            return Err(invalid(path, format!("no name in {lang}")));
        }
    }
    if let Some(extra) = names.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
        return Err(invalid(path, format!("unknown language {extra:?}")));
    }
    Ok(())
}

impl Namespace {
    /// Parses and checks one namespace.
    pub fn from_yaml(yaml: &str) -> Result<Self, TaxonomyError> {
        let ns: Namespace = serde_yaml_ng::from_str(yaml)?;
        ns.check()?;
        Ok(ns)
    }

    fn check(&self) -> Result<(), TaxonomyError> {
        let ns = &self.namespace;
        check_code(ns, ns)?;
        check_names(ns, &self.names)?;
        let mut fields = std::collections::BTreeSet::new();
        for f in &self.fields {
            let path = format!("{ns}.{}", f.code);
            check_code(&path, &f.code)?;
            if !fields.insert(&f.code) {
                return Err(invalid(path, "field defined twice"));
            }
            check_names(&path, &f.names)?;
            if f.values.is_empty() {
                return Err(invalid(path, "a field has at least one value"));
            }
            let mut codes = std::collections::BTreeSet::new();
            for v in &f.values {
                let vpath = format!("{path}.{}", v.code);
                check_code(&vpath, &v.code)?;
                if !codes.insert(&v.code) {
                    return Err(invalid(vpath, "value defined twice"));
                }
                check_names(&vpath, &v.names)?;
            }
        }
        Ok(())
    }

    pub fn field(&self, code: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.code == code)
    }
}

impl Field {
    pub fn value(&self, code: &str) -> Option<&Value> {
        self.values.iter().find(|v| v.code == code)
    }
}

/// The loaded namespaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taxonomies {
    namespaces: BTreeMap<String, Namespace>,
}

/// The namespace the harm dimensions of reports use.
pub const HARM_NAMESPACE: &str = "oecd-aim";

const OECD_AIM_YAML: &str = include_str!("../data/oecd_aim.yaml");

impl Taxonomies {
    /// Loads namespaces from YAML texts; a namespace given twice is an error.
    pub fn load<'a>(yamls: impl IntoIterator<Item = &'a str>) -> Result<Self, TaxonomyError> {
        let mut namespaces = BTreeMap::new();
        for y in yamls {
            let ns = Namespace::from_yaml(y)?;
            if namespaces.contains_key(&ns.namespace) {
                return Err(invalid(&ns.namespace, "namespace loaded twice"));
            }
            namespaces.insert(ns.namespace.clone(), ns);
        }
        Ok(Taxonomies { namespaces })
    }

    /// The taxonomies shipped with the node (parsed once).
    pub fn builtin() -> &'static Taxonomies {
        static BUILTIN: OnceLock<Taxonomies> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Taxonomies::load([OECD_AIM_YAML]).expect("the shipped taxonomies are valid")
        })
    }

    pub fn namespace(&self, code: &str) -> Option<&Namespace> {
        self.namespaces.get(code)
    }

    pub fn namespaces(&self) -> impl Iterator<Item = &Namespace> {
        self.namespaces.values()
    }

    /// The name of a value in `lang` (English when `lang` is not one of the six).
    pub fn value_name(&self, namespace: &str, field: &str, code: &str, lang: &str) -> Option<&str> {
        let v = self.namespace(namespace)?.field(field)?.value(code)?;
        v.names
            .get(lang)
            .or_else(|| v.names.get("en"))
            .map(String::as_str)
    }

    /// Checks the harm dimensions of a report against the `oecd-aim`
    /// namespace (when it is loaded): every code exists.
    pub fn check_harm(&self, harm: &HarmDimensions) -> Result<(), ReportError> {
        let Some(ns) = self.namespace(HARM_NAMESPACE) else {
            return Ok(());
        };
        let check = |field: &str, values: &mut dyn Iterator<Item = &String>| {
            let Some(f) = ns.field(field) else {
                return Ok(());
            };
            for v in values {
                if f.value(v).is_none() {
                    return Err(ReportError::new(
                        format!("harm.{field}"),
                        format!("{v:?} is not a value of {HARM_NAMESPACE}.{field}"),
                    ));
                }
            }
            Ok(())
        };
        check("harm_type", &mut harm.harm_types.iter())?;
        check("severity", &mut harm.severity.iter())?;
        check("stakeholder", &mut harm.stakeholders.iter())?;
        check("sector", &mut harm.sectors.iter())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_taxonomy_loads_with_six_languages() {
        let t = Taxonomies::builtin();
        let ns = t.namespace(HARM_NAMESPACE).expect("oecd-aim shipped");
        for f in ["harm_type", "severity", "stakeholder", "sector"] {
            assert!(ns.field(f).is_some(), "{f}");
        }
        assert_eq!(
            t.value_name(HARM_NAMESPACE, "harm_type", "physical", "fr"),
            Some("Physique")
        );
        assert!(!ns.field("severity").unwrap().multiple);
    }

    #[test]
    fn a_missing_language_or_a_repeated_code_is_refused_on_load() {
        let names6 = "{ar: a, zh: b, en: c, fr: d, ru: e, es: f}";
        let good = format!(
            "namespace: t\nnames: {names6}\nsource: test\nfields:\n  - code: f\n    names: {names6}\n    values:\n      - {{code: x, names: {names6}}}\n"
        );
        assert!(Namespace::from_yaml(&good).is_ok());
        let no_ru = good.replacen(", ru: e", "", 3);
        let e = Namespace::from_yaml(&no_ru).unwrap_err().to_string();
        assert!(e.contains("no name in ru"), "{e}");
        let twice = good.replace(
            "      - {code: x",
            &format!("      - {{code: x, names: {names6}}}\n      - {{code: x"),
        );
        let e = Namespace::from_yaml(&twice).unwrap_err().to_string();
        assert!(e.contains("t.f.x: value defined twice"), "{e}");
        assert!(Taxonomies::load([good.as_str(), good.as_str()]).is_err());
    }
}
