//! `/api/v1/systems/{id}/work…` and `/api/v1/work/…`: compliance work on a
//! registered system's obligations — assignments, steps and review,
//! evidence files (multipart upload, download by SHA-256), the history, what
//! changed between two assessments, the dashboard and iCalendar feeds.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ApiQuery;
use crate::AppState;
use crate::auth::{ApiCaller, TokenHolder};
use crate::problem::{ApiJson, FieldError, Problem};
use waico_app::OpError;
use waico_app::framework::work::{
    self as work, AssignInput, Dashboard, DiffView, EvidenceView, HistoryEntry, WorkBoard,
};
use waico_store::WorkItem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board, assign))
        .routes(routes!(history))
        .routes(routes!(move_item))
        .routes(routes!(evidence))
        .routes(routes!(diff))
        .routes(routes!(dashboard))
        .routes(routes!(due_all))
        .routes(routes!(due_system))
}

/// Routes whose body may be larger than the node's form limit (read here,
/// up to the evidence limit).
pub fn upload_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_evidence))
}

/// A work item as stored.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct ItemStored {
    pub id: i64,
    pub obligation: String,
    pub jurisdiction: String,
    /// open, in_progress, submitted, accepted or returned.
    pub status: String,
    pub due_date: Option<String>,
    pub updated_at: i64,
}

impl From<WorkItem> for ItemStored {
    fn from(i: WorkItem) -> Self {
        ItemStored {
            id: i.id,
            obligation: i.obligation,
            jurisdiction: i.jurisdiction,
            status: i.status,
            due_date: i.due_date,
            updated_at: i.updated_at,
        }
    }
}

/// The system's obligations (from its latest assessment) with the work on each.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/work", tag = "work",
    params(("id" = String, Path, description = "System (profile) id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The work board", body = WorkBoard),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn board(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<WorkBoard>, Problem> {
    Ok(axum::Json(work::board(&state, &caller.actor, &id).await?))
}

/// Assigns an obligation to a person with a due date (creates its work item,
/// or changes who and when).
#[utoipa::path(
    post, path = "/api/v1/systems/{id}/work", tag = "work",
    params(("id" = String, Path, description = "System (profile) id")),
    request_body = AssignInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Assigned", body = ItemStored),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown obligation or user, or a bad date", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn assign(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AssignInput>,
) -> Result<axum::Json<ItemStored>, Problem> {
    Ok(axum::Json(
        work::assign(&state, &caller.actor, &id, &input)
            .await?
            .into(),
    ))
}

/// The history of the system's work, newest first.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/work/history", tag = "work",
    params(("id" = String, Path, description = "System (profile) id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The events", body = Vec<HistoryEntry>),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<HistoryEntry>>, Problem> {
    Ok(axum::Json(work::history(&state, &caller.actor, &id).await?))
}

/// A step of a work item (with a comment), or a comment alone.
#[derive(Debug, Deserialize)]
pub struct MoveInput {
    /// in_progress, submitted, accepted, returned; absent for a comment alone.
    #[serde(default)]
    pub status: Option<String>,
    /// Required to return an item, and for a comment alone.
    #[serde(default)]
    pub comment: String,
}

/// The steps a work item can be moved to.
const STEPS: [&str; 4] = ["in_progress", "submitted", "accepted", "returned"];

impl utoipa::PartialSchema for MoveInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
        let comment = |required: bool| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(work::MAX_COMMENT_CHARS))
                .pattern(required.then_some("\\S"))
        };
        let status = |names: &[&str]| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(names.iter().map(|n| n.to_string())))
        };
        OneOfBuilder::new()
            .item(Schema::Object(
                ObjectBuilder::new()
                    .property("status", status(&STEPS[..3]))
                    .required("status")
                    .property("comment", comment(false))
                    .build(),
            ))
            .item(Schema::Object(
                ObjectBuilder::new()
                    .property("status", status(&STEPS[3..]))
                    .required("status")
                    .property("comment", comment(true))
                    .required("comment")
                    .build(),
            ))
            .item(Schema::Object(
                ObjectBuilder::new()
                    .property("status", ObjectBuilder::new().schema_type(Type::Null))
                    .property("comment", comment(true))
                    .required("comment")
                    .build(),
            ))
            .description(Some(
                "A step (`in_progress`, `submitted`, `accepted`, or `returned` with a comment \
                 saying why) with an optional comment, or a comment alone (no `status`); a \
                 comment is at most 4,000 characters. Whether the item's state allows the step \
                 is the node's to say (409)",
            ))
            .into()
    }
}

