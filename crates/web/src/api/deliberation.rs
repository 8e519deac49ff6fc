//! `/api/v1/deliberation/...`: bodies, proposals (list with stage filters,
//! detail without how anyone voted while the vote is open), every act on a
//! proposal, secret-ballot elections (public key, encrypted ballots,
//! trustees' decryptions, the published record), a delegate's pending
//! decisions, and the Atom feed of decisions and iCalendar feed of
//! deadlines.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use waico_app::deliberation::{
    self as delib, BodyInput, ProposalSummary, ProposalView, ProposeInput, SchedulerRun, Step,
};
use waico_deliberation::secret::{EncryptedBallot, PartialDecryption, TrusteePublicKey};
use waico_store::ProposalFilter;

use super::ApiQuery;
use crate::AppState;
use crate::auth::{ApiCaller, TokenHolder};
use crate::problem::{ApiJson, Problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_bodies, create_body))
        .routes(routes!(list_proposals, propose))
        .routes(routes!(get_proposal))
        .routes(routes!(act))
        .routes(routes!(get_election, open_election))
        .routes(routes!(cast_ballot))
        .routes(routes!(record_tally))
        .routes(routes!(pending))
        .routes(routes!(notices))
        .routes(routes!(run_scheduler))
        .routes(routes!(decisions_atom))
        .routes(routes!(deadlines_ics))
}

/// The bodies of the organisation: rules and seats.
#[utoipa::path(
    get, path = "/api/v1/deliberation/bodies", tag = "deliberation",
    responses((status = 200, description = "Bodies with their rules and seats", body = Vec<Object>))
)]
pub async fn list_bodies(
    State(state): State<AppState>,
) -> Result<axum::Json<Vec<serde_json::Value>>, Problem> {
    let bodies = delib::list_bodies(&state).await?;
    Ok(axum::Json(
        bodies
            .iter()
            .filter_map(|b| serde_json::to_value(b).ok())
            .collect(),
    ))
}

