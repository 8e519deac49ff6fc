//! Safety on the node: AI incident and vulnerability reports submitted,
//! triaged, commented, merged and exported, each under its TLP 2.0 marking.
//!
//! Who may see a report or a comment is decided in ONE place, the domain's
//! [`waico_safety::tlp::may_see`]; every operation here that answers
//! reports (page, API, search, counts, statistics, exports, feed, the
//! incidents of an AI system or a commons repository) first turns the
//! caller into a TLP [`Viewer`] ([`viewer_of`]) and lets the domain filter.
//! Rights to act (submit, triage) come from `waico_members::policy::may`.
//!
//! The node's people map onto the TLP vocabulary so: a member is a user
//! (`user:N`); their organisation is their institution (`institution:N`),
//! or themselves alone (`person:N`); the reporting communities they belong
//! to are the member states they are affiliated with (their country and
//! their institution's country, ISO alpha-3 codes): a TLP:AMBER report names
//! one of them.
//!
//! Publishing a report appends a ledger record in the same transaction as
//! the report: the SHA-256 of the report for TLP:CLEAR, a commitment only
//! for a restricted report (its opening is kept by the node).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use waico_ledger::RecordKind;
use waico_members::policy::{Action, Actor};
use waico_members::{Invalid, RoleGrant};
use waico_safety::commitment::{self, LedgerRecord};
use waico_safety::deadlines::{self, IncidentKind, LegalIncident, SystemProfile};
use waico_safety::eu_report::{
    EuSeriousIncidentReport, ReportStage, SystemRecord, eu_serious_incident_report,
};
use waico_safety::ids::{CommentId, CommunityId, MemberId, OrgId, ReportId};
use waico_safety::report::{Comment, Report, ReportDraft, ReportError};
use waico_safety::search::{SearchQuery, SearchResults};
use waico_safety::statistics::Statistics;
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::{self, Marking, MemberView, Origin, Recipients, Shared, Tlp, Viewer};
use waico_safety::workflow::{self, Event, HistoryEntry, WorkflowError};
use waico_store::{
    SafetyCommentRow, SafetyHistoryRow, SafetyOpeningRow, SafetyReportRow, SafetySourceRow,
    StoreError, StoredSafetyReport,
};

use crate::error::{OpError, require};
use crate::state::AppState;

/// The live part: the report search index of this process.
pub mod follow;
pub mod live;
pub mod warnings;

// ---------------------------------------------------------------- people

/// The TLP member id of a user.
pub fn member_id(user_id: i64) -> MemberId {
    MemberId::parse(&format!("user:{user_id}")).expect("a valid id")
}

/// The user id behind a TLP member id (`user:N`).
pub fn user_of(member: &MemberId) -> Option<i64> {
    member.as_str().strip_prefix("user:")?.parse().ok()
}

fn community(code: &str) -> CommunityId {
    CommunityId::parse(code).expect("a country code is a valid id")
}

/// Who `actor` is for TLP: anonymous, or a member with their organisation
/// and reporting communities.
pub async fn viewer_of(state: &AppState, actor: &Actor) -> Result<Viewer, OpError> {
    let Actor::User { id, grants, .. } = actor else {
        return Ok(Viewer::Anonymous);
    };
    Ok(Viewer::Member(member_view(state, *id, grants).await?))
}

async fn member_view(
    state: &AppState,
    user_id: i64,
    grants: &[RoleGrant],
) -> Result<MemberView, OpError> {
    let user = state.store.user(user_id).await?;
    let mut communities = BTreeSet::new();
    if let Some(c) = user.country {
        communities.insert(community(c.as_str()));
    }
    let org = match user.institution_id {
        Some(i) => {
            if let Ok(inst) = state.store.institution(i).await {
                communities.insert(community(inst.country.as_str()));
            }
            format!("institution:{i}")
        }
        None => format!("person:{user_id}"),
    };
    Ok(MemberView {
        member: member_id(user_id),
        org: OrgId::parse(&org).expect("a valid id"),
        communities,
        secretariat: grants.contains(&RoleGrant::SecretariatAdmin),
    })
}

/// The workflow actor of a signed-in caller (triager when the policy says so).
async fn workflow_actor(state: &AppState, actor: &Actor) -> Result<workflow::Actor, OpError> {
    let Actor::User { id, grants, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    Ok(workflow::Actor {
        member: member_view(state, *id, grants).await?,
        triager: waico_members::policy::may(actor, Action::TriageSafetyReports),
    })
}

// ---------------------------------------------------------------- errors

/// The request fields the domain's errors name, as static names for the
/// problem documents.
const FIELDS: &[&str] = &[
    "title",
    "description",
    "date",
    "affected",
    "sources.url",
    "sources.text",
    "harm_types",
    "severity",
    "stakeholders",
    "sectors",
    "countries",
    "systems",
    "repos",
    "legal",
    "legal.kinds",
    "legal.aware_at",
    "alleged_deployers",
    "alleged_developers",
    "alleged_harmed_parties",
    "tlp",
    "community",
    "recipients",
    "body",
    "reason",
    "target",
    "assignee",
    "action",
    "file",
    "format",
    "kind",
    "q",
    "report",
];

fn static_field(field: &str) -> &'static str {
    // The domain names the harm dimensions by their taxonomy fields; the
    // request names them as the draft does.
    let field = match field {
        "harm.harm_type" => "harm_types",
        "harm.severity" => "severity",
        "harm.stakeholder" => "stakeholders",
        "harm.sector" => "sectors",
        "harm.countries" => "countries",
        f => f,
    };
    FIELDS
        .iter()
        .find(|f| **f == field)
        .or_else(|| FIELDS.iter().find(|f| field.starts_with(**f)))
        .copied()
        .unwrap_or("report")
}

/// A domain field error as an operation error naming the field.
pub fn invalid(field: &str, reason: &str) -> OpError {
    let field = static_field(field);
    let key = match field {
        "date" | "legal.aware_at" => "err-invalid-date",
        "sources.url" => "err-invalid-url",
        "tlp" | "action" | "format" | "kind" | "legal.kinds" | "harm_types" | "severity"
        | "stakeholders" | "sectors" => "err-invalid-choice",
        "countries" => "err-unknown-country",
        _ if reason.contains("empty") => "err-required",
        _ => "safety-err-invalid",
    };
    OpError::Invalid(vec![Invalid::new(field, key)])
}

