//! `multipart/form-data` (RFC 7578) bodies that were read whole, within a
//! size limit: the forms that carry a file (evidence uploads, usage CSV
//! files), and the CSRF guard's reading of their token. Each part
//! has a name, perhaps a file name and content type, and its bytes.

use axum::body::Bytes;
use axum::http::{HeaderMap, header};

/// One field of a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl Part {
    /// The part's bytes as text (empty when not UTF-8).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.data).unwrap_or("")
    }
}

/// The boundary of a `multipart/form-data` content type, if it is one.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut params = ct.split(';');
    if !params
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let v = v.trim().trim_matches('"');
        (!v.is_empty() && v.len() <= 70).then(|| v.to_owned())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// A parameter of a `Content-Disposition` header (`name="…"`), quoted or not.
fn disposition_param(value: &str, key: &str) -> Option<String> {
    let mut rest = value;
    while let Some(i) = rest.find(';') {
        rest = rest[i + 1..].trim_start();
        let (k, v) = rest.split_once('=')?;
        if k.trim().eq_ignore_ascii_case(key) {
            let v = v.trim_start();
            return Some(if let Some(q) = v.strip_prefix('"') {
                // Up to the closing quote; `\"` escapes a quote.
                let mut out = String::new();
                let mut chars = q.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        c => out.push(c),
                    }
                }
                out
            } else {
                v.split(';').next().unwrap_or("").trim().to_owned()
            });
        }
    }
    None
}

/// Splits a whole body into its parts. `None` when it is not well formed
/// (no opening boundary, a part without headers end or a name, no closing
/// boundary).
pub fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delim = format!("--{boundary}");
    let next_delim = format!("\r\n--{boundary}");
    let mut at = find(body, delim.as_bytes(), 0)?;
    let mut parts = Vec::new();
    loop {
        at += delim.len();
        if body[at..].starts_with(b"--") {
            return Some(parts);
        }
        if !body[at..].starts_with(b"\r\n") {
            return None;
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = std::str::from_utf8(&body[at..head_end]).ok()?;
        let data_start = head_end + 4;
        // The next delimiter: followed by CRLF or `--` (a line that only
        // starts like it is data).
        let mut end = find(body, next_delim.as_bytes(), data_start)?;
        while !matches!(
            body.get(end + next_delim.len()..end + next_delim.len() + 2),
            Some(b"\r\n" | b"--")
        ) {
            end = find(body, next_delim.as_bytes(), end + 1)?;
        }
        let (mut name, mut file_name, mut content_type) = (None, None, None);
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                name = disposition_param(v, "name");
                file_name = disposition_param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_owned());
            }
        }
        parts.push(Part {
            name: name?,
            file_name,
            content_type,
            data: Bytes::copy_from_slice(&body[data_start..end]),
        });
        at = end + 2;
    }
}

/// The parts of a request's body when it is `multipart/form-data`.
pub fn parts_of(headers: &HeaderMap, body: &[u8]) -> Option<Vec<Part>> {
    parse(body, &boundary(headers)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok+en\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\r\n--XyZx\r\n\r\n--XyZ--\r\n";

    #[test]
    fn parts_come_out_with_names_files_and_bytes() {
        let parts = parse(BODY, "XyZ").unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].name.as_str(), parts[0].text()),
            ("csrf", "tok+en")
        );
        assert_eq!(parts[0].file_name, None);
        assert_eq!(parts[1].name, "file");
        assert_eq!(parts[1].file_name.as_deref(), Some("a \"b\".pdf"));
        assert_eq!(parts[1].content_type.as_deref(), Some("application/pdf"));
        // A line that only starts like the boundary stays in the data.
        assert_eq!(&parts[1].data[..], b"%PDF-1.7\r\n--XyZx\r\n");
    }

    #[test]
    fn broken_bodies_are_refused() {
        assert_eq!(parse(b"no boundary here", "XyZ"), None);
        assert_eq!(
            parse(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
                "XyZ"
            ),
            None
        );
        assert_eq!(
            parse(
                b"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--",
                "XyZ"
            ),
            None
        );
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=\"XyZ\"".parse().unwrap(),
        );
        assert_eq!(boundary(&h).as_deref(), Some("XyZ"));
        h.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        assert_eq!(boundary(&h), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Untrusted bodies: any bytes parse to parts or to a refusal,
        /// never a panic; a well-formed body gives back its field's bytes.
        #[test]
        fn any_body_is_parsed_or_refused(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            value in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let _ = parse(&body, "XyZ");
            let mut framed = b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n".to_vec();
            framed.extend_from_slice(&value);
            framed.extend_from_slice(b"\r\n--XyZ--\r\n");
            let contains_delimiter = value.windows(7).any(|w| w == b"\r\n--XyZ");
            if !contains_delimiter {
                let parts = parse(&framed, "XyZ").expect("well-formed");
                proptest::prop_assert_eq!(&parts[0].data[..], &value[..]);
            }
        }
    }
}
