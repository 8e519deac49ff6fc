//! `/api/v1/institutions`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_members::{CountryCode, InstitutionKind};
use waico_store::{Institution, InstitutionFilter};

use super::{ApiQuery, PageParams};
use crate::AppState;
use crate::auth::ApiCaller;
use crate::problem::{ApiJson, FieldError, Problem};
use waico_app::OpError;
use waico_app::members;
use waico_app::members::InstitutionInput;

#[derive(Debug, Serialize, ToSchema)]
pub struct InstitutionView {
    pub id: i64,
    pub name: String,
    pub kind: InstitutionKind,
    /// ISO 3166-1 alpha-3 of its country.
    pub country: String,
    pub website: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
}

impl From<Institution> for InstitutionView {
    fn from(i: Institution) -> Self {
        InstitutionView {
            id: i.id,
            name: i.name,
            kind: i.kind,
            country: i.country.to_string(),
            website: i.website,
            created_at: i.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstitutionsPage {
    pub items: Vec<InstitutionView>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InstitutionQuery {
    /// government_agency, university, research_institute, company, ngo, standards_body
    #[param(
        pattern = "^(|government_agency|university|research_institute|company|ngo|standards_body)$"
    )]
    kind: Option<String>,
    /// ISO code of the country.
    #[param(schema_with = waico_app::schema::country_code_or_empty)]
    country: Option<String>,
    /// UN M49 region of the country (2 Africa, 19 Americas, 142 Asia, 150 Europe, 9 Oceania).
    #[param(
        pattern = "^(|\\+?0*([0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))$"
    )]
    region: Option<String>,
    /// World Bank income group of the country: low, lower_middle, upper_middle, high, unclassified.
    #[param(pattern = "^(|low|lower_middle|upper_middle|high|unclassified)$")]
    income_group: Option<String>,
    /// Only institutions of Global South countries (true), of the others
    /// (false), or of countries not classified (unknown).
    #[param(pattern = "^(|true|false|unknown)$")]
    global_south: Option<String>,
    /// Standing of the country: member, observer, suspended (or any).
    #[param(pattern = "^(|member|observer|suspended|any)$")]
    status: Option<String>,
    /// Part of the name.
    q: Option<String>,
    /// Items per page, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Items to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

/// Institutions, filtered and paged.
#[utoipa::path(
    get, path = "/api/v1/institutions", tag = "institutions",
    params(InstitutionQuery),
    responses(
        (status = 200, description = "A page of institutions", body = InstitutionsPage),
        (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<InstitutionQuery>,
) -> Result<axum::Json<InstitutionsPage>, Problem> {
    let (limit, offset) = PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .checked()?;
    let mut errors = Vec::new();
    let kind = match q.kind.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(k) => InstitutionKind::parse(k)
            .map_err(|e| {
                errors.push(FieldError {
                    field: "kind".into(),
                    code: e.key.into(),
                    message: crate::problem::english(e.key),
                })
            })
            .ok(),
    };
    let country = match q.country.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(c) => CountryCode::parse(c)
            .map_err(|e| {
                errors.push(FieldError {
                    field: "country".into(),
                    code: e.key.into(),
                    message: crate::problem::english(e.key),
                })
            })
            .ok(),
    };
    let of_countries = crate::api::members::DirectoryFilterRaw {
        region: q.region,
        income_group: q.income_group,
        global_south: q.global_south,
        status: q.status,
        q: None,
    }
    .parse();
    let of_countries = match of_countries {
        Ok(f) => Some(f),
        Err(problem) => {
            errors.extend(problem.errors);
            None
        }
    };
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let countries = match of_countries {
        Some(f) => state
            .directory
            .get(&state.store, &state.settings.global_south)
            .await
            .map_err(|e| Problem::from(OpError::from(e)))?
            .countries_matching(&f),
        None => None,
    };
    let (rows, total) = state
        .store
        .list_institutions(&InstitutionFilter {
            kind,
            country,
            countries,
            query: q.q,
            limit,
            offset,
        })
        .await
        .map_err(|e| Problem::from(OpError::from(e)))?;
    Ok(axum::Json(InstitutionsPage {
        items: rows.into_iter().map(Into::into).collect(),
        total,
        limit,
        offset,
    }))
}

/// Registers an institution (secretariat, or a delegate of its country).
#[utoipa::path(
    post, path = "/api/v1/institutions", tag = "institutions",
    request_body = InstitutionInput,
    security(("token" = [])),
    responses(
        (status = 201, description = "Created", body = InstitutionView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed for this country", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Same name already registered in that country", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<(StatusCode, axum::Json<InstitutionView>), Problem> {
    let created = members::create_institution(&state, &caller.actor, &input).await?;
    Ok((StatusCode::CREATED, axum::Json(created.into())))
}

/// One institution.
#[utoipa::path(
    get, path = "/api/v1/institutions/{id}", tag = "institutions",
    params(("id" = i64, Path, description = "Institution id")),
    responses(
        (status = 200, description = "The institution", body = InstitutionView),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_one(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<InstitutionView>, Problem> {
    let i = state
        .store
        .institution(id)
        .await
        .map_err(|e| Problem::from(OpError::from(e)))?;
    Ok(axum::Json(i.into()))
}

/// Replaces an institution's record (secretariat, a delegate of its country, or its representative).
#[utoipa::path(
    put, path = "/api/v1/institutions/{id}", tag = "institutions",
    params(("id" = i64, Path, description = "Institution id")),
    request_body = InstitutionInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Updated", body = InstitutionView),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another institution has this name", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<InstitutionInput>,
) -> Result<axum::Json<InstitutionView>, Problem> {
    Ok(axum::Json(
        members::update_institution(&state, &caller.actor, id, &input)
            .await?
            .into(),
    ))
}

/// Removes an institution (secretariat).
#[utoipa::path(
    delete, path = "/api/v1/institutions/{id}", tag = "institutions",
    params(("id" = i64, Path, description = "Institution id")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not found", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    members::delete_institution(&state, &caller.actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