fn report_error(e: ReportError) -> OpError {
    invalid(&e.field, &e.reason)
}

fn workflow_error(e: WorkflowError) -> OpError {
    match e {
        WorkflowError::NotVisible => OpError::NotFound,
        WorkflowError::Forbidden(_) => OpError::Forbidden,
        WorkflowError::WrongState { .. } => OpError::Declined("safety-err-wrong-state"),
        // Refusals by what the reports are (a comment below its report's
        // level, an assignee the marking hides the report from, a merge
        // target shared more widely): the node's state, not the form.
        WorkflowError::Invalid { field, .. } if matches!(field, "tlp" | "assignee" | "target") => {
            OpError::Invalid(vec![Invalid::new(field, "safety-err-wrong-state")])
        }
        WorkflowError::Invalid { field, reason } => invalid(field, reason),
    }
}

fn internal(e: impl std::fmt::Display) -> OpError {
    OpError::Internal(e.to_string())
}

// ---------------------------------------------------------------- rows

fn ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn at_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn rfc3339(ms: i64) -> String {
    at_ms(ms).format(&Rfc3339).unwrap_or_default()
}

/// Now, to the millisecond (what the store keeps).
fn now() -> OffsetDateTime {
    at_ms(waico_store::now_ms())
}

fn tlp_str(m: &Marking) -> String {
    m.tlp().as_str().to_owned()
}

/// A report as the rows the store keeps.
pub fn to_stored(r: &Report) -> Result<StoredSafetyReport, OpError> {
    let id = r.id.to_string();
    let mut doc = serde_json::to_value(r).map_err(internal)?;
    let obj = doc.as_object_mut().ok_or_else(|| internal("report JSON"))?;
    obj.remove("comments");
    obj.remove("history");
    obj.remove("assignees");
    if let Some(c) = obj.get_mut("content").and_then(Value::as_object_mut) {
        c.remove("sources");
    }
    let sources = r
        .content
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let v = serde_json::to_value(s).map_err(internal)?;
            Ok(SafetySourceRow {
                report_id: id.clone(),
                position: i as i64,
                url: v["url"].as_str().unwrap_or_default().to_owned(),
                title: s.title.clone(),
                body: s.text.clone(),
            })
        })
        .collect::<Result<Vec<_>, OpError>>()?;
    let comments = r
        .all_comments()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Ok(SafetyCommentRow {
                id: c.id.to_string(),
                report_id: id.clone(),
                position: i as i64,
                author: c.origin.author.to_string(),
                org: c.origin.org.to_string(),
                tlp: tlp_str(&c.marking),
                marking: serde_json::to_string(&c.marking).map_err(internal)?,
                body: c.body.clone(),
                created_at: ms(c.at),
            })
        })
        .collect::<Result<Vec<_>, OpError>>()?;
    let history = r
        .history()
        .iter()
        .enumerate()
        .map(|(i, h)| {
            Ok(SafetyHistoryRow {
                report_id: id.clone(),
                position: i as i64,
                at: ms(h.at),
                actor: h.actor.to_string(),
                event: serde_json::to_string(&h.event).map_err(internal)?,
            })
        })
        .collect::<Result<Vec<_>, OpError>>()?;
    let mut links: Vec<(String, String)> = r
        .content
        .systems
        .iter()
        .map(|s| ("system".to_owned(), s.to_string()))
        .chain(
            r.content
                .repos
                .iter()
                .map(|s| ("repo".to_owned(), s.to_string())),
        )
        .collect();
    links.sort();
    links.dedup();
    let (community, recipients) = match &r.marking {
        Marking::Amber { community } => (Some(community.to_string()), Vec::new()),
        Marking::Red { recipients } => (None, recipients.iter().map(|m| m.to_string()).collect()),
        _ => (None, Vec::new()),
    };
    Ok(StoredSafetyReport {
        report: Some(SafetyReportRow {
            id: id.clone(),
            author: r.origin.author.to_string(),
            org: r.origin.org.to_string(),
            tlp: tlp_str(&r.marking),
            community,
            state: r.state().name().to_owned(),
            title: r.content.title.to_string(),
            document: doc.to_string(),
            submitted_at: ms(r.submitted_at),
            updated_at: waico_store::now_ms(),
        }),
        recipients,
        links,
        sources,
        comments,
        history,
        assignees: r.assignees().iter().map(|m| m.to_string()).collect(),
    })
}

/// The report the rows describe.
pub fn from_stored(s: &StoredSafetyReport) -> Result<Report, OpError> {
    let row = s.row();
    let mut doc: Value = serde_json::from_str(&row.document).map_err(internal)?;
    let obj = doc.as_object_mut().ok_or_else(|| internal("report JSON"))?;
    let comments = s
        .comments
        .iter()
        .map(|c| {
            Ok(json!({
                "id": c.id,
                "origin": {"author": c.author, "org": c.org},
                "marking": serde_json::from_str::<Value>(&c.marking).map_err(internal)?,
                "body": c.body,
                "at": rfc3339(c.created_at),
            }))
        })
        .collect::<Result<Vec<_>, OpError>>()?;
    let history = s
        .history
        .iter()
        .map(|h| {
            Ok(json!({
                "at": rfc3339(h.at),
                "actor": h.actor,
                "event": serde_json::from_str::<Value>(&h.event).map_err(internal)?,
            }))
        })
        .collect::<Result<Vec<_>, OpError>>()?;
    obj.insert("comments".into(), Value::Array(comments));
    obj.insert("history".into(), Value::Array(history));
    obj.insert("assignees".into(), json!(s.assignees));
    let sources: Vec<Value> = s
        .sources
        .iter()
        .map(|x| {
            let mut v = json!({"url": x.url, "text": x.body});
            if let Some(t) = &x.title {
                v["title"] = json!(t);
            }
            v
        })
        .collect();
    if let Some(c) = obj.get_mut("content").and_then(Value::as_object_mut) {
        c.insert("sources".into(), Value::Array(sources));
    }
    serde_json::from_value(doc).map_err(|e| internal(format!("report {}: {e}", row.id)))
}

async fn load(state: &AppState, id: &str) -> Result<Report, OpError> {
    from_stored(&state.store.safety_report(id).await?)
}

/// Every report of the node, whoever may see it: callers filter with the
/// domain before anything leaves.
async fn all_reports(state: &AppState) -> Result<Vec<Report>, OpError> {
    state
        .store
        .safety_reports()
        .await?
        .iter()
        .map(from_stored)
        .collect()
}

