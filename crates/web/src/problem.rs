//! API errors as RFC 9457 problem details (`application/problem+json`),
//! naming the offending fields, and the JSON body extractor that turns every
//! malformed request into one.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use waico_app::OpError;
use waico_app::framework::DocError;

pub use waico_app::{FieldError, english};

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Located problems in an uploaded document (framework, crosswalk,
    /// rulepack, profile): file, 1-based line (0 = whole file), reason.
    // Boxed: keeps `Problem` small for the many `Result<_, Problem>`.
    #[serde(skip_serializing_if = "<[LoadErrorView]>::is_empty")]
    pub load_errors: Box<[LoadErrorView]>,
}

/// One located problem in an uploaded document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LoadErrorView {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl Problem {
    pub fn new(status: StatusCode, detail: impl Into<Option<String>>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error").to_owned();
        Problem {
            kind: format!(
                "https://waico.org/problems/{}",
                title.to_lowercase().replace(' ', "-")
            ),
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            load_errors: Box::default(),
        }
    }

    /// The fields refused: 422, unless every one of them is well formed
    /// but names something that does not exist (a user, an institution:
    /// 404) or something closed to the request (a call, a round, a match:
    /// 409) — refusals that depend on the node's state, not on the form of
    /// the request, which the OpenAPI document cannot foresee.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        let all = |codes: &[&str]| {
            !errors.is_empty() && errors.iter().all(|e| codes.contains(&e.code.as_str()))
        };
        if all(NOT_FOUND_CODES) || all(CONFLICT_CODES) {
            let status = if all(NOT_FOUND_CODES) {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::CONFLICT
            };
            let mut p = Problem::new(
                status,
                format!(
                    "{}: {}",
                    if status == StatusCode::NOT_FOUND {
                        "nothing of that name"
                    } else {
                        "closed"
                    },
                    fields.join(", ")
                ),
            );
            p.errors = errors;
            return p;
        }
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("invalid fields: {}", fields.join(", ")),
        );
        p.kind = "https://waico.org/problems/validation".into();
        p.errors = errors;
        p
    }
}

/// Field errors that name something the node does not hold (404).
const NOT_FOUND_CODES: &[&str] = &[
    "err-unknown-institution",
    "safety-err-recipient",
    "capacity-err-not-found",
    "err-commons-owner",
    "safety-err-no-report",
    "work-err-obligation",
    "work-err-assignee",
    "safety-err-unknown-system",
];

/// Field errors that name something closed to the request (409).
const CONFLICT_CODES: &[&str] = &[
    "capacity-err-closed",
    "capacity-err-state",
    "capacity-err-conflict",
    // A licence asked for a rule that bars (no licence lifts it).
    "capacity-err-barred",
    // An id or version that is taken; a licence revoked already.
    "err-taken",
    "capacity-err-revoked",
    // A work item's step that its state does not allow, or a submission
    // of an item that holds no evidence yet.
    "work-err-step",
    "work-err-no-evidence",
    // A safety comment below its report's level, an assignee or a merge
    // target the report's marking does not allow.
    "safety-err-wrong-state",
];

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(&self)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"waico\""),
            );
        }
        response
    }
}

impl From<OpError> for Problem {
    fn from(err: OpError) -> Self {
        match err {
            OpError::Invalid(list) => Problem::invalid(
                list.into_iter()
                    .map(|i| FieldError {
                        field: i.field.to_owned(),
                        code: i.key.to_owned(),
                        message: english(i.key),
                    })
                    .collect(),
            ),
            OpError::Unauthenticated => Problem::new(
                StatusCode::UNAUTHORIZED,
                "a valid API token is required".to_owned(),
            ),
            OpError::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "your roles do not allow this".to_owned(),
            ),
            OpError::NotFound => Problem::new(StatusCode::NOT_FOUND, None),
            OpError::Conflict { field } => {
                let mut p = Problem::new(StatusCode::CONFLICT, format!("{field} already exists"));
                p.errors.push(FieldError {
                    field: field.to_owned(),
                    code: "err-taken".into(),
                    message: english("err-taken"),
                });
                p
            }
            OpError::Refused(reason) => Problem::new(StatusCode::CONFLICT, reason),
            OpError::Declined(key) => Problem::new(StatusCode::CONFLICT, english(key)),
            OpError::Internal(reason) => {
                tracing::error!(%reason, "internal error");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, None)
            }
        }
    }
}

