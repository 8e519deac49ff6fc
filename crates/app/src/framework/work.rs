//! Compliance work on a registered system's obligations: assigning an
//! obligation to a person with a due date, moving it through its steps
//! (see [`waico_framework::work`]), comments, evidence files (into the
//! artifact store under their SHA-256), review, the history, what changed
//! between two assessments, the dashboard and the iCalendar feeds. Shared by
//! the pages, the API and the shell.

use std::collections::BTreeMap;

use bytes::Bytes;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload};
use serde::Serialize;
use sha2::{Digest, Sha256};
use waico_framework::Assessment;
use waico_framework::assess::{Obligation, ObligationStatus};
use waico_framework::work::{self as rules, DueEvent, ItemStatus, Mover};
use waico_framework::worklist::AssessmentDiff;
use waico_members::Invalid;
use waico_members::policy::{Action, Actor};
use waico_store::{
    AiSystem, Assignment, NewWorkEvent, StoreError, WorkEvent, WorkEvidence, WorkItem,
};

use super::{stored_result, today_utc};
use crate::AppState;
use crate::error::{OpError, require};

/// Longest comment kept.
pub const MAX_COMMENT_CHARS: usize = 4000;

fn user_id(actor: &Actor) -> Option<i64> {
    match actor {
        Actor::User { id, .. } => Some(*id),
        Actor::Anonymous => None,
    }
}

fn view_action(sys: &AiSystem, assigned: bool) -> Action {
    Action::ViewObligationWork {
        owner_user: sys.owner_user_id,
        owner_institution: sys.owner_institution_id,
        assigned,
    }
}

fn work_action(sys: &AiSystem, assigned: bool) -> Action {
    Action::WorkOnObligation {
        owner_user: sys.owner_user_id,
        owner_institution: sys.owner_institution_id,
        assigned,
    }
}

fn review_action(sys: &AiSystem, item: &WorkItem) -> Action {
    Action::ReviewObligation {
        owner_user: sys.owner_user_id,
        owner_institution: sys.owner_institution_id,
        submitted_by: item.submitted_by,
    }
}

fn assigned_to(actor: &Actor, item: &WorkItem) -> bool {
    user_id(actor).is_some() && item.assignee_user_id == user_id(actor)
}

/// Whether `actor` may see the work on `sys`, given its items.
fn may_view(actor: &Actor, sys: &AiSystem, items: &[WorkItem]) -> bool {
    let assigned = items.iter().any(|i| assigned_to(actor, i));
    waico_members::may(actor, view_action(sys, assigned))
}

/// Where a file's bytes live: `evidence/<aa>/<sha256>` (apart from the
/// commons blobs, whose collector must never take evidence away).
pub fn evidence_path(sha256: &str) -> ObjectPath {
    ObjectPath::from(format!("evidence/{}/{}", &sha256[..2], sha256))
}

/// One obligation of the latest assessment with the work on it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkRow {
    /// The obligation id (`<pack>:<requirement URN>:<bearer>`).
    pub obligation: String,
    pub jurisdiction: String,
    pub citation: String,
    pub requirement_title: String,
    /// Who bears it (provider, deployer, …).
    pub bearer: String,
    /// What the latest assessment found (met, missing, unknown, not_yet_applicable, prohibited).
    pub assessed: String,
    /// Link to the provision in the official text.
    pub link: Option<String>,
    /// The work item, when the obligation was assigned.
    pub item: Option<ItemView>,
    /// The item's due date, else the one the assessment computed (YYYY-MM-DD).
    pub due: Option<String>,
    /// Still open and past its due date.
    pub overdue: bool,
    /// Still open and due within 30 days.
    pub due_soon: bool,
}

/// A work item as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemView {
    pub id: i64,
    /// open, in_progress, submitted, accepted or returned.
    pub status: String,
    /// The assignee's user name.
    pub assignee: Option<String>,
    pub due_date: Option<String>,
    pub evidence: Vec<EvidenceView>,
    /// Milliseconds since the Unix epoch.
    pub updated_at: i64,
}

