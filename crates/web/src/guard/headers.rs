//! Security headers on every response: a Content-Security-Policy that the
//! pages satisfy (scripts and styles only from the node's own files, no
//! inline code), no framing, no MIME sniffing, a strict referrer policy, no
//! powerful browser features, and HSTS when the node is served over HTTPS
//! (`secure_cookies`). A handler that sets one of these keeps its own.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// Scripts, styles, images and requests from this node only; no plugins,
/// no `<base>`, forms post here, and no page may frame ours.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Browser features no page of the node uses.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), \
     usb=(), serial=(), bluetooth=(), interest-cohort=()";

/// Two years, subdomains included (the HSTS preload list's minimum is one).
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000; includeSubDomains";

/// The policy when forms may also lead to `origin`: the identity
/// provider's, where signing out goes on (a browser applies `form-action`
/// to the redirects that follow a form too).
pub fn content_security_policy_with_form_target(origin: &str) -> String {
    CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'",
        &format!("form-action 'self' {origin}"),
    )
}

/// The layer that adds the headers to every response; HSTS too when the
/// node is served over HTTPS; `form_target`, an origin forms may lead to
/// besides this node's (see [`content_security_policy_with_form_target`]).
/// A plain response map: no allocation, no boxed future per request.
pub fn layer(
    https: bool,
    form_target: Option<String>,
) -> tower::util::MapResponseLayer<impl Fn(Response) -> Response + Clone + Send + Sync + 'static> {
    let policy = form_target
        .as_deref()
        .map(content_security_policy_with_form_target)
        .and_then(|p| HeaderValue::from_str(&p).ok())
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    tower::util::MapResponseLayer::new(move |mut response: Response| {
        add_security_headers(response.headers_mut(), https, &policy);
        response
    })
}

/// Sets each security header the response does not already carry.
fn add_security_headers(headers: &mut axum::http::HeaderMap, https: bool, policy: &HeaderValue) {
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert_with(|| policy.clone());
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, STRICT_TRANSPORT_SECURITY);
    }
}
