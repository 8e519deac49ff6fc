//! Conditional requests (RFC 9110 §13): `If-None-Match` answered with
//! `304 Not Modified` when the client's entity tag still names the
//! representation, and `If-Range`, which lets a `Range` apply only when
//! the client's validator is the current strong entity tag (any other
//! validator, or a date, gets the whole representation).

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The entity tags of an `If-None-Match` or `If-Range` value, opaque
/// parts with their quotes, and whether each is weak (`W/`).
fn tags(value: &str) -> Vec<(bool, &str)> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| match t.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, t),
        })
        .collect()
}

/// Whether `If-None-Match` (weak comparison, §13.1.2) matches `etag`, so a
/// GET or HEAD is answered `304`.
pub fn none_match(headers: &HeaderMap, etag: &str) -> bool {
    let Some(value) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let ours = etag.strip_prefix("W/").unwrap_or(etag);
    value.trim() == "*" || tags(value).iter().any(|(_, t)| *t == ours)
}

/// Whether a `Range` may be honoured given `If-Range` (§13.1.5): with no
/// `If-Range`, yes; with one, only when it is the same strong entity tag.
pub fn range_applies(headers: &HeaderMap, etag: &str) -> bool {
    let Some(value) = headers.get(header::IF_RANGE) else {
        return true;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let value = value.trim();
    // A date (there is no Last-Modified to compare with) or a weak tag
    // never holds.
    !etag.starts_with("W/") && value.starts_with('"') && value == etag
}

/// `304 Not Modified` carrying the validator.
pub fn not_modified(etag: &str) -> Response {
    let mut r = Response::builder()
        .status(StatusCode::NOT_MODIFIED)
        .body(Body::empty())
        .expect("valid response");
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

/// A JSON answer with a weak entity tag over its bytes, or `304` when the
/// request's `If-None-Match` names it.
pub fn json(headers: &HeaderMap, value: &serde_json::Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let etag = format!("W/\"{}\"", &hex::encode(Sha256::digest(&body))[..32]);
    if none_match(headers, &etag) {
        return not_modified(&etag);
    }
    let mut r = (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let etag = "\"abc\"";
        assert!(!none_match(&HeaderMap::new(), etag));
        assert!(none_match(&with(header::IF_NONE_MATCH, "\"abc\""), etag));
        assert!(none_match(&with(header::IF_NONE_MATCH, "W/\"abc\""), etag));
        assert!(none_match(
            &with(header::IF_NONE_MATCH, "\"x\", \"abc\""),
            etag
        ));
        assert!(none_match(&with(header::IF_NONE_MATCH, "*"), etag));
        assert!(!none_match(&with(header::IF_NONE_MATCH, "\"abd\""), etag));
        assert!(!none_match(&with(header::IF_NONE_MATCH, "abc"), etag));
        assert!(none_match(
            &with(header::IF_NONE_MATCH, "\"abc\""),
            "W/\"abc\""
        ));
    }

    #[test]
    fn if_range_holds_only_for_the_same_strong_tag() {
        let etag = "\"abc\"";
        assert!(range_applies(&HeaderMap::new(), etag));
        assert!(range_applies(&with(header::IF_RANGE, "\"abc\""), etag));
        assert!(!range_applies(&with(header::IF_RANGE, "\"old\""), etag));
        assert!(!range_applies(&with(header::IF_RANGE, "W/\"abc\""), etag));
        assert!(!range_applies(
            &with(header::IF_RANGE, "Wed, 21 Oct 2015 07:28:00 GMT"),
            etag
        ));
        assert!(!range_applies(
            &with(header::IF_RANGE, "\"abc\""),
            "W/\"abc\""
        ));
    }
}