/// An evidence file.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvidenceView {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: Option<String>,
    pub uploaded_at: i64,
}

/// A system's work: its obligations and items.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkBoard {
    /// The system (profile) id.
    pub system: String,
    pub name: String,
    /// The assessment the obligations come from (none before the first).
    pub assessment: Option<i64>,
    pub rows: Vec<WorkRow>,
    /// Whether the caller may assign obligations.
    pub may_assign: bool,
}

async fn username(
    state: &AppState,
    cache: &mut BTreeMap<i64, String>,
    id: Option<i64>,
) -> Option<String> {
    let id = id?;
    if let Some(name) = cache.get(&id) {
        return Some(name.clone());
    }
    let name = state.store.user(id).await.ok()?.username;
    cache.insert(id, name.clone());
    Some(name)
}

async fn system_and_items(
    state: &AppState,
    slug: &str,
) -> Result<(AiSystem, Vec<WorkItem>), OpError> {
    let sys = state.store.ai_system(slug).await?;
    let items = state.store.work_items(sys.id).await?;
    Ok((sys, items))
}

async fn latest(state: &AppState, sys: &AiSystem) -> Result<Option<(i64, Assessment)>, OpError> {
    match state.store.latest_assessment(sys.id).await? {
        Some(a) => Ok(Some((a.id, stored_result(&a)?))),
        None => Ok(None),
    }
}

fn slug_of<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn overdue_and_soon(
    status: Option<ItemStatus>,
    assessed: ObligationStatus,
    due: Option<&str>,
    today: &str,
) -> (bool, bool) {
    let open = match status {
        Some(s) => s.is_open(),
        None => !matches!(
            assessed,
            ObligationStatus::Met | ObligationStatus::NotYetApplicable
        ),
    };
    let days = due.and_then(|d| waico_framework::calendar::days_between(today, d));
    (
        open && days.is_some_and(|n| n < 0),
        open && days.is_some_and(|n| (0..=30).contains(&n)),
    )
}

/// A system's work board: every obligation of its latest assessment with
/// the item on it (and items whose obligation a newer assessment no longer
/// finds, last). Those who may change the system see it, and those an item
/// is assigned to.
pub async fn board(state: &AppState, actor: &Actor, slug: &str) -> Result<WorkBoard, OpError> {
    let (sys, items) = system_and_items(state, slug).await?;
    if !may_view(actor, &sys, &items) {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        });
    }
    let evidence = state.store.work_evidence(sys.id).await?;
    let today = today_utc();
    let mut names = BTreeMap::new();
    let mut by_obligation: BTreeMap<String, ItemView> = BTreeMap::new();
    for item in &items {
        let mut files = Vec::new();
        for e in evidence.iter().filter(|e| e.item_id == item.id) {
            files.push(EvidenceView {
                sha256: e.sha256.clone(),
                file_name: e.file_name.clone(),
                content_type: e.content_type.clone(),
                size: e.size,
                uploaded_by: username(state, &mut names, e.uploaded_by).await,
                uploaded_at: e.uploaded_at,
            });
        }
        by_obligation.insert(
            item.obligation.clone(),
            ItemView {
                id: item.id,
                status: item.status.clone(),
                assignee: username(state, &mut names, item.assignee_user_id).await,
                due_date: item.due_date.clone(),
                evidence: files,
                updated_at: item.updated_at,
            },
        );
    }
    let latest = latest(state, &sys).await?;
    let mut rows = Vec::new();
    if let Some((_, a)) = &latest {
        for ob in a.obligations() {
            let item = by_obligation.remove(ob.id.as_str());
            rows.push(row(ob, item, &today));
        }
    }
    for (obligation, item) in by_obligation {
        let src = items.iter().find(|i| i.id == item.id);
        let due = item.due_date.clone();
        let (overdue, due_soon) = overdue_and_soon(
            ItemStatus::parse(&item.status),
            ObligationStatus::Unknown,
            due.as_deref(),
            &today,
        );
        rows.push(WorkRow {
            obligation,
            jurisdiction: src.map(|i| i.jurisdiction.clone()).unwrap_or_default(),
            citation: String::new(),
            requirement_title: String::new(),
            bearer: String::new(),
            assessed: "not_found".into(),
            link: None,
            item: Some(item),
            due,
            overdue,
            due_soon,
        });
    }
    Ok(WorkBoard {
        system: sys.slug.clone(),
        name: sys.name.clone(),
        assessment: latest.map(|(id, _)| id),
        rows,
        may_assign: waico_members::may(actor, work_action(&sys, false)),
    })
}

