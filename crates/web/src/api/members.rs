//! `/api/v1/members`, `/api/v1/countries` and `/api/v1/stats`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiQuery, PageParams};
use crate::AppState;
use crate::auth::ApiCaller;
use crate::problem::{ApiJson, Problem};
use waico_app::members;
use waico_app::members::MembershipInput;
use waico_app::members::directory::{DirectoryFilter, Figures, StateEntry};

#[derive(Debug, Serialize, ToSchema)]
pub struct StatesPage {
    pub items: Vec<StateEntry>,
    pub total: usize,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(flatten)]
    filter: DirectoryFilterRaw,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The filter as it arrives in a query string (all strings, checked here).
#[derive(Debug, Default, Deserialize)]
pub struct DirectoryFilterRaw {
    pub(crate) region: Option<String>,
    pub(crate) income_group: Option<String>,
    pub(crate) global_south: Option<String>,
    pub(crate) status: Option<String>,
    pub(crate) q: Option<String>,
}

impl DirectoryFilterRaw {
    pub(crate) fn parse(self) -> Result<DirectoryFilter, Problem> {
        let mut errors = Vec::new();
        let mut bad = |field: &str, message: &str| {
            errors.push(crate::problem::FieldError {
                field: field.into(),
                code: "err-invalid-choice".into(),
                message: message.into(),
            })
        };
        let region = match self.region.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(r) => match r.parse::<u16>() {
                Ok(v) => Some(v),
                Err(_) => {
                    bad(
                        "region",
                        "region must be a UN M49 code such as 2, 19, 142, 150 or 9",
                    );
                    None
                }
            },
        };
        if let Some(i) = self.income_group.as_deref().filter(|s| !s.is_empty())
            && waico_members::IncomeGroup::parse(i).is_none()
        {
            bad(
                "income_group",
                "income_group must be low, lower_middle, upper_middle, high or unclassified",
            );
        }
        let global_south = match self.global_south.as_deref() {
            None | Some("") => None,
            Some(raw) => match waico_members::GlobalSouth::parse(raw) {
                Ok(g) => Some(g),
                Err(_) => {
                    bad(
                        "global_south",
                        "global_south must be true, false or unknown",
                    );
                    None
                }
            },
        };
        if let Some(s) = self
            .status
            .as_deref()
            .filter(|s| !s.is_empty() && *s != "any")
            && waico_members::MemberStatus::parse(s).is_err()
        {
            bad(
                "status",
                "status must be member, observer, suspended or any",
            );
        }
        if !errors.is_empty() {
            return Err(Problem::invalid(errors));
        }
        Ok(DirectoryFilter {
            region,
            income_group: self.income_group,
            global_south,
            status: self.status,
            q: self.q,
        })
    }
}

async fn list_states(
    state: &AppState,
    raw: Option<String>,
    query: ListQuery,
    all_countries: bool,
) -> Response {
    let (limit, offset) = match (PageParams {
        limit: query.limit,
        offset: query.offset,
    })
    .checked()
    {
        Ok(p) => p,
        Err(p) => return p.into_response(),
    };
    let filter = match query.filter.parse() {
        Ok(f) => f,
        Err(p) => return p.into_response(),
    };
    let dir = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(d) => d,
        Err(_) => return Problem::new(StatusCode::SERVICE_UNAVAILABLE, None).into_response(),
    };
    let key = format!("{}?{}", all_countries, raw.unwrap_or_default());
    let body: Bytes = dir.cached_response(&key, || {
        let matched = dir.filter(&filter, all_countries);
        let page = StatesPage {
            total: matched.len(),
            items: matched
                .into_iter()
                .skip(offset as usize)
                .take(limit as usize)
                .cloned()
                .collect(),
            limit,
            offset,
        };
        Bytes::from(serde_json::to_vec(&page).expect("serialises"))
    });
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Member states (any standing), with filters.
#[utoipa::path(
    get, path = "/api/v1/members", tag = "members",
    params(DirectoryFilter, PageParams),
    responses(
        (status = 200, description = "A page of member states", body = StatesPage),
        (status = 422, description = "A filter or paging parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_members(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Response {
    list_states(&state, raw, query, false).await
}

/// Every country in the reference table, with its membership if any.
#[utoipa::path(
    get, path = "/api/v1/countries", tag = "members",
    params(DirectoryFilter, PageParams),
    responses(
        (status = 200, description = "A page of countries", body = StatesPage),
        (status = 422, description = "A filter or paging parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_countries(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Response {
    list_states(&state, raw, query, true).await
}

/// One country or member state by ISO alpha-3 or alpha-2 code.
#[utoipa::path(
    get, path = "/api/v1/members/{code}", tag = "members",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-3 or alpha-2")),
    responses(
        (status = 200, description = "The state", body = StateEntry),
        (status = 404, description = "No such country", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_member(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<axum::Json<StateEntry>, Problem> {
    let dir = state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE, None))?;
    dir.state(&code).cloned().map(axum::Json).ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            format!("no country with code {code}"),
        )
    })
}

/// The path names a country: one not in the reference table is not there (404).
fn known_country(code: &str) -> Result<(), Problem> {
    waico_members::CountryCode::parse(code)
        .map(|_| ())
        .map_err(|_| {
            Problem::new(
                StatusCode::NOT_FOUND,
                format!("no country with code {code}"),
            )
        })
}

/// Admits a state or changes its status (secretariat).
#[utoipa::path(
    put, path = "/api/v1/members/{code}", tag = "members",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-3 or alpha-2")),
    request_body = MembershipInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "The state with its new membership", body = StateEntry),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such country", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid status or date", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_member(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<MembershipInput>,
) -> Result<axum::Json<StateEntry>, Problem> {
    known_country(&code)?;
    let m = members::set_membership(&state, &caller.actor, &code, &input).await?;
    get_member(State(state), Path(m.country.to_string())).await
}

/// Ends a state's membership record (secretariat).
#[utoipa::path(
    delete, path = "/api/v1/members/{code}", tag = "members",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-3 or alpha-2")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "The state has no membership", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn delete_member(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(code): Path<String>,
) -> Result<StatusCode, Problem> {
    known_country(&code)?;
    members::remove_membership(&state, &caller.actor, &code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Figures of the organization: members, observers, Global South share.
#[utoipa::path(get, path = "/api/v1/stats", tag = "members", responses((status = 200, description = "Figures", body = Figures)))]
pub async fn stats(State(state): State<AppState>) -> Result<axum::Json<Figures>, Problem> {
    let dir = state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
        .map_err(|_| Problem::new(StatusCode::SERVICE_UNAVAILABLE, None))?;
    Ok(axum::Json(dir.figures()))
}
