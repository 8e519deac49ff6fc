//! The capacity exchange on a node: export-control rule sets, compute offers,
//! calls and requests with their review (conflicts of interest refused),
//! allocation rounds solved by the domain allocator and published with the
//! ledger record in one transaction, usage (unused hours return to the next
//! round's pool), and fellowship matches. Shared by the pages, the API and
//! the shell; the deciding is `waico-capacity`'s, the rights the policy's.

pub mod licences;
pub mod notices;

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use waico_capacity::allocation::{Binding, Explanation, ReviewedRequest, RoundResult};
use waico_capacity::matching::{Applicant, MatchInput, MatchResult, Program, run_match};
use waico_capacity::offer::{Offer, OfferInput};
use waico_capacity::primitives::{CountryCode as Cc, Day, Window};
use waico_capacity::request::{Request, RequestInput};
use waico_capacity::review::{Call, Decision, Reviewer};
use waico_capacity::usage::{Delivery, UsageReport, deliveries, parse_usage_csv, returned_to_pool};
use waico_capacity::{AllocationPolicy, ExportRules, Round, SolverSettings, ledger_payload};
use waico_ledger::RecordKind;
use waico_members::policy::{Action, Actor};
use waico_store::capacity::{
    AllocationRow, ApplicationRow, CallRow, ExplanationRow, MatchRow, OfferRow, ProgramRow,
    PublishedRound, RequestRow, RoundRow, RuleSetRow, UsageRow,
};
use waico_store::{StoreError, User};

use crate::AppState;

use crate::error::{FieldError, OpError, require};
pub use waico_capacity::AllocationPolicy as Policy;
pub use waico_capacity::usage::UsageReport as Usage;

/// Why a capacity operation failed: a field of the input at fault (with the
/// domain's reason in English), or an operation error.
#[derive(Debug)]
pub enum CapError {
    Field(FieldError),
    Op(OpError),
}

impl From<OpError> for CapError {
    fn from(e: OpError) -> Self {
        CapError::Op(e)
    }
}

impl From<StoreError> for CapError {
    fn from(e: StoreError) -> Self {
        CapError::Op(e.into())
    }
}

impl From<waico_capacity::FieldError> for CapError {
    fn from(e: waico_capacity::FieldError) -> Self {
        field(&e.field, "capacity-err-invalid", e.reason)
    }
}

impl std::fmt::Display for CapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CapError::Field(e) => write!(f, "{}: {}", e.field, e.message),
            CapError::Op(e) => write!(f, "{e}"),
        }
    }
}

pub(crate) fn field(name: &str, code: &str, message: impl Into<String>) -> CapError {
    CapError::Field(FieldError {
        field: name.to_owned(),
        code: code.to_owned(),
        message: message.into(),
    })
}

fn internal(e: impl std::fmt::Display) -> CapError {
    CapError::Op(OpError::Internal(e.to_string()))
}

pub type CapResult<T> = Result<T, CapError>;

pub(crate) fn user_id(actor: &Actor) -> Option<i64> {
    match actor {
        Actor::User { id, .. } => Some(*id),
        Actor::Anonymous => None,
    }
}

/// Lower-case letters, digits, `-`, `_`, `.`, `+`; 1 to 80 characters: the
/// address of an offer, a request, a call, a round, a match or a program.
pub fn valid_slug(s: &str) -> bool {
    (1..=80).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.+".contains(&b))
}

pub(crate) fn slug(name: &str, s: &str) -> CapResult<String> {
    if valid_slug(s) {
        Ok(s.to_owned())
    } else {
        Err(field(
            name,
            "capacity-err-invalid",
            "1 to 80 lower-case letters, digits, `-`, `_`, `.` or `+`",
        ))
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> CapResult<T> {
    serde_json::from_str(body).map_err(internal)
}

fn encode<T: Serialize>(value: &T) -> CapResult<String> {
    serde_json::to_string(value).map_err(internal)
}

/// The ledger entry of a capacity decision on `subject` (kind, id).
pub(crate) fn entry(
    actor: &Actor,
    name: &str,
    subject: (&str, &str),
    content: &[u8],
    payload: serde_json::Value,
) -> CapResult<waico_store::NewEntry> {
    Ok(crate::ledger::decision_entry(
        RecordKind::Generic { name: name.into() },
        &crate::ledger::actor_code(actor),
        subject,
        content,
        payload,
    )?)
}

// ---- export-control rules ----

/// The rules in force: the active stored version, or the shipped one.
pub async fn rules(state: &AppState) -> CapResult<ExportRules> {
    match state.store.active_capacity_rules().await? {
        Some(row) => ExportRules::parse_yaml(&row.source).map_err(internal),
        None => Ok(ExportRules::shipped()),
    }
}

/// Stores a new version of the export-control rules (YAML) as the one in
/// force, with its ledger record.
pub async fn load_rules(state: &AppState, actor: &Actor, yaml: &str) -> CapResult<RuleSetRow> {
    require(actor, Action::ManageCapacity)?;
    let parsed = ExportRules::parse_yaml(yaml)?;
    let record = entry(
        actor,
        "capacity_rules_adopted",
        ("capacity_rules", &parsed.version),
        yaml.as_bytes(),
        serde_json::json!({ "version": parsed.version, "jurisdictions": parsed.jurisdictions.len() }),
    )?;
    let row = state
        .store
        .add_capacity_rules(&parsed.version, yaml, user_id(actor), record)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { .. } => field(
                "version",
                "err-taken",
                format!("version `{}` is already loaded", parsed.version),
            ),
            other => other.into(),
        })?;
    state.ledger.start_checkpoints();
    Ok(row)
}