/// A JSON request body whose every rejection is a problem+json naming what
/// was wrong: 400 for bad syntax, 413 too large, 415 wrong type, 422 for
/// missing or mistyped fields.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_problem(rejection)),
        }
    }
}

fn json_problem(rejection: JsonRejection) -> Problem {
    let status = rejection.status();
    let text = rejection.body_text();
    if let JsonRejection::JsonDataError(_) = rejection {
        let field = json_field(&text);
        let mut p = Problem::invalid(vec![FieldError {
            field,
            code: "err-invalid-json".into(),
            message: text.clone(),
        }]);
        p.detail = Some(text);
        return p;
    }
    Problem::new(status, text)
}

/// The field a JSON body's rejection names: the path serde reached
/// (`window.start`, `accelerators[0].factor`), with the member a
/// `missing field` names appended (`window.end`); at the top, the member a
/// `missing field` or `unknown field` names; `body` otherwise.
fn json_field(text: &str) -> String {
    // axum's "Failed to deserialize the JSON body into the target type: "
    let rest = text.split_once(": ").map(|(_, r)| r).unwrap_or(text);
    let (path, message) = match rest.split_once(": ") {
        Some((p, m)) if !p.is_empty() && !p.contains(' ') && p != "." => (Some(p), m),
        _ => (None, rest),
    };
    let named = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"));
    match (path, named) {
        (Some(p), Some(n)) if message.starts_with("missing field") => format!("{p}.{n}"),
        (Some(p), _) => p.to_owned(),
        (None, Some(n)) => n.to_owned(),
        (None, None) => "body".into(),
    }
}

/// A located-errors problem (422) listing every problem found.
pub fn load_problem(errors: &waico_framework::LoadErrors) -> Problem {
    let mut p = Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        format!("the document was rejected; nothing was changed: {errors}"),
    );
    p.kind = "https://waico.org/problems/invalid-document".into();
    p.load_errors = errors
        .0
        .iter()
        .map(|e| LoadErrorView {
            file: e.file.clone(),
            line: e.line,
            reason: e.reason.clone(),
        })
        .collect::<Vec<_>>()
        .into_boxed_slice();
    p
}

impl From<DocError> for Problem {
    fn from(e: DocError) -> Self {
        match e {
            DocError::Load(errors) => load_problem(&errors),
            DocError::Op(op) => op.into(),
        }
    }
}

#[cfg(test)]
mod json_field_tests {
    use super::json_field;

    const PREFIX: &str = "Failed to deserialize the JSON body into the target type: ";

    #[test]
    fn names_the_path_serde_reached() {
        let named = |inner: &str| json_field(&format!("{PREFIX}{inner}"));
        assert_eq!(named("missing field `title` at line 1 column 2"), "title");
        assert_eq!(
            named("window: missing field `end` at line 1 column 30"),
            "window.end"
        );
        assert_eq!(
            named(
                "accelerators[0].factor: invalid type: string \"x\", expected f64 at line 1 column 9"
            ),
            "accelerators[0].factor"
        );
        assert_eq!(
            named(
                "terms: unknown variant `gift`, expected `free` or `cost_recovery` at line 1 column 9"
            ),
            "terms"
        );
        assert_eq!(
            named("unknown field `global_south`, expected one of `id`, `title` at line 1 column 9"),
            "global_south"
        );
        assert_eq!(
            named("invalid type: integer `1`, expected struct X at line 1 column 1"),
            "body"
        );
    }
}
