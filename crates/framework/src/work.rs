//! The life of a work item on an obligation, as pure rules: its status
//! (open → in progress → submitted for review → accepted, or returned and
//! worked on again), who may move it where, which evidence files are taken,
//! and the iCalendar feed of due dates (RFC 5545).

use serde::{Deserialize, Serialize};

/// Where a work item stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Open,
    InProgress,
    /// Submitted for review.
    Submitted,
    /// A reviewer accepted the evidence.
    Accepted,
    /// A reviewer returned it, with a comment.
    Returned,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] = [
        ItemStatus::Open,
        ItemStatus::InProgress,
        ItemStatus::Submitted,
        ItemStatus::Accepted,
        ItemStatus::Returned,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::InProgress => "in_progress",
            ItemStatus::Submitted => "submitted",
            ItemStatus::Accepted => "accepted",
            ItemStatus::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|k| k.slug() == s)
    }

    /// Still to be done (not accepted).
    pub fn is_open(self) -> bool {
        self != ItemStatus::Accepted
    }
}

/// Who moves an item: the people working on it, or a reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Worker,
    Reviewer,
}

/// Why a move is refused (a message id of the interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefused {
    /// No such step from this status.
    NotAllowed,
    /// Submitting needs at least one evidence file.
    NoEvidence,
    /// Returning needs a comment saying why.
    NoComment,
}

impl MoveRefused {
    pub fn message_id(self) -> &'static str {
        match self {
            MoveRefused::NotAllowed => "work-err-step",
            MoveRefused::NoEvidence => "work-err-no-evidence",
            MoveRefused::NoComment => "work-err-no-comment",
        }
    }
}

/// Which mover a step from `from` to `to` needs, if the step exists.
pub fn step_by(from: ItemStatus, to: ItemStatus) -> Option<Mover> {
    use ItemStatus::*;
    match (from, to) {
        (Open | Returned, InProgress) => Some(Mover::Worker),
        (Open | InProgress | Returned, Submitted) => Some(Mover::Worker),
        // Work is taken back before a review (e.g. a wrong file).
        (Submitted, InProgress) => Some(Mover::Worker),
        (Submitted, Accepted | Returned) => Some(Mover::Reviewer),
        // Accepted evidence is reopened when it goes stale.
        (Accepted, InProgress) => Some(Mover::Reviewer),
        _ => None,
    }
}

/// Checks a step: it must exist, a submission must carry evidence and a
/// return a comment.
pub fn check_step(
    from: ItemStatus,
    to: ItemStatus,
    evidence_files: usize,
    comment: &str,
) -> Result<Mover, MoveRefused> {
    let mover = step_by(from, to).ok_or(MoveRefused::NotAllowed)?;
    if to == ItemStatus::Submitted && evidence_files == 0 {
        return Err(MoveRefused::NoEvidence);
    }
    if to == ItemStatus::Returned && comment.trim().is_empty() {
        return Err(MoveRefused::NoComment);
    }
    Ok(mover)
}

/// Content types taken as evidence, with the bytes a file of that type
/// starts with (`None`: text, which must be UTF-8 without NUL bytes).
const EVIDENCE_TYPES: &[(&str, Option<&[u8]>)] = &[
    ("application/pdf", Some(b"%PDF-")),
    ("image/png", Some(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", Some(b"\xff\xd8\xff")),
    ("application/zip", Some(b"PK\x03\x04")),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some(b"PK\x03\x04"),
    ),
    (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some(b"PK\x03\x04"),
    ),
    (
        "application/vnd.oasis.opendocument.text",
        Some(b"PK\x03\x04"),
    ),
    (
        "application/vnd.oasis.opendocument.spreadsheet",
        Some(b"PK\x03\x04"),
    ),
    ("text/plain", None),
    ("text/csv", None),
    ("text/markdown", None),
    ("application/json", None),
];

/// Why an evidence file is refused (a message id of the interface).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceRefused {
    Empty,
    TooLarge,
    /// Not a content type taken as evidence.
    Type,
    /// The bytes are not of the declared type.
    Content,
}

impl EvidenceRefused {
    pub fn message_id(self) -> &'static str {
        match self {
            EvidenceRefused::Empty => "work-err-file-empty",
            EvidenceRefused::TooLarge => "work-err-file-too-large",
            EvidenceRefused::Type => "work-err-file-type",
            EvidenceRefused::Content => "work-err-file-content",
        }
    }
}

/// The declared content type without parameters, lower-cased.
pub fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Checks an evidence file: not empty, at most `limit` bytes, of a type
/// taken as evidence, and whose bytes are of that type. Returns the
/// content type to store.
pub fn check_evidence(
    content_type: &str,
    bytes: &[u8],
    limit: usize,
) -> Result<String, EvidenceRefused> {
    if bytes.is_empty() {
        return Err(EvidenceRefused::Empty);
    }
    if bytes.len() > limit {
        return Err(EvidenceRefused::TooLarge);
    }
    let ty = essence(content_type);
    let (_, magic) = EVIDENCE_TYPES
        .iter()
        .find(|(t, _)| *t == ty)
        .ok_or(EvidenceRefused::Type)?;
    let fits = match magic {
        Some(m) => bytes.starts_with(m),
        None => std::str::from_utf8(bytes).is_ok_and(|s| !s.contains('\0')),
    };
    if !fits {
        return Err(EvidenceRefused::Content);
    }
    Ok(ty)
}

