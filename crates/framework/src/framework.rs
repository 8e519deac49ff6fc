//! Frameworks as data: a versioned tree of URN-addressed sections and
//! requirements (framework → sections → requirements), parsed from WAICO YAML or
//! imported from the CISO Assistant framework-library format, validated (unique
//! URNs, parents exist, no cycles, known translation languages) with located
//! errors, and exported back to YAML.

use crate::diagnostics::{LoadErrors, Locator, parse_yaml};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Languages a title or name may be translated into (the UN official languages).
pub const LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Whether a node groups others or states something that can be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Section,
    Requirement,
}

/// One section or requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Node {
    pub urn: String,
    /// URN of the enclosing section; absent for top-level nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    pub kind: NodeKind,
    /// Short reference as printed in the instrument, e.g. `Art. 9` or `GOVERN 1`.
    pub ref_id: String,
    pub title: String,
    /// WAICO's own summary of what the provision requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Precise article/clause citation, e.g. `Art. 50(4), second subparagraph`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// Official link to the provision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Title translations keyed by language code (ar, zh, en, fr, ru, es).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, String>,
    /// The provision's official text, verbatim, in the instrument's own language
    /// (the framework's `original_language`; English when absent): for a node whose
    /// `ref_id` names a paragraph or item, that paragraph or item only. Paragraphs
    /// are separated by line breaks. Never a summary, a paraphrase or a machine
    /// translation; absent when the wording was not confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Official translations of `text` published by the legislator (keyed by ar,
    /// zh, en, fr, ru, es), e.g. the EU's language versions. Unofficial
    /// translations do not belong here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub text_translations: BTreeMap<String, String>,
    /// Reference controls of an imported library that implement this node (their URNs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_controls: Vec<String>,
}

impl Node {
    /// The title in `lang` (ar, zh, en, fr, ru, es), else the title as written.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .map_or(&self.title, String::as_str)
    }

    /// The official text for a viewer reading `lang`: the official translation
    /// into `lang` when the legislator published one, else the text in the
    /// law's own language. `None` when the node carries no official text.
    pub fn text_for<'a>(&'a self, fw: &'a Framework, lang: &str) -> Option<Localized<'a>> {
        let original = self.text.as_deref()?;
        let original_language = fw.original_language.as_deref().unwrap_or("en");
        let (text, text_lang) = match self.text_translations.get(lang) {
            Some(t) if lang != original_language => (t.as_str(), lang),
            _ => (original, original_language),
        };
        Some(Localized {
            text,
            lang: text_lang.to_owned(),
            original: Some(original),
            original_language,
        })
    }

    /// The title for a viewer reading `lang`, with the title in the law's own
    /// language (`original_language` of its framework) beside it.
    pub fn title_for<'a>(&'a self, fw: &'a Framework, lang: &str) -> Localized<'a> {
        let original_language = fw.original_language.as_deref().unwrap_or("en");
        let original = if original_language == "en" {
            Some(self.title.as_str())
        } else {
            self.translations.get(original_language).map(String::as_str)
        };
        let translated = self.translations.contains_key(lang);
        Localized {
            text: self.title_in(lang),
            lang: if translated { lang } else { "en" }.to_owned(),
            original,
            original_language,
        }
    }
}

/// A text in the viewer's language, with the original one click away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized<'a> {
    /// What to show.
    pub text: &'a str,
    /// The language of `text` (English when no translation exists).
    pub lang: String,
    /// The text in the law's own language, when the data has it.
    pub original: Option<&'a str>,
    pub original_language: &'a str,
}

/// A reference control of an imported CISO Assistant library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceControl {
    pub urn: String,
    pub ref_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// A framework: an instrument (law, regulation, standard, voluntary framework).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub urn: String,
    pub ref_id: String,
    pub name: String,
    pub version: String,
    /// ISO 3166 code (`US-CO` for a state) or `EU`.
    pub jurisdiction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_link: Option<String>,
    /// Language the instrument was adopted in (BCP 47: `zh` for China's rules,
    /// `pt` for Brazil's); the EU's 24 language versions are equally authentic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name translations keyed by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, String>,
    pub nodes: Vec<Node>,
    /// Reference controls of an imported CISO Assistant library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reference_controls: Vec<ReferenceControl>,
}

