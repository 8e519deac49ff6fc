//! `/api/v1/frameworks`, `/controls`, `/requirements`, `/packs`,
//! `/crosswalks`, `/profile-schema`: the catalog, browsed and exported, and
//! admin uploads of frameworks, crosswalks and rulepacks.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_store::{FrameworkSource, SourceKind};

use super::ApiQuery;
use crate::AppState;
use crate::auth::ApiCaller;
use crate::problem::Problem;
use waico_app::OpError;
use waico_app::framework::{
    self as fw, ControlDetail, FrameworkDetail, FrameworkSummary, PackSummary, RequirementDetail,
};

/// Timestamp written into OSCAL exports of the catalog (the catalog has no
/// change time of its own; a fixed value keeps exports reproducible).
const OSCAL_TIMESTAMP: &str = "2025-08-02T00:00:00Z";

fn not_found() -> Problem {
    OpError::NotFound.into()
}

fn typed(content_type: &'static str, body: String) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

/// Frameworks loaded on this node (shipped and uploaded).
#[utoipa::path(
    get, path = "/api/v1/frameworks", tag = "frameworks",
    responses((status = 200, description = "Frameworks", body = Vec<FrameworkSummary>))
)]
pub async fn list_frameworks(State(state): State<AppState>) -> axum::Json<Vec<FrameworkSummary>> {
    let cat = state.framework.catalog();
    axum::Json(cat.frameworks().map(Into::into).collect())
}