/// The content types taken as evidence (for the file picker's `accept`).
pub fn evidence_types() -> impl Iterator<Item = &'static str> {
    EVIDENCE_TYPES.iter().map(|(t, _)| *t)
}

/// One due date in a calendar feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueEvent {
    /// Unique and stable: the same item keeps its event.
    pub uid: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub summary: String,
    pub description: String,
    pub url: Option<String>,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// An iCalendar document with one all-day event per due date; `stamp` is
/// the UTC time it is made (`YYYYMMDDTHHMMSSZ`).
pub fn ics(name: &str, events: &[DueEvent], stamp: &str) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//WAICO//Compliance work//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!("X-WR-CALNAME:{}", ics_text(name)));
    for e in events {
        let Some(start) = crate::calendar::parse_date(&e.date) else {
            continue;
        };
        let Some(end) = start.next_day() else {
            continue;
        };
        let day =
            |d: time::Date| format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day());
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", ics_text(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART;VALUE=DATE:{}", day(start)));
        line(format!("DTEND;VALUE=DATE:{}", day(end)));
        line(format!("SUMMARY:{}", ics_text(&e.summary)));
        if !e.description.is_empty() {
            line(format!("DESCRIPTION:{}", ics_text(&e.description)));
        }
        if let Some(url) = &e.url {
            line(format!("URL:{url}"));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ItemStatus::*;

    #[test]
    fn steps_follow_the_review_cycle() {
        assert_eq!(check_step(Open, InProgress, 0, ""), Ok(Mover::Worker));
        assert_eq!(
            check_step(InProgress, Submitted, 0, ""),
            Err(MoveRefused::NoEvidence)
        );
        assert_eq!(check_step(InProgress, Submitted, 1, ""), Ok(Mover::Worker));
        assert_eq!(check_step(Submitted, Accepted, 1, ""), Ok(Mover::Reviewer));
        assert_eq!(
            check_step(Submitted, Returned, 1, " "),
            Err(MoveRefused::NoComment)
        );
        assert_eq!(
            check_step(Submitted, Returned, 1, "wrong year"),
            Ok(Mover::Reviewer)
        );
        assert_eq!(
            check_step(Open, Accepted, 1, ""),
            Err(MoveRefused::NotAllowed)
        );
        assert_eq!(
            check_step(Accepted, Submitted, 1, ""),
            Err(MoveRefused::NotAllowed)
        );
        for s in ItemStatus::ALL {
            assert_eq!(ItemStatus::parse(s.slug()), Some(s));
        }
    }

    #[test]
    fn evidence_must_be_of_its_declared_type() {
        assert_eq!(
            check_evidence("application/pdf", b"%PDF-1.7\n...", 100).as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(
            check_evidence("Text/Plain; charset=utf-8", "politique".as_bytes(), 100).as_deref(),
            Ok("text/plain")
        );
        assert_eq!(
            check_evidence("application/pdf", b"MZ\x90\x00", 100),
            Err(EvidenceRefused::Content)
        );
        assert_eq!(
            check_evidence("text/plain", b"a\0b", 100),
            Err(EvidenceRefused::Content)
        );
        assert_eq!(
            check_evidence("text/plain", b"\xff\xfe", 100),
            Err(EvidenceRefused::Content)
        );
        assert_eq!(
            check_evidence("application/x-msdownload", b"MZ", 100),
            Err(EvidenceRefused::Type)
        );
        assert_eq!(
            check_evidence("text/plain", b"", 100),
            Err(EvidenceRefused::Empty)
        );
        assert_eq!(
            check_evidence("text/plain", &[b'a'; 101], 100),
            Err(EvidenceRefused::TooLarge)
        );
    }

    #[test]
    fn calendar_lines_are_escaped_and_folded() {
        let long = "Art. 9(1), risk management; ".repeat(5);
        let doc = ics(
            "Due, dates",
            &[
                DueEvent {
                    uid: "work-1@node".into(),
                    date: "2026-08-02".into(),
                    summary: long.clone(),
                    description: "line1\nline2".into(),
                    url: Some("https://node.example/systems/x/work".into()),
                },
                DueEvent {
                    uid: "bad".into(),
                    date: "2026-02-30".into(),
                    summary: "skipped".into(),
                    description: String::new(),
                    url: None,
                },
            ],
            "20261204T120000Z",
        );
        assert!(doc.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(doc.ends_with("END:VCALENDAR\r\n"));
        assert!(doc.contains("X-WR-CALNAME:Due\\, dates\r\n"));
        assert!(doc.contains("DTSTART;VALUE=DATE:20260802\r\nDTEND;VALUE=DATE:20260803\r\n"));
        assert!(doc.contains("DESCRIPTION:line1\\nline2\r\n"));
        assert!(!doc.contains("skipped"));
        for l in doc.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        let unfolded = doc.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", ics_text(&long))));
        assert_eq!(doc.matches("BEGIN:VEVENT").count(), 1);
    }
}
