//! Incident and vulnerability reports: the AI Incident Database's core
//! (title, description, date, alleged deployers, developers and harmed
//! parties, sources), AVID's blocks (affects, problem type, metrics, impact)
//! and the OECD AI Incidents Monitor's harm dimensions, with links to
//! registered AI systems and commons repositories.
//!
//! A [`ReportDraft`] holds what a form or an import gives; [`ReportDraft::validate`]
//! turns it into [`ReportContent`], whose fields cannot hold bad values.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::deadlines::LegalIncident;
pub use crate::fields::{CountryCode, HarmDimensions, ReportError};
use crate::history::{Event, HistoryEntry, State};
use crate::ids::{CommentId, MemberId, RepoRef, ReportId, SystemId};
use crate::taxonomy::Taxonomies;
use crate::tlp::{Marking, Origin, Shared};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest description or source text, in characters.
pub const MAX_TEXT: usize = 50_000;
/// Most names in one list (deployers, developers, harmed parties …).
pub const MAX_NAMES: usize = 100;

/// A report title: trimmed, not empty, at most [`MAX_TITLE`] characters, one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Title(String);

impl Title {
    pub fn parse(value: &str) -> Result<Self, ReportError> {
        let t = value.trim();
        if t.is_empty() {
            return Err(ReportError::new("title", "must not be empty"));
        }
        if t.chars().count() > MAX_TITLE {
            return Err(ReportError::new("title", "is longer than 300 characters"));
        }
        if t.chars().any(char::is_control) {
            return Err(ReportError::new(
                "title",
                "must be one line without control characters",
            ));
        }
        Ok(Title(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Title {
    type Error = ReportError;
    fn try_from(v: String) -> Result<Self, ReportError> {
        Title::parse(&v)
    }
}

impl From<Title> for String {
    fn from(t: Title) -> String {
        t.0
    }
}

impl fmt::Display for Title {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Schemes a source URL may use.
pub const ALLOWED_SCHEMES: [&str; 2] = ["https", "http"];

/// A source's URL: absolute, `https` or `http`, with a host and no credentials.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SourceUrl(String);

impl SourceUrl {
    pub fn parse(value: &str) -> Result<Self, ReportError> {
        let field = "sources.url";
        let url = url::Url::parse(value.trim())
            .map_err(|e| ReportError::new(field, format!("{value:?} is not a URL: {e}")))?;
        if !ALLOWED_SCHEMES.contains(&url.scheme()) {
            return Err(ReportError::new(
                field,
                format!("scheme {:?} is not allowed (https or http)", url.scheme()),
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ReportError::new(field, "has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ReportError::new(field, "must not carry credentials"));
        }
        Ok(SourceUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SourceUrl {
    type Error = ReportError;
    fn try_from(v: String) -> Result<Self, ReportError> {
        SourceUrl::parse(&v)
    }
}

impl From<SourceUrl> for String {
    fn from(u: SourceUrl) -> String {
        u.0
    }
}

/// A source of a report: where it was published and (a copy of) its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub url: SourceUrl,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// Incident or vulnerability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    /// Harm happened (or nearly happened).
    Incident,
    /// A weakness of a model, dataset or system (a jailbreak, a poisoning)
    /// with the versions it affects (at least one).
    Vulnerability { affected: Vec<AffectedVersions> },
}

/// The versions of one artifact a vulnerability affects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedVersions {
    /// The artifact (a model, dataset or system name).
    pub artifact: String,
    /// Version expressions as the vendor writes them (`<= 1.2`, `2024-07-18`, `*`).
    pub versions: Vec<String>,
}

/// What AVID calls an artifact's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ArtifactKind {
    Model,
    Dataset,
    System,
}

/// An affected artifact (AVID `affects.artifacts`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    #[serde(rename = "type")]
    pub kind: ArtifactKind,
    pub name: String,
}

/// AVID's `affects` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affects {
    pub developer: Vec<String>,
    pub deployer: Vec<String>,
    pub artifacts: Vec<Artifact>,
}

/// AVID's `problemtype` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemType {
    /// `AIID Incident`, `ATLAS Case Study`, `CVE Entry`, `LLM Evaluation`, `Third-party Report`, `Undefined`.
    pub classof: String,
    /// `Issue`, `Advisory`, `Measurement`, `Detection`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub description: String,
}

/// One of AVID's `metrics` (the result layout differs between AVID versions and is kept as given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection_method: Option<String>,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub results: serde_json::Value,
}

/// An entry of AVID's taxonomy views: `E0101` with its name `Group fairness`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaxonRef {
    pub id: String,
    pub name: String,
}

/// AVID's `impact.avid` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvidImpact {
    pub risk_domain: Vec<String>,
    pub sep_view: Vec<TaxonRef>,
    pub lifecycle_view: Vec<TaxonRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxonomy_version: Option<String>,
}

/// AVID's blocks of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AvidBlocks {
    pub affects: Affects,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problemtype: Option<ProblemType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub metrics: Vec<Metric>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<AvidImpact>,
}

/// What a form or an import gives for a report, unchecked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportDraft {
    pub title: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub vulnerability: bool,
    pub affected: Vec<AffectedVersions>,
    pub alleged_deployers: Vec<String>,
    pub alleged_developers: Vec<String>,
    pub alleged_harmed_parties: Vec<String>,
    pub sources: Vec<SourceDraft>,
    pub avid: AvidBlocks,
    pub harm_types: Vec<String>,
    pub severity: Option<String>,
    pub stakeholders: Vec<String>,
    pub sectors: Vec<String>,
    pub countries: Vec<String>,
    pub systems: Vec<String>,
    pub repos: Vec<String>,
}