fn row(ob: &Obligation, item: Option<ItemView>, today: &str) -> WorkRow {
    let due = item
        .as_ref()
        .and_then(|i| i.due_date.clone())
        .or_else(|| ob.due.as_ref().map(|d| d.to_string()));
    let (overdue, due_soon) = overdue_and_soon(
        item.as_ref().and_then(|i| ItemStatus::parse(&i.status)),
        ob.status,
        due.as_deref(),
        today,
    );
    WorkRow {
        obligation: ob.id.to_string(),
        jurisdiction: ob.jurisdiction.to_string(),
        citation: ob.citation.to_string(),
        requirement_title: ob.requirement_title.to_string(),
        bearer: slug_of(&ob.bearer),
        assessed: slug_of(&ob.status),
        link: ob.link.as_ref().map(|l| l.to_string()),
        item,
        due,
        overdue,
        due_soon,
    }
}

/// An assignment as entered.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = WorkAssignInput)]
pub struct AssignInput {
    /// The obligation id from the system's latest assessment (404 when it
    /// has none of that id).
    #[schema(pattern = "\\S")]
    pub obligation: String,
    /// The user name of the person who does the work; empty for nobody yet.
    #[serde(default)]
    pub assignee: String,
    /// YYYY-MM-DD; empty for the date the assessment computed.
    #[serde(default)]
    #[schema(schema_with = crate::schema::date_or_empty)]
    pub due_date: String,
}

/// Assigns an obligation of the system's latest assessment (creating its
/// work item, or changing its assignee and due date). Those who may change
/// the system do.
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    input: &AssignInput,
) -> Result<WorkItem, OpError> {
    let sys = state.store.ai_system(slug).await?;
    require(actor, work_action(&sys, false))?;
    let mut errors = Vec::new();
    let obligation = match latest(state, &sys).await? {
        Some((_, a)) => a
            .obligations()
            .find(|o| o.id.as_str() == input.obligation.trim())
            .cloned(),
        None => None,
    };
    if obligation.is_none() {
        errors.push(Invalid::new("obligation", "work-err-obligation"));
    }
    let assignee = match input.assignee.trim() {
        "" => None,
        name => match state.store.user_by_username(name).await {
            Ok(u) if u.deactivated_at.is_none() => Some(u),
            Ok(_) | Err(StoreError::NotFound) => {
                errors.push(Invalid::new("assignee", "work-err-assignee"));
                None
            }
            Err(e) => return Err(e.into()),
        },
    };
    let due = match input.due_date.trim() {
        "" => obligation
            .as_ref()
            .and_then(|o| o.due.as_ref().map(|d| d.to_string())),
        d if waico_framework::calendar::parse_date(d).is_some() => Some(d.to_owned()),
        _ => {
            errors.push(Invalid::new("due_date", "work-err-date"));
            None
        }
    };
    if !errors.is_empty() {
        return Err(OpError::Invalid(errors));
    }
    let ob = obligation.expect("checked above");
    let detail = format!(
        "{}{}",
        assignee
            .as_ref()
            .map_or(String::from("-"), |u| u.username.clone()),
        due.as_ref().map_or(String::new(), |d| format!(" {d}"))
    );
    Ok(state
        .store
        .assign_work(&Assignment {
            system_id: sys.id,
            obligation: ob.id.to_string(),
            jurisdiction: ob.jurisdiction.to_string(),
            assignee_user_id: assignee.map(|u| u.id),
            due_date: due,
            by: user_id(actor),
            detail,
        })
        .await?)
}