pub async fn list_rules(state: &AppState) -> CapResult<Vec<RuleSetRow>> {
    Ok(state.store.list_capacity_rules().await?)
}

// ---- offers ----

/// An offer with where it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfferView {
    #[schema(value_type = Object)]
    pub offer: Offer,
    /// `pool` (waiting for the next round) or the round that took it.
    pub round: Option<String>,
    /// The offer whose unused hours this one carries over.
    pub carried_from: Option<String>,
    pub provider_user_id: Option<i64>,
    /// The export class of its accelerator under the rules in force.
    pub accelerator_class: String,
}

async fn offer_view(
    state: &AppState,
    row: &OfferRow,
    rules: &ExportRules,
    rounds: &BTreeMap<i64, String>,
) -> CapResult<OfferView> {
    let _ = state;
    let offer: Offer = decode(&row.body)?;
    Ok(OfferView {
        accelerator_class: rules.class_of(offer.accelerator()).to_owned(),
        offer,
        round: row.round_id.and_then(|id| rounds.get(&id).cloned()),
        carried_from: row.parent.clone(),
        provider_user_id: row.provider_user_id,
    })
}

async fn round_slugs(state: &AppState) -> CapResult<BTreeMap<i64, String>> {
    Ok(state
        .store
        .list_capacity_rounds()
        .await?
        .into_iter()
        .map(|r| (r.id, r.slug))
        .collect())
}

/// Records an offer (JSON as `waico-capacity`'s `OfferInput`).
pub async fn create_offer(
    state: &AppState,
    actor: &Actor,
    input: serde_json::Value,
) -> CapResult<OfferView> {
    require(actor, Action::OfferCapacity)?;
    let input: OfferInput = serde_json::from_value(input)
        .map_err(|e| field("offer", "capacity-err-invalid", e.to_string()))?;
    let offer = Offer::parse(input)?;
    slug("id", offer.id())?;
    let row = state
        .store
        .add_capacity_offer(offer.id(), user_id(actor), &encode(&offer)?)
        .await?;
    offer_view(state, &row, &rules(state).await?, &BTreeMap::new()).await
}

/// Changes an offer still in the pool (its provider or the secretariat).
/// The id stays: an `id` in the input other than the offer's is refused.
pub async fn update_offer(
    state: &AppState,
    actor: &Actor,
    id: &str,
    mut input: serde_json::Value,
) -> CapResult<OfferView> {
    let row = state.store.capacity_offer(id).await?;
    require(
        actor,
        Action::EditCapacityOffer {
            provider: row.provider_user_id,
        },
    )?;
    if row.round_id.is_some() {
        return Err(field(
            "offer",
            "capacity-err-closed",
            "a round took this offer; it can no longer change",
        ));
    }
    let Some(object) = input.as_object_mut() else {
        return Err(field(
            "offer",
            "capacity-err-invalid",
            "a JSON object is expected",
        ));
    };
    match object.get("id") {
        None => {
            object.insert("id".into(), id.into());
        }
        Some(v) if v.as_str() == Some(id) => {}
        Some(_) => {
            return Err(field(
                "id",
                "capacity-err-invalid",
                "an offer's id does not change",
            ));
        }
    }
    let input: OfferInput = serde_json::from_value(input)
        .map_err(|e| field("offer", "capacity-err-invalid", e.to_string()))?;
    let offer = Offer::parse(input)?;
    let row = state
        .store
        .update_capacity_offer(id, &encode(&offer)?)
        .await?;
    offer_view(
        state,
        &row,
        &rules(state).await?,
        &round_slugs(state).await?,
    )
    .await
}

pub async fn list_offers(state: &AppState) -> CapResult<Vec<OfferView>> {
    let rules = rules(state).await?;
    let rounds = round_slugs(state).await?;
    let mut out = Vec::new();
    for row in state.store.list_capacity_offers().await? {
        out.push(offer_view(state, &row, &rules, &rounds).await?);
    }
    Ok(out)
}

pub async fn get_offer(state: &AppState, id: &str) -> CapResult<OfferView> {
    let row = state.store.capacity_offer(id).await?;
    offer_view(
        state,
        &row,
        &rules(state).await?,
        &round_slugs(state).await?,
    )
    .await
}

// ---- calls, requests, review ----

/// Opens a call for requests; requests under `threshold` (mean merit, 1–5)
/// are declined in review.
pub async fn open_call(
    state: &AppState,
    actor: &Actor,
    id: &str,
    title: &str,
    threshold: f64,
) -> CapResult<CallRow> {
    require(actor, Action::ManageCapacity)?;
    let id = slug("id", id)?;
    let call = Call::open(&id, title, threshold)?;
    Ok(state
        .store
        .add_capacity_call(&id, call.title(), call.threshold())
        .await?)
}

pub async fn list_calls(state: &AppState) -> CapResult<Vec<CallRow>> {
    Ok(state.store.list_capacity_calls().await?)
}

/// The registry's answer for an alpha-2 code: the country is Global South.
fn global_south(state: &AppState, code: &Cc) -> bool {
    waico_members::CountryCode::parse(code.as_str())
        .map(|c| {
            state.settings.global_south.classify(c.country())
                == waico_members::country::GlobalSouth::Yes
        })
        .unwrap_or(false)
}