/// Loads a report `viewer` may see; a hidden one is not found.
async fn load_visible(state: &AppState, viewer: &Viewer, id: &str) -> Result<Report, OpError> {
    let r = load(state, id).await?;
    if r.visible_to(viewer) {
        Ok(r)
    } else {
        Err(OpError::NotFound)
    }
}

async fn fill_index(state: &AppState) -> Result<(), OpError> {
    let mut filled = state.safety.filled.lock().await;
    if !*filled {
        let stored = state.store.safety_reports().await?;
        let all = stored
            .iter()
            .map(from_stored)
            .collect::<Result<Vec<_>, _>>()?;
        state.safety.index.rebuild(&all).map_err(internal)?;
        let mut followed = state.safety.followed();
        for s in &stored {
            followed.saw(&s.row().id, s.row().updated_at);
        }
        *filled = true;
    }
    Ok(())
}

async fn index(state: &AppState, reports: &[&Report]) -> Result<(), OpError> {
    let filled = state.safety.filled.lock().await;
    if *filled {
        for r in reports {
            state.safety.index.upsert(r).map_err(internal)?;
        }
        state.safety.index.commit().map_err(internal)?;
    }
    Ok(())
}

/// The ledger entry of a report's publication (its hash for TLP:CLEAR, a
/// commitment only otherwise) and, for a commitment, the opening to keep.
fn publication(
    actor: &Actor,
    r: &Report,
) -> Result<(waico_store::NewEntry, Option<SafetyOpeningRow>), OpError> {
    let (record, opening) = commitment::publish(r, &mut rand::thread_rng());
    let (name, content, payload) = match &record {
        LedgerRecord::Published { sha256, .. } => (
            "safety_report_published",
            commitment::report_document(r).into_bytes(),
            json!({"tlp": "CLEAR", "sha256": sha256}),
        ),
        LedgerRecord::Committed { commitment, .. } => (
            "safety_report_committed",
            commitment.clone().into_bytes(),
            json!({"commitment": commitment}),
        ),
    };
    let entry = crate::ledger::decision_entry(
        RecordKind::Generic { name: name.into() },
        &crate::ledger::actor_code(actor),
        ("safety_report", r.id.as_str()),
        &content,
        payload,
    )?;
    let opening = match (opening, &record) {
        (Some(o), LedgerRecord::Committed { commitment, .. }) => Some(SafetyOpeningRow {
            report_id: r.id.to_string(),
            commitment: commitment.clone(),
            nonce: o.nonce,
            document: o.document,
            created_at: waico_store::now_ms(),
        }),
        _ => None,
    };
    Ok((entry, opening))
}

/// Writes `reports`, with the ledger records of those `published` now, in
/// one transaction, then updates the search index.
async fn save(
    state: &AppState,
    actor: &Actor,
    reports: &[&Report],
    published: &[&Report],
) -> Result<(), OpError> {
    let stored = reports
        .iter()
        .map(|r| to_stored(r))
        .collect::<Result<Vec<_>, _>>()?;
    let mut openings = Vec::new();
    let mut entries = Vec::new();
    for r in published {
        let (entry, opening) = publication(actor, r)?;
        entries.push(entry);
        openings.extend(opening);
    }
    state
        .store
        .safety_write(&stored, &openings, &entries)
        .await?;
    {
        let mut followed = state.safety.followed();
        for s in &stored {
            followed.saw(&s.row().id, s.row().updated_at);
        }
    }
    if !entries.is_empty() {
        state.ledger.start_checkpoints();
    }
    index(state, reports).await
}

// ---------------------------------------------------------------- input

/// How a report or comment is marked: the level, the community (AMBER) or
/// the recipients' user names (RED).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MarkingInput {
    /// `CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT` or `RED` (`TLP:` prefix allowed).
    pub tlp: String,
    /// For AMBER: the reporting community, a member state's ISO alpha-3 code.
    pub community: Option<String>,
    /// For RED: the user names of the recipients (at least one).
    pub recipients: Vec<String>,
}

impl utoipa::PartialSchema for MarkingInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::marking()
    }
}

impl utoipa::ToSchema for MarkingInput {}

async fn parse_marking(state: &AppState, input: &MarkingInput) -> Result<Marking, OpError> {
    let level: Tlp = input
        .tlp
        .parse()
        .map_err(|_| invalid("tlp", "not a TLP 2.0 level"))?;
    Ok(match level {
        Tlp::Clear => Marking::Clear,
        Tlp::Green => Marking::Green,
        Tlp::AmberStrict => Marking::AmberStrict,
        Tlp::Amber => {
            let code = input
                .community
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .ok_or_else(|| OpError::Invalid(vec![Invalid::new("community", "err-required")]))?;
            let code = waico_members::CountryCode::parse(code).map_err(|_| {
                OpError::Invalid(vec![Invalid::new("community", "err-unknown-country")])
            })?;
            Marking::Amber {
                community: community(code.as_str()),
            }
        }
        Tlp::Red => {
            let mut members = Vec::new();
            for name in input
                .recipients
                .iter()
                .map(|n| n.trim())
                .filter(|n| !n.is_empty())
            {
                let user = state
                    .store
                    .user_by_username(name)
                    .await
                    .map_err(|e| match e {
                        StoreError::NotFound => OpError::Invalid(vec![Invalid::new(
                            "recipients",
                            "safety-err-recipient",
                        )]),
                        other => other.into(),
                    })?;
                members.push(member_id(user.id));
            }
            Marking::Red {
                recipients: Recipients::new(members).map_err(|_| {
                    OpError::Invalid(vec![Invalid::new("recipients", "err-required")])
                })?,
            }
        }
    })
}

/// The legal side of an incident linked to a registered AI system.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LegalInput {
    /// Incident kinds: `death`, `serious_harm_to_health`, `critical_infrastructure`,
    /// `fundamental_rights`, `property_or_environment`, `widespread_infringement`,
    /// `algorithmic_discrimination`, `illegal_generated_content`.
    pub kinds: Vec<String>,
    /// When the bearer became aware: `YYYY-MM-DD` (start of the day, UTC) or RFC 3339.
    pub aware_at: String,
    /// ISO 3166-1 alpha-2 codes of the countries where it occurred.
    pub occurred_in: Vec<String>,
}