async fn item_of(state: &AppState, sys: &AiSystem, item: i64) -> Result<WorkItem, OpError> {
    let found = state.store.work_item(item).await?;
    if found.system_id != sys.id {
        return Err(OpError::NotFound);
    }
    Ok(found)
}

fn comment_text(comment: &str) -> Result<String, OpError> {
    let c = comment.trim();
    if c.chars().count() > MAX_COMMENT_CHARS {
        return Err(Invalid::new("comment", "work-err-comment-long").into());
    }
    Ok(c.to_owned())
}

/// Moves a work item to `to` (a status slug), with an optional comment (a
/// return needs one): its assignee or those who may change the system move
/// the work on; a reviewer (who may change the system, and did not submit
/// it) accepts or returns it.
pub async fn move_item(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    item: i64,
    to: &str,
    comment: &str,
) -> Result<WorkItem, OpError> {
    let sys = state.store.ai_system(slug).await?;
    let found = item_of(state, &sys, item).await?;
    let to = ItemStatus::parse(to.trim())
        .ok_or_else(|| OpError::from(Invalid::new("status", "err-invalid-choice")))?;
    let from = ItemStatus::parse(&found.status).ok_or_else(|| {
        OpError::Internal(format!("work item {} status {}", found.id, found.status))
    })?;
    let comment = comment_text(comment)?;
    let files = state
        .store
        .work_evidence(sys.id)
        .await?
        .iter()
        .filter(|e| e.item_id == found.id)
        .count();
    // Rights first: a stranger learns nothing of the item's state.
    let mover = rules::step_by(from, to);
    match mover {
        Some(Mover::Reviewer) => require(actor, review_action(&sys, &found))?,
        _ => require(actor, work_action(&sys, assigned_to(actor, &found)))?,
    }
    rules::check_step(from, to, files, &comment)
        .map_err(|e| OpError::from(Invalid::new("status", e.message_id())))?;
    state
        .store
        .move_work(
            found.id,
            from.slug(),
            to.slug(),
            &NewWorkEvent {
                actor_user_id: user_id(actor),
                kind: "status",
                detail: comment,
            },
        )
        .await
        .map_err(OpError::from)
}

/// Adds a comment to a work item (those who may work on it).
pub async fn comment(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    item: i64,
    text: &str,
) -> Result<(), OpError> {
    let sys = state.store.ai_system(slug).await?;
    let found = item_of(state, &sys, item).await?;
    require(actor, work_action(&sys, assigned_to(actor, &found)))?;
    let text = comment_text(text)?;
    if text.is_empty() {
        return Err(Invalid::new("comment", "err-required").into());
    }
    Ok(state
        .store
        .comment_work(
            &found,
            &NewWorkEvent {
                actor_user_id: user_id(actor),
                kind: "comment",
                detail: text,
            },
        )
        .await?)
}

/// A file name for storing: its last path part, without control
/// characters, at most 200 characters; `evidence` when nothing is left.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        "evidence".into()
    } else {
        clean.to_owned()
    }
}