/// Submits a request to an open call. The input is `waico-capacity`'s
/// `RequestInput` without `global_south`, which the registry decides.
pub async fn submit_request(
    state: &AppState,
    actor: &Actor,
    call: &str,
    mut input: serde_json::Value,
) -> CapResult<RequestRow> {
    require(actor, Action::RequestCapacity)?;
    let call = state.store.capacity_call(call).await.map_err(|e| match e {
        StoreError::NotFound => field("call", "capacity-err-not-found", "no such call"),
        other => other.into(),
    })?;
    if call.status != "open" {
        return Err(field("call", "capacity-err-closed", "the call is closed"));
    }
    let Some(object) = input.as_object_mut() else {
        return Err(field(
            "request",
            "capacity-err-invalid",
            "a JSON object is expected",
        ));
    };
    if object.contains_key("global_south") {
        return Err(field(
            "global_south",
            "capacity-err-invalid",
            "derived from the member registry; do not send it",
        ));
    }
    let country = object
        .get("country")
        .and_then(|c| c.as_str())
        .map(|c| Cc::parse("country", c))
        .transpose()?
        .ok_or_else(|| field("country", "err-required", "required"))?;
    if waico_members::CountryCode::parse(country.as_str()).is_err() {
        return Err(field(
            "country",
            "err-unknown-country",
            "not a known country",
        ));
    }
    object.insert("global_south".into(), global_south(state, &country).into());
    let input: RequestInput = serde_json::from_value(input)
        .map_err(|e| field("request", "capacity-err-invalid", e.to_string()))?;
    let request = Request::parse(input)?;
    slug("id", request.id())?;
    Ok(state
        .store
        .add_capacity_request(request.id(), call.id, user_id(actor), &encode(&request)?)
        .await?)
}

/// A call rebuilt from the store in the domain's terms: its requests, the
/// assignments and the scores, replayed in order.
struct LoadedCall {
    row: CallRow,
    call: Call,
    requests: Vec<(RequestRow, Request)>,
    /// Reviewer user id → username.
    reviewers: BTreeMap<i64, String>,
}

async fn reviewer_of(state: &AppState, user: &User) -> CapResult<Reviewer> {
    let institution = match user.institution_id {
        Some(id) => Some(state.store.institution(id).await?),
        None => None,
    };
    let country = user
        .country
        .or(institution.as_ref().map(|i| i.country))
        .ok_or_else(|| {
            field(
                "reviewer",
                "capacity-err-invalid",
                "the reviewer has no country on record",
            )
        })?;
    Ok(Reviewer {
        id: user.username.clone(),
        country: Cc::parse("reviewer.country", &country.country().alpha2)?,
        institution: institution.map(|i| i.name).unwrap_or_default(),
    })
}

async fn load_call(state: &AppState, row: CallRow) -> CapResult<LoadedCall> {
    let mut call = Call::open(&row.slug, &row.title, row.threshold).map_err(internal)?;
    let mut requests = Vec::new();
    let mut by_id = BTreeMap::new();
    for r in state.store.call_capacity_requests(row.id).await? {
        let request: Request = decode(&r.body)?;
        call.submit(request.clone()).map_err(internal)?;
        by_id.insert(r.id, r.slug.clone());
        requests.push((r, request));
    }
    let mut reviewers = BTreeMap::new();
    let mut known: BTreeMap<i64, (User, Reviewer)> = BTreeMap::new();
    for a in state.store.call_capacity_assignments(row.id).await? {
        let (user, reviewer) = match known.get(&a.reviewer_id) {
            Some(seen) => seen.clone(),
            None => {
                let user = state.store.user(a.reviewer_id).await?;
                // A reviewer whose country is no longer on record no longer counts.
                let Ok(reviewer) = reviewer_of(state, &user).await else {
                    continue;
                };
                known.insert(a.reviewer_id, (user.clone(), reviewer.clone()));
                (user, reviewer)
            }
        };
        // An assignment that became a conflict later (the reviewer moved) no longer counts.
        if call.assign(&reviewer, &by_id[&a.request_id]).is_ok() {
            reviewers.insert(user.id, user.username);
        }
    }
    for v in state.store.call_capacity_reviews(row.id).await? {
        if let Some(name) = reviewers.get(&v.reviewer_id) {
            let _ = call.score(name, &by_id[&v.request_id], v.score as u8, &v.comment);
        }
    }
    Ok(LoadedCall {
        row,
        call,
        requests,
        reviewers,
    })
}

/// Assigns a reviewer (by username) to a request; a reviewer from the
/// request's country or institution is refused.
pub async fn assign_reviewer(
    state: &AppState,
    actor: &Actor,
    request: &str,
    reviewer: &str,
) -> CapResult<()> {
    require(actor, Action::ManageCapacity)?;
    let row = state.store.capacity_request(request).await?;
    let user = state
        .store
        .user_by_username(reviewer)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => field("reviewer", "capacity-err-not-found", "no such user"),
            other => other.into(),
        })?;
    let call = state.store.capacity_call_by_id(row.call_id).await?;
    let mut loaded = load_call(state, call).await?;
    let r = reviewer_of(state, &user).await?;
    loaded
        .call
        .assign(&r, request)
        .map_err(|e| field("reviewer", "capacity-err-conflict", e.to_string()))?;
    state
        .store
        .assign_capacity_reviewer(row.id, user.id)
        .await?;
    Ok(())
}

