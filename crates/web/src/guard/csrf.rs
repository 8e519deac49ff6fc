//! Cross-site request forgery: every state-changing request to a page
//! (anything but GET, HEAD and OPTIONS) must carry the viewer's form token,
//! as the `csrf` field of its form or in the `x-csrf-token` header. The
//! router lays this over all page routes, so a new form cannot forget it;
//! handlers never check the token themselves.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderName, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::auth::Viewer;

/// The header a script may send the token in instead of a form field.
pub const CSRF_HEADER: HeaderName = HeaderName::from_static("x-csrf-token");

/// The form token a request carries: the header first, then the `csrf`
/// field of a `multipart/form-data` body (forms with a file), else of a
/// URL-encoded body. Empty when there is none.
pub fn submitted_token(headers: &axum::http::HeaderMap, body: &[u8]) -> String {
    if let Some(value) = headers.get(&CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return value.to_owned();
    }
    if crate::multipart::boundary(headers).is_some() {
        return crate::multipart::parts_of(headers, body)
            .and_then(|parts| {
                parts
                    .into_iter()
                    .find(|p| p.name == "csrf" && p.file_name.is_none())
            })
            .map(|p| p.text().to_owned())
            .unwrap_or_default();
    }
    form_urlencoded::parse(body)
        .find(|(name, _)| name == "csrf")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// The middleware: lets safe methods through, and a state-changing request
/// only when its token is the viewer's (compared in constant time). A
/// refusal is the 403 page in the viewer's language; the handler does not run.
pub async fn require_form_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let viewer = match Viewer::from_request_parts(&mut parts, &state).await {
        Ok(viewer) => viewer,
        Err(never) => match never {},
    };
    let bytes = match axum::body::to_bytes(body, state.settings.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => return crate::pages::render_error(&viewer, StatusCode::PAYLOAD_TOO_LARGE),
    };
    if !viewer.csrf_ok(&submitted_token(&parts.headers, &bytes)) {
        tracing::info!(path = %parts.uri.path(), "form refused: missing or foreign CSRF token");
        return crate::pages::render_csrf_refused(&viewer);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    #[test]
    fn the_token_comes_from_the_header_first_then_the_form() {
        let mut headers = HeaderMap::new();
        assert_eq!(submitted_token(&headers, b"a=1&csrf=abc%2Bd&b=2"), "abc+d");
        assert_eq!(submitted_token(&headers, b"a=1&b=2"), "");
        assert_eq!(submitted_token(&headers, b"\xff\xfe=&csrf="), "");
        headers.insert(CSRF_HEADER, "from-header".parse().unwrap());
        assert_eq!(submitted_token(&headers, b"csrf=from-form"), "from-header");
        let mut multipart = HeaderMap::new();
        multipart.insert(
            axum::http::header::CONTENT_TYPE,
            "multipart/form-data; boundary=b1".parse().unwrap(),
        );
        let body =
            b"--b1\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n--b1--\r\n";
        assert_eq!(submitted_token(&multipart, body), "abc");
    }

    #[test]
    fn a_multipart_form_carries_the_token_in_its_csrf_part() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::CONTENT_TYPE,
            "multipart/form-data; boundary=b0und".parse().unwrap(),
        );
        let body = b"--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\ncsrf=not-this\r\n--b0und\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nthe-token\r\n--b0und--\r\n";
        assert_eq!(submitted_token(&headers, body), "the-token");
        // A URL-encoded reading of a multipart body finds nothing.
        assert_eq!(submitted_token(&headers, b"csrf=abc"), "");
        let without =
            b"--b0und\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--b0und--\r\n";
        assert_eq!(submitted_token(&headers, without), "");
    }
}
