//! Where a link may point: [`LocalPath`] for redirects that must stay on
//! this node (`next` after signing in), and [`WebLink`] for addresses that
//! users and uploads supply (official sources, websites), restricted to
//! the schemes `https`, `http` and `mailto`.
//!
//! Both refuse what browsers would read differently from a naive check:
//! control characters and whitespace (browsers drop tabs and newlines from
//! URLs, so `/\t/evil` is `//evil`), backslashes (read as `/`), and the
//! percent-encoded forms of these that a later decoding would reveal.

use crate::Invalid;

/// Longest path or link accepted.
const MAX_LEN: usize = 2048;

/// A path on this node (`/account`, `/members?page=2`), safe to redirect to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, "err-not-local-path");
        if value.len() > MAX_LEN || !value.starts_with('/') || !plain_ascii(value) {
            return Err(bad());
        }
        let decoded = fully_decoded(value).ok_or_else(bad)?;
        for form in [value, decoded.as_str()] {
            // `//host` and `/\host` name another host; a backslash anywhere
            // may be turned into `/` by the browser.
            if form.starts_with("//") || form.contains('\\') || form.chars().any(char::is_control) {
                return Err(bad());
            }
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A link a user or an upload supplied, with an allowed scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink(String);

/// The schemes a supplied link may use.
pub const ALLOWED_SCHEMES: [&str; 3] = ["https", "http", "mailto"];

impl WebLink {
    pub fn parse(field: &'static str, value: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, "err-link-scheme");
        let value = value.trim();
        if value.is_empty() || value.len() > MAX_LEN {
            return Err(bad());
        }
        // Whitespace and controls inside a link let `java\tscript:` pass a
        // scheme check that the browser then reads as `javascript:`.
        if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(bad());
        }
        let Some((scheme, rest)) = value.split_once(':') else {
            return Err(bad());
        };
        let scheme = scheme.to_ascii_lowercase();
        if !ALLOWED_SCHEMES.contains(&scheme.as_str()) {
            return Err(bad());
        }
        if scheme != "mailto" {
            let Some(after) = rest.strip_prefix("//") else {
                return Err(bad());
            };
            let host = after.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.contains('\\') {
                return Err(bad());
            }
        } else if !rest.contains('@') {
            return Err(bad());
        }
        Ok(Self(value.to_owned()))
    }

    /// Whether `value` would be accepted: what templates ask before
    /// rendering a stored value as a link rather than as text.
    pub fn is_allowed(value: &str) -> bool {
        Self::parse("link", value).is_ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Printable ASCII without spaces: what a path in a redirect needs.
fn plain_ascii(value: &str) -> bool {
    value.bytes().all(|b| (0x21..0x7f).contains(&b))
}

/// `value` percent-decoded until it no longer changes (at most a few
/// rounds), or `None` if decoding does not settle or is not UTF-8.
fn fully_decoded(value: &str) -> Option<String> {
    let mut current = value.to_owned();
    for _ in 0..4 {
        let next = percent_decode(&current)?;
        if next == current {
            return Some(current);
        }
        current = next;
    }
    None
}

fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = value.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_refuse_every_way_off_the_node() {
        for ok in [
            "/",
            "/account",
            "/members?page=2&lang=fr",
            "/frameworks/eu-ai-act#art-5",
            "/commons/amina/my%20model",
        ] {
            assert!(LocalPath::parse("next", ok).is_ok(), "{ok} refused");
        }
        for trick in [
            "",
            "account",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\n/evil.example",
            "/%0a/evil.example",
            "/%0d%0a/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%252F%252Fevil.example",
            "/%25252F/evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/ /evil.example",
            "/\u{2028}/evil.example",
            "/\u{0}",
            "/%00",
            "/%ff",
        ] {
            let e = LocalPath::parse("next", trick).unwrap_err();
            assert_eq!(e.field, "next", "{trick:?}");
        }
        assert!(LocalPath::parse("next", &format!("/{}", "a".repeat(MAX_LEN))).is_err());
    }

    #[test]
    fn links_use_an_allowed_scheme_and_name_a_host() {
        for ok in [
            "https://eur-lex.europa.eu/eli/reg/2024/1689/oj",
            "HTTP://example.org",
            "mailto:secretariat@waico.example",
            "  https://example.org/a?b#c  ",
        ] {
            assert!(WebLink::parse("website", ok).is_ok(), "{ok} refused");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " javascript:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "ftp://example.org",
            "https:example.org",
            "https:/\\evil.example",
            "https://",
            "https:///path",
            "//evil.example",
            "/relative",
            "mailto:nobody",
            "https://exa mple.org",
            "",
        ] {
            let e = WebLink::parse("website", bad).unwrap_err();
            assert_eq!(e.field, "website", "{bad:?}");
            assert!(!WebLink::is_allowed(bad));
        }
    }
}