/// A reviewer's score (1–5) and comment on a request assigned to them.
pub async fn review(
    state: &AppState,
    actor: &Actor,
    request: &str,
    score: i64,
    comment: &str,
) -> CapResult<()> {
    let row = state.store.capacity_request(request).await?;
    let call = state.store.capacity_call_by_id(row.call_id).await?;
    let mut loaded = load_call(state, call).await?;
    let me = user_id(actor);
    let assigned = me.is_some_and(|id| loaded.reviewers.contains_key(&id));
    require(actor, Action::ReviewCapacityRequest { assigned })?;
    let name = me
        .and_then(|id| loaded.reviewers.get(&id))
        .cloned()
        .unwrap_or_default();
    let score_u8 = u8::try_from(score).unwrap_or(0);
    loaded
        .call
        .score(&name, request, score_u8, comment)
        .map_err(|e| match e {
            waico_capacity::review::ReviewError::Invalid(f) => f.into(),
            other => field("score", "capacity-err-invalid", other.to_string()),
        })?;
    state
        .store
        .put_capacity_review(row.id, me.unwrap_or_default(), score, comment.trim())
        .await?;
    Ok(())
}

/// A request as listed: what it asks and how review decided.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestSummary {
    pub id: String,
    pub call: String,
    pub title: String,
    pub institution: String,
    pub country: String,
    pub global_south: bool,
    pub hours: f64,
    pub minimum_hours: f64,
    #[schema(value_type = Object)]
    pub decision: Decision,
    pub reviewers: Vec<String>,
}

/// A call with its requests and their review decisions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CallView {
    pub id: String,
    pub title: String,
    pub threshold: f64,
    pub status: String,
    pub requests: Vec<RequestSummary>,
}

async fn call_view_of(state: &AppState, row: CallRow) -> CapResult<CallView> {
    let assignments = state.store.call_capacity_assignments(row.id).await?;
    let loaded = load_call(state, row).await?;
    let decisions = loaded.call.decisions();
    let requests = loaded
        .requests
        .iter()
        .map(|(r, req)| RequestSummary {
            id: r.slug.clone(),
            call: loaded.row.slug.clone(),
            title: req.title().to_owned(),
            institution: req.institution().to_owned(),
            country: req.country().to_string(),
            global_south: req.global_south(),
            hours: req.hours(),
            minimum_hours: req.minimum_hours(),
            decision: decisions
                .get(&r.slug)
                .cloned()
                .unwrap_or(Decision::Unreviewed),
            reviewers: assignments
                .iter()
                .filter(|a| a.request_id == r.id)
                .filter_map(|a| loaded.reviewers.get(&a.reviewer_id).cloned())
                .collect(),
        })
        .collect();
    Ok(CallView {
        id: loaded.row.slug.clone(),
        title: loaded.row.title.clone(),
        threshold: loaded.row.threshold,
        status: loaded.row.status.clone(),
        requests,
    })
}

pub async fn get_call(state: &AppState, id: &str) -> CapResult<CallView> {
    let row = state.store.capacity_call(id).await?;
    call_view_of(state, row).await
}

/// Every request of every call, newest call last.
pub async fn list_requests(state: &AppState) -> CapResult<Vec<RequestSummary>> {
    let mut out = Vec::new();
    for call in state.store.list_capacity_calls().await? {
        out.extend(call_view_of(state, call).await?.requests);
    }
    Ok(out)
}

/// A request with its review decision and its explanation in every published round.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestDetail {
    #[schema(value_type = Object)]
    pub request: Request,
    pub summary: RequestSummary,
    pub rounds: Vec<RequestOutcome>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RequestOutcome {
    pub round: String,
    #[schema(value_type = Object)]
    pub explanation: Explanation,
}

pub async fn get_request(state: &AppState, id: &str) -> CapResult<RequestDetail> {
    let row = state.store.capacity_request(id).await?;
    let request: Request = decode(&row.body)?;
    let call = state.store.capacity_call_by_id(row.call_id).await?;
    let summary = call_view_of(state, call)
        .await?
        .requests
        .into_iter()
        .find(|r| r.id == row.slug)
        .ok_or(OpError::NotFound)?;
    let rounds = round_slugs(state).await?;
    let mut outcomes = Vec::new();
    for e in state.store.request_capacity_explanations(id).await? {
        outcomes.push(RequestOutcome {
            round: rounds.get(&e.round_id).cloned().unwrap_or_default(),
            explanation: decode(&e.body)?,
        });
    }
    Ok(RequestDetail {
        request,
        summary,
        rounds: outcomes,
    })
}

// ---- rounds ----

/// Opens a round over a call's requests and the offers then in the pool.
/// The policy's merit threshold is at least the call's.
pub async fn open_round(
    state: &AppState,
    actor: &Actor,
    id: &str,
    call: &str,
    title: &str,
    window: (&str, &str),
    policy: Option<AllocationPolicy>,
) -> CapResult<RoundRow> {
    require(actor, Action::ManageCapacity)?;
    let id = slug("id", id)?;
    let title = waico_capacity::primitives::text("title", title)?;
    let call = state.store.capacity_call(call).await.map_err(|e| match e {
        StoreError::NotFound => field("call", "capacity-err-not-found", "no such call"),
        other => other.into(),
    })?;
    let start = Day::parse("window.start", window.0)?;
    let end = Day::parse("window.end", window.1)?;
    Window::new(start, end)?;
    // A round given no weights uses the allocation policy deliberation
    // adopted last, if any.
    let policy = match policy {
        Some(p) => p,
        None => crate::deliberation::adopted_allocation_policy(state)
            .await?
            .unwrap_or_default(),
    };
    let mut policy = policy.validated()?;
    policy.merit_threshold = policy.merit_threshold.max(call.threshold);
    Ok(state
        .store
        .add_capacity_round(
            &id,
            call.id,
            &title,
            &encode(&policy)?,
            (window.0.trim(), window.1.trim()),
        )
        .await?)
}