fn parse_legal(input: &LegalInput) -> Result<LegalIncident, OpError> {
    let kinds = input
        .kinds
        .iter()
        .map(|k| {
            serde_json::from_value::<IncidentKind>(Value::String(k.trim().to_owned()))
                .map_err(|_| invalid("legal.kinds", "unknown kind"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let raw = input.aware_at.trim();
    let aware_at = OffsetDateTime::parse(raw, &Rfc3339)
        .ok()
        .or_else(|| {
            waico_safety::report::parse_date("legal.aware_at", raw)
                .ok()
                .map(|d| d.midnight().assume_utc())
        })
        .ok_or_else(|| invalid("legal.aware_at", "not a date"))?;
    let countries = input
        .occurred_in
        .iter()
        .map(|c| waico_safety::report::CountryCode::parse(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(report_error)?;
    LegalIncident::new(kinds, aware_at, countries, None).map_err(report_error)
}

/// A new report.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SubmitInput {
    #[serde(flatten)]
    pub marking: MarkingInput,
    /// The report: AIID core, AVID blocks, OECD harm dimensions, links
    /// (`systems`: AI system slugs, `repos`: commons repositories).
    pub report: ReportDraft,
    /// For an incident linked to a registered system: its legal kind and date of awareness.
    pub legal: Option<LegalInput>,
}

impl utoipa::PartialSchema for SubmitInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::safety_schema::submit_input()
    }
}

impl utoipa::ToSchema for SubmitInput {}

fn new_report_id() -> ReportId {
    let n: u32 = rand::random();
    let day = OffsetDateTime::now_utc().date();
    ReportId::parse(&format!("SR-{}-{n:08x}", day.year())).expect("a valid id")
}

/// Submits a report: validated by the domain, linked systems checked, stored
/// with its ledger record in one transaction.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    input: &SubmitInput,
) -> Result<Report, OpError> {
    require(actor, Action::SubmitSafetyReport)?;
    let who = workflow_actor(state, actor).await?;
    let marking = parse_marking(state, &input.marking).await?;
    let content = input
        .report
        .validate(Taxonomies::builtin())
        .map_err(report_error)?;
    for s in &content.systems {
        match state.store.ai_system(s.as_str()).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => {
                return Err(OpError::Invalid(vec![Invalid::new(
                    "systems",
                    "safety-err-unknown-system",
                )]));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let legal = input.legal.as_ref().map(parse_legal).transpose()?;
    let origin = Origin {
        author: who.member.member.clone(),
        org: who.member.org.clone(),
    };
    let report = Report::submit(new_report_id(), origin, marking, content, legal, now())
        .map_err(report_error)?;
    save(state, actor, &[&report], &[&report]).await?;
    Ok(report)
}

// ---------------------------------------------------------------- reading

/// A report as one viewer may see it: only the comments (and the history
/// of comments) it may see, and the legal duties with their countdowns.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub id: String,
    /// `TLP:CLEAR` … `TLP:RED`.
    pub tlp: String,
    #[schema(value_type = Object)]
    pub marking: Marking,
    pub state: String,
    /// For a duplicate: the report it was merged into; for a rejection: the reason.
    #[schema(value_type = Object)]
    pub state_detail: Value,
    pub author: String,
    pub org: String,
    #[schema(value_type = Object)]
    pub content: waico_safety::report::ReportContent,
    /// Null for a report without a legal incident.
    #[schema(value_type = Option<Object>)]
    pub legal: Option<LegalIncident>,
    pub submitted_at: String,
    pub assignees: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub comments: Vec<Comment>,
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<HistoryEntry>,
    /// The legal reporting duties, when the report is a legal incident.
    pub duties: Vec<DutyView>,
}

/// One legal reporting duty and how it stands now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DutyView {
    /// The AI system whose assessment gave the duty.
    pub system: String,
    pub jurisdiction: String,
    pub citation: String,
    pub bearer: String,
    pub recipients: Vec<String>,
    /// The last moment the duty is met (RFC 3339), none when due immediately.
    pub deadline: Option<String>,
    /// `immediately`, `running` or `overdue`.
    pub status: String,
    pub hours_left: Option<i64>,
    pub hours_late: Option<i64>,
    /// A quarter of the period or less is left.
    pub warn: bool,
}

/// What a system's latest assessment says for the deadlines: the domain's
/// plain profile, read from the rulepack results (EU tags `high_annex_i` /
/// `high_annex_iii`, China's generative service scope; Colorado sets no
/// incident report since SB 26-189, see `waico_safety::deadlines`).
pub fn system_profile(
    profile: &waico_framework::profile::Profile,
    assessment: Option<&waico_framework::assess::Assessment>,
) -> SystemProfile {
    use waico_safety::deadlines::{ChinaProfile, CnOperator, EuClass, EuProfile, Role};
    let mut roles = BTreeSet::new();
    for r in &profile.roles {
        match r {
            waico_framework::profile::Role::Deployer => {
                roles.insert(Role::Deployer);
            }
            _ => {
                roles.insert(Role::Provider);
            }
        }
    }
    if roles.is_empty() {
        roles.extend([Role::Provider, Role::Deployer]);
    }
    let mut out = SystemProfile {
        roles,
        ..SystemProfile::default()
    };
    let Some(a) = assessment else {
        return out;
    };
    for j in a.jurisdictions.iter().filter(|j| j.applies) {
        let has = |label: &str| j.labels.iter().any(|l| l.as_str() == label);
        match j.jurisdiction.as_str() {
            "EU" => {
                let class = if has("high_annex_i") {
                    EuClass::HighRiskAnnexI
                } else if has("high_annex_iii") || j.risk_class.as_str() == "high" {
                    EuClass::HighRiskAnnexIii
                } else {
                    EuClass::NotHighRisk
                };
                out.eu = Some(EuProfile {
                    class,
                    sectoral_equivalent_reporting: has("sectoral_equivalent_reporting"),
                    medical_device: has("medical_device"),
                });
            }
            "CN" => {
                out.china = Some(ChinaProfile {
                    operator: CnOperator::Other,
                    generative_service: j.risk_class.as_str() != "out_of_scope",
                });
            }
            _ => {}
        }
    }
    out
}

fn label<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The duties of a legal incident, from the latest assessment of each linked system.
async fn duties_of(state: &AppState, r: &Report, at: OffsetDateTime) -> Vec<DutyView> {
    let Some(legal) = &r.legal else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in &r.content.systems {
        let Ok(sys) = state.store.ai_system(s.as_str()).await else {
            continue;
        };
        let Ok(profile) = crate::framework::stored_profile(&sys) else {
            continue;
        };
        let assessment = match state.store.latest_assessment(sys.id).await {
            Ok(Some(a)) => crate::framework::stored_result(&a).ok(),
            _ => None,
        };
        let sp = system_profile(&profile, assessment.as_ref());
        for d in deadlines::duties(legal, &sp) {
            let c = deadlines::countdown(&d, legal.aware_at(), at);
            let (status, hours_left, hours_late, warn) = match c {
                deadlines::Countdown::Immediately => ("immediately", None, None, true),
                deadlines::Countdown::Running { hours_left, warn } => {
                    ("running", Some(hours_left), None, warn)
                }
                deadlines::Countdown::Overdue { hours_late } => {
                    ("overdue", None, Some(hours_late), true)
                }
            };
            out.push(DutyView {
                system: s.to_string(),
                jurisdiction: label(&d.jurisdiction),
                citation: d.citation.to_owned(),
                bearer: label(&d.bearer),
                recipients: d.recipients.clone(),
                deadline: d
                    .due
                    .deadline(legal.aware_at())
                    .and_then(|t| t.format(&Rfc3339).ok()),
                status: status.into(),
                hours_left,
                hours_late,
                warn,
            });
        }
    }
    out
}

fn view(r: &Report, viewer: &Viewer, duties: Vec<DutyView>) -> ReportView {
    let comments: Vec<Comment> = r.comments_for(viewer).cloned().collect();
    let shown: BTreeSet<&CommentId> = comments.iter().map(|c| &c.id).collect();
    let history = r
        .history()
        .iter()
        .filter(|h| match &h.event {
            Event::Commented { comment } => shown.contains(comment),
            _ => true,
        })
        .cloned()
        .collect();
    let state_detail = serde_json::to_value(r.state()).unwrap_or(Value::Null);
    ReportView {
        id: r.id.to_string(),
        tlp: r.marking.tlp().label(),
        marking: r.marking.clone(),
        state: r.state().name().to_owned(),
        state_detail,
        author: r.origin.author.to_string(),
        org: r.origin.org.to_string(),
        content: r.content.clone(),
        legal: r.legal.clone(),
        submitted_at: r.submitted_at.format(&Rfc3339).unwrap_or_default(),
        assignees: r.assignees().iter().map(|m| m.to_string()).collect(),
        comments,
        history,
        duties,
    }
}

/// One report, as `actor` may see it (not found when its marking hides it).
pub async fn get(state: &AppState, actor: &Actor, id: &str) -> Result<ReportView, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let r = load_visible(state, &viewer, id).await?;
    let duties = duties_of(state, &r, OffsetDateTime::now_utc()).await;
    Ok(view(&r, &viewer, duties))
}

/// A line of a report list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportSummary {
    pub id: String,
    pub tlp: String,
    pub state: String,
    pub title: String,
    /// Incident or vulnerability.
    pub kind: String,
    pub date: Option<String>,
    pub submitted_at: String,
    pub harm_types: Vec<String>,
    pub sectors: Vec<String>,
    pub countries: Vec<String>,
    /// Search only: the matching text, HTML with matches in `<b>` (escaped otherwise).
    pub snippet: Option<String>,
}

