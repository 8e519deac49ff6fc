//! The origin (`scheme://host[:port]`) a request was addressed to, for
//! absolute links that clients follow as given (the Hub listing's next page,
//! the `waico ledger verify --url` shown on the ledger page). The scheme is
//! `https` when a proxy says so in `X-Forwarded-Proto`.

use axum::http::{HeaderMap, header};

pub fn origin_of(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    if host.is_empty() || host.contains(['/', ' ', '@']) {
        return None;
    }
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .filter(|s| *s == "https" || *s == "http")
        .unwrap_or("http");
    Some(format!("{scheme}://{host}"))
}