/// Creates a council, expert group or working group (secretariat).
#[utoipa::path(
    post, path = "/api/v1/deliberation/bodies", tag = "deliberation",
    request_body = BodyInput, security(("token" = [])),
    responses(
        (status = 200, description = "The body", body = Object),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken (`slug` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid slug, kind, seats or rules (a fraction whose numerator exceeds its denominator, a majority of zero), each named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_body(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<BodyInput>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let body = delib::create_body(&state, &caller.actor, &input).await?;
    Ok(axum::Json(serde_json::to_value(&body).unwrap_or_default()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A stage (`draft`, `consultation`, `negotiation`, `decision`,
    /// `adopted`, `rejected`, `withdrawn`, `lapsed`) or `decided`.
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
    #[serde(default)]
    pub offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalPage {
    pub total: i64,
    pub items: Vec<ProposalSummary>,
}

pub fn filter_of(q: &ListQuery) -> Result<ProposalFilter, Problem> {
    Ok(ProposalFilter {
        stages: delib::stages_of(&q.stage)?,
        body: q.body.clone().filter(|b| !b.trim().is_empty()),
        limit: q.limit.unwrap_or(50).clamp(1, 500),
        offset: q.offset.unwrap_or(0).max(0),
    })
}

/// Proposals, newest first, filtered by stage and body.
#[utoipa::path(
    get, path = "/api/v1/deliberation/proposals", tag = "deliberation",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of proposals", body = ProposalPage),
        (status = 422, description = "Unknown stage", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_proposals(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<axum::Json<ProposalPage>, Problem> {
    let (items, total) = delib::list(&state, &filter_of(&q)?).await?;
    Ok(axum::Json(ProposalPage {
        total,
        items: items.iter().map(|l| delib::summary(&l.row)).collect(),
    }))
}

/// Tables a proposal as a draft of the acting state (a delegate).
#[utoipa::path(
    post, path = "/api/v1/deliberation/proposals", tag = "deliberation",
    request_body = ProposeInput, security(("token" = [])),
    responses(
        (status = 200, description = "The draft", body = ProposalView),
        (status = 403, description = "Not a delegate of the state", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No body of that slug", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A rule of the body refuses it (who may propose, the procedures it allows)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field (named): a kind's fields, deadlines that do not parse or are out of order, an amendment's document that does not load", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn propose(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<ProposeInput>,
) -> Result<axum::Json<ProposalView>, Problem> {
    let loaded = delib::propose(&state, &caller.actor, &input, OffsetDateTime::now_utc()).await?;
    Ok(axum::Json(delib::view(&loaded, &[])))
}

/// A proposal: text and versions, co-sponsors, comments, amendments, who
/// has voted (not how) and, once decided, the result and its ledger index.
#[utoipa::path(
    get, path = "/api/v1/deliberation/proposals/{id}", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    responses(
        (status = 200, description = "The proposal", body = ProposalView),
        (status = 404, description = "No such proposal", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_proposal(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<ProposalView>, Problem> {
    let loaded = delib::get(&state, id).await?;
    let voters = delib::secret_voters(&state, id).await?;
    Ok(axum::Json(delib::view(&loaded, &voters)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActInput {
    /// The state the delegate acts for (their first when absent).
    #[serde(default)]
    pub as_state: Option<String>,
    /// The act, e.g. `{"action": "vote", "choice": "yes"}`.
    pub step: Step,
}

/// One act on a proposal: co-sponsor, submit, withdraw, revise, comment,
/// object, break silence, explain a vote, amend, accept or vote on an
/// amendment, vote, rank. Checked by the body's rules at the server clock.
#[utoipa::path(
    post, path = "/api/v1/deliberation/proposals/{id}/acts", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    request_body = ActInput, security(("token" = [])),
    responses(
        (status = 200, description = "The proposal after the act", body = ProposalView),
        (status = 403, description = "Not a delegate of the state", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused by a rule (stage, deadline, right to vote)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn act(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActInput>,
) -> Result<axum::Json<ProposalView>, Problem> {
    let loaded = delib::perform(
        &state,
        &caller.actor,
        id,
        input.as_state.as_deref(),
        &input.step,
        OffsetDateTime::now_utc(),
    )
    .await?;
    let voters = delib::secret_voters(&state, id).await?;
    Ok(axum::Json(delib::view(&loaded, &voters)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ElectionView {
    /// The manifest and the trustees' public keys.
    #[schema(value_type = Object)]
    pub election: serde_json::Value,
    /// The homomorphic tally of the ballots cast so far.
    #[schema(value_type = Object)]
    pub encrypted_tally: serde_json::Value,
    /// The published election record, once tallied.
    #[schema(value_type = Option<Object>)]
    pub record: Option<serde_json::Value>,
}

/// A secret vote: what a ballot is encrypted to, the encrypted tally the
/// trustees decrypt, and the record that `waico deliberation verify` checks.
#[utoipa::path(
    get, path = "/api/v1/deliberation/proposals/{id}/election", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    responses(
        (status = 200, description = "The election", body = ElectionView),
        (status = 404, description = "No secret vote opened", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_election(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<ElectionView>, Problem> {
    let election = delib::election(&state, id).await?;
    let tally = delib::encrypted_tally(&state, id).await?;
    let record = delib::election_record(&state, id).await.ok();
    Ok(axum::Json(ElectionView {
        election: serde_json::json!({
            "manifest": election.manifest(),
            "trustees": election.trustees(),
        }),
        encrypted_tally: serde_json::to_value(&tally).unwrap_or_default(),
        record: record.and_then(|r| serde_json::to_value(r).ok()),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OpenElectionInput {
    /// The trustees' public keys with their proofs (at least two).
    #[schema(value_type = Vec<Object>)]
    pub trustees: Vec<TrusteePublicKey>,
}

/// Opens the secret vote of a proposal with the trustees' keys (secretariat).
#[utoipa::path(
    post, path = "/api/v1/deliberation/proposals/{id}/election", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    request_body = OpenElectionInput, security(("token" = [])),
    responses(
        (status = 200, description = "Opened"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a secret vote, or already opened", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open_election(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<OpenElectionInput>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let election = delib::open_election(&state, &caller.actor, id, input.trustees).await?;
    Ok(axum::Json(serde_json::json!({
        "manifest": election.manifest(),
        "trustees": election.trustees(),
    })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Tracker {
    /// Find the ballot by it in the published record.
    pub tracker: String,
}

/// Casts the acting state's encrypted ballot (replacing an earlier one
/// until the close); answers the tracker the delegate keeps.
#[utoipa::path(
    post, path = "/api/v1/deliberation/proposals/{id}/ballots", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    request_body(content = Object, description = "An encrypted ballot with its proofs; `voter` is the state"),
    security(("token" = [])),
    responses(
        (status = 200, description = "Accepted", body = Tracker),
        (status = 403, description = "Not a delegate of the state", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not open, or the proofs do not verify", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn cast_ballot(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<i64>,
    ApiJson(ballot): ApiJson<EncryptedBallot>,
) -> Result<axum::Json<Tracker>, Problem> {
    let voter = ballot.voter.clone();
    let tracker = delib::cast_secret_ballot(
        &state,
        &caller.actor,
        id,
        Some(&voter),
        &ballot,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(axum::Json(Tracker { tracker }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TallyInput {
    /// Every trustee's partial decryption of the encrypted tally.
    #[schema(value_type = Vec<Object>)]
    pub decryptions: Vec<PartialDecryption>,
}

/// After the close, records the trustees' decryptions: the election record
/// is published and verified, and its counts become the result (secretariat).
#[utoipa::path(
    post, path = "/api/v1/deliberation/proposals/{id}/tally", tag = "deliberation",
    params(("id" = i64, Path, description = "Proposal number")),
    request_body = TallyInput, security(("token" = [])),
    responses(
        (status = 200, description = "The verified tally", body = Object),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Too early, or a proof does not verify", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn record_tally(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TallyInput>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let tally = delib::record_secret_tally(
        &state,
        &caller.actor,
        id,
        input.decryptions,
        OffsetDateTime::now_utc(),
    )
    .await?;
    Ok(axum::Json(serde_json::to_value(&tally).unwrap_or_default()))
}

/// The proposals where the caller's states have something to decide now.
#[utoipa::path(
    get, path = "/api/v1/deliberation/pending", tag = "deliberation",
    security(("token" = [])),
    responses(
        (status = 200, description = "Pending decisions", body = Vec<ProposalSummary>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn pending(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<ProposalSummary>>, Problem> {
    let pending = delib::pending_for(&state, &caller.actor, OffsetDateTime::now_utc()).await?;
    Ok(axum::Json(
        pending.iter().map(|l| delib::summary(&l.row)).collect(),
    ))
}

/// The caller's deliberation notices, newest first (at most 50): a
/// proposal opened for comment or for decision, a vote closing, a
/// decision taken; `text` is in the caller's language.
#[utoipa::path(
    get, path = "/api/v1/deliberation/notices", tag = "deliberation",
    security(("token" = [])),
    responses(
        (status = 200, description = "Notices", body = Vec<delib::notices::NoticeView>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn notices(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
) -> Result<axum::Json<Vec<delib::notices::NoticeView>>, Problem> {
    let Some(user) = caller.user.as_ref() else {
        return Ok(axum::Json(Vec::new()));
    };
    let tr = waico_i18n::Tr::new(user.language);
    Ok(axum::Json(
        delib::notices::notices_for(&state, user.id, &tr).await?,
    ))
}

/// Applies the deadlines due now (secretariat; `serve` also does it on a
/// timer). Safe to call from several processes at once.
#[utoipa::path(
    post, path = "/api/v1/deliberation/scheduler", tag = "deliberation",
    security(("token" = [])),
    responses(
        (status = 200, description = "What the run did", body = SchedulerRun),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn run_scheduler(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<SchedulerRun>, Problem> {
    waico_app::require(
        &caller.actor,
        waico_members::policy::Action::ManageDeliberation,
    )?;
    Ok(axum::Json(
        delib::run_scheduler(&state, OffsetDateTime::now_utc()).await?,
    ))
}

/// The node's URL as the client reached it.
pub fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|p| p.as_bytes() == b"https");
    format!("{}://{host}", if https { "https" } else { "http" })
}

/// The decisions, newest first, as an Atom feed (RFC 4287).
#[utoipa::path(
    get, path = "/api/v1/deliberation/decisions.atom", tag = "deliberation",
    responses((status = 200, description = "Atom feed", body = String, content_type = "application/atom+xml"))
)]
pub async fn decisions_atom(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (decided, _) = delib::list(
        &state,
        &ProposalFilter {
            stages: delib::stages_of("decided")?,
            limit: 100,
            ..Default::default()
        },
    )
    .await?;
    let body = delib::feeds::decisions_atom(&base_url(&headers), &decided);
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

/// The deadlines still to come, as an iCalendar feed (RFC 5545).
#[utoipa::path(
    get, path = "/api/v1/deliberation/deadlines.ics", tag = "deliberation",
    responses((status = 200, description = "iCalendar feed", body = String, content_type = "text/calendar"))
)]
pub async fn deadlines_ics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let (open, _) = delib::list(
        &state,
        &ProposalFilter {
            stages: ["draft", "consultation", "negotiation", "decision"]
                .map(str::to_owned)
                .to_vec(),
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let body = delib::feeds::deadlines_ics(&base_url(&headers), &open, OffsetDateTime::now_utc());
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}
