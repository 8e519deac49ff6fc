//! Framework & assessment from the shell: without a server or a database,
//! `waico assess PROFILE` against the shipped catalog (plus `--pack` files)
//! and `waico framework check FILE` to validate a document before uploading;
//! and `waico framework upload FILE --as USER`, which stores a document on
//! the node through the same operation as the page and the API.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use waico_framework::{Catalog, LoadErrors, Profile};

/// Output format of `waico assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Md,
    Html,
    /// OSCAL 1.1 assessment results.
    Oscal,
}

/// Output format of `waico framework export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// OSCAL JSON (catalog, profile or 1.2 mapping collection).
    Oscal,
}

/// What `waico framework export` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Export {
    /// The unified control catalog.
    Controls,
    /// One jurisdiction's profile of the unified controls, by pack id.
    Profile(String),
    /// The crosswalks as a mapping collection.
    Mapping,
    /// One framework, by URN.
    Framework(String),
}

/// Exports the shipped catalog as OSCAL JSON, dated `date` (YYYY-MM-DD).
pub fn export(format: ExportFormat, what: &Export, date: &str) -> anyhow::Result<String> {
    let ExportFormat::Oscal = format;
    let cat = shipped()?;
    let ts = format!("{date}T00:00:00Z");
    let doc = match what {
        Export::Controls => waico_framework::oscal::unified_catalog(&cat.controls, &ts),
        Export::Mapping => waico_framework::oscal::crosswalk_mapping(&cat, &ts),
        Export::Framework(urn) => match cat.framework(urn) {
            Some(fw) => waico_framework::oscal::framework_catalog(fw, &ts),
            None => bail!("no framework `{urn}`"),
        },
        Export::Profile(pack) => match waico_framework::oscal::jurisdiction_profiles(&cat, &ts)
            .into_iter()
            .find(|(id, _)| id == pack)
        {
            Some((_, doc)) => doc,
            None => bail!("no pack `{pack}`"),
        },
    };
    Ok(serde_json::to_string_pretty(&doc)?)
}

/// What `waico framework check` validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocKind {
    Framework,
    /// A CISO Assistant framework library.
    CisoAssistant,
    Crosswalk,
    /// A CISO Assistant mapping-set library.
    CisoMappingSet,
    Rulepack,
    Profile,
}

impl DocKind {
    /// The kind of stored upload a document of this kind is; `None` for a
    /// profile, which is registered, not uploaded.
    pub fn source_kind(self) -> Option<waico_store::SourceKind> {
        use waico_store::SourceKind;
        match self {
            DocKind::Framework => Some(SourceKind::Framework),
            DocKind::CisoAssistant => Some(SourceKind::CisoAssistant),
            DocKind::Crosswalk => Some(SourceKind::Crosswalk),
            DocKind::CisoMappingSet => Some(SourceKind::CisoMappingSet),
            DocKind::Rulepack => Some(SourceKind::Rulepack),
            DocKind::Profile => None,
        }
    }
}

fn read(path: &Path) -> anyhow::Result<(String, String)> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok((path.display().to_string(), src))
}

fn located(e: LoadErrors) -> anyhow::Error {
    anyhow::anyhow!("rejected:\n{e}")
}

fn shipped() -> anyhow::Result<Catalog> {
    Catalog::shipped().map_err(|e| anyhow::anyhow!("shipped data: {e}"))
}

/// Assesses a profile file as on `date` (YYYY-MM-DD; today in UTC when
/// `None`) and returns the rendering (Markdown and HTML in `lang`).
pub fn assess(
    profile: &Path,
    packs: &[PathBuf],
    format: Format,
    lang: waico_i18n::Lang,
    date: Option<&str>,
) -> anyhow::Result<String> {
    let date = match date {
        Some(d) => {
            let iso = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(d, iso)
                .map_err(|_| anyhow::anyhow!("--date `{d}` is not a date YYYY-MM-DD"))?;
            d.to_owned()
        }
        None => waico_app::framework::today_utc(),
    };
    let mut cat = shipped()?;
    for p in packs {
        let (file, src) = read(p)?;
        cat.add_pack_yaml(&file, &src).map_err(located)?;
    }
    let (file, src) = read(profile)?;
    let profile = Profile::from_yaml(&file, &src).map_err(located)?;
    let a = waico_framework::assess_on(&profile, &cat, &date);
    let words = waico_app::framework::ReportWords(waico_i18n::Tr::new(lang));
    Ok(match format {
        Format::Json => a.to_json(),
        Format::Md => waico_framework::render::markdown_in(&a, &words),
        Format::Html => waico_framework::render::html_in(&a, &words),
        Format::Oscal => {
            let now = time::OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
                .format(&time::format_description::well_known::Rfc3339)?;
            serde_json::to_string_pretty(&waico_framework::oscal::assessment_results(&a, &now))?
        }
    })
}

/// Guesses a document's kind from its top-level keys (and, for a CISO
/// Assistant library, whether it holds mapping sets).
pub fn guess(src: &str) -> DocKind {
    let top = |key: &str| {
        src.lines()
            .any(|l| l.starts_with(key) && l[key.len()..].starts_with(':'))
    };
    if top("rules") || top("applies_when") {
        DocKind::Rulepack
    } else if top("mappings") {
        DocKind::Crosswalk
    } else if top("objects") {
        if src.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("requirement_mapping_set:") || l.starts_with("requirement_mapping_sets:")
        }) {
            DocKind::CisoMappingSet
        } else {
            DocKind::CisoAssistant
        }
    } else if top("nodes") {
        DocKind::Framework
    } else {
        DocKind::Profile
    }
}

