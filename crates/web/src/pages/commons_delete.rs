//! Deleting from a repository's page: the repository itself (after typing
//! its `owner/name` on a confirmation page), and its branches and tags
//! (buttons in the page's list of refs), through the same operations as
//! the API. The router's middleware checks the forms' CSRF tokens.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};

use super::{page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;
use crate::repo_ref::PageRepo;
use waico_app::commons::{self, manage};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/commons/{kinds}/{owner}/{name}/delete",
            get(confirm_page).post(delete_repo),
        )
        .route(
            "/commons/{kinds}/{owner}/{name}/refs/delete",
            post(delete_ref),
        )
}

#[derive(Template)]
#[template(path = "commons_delete.html")]
struct ConfirmPage<'a> {
    v: &'a Viewer,
    kinds: String,
    id: String,
    owner: String,
    /// "Type owner/name to confirm", in the viewer's language.
    confirm_label: String,
    /// The message under the field when what was typed is not the name.
    error: String,
}

impl ConfirmPage<'_> {
    fn new<'a>(
        v: &'a Viewer,
        kinds: String,
        repo: &waico_store::Repo,
        error: String,
    ) -> ConfirmPage<'a> {
        let id = repo.repo.to_string();
        ConfirmPage {
            v,
            kinds,
            confirm_label: v.tr.a("commons-delete-confirm", &[("name", &id)]),
            owner: repo.repo.owner().to_owned(),
            id,
            error,
        }
    }
}

async fn confirm_page(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
) -> Response {
    let actor = v.actor();
    if !commons::may_manage(&state, &actor, &repo).await {
        let e = if v.user.is_none() {
            waico_app::OpError::Unauthenticated
        } else {
            waico_app::OpError::Forbidden
        };
        return page_error(&v, &e);
    }
    let page = ConfirmPage::new(&v, kinds, &repo, String::new());
    render(&v, StatusCode::OK, &page)
}

#[derive(Debug, Default, serde::Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

async fn delete_repo(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let actor = v.actor();
    if form.confirm.trim() != repo.repo.to_string() {
        // Nothing is deleted; the rights are checked before saying so.
        if !commons::may_manage(&state, &actor, &repo).await {
            let e = if v.user.is_none() {
                waico_app::OpError::Unauthenticated
            } else {
                waico_app::OpError::Forbidden
            };
            return page_error(&v, &e);
        }
        let page = ConfirmPage::new(&v, kinds, &repo, v.t("err-commons-delete-confirm"));
        return render(&v, StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    match manage::delete_repo(&state, &actor, &repo).await {
        Ok(()) => see_other(&format!("/commons/owners/{}?deleted=1", repo.repo.owner())),
        Err(e) => page_error(&v, &e),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct RefForm {
    /// `branch` or `tag`.
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
}

async fn delete_ref(
    v: Viewer,
    State(state): State<AppState>,
    PageRepo(repo): PageRepo,
    Path((kinds, _owner, _name)): Path<(String, String, String)>,
    Form(form): Form<RefForm>,
) -> Response {
    let actor = v.actor();
    let done = match form.kind.as_str() {
        "branch" => manage::delete_branch(&state, &actor, &repo, &form.name).await,
        "tag" => manage::delete_tag(&state, &actor, &repo, &form.name).await,
        _ => Err(waico_app::OpError::Invalid(vec![
            waico_members::Invalid::new("kind", "err-commons-revision"),
        ])),
    };
    match done {
        Ok(()) => see_other(&format!("/commons/{kinds}/{}#refs", repo.repo)),
        Err(e) => page_error(&v, &e),
    }
}
