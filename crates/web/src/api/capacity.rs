//! `/api/v1/capacity/...`: the capacity exchange. Export-control rule sets,
//! offers, calls and requests, reviewer assignments and reviews, rounds
//! (run, results as JSON and CSV, usage as JSON or a `text/csv` upload,
//! close), fellowship matches with programs and applications. Each handler
//! calls one operation of `waico_app::capacity`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use waico_app::capacity::{
    self as cap, ApplicantView, CallView, CapError, MatchView, OfferView, RequestDetail,
    RequestSummary, RoundView,
};
use waico_store::capacity::{CallRow, MatchRow, RoundRow, RuleSetRow};

use super::capacity_bodies::{NewLicence, NewOffer, NewRequest, OfferChange, ProgramBody, to_json};
use crate::AppState;
use crate::auth::{ApiCaller, TokenHolder};
use crate::problem::{ApiJson, FieldError, Problem};

impl From<CapError> for Problem {
    fn from(e: CapError) -> Self {
        match e {
            CapError::Field(f) => Problem::invalid(vec![f]),
            CapError::Op(op) => op.into(),
        }
    }
}

type ApiResult<T> = Result<T, Problem>;

fn text_body(body: &Bytes) -> ApiResult<&str> {
    std::str::from_utf8(body).map_err(|_| {
        Problem::invalid(vec![FieldError {
            field: "body".into(),
            code: "capacity-err-invalid".into(),
            message: "the body is not UTF-8 text".into(),
        }])
    })
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rules, load_rules))
        .routes(routes!(list_offers, create_offer))
        .routes(routes!(get_offer, update_offer))
        .routes(routes!(list_calls, open_call))
        .routes(routes!(get_call))
        .routes(routes!(submit_request))
        .routes(routes!(list_requests))
        .routes(routes!(get_request))
        .routes(routes!(assign_reviewer))
        .routes(routes!(review))
        .routes(routes!(list_rounds, open_round))
        .routes(routes!(get_round))
        .routes(routes!(run_round))
        .routes(routes!(results_csv))
        .routes(routes!(report_usage))
        .routes(routes!(close_round))
        .routes(routes!(list_matches, create_match))
        .routes(routes!(get_match))
        .routes(routes!(put_program))
        .routes(routes!(apply))
        .routes(routes!(get_application))
        .routes(routes!(run_match))
        .routes(routes!(list_notices))
        .routes(routes!(list_licences, grant_licence))
        .routes(routes!(revoke_licence))
}

/// A stored version of the export-control rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSetView {
    pub version: String,
    /// `active` or `superseded`.
    pub status: String,
    /// Milliseconds since the Unix epoch.
    pub loaded_at: i64,
    /// The rules as YAML.
    pub source: String,
}

impl From<RuleSetRow> for RuleSetView {
    fn from(r: RuleSetRow) -> Self {
        RuleSetView {
            version: r.version,
            status: r.status,
            loaded_at: r.loaded_at,
            source: r.source,
        }
    }
}

/// Stored versions of the export-control rules (none: the shipped rules apply).
#[utoipa::path(get, path = "/api/v1/capacity/rules", tag = "capacity",
    responses((status = 200, description = "Rule set versions, oldest first", body = Vec<RuleSetView>)))]
