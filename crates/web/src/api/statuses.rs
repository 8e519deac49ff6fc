//! The error statuses that the shared extractors and layers answer, added
//! to every operation of the OpenAPI document that passes through them, so
//! that the document lists each status a route can really answer:
//! a request body brings 413 (the body limit) and, for JSON, 400 (syntax),
//! 415 (content type) and 422 (fields, [`crate::problem::ApiJson`]);
//! parameters bring 400 (a value that does not parse, [`super::ApiQuery`]
//! and axum's path extractor) and 422 (a value the handler refuses: out of
//! range, not one of the choices); a path parameter names a resource, so
//! 404; a bearer token brings 401
//! ([`crate::auth::ApiCaller`]). The statuses that a handler decides
//! (403, 404, 409, …) stay in its own annotation.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

/// Adds the layers' statuses to every operation of `doc`.
pub fn complete(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            complete_operation(op);
        }
    }
}

fn complete_operation(op: &mut Operation) {
    let mut add: Vec<(&str, &str)> = Vec::new();
    if let Some(body) = &op.request_body {
        add.push(("413", "The request body is larger than this server accepts"));
        if body.content.contains_key("application/json") {
            add.push(("400", "The body is not well-formed JSON"));
            add.push(("415", "The body is not sent as application/json"));
            add.push(("422", "Invalid fields, each named"));
        }
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    if !params.is_empty() {
        add.push(("400", "A parameter that does not parse, named"));
        add.push((
            "422",
            "A parameter out of range or not one of its choices, named",
        ));
    }
    if params
        .iter()
        .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path))
    {
        add.push(("404", "Nothing at this address"));
    }
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        add.push((
            "401",
            "The bearer token is malformed, unknown, expired or revoked",
        ));
    }
    for (status, description) in add {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| problem_response(description));
    }
}

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}