pub(crate) fn binding_name(b: &Binding) -> &'static str {
    match b {
        Binding::Met => "met",
        Binding::MeritThreshold { .. } => "merit_threshold",
        Binding::NoEligibleOffer => "no_eligible_offer",
        Binding::CountryCap { .. } => "country_cap",
        Binding::Minimum { .. } => "minimum",
        Binding::Capacity { .. } => "capacity",
        Binding::Window { .. } => "window",
    }
}

/// Solves an open round with the domain allocator (reviewed requests of its
/// call, the offers in the pool, the rules in force), then stores the
/// explained result and appends its ledger record in one transaction.
pub async fn run_round(
    state: &AppState,
    actor: &Actor,
    id: &str,
    time_limit: Duration,
) -> CapResult<RoundView> {
    require(actor, Action::ManageCapacity)?;
    let row = state.store.capacity_round(id).await?;
    if row.status != "open" {
        return Err(field(
            "round",
            "capacity-err-closed",
            "the round was already run",
        ));
    }
    let policy: AllocationPolicy = decode(&row.policy)?;
    let call = state.store.capacity_call_by_id(row.call_id).await?;
    let loaded = load_call(state, call).await?;
    let decisions = loaded.call.decisions();
    let requests: Vec<ReviewedRequest> = loaded
        .requests
        .iter()
        .filter_map(|(r, req)| match decisions.get(&r.slug) {
            Some(Decision::Advanced { merit }) | Some(Decision::Declined { merit, .. }) => {
                Some(ReviewedRequest {
                    request: req.clone(),
                    merit: *merit,
                })
            }
            _ => None,
        })
        .collect();
    let pool = state.store.pooled_capacity_offers().await?;
    let mut offers = Vec::new();
    for o in &pool {
        offers.push(decode::<Offer>(&o.body)?);
    }
    let round = Round {
        id: row.slug.clone(),
        policy,
        offers,
        requests,
    };
    // Licences granted lift the rules they answer, where and when they apply.
    let rules = rules(state)
        .await?
        .with_licences(licences::licences(state).await?);
    let settings = SolverSettings {
        time_limit,
        ..SolverSettings::default()
    };
    let result =
        tokio::task::spawn_blocking(move || waico_capacity::allocate(&round, &rules, settings))
            .await
            .map_err(internal)?
            .map_err(|e| field("round", "capacity-err-solver", e.to_string()))?;
    let payload = ledger_payload::round_result(&result).map_err(internal)?;
    let request_rows: Vec<RequestRow> = loaded.requests.iter().map(|(r, _)| r.clone()).collect();
    let mut published = PublishedRound {
        result: encode(&result)?,
        offers: pool.iter().map(|o| o.slug.clone()).collect(),
        notices: notices::round_notices(&row.title, &result, &request_rows, &pool)?,
        ..PublishedRound::default()
    };
    for e in &result.explanations {
        for g in &e.grants {
            published.allocations.push(AllocationRow {
                round_id: row.id,
                request_slug: e.request.clone(),
                offer_slug: g.offer.clone(),
                accelerator: g.accelerator.clone(),
                accelerator_hours: g.accelerator_hours,
                reference_hours: g.reference_hours,
            });
        }
        published.explanations.push(ExplanationRow {
            round_id: row.id,
            request_slug: e.request.clone(),
            delivered: e.delivered,
            binding: binding_name(&e.binding).to_owned(),
            body: encode(e)?,
        });
    }
    let record = entry(
        actor,
        "capacity_round_published",
        ("capacity_round", &row.slug),
        &payload,
        serde_json::json!({
            "rules_version": result.rules_version,
            "objective": result.objective,
            "gap": result.gap,
            "requests": result.explanations.len(),
            "offers": result.offers.len(),
            "allocated_hours": published.allocations.iter().map(|a| a.reference_hours).sum::<f64>(),
        }),
    )?;
    state
        .store
        .publish_capacity_round(row.id, &published, record)
        .await?;
    state.ledger.start_checkpoints();
    notices::mail_in_background(state);
    get_round(state, id).await
}

/// Records usage of a published round's allocations. Each report's offer
/// must be the actor's (the secretariat may report any); reports above what
/// was allocated, or of no allocation, are refused, all or none.
pub async fn report_usage(
    state: &AppState,
    actor: &Actor,
    round: &str,
    reports: Vec<UsageReport>,
) -> CapResult<usize> {
    let row = state.store.capacity_round(round).await?;
    let Some(result) = row.result.as_deref() else {
        return Err(field(
            "round",
            "capacity-err-invalid",
            "the round has no result yet",
        ));
    };
    if row.status != "published" {
        return Err(field("round", "capacity-err-closed", "the round is closed"));
    }
    if reports.is_empty() {
        return Err(field("usage", "err-required", "no usage rows"));
    }
    let result: RoundResult = decode(result)?;
    let mut providers = BTreeMap::new();
    for o in state.store.round_capacity_offers(row.id).await? {
        providers.insert(o.slug, o.provider_user_id);
    }
    for (i, r) in reports.iter().enumerate() {
        let provider = providers.get(&r.offer).copied().flatten();
        if !providers.contains_key(&r.offer) {
            return Err(field(
                &format!("usage[{i}].offer"),
                "capacity-err-not-found",
                format!("offer {} is not in this round", r.offer),
            ));
        }
        require(actor, Action::ReportCapacityUsage { provider })?;
    }
    deliveries(&result, &reports)?;
    let now = waico_store::now_ms();
    let rows: Vec<UsageRow> = reports
        .iter()
        .map(|r| UsageRow {
            round_id: row.id,
            request_slug: r.request.clone(),
            offer_slug: r.offer.clone(),
            used_hours: r.used_hours,
            reported_by: user_id(actor),
            reported_at: now,
        })
        .collect();
    state.store.put_capacity_usage(&rows).await?;
    Ok(rows.len())
}