impl utoipa::ToSchema for MoveInput {}

/// The form of a step, checked before the item is looked at: a step that
/// is not one, a return or a comment alone without a comment, a comment
/// too long (422, each field named). What the item's state allows is the
/// node's to say afterwards (409).
fn check_move(input: &MoveInput) -> Result<(), Problem> {
    let mut errors = Vec::new();
    let mut refuse = |field: &str, code: &str| {
        errors.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: crate::problem::english(code),
        })
    };
    let blank = input.comment.trim().is_empty();
    if input.comment.chars().count() > work::MAX_COMMENT_CHARS {
        refuse("comment", "work-err-comment-long");
    }
    match input.status.as_deref() {
        None if blank => refuse("comment", "err-required"),
        None => {}
        Some("returned") if blank => refuse("comment", "work-err-no-comment"),
        Some(s) if STEPS.contains(&s) => {}
        Some(_) => refuse("status", "err-invalid-choice"),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid(errors))
    }
}

/// Moves a work item on (start, submit for review, accept, return) or comments on it.
#[utoipa::path(
    post, path = "/api/v1/systems/{id}/work/{item}", tag = "work",
    params(("id" = String, Path, description = "System (profile) id"), ("item" = i64, Path, description = "Work item number")),
    request_body = MoveInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The item after the step", body = ItemStored),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed (a submitter never reviews their own submission)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A step the item's state does not allow (`work-err-step`), a submission without evidence (`work-err-no-evidence`), or the item was moved meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such step, no comment to return or to add, a comment too long; each field named", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn move_item(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path((id, item)): Path<(String, i64)>,
    ApiJson(input): ApiJson<MoveInput>,
) -> Result<axum::Json<ItemStored>, Problem> {
    check_move(&input)?;
    match input.status.as_deref() {
        Some(to) => Ok(axum::Json(
            work::move_item(&state, &caller.actor, &id, item, to, &input.comment)
                .await?
                .into(),
        )),
        None => {
            work::comment(&state, &caller.actor, &id, item, &input.comment).await?;
            let found = state.store.work_item(item).await.map_err(OpError::from)?;
            Ok(axum::Json(found.into()))
        }
    }
}

fn too_large(limit: usize) -> Problem {
    let mut p = Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("an evidence file may be at most {limit} bytes"),
    );
    p.errors.push(FieldError {
        field: "file".into(),
        code: "work-err-file-too-large".into(),
        message: format!("at most {limit} bytes"),
    });
    p
}

