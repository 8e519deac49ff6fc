//! The history page of a commons repository: the commits of any branch, tag
//! or commit, newest first, fifty at a time, each with the number of files
//! it changed; older pages continue from the last shown commit's parent.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

use super::{ok, page_error, render_error};
use crate::AppState;
use crate::auth::Viewer;
use crate::repo_ref::PageRepo;
use waico_app::OpError;
use waico_app::commons;

/// Commits per page.
const PER_PAGE: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new().route("/commons/{kinds}/{owner}/{name}/history", get(history))
}

struct Row {
    id: String,
    short: String,
    author: String,
    message: String,
    /// Milliseconds since the Unix epoch.
    date: i64,
    files_changed: i64,
}

#[derive(Template)]
#[template(path = "commons_history.html")]
struct HistoryPage<'a> {
    v: &'a Viewer,
    id: String,
    owner: String,
    kinds: String,
    rev: String,
    /// Whether this is an older page (a link back to the newest is shown).
    older: bool,
    commits: Vec<Row>,
    /// The link to the next older page, or empty.
    next: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Params {
    #[serde(default)]
    rev: String,
    #[serde(default)]
    before: String,
}

async fn history(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
    Query(q): Query<Params>,
) -> Response {
    let rev = if q.rev.is_empty() {
        "main".to_owned()
    } else {
        q.rev.clone()
    };
    let page = match commons::history_page(&state, &repo, &rev, Some(&q.before), PER_PAGE).await {
        Ok(p) => p,
        // An unknown or malformed revision is a page that does not exist.
        Err(OpError::NotFound | OpError::Invalid(_)) => {
            return render_error(&v, StatusCode::NOT_FOUND);
        }
        Err(e) => return page_error(&v, &e),
    };
    let mut commits = Vec::with_capacity(page.commits.len());
    for c in page.commits {
        let files_changed = match state
            .store
            .files_changed(repo.id, &c.id, c.parent.as_deref())
            .await
        {
            Ok(n) => n,
            Err(e) => return page_error(&v, &e.into()),
        };
        commits.push(Row {
            short: c.id[..10].to_owned(),
            id: c.id,
            author: c.author,
            message: c.message,
            date: c.time * 1000,
            files_changed,
        });
    }
    let base = format!("/commons/{kinds}/{}/history", repo.repo);
    let next = match &page.next_before {
        Some(last) => format!(
            "{base}?{}",
            serde_urlencoded::to_string([("rev", rev.as_str()), ("before", last.as_str())])
                .unwrap_or_default()
        ),
        None => String::new(),
    };
    ok(
        &v,
        &HistoryPage {
            v: &v,
            id: repo.repo.to_string(),
            owner: repo.repo.owner().to_owned(),
            kinds,
            rev,
            older: !q.before.is_empty(),
            commits,
            next,
        },
    )
}