/// Attaches an evidence file to a work item: checked (size, type, bytes of
/// that type), stored in the artifact store under its SHA-256, recorded.
/// Not on accepted items (reopen first).
pub async fn add_evidence(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    item: i64,
    file_name: &str,
    content_type: &str,
    bytes: Bytes,
) -> Result<WorkEvidence, OpError> {
    let sys = state.store.ai_system(slug).await?;
    let found = item_of(state, &sys, item).await?;
    require(actor, work_action(&sys, assigned_to(actor, &found)))?;
    if found.status == ItemStatus::Accepted.slug() {
        return Err(Invalid::new("status", "work-err-step").into());
    }
    let ty = rules::check_evidence(content_type, &bytes, state.settings.evidence_max_bytes)
        .map_err(|e| OpError::from(Invalid::new("file", e.message_id())))?;
    let sha = hex::encode(Sha256::digest(&bytes));
    let path = evidence_path(&sha);
    if state.artifacts.head(&path).await.is_err() {
        state
            .artifacts
            .put(&path, PutPayload::from(bytes.clone()))
            .await
            .map_err(|e| OpError::Internal(format!("artifact store: {e}")))?;
    }
    let file = WorkEvidence {
        id: 0,
        item_id: found.id,
        sha256: sha.clone(),
        file_name: clean_file_name(file_name),
        content_type: ty,
        size: bytes.len() as i64,
        uploaded_by: user_id(actor),
        uploaded_at: 0,
    };
    state
        .store
        .add_work_evidence(
            &found,
            &file,
            &NewWorkEvent {
                actor_user_id: user_id(actor),
                kind: "evidence",
                detail: format!("{sha} {}", file.file_name),
            },
        )
        .await?;
    Ok(file)
}

/// An evidence file of the system and its bytes (read back and checked
/// against its hash), for those who may see the work.
pub async fn evidence_file(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    sha256: &str,
) -> Result<(WorkEvidence, Bytes), OpError> {
    let (sys, items) = system_and_items(state, slug).await?;
    if !may_view(actor, &sys, &items) {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        });
    }
    let sha = sha256.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(OpError::NotFound);
    }
    let file = state
        .store
        .work_evidence(sys.id)
        .await?
        .into_iter()
        .find(|e| e.sha256 == sha)
        .ok_or(OpError::NotFound)?;
    let bytes = state
        .artifacts
        .get(&evidence_path(&sha))
        .await
        .map_err(|e| OpError::Internal(format!("artifact store: {e}")))?
        .bytes()
        .await
        .map_err(|e| OpError::Internal(format!("artifact store: {e}")))?;
    if hex::encode(Sha256::digest(&bytes)) != sha {
        return Err(OpError::Internal(format!(
            "evidence {sha} does not match its hash"
        )));
    }
    Ok((file, bytes))
}

/// One event of a system's work history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    pub item: i64,
    pub obligation: String,
    /// assigned, status, comment or evidence.
    pub kind: String,
    /// The item's status after it.
    pub status: String,
    /// The comment, the file's hash and name, or the assignee and due date.
    pub detail: String,
    /// User name of who did it.
    pub by: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
}

/// The history of a system's work, newest first.
pub async fn history(
    state: &AppState,
    actor: &Actor,
    slug: &str,
) -> Result<Vec<HistoryEntry>, OpError> {
    let (sys, items) = system_and_items(state, slug).await?;
    if !may_view(actor, &sys, &items) {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        });
    }
    let events: Vec<WorkEvent> = state.store.work_history(sys.id).await?;
    let mut names = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        out.push(HistoryEntry {
            item: e.item_id,
            obligation: items
                .iter()
                .find(|i| i.id == e.item_id)
                .map(|i| i.obligation.clone())
                .unwrap_or_default(),
            kind: e.kind,
            status: e.status,
            detail: e.detail,
            by: username(state, &mut names, e.actor_user_id).await,
            at: e.created_at,
        });
    }
    Ok(out)
}

/// What changed between two assessments of a system.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DiffView {
    pub system: String,
    /// The older assessment.
    pub from: i64,
    /// The newer one.
    pub to: i64,
    #[schema(value_type = Object)]
    pub diff: AssessmentDiff,
}