/// Attaches an evidence file to a work item: a `multipart/form-data` body
/// whose part `file` carries the file with its name and content type (PDF,
/// PNG, JPEG, ZIP, Office and OpenDocument files, plain text, CSV,
/// Markdown, JSON; the bytes must be of that type). Stored by SHA-256.
#[utoipa::path(
    post, path = "/api/v1/systems/{id}/work/{item}/evidence", tag = "work",
    params(("id" = String, Path, description = "System (profile) id"), ("item" = i64, Path, description = "Work item number")),
    request_body(content = String, description = "multipart/form-data with a part `file`", content_type = "multipart/form-data"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Attached", body = EvidenceView),
        (status = 400, description = "Not a multipart body with a file part", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The item is accepted: no evidence is added to it (`work-err-step`; reopen it first)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the evidence limit, which the problem states", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Refused type or content", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_evidence(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path((id, item)): Path<(String, i64)>,
    request: Request<Body>,
) -> Result<(StatusCode, axum::Json<EvidenceView>), Problem> {
    let limit = state.settings.evidence_max_bytes;
    let (parts, body) = request.into_parts();
    // Room for the multipart framing and the other fields.
    let bytes = axum::body::to_bytes(body, limit + 16 * 1024)
        .await
        .map_err(|_| too_large(limit))?;
    let file = crate::multipart::parts_of(&parts.headers, &bytes)
        .and_then(|all| all.into_iter().find(|p| p.name == "file"))
        .ok_or_else(|| {
            let mut p = Problem::new(
                StatusCode::BAD_REQUEST,
                "send multipart/form-data with the file in a part named `file`".to_owned(),
            );
            p.errors.push(FieldError {
                field: "file".into(),
                code: "err-required".into(),
                message: "a part named `file` is required".into(),
            });
            p
        })?;
    let saved = work::add_evidence(
        &state,
        &caller.actor,
        &id,
        item,
        file.file_name.as_deref().unwrap_or(""),
        file.content_type.as_deref().unwrap_or(""),
        file.data,
    )
    .await;
    match saved {
        Ok(e) => Ok((
            StatusCode::CREATED,
            axum::Json(EvidenceView {
                sha256: e.sha256,
                file_name: e.file_name,
                content_type: e.content_type,
                size: e.size,
                uploaded_by: caller.user.map(|u| u.username),
                uploaded_at: waico_store::now_ms(),
            }),
        )),
        Err(OpError::Invalid(list)) if list.iter().any(|i| i.key == "work-err-file-too-large") => {
            Err(too_large(limit))
        }
        Err(e) => Err(e.into()),
    }
}

/// An evidence file of the system, by SHA-256 (downloaded as an attachment).
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/evidence/{sha256}", tag = "work",
    params(("id" = String, Path, description = "System (profile) id"), ("sha256" = String, Path, description = "The file's SHA-256, hex")),
    security(("token" = [])),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn evidence(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, sha256)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let (file, bytes) = work::evidence_file(&state, &caller.actor, &id, &sha256).await?;
    Ok(file_response(&file.content_type, &file.file_name, bytes))
}

/// An evidence file as a download: its stored type, never rendered inline.
pub fn file_response(content_type: &str, file_name: &str, bytes: axum::body::Bytes) -> Response {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The older assessment (default: the one before `to`).
    from: Option<i64>,
    /// The newer assessment (default: the latest).
    to: Option<i64>,
}

/// What changed in obligations and risk classes between two assessments of the system.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/diff", tag = "work",
    params(("id" = String, Path, description = "System (profile) id"), DiffQuery),
    responses(
        (status = 200, description = "Obligations added, removed, changed; risk classes changed", body = DiffView),
        (status = 404, description = "No such system, fewer than two assessments, or not its assessments", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn diff(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<DiffQuery>,
) -> Result<axum::Json<DiffView>, Problem> {
    Ok(axum::Json(work::diff(&state, &id, q.from, q.to).await?))
}

/// Open work the caller may see: totals, per institution, per state, and the items assigned to them.
#[utoipa::path(
    get, path = "/api/v1/work/dashboard", tag = "work",
    security(("token" = [])),
    responses(
        (status = 200, description = "The dashboard", body = Dashboard),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn dashboard(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Dashboard>, Problem> {
    Ok(axum::Json(
        work::dashboard(&state, &caller.actor, &waico_app::framework::today_utc()).await?,
    ))
}

fn calendar(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// The due dates of the open work items the caller may see, as an iCalendar feed.
#[utoipa::path(
    get, path = "/api/v1/work/due.ics", tag = "work",
    security(("token" = [])),
    responses(
        (status = 200, description = "iCalendar (RFC 5545)", content_type = "text/calendar"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn due_all(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Response, Problem> {
    Ok(calendar(work::due_feed(&state, &caller.actor, None).await?))
}

/// The due dates of one system's open work items, as an iCalendar feed.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/work/due.ics", tag = "work",
    params(("id" = String, Path, description = "System (profile) id")),
    security(("token" = [])),
    responses(
        (status = 200, description = "iCalendar (RFC 5545)", content_type = "text/calendar"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such system", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn due_system(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    Ok(calendar(
        work::due_feed(&state, &caller.actor, Some(&id)).await?,
    ))
}
