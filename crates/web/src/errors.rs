//! Friendly errors: unknown routes get the 404 page, and any bare error
//! response (from a rejected extractor, a body over the limit, a wrong
//! method, a panic) is replaced by a page in the visitor's language, or by
//! problem+json under `/api/`.

use std::any::Any;

use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use waico_i18n::{Lang, Tr};

use crate::auth::{LANG_COOKIE, Viewer, cookie_value};
use crate::pages::render_error;
use crate::problem::Problem;

/// The visitor's language without a database look-up (error paths).
pub fn quick_lang(headers: &HeaderMap, uri: &Uri) -> Lang {
    uri.query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang=")))
        .and_then(Lang::parse)
        .or_else(|| cookie_value(headers, LANG_COOKIE).and_then(Lang::parse))
        .unwrap_or_else(|| {
            waico_i18n::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or(""),
            )
        })
}

/// Paths that machines read, whose errors are problem+json rather than
/// pages: the API, the `/.well-known/` documents and the transparency log's
/// checkpoint and tiles.
pub fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/.well-known/")
        || path == "/checkpoint"
        || path.starts_with("/tile/")
}

pub async fn not_found(uri: Uri, headers: HeaderMap) -> Response {
    if uri.path().starts_with("/api/") && !uri.path().starts_with("/api/v1/") {
        return crate::hub_write::unknown_route(uri.path());
    }
    if is_machine_path(uri.path()) {
        return Problem::new(
            StatusCode::NOT_FOUND,
            format!("no API route {}", uri.path()),
        )
        .into_response();
    }
    let viewer = Viewer::anonymous(Tr::new(quick_lang(&headers, &uri)), uri.to_string());
    render_error(&viewer, StatusCode::NOT_FOUND)
}

pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

fn is_bare(response: &Response) -> bool {
    match response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        None => true,
        Some(ct) => ct.starts_with("text/plain"),
    }
}

/// Replaces a bare error response (no body type of its own) by the error
/// page in the visitor's language, or by problem+json on machine paths.
#[derive(Debug, Clone, Copy, Default)]
pub struct FriendlyErrors;

impl crate::around::RequestAndResponse for FriendlyErrors {
    /// The request's address and the headers that name its language, kept
    /// for the error path (both clones share the request's bytes); nothing
    /// for the probes.
    type Noted = Option<(Uri, HeaderMap)>;

    fn note(&self, request: &Request) -> Self::Noted {
        if matches!(request.uri().path(), "/healthz" | "/readyz" | "/metrics") {
            return None;
        }
        let mut language_headers = HeaderMap::new();
        for name in [header::COOKIE, header::ACCEPT_LANGUAGE] {
            for value in request.headers().get_all(&name) {
                language_headers.append(name.clone(), value.clone());
            }
        }
        Some((request.uri().clone(), language_headers))
    }

    fn respond(&self, noted: Self::Noted, response: Response) -> Response {
        let Some((uri, language_headers)) = noted else {
            return response;
        };
        let status = response.status();
        if !(status.is_client_error() || status.is_server_error()) || !is_bare(&response) {
            return response;
        }
        let path = uri.path();
        let lang = quick_lang(&language_headers, &uri);
        let uri = uri.to_string();
        let mut replaced = if is_machine_path(path) {
            let detail = match status {
                StatusCode::PAYLOAD_TOO_LARGE => {
                    Some("the request body is larger than this server accepts".to_owned())
                }
                StatusCode::METHOD_NOT_ALLOWED => {
                    Some("this method is not allowed on this route".to_owned())
                }
                _ => None,
            };
            Problem::new(status, detail).into_response()
        } else {
            render_error(&Viewer::anonymous(Tr::new(lang), uri), status)
        };
        if let Some(allow) = response.headers().get(header::ALLOW) {
            replaced.headers_mut().insert(header::ALLOW, allow.clone());
        }
        // The metrics outside count it under the route it came from.
        if let Some(route) = response.extensions().get::<crate::observe::RouteLabel>() {
            replaced.extensions_mut().insert(*route);
        }
        replaced
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    use super::*;

    async fn boom() -> &'static str {
        panic!("handler bug")
    }

    fn app() -> Router {
        Router::new()
            .route("/boom", get(boom))
            .route("/api/v1/boom", get(boom))
            .route("/.well-known/boom", get(|| async { "ok" }))
            .layer(CatchPanicLayer::custom(panic_response))
            .layer(crate::around::Around(FriendlyErrors))
    }

    async fn get_page(uri: &str, lang: &str) -> (StatusCode, String, String) {
        let request = axum::http::Request::get(uri)
            .header("accept-language", lang)
            .body(Body::empty())
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        let status = response.status();
        let ct = response
            .headers()
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, ct, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_panic_becomes_a_friendly_500_page_in_the_visitors_language() {
        let (status, ct, body) = get_page("/boom", "ru").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(ct.starts_with("text/html"));
        assert!(body.contains(&Tr::new(Lang::Ru).t("error-500-title")));
        assert!(!body.contains("handler bug"), "no internals shown");
    }

    #[tokio::test]
    async fn a_panic_under_the_api_becomes_problem_json() {
        let (status, ct, body) = get_page("/api/v1/boom", "en").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(ct, "application/problem+json");
        assert!(body.contains("\"status\":500"));
    }

    #[tokio::test]
    async fn a_wrong_method_on_a_well_known_document_is_problem_json() {
        let request = axum::http::Request::post("/.well-known/boom")
            .body(Body::empty())
            .unwrap();
        let response = app().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        assert_eq!(response.headers()[header::ALLOW], "GET,HEAD");
    }
}
