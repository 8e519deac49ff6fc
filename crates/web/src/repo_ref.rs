//! The commons repository a route names with `{kinds}/{owner}/{name}`, as
//! extractors that read it with the caller's visibility check (a repository
//! the caller may not see is "not found"): a handler that takes one cannot
//! forget the check. [`ApiRepo`] answers a refusal as problem+json,
//! [`PageRepo`] as the error page in the viewer's language; the Hugging Face
//! routes' `HubRepo` (`hub.rs`) reads it through `named` too and answers in
//! the Hub's shape.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use waico_app::{OpError, commons};
use waico_commons::repo::RepoKind;
use waico_members::Actor;
use waico_store::Repo;

use crate::AppState;
use crate::auth::{ApiCaller, Viewer};
use crate::problem::Problem;

/// The kind a route's plural segment names (`models`, `datasets`, `tools`).
pub fn kind_of(kinds: &str) -> Option<RepoKind> {
    match kinds {
        "models" => Some(RepoKind::Model),
        "datasets" => Some(RepoKind::Dataset),
        "tools" => Some(RepoKind::Tool),
        _ => None,
    }
}

/// The path parameters that name a repository, as the OpenAPI document
/// lists them for the routes that take an [`ApiRepo`]
/// (`params(RepoParams, …)`).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RepoParams {
    /// models, datasets or tools
    pub kinds: String,
    pub owner: String,
    pub name: String,
}

/// A repository read through the API with the caller's rights, and the
/// caller (so that a handler needs no second `ApiCaller`, which would look
/// the token up again).
#[derive(Debug)]
pub struct ApiRepo {
    pub caller: ApiCaller,
    pub repo: Repo,
}

/// A repository shown on a page with the viewer's rights.
#[derive(Debug)]
pub struct PageRepo(pub Repo);

/// Reads the repository the route's path names as `actor` may see it.
pub(crate) async fn named(
    parts: &mut Parts,
    state: &AppState,
    actor: &Actor,
) -> Result<Repo, OpError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| OpError::NotFound)?;
    let param = |name: &str| {
        params
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_owned())
    };
    let (Some(kinds), Some(owner), Some(name)) = (param("kinds"), param("owner"), param("name"))
    else {
        return Err(OpError::Internal(
            "a repository extractor on a route without {kinds}/{owner}/{name}".into(),
        ));
    };
    let kind = kind_of(&kinds).ok_or(OpError::NotFound)?;
    commons::find_repo(state, actor, kind, &owner, &name).await
}

impl FromRequestParts<AppState> for ApiRepo {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let caller = ApiCaller::from_request_parts(parts, state).await?;
        match named(parts, state, &caller.actor).await {
            Ok(repo) => Ok(ApiRepo { caller, repo }),
            Err(e) => Err(match e {
                OpError::NotFound => Problem::new(
                    StatusCode::NOT_FOUND,
                    "no such repository (the kind must be models, datasets or tools)".to_owned(),
                ),
                other => other.into(),
            }),
        }
    }
}

impl FromRequestParts<AppState> for PageRepo {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let viewer = match Viewer::from_request_parts(parts, state).await {
            Ok(viewer) => viewer,
            Err(never) => match never {},
        };
        named(parts, state, &viewer.actor())
            .await
            .map(PageRepo)
            .map_err(|e| crate::pages::page_error(&viewer, &e).into_response())
    }
}