impl Framework {
    /// Parses and validates a WAICO framework YAML document.
    pub fn from_yaml(file: &str, src: &str) -> Result<Framework, LoadErrors> {
        let fw: Framework = parse_yaml(file, src)?;
        fw.validate(file, src)?;
        Ok(fw)
    }

    /// Serialises back to WAICO YAML (round-trips through [`Framework::from_yaml`]).
    pub fn to_yaml(&self) -> String {
        serde_norway::to_string(self).expect("framework serialises")
    }

    pub fn node(&self, urn: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.urn == urn)
    }

    pub fn requirements(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Requirement)
    }

    /// Direct children of `parent` (`None` = top level), in document order.
    pub fn children(&self, parent: Option<&str>) -> Vec<&Node> {
        self.nodes
            .iter()
            .filter(|n| n.parent.as_deref() == parent)
            .collect()
    }

    /// Checks the structural invariants; `src` is used to locate problems.
    pub fn validate(&self, file: &str, src: &str) -> Result<(), LoadErrors> {
        let mut loc = Locator::new(file, src);
        if !self.urn.starts_with("urn:") {
            loc.at(
                None,
                &self.urn,
                format!("framework URN `{}` must start with `urn:`", self.urn),
            );
        }
        check_langs(&mut loc, &self.translations, None);
        if let Some(link) = &self.official_link {
            check_link(&mut loc, None, "official_link", link);
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for n in &self.nodes {
            let count = seen.entry(n.urn.as_str()).or_insert(0);
            *count += 1;
            if *count > 1 {
                let line = loc
                    .find_nth(&n.urn, *count - 1)
                    .map(|o| loc.line_at(o))
                    .unwrap_or(0);
                loc.push(line, format!("duplicate URN `{}`", n.urn));
            }
            if !n.urn.starts_with("urn:") {
                loc.at(
                    None,
                    &n.urn,
                    format!("node URN `{}` must start with `urn:`", n.urn),
                );
            }
            if n.title.trim().is_empty() {
                loc.at(None, &n.urn, format!("node `{}` has an empty title", n.urn));
            }
            check_langs(&mut loc, &n.translations, Some(&n.urn));
            check_langs(&mut loc, &n.text_translations, Some(&n.urn));
            if n.text.as_deref().is_some_and(|t| t.trim().is_empty()) {
                loc.at(
                    Some(&n.urn),
                    "text:",
                    format!("node `{}` has an empty official text", n.urn),
                );
            }
            if let Some(link) = &n.link {
                check_link(&mut loc, Some(&n.urn), "link", link);
            }
        }
        let by_urn: HashMap<&str, &Node> = self.nodes.iter().map(|n| (n.urn.as_str(), n)).collect();
        for n in &self.nodes {
            if let Some(p) = &n.parent
                && !by_urn.contains_key(p.as_str())
            {
                loc.at(
                    Some(&n.urn),
                    p,
                    format!("parent `{p}` of `{}` does not exist", n.urn),
                );
            }
        }
        // Cycle detection: follow parents from each node.
        let mut reported: HashSet<&str> = HashSet::new();
        for n in &self.nodes {
            let mut visited: HashSet<&str> = HashSet::new();
            let mut cur = Some(n);
            while let Some(c) = cur {
                if !visited.insert(c.urn.as_str()) {
                    if reported.insert(c.urn.as_str()) {
                        loc.at(
                            Some(&c.urn),
                            "parent:",
                            format!("cycle in parent chain through `{}`", c.urn),
                        );
                    }
                    break;
                }
                cur = c.parent.as_deref().and_then(|p| by_urn.get(p).copied());
            }
        }
        loc.finish(())
    }
}

/// A supplied link must use an allowed scheme ([`waico_members::WebLink`]).
pub(crate) fn check_link(loc: &mut Locator<'_>, anchor: Option<&str>, field: &str, link: &str) {
    if !waico_members::WebLink::is_allowed(link) {
        loc.at(
            anchor,
            link,
            format!("{field} `{link}` must be an https, http or mailto link"),
        );
    }
}

