//! Consultation and negotiation records: threaded comments, explanations of
//! vote, formal objections and breaks of silence, each saying who (which user
//! for which state), when and why.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use waico_members::CountryCode;

use crate::Invalid;
use crate::body::UserRef;

/// The longest remark accepted, in bytes.
pub const MAX_REMARK_BYTES: usize = 20_000;

/// The text of a comment, an explanation or the reasons of an objection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Remark(String);

impl Remark {
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Invalid::new(field, "err-required"));
        }
        if text.len() > MAX_REMARK_BYTES {
            return Err(Invalid::new(field, "err-too-long"));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Remark {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse("text", &raw)
    }
}

impl From<Remark> for String {
    fn from(r: Remark) -> String {
        r.0
    }
}

/// A comment; `state` is `None` when the secretariat speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u32,
    pub parent: Option<u32>,
    pub state: Option<CountryCode>,
    pub by: Option<UserRef>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: Remark,
}

/// A statement by a state: an explanation of vote, a formal objection or a
/// break of silence, each with its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub state: CountryCode,
    pub by: UserRef,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: Remark,
}

/// A comment with its replies, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thread<'a> {
    pub comment: &'a Comment,
    pub replies: Vec<Thread<'a>>,
}

/// Arranges comments into threads (replies under their parent, in order of
/// time); a reply whose parent is unknown starts its own thread.
pub fn threads(comments: &[Comment]) -> Vec<Thread<'_>> {
    fn build<'a>(comments: &'a [Comment], parent: Option<u32>) -> Vec<Thread<'a>> {
        let mut children: Vec<&Comment> = comments.iter().filter(|c| c.parent == parent).collect();
        children.sort_by_key(|c| (c.at, c.id));
        children
            .into_iter()
            .map(|comment| Thread {
                comment,
                replies: build(comments, Some(comment.id)),
            })
            .collect()
    }
    let known: std::collections::BTreeSet<u32> = comments.iter().map(|c| c.id).collect();
    let mut roots = build(comments, None);
    let mut orphans: Vec<&Comment> = comments
        .iter()
        .filter(|c| c.parent.is_some_and(|p| !known.contains(&p)))
        .collect();
    orphans.sort_by_key(|c| (c.at, c.id));
    roots.extend(orphans.into_iter().map(|comment| Thread {
        comment,
        replies: build(comments, Some(comment.id)),
    }));
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(id: u32, parent: Option<u32>, minute: u8) -> Comment {
        Comment {
            id,
            parent,
            state: Some(CountryCode::parse("KEN").unwrap()),
            by: Some(UserRef::parse("wanjiru").unwrap()),
            at: time::macros::datetime!(2026-05-01 10:00 UTC)
                + time::Duration::minutes(minute.into()),
            text: Remark::parse("text", "Agreed.").unwrap(),
        }
    }

    #[test]
    fn comments_form_threads_in_time_order() {
        let comments = vec![
            comment(3, Some(1), 5),
            comment(1, None, 0),
            comment(2, None, 1),
            comment(4, Some(1), 2),
            comment(5, Some(99), 3),
        ];
        let t = threads(&comments);
        let roots: Vec<u32> = t.iter().map(|t| t.comment.id).collect();
        assert_eq!(roots, vec![1, 2, 5]);
        let replies: Vec<u32> = t[0].replies.iter().map(|t| t.comment.id).collect();
        assert_eq!(replies, vec![4, 3]);
    }

    #[test]
    fn remarks_name_their_field() {
        assert_eq!(Remark::parse("reasons", "  ").unwrap_err().field, "reasons");
    }
}
