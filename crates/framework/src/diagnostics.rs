//! Located load errors: every problem found while loading a framework, catalog,
//! crosswalk, rulepack or profile names the file, the line and the reason.

use serde::Serialize;
use std::fmt;

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadError {
    /// File name as given by the caller (e.g. `data/packs/eu_ai_act.yaml` or an upload name).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// Human-readable reason.
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// All problems found in one load. Loading never partially succeeds: if this is
/// returned, nothing was added anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl LoadErrors {
    pub fn single(file: &str, line: usize, reason: impl Into<String>) -> Self {
        LoadErrors(vec![LoadError {
            file: file.to_string(),
            line,
            reason: reason.into(),
        }])
    }
    pub fn errors(&self) -> &[LoadError] {
        &self.0
    }
}

/// Collects errors for one source text and locates them by searching the text.
///
/// Serde does not keep spans for deserialized values, so semantic errors are
/// located by finding the offending value (an URN, a rule id, an expression) in
/// the source, optionally after an anchor such as the enclosing rule's id.
pub(crate) struct Locator<'a> {
    pub file: &'a str,
    pub src: &'a str,
    pub errors: Vec<LoadError>,
}

impl<'a> Locator<'a> {
    pub fn new(file: &'a str, src: &'a str) -> Self {
        Locator {
            file,
            src,
            errors: Vec::new(),
        }
    }

    /// Byte offset of the first occurrence of `needle` at or after `from`.
    pub fn find_from(&self, from: usize, needle: &str) -> Option<usize> {
        if needle.is_empty() || from > self.src.len() {
            return None;
        }
        self.src[from..].find(needle).map(|i| i + from)
    }

    /// Byte offset of the `nth` (0-based) occurrence of `needle`.
    pub fn find_nth(&self, needle: &str, nth: usize) -> Option<usize> {
        let mut pos = 0;
        let mut found = None;
        for _ in 0..=nth {
            let at = self.find_from(pos, needle)?;
            found = Some(at);
            pos = at + needle.len();
        }
        found
    }

    pub fn line_at(&self, offset: usize) -> usize {
        self.src[..offset.min(self.src.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    }

    /// Line of `needle`, searched after `anchor` when given (falling back to a
    /// global search, then to line 0).
    pub fn line_of(&self, anchor: Option<&str>, needle: &str) -> usize {
        let start = anchor.and_then(|a| self.find_from(0, a)).unwrap_or(0);
        self.find_from(start, needle)
            .or_else(|| self.find_from(0, needle))
            .or_else(|| anchor.and_then(|a| self.find_from(0, a)))
            .map(|o| self.line_at(o))
            .unwrap_or(0)
    }

    pub fn push(&mut self, line: usize, reason: impl Into<String>) {
        self.errors.push(LoadError {
            file: self.file.to_string(),
            line,
            reason: reason.into(),
        });
    }

    /// Records an error located at `needle` (searched after `anchor`).
    pub fn at(&mut self, anchor: Option<&str>, needle: &str, reason: impl Into<String>) {
        let line = self.line_of(anchor, needle);
        self.push(line, reason);
    }

    pub fn finish<T>(self, value: T) -> Result<T, LoadErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(LoadErrors(self.errors))
        }
    }
}

/// Parses YAML into `T`, turning syntax and shape errors into a located error.
pub(crate) fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &str,
    src: &str,
) -> Result<T, LoadErrors> {
    serde_norway::from_str(src).map_err(|e| {
        let line = e.location().map(|l| l.line()).unwrap_or(0);
        let mut reason = e.to_string();
        // serde_norway appends " at line N column M"; the line is already carried.
        if let Some(i) = reason.find(" at line ") {
            reason.truncate(i);
        }
        LoadErrors::single(file, line, format!("YAML: {reason}"))
    })
}

/// Checks an ISO `YYYY-MM-DD` date (calendar-valid, years 1900–2199).
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !(1900..2200).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    d <= days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_after_anchor() {
        let src = "a: x\nrules:\n  - id: r1\n    when: x\n  - id: r2\n    when: x\n";
        let l = Locator::new("f.yaml", src);
        assert_eq!(l.line_of(Some("id: r2"), "when: x"), 6);
        assert_eq!(l.line_of(None, "when: x"), 4);
        assert_eq!(l.line_of(None, "absent"), 0);
        assert_eq!(l.find_nth("when", 1).map(|o| l.line_at(o)), Some(6));
    }

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2025-02-29"));
        assert!(!is_iso_date("2025-13-01"));
        assert!(!is_iso_date("2025-1-01"));
    }

    #[test]
    fn yaml_syntax_error_is_located() {
        let e = parse_yaml::<serde_json::Value>("x.yaml", "a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert_eq!(e.0[0].file, "x.yaml");
        assert!(e.0[0].line >= 2, "{e}");
        assert!(e.0[0].reason.starts_with("YAML:"));
    }
}