/// Usage as CSV text (`request,offer,used_hours` with that header).
pub async fn report_usage_csv(
    state: &AppState,
    actor: &Actor,
    round: &str,
    csv: &str,
) -> CapResult<usize> {
    let reports = parse_usage_csv(csv)?;
    report_usage(state, actor, round, reports).await
}

/// Closes a published round: what it did not deliver (hours never allocated
/// and allocated hours reported unused) goes back to the pool as offers in
/// `next` window, with the ledger record.
pub async fn close_round(
    state: &AppState,
    actor: &Actor,
    id: &str,
    next: (&str, &str),
) -> CapResult<RoundView> {
    require(actor, Action::ManageCapacity)?;
    let next = Window::new(
        Day::parse("next_window.start", next.0)?,
        Day::parse("next_window.end", next.1)?,
    )?;
    let view = get_round(state, id).await?;
    let row = state.store.capacity_round(id).await?;
    if row.status != "published" {
        return Err(field(
            "round",
            "capacity-err-state",
            "only a published round is closed",
        ));
    }
    let offers_rows = state.store.round_capacity_offers(row.id).await?;
    let mut offers = Vec::new();
    for o in &offers_rows {
        offers.push(decode::<Offer>(&o.body)?);
    }
    let back = returned_to_pool(&offers, &view.deliveries, next);
    let mut carried = Vec::new();
    for o in &back {
        let parent = o.id().trim_end_matches("+carried").to_owned();
        let provider = offers_rows
            .iter()
            .find(|r| r.slug == parent)
            .and_then(|r| r.provider_user_id);
        carried.push((o.id().to_owned(), parent, provider, encode(o)?));
    }
    let returned: f64 = back.iter().map(Offer::hours).sum();
    let record = entry(
        actor,
        "capacity_round_closed",
        ("capacity_round", &row.slug),
        row.result.as_deref().unwrap_or_default().as_bytes(),
        serde_json::json!({
            "delivered_hours": view.totals.used,
            "allocated_hours": view.totals.allocated,
            "returned_offers": back.len(),
            "returned_hours": returned,
        }),
    )?;
    state
        .store
        .close_capacity_round(row.id, &carried, record)
        .await?;
    state.ledger.start_checkpoints();
    get_round(state, id).await
}

/// Hours summed under one label (region, accelerator class…).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Tally {
    pub label: String,
    pub hours: f64,
}

/// Delivered against allocated over a whole round.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub wanted: f64,
    /// Reference hours allocated.
    pub allocated: f64,
    /// Accelerator-hours allocated (what usage is reported in).
    pub allocated_accelerator_hours: f64,
    /// Accelerator-hours reported used (unreported allocations not counted).
    pub used: f64,
    pub reported: usize,
    pub allocations: usize,
    pub global_south_hours: f64,
    pub requests_served: usize,
}

/// A round with its explained result, charts' numbers and usage.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoundView {
    pub id: String,
    pub title: String,
    pub call: String,
    pub status: String,
    pub window_start: String,
    pub window_end: String,
    #[schema(value_type = Object)]
    pub policy: AllocationPolicy,
    /// The offers in the pool now (open round) or taken by it.
    pub pool_hours: f64,
    pub pool_offers: usize,
    /// The published result; null while the round is open.
    #[schema(value_type = Option<Object>)]
    pub result: Option<RoundResult>,
    pub by_region: Vec<Tally>,
    pub by_class: Vec<Tally>,
    pub by_binding: Vec<Tally>,
    #[schema(value_type = Vec<Object>)]
    pub deliveries: Vec<Delivery>,
    pub totals: Totals,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
}

/// The UN M49 region of an alpha-2 country code (English name).
pub fn region_of(code: &str) -> String {
    waico_members::CountryCode::parse(code)
        .ok()
        .and_then(|c| c.country().region.as_ref().map(|r| r.name.clone()))
        .unwrap_or_else(|| "Other".into())
}

fn tallies(map: BTreeMap<String, f64>) -> Vec<Tally> {
    let mut v: Vec<Tally> = map
        .into_iter()
        .map(|(label, hours)| Tally { label, hours })
        .collect();
    v.sort_by(|a, b| b.hours.total_cmp(&a.hours).then(a.label.cmp(&b.label)));
    v
}

