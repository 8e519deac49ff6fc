//! What only the secretariat does to the commons through the API: import
//! many repositories at once from an archive, and remove a file from a
//! repository's whole history (a leaked secret).

use axum::body::Body;
use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use waico_app::commons::import::{self, ImportOptions, ImportReport};
use waico_app::commons::purge::{self, PurgeOutcome};

use crate::AppState;
use crate::auth::TokenHolder;
use crate::problem::{ApiJson, Problem};
use crate::repo_ref::{ApiRepo, RepoParams};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// public (default), gated or members_only: of every repository.
    #[serde(default)]
    pub visibility: Option<String>,
}

/// Imports the repositories of a `.tar` or `.tar.gz` archive laid out as
/// `<kind>/<owner>/<name>/<files…>` (`kind`: models, datasets or tools),
/// each created with its files as one commit, all or nothing.
/// The secretariat only. A repository that cannot be imported is listed
/// under `skipped` with the reason and does not stop the others.
#[utoipa::path(
    post, path = "/api/v1/commons/import", tag = "commons",
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
        description = "A .tar or .tar.gz archive"),
    security(("token" = [])),
    responses(
        (status = 200, description = "What was imported and what was skipped", body = ImportReport),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No archive in the body", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn import_archive(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    axum::extract::Query(params): axum::extract::Query<ImportParams>,
    body: Body,
) -> Result<axum::Json<ImportReport>, Problem> {
    let options = ImportOptions {
        visibility: params
            .visibility
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "public".into()),
        ..Default::default()
    };
    let report = import::import_stream(&state, &caller.actor, body.into_data_stream(), &options)
        .await
        .map_err(Problem::from)?;
    Ok(axum::Json(report))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PurgeInput {
    /// The file's path in the repository.
    pub path: String,
    /// Why (recorded in the ledger; at most 2000 characters).
    pub reason: String,
}

/// Removes one file from every revision of a repository, on the
/// secretariat's order: each commit that held it, and each after one, is
/// rewritten (commit ids change; branches and tags move to the rewritten
/// commits); its bytes are deleted when no other file holds them; the
/// ledger records the purge (path, reason, the old and new head of main).
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/purge", tag = "commons",
    params(RepoParams),
    request_body = PurgeInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Purged", body = PurgeOutcome),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No revision holds the path, or no reason", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn purge_file(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    ApiJson(input): ApiJson<PurgeInput>,
) -> Result<axum::Json<PurgeOutcome>, Problem> {
    let outcome = purge::purge_file(&state, &caller.actor, &repo, &input.path, &input.reason)
        .await
        .map_err(Problem::from)?;
    Ok(axum::Json(outcome))
}