/// A framework with its requirement tree and, per requirement, the unified controls it maps to.
#[utoipa::path(
    get, path = "/api/v1/frameworks/{urn}", tag = "frameworks",
    params(("urn" = String, Path, description = "Framework URN, e.g. urn:waico:framework:eu-ai-act")),
    responses(
        (status = 200, description = "The framework", body = FrameworkDetail),
        (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_framework(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<axum::Json<FrameworkDetail>, Problem> {
    let cat = state.framework.catalog();
    let f = cat.framework(&urn).ok_or_else(not_found)?;
    Ok(axum::Json(fw::framework_detail(&cat, f)))
}

/// A framework exported as WAICO framework YAML.
#[utoipa::path(
    get, path = "/api/v1/frameworks/{urn}/yaml", tag = "frameworks",
    params(("urn" = String, Path, description = "Framework URN")),
    responses(
        (status = 200, description = "WAICO framework YAML (a mapping)", body = Object, content_type = "application/yaml"),
        (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn framework_yaml(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Response, Problem> {
    let cat = state.framework.catalog();
    let f = cat.framework(&urn).ok_or_else(not_found)?;
    Ok(typed("application/yaml; charset=utf-8", f.to_yaml()))
}

/// A framework exported as an OSCAL 1.1 catalog.
#[utoipa::path(
    get, path = "/api/v1/frameworks/{urn}/oscal", tag = "frameworks",
    params(("urn" = String, Path, description = "Framework URN")),
    responses(
        (status = 200, description = "OSCAL catalog JSON", body = Object),
        (status = 404, description = "No such framework", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn framework_oscal(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<axum::Json<serde_json::Value>, Problem> {
    let cat = state.framework.catalog();
    let f = cat.framework(&urn).ok_or_else(not_found)?;
    Ok(axum::Json(waico_framework::oscal::framework_catalog(
        f,
        OSCAL_TIMESTAMP,
    )))
}

/// The unified control catalog: themes and their controls.
#[utoipa::path(
    get, path = "/api/v1/controls", tag = "frameworks",
    responses((status = 200, description = "The unified control catalog", body = Object))
)]
pub async fn list_controls(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    let cat = state.framework.catalog();
    axum::Json(serde_json::to_value(&cat.controls).unwrap_or_default())
}

/// The unified control catalog as an OSCAL 1.1 catalog.
#[utoipa::path(
    get, path = "/api/v1/controls/oscal", tag = "frameworks",
    responses((status = 200, description = "OSCAL catalog JSON", body = Object))
)]
pub async fn controls_oscal(State(state): State<AppState>) -> axum::Json<serde_json::Value> {
    let cat = state.framework.catalog();
    axum::Json(waico_framework::oscal::unified_catalog(
        &cat.controls,
        OSCAL_TIMESTAMP,
    ))
}

/// A unified control and every national requirement it satisfies (crosswalk, control → requirements).
#[utoipa::path(
    get, path = "/api/v1/controls/{id}", tag = "frameworks",
    params(("id" = String, Path, description = "Control id (`transparency:1`) or URN")),
    responses(
        (status = 200, description = "The control with the requirements mapped to it", body = ControlDetail),
        (status = 404, description = "No such control", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_control(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<ControlDetail>, Problem> {
    let cat = state.framework.catalog();
    fw::control_detail(&cat, &id)
        .map(axum::Json)
        .ok_or_else(not_found)
}

/// A requirement and the unified controls it maps to (crosswalk, requirement → controls).
#[utoipa::path(
    get, path = "/api/v1/requirements/{urn}", tag = "frameworks",
    params(("urn" = String, Path, description = "Requirement URN, e.g. urn:waico:req:eu-ai-act:art-50-2")),
    responses(
        (status = 200, description = "The requirement with its controls", body = RequirementDetail),
        (status = 404, description = "No such requirement", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_requirement(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<axum::Json<RequirementDetail>, Problem> {
    let cat = state.framework.catalog();
    fw::requirement_detail(&cat, &urn)
        .map(axum::Json)
        .ok_or_else(not_found)
}

/// Jurisdiction rulepacks loaded on this node, with their status and version.
#[utoipa::path(
    get, path = "/api/v1/packs", tag = "frameworks",
    responses((status = 200, description = "Rulepacks", body = Vec<PackSummary>))
)]
pub async fn list_packs(State(state): State<AppState>) -> axum::Json<Vec<PackSummary>> {
    axum::Json(fw::pack_summaries(&state.framework.catalog()))
}

/// The JSON Schema of an AI system profile.
#[utoipa::path(
    get, path = "/api/v1/profile-schema", tag = "frameworks",
    responses((status = 200, description = "JSON Schema (draft 2020-12)", body = Object, content_type = "application/schema+json"))
)]
pub async fn profile_schema() -> Response {
    typed(
        "application/schema+json",
        waico_framework::profile_json_schema().to_string(),
    )
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// File name used in error messages (default `upload-<kind>.yaml`).
    file: Option<String>,
    /// For frameworks: `waico` (default) or `ciso_assistant`; for
    /// crosswalks: `waico` (default) or `ciso_mapping_set` (a CISO
    /// Assistant mapping-set library).
    format: Option<String>,
    /// For a CISO Assistant framework library: the jurisdiction it is
    /// loaded for (default `INTL`): a code of a loaded framework or
    /// rulepack (`EU`, `US-CO`, …), an ISO 3166-1 alpha-2 country code, or
    /// `INTL`. Stored with the upload. Other uploads take none.
    jurisdiction: Option<String>,
}

/// An accepted upload.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourceView {
    pub id: i64,
    /// framework, ciso_assistant, crosswalk, ciso_mapping_set or rulepack.
    pub kind: String,
    /// Framework URN, the crosswalk's framework URN, the mapping-set
    /// library's URN, or the pack id.
    pub subject: String,
    /// The jurisdiction a CISO Assistant framework library was loaded for.
    pub jurisdiction: Option<String>,
    pub version: String,
    pub file_name: String,
    pub status: String,
    /// Milliseconds since the Unix epoch.
    pub loaded_at: i64,
}

impl From<FrameworkSource> for SourceView {
    fn from(s: FrameworkSource) -> Self {
        SourceView {
            id: s.id,
            kind: s.kind.slug().into(),
            subject: s.subject,
            jurisdiction: s.jurisdiction,
            version: s.version,
            file_name: s.file_name,
            status: s.status,
            loaded_at: s.loaded_at,
        }
    }
}

/// The body of a framework, crosswalk or rulepack upload: read here up to
/// the node's `framework_max_bytes` (these routes are outside the general
/// body limit, as large CISO Assistant libraries are); beyond it, a 413
/// problem that states the limit.
pub struct UploadBody(pub Bytes);

impl axum::extract::FromRequest<AppState> for UploadBody {
    type Rejection = Problem;

    async fn from_request(
        req: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let limit = state.settings.framework_max_bytes;
        axum::body::to_bytes(req.into_body(), limit)
            .await
            .map(UploadBody)
            .map_err(|_| {
                let mut p = Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "a framework, crosswalk or rulepack upload may be at most {limit} bytes"
                    ),
                );
                p.errors.push(crate::problem::FieldError {
                    field: "body".into(),
                    code: "err-upload-too-large".into(),
                    message: format!("at most {limit} bytes"),
                });
                p
            })
    }
}

fn body_text(body: &Bytes) -> Result<&str, Problem> {
    std::str::from_utf8(body).map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "the body must be UTF-8 text".to_owned(),
        )
    })
}

/// A `format` the route does not take: 422 naming the field.
fn bad_format(choices: &str) -> Problem {
    Problem::invalid(vec![crate::problem::FieldError {
        field: "format".into(),
        code: "err-invalid-choice".into(),
        message: format!("format must be {choices}"),
    }])
}

async fn upload_as(
    state: &AppState,
    caller: &ApiCaller,
    kind: SourceKind,
    q: &UploadQuery,
    body: &Bytes,
) -> Result<(StatusCode, axum::Json<SourceView>), Problem> {
    let src = body_text(body)?;
    let row = fw::upload(
        state,
        &caller.actor,
        kind,
        q.file.as_deref().unwrap_or_default(),
        src,
        q.jurisdiction.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(row.into())))
}