fn summary(r: &Report, snippet: Option<String>) -> ReportSummary {
    ReportSummary {
        id: r.id.to_string(),
        tlp: r.marking.tlp().label(),
        state: r.state().name().to_owned(),
        title: r.content.title.to_string(),
        kind: match r.content.subject {
            waico_safety::report::Subject::Incident => "incident".into(),
            waico_safety::report::Subject::Vulnerability { .. } => "vulnerability".into(),
        },
        date: r.content.date.map(|d| d.to_string()),
        submitted_at: r.submitted_at.format(&Rfc3339).unwrap_or_default(),
        harm_types: r.content.harm.harm_types.iter().cloned().collect(),
        sectors: r.content.harm.sectors.iter().cloned().collect(),
        countries: r
            .content
            .harm
            .countries
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        snippet,
    }
}

/// The filters of a report list (values of the taxonomies; empty = any).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListFilter {
    /// Full-text search (the commons' multilingual analyzer).
    pub q: Option<String>,
    pub harm_type: Option<String>,
    pub sector: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub state: Option<String>,
    /// A TLP level: only reports of that level (among those one may see);
    /// `TLP:` prefix and any case allowed.
    #[param(
        pattern = "^\\s*(([Tt][Ll][Pp]:)?([Cc][Ll][Ee][Aa][Rr]|[Gg][Rr][Ee][Ee][Nn]|[Aa][Mm][Bb][Ee][Rr](\\+[Ss][Tt][Rr][Ii][Cc][Tt])?|[Rr][Ee][Dd]))?\\s*$"
    )]
    #[schema(
        pattern = "^\\s*(([Tt][Ll][Pp]:)?([Cc][Ll][Ee][Aa][Rr]|[Gg][Rr][Ee][Ee][Nn]|[Aa][Mm][Bb][Ee][Rr](\\+[Ss][Tt][Rr][Ii][Cc][Tt])?|[Rr][Ee][Dd]))?\\s*$"
    )]
    pub tlp: Option<String>,
    /// Reports to skip, at most 1,000,000 (more is refused, naming `offset`).
    #[param(minimum = 0, maximum = 1000000)]
    #[schema(minimum = 0, maximum = 1000000)]
    #[serde(deserialize_with = "whole_count")]
    pub offset: Option<usize>,
    /// Reports to give: 1 to 100 (more is taken as 100, 0 as 1).
    #[param(minimum = 0)]
    #[schema(minimum = 0)]
    #[serde(deserialize_with = "whole_count")]
    pub limit: Option<usize>,
}

/// The deepest a report list pages: `offset` at most this.
pub const MAX_LIST_OFFSET: usize = 1_000_000;

/// A count in a query (or JSON): digits only, any number of them; one too
/// large for the machine is taken as the largest, so that the operation,
/// not the parser, says it is out of range (422 naming the field).
fn whole_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(u64),
        Text(String),
    }
    match Option::<Raw>::deserialize(d)? {
        None => Ok(None),
        Some(Raw::Number(n)) => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
        Some(Raw::Text(t)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(t.parse().unwrap_or(usize::MAX)))
        }
        Some(Raw::Text(_)) => Err(serde::de::Error::custom("not a whole number")),
    }
}

