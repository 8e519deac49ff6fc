//! The `Range` request header of RFC 9110 §14.1–14.2 for `bytes`, as file
//! downloads answer it: one satisfiable range gives a `206` part, none a
//! `416`, and anything else (no header, another unit, a syntax error, or
//! several ranges) the whole file with `200` — RFC 9110 §14.2 lets a server
//! ignore `Range`, and WAICO does not send `multipart/byteranges`.

/// What a `Range` header asks of a representation of `size` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No usable range: send everything.
    Whole,
    /// `start..end` (end exclusive), never empty, within the file.
    Part(u64, u64),
    /// A single range that starts at or beyond the end of the file, or a
    /// suffix of zero bytes (§14.1.1): answer `416`.
    Unsatisfiable,
}

impl ByteRange {
    /// The value of `Content-Range` for this answer (§14.4):
    /// `bytes first-last/size` for a part, `bytes */size` for a `416`.
    pub fn content_range(self, size: u64) -> Option<String> {
        match self {
            ByteRange::Whole => None,
            ByteRange::Part(start, end) => Some(format!("bytes {start}-{}/{size}", end - 1)),
            ByteRange::Unsatisfiable => Some(format!("bytes */{size}")),
        }
    }
}

/// Reads `1*DIGIT` (§14.1.1), saturating at `u64::MAX`: a position larger
/// than any file is still a valid one. Anything but ASCII digits is refused
/// (so `+5` and ` 5` are not numbers here, as they are to `str::parse`).
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

/// Parses `Range` (absent: `None`) against a file of `size` bytes.
pub fn parse_range(header: Option<&str>, size: u64) -> ByteRange {
    let Some(header) = header else {
        return ByteRange::Whole;
    };
    // ranges-specifier = range-unit "=" range-set; the unit is
    // case-insensitive (§14.1).
    let Some((unit, set)) = header.trim().split_once('=') else {
        return ByteRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") {
        return ByteRange::Whole;
    }
    let specs: Vec<&str> = set
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let [spec] = specs.as_slice() else {
        // None, or several: the whole file (see the module comment).
        return ByteRange::Whole;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return ByteRange::Whole;
    };
    let (start, end) = if first.is_empty() {
        // suffix-range = "-" suffix-length
        match digits(last) {
            None => return ByteRange::Whole,
            Some(0) => return ByteRange::Unsatisfiable,
            Some(n) => (size.saturating_sub(n), size),
        }
    } else {
        // int-range = first-pos "-" [ last-pos ]
        let Some(start) = digits(first) else {
            return ByteRange::Whole;
        };
        let end = if last.is_empty() {
            size
        } else {
            match digits(last) {
                // last-pos is inclusive; beyond the file it means its end.
                Some(l) if l >= start => l.saturating_add(1).min(size),
                // first-pos > last-pos is invalid: ignored.
                _ => return ByteRange::Whole,
            }
        };
        (start, end)
    };
    if start >= size {
        ByteRange::Unsatisfiable
    } else {
        ByteRange::Part(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ranges_of_rfc_9110() {
        assert_eq!(parse_range(None, 10), ByteRange::Whole);
        assert_eq!(parse_range(Some("bytes=0-0"), 10), ByteRange::Part(0, 1));
        assert_eq!(parse_range(Some("bytes=4-"), 10), ByteRange::Part(4, 10));
        assert_eq!(parse_range(Some("bytes=4-100"), 10), ByteRange::Part(4, 10));
        assert_eq!(parse_range(Some("bytes=-3"), 10), ByteRange::Part(7, 10));
        assert_eq!(parse_range(Some("bytes=-30"), 10), ByteRange::Part(0, 10));
        assert_eq!(parse_range(Some("bytes=-0"), 10), ByteRange::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=10-"), 10), ByteRange::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=5-2"), 10), ByteRange::Whole);
        assert_eq!(parse_range(Some("bytes=0-1,4-5"), 10), ByteRange::Whole);
        assert_eq!(parse_range(Some("items=0-1"), 10), ByteRange::Whole);
        assert_eq!(parse_range(Some("Bytes=2-3"), 10), ByteRange::Part(2, 4));
        assert_eq!(parse_range(Some("bytes=+2-3"), 10), ByteRange::Whole);
        assert_eq!(parse_range(Some("bytes=2-+3"), 10), ByteRange::Whole);
    }

    #[test]
    fn the_largest_last_position_means_the_end_of_the_file() {
        // The defect of issue 8: these overflowed (`last + 1`).
        let r = parse_range(Some("bytes=0-18446744073709551615"), 185);
        assert_eq!(r, ByteRange::Part(0, 185));
        assert_eq!(r.content_range(185).unwrap(), "bytes 0-184/185");
        let r = parse_range(Some("bytes=5-18446744073709551615"), 185);
        assert_eq!(r.content_range(185).unwrap(), "bytes 5-184/185");
        // Beyond u64: still a position past the end.
        let r = parse_range(Some("bytes=5-99999999999999999999999"), 185);
        assert_eq!(r, ByteRange::Part(5, 185));
        let r = parse_range(Some("bytes=99999999999999999999999-"), 185);
        assert_eq!(r.content_range(185).unwrap(), "bytes */185");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any header at all: a part is never empty and lies in the file.
        #[test]
        fn parts_lie_within_the_file(header in ".{0,40}", size in 0u64..1_000) {
            if let ByteRange::Part(a, b) = parse_range(Some(&header), size) {
                prop_assert!(a < b && b <= size);
            }
        }

        /// `first-last` answers exactly the bytes asked for, clipped to the file.
        #[test]
        fn int_ranges_are_answered_exactly(first in any::<u64>(), last in any::<u64>(), size in 0u64..u64::MAX) {
            let got = parse_range(Some(&format!("bytes={first}-{last}")), size);
            let want = if first > last {
                ByteRange::Whole
            } else if first >= size {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Part(first, (u128::from(last) + 1).min(u128::from(size)) as u64)
            };
            prop_assert_eq!(got, want);
        }

        /// `-n` is the last `n` bytes (all of a shorter file); `-0` none.
        #[test]
        fn suffix_ranges_are_the_last_bytes(n in any::<u64>(), size in 1u64..u64::MAX) {
            let got = parse_range(Some(&format!("bytes=-{n}")), size);
            let want = if n == 0 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Part(size.saturating_sub(n), size)
            };
            prop_assert_eq!(got, want);
        }
    }
}