/// A source as given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceDraft {
    pub url: String,
    pub title: Option<String>,
    pub text: String,
}

/// The validated content of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportContent {
    pub title: Title,
    pub description: String,
    /// The date of the incident (or of the disclosure of a vulnerability).
    #[serde(default, with = "crate::fields::iso_date_option")]
    pub date: Option<Date>,
    pub subject: Subject,
    pub alleged_deployers: Vec<String>,
    pub alleged_developers: Vec<String>,
    pub alleged_harmed_parties: Vec<String>,
    pub sources: Vec<Source>,
    pub avid: AvidBlocks,
    pub harm: HarmDimensions,
    pub systems: Vec<SystemId>,
    pub repos: Vec<RepoRef>,
}

fn names(field: &str, list: &[String]) -> Result<Vec<String>, ReportError> {
    if list.len() > MAX_NAMES {
        return Err(ReportError::new(field, "has more than 100 entries"));
    }
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for n in list {
        let n = n.trim();
        if n.is_empty() {
            continue;
        }
        if n.chars().count() > 300 || n.chars().any(char::is_control) {
            return Err(ReportError::new(
                field,
                format!("{n:?} is not a one-line name of at most 300 characters"),
            ));
        }
        if !out.iter().any(|o| o == n) {
            out.push(n.to_owned());
        }
    }
    Ok(out)
}

fn long_text(field: &str, text: &str) -> Result<String, ReportError> {
    if text.chars().count() > MAX_TEXT {
        return Err(ReportError::new(field, "is longer than 50000 characters"));
    }
    Ok(text.trim().to_owned())
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: &str, value: &str) -> Result<Date, ReportError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value.trim(), format)
        .map_err(|_| ReportError::new(field, format!("{value:?} is not a date YYYY-MM-DD")))
}