pub async fn get_round(state: &AppState, id: &str) -> CapResult<RoundView> {
    let row = state.store.capacity_round(id).await?;
    let call = state.store.capacity_call_by_id(row.call_id).await?;
    let policy: AllocationPolicy = decode(&row.policy)?;
    let pool = if row.status == "open" {
        state.store.pooled_capacity_offers().await?
    } else {
        state.store.round_capacity_offers(row.id).await?
    };
    let mut pool_hours = 0.0;
    for o in &pool {
        pool_hours += decode::<Offer>(&o.body)?.hours();
    }
    let result: Option<RoundResult> = row.result.as_deref().map(decode).transpose()?;
    let mut totals = Totals::default();
    let (mut by_region, mut by_class, mut by_binding) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut delivered = Vec::new();
    if let Some(result) = &result {
        let rules = rules(state).await?;
        for e in &result.explanations {
            totals.wanted += e.wanted;
            totals.allocated += e.delivered;
            if e.delivered > 0.0 {
                totals.requests_served += 1;
            }
            if e.global_south {
                totals.global_south_hours += e.delivered;
            }
            *by_region
                .entry(region_of(e.country.as_str()))
                .or_insert(0.0) += e.delivered;
            *by_binding
                .entry(binding_name(&e.binding).to_owned())
                .or_insert(0.0) += 1.0;
            for g in &e.grants {
                *by_class
                    .entry(rules.class_of(&g.accelerator).to_owned())
                    .or_insert(0.0) += g.reference_hours;
            }
        }
        let reports: Vec<UsageReport> = state
            .store
            .round_capacity_usage(row.id)
            .await?
            .into_iter()
            .map(|u| UsageReport {
                request: u.request_slug,
                offer: u.offer_slug,
                used_hours: u.used_hours,
            })
            .collect();
        delivered = deliveries(result, &reports).map_err(internal)?;
        for d in &delivered {
            totals.allocations += 1;
            totals.allocated_accelerator_hours += d.allocated;
            if let Some(u) = d.used {
                totals.reported += 1;
                totals.used += u;
            }
        }
    }
    Ok(RoundView {
        id: row.slug,
        title: row.title,
        call: call.slug,
        status: row.status,
        window_start: row.window_start,
        window_end: row.window_end,
        policy,
        pool_hours,
        pool_offers: pool.len(),
        result,
        by_region: tallies(by_region),
        by_class: tallies(by_class),
        by_binding: tallies(by_binding),
        deliveries: delivered,
        totals,
        published_at: row.published_at,
        closed_at: row.closed_at,
    })
}

pub async fn list_rounds(state: &AppState) -> CapResult<Vec<RoundRow>> {
    Ok(state.store.list_capacity_rounds().await?)
}

/// Hours as CSV shows them: rounded to a thousandth (the solver's floating
/// point leaves noise such as 599.9999999999999).
fn csv_hours(h: f64) -> f64 {
    (h * 1000.0).round() / 1000.0
}