/// What changed between assessments `from` and `to` of the system (by
/// default the two latest). Assessments are public, and so is this.
/// `NotFound` when the system has fewer than two, or a number is not one
/// of its assessments.
pub async fn diff(
    state: &AppState,
    slug: &str,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<DiffView, OpError> {
    let sys = state.store.ai_system(slug).await?;
    let ids = state.store.assessment_ids(sys.id).await?;
    let (to, from) = match (from, to) {
        (Some(f), Some(t)) => (t, f),
        (None, None) if ids.len() >= 2 => (ids[0].0, ids[1].0),
        (Some(f), None) if !ids.is_empty() => (ids[0].0, f),
        (None, Some(t)) => (
            t,
            ids.iter()
                .map(|(i, _)| *i)
                .find(|i| *i < t)
                .ok_or(OpError::NotFound)?,
        ),
        _ => return Err(OpError::NotFound),
    };
    let mine = |id: i64| ids.iter().any(|(i, _)| *i == id);
    if !mine(from) || !mine(to) {
        return Err(OpError::NotFound);
    }
    let (older, newer) = (
        state.store.assessment(from).await?,
        state.store.assessment(to).await?,
    );
    Ok(DiffView {
        system: sys.slug,
        from,
        to,
        diff: waico_framework::worklist::diff(&stored_result(&older)?, &stored_result(&newer)?),
    })
}

/// Counts of open work.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub open: usize,
    pub overdue: usize,
    /// Open and due within 30 days.
    pub due_30_days: usize,
}

/// Open work of one institution, or of one state.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardGroup {
    /// Institution id (for groups by institution).
    pub institution: Option<i64>,
    /// The institution's name, or the state's alpha-3 code.
    pub name: String,
    /// Alpha-3 code of the state.
    pub country: Option<String>,
    #[serde(flatten)]
    pub counts: Counts,
}

/// An open item of the caller's.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardItem {
    pub system: String,
    pub system_name: String,
    pub item: i64,
    pub obligation: String,
    pub jurisdiction: String,
    pub status: String,
    pub due_date: Option<String>,
    pub overdue: bool,
}

/// The open work the caller may see: per institution, per state, and the
/// items assigned to them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// YYYY-MM-DD the counts are for.
    pub today: String,
    pub total: Counts,
    pub by_institution: Vec<DashboardGroup>,
    pub by_state: Vec<DashboardGroup>,
    /// Systems of no institution.
    pub unaffiliated: Counts,
    pub mine: Vec<DashboardItem>,
}

fn count(c: &mut Counts, overdue: bool, soon: bool) {
    c.open += 1;
    c.overdue += usize::from(overdue);
    c.due_30_days += usize::from(soon);
}

/// Open items visible to `actor`, with their system (for the dashboard and feeds).
async fn visible_open_items(
    state: &AppState,
    actor: &Actor,
    only: Option<&AiSystem>,
) -> Result<Vec<(AiSystem, WorkItem)>, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    let items = match only {
        Some(sys) => state.store.work_items(sys.id).await?,
        None => state.store.all_work_items().await?,
    };
    let mut systems: BTreeMap<i64, AiSystem> = BTreeMap::new();
    let mut by_system: BTreeMap<i64, Vec<WorkItem>> = BTreeMap::new();
    for i in items {
        by_system.entry(i.system_id).or_default().push(i);
    }
    let mut out = Vec::new();
    for (sid, list) in by_system {
        let sys = match systems.get(&sid) {
            Some(s) => s.clone(),
            None => {
                let s = state.store.ai_system_by_id(sid).await?;
                systems.insert(sid, s.clone());
                s
            }
        };
        let sees_all = waico_members::may(actor, view_action(&sys, false));
        for i in list {
            let open = ItemStatus::parse(&i.status).is_some_and(ItemStatus::is_open);
            if open && (sees_all || assigned_to(actor, &i)) {
                out.push((sys.clone(), i));
            }
        }
    }
    Ok(out)
}