fn check_langs(loc: &mut Locator<'_>, tr: &BTreeMap<String, String>, anchor: Option<&str>) {
    for lang in tr.keys() {
        if !LANGUAGES.contains(&lang.as_str()) {
            loc.at(
                anchor,
                &format!("{lang}:"),
                format!(
                    "unknown translation language `{lang}` (expected one of ar, zh, en, fr, ru, es)"
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// CISO Assistant framework-library import
// ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct CisoLibrary {
    urn: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<serde_norway::Value>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    description: Option<String>,
    objects: CisoObjects,
}

#[derive(Debug, Deserialize)]
struct CisoObjects {
    framework: CisoFramework,
    #[serde(default)]
    reference_controls: Vec<CisoReferenceControl>,
}

#[derive(Debug, Deserialize)]
struct CisoReferenceControl {
    urn: String,
    #[serde(default)]
    ref_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    category: Option<String>,
}

/// A non-empty, trimmed string, or none (CISO Assistant libraries carry `name: ''`).
fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|x| !x.trim().is_empty())
}

#[derive(Debug, Deserialize)]
struct CisoFramework {
    urn: String,
    ref_id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    translations: BTreeMap<String, CisoTranslation>,
    requirement_nodes: Vec<CisoNode>,
}

#[derive(Debug, Deserialize)]
struct CisoTranslation {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CisoNode {
    urn: String,
    #[serde(default)]
    parent_urn: Option<String>,
    #[serde(default)]
    ref_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    assessable: bool,
    #[serde(default)]
    #[allow(dead_code)]
    depth: Option<u32>,
    #[serde(default)]
    translations: BTreeMap<String, CisoTranslation>,
    #[serde(default)]
    reference_controls: Vec<String>,
}

/// Imports a CISO Assistant framework library (`objects.framework.requirement_nodes`).
///
/// Assessable nodes become requirements, the others sections; `name` becomes the
/// title (falling back to `ref_id`, then to the start of the description),
/// `description` the summary, and translated names the title translations.
/// `jurisdiction` is supplied by the caller because the format does not carry it.
///
/// The library is taken as it is: fields WAICO does not use (`locale`,
/// `copyright`, `packager`, `annotation`, `typical_evidence`, …) are ignored,
/// and so are translations into languages other than the six of
/// [`LANGUAGES`] (community libraries carry `de`, `it`, `pt`, …): those six
/// are kept, the others dropped without a message (the loader has no
/// warnings channel), rather than refusing the file. A WAICO framework
/// YAML, by contrast, is refused with an unknown translation language.
pub fn import_ciso_assistant(
    file: &str,
    src: &str,
    jurisdiction: &str,
) -> Result<Framework, LoadErrors> {
    let lib: CisoLibrary = parse_yaml(file, src)?;
    let f = lib.objects.framework;
    let tr = |t: BTreeMap<String, CisoTranslation>| -> BTreeMap<String, String> {
        t.into_iter()
            .filter(|(lang, _)| LANGUAGES.contains(&lang.as_str()))
            .filter_map(|(k, v)| non_empty(v.name).map(|n| (k, n)))
            .collect()
    };
    let nodes = f
        .requirement_nodes
        .into_iter()
        .map(|n| {
            let title = non_empty(n.name.clone())
                .or_else(|| non_empty(n.ref_id.clone()))
                .or_else(|| non_empty(n.description.clone()).map(|d| d.chars().take(80).collect()))
                .unwrap_or_else(|| n.urn.clone());
            Node {
                urn: n.urn.clone(),
                parent: n.parent_urn,
                kind: if n.assessable {
                    NodeKind::Requirement
                } else {
                    NodeKind::Section
                },
                ref_id: n.ref_id.unwrap_or_default(),
                title,
                summary: n.description,
                citation: None,
                link: None,
                translations: tr(n.translations),
                text: None,
                text_translations: BTreeMap::new(),
                reference_controls: n.reference_controls,
            }
        })
        .collect();
    let version = match lib.version {
        Some(serde_norway::Value::Number(n)) => n.to_string(),
        Some(serde_norway::Value::String(s)) => s,
        _ => "1".to_string(),
    };
    let reference_controls = lib
        .objects
        .reference_controls
        .into_iter()
        .map(|c| ReferenceControl {
            name: non_empty(c.name)
                .or_else(|| non_empty(c.ref_id.clone()))
                .unwrap_or_else(|| c.urn.clone()),
            ref_id: c.ref_id.unwrap_or_default(),
            urn: c.urn,
            description: non_empty(c.description),
            category: c.category,
        })
        .collect();
    let fw = Framework {
        urn: f.urn,
        name: non_empty(Some(f.name)).unwrap_or_else(|| f.ref_id.clone()),
        ref_id: f.ref_id,
        version,
        jurisdiction: jurisdiction.to_string(),
        publisher: lib.provider,
        official_link: None,
        original_language: None,
        description: f.description.or(lib.description).or(lib.name),
        translations: tr(f.translations),
        nodes,
        reference_controls,
    };
    let _ = lib.urn;
    fw.validate(file, src)?;
    Ok(fw)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "\
urn: urn:waico:framework:demo
ref_id: DEMO
name: Demo Act
version: '1'
jurisdiction: XX
translations:
  fr: Loi démo
nodes:
  - urn: urn:waico:req:demo:s1
    kind: section
    ref_id: Ch. 1
    title: General
  - urn: urn:waico:req:demo:a1
    parent: urn:waico:req:demo:s1
    kind: requirement
    ref_id: Art. 1
    title: Keep logs
    citation: Art. 1(1)
    translations:
      zh: 保存日志
";

    #[test]
    fn parses_and_round_trips() {
        let fw = Framework::from_yaml("demo.yaml", OK).unwrap();
        assert_eq!(fw.requirements().count(), 1);
        assert_eq!(fw.children(Some("urn:waico:req:demo:s1")).len(), 1);
        let back = Framework::from_yaml("again.yaml", &fw.to_yaml()).unwrap();
        assert_eq!(back, fw);
    }

    #[test]
    fn duplicate_urn_is_located_on_second_occurrence() {
        let src = OK.replace("urn:waico:req:demo:a1", "urn:waico:req:demo:s1");
        let e = Framework::from_yaml("d.yaml", &src).unwrap_err();
        let dup = e.0.iter().find(|e| e.reason.contains("duplicate")).unwrap();
        assert_eq!(dup.line, 13, "{e}");
    }

    #[test]
    fn missing_parent_and_bad_language() {
        let src = OK
            .replace(
                "parent: urn:waico:req:demo:s1",
                "parent: urn:waico:req:demo:nope",
            )
            .replace("zh: 保存日志", "de: Protokolle");
        let e = Framework::from_yaml("d.yaml", &src).unwrap_err();
        assert!(
            e.0.iter()
                .any(|e| e.reason.contains("does not exist") && e.line == 14),
            "{e}"
        );
        assert!(
            e.0.iter()
                .any(|e| e.reason.contains("`de`") && e.line == 20),
            "{e}"
        );
    }

    #[test]
    fn cycle_detected() {
        let src = OK.replace(
            "    kind: section\n",
            "    parent: urn:waico:req:demo:a1\n    kind: section\n",
        );
        let e = Framework::from_yaml("c.yaml", &src).unwrap_err();
        assert!(e.0.iter().any(|e| e.reason.contains("cycle")), "{e}");
    }

    #[test]
    fn links_must_use_an_allowed_scheme() {
        let src = OK.replace(
            "jurisdiction: XX\n",
            "jurisdiction: XX\nofficial_link: 'javascript:alert(1)'\n",
        );
        let e = Framework::from_yaml("l.yaml", &src).unwrap_err();
        assert!(
            e.0.iter()
                .any(|e| e.reason.contains("official_link") && e.line == 6),
            "{e}"
        );
        let src = OK.replace(
            "    citation: Art. 1(1)\n",
            "    citation: Art. 1(1)\n    link: 'JaVaScRiPt:alert(1)'\n",
        );
        let e = Framework::from_yaml("l.yaml", &src).unwrap_err();
        assert!(e.0.iter().any(|e| e.reason.contains("link")), "{e}");
        let src = OK.replace(
            "jurisdiction: XX\n",
            "jurisdiction: XX\nofficial_link: https://eur-lex.europa.eu/eli/reg/2024/1689/oj\n",
        );
        assert!(Framework::from_yaml("l.yaml", &src).is_ok());
    }

    #[test]
    fn unknown_field_rejected_with_line() {
        let src = OK.replace("    citation: Art. 1(1)\n", "    citaton: Art. 1(1)\n");
        let e = Framework::from_yaml("u.yaml", &src).unwrap_err();
        assert_eq!(e.0[0].line, 18, "{e}");
        assert!(e.0[0].reason.contains("citaton"));
    }
}