impl ReportDraft {
    /// Checks every field; the error names the first bad one.
    pub fn validate(&self, taxonomies: &Taxonomies) -> Result<ReportContent, ReportError> {
        let title = Title::parse(&self.title)?;
        let description = long_text("description", &self.description)?;
        let date = self
            .date
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(|d| parse_date("date", d))
            .transpose()?;
        let subject = if self.vulnerability {
            let affected: Vec<AffectedVersions> = self
                .affected
                .iter()
                .filter(|a| !a.artifact.trim().is_empty())
                .map(|a| AffectedVersions {
                    artifact: a.artifact.trim().to_owned(),
                    versions: a
                        .versions
                        .iter()
                        .map(|v| v.trim().to_owned())
                        .filter(|v| !v.is_empty())
                        .collect(),
                })
                .collect();
            if affected.is_empty() || affected.iter().any(|a| a.versions.is_empty()) {
                return Err(ReportError::new(
                    "affected",
                    "a vulnerability names each affected artifact with at least one version",
                ));
            }
            Subject::Vulnerability { affected }
        } else {
            Subject::Incident
        };
        let mut sources = Vec::with_capacity(self.sources.len());
        for s in &self.sources {
            let url = SourceUrl::parse(&s.url)?;
            if sources.iter().any(|x: &Source| x.url == url) {
                continue;
            }
            sources.push(Source {
                url,
                title: s
                    .title
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
                text: long_text("sources.text", &s.text)?,
            });
        }
        let countries = self
            .countries
            .iter()
            .map(|c| CountryCode::parse(c))
            .collect::<Result<BTreeSet<_>, _>>()?;
        let harm = HarmDimensions {
            harm_types: self
                .harm_types
                .iter()
                .map(|s| s.trim().to_owned())
                .collect(),
            severity: self
                .severity
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            stakeholders: self
                .stakeholders
                .iter()
                .map(|s| s.trim().to_owned())
                .collect(),
            sectors: self.sectors.iter().map(|s| s.trim().to_owned()).collect(),
            countries,
        };
        taxonomies.check_harm(&harm)?;
        let systems = self
            .systems
            .iter()
            .map(|s| SystemId::parse(s.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ReportError::new("systems", e.reason))?;
        let repos = self
            .repos
            .iter()
            .map(|s| RepoRef::parse(s.trim()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ReportError::new("repos", e.reason))?;
        Ok(ReportContent {
            title,
            description,
            date,
            subject,
            alleged_deployers: names("alleged_deployers", &self.alleged_deployers)?,
            alleged_developers: names("alleged_developers", &self.alleged_developers)?,
            alleged_harmed_parties: names("alleged_harmed_parties", &self.alleged_harmed_parties)?,
            sources,
            avid: self.avid.clone(),
            harm,
            systems,
            repos,
        })
    }
}

/// A comment on a report, with its own TLP marking: it is shown to those
/// who may see both the report and the comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub origin: Origin,
    pub marking: Marking,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Shared for Comment {
    fn marking(&self) -> &Marking {
        &self.marking
    }
    fn origin(&self) -> &Origin {
        &self.origin
    }
}

/// A report as the node keeps it: content, marking, workflow state, history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub id: ReportId,
    pub origin: Origin,
    pub marking: Marking,
    pub content: ReportContent,
    /// For an incident linked to a registered system: its legal kind and
    /// the date of awareness (see [`crate::deadlines`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal: Option<LegalIncident>,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
    pub(crate) state: State,
    pub(crate) assignees: BTreeSet<MemberId>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) history: Vec<HistoryEntry>,
}

impl Shared for Report {
    fn marking(&self) -> &Marking {
        &self.marking
    }
    fn origin(&self) -> &Origin {
        &self.origin
    }
}

impl Report {
    /// A newly submitted report. A legal incident needs a linked system.
    pub fn submit(
        id: ReportId,
        origin: Origin,
        marking: Marking,
        content: ReportContent,
        legal: Option<LegalIncident>,
        at: OffsetDateTime,
    ) -> Result<Self, ReportError> {
        if legal.is_some() && content.systems.is_empty() {
            return Err(ReportError::new(
                "legal",
                "legal reporting duties apply to an incident linked to a registered system",
            ));
        }
        if legal.is_some() && content.subject != Subject::Incident {
            return Err(ReportError::new(
                "legal",
                "legal reporting duties apply to incidents, not vulnerabilities",
            ));
        }
        let history = vec![HistoryEntry {
            at,
            actor: origin.author.clone(),
            event: Event::Submitted,
        }];
        Ok(Report {
            id,
            origin,
            marking,
            content,
            legal,
            submitted_at: at,
            state: State::Submitted,
            assignees: BTreeSet::new(),
            comments: Vec::new(),
            history,
        })
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn assignees(&self) -> &BTreeSet<MemberId> {
        &self.assignees
    }

    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// All comments, whoever may see them: use [`Report::comments_for`] on any surface.
    pub fn all_comments(&self) -> &[Comment] {
        &self.comments
    }

    /// The comments `viewer` may see (none when the report itself is hidden from them).
    pub fn comments_for<'a>(
        &'a self,
        viewer: &'a crate::tlp::Viewer,
    ) -> impl Iterator<Item = &'a Comment> {
        let report_visible = self.visible_to(viewer);
        self.comments
            .iter()
            .filter(move |c| report_visible && c.visible_to(viewer))
    }

    /// The text the similarity and search functions read: title, description, source texts.
    pub fn full_text(&self) -> String {
        let mut t = format!("{}\n{}", self.content.title, self.content.description);
        for s in &self.content.sources {
            t.push('\n');
            t.push_str(&s.text);
        }
        t
    }
}