/// A page of the reports one may see.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportList {
    /// How many visible reports match.
    pub total: usize,
    pub items: Vec<ReportSummary>,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The visible reports matching `filter`, newest first; with `q`, the
/// search index's hits (filtered by TLP inside the index).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    filter: &ListFilter,
) -> Result<ReportList, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let limit = filter.limit.unwrap_or(50).clamp(1, 100);
    let offset = filter.offset.unwrap_or(0);
    if offset > MAX_LIST_OFFSET {
        return Err(OpError::Invalid(vec![Invalid::new("offset", "err-range")]));
    }
    let level: Option<Tlp> = match nonempty(&filter.tlp) {
        Some(t) => Some(t.parse().map_err(|_| invalid("tlp", "not a level"))?),
        None => None,
    };
    let all = all_reports(state).await?;
    if let Some(q) = nonempty(&filter.q) {
        let results = search_index(state, &viewer, q, filter, 0, 100_000).await?;
        let by_id: BTreeMap<&str, &Report> = all.iter().map(|r| (r.id.as_str(), r)).collect();
        let items: Vec<ReportSummary> = results
            .hits
            .into_iter()
            .filter_map(|h| {
                let r = by_id.get(h.id.as_str())?;
                // The index filtered by TLP; the domain decides once more.
                (r.visible_to(&viewer) && level.is_none_or(|l| r.marking.tlp() == l))
                    .then(|| summary(r, Some(h.snippet)))
            })
            .collect();
        return Ok(ReportList {
            total: items.len(),
            items: items.into_iter().skip(offset).take(limit).collect(),
        });
    }
    let mut matching: Vec<&Report> = tlp::visible(&all, &viewer)
        .filter(|r| {
            let h = &r.content.harm;
            nonempty(&filter.harm_type).is_none_or(|v| h.harm_types.contains(v))
                && nonempty(&filter.sector).is_none_or(|v| h.sectors.contains(v))
                && nonempty(&filter.country).is_none_or(|v| {
                    h.countries
                        .iter()
                        .any(|c| c.as_str().eq_ignore_ascii_case(v))
                })
                && nonempty(&filter.state).is_none_or(|v| r.state().name() == v)
                && level.is_none_or(|l| r.marking.tlp() == l)
        })
        .collect();
    matching.sort_by(|a, b| b.submitted_at.cmp(&a.submitted_at).then(b.id.cmp(&a.id)));
    Ok(ReportList {
        total: matching.len(),
        items: matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|r| summary(r, None))
            .collect(),
    })
}

async fn search_index(
    state: &AppState,
    viewer: &Viewer,
    q: &str,
    filter: &ListFilter,
    offset: usize,
    limit: usize,
) -> Result<SearchResults, OpError> {
    fill_index(state).await?;
    let one = |v: &Option<String>| nonempty(v).map(|s| vec![s.to_owned()]).unwrap_or_default();
    let mut results = SearchResults {
        total: 0,
        hits: Vec::new(),
    };
    // The index answers pages of at most 100.
    let mut from = offset;
    loop {
        let page = state
            .safety
            .index
            .search(
                &SearchQuery {
                    text: q.to_owned(),
                    harm_types: one(&filter.harm_type),
                    sectors: one(&filter.sector),
                    countries: one(&filter.country),
                    states: one(&filter.state),
                    offset: from,
                    limit: 100,
                },
                viewer,
            )
            .map_err(|e| invalid("q", &e.to_string()))?;
        results.total = page.total;
        let n = page.hits.len();
        results.hits.extend(page.hits);
        from += n;
        if n < 100 || results.hits.len() >= limit {
            break;
        }
    }
    Ok(results)
}

/// The search as the API gives it: the hits `actor` may see and their number.
pub async fn search(
    state: &AppState,
    actor: &Actor,
    q: &str,
    offset: usize,
    limit: usize,
) -> Result<SearchResults, OpError> {
    if offset > waico_safety::search::MAX_OFFSET {
        return Err(OpError::Invalid(vec![Invalid::new("offset", "err-range")]));
    }
    let viewer = viewer_of(state, actor).await?;
    search_index(
        state,
        &viewer,
        q,
        &ListFilter::default(),
        offset,
        limit.clamp(1, 100),
    )
    .await
    .map(|mut r| {
        r.hits.truncate(limit.clamp(1, 100));
        r
    })
}

/// The statistics of the reports `actor` may see.
pub async fn statistics(state: &AppState, actor: &Actor) -> Result<Statistics, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let all = all_reports(state).await?;
    Ok(waico_safety::statistics::statistics(&all, &viewer))
}

/// The reports `actor` may see that concern an AI system (`system`, its
/// slug) or a commons repository (`repo`).
pub async fn linked(
    state: &AppState,
    actor: &Actor,
    kind: &str,
    target: &str,
) -> Result<Vec<ReportSummary>, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let mut out = Vec::new();
    for id in state.store.safety_linked(kind, target).await? {
        let r = load(state, &id).await?;
        if r.visible_to(&viewer) {
            out.push(summary(&r, None));
        }
    }
    out.sort_by(|a, b| b.submitted_at.cmp(&a.submitted_at));
    Ok(out)
}

/// The public (TLP:CLEAR) reports, newest first, for the Atom feed: the
/// feed is read anonymously, whoever asks.
pub async fn public_feed(state: &AppState, limit: usize) -> Result<Vec<Report>, OpError> {
    let all = all_reports(state).await?;
    let mut public: Vec<Report> = tlp::visible(&all, &Viewer::Anonymous)
        .filter(|r| {
            !matches!(
                r.state(),
                workflow::State::Duplicate { .. } | workflow::State::Withdrawn
            )
        })
        .cloned()
        .collect();
    public.sort_by_key(|r| std::cmp::Reverse(r.submitted_at));
    public.truncate(limit);
    Ok(public)
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Stix,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Result<Self, OpError> {
        match s {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "stix" => Ok(ExportFormat::Stix),
            _ => Err(invalid("format", "jsonl, csv or stix")),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "application/jsonl",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Stix => "application/stix+json;version=2.1",
        }
    }
}

