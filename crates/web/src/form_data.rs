//! `multipart/form-data` bodies, as a browser sends a form with a file
//! field: the boundary from the content type, then each part's name, file
//! name and bytes. The body is already whole and bounded (the CSRF layer
//! read it under `max_body_bytes`), so this parses a byte slice; anything
//! malformed is `None`.

/// One part of a form: a field or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub data: Vec<u8>,
}

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let kind = params.next()?.trim();
    if !kind.eq_ignore_ascii_case("multipart/form-data") {
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A quoted or bare parameter of a `Content-Disposition` header.
fn disposition_param(header: &str, name: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case(name) {
            return None;
        }
        let v = v.trim();
        Some(
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
                .replace("\\\"", "\""),
        )
    })
}

/// The parts of a body with this boundary, in order.
pub fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}");
    let closing = format!("\r\n--{boundary}");
    let start = find(body, delimiter.as_bytes())?;
    let mut rest = &body[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(parts);
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let head_end = find(rest, b"\r\n\r\n")?;
        let head = std::str::from_utf8(&rest[..head_end]).ok()?;
        rest = &rest[head_end + 4..];
        let end = find(rest, closing.as_bytes())?;
        let data = rest[..end].to_vec();
        rest = &rest[end + closing.len()..];
        let disposition = head.split("\r\n").find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then(|| v.trim().to_owned())
        })?;
        parts.push(Part {
            name: disposition_param(&disposition, "name")?,
            filename: disposition_param(&disposition, "filename"),
            data,
        });
    }
}

/// The parts of a request body when its content type is `multipart/form-data`.
pub fn parts_of(headers: &axum::http::HeaderMap, body: &[u8]) -> Option<Vec<Part>> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)?
        .to_str()
        .ok()?;
    parse(body, &boundary(content_type)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_form_with_a_file_is_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok+1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"usage.csv\"\r\nContent-Type: text/csv\r\n\r\nrequest,offer,used_hours\r\na,b,1\r\n\r\n--XyZ--\r\n";
        let b = boundary("multipart/form-data; boundary=XyZ").unwrap();
        let parts = parse(body, &b).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"tok+1");
        assert_eq!(parts[1].filename.as_deref(), Some("usage.csv"));
        assert_eq!(parts[1].data, b"request,offer,used_hours\r\na,b,1\r\n");
    }

    #[test]
    fn malformed_bodies_and_other_types_are_refused() {
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        assert_eq!(
            boundary("Multipart/Form-Data; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
        assert_eq!(parse(b"no delimiter", "XyZ"), None);
        assert_eq!(
            parse(
                b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated",
                "XyZ"
            ),
            None
        );
        assert_eq!(parse(b"--XyZ--\r\n", "XyZ"), Some(vec![]));
    }
}