fn csv_field(s: &str) -> String {
    // A leading formula character is neutralised for spreadsheets.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The round's result as CSV: one row per request and offer granted (a
/// request granted nothing has one row with an empty offer).
pub async fn round_csv(state: &AppState, id: &str) -> CapResult<String> {
    let view = get_round(state, id).await?;
    let Some(result) = view.result else {
        return Err(OpError::NotFound.into());
    };
    let used: BTreeMap<(String, String), Option<f64>> = view
        .deliveries
        .iter()
        .map(|d| ((d.request.clone(), d.offer.clone()), d.used))
        .collect();
    let mut out = String::from(
        "request,country,global_south,merit,weight,wanted,minimum,delivered,binding,offer,accelerator,accelerator_hours,reference_hours,used_hours\n",
    );
    for e in &result.explanations {
        let head = format!(
            "{},{},{},{},{:.4},{},{},{},{}",
            csv_field(&e.request),
            e.country,
            e.global_south,
            e.merit,
            e.weight,
            csv_hours(e.wanted),
            csv_hours(e.minimum),
            csv_hours(e.delivered),
            binding_name(&e.binding)
        );
        if e.grants.is_empty() {
            out.push_str(&format!("{head},,,,,\n"));
        }
        for g in &e.grants {
            let u = used
                .get(&(e.request.clone(), g.offer.clone()))
                .copied()
                .flatten()
                .map(|u| csv_hours(u).to_string())
                .unwrap_or_default();
            out.push_str(&format!(
                "{head},{},{},{},{},{u}\n",
                csv_field(&g.offer),
                csv_field(&g.accelerator),
                csv_hours(g.accelerator_hours),
                csv_hours(g.reference_hours)
            ));
        }
    }
    Ok(out)
}

// ---- fellowship matches ----

pub async fn create_match(
    state: &AppState,
    actor: &Actor,
    id: &str,
    title: &str,
) -> CapResult<MatchRow> {
    require(actor, Action::ManageCapacity)?;
    let id = slug("id", id)?;
    let title = waico_capacity::primitives::text("title", title)?;
    Ok(state.store.add_capacity_match(&id, &title).await?)
}

pub async fn list_matches(state: &AppState) -> CapResult<Vec<MatchRow>> {
    Ok(state.store.list_capacity_matches().await?)
}

async fn open_match(state: &AppState, id: &str) -> CapResult<MatchRow> {
    let row = state.store.capacity_match(id).await?;
    if row.status != "open" {
        return Err(field(
            "match",
            "capacity-err-closed",
            "the match was already run",
        ));
    }
    Ok(row)
}

/// Adds or replaces a program of an open match (the domain `Program` as JSON).
pub async fn put_program(
    state: &AppState,
    actor: &Actor,
    match_id: &str,
    title: &str,
    program: serde_json::Value,
) -> CapResult<ProgramRow> {
    require(actor, Action::ManageCapacity)?;
    let m = open_match(state, match_id).await?;
    let program: Program = serde_json::from_value(program)
        .map_err(|e| field("program", "capacity-err-invalid", e.to_string()))?;
    let id = slug("id", &program.id)?;
    let title = waico_capacity::primitives::text("title", title)?;
    waico_capacity::primitives::text("host_institution", &program.host_institution)?;
    if program.capacity == 0 {
        return Err(field("capacity", "err-range", "at least one place"));
    }
    Ok(state
        .store
        .put_capacity_program(m.id, &id, &title, &encode(&program)?)
        .await?)
}

/// The signed-in applicant's ranking of an open match's programs.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    match_id: &str,
    ranking: Vec<String>,
) -> CapResult<()> {
    require(actor, Action::ApplyToProgram)?;
    let me = state
        .store
        .user(user_id(actor).ok_or(OpError::Unauthenticated)?)
        .await?;
    let m = open_match(state, match_id).await?;
    let programs = state.store.match_capacity_programs(m.id).await?;
    let ranking: Vec<String> = ranking
        .into_iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if ranking.is_empty() {
        return Err(field(
            "ranking",
            "err-required",
            "rank at least one program",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in ranking.iter().enumerate() {
        if !programs.iter().any(|x| &x.slug == p) {
            return Err(field(
                &format!("ranking[{i}]"),
                "capacity-err-not-found",
                format!("`{p}` is not a program of this match"),
            ));
        }
        if !seen.insert(p) {
            return Err(field(
                &format!("ranking[{i}]"),
                "capacity-err-invalid",
                format!("`{p}` is ranked twice"),
            ));
        }
    }
    let country = me
        .country
        .ok_or_else(|| field("country", "err-required", "your profile has no country"))?;
    state
        .store
        .put_capacity_application(&ApplicationRow {
            match_id: m.id,
            applicant: me.username.clone(),
            user_id: Some(me.id),
            country: country.country().alpha2.clone(),
            ranking: encode(&ranking)?,
            submitted_at: waico_store::now_ms(),
        })
        .await?;
    Ok(())
}

/// Runs an open match by applicant-proposing deferred acceptance and
/// publishes the explained result with its ledger record.
pub async fn run_match_op(state: &AppState, actor: &Actor, id: &str) -> CapResult<MatchView> {
    require(actor, Action::ManageCapacity)?;
    let m = open_match(state, id).await?;
    let input = match_input(state, &m).await?;
    let result = tokio::task::spawn_blocking(move || run_match(&input))
        .await
        .map_err(internal)?;
    let payload = ledger_payload::match_result(&result).map_err(internal)?;
    let matched = result
        .assignments
        .iter()
        .filter(|a| a.program.is_some())
        .count();
    let record = entry(
        actor,
        "capacity_match_published",
        ("capacity_match", &m.slug),
        &payload,
        serde_json::json!({ "applicants": result.assignments.len(), "matched": matched }),
    )?;
    let applications = state.store.match_capacity_applications(m.id).await?;
    let notices = notices::match_notices(&m.title, &result, &applications)?;
    state
        .store
        .publish_capacity_match(m.id, &encode(&result)?, &notices, record)
        .await?;
    state.ledger.start_checkpoints();
    notices::mail_in_background(state);
    get_match(state, id).await
}

async fn match_input(state: &AppState, m: &MatchRow) -> CapResult<MatchInput> {
    let mut programs = Vec::new();
    for p in state.store.match_capacity_programs(m.id).await? {
        programs.push(decode::<Program>(&p.body)?);
    }
    let applicants_rows = state.store.match_capacity_applications(m.id).await?;
    let known: std::collections::BTreeSet<&str> = applicants_rows
        .iter()
        .map(|a| a.applicant.as_str())
        .collect();
    // A program's ranking keeps only applicants who applied.
    for p in &mut programs {
        p.ranking.retain(|a| known.contains(a.as_str()));
    }
    let mut applicants = Vec::new();
    for a in &applicants_rows {
        applicants.push(Applicant {
            id: a.applicant.clone(),
            country: Cc::parse("country", &a.country).map_err(internal)?,
            ranking: decode(&a.ranking)?,
        });
    }
    Ok(MatchInput::new(m.slug.clone(), programs, applicants)?)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProgramView {
    pub id: String,
    pub title: String,
    #[schema(value_type = Object)]
    pub program: Program,
    /// Applicants matched to it (published matches).
    pub matched: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatchView {
    pub id: String,
    pub title: String,
    pub status: String,
    pub programs: Vec<ProgramView>,
    pub applicants: usize,
    #[schema(value_type = Option<Object>)]
    pub result: Option<MatchResult>,
    pub published_at: Option<i64>,
}

pub async fn get_match(state: &AppState, id: &str) -> CapResult<MatchView> {
    let m = state.store.capacity_match(id).await?;
    let result: Option<MatchResult> = m.result.as_deref().map(decode).transpose()?;
    let mut programs = Vec::new();
    for p in state.store.match_capacity_programs(m.id).await? {
        let program: Program = decode(&p.body)?;
        let matched = result
            .iter()
            .flat_map(|r| &r.assignments)
            .filter(|a| a.program.as_deref() == Some(&p.slug))
            .map(|a| a.applicant.clone())
            .collect();
        programs.push(ProgramView {
            id: p.slug,
            title: p.title,
            program,
            matched,
        });
    }
    Ok(MatchView {
        id: m.slug,
        title: m.title,
        status: m.status,
        programs,
        applicants: state.store.match_capacity_applications(m.id).await?.len(),
        result,
        published_at: m.published_at,
    })
}

/// An applicant's ranking and, once published, their match with the reason
/// for every program they ranked higher.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApplicantView {
    pub applicant: String,
    pub ranking: Vec<String>,
    #[schema(value_type = Option<Object>)]
    pub assignment: Option<waico_capacity::matching::Assignment>,
}

pub async fn applicant_view(
    state: &AppState,
    id: &str,
    applicant: &str,
) -> CapResult<ApplicantView> {
    let m = state.store.capacity_match(id).await?;
    let app = state
        .store
        .match_capacity_applications(m.id)
        .await?
        .into_iter()
        .find(|a| a.applicant == applicant)
        .ok_or(OpError::NotFound)?;
    let result: Option<MatchResult> = m.result.as_deref().map(decode).transpose()?;
    Ok(ApplicantView {
        applicant: app.applicant.clone(),
        ranking: decode(&app.ranking)?,
        assignment: result.and_then(|r| {
            r.assignments
                .into_iter()
                .find(|a| a.applicant == app.applicant)
        }),
    })
}
