//! `/api/v1/safety/...`: AI incident and vulnerability reports under TLP
//! 2.0 — list, search, submit, workflow, comments, assignment, merging of
//! duplicates, statistics, exports (JSONL, CSV, STIX 2.1), AVID and CSV
//! import, and the Atom feed of public reports. Every answer holds only
//! what the caller may see; the app layer applies the domain's decision.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use waico_app::OpError;
use waico_app::safety::{
    self as app, CommentInput, ExportFormat, ImportFormat, ImportOutcome, ListFilter, MarkingInput,
    ReportList, ReportSummary, ReportView, StepInput, SubmitInput,
};

use super::ApiQuery;
use crate::AppState;
use crate::auth::{ApiCaller, TokenHolder};
use crate::problem::{ApiJson, Problem};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, submit))
        .routes(routes!(get_one))
        .routes(routes!(step))
        .routes(routes!(remark))
        .routes(routes!(eu_report))
        .routes(routes!(comment))
        .routes(routes!(assign))
        .routes(routes!(merge))
        .routes(routes!(openings))
        .routes(routes!(search))
        .routes(routes!(statistics))
        .routes(routes!(export))
        .routes(routes!(import))
        .routes(routes!(linked))
        .routes(routes!(feed))
}

fn typed(content_type: &'static str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

/// The reports the caller may see, newest first, filtered by taxonomy
/// values, state and level; with `q`, full-text search.
#[utoipa::path(
    get, path = "/api/v1/safety/reports", tag = "safety",
    security((), ("token" = [])),
    params(ListFilter),
    responses(
        (status = 200, description = "A page of visible reports", body = ReportList),
        (status = 422, description = "A bad filter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(filter): ApiQuery<ListFilter>,
) -> Result<axum::Json<ReportList>, Problem> {
    Ok(axum::Json(app::list(&state, &caller.actor, &filter).await?))
}

/// Submits a report. Its TLP marking decides who sees it; publishing it
/// appends its hash (TLP:CLEAR) or a commitment (restricted) to the ledger.
#[utoipa::path(
    post, path = "/api/v1/safety/reports", tag = "safety",
    request_body = SubmitInput,
    security(("token" = [])),
    responses(
        (status = 404, description = "No user of a recipient's name (`recipients` named), or no system of a linked slug on this node (`systems` named)", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Submitted", body = ReportView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<SubmitInput>,
) -> Result<(StatusCode, axum::Json<ReportView>), Problem> {
    let r = app::submit(&state, &caller.actor, &input).await?;
    let view = app::get(&state, &caller.actor, r.id.as_str()).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// One report with the comments the caller may see and its legal duties.
#[utoipa::path(
    get, path = "/api/v1/safety/reports/{id}", tag = "safety",
    security((), ("token" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report", body = ReportView),
        (status = 404, description = "No such report, or hidden from the caller by its TLP marking", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<ReportView>, Problem> {
    Ok(axum::Json(app::get(&state, &caller.actor, &id).await?))
}

/// Moves a report one step: triage, confirm, mitigate, close, reject (with a reason), reopen, withdraw.
#[utoipa::path(
    post, path = "/api/v1/safety/reports/{id}/steps", tag = "safety",
    params(("id" = String, Path, description = "Report id")),
    request_body = StepInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The report after the step", body = ReportView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not possible in the report's state", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn step(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<axum::Json<ReportView>, Problem> {
    Ok(axum::Json(
        app::step(&state, &caller.actor, &id, &input).await?,
    ))
}

/// Changes a report's marking (its author, or the secretariat's triagers).
/// Made TLP:CLEAR, a restricted report's hash is published in the ledger.
#[utoipa::path(
    post, path = "/api/v1/safety/reports/{id}/marking", tag = "safety",
    params(("id" = String, Path, description = "Report id")),
    request_body = MarkingInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The report under its new marking", body = ReportView),
        (status = 204, description = "Changed; the new marking hides the report from the caller"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the author nor a triager", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found, or no longer visible to the caller under the new marking", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad level, community or recipient", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remark(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MarkingInput>,
) -> Result<Response, Problem> {
    Ok(
        match app::remark(&state, &caller.actor, &id, &input).await? {
            Some(view) => axum::Json(view).into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct EuReportQuery {
    /// `initial` (Art. 73(5), the default) or `complete`.
    stage: Option<String>,
    /// The linked AI system the report is for (default: the first with an EU duty).
    system: Option<String>,
}

/// The EU serious-incident report (AI Act Art. 73) of an incident linked to
/// a registered system, as JSON in the shape of the Commission's template;
/// fields the node cannot know are null, for the provider to complete.
#[utoipa::path(
    get, path = "/api/v1/safety/reports/{id}/eu-report", tag = "safety",
    params(("id" = String, Path, description = "Report id"), EuReportQuery),
    responses(
        (status = 200, description = "The EU serious-incident report", body = Object),
        (status = 404, description = "Not found (or not visible)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a legal incident, or no EU Art. 73 duty applies to a linked system", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad stage, or a system not linked to the report", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn eu_report(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<EuReportQuery>,
) -> Result<Response, Problem> {
    let stage = app::parse_stage(q.stage.as_deref())?;
    let report = app::eu_report(&state, &caller.actor, &id, q.system.as_deref(), stage).await?;
    let body = serde_json::to_string_pretty(&report)
        .map_err(|e| Problem::from(OpError::Internal(e.to_string())))?;
    let mut res = typed("application/json", body);
    let name = format!("attachment; filename=\"eu-serious-incident-{id}.json\"");
    if let Ok(v) = HeaderValue::from_str(&name) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Comments on a report, under a marking at least as restrictive as the report's.
#[utoipa::path(
    post, path = "/api/v1/safety/reports/{id}/comments", tag = "safety",
    params(("id" = String, Path, description = "Report id")),
    request_body = CommentInput,
    security(("token" = [])),
    responses(
        (status = 201, description = "The report with the comment", body = ReportView),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A level below the report's (`tlp` named, `safety-err-wrong-state`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CommentInput>,
) -> Result<(StatusCode, axum::Json<ReportView>), Problem> {
    let v = app::comment(&state, &caller.actor, &id, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(v)))
}

/// Whom to assign.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AssignInput {
    /// A user name; the user must be able to see the report.
    #[schema(pattern = "^\\s*[A-Za-z][A-Za-z0-9._-]{2,31}\\s*$")]
    pub username: String,
}

/// Assigns a report (secretariat).
#[utoipa::path(
    post, path = "/api/v1/safety/reports/{id}/assignees", tag = "safety",
    params(("id" = String, Path, description = "Report id")),
    request_body = AssignInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The report", body = ReportView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user of that name (`assignee` named)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A user the report's marking hides it from (`assignee` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn assign(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AssignInput>,
) -> Result<axum::Json<ReportView>, Problem> {
    Ok(axum::Json(
        app::assign(&state, &caller.actor, &id, &input.username).await?,
    ))
}

/// Which report a duplicate merges into.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MergeInput {
    /// The report that keeps the sources (404 when there is none of that
    /// id that the caller may see).
    #[schema(pattern = "\\S")]
    pub target: String,
}

/// Merges the report into `target` as a duplicate; the target keeps its sources (secretariat).
#[utoipa::path(
    post, path = "/api/v1/safety/reports/{id}/merge", tag = "safety",
    params(("id" = String, Path, description = "The duplicate's id")),
    request_body = MergeInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The target after the merge", body = ReportView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a possible target: shared more widely, itself a duplicate or withdrawn, or the report itself (`target` named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn merge(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MergeInput>,
) -> Result<axum::Json<ReportView>, Problem> {
    Ok(axum::Json(
        app::merge(&state, &caller.actor, &id, &input.target).await?,
    ))
}

/// The openings of a restricted report's ledger commitments (to those who may see it).
#[utoipa::path(
    get, path = "/api/v1/safety/reports/{id}/openings", tag = "safety",
    security((), ("token" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "Commitment, nonce and the document committed to", body = Vec<Object>),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn openings(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let rows = app::openings(&state, &caller.actor, &id).await?;
    Ok(axum::Json(
        serde_json::to_value(rows).map_err(|e| OpError::Internal(e.to_string()))?,
    ))
}

/// A search.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    pub q: String,
    /// Hits to skip, at most 10000.
    #[param(minimum = 0, maximum = 10_000)]
    pub offset: Option<usize>,
    /// 1 to 100 (default 20; more is taken as 100).
    #[param(minimum = 0)]
    pub limit: Option<usize>,
}

/// Full-text search over the reports the caller may see, with snippets.
#[utoipa::path(
    get, path = "/api/v1/safety/search", tag = "safety",
    security((), ("token" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "Hits (id, score, title, snippet) and their total", body = Object),
        (status = 422, description = "A bad query", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let r = app::search(
        &state,
        &caller.actor,
        &p.q,
        p.offset.unwrap_or(0),
        p.limit.unwrap_or(20),
    )
    .await?;
    Ok(axum::Json(
        serde_json::to_value(r).map_err(|e| OpError::Internal(e.to_string()))?,
    ))
}

/// Counts by harm type, sector, country, month, level and state over the reports the caller may see.
#[utoipa::path(
    get, path = "/api/v1/safety/statistics", tag = "safety",
    security((), ("token" = [])),
    responses((status = 200, description = "Counts", body = Object))
)]
pub async fn statistics(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let s = app::statistics(&state, &caller.actor).await?;
    Ok(axum::Json(
        serde_json::to_value(s).map_err(|e| OpError::Internal(e.to_string()))?,
    ))
}

/// An export's format.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `jsonl`, `csv` or `stix` (a STIX 2.1 bundle with TLP 2.0 marking definitions).
    #[param(pattern = "^(jsonl|csv|stix)$")]
    pub format: String,
}

/// The reports the caller may see, exported.
#[utoipa::path(
    get, path = "/api/v1/safety/export", tag = "safety",
    security((), ("token" = [])),
    params(ExportParams),
    responses(
        (status = 200, description = "JSONL, CSV or a STIX 2.1 bundle", content((String = "application/jsonl"), (String = "text/csv"), (Object = "application/stix+json"))),
        (status = 422, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(p): ApiQuery<ExportParams>,
) -> Result<Response, Problem> {
    let format = ExportFormat::parse(&p.format)?;
    let body = app::export(&state, &caller.actor, format).await?;
    Ok(typed(format.content_type(), body))
}

/// What an import is and how its reports are marked.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `avid` (AVID JSON 0.1–0.3: one report, an array, or one per line) or `csv`.
    #[param(pattern = "^(avid|csv)$")]
    pub format: String,
    /// The marking of the imported reports (default `CLEAR`): CLEAR, GREEN,
    /// AMBER (with `community`), AMBER+STRICT or RED (with `recipients`);
    /// `TLP:` prefix and any case allowed.
    #[param(
        pattern = "^\\s*([Tt][Ll][Pp]:)?([Cc][Ll][Ee][Aa][Rr]|[Gg][Rr][Ee][Ee][Nn]|[Aa][Mm][Bb][Ee][Rr](\\+[Ss][Tt][Rr][Ii][Cc][Tt])?|[Rr][Ee][Dd])\\s*$"
    )]
    pub tlp: Option<String>,
    /// For AMBER: the community.
    pub community: Option<String>,
    /// For RED: recipients' user names, comma-separated.
    pub recipients: Option<String>,
}

/// Imports AVID or CSV reports, all or nothing, with duplicate suggestions (secretariat).
#[utoipa::path(
    post, path = "/api/v1/safety/import", tag = "safety",
    params(ImportParams),
    request_body(content = String, description = "The file", content_type = "application/json"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Imported", body = ImportOutcome),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A report of the file is invalid (nothing imported)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn import(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    ApiQuery(p): ApiQuery<ImportParams>,
    body: Bytes,
) -> Result<(StatusCode, axum::Json<ImportOutcome>), Problem> {
    let format = match p.format.as_str() {
        "avid" => ImportFormat::Avid,
        "csv" => ImportFormat::Csv,
        _ => return Err(app::invalid("format", "avid or csv").into()),
    };
    let text = std::str::from_utf8(&body).map_err(|_| app::invalid("file", "not UTF-8"))?;
    if text.trim().is_empty() {
        return Err(app::invalid("file", "empty").into());
    }
    let marking = MarkingInput {
        tlp: p.tlp.unwrap_or_else(|| "CLEAR".into()),
        community: p.community,
        recipients: p
            .recipients
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect(),
    };
    let out = app::import(&state, &caller.actor, format, text, &marking).await?;
    Ok((StatusCode::CREATED, axum::Json(out)))
}

/// What the linked reports concern.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkedParams {
    /// `system` or `repo`.
    #[param(pattern = "^(system|repo)$")]
    pub kind: String,
    /// The AI system's id, or the repository (`models/owner/name`).
    pub target: String,
}

/// The reports the caller may see that concern an AI system or a commons repository.
#[utoipa::path(
    get, path = "/api/v1/safety/linked", tag = "safety",
    security((), ("token" = [])),
    params(LinkedParams),
    responses((status = 200, description = "Visible reports", body = Vec<ReportSummary>))
)]
pub async fn linked(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(p): ApiQuery<LinkedParams>,
) -> Result<axum::Json<Vec<ReportSummary>>, Problem> {
    if p.kind != "system" && p.kind != "repo" {
        return Err(app::invalid("kind", "system or repo").into());
    }
    Ok(axum::Json(
        app::linked(&state, &caller.actor, &p.kind, &p.target).await?,
    ))
}

/// The Atom feed of public (TLP:CLEAR) reports, the same for everyone.
#[utoipa::path(
    get, path = "/api/v1/safety/feed.atom", tag = "safety",
    responses((status = 200, description = "Atom 1.0", body = String, content_type = "application/atom+xml"))
)]
pub async fn feed(State(state): State<AppState>) -> Result<Response, Problem> {
    let reports = app::public_feed(&state, 50).await?;
    Ok(typed(
        "application/atom+xml; charset=utf-8",
        atom(&reports, state.ledger.origin()),
    ))
}

pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An Atom 1.0 feed (RFC 4287) of `reports`, which the caller has already
/// limited to public ones.
pub fn atom(reports: &[waico_safety::report::Report], node: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    let stamp = |t: time::OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
    let updated = reports
        .iter()
        .map(|r| r.submitted_at)
        .max()
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!(
        "  <id>urn:waico:{}:safety:public</id>\n  <title>WAICO safety reports (TLP:CLEAR)</title>\n  <updated>{}</updated>\n  <link rel=\"self\" href=\"/api/v1/safety/feed.atom\"/>\n",
        xml_escape(node),
        stamp(updated)
    ));
    for r in reports {
        out.push_str(&format!(
            "  <entry>\n    <id>urn:waico:{}:safety:{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <link href=\"/safety/reports/{}\"/>\n    <category term=\"TLP:CLEAR\"/>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(node),
            xml_escape(r.id.as_str()),
            xml_escape(&r.content.title.to_string()),
            stamp(r.submitted_at),
            xml_escape(node),
            xml_escape(r.id.as_str()),
            xml_escape(&r.content.description.chars().take(1000).collect::<String>()),
        ));
    }
    out.push_str("</feed>\n");
    out
}