/// The reports `actor` may see, in `format` (with the comments it may see).
pub async fn export(
    state: &AppState,
    actor: &Actor,
    format: ExportFormat,
) -> Result<String, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let all = all_reports(state).await?;
    let mut out = Vec::new();
    match format {
        ExportFormat::Jsonl => {
            waico_safety::exchange::export_jsonl(&all, &viewer, &mut out).map_err(internal)?;
        }
        ExportFormat::Csv => {
            waico_safety::exchange::export_csv(&all, &viewer, &mut out).map_err(internal)?;
        }
        ExportFormat::Stix => {
            let bundle = waico_safety::stix::bundle(
                &all,
                &viewer,
                state.ledger.origin(),
                OffsetDateTime::now_utc(),
            );
            out = serde_json::to_vec_pretty(&bundle).map_err(internal)?;
        }
    }
    String::from_utf8(out).map_err(internal)
}

// ---------------------------------------------------------------- workflow

/// A workflow step.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StepInput {
    /// `triage`, `confirm`, `mitigate`, `close`, `reject`, `reopen` or `withdraw`.
    pub action: String,
    /// The reason of a rejection.
    pub reason: Option<String>,
}

impl utoipa::PartialSchema for StepInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::safety_step()
    }
}

impl utoipa::ToSchema for StepInput {}

fn parse_step(input: &StepInput) -> Result<workflow::Action, OpError> {
    Ok(match input.action.trim() {
        "triage" => workflow::Action::Triage,
        "confirm" => workflow::Action::Confirm,
        "mitigate" => workflow::Action::Mitigate,
        "close" => workflow::Action::Close,
        "reopen" => workflow::Action::Reopen,
        "withdraw" => workflow::Action::Withdraw,
        "reject" => workflow::Action::Reject {
            reason: input.reason.clone().unwrap_or_default(),
        },
        _ => return Err(invalid("action", "unknown step")),
    })
}

/// Moves a report one step in its workflow.
pub async fn step(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &StepInput,
) -> Result<ReportView, OpError> {
    require(actor, Action::SubmitSafetyReport)?;
    let who = workflow_actor(state, actor).await?;
    let viewer = who.viewer();
    let mut r = load_visible(state, &viewer, id).await?;
    r.apply(parse_step(input)?, &who, now())
        .map_err(workflow_error)?;
    save(state, actor, &[&r], &[]).await?;
    Ok(view(&r, &viewer, Vec::new()))
}

/// A comment with its own marking (at least as restrictive as the report's).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CommentInput {
    /// Not blank.
    pub body: String,
    #[serde(flatten)]
    pub marking: MarkingInput,
}

impl utoipa::PartialSchema for CommentInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::safety_schema::comment_input()
    }
}

impl utoipa::ToSchema for CommentInput {}

pub async fn comment(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &CommentInput,
) -> Result<ReportView, OpError> {
    require(actor, Action::SubmitSafetyReport)?;
    let who = workflow_actor(state, actor).await?;
    let viewer = who.viewer();
    let mut r = load_visible(state, &viewer, id).await?;
    let marking = parse_marking(state, &input.marking).await?;
    let cid =
        CommentId::parse(&format!("{}-c{}", r.id, r.all_comments().len() + 1)).expect("a valid id");
    r.comment(cid, marking, &input.body, &who, now())
        .map_err(workflow_error)?;
    save(state, actor, &[&r], &[]).await?;
    Ok(view(&r, &viewer, Vec::new()))
}

/// Assigns a report to a user (by user name) who may see it.
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    id: &str,
    username: &str,
) -> Result<ReportView, OpError> {
    require(actor, Action::TriageSafetyReports)?;
    let who = workflow_actor(state, actor).await?;
    let viewer = who.viewer();
    let mut r = load_visible(state, &viewer, id).await?;
    let user = state
        .store
        .user_by_username(username.trim())
        .await
        .map_err(|e| match e {
            StoreError::NotFound => {
                OpError::Invalid(vec![Invalid::new("assignee", "safety-err-recipient")])
            }
            other => other.into(),
        })?;
    let assignee = member_view(state, user.id, &user.grants).await?;
    r.assign(&assignee, &who, now()).map_err(workflow_error)?;
    save(state, actor, &[&r], &[]).await?;
    Ok(view(&r, &viewer, Vec::new()))
}

/// Merges `duplicate` into `target`: the target keeps the duplicate's
/// sources, names and links; the duplicate points at it. One transaction.
pub async fn merge(
    state: &AppState,
    actor: &Actor,
    duplicate: &str,
    target: &str,
) -> Result<ReportView, OpError> {
    require(actor, Action::TriageSafetyReports)?;
    let who = workflow_actor(state, actor).await?;
    let viewer = who.viewer();
    let mut dup = load_visible(state, &viewer, duplicate).await?;
    let mut tgt = load_visible(state, &viewer, target.trim())
        .await
        .map_err(|e| match e {
            OpError::NotFound => {
                OpError::Invalid(vec![Invalid::new("target", "safety-err-no-report")])
            }
            other => other,
        })?;
    workflow::merge_duplicate(&mut dup, &mut tgt, &who, now()).map_err(workflow_error)?;
    save(state, actor, &[&dup, &tgt], &[]).await?;
    Ok(view(&tgt, &viewer, Vec::new()))
}

// ---------------------------------------------------------------- import

/// What an import did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    /// The ids of the new reports, in file order.
    pub imported: Vec<String>,
    /// What was left out of a report, and why (`report N: …`).
    pub warnings: Vec<String>,
    /// Possible duplicates among the reports already there: (new id, existing id, similarity).
    #[schema(value_type = Vec<crate::schema::DuplicateSuggestion>)]
    pub suggested_duplicates: Vec<(String, String, f64)>,
}

/// Import file kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// AVID JSON (schema 0.1–0.3): one report, an array, or one per line.
    Avid,
    /// A CSV of incidents (the columns of `waico_safety::exchange`).
    Csv,
}

fn avid_documents(text: &str) -> Result<Vec<Value>, OpError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(one) => Ok(vec![one]),
        Err(_) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(|_| invalid("file", "not JSON")))
            .collect(),
    }
}