pub async fn list_rules(State(state): State<AppState>) -> ApiResult<axum::Json<Vec<RuleSetView>>> {
    Ok(axum::Json(
        cap::list_rules(&state)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Loads a new version of the export-control rules; it applies to every offer from the next round on. Secretariat only; recorded in the ledger.
#[utoipa::path(post, path = "/api/v1/capacity/rules", tag = "capacity",
    request_body(content = String, content_type = "application/yaml", description = "Rule set YAML (version, accelerators, jurisdictions)"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Loaded and in force", body = RuleSetView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A version already loaded (`version` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rules", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn load_rules(
    State(state): State<AppState>,
    caller: ApiCaller,
    body: Bytes,
) -> ApiResult<(StatusCode, axum::Json<RuleSetView>)> {
    let row = cap::load_rules(&state, &caller.actor, text_body(&body)?).await?;
    Ok((StatusCode::CREATED, axum::Json(row.into())))
}

/// Every compute offer: in the pool for the next round, taken by a round, or carried over.
#[utoipa::path(get, path = "/api/v1/capacity/offers", tag = "capacity",
    responses((status = 200, description = "Offers", body = Vec<OfferView>)))]
pub async fn list_offers(State(state): State<AppState>) -> ApiResult<axum::Json<Vec<OfferView>>> {
    Ok(axum::Json(cap::list_offers(&state).await?))
}

/// Offers compute hours: provider, site, jurisdiction, accelerator model and count, hours, window, terms and restrictions. Delegates and institution representatives.
#[utoipa::path(post, path = "/api/v1/capacity/offers", tag = "capacity",
    request_body = NewOffer,
    security(("token" = [])),
    responses(
        (status = 201, description = "Recorded in the pool", body = OfferView),
        (status = 403, description = "May not offer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named), the window ends before it starts, or more hours than the accelerators can give in it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_offer(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewOffer>,
) -> ApiResult<(StatusCode, axum::Json<OfferView>)> {
    let view = cap::create_offer(&state, &caller.actor, to_json(&body)).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// One offer.
#[utoipa::path(get, path = "/api/v1/capacity/offers/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Offer id")),
    responses(
        (status = 200, description = "The offer", body = OfferView),
        (status = 404, description = "No such offer", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_offer(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<OfferView>> {
    Ok(axum::Json(cap::get_offer(&state, &id).await?))
}

/// Changes an offer still in the pool (same fields as when offering; the id does not change). Its provider or the secretariat.
#[utoipa::path(put, path = "/api/v1/capacity/offers/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Offer id")),
    request_body = OfferChange,
    security(("token" = [])),
    responses(
        (status = 200, description = "Changed", body = OfferView),
        (status = 403, description = "Not its provider", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such offer", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A round took the offer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named), the window ends before it starts, or more hours than the accelerators can give in it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_offer(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<OfferChange>,
) -> ApiResult<axum::Json<OfferView>> {
    Ok(axum::Json(
        cap::update_offer(&state, &caller.actor, &id, to_json(&body)).await?,
    ))
}

/// A call as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallSummary {
    pub id: String,
    pub title: String,
    pub threshold: f64,
    pub status: String,
}

impl From<CallRow> for CallSummary {
    fn from(c: CallRow) -> Self {
        CallSummary {
            id: c.slug,
            title: c.title,
            threshold: c.threshold,
            status: c.status,
        }
    }
}

/// Calls for requests.
#[utoipa::path(get, path = "/api/v1/capacity/calls", tag = "capacity",
    responses((status = 200, description = "Calls", body = Vec<CallSummary>)))]
pub async fn list_calls(State(state): State<AppState>) -> ApiResult<axum::Json<Vec<CallSummary>>> {
    Ok(axum::Json(
        cap::list_calls(&state)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCall {
    /// 1 to 80 lower-case letters, digits, `-`, `_`, `.` or `+`.
    #[schema(pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: String,
    /// Not blank.
    #[schema(pattern = "\\S")]
    pub title: String,
    /// Mean merit (1–5) under which a request is declined.
    #[schema(minimum = 1, maximum = 5)]
    pub threshold: f64,
}

/// Opens a call for requests. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/calls", tag = "capacity",
    request_body = NewCall, security(("token" = [])),
    responses(
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Opened", body = CallSummary),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn open_call(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewCall>,
) -> ApiResult<(StatusCode, axum::Json<CallSummary>)> {
    let row = cap::open_call(&state, &caller.actor, &body.id, &body.title, body.threshold).await?;
    Ok((StatusCode::CREATED, axum::Json(row.into())))
}

/// A call with its requests and their review decisions.
#[utoipa::path(get, path = "/api/v1/capacity/calls/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Call id")),
    responses(
        (status = 200, description = "The call", body = CallView),
        (status = 404, description = "No such call", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_call(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<CallView>> {
    Ok(axum::Json(cap::get_call(&state, &id).await?))
}

/// Submits a request to an open call. Global South is derived from the member registry, not sent.
#[utoipa::path(post, path = "/api/v1/capacity/calls/{id}/requests", tag = "capacity",
    params(("id" = String, Path, description = "Call id")),
    request_body = NewRequest,
    security(("token" = [])),
    responses(
        (status = 201, description = "Submitted", body = RequestDetail),
        (status = 403, description = "May not request", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call (`call` named)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The call is closed (`call` named), or the id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named), the window ends before it starts, a minimum above the hours wanted, a model named twice", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn submit_request(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewRequest>,
) -> ApiResult<(StatusCode, axum::Json<RequestDetail>)> {
    let row = cap::submit_request(&state, &caller.actor, &id, to_json(&body)).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(cap::get_request(&state, &row.slug).await?),
    ))
}

/// Every request of every call, with its review decision.
#[utoipa::path(get, path = "/api/v1/capacity/requests", tag = "capacity",
    responses((status = 200, description = "Requests", body = Vec<RequestSummary>)))]
pub async fn list_requests(
    State(state): State<AppState>,
) -> ApiResult<axum::Json<Vec<RequestSummary>>> {
    Ok(axum::Json(cap::list_requests(&state).await?))
}

/// A request, its review decision and its explained outcome in every published round.
#[utoipa::path(get, path = "/api/v1/capacity/requests/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = RequestDetail),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_request(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<RequestDetail>> {
    Ok(axum::Json(cap::get_request(&state, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAssignment {
    /// The reviewer's username.
    pub reviewer: String,
}

/// Assigns a reviewer to a request; a reviewer from the request's country or institution is refused (conflict of interest). Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/requests/{id}/reviewers", tag = "capacity",
    params(("id" = String, Path, description = "Request id")),
    request_body = NewAssignment, security(("token" = [])),
    responses(
        (status = 204, description = "Assigned"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A conflict of interest (`capacity-err-conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a user name", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn assign_reviewer(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewAssignment>,
) -> ApiResult<StatusCode> {
    cap::assign_reviewer(&state, &caller.actor, &id, &body.reviewer).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewReview {
    /// Merit, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    #[serde(deserialize_with = "super::whole::i64")]
    pub score: i64,
    /// Not blank.
    #[schema(pattern = "\\S")]
    pub comment: String,
}

/// Scores a request assigned to the caller (a later score replaces theirs).
#[utoipa::path(post, path = "/api/v1/capacity/requests/{id}/reviews", tag = "capacity",
    params(("id" = String, Path, description = "Request id")),
    request_body = NewReview, security(("token" = [])),
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, description = "Not assigned to this request", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Score outside 1–5 or an empty comment", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn review(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewReview>,
) -> ApiResult<StatusCode> {
    cap::review(&state, &caller.actor, &id, body.score, &body.comment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A round as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundSummary {
    pub id: String,
    pub title: String,
    /// `open`, `published` or `closed`.
    pub status: String,
    pub window_start: String,
    pub window_end: String,
}

impl From<RoundRow> for RoundSummary {
    fn from(r: RoundRow) -> Self {
        RoundSummary {
            id: r.slug,
            title: r.title,
            status: r.status,
            window_start: r.window_start,
            window_end: r.window_end,
        }
    }
}

/// Allocation rounds.
#[utoipa::path(get, path = "/api/v1/capacity/rounds", tag = "capacity",
    responses((status = 200, description = "Rounds", body = Vec<RoundSummary>)))]
pub async fn list_rounds(
    State(state): State<AppState>,
) -> ApiResult<axum::Json<Vec<RoundSummary>>> {
    Ok(axum::Json(
        cap::list_rounds(&state)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRound {
    /// 1 to 80 lower-case letters, digits, `-`, `_`, `.` or `+`.
    #[schema(pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: String,
    /// Not blank.
    #[schema(pattern = "\\S")]
    pub title: String,
    /// The call whose reviewed requests the round allocates to.
    #[schema(pattern = "^[a-z0-9._+-]{1,80}$")]
    pub call: String,
    /// First day of the round's window (YYYY-MM-DD).
    #[schema(format = Date)]
    pub window_start: String,
    /// Last day of the round's window (YYYY-MM-DD).
    #[schema(format = Date)]
    pub window_end: String,
    /// Weights and the country cap (merit_power, global_south_bonus, first_time_bonus, country_cap_share, merit_threshold); defaults when absent.
    #[schema(value_type = Option<Object>)]
    pub policy: Option<serde_json::Value>,
}

/// Opens a round over a call and the offers in the pool. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/rounds", tag = "capacity",
    request_body = NewRound, security(("token" = [])),
    responses(
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such call (the field `call` is named)", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Opened", body = RoundView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn open_round(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewRound>,
) -> ApiResult<(StatusCode, axum::Json<RoundView>)> {
    let policy = body
        .policy
        .map(|p| cap::Policy::from_json(&p.to_string()))
        .transpose()
        .map_err(|e| {
            Problem::invalid(vec![FieldError {
                field: e.field,
                code: "capacity-err-invalid".into(),
                message: e.reason,
            }])
        })?;
    let row = cap::open_round(
        &state,
        &caller.actor,
        &body.id,
        &body.call,
        &body.title,
        (&body.window_start, &body.window_end),
        policy,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(cap::get_round(&state, &row.slug).await?),
    ))
}

/// A round: its pool, its explained result (every request's amount, offers and binding constraint), totals by region and accelerator class, and delivered against allocated.
#[utoipa::path(get, path = "/api/v1/capacity/rounds/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Round id")),
    responses(
        (status = 200, description = "The round", body = RoundView),
        (status = 404, description = "No such round", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_round(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(cap::get_round(&state, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RunRound {
    /// The solver's time limit in seconds (1–600, default 30).
    #[schema(minimum = 1, maximum = 600)]
    #[serde(default, deserialize_with = "super::whole::option_u64")]
    pub time_limit_seconds: Option<u64>,
}

/// Solves an open round, stores its explained result and appends it to the ledger in one transaction. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/rounds/{id}/run", tag = "capacity",
    params(("id" = String, Path, description = "Round id")),
    request_body = RunRound, security(("token" = [])),
    responses(
        (status = 409, description = "The round was already run", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Published", body = RoundView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The round was already run", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn run_round(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RunRound>,
) -> ApiResult<axum::Json<RoundView>> {
    let seconds = body.time_limit_seconds.unwrap_or(30);
    if !(1..=600).contains(&seconds) {
        return Err(Problem::invalid(vec![FieldError {
            field: "time_limit_seconds".into(),
            code: "err-range".into(),
            message: "between 1 and 600".into(),
        }]));
    }
    Ok(axum::Json(
        cap::run_round(
            &state,
            &caller.actor,
            &id,
            std::time::Duration::from_secs(seconds),
        )
        .await?,
    ))
}

/// The round's result as CSV (one row per request and offer granted, with the hours used).
#[utoipa::path(get, path = "/api/v1/capacity/rounds/{id}/results.csv", tag = "capacity",
    params(("id" = String, Path, description = "Round id")),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        (status = 404, description = "No such round or no result yet", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn results_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let csv = cap::round_csv(&state, &id).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{id}.csv\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        csv,
    )
        .into_response())
}

/// One usage report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UsageLine {
    pub request: String,
    pub offer: String,
    /// Accelerator-hours used of the allocation.
    pub used_hours: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UsageAccepted {
    pub accepted: usize,
}

/// Reports hours used per allocation: a JSON array, or a `text/csv` body with the header `request,offer,used_hours`. The offers must be the caller's; all rows or none.
#[utoipa::path(post, path = "/api/v1/capacity/rounds/{id}/usage", tag = "capacity",
    params(("id" = String, Path, description = "Round id")),
    request_body(content(
        (Vec<UsageLine> = "application/json"),
        (String = "text/csv"),
    )),
    security(("token" = [])),
    responses(
        (status = 409, description = "The round is closed", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Recorded", body = UsageAccepted),
        (status = 403, description = "Not the provider of an offer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A row names no allocation, or exceeds it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn report_usage(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<axum::Json<UsageAccepted>> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/csv"));
    let accepted = if is_csv {
        cap::report_usage_csv(&state, &caller.actor, &id, text_body(&body)?).await?
    } else {
        let lines: Vec<UsageLine> = serde_json::from_slice(&body).map_err(|e| {
            Problem::invalid(vec![FieldError {
                field: "usage".into(),
                code: "capacity-err-invalid".into(),
                message: e.to_string(),
            }])
        })?;
        let reports = lines
            .into_iter()
            .map(|l| cap::Usage {
                request: l.request,
                offer: l.offer,
                used_hours: l.used_hours,
            })
            .collect();
        cap::report_usage(&state, &caller.actor, &id, reports).await?
    };
    Ok(axum::Json(UsageAccepted { accepted }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CloseRound {
    /// The window the returned hours are offered in (YYYY-MM-DD).
    #[schema(format = Date)]
    pub next_window_start: String,
    #[schema(format = Date)]
    pub next_window_end: String,
}

/// Closes a published round: hours it did not deliver return to the pool of the next round. Secretariat only; recorded in the ledger.
#[utoipa::path(post, path = "/api/v1/capacity/rounds/{id}/close", tag = "capacity",
    params(("id" = String, Path, description = "Round id")),
    request_body = CloseRound, security(("token" = [])),
    responses(
        (status = 409, description = "The round is not published, or already closed", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Closed", body = RoundView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a published round, or a bad window", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn close_round(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CloseRound>,
) -> ApiResult<axum::Json<RoundView>> {
    Ok(axum::Json(
        cap::close_round(
            &state,
            &caller.actor,
            &id,
            (&body.next_window_start, &body.next_window_end),
        )
        .await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchSummary {
    pub id: String,
    pub title: String,
    /// `open` or `published`.
    pub status: String,
}

impl From<MatchRow> for MatchSummary {
    fn from(m: MatchRow) -> Self {
        MatchSummary {
            id: m.slug,
            title: m.title,
            status: m.status,
        }
    }
}

/// Fellowship matches.
#[utoipa::path(get, path = "/api/v1/capacity/matches", tag = "capacity",
    responses((status = 200, description = "Matches", body = Vec<MatchSummary>)))]
pub async fn list_matches(
    State(state): State<AppState>,
) -> ApiResult<axum::Json<Vec<MatchSummary>>> {
    Ok(axum::Json(
        cap::list_matches(&state)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMatch {
    /// 1 to 80 lower-case letters, digits, `-`, `_`, `.` or `+`.
    #[schema(pattern = "^[a-z0-9._+-]{1,80}$")]
    pub id: String,
    /// Not blank.
    #[schema(pattern = "\\S")]
    pub title: String,
}

/// Opens a fellowship match for programs and applications. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/matches", tag = "capacity",
    request_body = NewMatch, security(("token" = [])),
    responses(
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Opened", body = MatchSummary),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The id is taken", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_match(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewMatch>,
) -> ApiResult<(StatusCode, axum::Json<MatchSummary>)> {
    let row = cap::create_match(&state, &caller.actor, &body.id, &body.title).await?;
    Ok((StatusCode::CREATED, axum::Json(row.into())))
}

/// A match: its programs, the number of applicants and, once run, every applicant's match with the reasons for each program ranked higher.
#[utoipa::path(get, path = "/api/v1/capacity/matches/{id}", tag = "capacity",
    params(("id" = String, Path, description = "Match id")),
    responses(
        (status = 200, description = "The match", body = MatchView),
        (status = 404, description = "No such match", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_match(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<MatchView>> {
    Ok(axum::Json(cap::get_match(&state, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewProgram {
    /// Not blank.
    #[schema(pattern = "\\S")]
    pub title: String,
    /// The program: its places, who may take them, its ranking of applicants.
    pub program: ProgramBody,
}

/// Adds or replaces a program of an open match, with its ranking of applicants. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/matches/{id}/programs", tag = "capacity",
    params(("id" = String, Path, description = "Match id")),
    request_body = NewProgram, security(("token" = [])),
    responses(
        (status = 409, description = "The match was already run (`match` named)", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Stored"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such match", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_program(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewProgram>,
) -> ApiResult<StatusCode> {
    cap::put_program(
        &state,
        &caller.actor,
        &id,
        &body.title,
        to_json(&body.program),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewApplication {
    /// Program ids, preferred first (at least one; blank ones are skipped).
    #[schema(value_type = Vec<ProgramRef>, min_items = 1)]
    pub ranking: Vec<String>,
}

/// A program's id, as an application ranks it (not blank).
pub struct ProgramRef;

impl utoipa::PartialSchema for ProgramRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("\\S"))
            .into()
    }
}

impl utoipa::ToSchema for ProgramRef {}

/// Applies to an open match as the caller, ranking its programs (again: replaces).
#[utoipa::path(post, path = "/api/v1/capacity/matches/{id}/applications", tag = "capacity",
    params(("id" = String, Path, description = "Match id")),
    request_body = NewApplication, security(("token" = [])),
    responses(
        (status = 409, description = "The match was already run", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Recorded"),
        (status = 401, description = "Sign-in required", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown or repeated program, or no country on the caller's profile", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn apply(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewApplication>,
) -> ApiResult<StatusCode> {
    cap::apply(&state, &caller.actor, &id, body.ranking).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An applicant's ranking and, once the match is published, their program and why not each program they ranked higher.
#[utoipa::path(get, path = "/api/v1/capacity/matches/{id}/applications/{applicant}", tag = "capacity",
    params(("id" = String, Path, description = "Match id"), ("applicant" = String, Path, description = "Applicant username")),
    responses(
        (status = 200, description = "The application", body = ApplicantView),
        (status = 404, description = "No such application", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_application(
    State(state): State<AppState>,
    Path((id, applicant)): Path<(String, String)>,
) -> ApiResult<axum::Json<ApplicantView>> {
    Ok(axum::Json(
        cap::applicant_view(&state, &id, &applicant).await?,
    ))
}

/// Runs an open match (applicant-proposing deferred acceptance) and publishes the explained result to the ledger. Secretariat only.
#[utoipa::path(post, path = "/api/v1/capacity/matches/{id}/run", tag = "capacity",
    params(("id" = String, Path, description = "Match id")),
    security(("token" = [])),
    responses(
        (status = 409, description = "The match was already run", body = Problem, content_type = "application/problem+json"),
        (status = 200, description = "Published", body = MatchView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Already run", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn run_match(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> ApiResult<axum::Json<MatchView>> {
    Ok(axum::Json(
        cap::run_match_op(&state, &caller.actor, &id).await?,
    ))
}

/// The caller's notices, newest first: what their requests got and their offers gave in each published round, and their program in each published match; `text` is in the caller's language.
#[utoipa::path(get, path = "/api/v1/capacity/notices", tag = "capacity",
    security(("token" = [])),
    responses(
        (status = 200, description = "Notices", body = Vec<waico_app::capacity::notices::NoticeView>),
        (status = 401, description = "No token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_notices(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
) -> ApiResult<axum::Json<Vec<waico_app::capacity::notices::NoticeView>>> {
    let lang = caller
        .user
        .as_ref()
        .map(|u| u.language)
        .unwrap_or(waico_members::Lang::En);
    let tr = waico_i18n::Tr::new(lang);
    Ok(axum::Json(
        waico_app::capacity::notices::my_notices(&state, &caller.actor, &tr).await?,
    ))
}

/// Export licences recorded as granted, oldest first.
#[utoipa::path(get, path = "/api/v1/capacity/licences", tag = "capacity",
    responses((status = 200, description = "Licences", body = Vec<waico_app::capacity::licences::LicenceView>)))]
pub async fn list_licences(
    State(state): State<AppState>,
) -> ApiResult<axum::Json<Vec<waico_app::capacity::licences::LicenceView>>> {
    Ok(axum::Json(
        waico_app::capacity::licences::list_licences(&state).await?,
    ))
}

/// Records an export licence as granted: it lifts a `licence_required` rule for one destination and the export classes it names, on the days it is valid, from the next round on. Secretariat only; recorded in the ledger (`capacity_licence_granted`).
#[utoipa::path(post, path = "/api/v1/capacity/licences", tag = "capacity",
    request_body = NewLicence,
    security(("token" = [])),
    responses(
        (status = 201, description = "Recorded", body = waico_app::capacity::licences::LicenceView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No rule of that id applies to the jurisdiction in the rules in force (`rule` named)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The rule bars, which no licence lifts (`rule` named, `capacity-err-barred`), or the id is taken (`id` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (named), or the window of validity ends before it starts", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn grant_licence(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(body): ApiJson<NewLicence>,
) -> ApiResult<(
    StatusCode,
    axum::Json<waico_app::capacity::licences::LicenceView>,
)> {
    let view =
        waico_app::capacity::licences::grant_licence(&state, &caller.actor, to_json(&body)).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RevokeInput {
    /// Why the licence is revoked (kept with it and in the ledger); not blank.
    #[schema(pattern = "\\S")]
    pub reason: String,
}

/// Revokes an export licence: from the next round on it lifts nothing; it stays listed with who revoked it, when and why. Secretariat only; recorded in the ledger (`capacity_licence_revoked`).
#[utoipa::path(post, path = "/api/v1/capacity/licences/{id}/revoke", tag = "capacity",
    params(("id" = String, Path, description = "The licence's id")),
    request_body = RevokeInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Revoked", body = waico_app::capacity::licences::LicenceView),
        (status = 401, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such licence", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Revoked already (`id` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one over 2,000 characters", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_licence(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RevokeInput>,
) -> ApiResult<axum::Json<waico_app::capacity::licences::LicenceView>> {
    Ok(axum::Json(
        waico_app::capacity::licences::revoke_licence(&state, &caller.actor, &id, &body.reason)
            .await?,
    ))
}
