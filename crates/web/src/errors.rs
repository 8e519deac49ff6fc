//! Friendly errors: unknown routes get the 404 page, and any bare error
//! response (from a rejected extractor, a body over the limit, a wrong
//! method, a panic) is replaced by a page in the visitor's language, or by
//! problem+json under `/api/`.

use std::any::Any;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use waico_i18n::{Lang, Tr};

use crate::AppState;
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

pub async fn not_found(uri: Uri, headers: HeaderMap) -> Response {
    if uri.path().starts_with("/api/") {
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

pub async fn friendly_errors(
    State(_state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if matches!(path.as_str(), "/healthz" | "/readyz" | "/metrics") {
        return next.run(request).await;
    }
    let lang = quick_lang(request.headers(), request.uri());
    let uri = request.uri().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || !is_bare(&response) {
        return response;
    }
    let mut replaced = if path.starts_with("/api/") {
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
    replaced
}
