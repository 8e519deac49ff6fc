//! The JSON API under `/api/v1`. Every handler carries its OpenAPI
//! annotation; the document is generated from them (so it cannot drift) and
//! served at `/api/v1/openapi.json`.

mod accounts;
mod capacity;
mod capacity_bodies;
pub mod commons;
mod commons_admin;
pub mod deliberation;
mod framework;
mod institutions;
pub mod ledger;
mod members;
pub(crate) mod safety;
mod second_factor;
mod statuses;
mod systems;
pub(crate) mod work;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::problem::{FieldError, Problem};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "WAICO API",
        description = "The JSON API of a WAICO node: members registry, institutions, accounts. Errors are RFC 9457 problem details.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    // Named by query parameters' schemas, so it must be in the document.
    components(schemas(waico_members::GlobalSouth)),
    tags(
        (name = "members", description = "Member states and the country reference table"),
        (name = "institutions", description = "Institutions of member states"),
        (name = "accounts", description = "Users, roles and API tokens"),
        (name = "frameworks", description = "Frameworks, the unified control catalog, crosswalks and rulepacks"),
        (name = "systems", description = "The AI systems registry and assessments"),
        (name = "work", description = "Compliance work on a system's obligations: assignments, review, evidence files, history, changes between assessments, dashboard, iCalendar feeds"),
        (name = "ledger", description = "The tamper-evident governance ledger: checkpoints, entries, proofs, witnesses, tlog-tiles"),
        (name = "capacity", description = "The capacity exchange: compute offers, requests, review, explained allocation rounds, usage, fellowship matches"),
        (name = "safety", description = "AI incident and vulnerability reports under TLP 2.0: workflow, legal deadlines, statistics, exports, imports, Atom feed"),
        (name = "commons", description = "The commons: repositories of models, datasets and tools, their commits, files, access and search"),
        (name = "deliberation", description = "Bodies, proposals, consultation, votes, secret ballots and decisions"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("waico_…")
                    .build(),
            ),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .routes(routes!(members::list_members))
        .routes(routes!(members::list_countries))
        .routes(routes!(
            members::get_member,
            members::put_member,
            members::delete_member
        ))
        .routes(routes!(members::stats))
        .routes(routes!(institutions::list, institutions::create))
        .routes(routes!(
            institutions::get_one,
            institutions::update,
            institutions::delete
        ))
        .routes(routes!(accounts::me))
        .routes(routes!(accounts::list_tokens, accounts::create_token))
        .routes(routes!(accounts::revoke_token))
        .routes(routes!(accounts::list_users, accounts::create_user))
        .routes(routes!(accounts::grant_role, accounts::revoke_role))
        .routes(routes!(accounts::reset_password))
        .routes(routes!(accounts::deactivate_user))
        .routes(routes!(accounts::reactivate_user))
        .routes(routes!(accounts::account_events))
        .routes(routes!(
            second_factor::status,
            second_factor::begin,
            second_factor::turn_off
        ))
        .routes(routes!(second_factor::confirm))
        .routes(routes!(framework::list_frameworks))
        .routes(routes!(framework::get_framework))
        .routes(routes!(framework::framework_yaml))
        .routes(routes!(framework::framework_oscal))
        .routes(routes!(framework::list_controls))
        .routes(routes!(framework::controls_oscal))
        .routes(routes!(framework::get_control))
        .routes(routes!(framework::get_requirement))
        .routes(routes!(framework::list_packs))
        .routes(routes!(framework::profile_schema))
        .routes(routes!(systems::list, systems::create))
        .routes(routes!(systems::get_one, systems::update))
        .routes(routes!(systems::run))
        .routes(routes!(systems::latest))
        .routes(routes!(systems::get_assessment))
        .routes(routes!(ledger::get_checkpoint))
        .routes(routes!(ledger::list_entries))
        .routes(routes!(ledger::get_entry))
        .routes(routes!(ledger::get_entry_by_hash))
        .routes(routes!(ledger::get_inclusion))
        .routes(routes!(ledger::get_consistency))
        .routes(routes!(ledger::post_cosignatures))
        .routes(routes!(ledger::post_record))
        .routes(routes!(ledger::well_known))
        .routes(routes!(ledger::tlog_checkpoint))
        .routes(routes!(ledger::pending_checkpoint))
        .routes(routes!(commons::create_repo, commons::list_repos))
        .routes(routes!(commons::search))
        .routes(routes!(commons::get_repo, commons::update_repo))
        .routes(routes!(commons::check_blobs))
        .routes(routes!(commons::create_commit, commons::history))
        .routes(routes!(commons::tree))
        .routes(routes!(commons::create_tag))
        .routes(routes!(commons::request_access, commons::list_access))
        .routes(routes!(commons::decide_access))
        .routes(routes!(commons_admin::purge_file))
        .merge(deliberation::router())
        .merge(capacity::router())
        .merge(safety::router())
        .merge(work::router())
}