/// Imports AVID or CSV reports marked `marking`, all or nothing: every
/// report is validated before any is stored; each gets its ledger record.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    format: ImportFormat,
    text: &str,
    marking: &MarkingInput,
) -> Result<ImportOutcome, OpError> {
    require(actor, Action::TriageSafetyReports)?;
    let who = workflow_actor(state, actor).await?;
    let marking = parse_marking(state, marking).await?;
    let taxonomies = Taxonomies::builtin();
    let mut warnings = Vec::new();
    let contents = match format {
        ImportFormat::Avid => {
            let mut out = Vec::new();
            for (i, doc) in avid_documents(text)?.iter().enumerate() {
                let imp = waico_safety::avid::import_value(doc)
                    .map_err(|e| OpError::Refused(format!("report {}: {e}", i + 1)))?;
                warnings.extend(
                    imp.warnings
                        .iter()
                        .map(|w| format!("report {}: {w}", i + 1)),
                );
                let mut draft = imp.draft;
                // Links name this node's systems and repositories; an AVID file names none.
                draft.systems.clear();
                draft.repos.clear();
                out.push(
                    draft
                        .validate(taxonomies)
                        .map_err(|e| OpError::Refused(format!("report {}: {e}", i + 1)))?,
                );
            }
            out
        }
        ImportFormat::Csv => waico_safety::exchange::import_csv(text.as_bytes(), taxonomies)
            .map_err(|e| OpError::Refused(e.to_string()))?,
    };
    let existing = all_reports(state).await?;
    let signatures: Vec<_> = existing
        .iter()
        .map(|r| waico_safety::similarity::Signature::of_text(&r.full_text()))
        .collect();
    let origin = Origin {
        author: who.member.member.clone(),
        org: who.member.org.clone(),
    };
    let at = now();
    let mut reports = Vec::with_capacity(contents.len());
    let mut suggested = Vec::new();
    for content in contents {
        let r = Report::submit(
            new_report_id(),
            origin.clone(),
            marking.clone(),
            content,
            None,
            at,
        )
        .map_err(report_error)?;
        for s in waico_safety::similarity::suggest_duplicates(
            &r.full_text(),
            &existing,
            &signatures,
            &who.viewer(),
            0.5,
            3,
        ) {
            suggested.push((r.id.to_string(), s.report.id.to_string(), s.similarity));
        }
        reports.push(r);
    }
    // All or nothing: the reports and their ledger records in one transaction.
    let refs: Vec<&Report> = reports.iter().collect();
    save(state, actor, &refs, &refs).await?;
    Ok(ImportOutcome {
        imported: reports.iter().map(|r| r.id.to_string()).collect(),
        warnings,
        suggested_duplicates: suggested,
    })
}

/// The openings of a report's ledger commitments, for those who may see it:
/// they prove what the node knew when.
pub async fn openings(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<Vec<SafetyOpeningRow>, OpError> {
    let viewer = viewer_of(state, actor).await?;
    load_visible(state, &viewer, id).await?;
    Ok(state.store.safety_openings(id).await?)
}

/// Changes a report's marking (its author, or a triager who sees it). A
/// restricted report made TLP:CLEAR has its hash published in the ledger in
/// the same transaction; a narrower marking hides it from then on (what was
/// published stays published). `None` when the new marking hides the report
/// from the one who changed it.
pub async fn remark(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &MarkingInput,
) -> Result<Option<ReportView>, OpError> {
    require(actor, Action::SubmitSafetyReport)?;
    let who = workflow_actor(state, actor).await?;
    let viewer = who.viewer();
    let mut r = load_visible(state, &viewer, id).await?;
    let marking = parse_marking(state, input).await?;
    let was_clear = r.marking.tlp() == Tlp::Clear;
    r.remark(marking, &who, now()).map_err(workflow_error)?;
    let newly_public = !was_clear && r.marking.tlp() == Tlp::Clear;
    let published: &[&Report] = if newly_public { &[&r] } else { &[] };
    save(state, actor, &[&r], published).await?;
    Ok(r.visible_to(&viewer).then(|| view(&r, &viewer, Vec::new())))
}

/// Which EU report: `initial` (Art. 73(5)) or `complete`.
pub fn parse_stage(value: Option<&str>) -> Result<ReportStage, OpError> {
    match value.map(str::trim).unwrap_or("initial") {
        "" | "initial" => Ok(ReportStage::Initial),
        "complete" => Ok(ReportStage::Complete),
        _ => Err(OpError::Invalid(vec![Invalid::new(
            "stage",
            "err-invalid-choice",
        )])),
    }
}

/// The EU serious-incident report (AI Act Art. 73) of a report one may see:
/// for `system` when given, otherwise for the first linked system whose
/// latest assessment gives rise to an EU Art. 73 duty. The provider is the
/// system profile's; what the registry does not know is left empty for the
/// provider to complete.
pub async fn eu_report(
    state: &AppState,
    actor: &Actor,
    id: &str,
    system: Option<&str>,
    stage: ReportStage,
) -> Result<EuSeriousIncidentReport, OpError> {
    let viewer = viewer_of(state, actor).await?;
    let r = load_visible(state, &viewer, id).await?;
    if r.legal.is_none() {
        return Err(OpError::Declined("safety-err-not-legal"));
    }
    let wanted = system.map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = wanted
        && !r.content.systems.iter().any(|x| x.as_str() == s)
    {
        return Err(OpError::Invalid(vec![Invalid::new(
            "system",
            "safety-err-system-not-linked",
        )]));
    }
    for s in r
        .content
        .systems
        .iter()
        .filter(|s| wanted.is_none_or(|w| s.as_str() == w))
    {
        let Ok(sys) = state.store.ai_system(s.as_str()).await else {
            continue;
        };
        let Ok(profile) = crate::framework::stored_profile(&sys) else {
            continue;
        };
        let assessment = match state.store.latest_assessment(sys.id).await {
            Ok(Some(a)) => crate::framework::stored_result(&a).ok(),
            _ => None,
        };
        let contact = match sys.owner_institution_id {
            Some(i) => state
                .store
                .institution(i)
                .await
                .ok()
                .and_then(|i| i.website)
                .unwrap_or_default(),
            None => String::new(),
        };
        let record = SystemRecord {
            provider_name: profile.provider.clone(),
            provider_contact: contact,
            system_name: sys.name.clone(),
            system_version: None,
            eu_database_id: None,
            annex_iii_point: None,
        };
        let sp = system_profile(&profile, assessment.as_ref());
        if let Ok(report) = eu_serious_incident_report(&r, &sp, &record, stage) {
            return Ok(report);
        }
    }
    Err(OpError::Declined("safety-err-no-eu-duty"))
}