/// The dashboard of open work for `actor` on `today` (YYYY-MM-DD).
pub async fn dashboard(state: &AppState, actor: &Actor, today: &str) -> Result<Dashboard, OpError> {
    let open = visible_open_items(state, actor, None).await?;
    let mut total = Counts::default();
    let mut unaffiliated = Counts::default();
    let mut inst: BTreeMap<i64, DashboardGroup> = BTreeMap::new();
    let mut states: BTreeMap<String, DashboardGroup> = BTreeMap::new();
    let mut mine = Vec::new();
    for (sys, item) in &open {
        let days = item
            .due_date
            .as_deref()
            .and_then(|d| waico_framework::calendar::days_between(today, d));
        let overdue = days.is_some_and(|n| n < 0);
        let soon = days.is_some_and(|n| (0..=30).contains(&n));
        count(&mut total, overdue, soon);
        match sys.owner_institution_id {
            None => count(&mut unaffiliated, overdue, soon),
            Some(id) => {
                let g = match inst.entry(id) {
                    std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        let i = state.store.institution(id).await?;
                        e.insert(DashboardGroup {
                            institution: Some(id),
                            name: i.name.clone(),
                            country: Some(i.country.to_string()),
                            counts: Counts::default(),
                        })
                    }
                };
                count(&mut g.counts, overdue, soon);
                let country = g.country.clone().unwrap_or_default();
                let s = states
                    .entry(country.clone())
                    .or_insert_with(|| DashboardGroup {
                        institution: None,
                        name: country.clone(),
                        country: Some(country),
                        counts: Counts::default(),
                    });
                count(&mut s.counts, overdue, soon);
            }
        }
        if assigned_to(actor, item) {
            mine.push(DashboardItem {
                system: sys.slug.clone(),
                system_name: sys.name.clone(),
                item: item.id,
                obligation: item.obligation.clone(),
                jurisdiction: item.jurisdiction.clone(),
                status: item.status.clone(),
                due_date: item.due_date.clone(),
                overdue,
            });
        }
    }
    mine.sort_by(|a, b| {
        (a.due_date.is_none(), &a.due_date, a.item).cmp(&(
            b.due_date.is_none(),
            &b.due_date,
            b.item,
        ))
    });
    Ok(Dashboard {
        today: today.to_owned(),
        total,
        by_institution: inst.into_values().collect(),
        by_state: states.into_values().collect(),
        unaffiliated,
        mine,
    })
}

/// The iCalendar feed of the due dates of the open items `actor` may see
/// (of one system with `slug`).
pub async fn due_feed(
    state: &AppState,
    actor: &Actor,
    slug: Option<&str>,
) -> Result<String, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    let only = match slug {
        Some(s) => {
            let (sys, items) = system_and_items(state, s).await?;
            if !may_view(actor, &sys, &items) {
                return Err(OpError::Forbidden);
            }
            Some(sys)
        }
        None => None,
    };
    let open = visible_open_items(state, actor, only.as_ref()).await?;
    let base = state.settings.public_url.trim_end_matches('/');
    let host = base.split_once("://").map_or(base, |(_, h)| h);
    let events: Vec<DueEvent> = open
        .iter()
        .filter_map(|(sys, i)| {
            Some(DueEvent {
                uid: format!("work-{}@{host}", i.id),
                date: i.due_date.clone()?,
                summary: format!("{} — {}", sys.name, i.obligation),
                description: format!("{} · {}", i.jurisdiction, i.status),
                url: Some(format!("{base}/systems/{}/work", sys.slug)),
            })
        })
        .collect();
    let now = time::OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let name = match &only {
        Some(sys) => format!("WAICO — {}", sys.name),
        None => "WAICO — compliance work".to_owned(),
    };
    Ok(rules::ics(&name, &events, &stamp))
}