/// Routes that take large streamed bodies and check their own limits
/// (the commons' per-file limit) instead of the general body limit.
pub fn upload_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(commons::upload_blob))
        // Framework uploads take `framework_max_bytes` instead of the general limit.
        .routes(routes!(framework::upload_framework))
        .routes(routes!(framework::upload_pack))
        .routes(routes!(framework::upload_crosswalk))
        .merge(work::upload_router())
        .routes(routes!(commons_admin::import_archive))
}

/// The generated OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = router().merge(upload_router()).split_for_parts().1;
    statuses::complete(&mut doc);
    doc
}

fn openapi_bytes() -> &'static [u8] {
    static JSON: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        openapi()
            .to_pretty_json()
            .expect("OpenAPI serialises")
            .into_bytes()
    })
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "members", responses((status = 200, description = "OpenAPI document", content_type = "application/json")))]
async fn openapi_json() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_bytes(),
    )
        .into_response()
}

/// Pagination of list endpoints.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// Items to skip (default 0).
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

pub const MAX_LIMIT: i64 = 500;

impl PageParams {
    /// (limit, offset), or a problem naming the bad parameter.
    pub fn checked(self) -> Result<(i64, i64), Problem> {
        let limit = self.limit.unwrap_or(100);
        let offset = self.offset.unwrap_or(0);
        let mut errors = Vec::new();
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.push(FieldError {
                field: "limit".into(),
                code: "err-range".into(),
                message: format!("limit must be between 1 and {MAX_LIMIT}"),
            });
        }
        if offset < 0 {
            errors.push(FieldError {
                field: "offset".into(),
                code: "err-range".into(),
                message: "offset must not be negative".into(),
            });
        }
        if errors.is_empty() {
            Ok((limit, offset))
        } else {
            Err(Problem::invalid(errors))
        }
    }
}

/// A query string whose rejection is a problem naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(rejection) => Err(query_problem(rejection)),
        }
    }
}

fn query_problem(rejection: QueryRejection) -> Problem {
    let text = rejection.body_text();
    // "Failed to deserialize query string: limit: invalid digit found in string"
    let detail = text.split_once(": ").map(|(_, rest)| rest).unwrap_or(&text);
    let field = detail
        .split_once(": ")
        .map(|(f, _)| f.to_owned())
        .unwrap_or_else(|| "query".into());
    let mut p = Problem::invalid(vec![FieldError {
        field,
        code: "err-invalid-query".into(),
        message: detail.to_owned(),
    }]);
    p.status = StatusCode::BAD_REQUEST.as_u16();
    p.title = "Bad Request".into();
    p
}

/// Whole numbers in JSON bodies as JSON Schema counts them: `2` and `2.0`
/// are both the integer 2 (serde alone refuses `2.0` for an integer field,
/// which the document, saying `integer`, allows).
pub(crate) mod whole {
    use serde::{Deserialize, Deserializer, de::Error};

    fn number<'de, D: Deserializer<'de>>(n: serde_json::Number) -> Result<i128, D::Error> {
        if let Some(i) = n.as_i64() {
            return Ok(i128::from(i));
        }
        if let Some(u) = n.as_u64() {
            return Ok(i128::from(u));
        }
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(f as i128),
            _ => Err(D::Error::custom(format!(
                "invalid type: {n}, expected an integer"
            ))),
        }
    }

    pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let n = number::<D>(serde_json::Number::deserialize(d)?)?;
        i64::try_from(n).map_err(|_| D::Error::custom("integer out of range"))
    }

    pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let n = number::<D>(serde_json::Number::deserialize(d)?)?;
        u32::try_from(n).map_err(|_| D::Error::custom("integer out of range"))
    }

    pub fn option_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(d)? {
            None => Ok(None),
            Some(n) => u64::try_from(number::<D>(n)?)
                .map(Some)
                .map_err(|_| D::Error::custom("integer out of range")),
        }
    }
}
