//! `/api/v1/systems` and `/api/v1/assessments`: the AI systems registry and
//! assessments (run, stored with the pack versions used, and read back as
//! JSON, Markdown, HTML or OSCAL assessment results).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_i18n::Lang;
use waico_store::{AiSystem, StoredAssessment};

use super::{ApiQuery, PageParams};
use crate::AppState;
use crate::auth::ApiCaller;
use crate::problem::{FieldError, Problem};
use waico_app::OpError;
use waico_app::framework as fw;

/// A registered AI system.
#[derive(Debug, Serialize, ToSchema)]
pub struct SystemView {
    /// The profile id; the system's address.
    pub id: String,
    pub name: String,
    pub owner_user_id: Option<i64>,
    pub owner_institution_id: Option<i64>,
    /// The profile (see `/api/v1/profile-schema`).
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
}

impl SystemView {
    fn of(sys: AiSystem) -> Result<SystemView, OpError> {
        let profile = fw::stored_profile(&sys)?;
        Ok(SystemView {
            id: sys.slug,
            name: sys.name,
            owner_user_id: sys.owner_user_id,
            owner_institution_id: sys.owner_institution_id,
            profile: serde_json::to_value(&profile)
                .map_err(|e| OpError::Internal(e.to_string()))?,
            created_at: sys.created_at,
            updated_at: sys.updated_at,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SystemSummary {
    pub id: String,
    pub name: String,
    pub owner_institution_id: Option<i64>,
    pub updated_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SystemsPage {
    pub items: Vec<SystemSummary>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// Registered AI systems, by name.
#[utoipa::path(
    get, path = "/api/v1/systems", tag = "systems",
    params(PageParams),
    responses(
        (status = 200, description = "A page of systems", body = SystemsPage),
        (status = 422, description = "Invalid paging", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<axum::Json<SystemsPage>, Problem> {
    let (limit, offset) = page.checked()?;
    let (rows, total) = state
        .store
        .list_ai_systems(limit, offset)
        .await
        .map_err(OpError::from)?;
    Ok(axum::Json(SystemsPage {
        items: rows
            .into_iter()
            .map(|s| SystemSummary {
                id: s.slug,
                name: s.name,
                owner_institution_id: s.owner_institution_id,
                updated_at: s.updated_at,
            })
            .collect(),
        total,
        limit,
        offset,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    /// Institution the system is registered for (the caller represents it, or is a
    /// delegate of its country).
    institution: Option<i64>,
}

fn utf8(body: &Bytes) -> Result<&str, Problem> {
    std::str::from_utf8(body).map_err(|_| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "the body must be UTF-8 text".to_owned(),
        )
    })
}

/// Registers an AI system from its profile, as JSON or YAML.
#[utoipa::path(
    post, path = "/api/v1/systems", tag = "systems",
    params(RegisterQuery),
    request_body(content = Object, description = "Profile (JSON or YAML); schema at /api/v1/profile-schema", content_type = "application/json"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Registered", body = SystemView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No institution of that id (`institution` is named)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A system with this id exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid profile, with located errors", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<RegisterQuery>,
    body: Bytes,
) -> Result<(StatusCode, axum::Json<SystemView>), Problem> {
    let sys = fw::register_system(&state, &caller.actor, q.institution, utf8(&body)?).await?;
    Ok((StatusCode::CREATED, axum::Json(SystemView::of(sys)?)))
}

/// One registered AI system with its profile.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}", tag = "systems",
    params(("id" = String, Path, description = "System (profile) id")),
    responses(
        (status = 200, description = "The system", body = SystemView),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<SystemView>, Problem> {
    let sys = state.store.ai_system(&id).await.map_err(OpError::from)?;
    Ok(axum::Json(SystemView::of(sys)?))
}

/// Replaces a system's profile (owner, representative of its institution, or secretariat).
#[utoipa::path(
    put, path = "/api/v1/systems/{id}", tag = "systems",
    params(("id" = String, Path, description = "System (profile) id")),
    request_body(content = Object, description = "Profile (JSON or YAML) with the same id", content_type = "application/json"),
    security(("token" = [])),
    responses(
        (status = 200, description = "Updated", body = SystemView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid profile, with located errors", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<axum::Json<SystemView>, Problem> {
    let sys = fw::update_system(&state, &caller.actor, &id, utf8(&body)?).await?;
    Ok(axum::Json(SystemView::of(sys)?))
}

/// An assessment as JSON: [`AssessmentView`], or OSCAL assessment results.
pub struct AssessmentJson;

impl utoipa::PartialSchema for AssessmentJson {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        waico_app::schema::assessment_json(
            utoipa::openapi::Ref::from_schema_name("AssessmentView").into(),
        )
    }
}

impl utoipa::ToSchema for AssessmentJson {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "AssessmentView".into(),
            <AssessmentView as utoipa::PartialSchema>::schema(),
        ));
        <AssessmentView as ToSchema>::schemas(schemas);
    }
}

/// A stored assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: i64,
    /// The system (profile) id.
    pub system: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// The packs used, with their versions and status.
    #[schema(value_type = Vec<Object>)]
    pub packs: serde_json::Value,
    /// Per jurisdiction applicability, risk class, obligations; unified view; divergences.
    #[schema(value_type = Object)]
    pub result: serde_json::Value,
}

fn view(system: &str, a: &StoredAssessment) -> Result<AssessmentView, OpError> {
    let parse = |s: &str| serde_json::from_str(s).map_err(|e| OpError::Internal(e.to_string()));
    Ok(AssessmentView {
        id: a.id,
        system: system.to_owned(),
        created_at: a.created_at,
        packs: parse(&a.packs)?,
        result: parse(&a.result)?,
    })
}

/// Runs an assessment of the system against every loaded rulepack and stores it.
#[utoipa::path(
    post, path = "/api/v1/systems/{id}/assessments", tag = "systems",
    params(("id" = String, Path, description = "System (profile) id")),
    security(("token" = [])),
    responses(
        (status = 201, description = "Assessed and stored", body = AssessmentView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn run(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<(StatusCode, axum::Json<AssessmentView>), Problem> {
    let (sys, stored) = fw::assess_system(&state, &caller.actor, &id).await?;
    Ok((StatusCode::CREATED, axum::Json(view(&sys.slug, &stored)?)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// json (default), md (or markdown), html or oscal (OSCAL 1.1
    /// assessment results).
    #[param(pattern = "^(json|md|markdown|html|oscal)$")]
    format: Option<String>,
    /// Language of the Markdown and HTML reports (ar, zh, en, fr, ru, es); by
    /// default the best match of `Accept-Language`.
    lang: Option<String>,
}

impl FormatQuery {
    fn lang(&self, headers: &HeaderMap) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(|| {
                waico_i18n::negotiate(
                    headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|h| h.to_str().ok())
                        .unwrap_or(""),
                )
            })
    }
}

fn render(
    system: &str,
    a: &StoredAssessment,
    format: Option<&str>,
    lang: Lang,
) -> Result<Response, Problem> {
    let typed = |ct: &'static str, body: String| -> Response {
        ([(header::CONTENT_TYPE, HeaderValue::from_static(ct))], body).into_response()
    };
    Ok(match format.unwrap_or("json") {
        "json" => axum::Json(view(system, a)?).into_response(),
        "md" | "markdown" => typed(
            "text/markdown; charset=utf-8",
            waico_framework::render::markdown_in(
                &fw::stored_result(a)?,
                &fw::ReportWords(waico_i18n::Tr::new(lang)),
            ),
        ),
        "html" => typed(
            "text/html; charset=utf-8",
            waico_framework::render::html_in(
                &fw::stored_result(a)?,
                &fw::ReportWords(waico_i18n::Tr::new(lang)),
            ),
        ),
        "oscal" => axum::Json(waico_framework::oscal::assessment_results(
            &fw::stored_result(a)?,
            &fw::rfc3339(a.created_at),
        ))
        .into_response(),
        _ => {
            return Err(Problem::invalid(vec![FieldError {
                field: "format".into(),
                code: "err-invalid-choice".into(),
                message: "format must be json, md, html or oscal".into(),
            }]));
        }
    })
}

/// The latest assessment of a system, as JSON, Markdown, HTML or OSCAL assessment results.
#[utoipa::path(
    get, path = "/api/v1/systems/{id}/assessments/latest", tag = "systems",
    params(("id" = String, Path, description = "System (profile) id"), FormatQuery),
    responses(
        (status = 200, description = "The assessment in the requested format", content((AssessmentJson = "application/json"), (String = "text/markdown"), (String = "text/html"))),
        (status = 404, description = "No such system, or never assessed", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn latest(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<FormatQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let sys = state.store.ai_system(&id).await.map_err(OpError::from)?;
    let a = state
        .store
        .latest_assessment(sys.id)
        .await
        .map_err(OpError::from)?
        .ok_or(OpError::NotFound)?;
    render(&sys.slug, &a, q.format.as_deref(), q.lang(&headers))
}

/// One stored assessment by number, as JSON, Markdown, HTML or OSCAL assessment results.
#[utoipa::path(
    get, path = "/api/v1/assessments/{id}", tag = "systems",
    params(("id" = i64, Path, description = "Assessment number"), FormatQuery),
    responses(
        (status = 200, description = "The assessment in the requested format", content((AssessmentJson = "application/json"), (String = "text/markdown"), (String = "text/html"))),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_assessment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    ApiQuery(q): ApiQuery<FormatQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let a = state.store.assessment(id).await.map_err(OpError::from)?;
    let slug = state
        .store
        .ai_system_by_id(a.system_id)
        .await
        .map_err(OpError::from)?
        .slug;
    render(&slug, &a, q.format.as_deref(), q.lang(&headers))
}