/// Loads a framework (WAICO YAML, or a CISO Assistant library with `format=ciso_assistant`, loaded for the jurisdiction `jurisdiction`, default `INTL`). Secretariat only.
#[utoipa::path(
    post, path = "/api/v1/frameworks", tag = "frameworks",
    params(UploadQuery),
    request_body(content = String, content_type = "application/yaml", description = "Framework YAML"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Loaded", body = SourceView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than the node's framework upload limit, which the problem states", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejected with located errors (file, line, reason), or a bad `format` or `jurisdiction` (field errors); nothing changed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_framework(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    UploadBody(body): UploadBody,
) -> Result<(StatusCode, axum::Json<SourceView>), Problem> {
    let kind = match q.format.as_deref().unwrap_or("waico") {
        "waico" | "" => SourceKind::Framework,
        "ciso_assistant" => SourceKind::CisoAssistant,
        _ => return Err(bad_format("waico or ciso_assistant")),
    };
    upload_as(&state, &caller, kind, &q, &body).await
}

/// Loads a crosswalk (requirements of one framework → unified controls), or with `format=ciso_mapping_set` a CISO Assistant mapping-set library (requirements of a framework without a crosswalk mapped through those of one with a crosswalk). Secretariat only.
#[utoipa::path(
    post, path = "/api/v1/crosswalks", tag = "frameworks",
    params(UploadQuery),
    request_body(content = String, content_type = "application/yaml", description = "Crosswalk YAML"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Loaded", body = SourceView),
        (status = 413, description = "Larger than the node's framework upload limit, which the problem states", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejected with located errors, or a bad `format` or a `jurisdiction` given (field errors); nothing changed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_crosswalk(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    UploadBody(body): UploadBody,
) -> Result<(StatusCode, axum::Json<SourceView>), Problem> {
    let kind = match q.format.as_deref().unwrap_or("waico") {
        "waico" | "" => SourceKind::Crosswalk,
        "ciso_mapping_set" => SourceKind::CisoMappingSet,
        _ => return Err(bad_format("waico or ciso_mapping_set")),
    };
    upload_as(&state, &caller, kind, &q, &body).await
}

/// Loads a jurisdiction rulepack (replaces a loaded pack with the same id; versions must differ). Secretariat only.
#[utoipa::path(
    post, path = "/api/v1/packs", tag = "frameworks",
    params(UploadQuery),
    request_body(content = String, content_type = "application/yaml", description = "Rulepack YAML"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Loaded", body = SourceView),
        (status = 413, description = "Larger than the node's framework upload limit, which the problem states", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Rejected with located errors, or a `jurisdiction` given (field error); nothing changed", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_pack(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    UploadBody(body): UploadBody,
) -> Result<(StatusCode, axum::Json<SourceView>), Problem> {
    upload_as(&state, &caller, SourceKind::Rulepack, &q, &body).await
}
