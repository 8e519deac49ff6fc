//! The text of a proposal: validated paragraphs, its versions, a
//! paragraph- and word-level diff between any two versions (with the
//! `similar` crate), and the one-paragraph edits that amendments propose.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};
use time::OffsetDateTime;

use crate::Invalid;

/// The longest text accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = 500_000;

/// A proposal's text: paragraphs separated by blank lines, `\n` line ends,
/// no leading or trailing blank space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProposalText(String);

impl ProposalText {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
        let paragraphs: Vec<String> = split_paragraphs(&normalized)
            .map(|p| p.to_owned())
            .collect();
        if paragraphs.is_empty() {
            return Err(Invalid::new("text", "err-required"));
        }
        let text = paragraphs.join("\n\n");
        if text.len() > MAX_TEXT_BYTES {
            return Err(Invalid::new("text", "err-too-long"));
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn paragraphs(&self) -> Vec<&str> {
        split_paragraphs(&self.0).collect()
    }

    /// The text with paragraph `index` replaced by one new paragraph.
    pub fn with_paragraph(&self, index: usize, replacement: &Paragraph) -> Result<Self, Invalid> {
        let mut paragraphs = self.paragraphs();
        let slot = paragraphs
            .get_mut(index)
            .ok_or(Invalid::new("paragraph", "err-unknown-paragraph"))?;
        *slot = replacement.as_str();
        Self::parse(&paragraphs.join("\n\n"))
    }

    /// SHA-256 of the UTF-8 text, hex: what the ledger records.
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

fn split_paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}

impl TryFrom<String> for ProposalText {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw)
    }
}

impl From<ProposalText> for String {
    fn from(text: ProposalText) -> String {
        text.0
    }
}

/// One paragraph (no blank line inside), as an amendment proposes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Paragraph(String);

impl Paragraph {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let text = raw.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(Invalid::new("replacement", "err-required"));
        }
        if text.contains("\n\n") {
            return Err(Invalid::new("replacement", "err-one-paragraph"));
        }
        if text.len() > MAX_TEXT_BYTES {
            return Err(Invalid::new("replacement", "err-too-long"));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Paragraph {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw)
    }
}

impl From<Paragraph> for String {
    fn from(p: Paragraph) -> String {
        p.0
    }
}

/// Where a version came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "origin", content = "amendment")]
pub enum VersionOrigin {
    Initial,
    /// The author revised the text.
    Revision,
    /// An amendment was accepted by the author or adopted by vote.
    Amendment(u32),
}

/// One version of a proposal's text; versions are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextVersion {
    pub number: u32,
    pub text: ProposalText,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub origin: VersionOrigin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// A run of words that is the same, added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordRun {
    pub change: Change,
    pub text: String,
}

/// How one paragraph differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "content")]
pub enum ParagraphDiff {
    Same(String),
    Added(String),
    Removed(String),
    /// A paragraph edited in place, word by word.
    Changed(Vec<WordRun>),
}

/// The difference from `old` to `new`: paragraphs matched by a Myers diff,
/// paragraphs replaced in place diffed word by word.
pub fn diff(old: &ProposalText, new: &ProposalText) -> Vec<ParagraphDiff> {
    let old_paragraphs = old.paragraphs();
    let new_paragraphs = new.paragraphs();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_paragraphs, &new_paragraphs);
    let mut out = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => out.extend(
                old_paragraphs[old_index..old_index + len]
                    .iter()
                    .map(|p| ParagraphDiff::Same((*p).to_owned())),
            ),
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(
                old_paragraphs[old_index..old_index + old_len]
                    .iter()
                    .map(|p| ParagraphDiff::Removed((*p).to_owned())),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                new_paragraphs[new_index..new_index + new_len]
                    .iter()
                    .map(|p| ParagraphDiff::Added((*p).to_owned())),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    out.push(ParagraphDiff::Changed(word_diff(
                        old_paragraphs[old_index + k],
                        new_paragraphs[new_index + k],
                    )));
                }
                out.extend(
                    old_paragraphs[old_index + paired..old_index + old_len]
                        .iter()
                        .map(|p| ParagraphDiff::Removed((*p).to_owned())),
                );
                out.extend(
                    new_paragraphs[new_index + paired..new_index + new_len]
                        .iter()
                        .map(|p| ParagraphDiff::Added((*p).to_owned())),
                );
            }
        }
    }
    out
}

fn word_diff(old: &str, new: &str) -> Vec<WordRun> {
    let mut runs: Vec<WordRun> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Insert => Change::Added,
            ChangeTag::Delete => Change::Removed,
        };
        match runs.last_mut() {
            Some(last) if last.change == kind => last.text.push_str(change.value()),
            _ => runs.push(WordRun {
                change: kind,
                text: change.value().to_owned(),
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(raw: &str) -> ProposalText {
        ProposalText::parse(raw).unwrap()
    }

    #[test]
    fn text_is_normalized_into_paragraphs() {
        let t = text("  First.\r\n\r\n\r\n\nSecond line\nstill second.  \n");
        assert_eq!(t.paragraphs(), vec!["First.", "Second line\nstill second."]);
        assert_eq!(ProposalText::parse(" \n\n ").unwrap_err().field, "text");
        assert_eq!(
            Paragraph::parse("a\n\nb").unwrap_err().key,
            "err-one-paragraph"
        );
    }

    #[test]
    fn an_amendment_edits_one_paragraph() {
        let t = text("One.\n\nTwo.\n\nThree.");
        let edited = t
            .with_paragraph(1, &Paragraph::parse("Deux.").unwrap())
            .unwrap();
        assert_eq!(edited.as_str(), "One.\n\nDeux.\n\nThree.");
        assert!(
            t.with_paragraph(3, &Paragraph::parse("x").unwrap())
                .is_err()
        );
    }

    #[test]
    fn diff_shows_paragraphs_and_words() {
        let old = text("The Assembly decides.\n\nMembers shall report yearly.\n\nEnd.");
        let new = text("Preamble.\n\nThe Assembly decides.\n\nMembers shall report twice a year.");
        let d = diff(&old, &new);
        assert_eq!(d[0], ParagraphDiff::Added("Preamble.".into()));
        assert_eq!(d[1], ParagraphDiff::Same("The Assembly decides.".into()));
        let ParagraphDiff::Changed(runs) = &d[2] else {
            panic!("expected a changed paragraph, got {:?}", d[2]);
        };
        assert!(runs.contains(&WordRun {
            change: Change::Removed,
            text: "yearly.".into()
        }));
        assert!(
            runs.iter()
                .any(|r| r.change == Change::Added && r.text.contains("twice"))
        );
        assert_eq!(d[3], ParagraphDiff::Removed("End.".into()));
        assert!(
            diff(&old, &old)
                .iter()
                .all(|p| matches!(p, ParagraphDiff::Same(_)))
        );
    }
}
