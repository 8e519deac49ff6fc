//! Compliance work pages: a system's obligations with their work items
//! (assign, move on, comment, attach evidence with a file picker, review),
//! its history and what changed since the previous assessment; and the
//! `/work` dashboard of open work.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use waico_app::OpError;
use waico_app::framework::work::{self as work, Dashboard, HistoryEntry, WorkBoard};
use waico_framework::work::{ItemStatus, evidence_types};
use waico_framework::worklist::AssessmentDiff;

use super::{FormErrors, ok, page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/work", get(dashboard))
        .route("/systems/{id}/work", get(board).post(act))
        .route("/systems/{id}/work/{item}/evidence", post(evidence))
        .route("/systems/{id}/work/evidence/{sha256}", get(download))
}

impl Viewer {
    /// A work item's status in the viewer's language.
    pub fn item_status(&self, slug: &str) -> String {
        self.tr.t_or(
            &format!("work-item-status-{}", slug.replace('_', "-")),
            slug,
        )
    }
}

#[derive(Template)]
#[template(path = "work.html")]
struct WorkPage<'a> {
    v: &'a Viewer,
    board: WorkBoard,
    history: Vec<HistoryEntry>,
    diff: Option<AssessmentDiff>,
    errors: FormErrors,
    /// Steps a form offers.
    steps: Vec<&'static str>,
    accept: String,
}

async fn show(v: &Viewer, state: &AppState, id: &str, errors: FormErrors) -> Response {
    let actor = v.actor();
    let board = match work::board(state, &actor, id).await {
        Ok(b) => b,
        Err(e) => return page_error(v, &e),
    };
    let history = match work::history(state, &actor, id).await {
        Ok(h) => h,
        Err(e) => return page_error(v, &e),
    };
    let diff = match work::diff(state, id, None, None).await {
        Ok(d) => Some(d.diff),
        Err(OpError::NotFound) => None,
        Err(e) => return page_error(v, &e),
    };
    let status = if errors.any() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    render(
        v,
        status,
        &WorkPage {
            v,
            board,
            history,
            diff,
            errors,
            steps: ItemStatus::ALL
                .into_iter()
                .filter(|s| *s != ItemStatus::Open)
                .map(ItemStatus::slug)
                .collect(),
            accept: evidence_types().collect::<Vec<_>>().join(","),
        },
    )
}

async fn board(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    show(&v, &state, &id, FormErrors::default()).await
}

/// The forms of the work page: `do` is `assign`, `move` or `comment`.
async fn act(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let field = |name: &str| -> String {
        form_urlencoded::parse(&body)
            .find(|(k, _)| k == name)
            .map(|(_, val)| val.into_owned())
            .unwrap_or_default()
    };
    let actor = v.actor();
    let item = field("item").trim().parse::<i64>().unwrap_or(0);
    let done = match field("do").as_str() {
        "assign" => work::assign(
            &state,
            &actor,
            &id,
            &work::AssignInput {
                obligation: field("obligation"),
                assignee: field("assignee"),
                due_date: field("due_date"),
            },
        )
        .await
        .map(|_| ()),
        "move" => work::move_item(
            &state,
            &actor,
            &id,
            item,
            &field("status"),
            &field("comment"),
        )
        .await
        .map(|_| ()),
        "comment" => work::comment(&state, &actor, &id, item, &field("comment")).await,
        _ => Err(OpError::Invalid(vec![waico_members::Invalid::new(
            "do",
            "err-invalid-choice",
        )])),
    };
    finish(&v, &state, &id, done).await
}

async fn finish(v: &Viewer, state: &AppState, id: &str, done: Result<(), OpError>) -> Response {
    match done {
        Ok(()) => see_other(&format!("/systems/{id}/work")),
        Err(e) => match FormErrors::from_op(v, &e) {
            Some(errors) => show(v, state, id, errors).await,
            None => page_error(v, &e),
        },
    }
}

/// The evidence form: `multipart/form-data` with the file in `file` (the
/// CSRF guard read its `csrf` part).
async fn evidence(
    v: Viewer,
    State(state): State<AppState>,
    Path((id, item)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let file = crate::multipart::parts_of(&headers, &body)
        .and_then(|parts| parts.into_iter().find(|p| p.name == "file"))
        .filter(|p| p.file_name.as_deref().is_some_and(|n| !n.is_empty()));
    let done = match file {
        None => Err(OpError::Invalid(vec![waico_members::Invalid::new(
            "file",
            "err-required",
        )])),
        Some(f) => work::add_evidence(
            &state,
            &v.actor(),
            &id,
            item,
            f.file_name.as_deref().unwrap_or(""),
            f.content_type.as_deref().unwrap_or(""),
            f.data,
        )
        .await
        .map(|_| ()),
    };
    finish(&v, &state, &id, done).await
}

async fn download(
    v: Viewer,
    State(state): State<AppState>,
    Path((id, sha256)): Path<(String, String)>,
) -> Response {
    match work::evidence_file(&state, &v.actor(), &id, &sha256).await {
        Ok((file, bytes)) => {
            crate::api::work::file_response(&file.content_type, &file.file_name, bytes)
        }
        Err(e) => page_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "work_dashboard.html")]
struct DashboardPage<'a> {
    v: &'a Viewer,
    d: Dashboard,
    /// By institution, then by state: title and rows.
    sections: Vec<(String, Vec<work::DashboardGroup>)>,
}

async fn dashboard(v: Viewer, State(state): State<AppState>) -> Response {
    match work::dashboard(&state, &v.actor(), &waico_app::framework::today_utc()).await {
        Ok(d) => {
            let sections = vec![
                (v.t("work-by-institution"), d.by_institution.clone()),
                (v.t("work-by-state"), d.by_state.clone()),
            ];
            ok(&v, &DashboardPage { v: &v, d, sections })
        }
        Err(e) => page_error(&v, &e),
    }
}