/// The jurisdiction a CISO Assistant framework library is checked or
/// loaded for, as `--jurisdiction` gives it (checked as the node checks it;
/// `INTL` by default). Other kinds take none.
fn jurisdiction_for(cat: &Catalog, kind: DocKind, given: Option<&str>) -> anyhow::Result<String> {
    match (kind, given) {
        (DocKind::CisoAssistant, Some(j)) => waico_app::framework::jurisdiction_code(cat, j)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--jurisdiction `{j}`: {}",
                    waico_app::english("fw-err-jurisdiction")
                )
            }),
        (_, Some(_)) => bail!(
            "--jurisdiction: {}",
            waico_app::english("fw-err-jurisdiction-kind")
        ),
        (_, None) => Ok(waico_app::framework::live::DEFAULT_CISO_JURISDICTION.to_owned()),
    }
}

/// Validates a document against the shipped catalog, after the documents
/// `with` (frameworks a crosswalk, mapping set or rulepack names; kinds
/// guessed); returns a one-line summary. A CISO Assistant framework library
/// is checked for `jurisdiction` (`INTL` when `None`).
pub fn check(
    path: &Path,
    kind: Option<DocKind>,
    jurisdiction: Option<&str>,
    with: &[PathBuf],
) -> anyhow::Result<String> {
    let (file, src) = read(path)?;
    let kind = kind.unwrap_or_else(|| guess(&src));
    let mut cat = shipped()?;
    for p in with {
        let (wfile, wsrc) = read(p)?;
        let loaded = match guess(&wsrc) {
            DocKind::Framework => cat.add_framework_yaml(&wfile, &wsrc).map(drop),
            DocKind::CisoAssistant => {
                waico_framework::framework::import_ciso_assistant(&wfile, &wsrc, "INTL")
                    .and_then(|f| cat.add_framework(&wfile, &wsrc, f).map(drop))
            }
            DocKind::Crosswalk => cat.add_crosswalk_yaml(&wfile, &wsrc).map(drop),
            DocKind::CisoMappingSet => cat.add_ciso_mapping_set(&wfile, &wsrc).map(drop),
            DocKind::Rulepack => cat.add_pack_yaml(&wfile, &wsrc).map(drop),
            DocKind::Profile => bail!("--with {wfile}: a profile is not part of the catalog"),
        };
        loaded.map_err(located)?;
    }
    let jurisdiction = jurisdiction_for(&cat, kind, jurisdiction)?;
    let summary = match kind {
        DocKind::Framework => {
            let f = cat.add_framework_yaml(&file, &src).map_err(located)?;
            format!(
                "framework {} version {} ({} nodes)",
                f.urn,
                f.version,
                f.nodes.len()
            )
        }
        DocKind::CisoAssistant => {
            let f = waico_framework::framework::import_ciso_assistant(&file, &src, &jurisdiction)
                .map_err(located)?;
            let f = cat.add_framework(&file, &src, f).map_err(located)?;
            format!(
                "CISO Assistant framework {} version {} for {} ({} nodes)",
                f.urn,
                f.version,
                f.jurisdiction,
                f.nodes.len()
            )
        }
        DocKind::Crosswalk => {
            let n = cat.add_crosswalk_yaml(&file, &src).map_err(located)?;
            format!("crosswalk with {n} mappings")
        }
        DocKind::CisoMappingSet => {
            let added = cat.add_ciso_mapping_set(&file, &src).map_err(located)?;
            format!(
                "CISO Assistant mapping set {} version {} ({} mappings to unified controls)",
                added.urn, added.version, added.mappings
            )
        }
        DocKind::Rulepack => {
            let p = cat.add_pack_yaml(&file, &src).map_err(located)?;
            format!(
                "rulepack {} version {} ({}, {} rules)",
                p.doc.id,
                p.doc.version,
                p.doc.status.as_str(),
                p.rules.len()
            )
        }
        DocKind::Profile => {
            let p = Profile::from_yaml(&file, &src).map_err(located)?;
            if p.id.is_empty() {
                bail!("profile has no id");
            }
            format!("profile {}", p.id)
        }
    };
    Ok(format!("{file}: ok — {summary}"))
}

/// Stores a document on the node as the user named, through the same
/// operation as the upload page and the API (checked against the node's
/// catalog, recorded with its ledger entry, taken in by the other processes
/// sharing the database); returns a one-line summary.
pub async fn upload(
    state: &waico_app::AppState,
    user: &str,
    path: &Path,
    kind: Option<DocKind>,
    jurisdiction: Option<&str>,
) -> anyhow::Result<String> {
    let (file, src) = read(path)?;
    let kind = kind.unwrap_or_else(|| guess(&src));
    let Some(source_kind) = kind.source_kind() else {
        bail!("a profile is registered as an AI system, not uploaded");
    };
    let actor = crate::work::actor_named(state, user).await?;
    let row = waico_app::framework::upload(state, &actor, source_kind, &file, &src, jurisdiction)
        .await
        .map_err(|e| match e {
            waico_app::framework::DocError::Load(e) => located(e),
            waico_app::framework::DocError::Op(e) => crate::shell_error::op_error(e),
        })?;
    Ok(format!(
        "{file}: loaded — {} {} version {}{} (upload {})",
        row.kind.slug(),
        row.subject,
        row.version,
        row.jurisdiction
            .map(|j| format!(" for {j}"))
            .unwrap_or_default(),
        row.id
    ))
}
