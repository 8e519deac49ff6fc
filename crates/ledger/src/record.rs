//! Governance records: the entries of the log, and their canonical
//! encoding (RFC 8785 JCS). The canonical bytes of a record are the leaf
//! data that is hashed into the Merkle tree and served in entry bundles.

use serde::{Deserialize, Serialize};

use crate::hash::{Hash, leaf_hash};
use crate::jcs::{self, JcsError};

/// What kind of governance decision a record states.
///
/// Serialized as a snake_case string (`"member_admitted"`), except
/// `Generic`, which is serialized as `{"generic":{"name":"..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A member was admitted to the organization.
    MemberAdmitted,
    /// A member's status changed (suspended, reinstated, withdrawn, ...).
    MemberStatusChanged,
    /// A version of a framework was adopted.
    FrameworkVersionAdopted,
    /// A version of a rulepack was adopted.
    RulepackVersionAdopted,
    /// A commons release was published.
    CommonsReleasePublished,
    /// A file was removed from a commons repository's whole history on the
    /// secretariat's order (the path and the reason, never the content).
    CommonsFilePurged,
    /// Any other decision, named by `name` (same character rules as actors).
    Generic {
        /// Decision name, e.g. `budget_approved`.
        name: String,
    },
}

/// What a record is about: a typed identifier and the SHA-256 of the
/// governed artefact (document, release archive, membership file...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Kind of subject, e.g. `member`, `framework`, `rulepack`.
    pub kind: String,
    /// Identifier of the subject within its kind.
    pub id: String,
    /// Lower-case hex SHA-256 (64 characters) of the subject's content.
    pub content_hash: String,
}

/// One governance decision.
///
/// `time_ms` is the decision time as milliseconds since the Unix epoch
/// (UTC), an integer; it must lie in `0 ..= 2^53-1` so that every JSON
/// reader reproduces it exactly.
///
/// `actor` is a member code or a role name (`[A-Za-z0-9._:-]`, 1 to 128
/// characters) and never personal data; `@` and spaces are rejected so
/// that e-mail addresses and names cannot slip in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Kind of decision.
    pub kind: RecordKind,
    /// Milliseconds since the Unix epoch, UTC.
    pub time_ms: i64,
    /// Member code or role that took the decision.
    pub actor: String,
    /// What the decision is about.
    pub subject: Subject,
    /// Decision-specific details; any JSON value with a canonical form.
    pub payload: serde_json::Value,
}

/// Why a record is invalid or its bytes are not its canonical encoding.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// A field breaks the rules documented on [`Record`].
    #[error("invalid field `{field}`: {reason}")]
    InvalidField {
        /// Field name.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The payload contains a value without a canonical JSON form.
    #[error("payload: {0}")]
    Canonical(#[from] JcsError),
    /// The bytes are not JSON of a record.
    #[error("not a record: {0}")]
    Malformed(String),
    /// The bytes decode to a record but are not its canonical encoding.
    #[error("bytes are not the canonical encoding of the record")]
    NotCanonical,
    /// The canonical encoding is longer than an entry bundle can hold.
    #[error(
        "the record is {len} bytes in canonical form, more than the {max} an entry of the log can hold; shorten `payload`",
        max = MAX_RECORD_LEN
    )]
    TooLarge {
        /// Length of the canonical encoding in bytes.
        len: usize,
    },
}

impl RecordError {
    /// The record field the error is about, for messages that name one
    /// (`payload` when the whole record or its payload is at fault).
    pub fn field(&self) -> &'static str {
        match self {
            RecordError::InvalidField { field, .. } => field,
            _ => "payload",
        }
    }
}

/// Longest canonical encoding of a record, in bytes: the most a C2SP
/// tlog-tiles entry bundle can hold (2-byte length prefix).
pub const MAX_RECORD_LEN: usize = crate::tiles::MAX_ENTRY_LEN;

fn valid_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
}

impl Record {
    /// Checks the field rules documented on the type, and that the
    /// canonical encoding fits in an entry of the log
    /// ([`MAX_RECORD_LEN`] bytes).
    pub fn validate(&self) -> Result<(), RecordError> {
        self.canonical_bytes().map(|_| ())
    }

    fn validate_fields(&self) -> Result<(), RecordError> {
        let bad = |field, reason| Err(RecordError::InvalidField { field, reason });
        if !(0..=jcs::MAX_SAFE_INTEGER as i64).contains(&self.time_ms) {
            return bad("time_ms", "must be in 0..=2^53-1");
        }
        if !valid_code(&self.actor) {
            return bad(
                "actor",
                "must be a member code or role: [A-Za-z0-9._:-]{1,128}",
            );
        }
        if let RecordKind::Generic { name } = &self.kind
            && !valid_code(name)
        {
            return bad("kind.generic.name", "must match [A-Za-z0-9._:-]{1,128}");
        }
        if !valid_code(&self.subject.kind) {
            return bad("subject.kind", "must match [A-Za-z0-9._:-]{1,128}");
        }
        if self.subject.id.is_empty() || self.subject.id.len() > 256 {
            return bad("subject.id", "must be 1 to 256 bytes");
        }
        let h = self.subject.content_hash.as_bytes();
        if h.len() != 64
            || !h
                .iter()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
        {
            return bad("subject.content_hash", "must be 64 lower-case hex digits");
        }
        Ok(())
    }

    /// The canonical (RFC 8785) encoding: the leaf data of the log.
    /// Refused for an invalid record, or one whose encoding is longer than
    /// [`MAX_RECORD_LEN`].
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, RecordError> {
        self.validate_fields()?;
        let value =
            serde_json::to_value(self).map_err(|e| RecordError::Malformed(e.to_string()))?;
        let bytes = jcs::canonicalize(&value)?;
        if bytes.len() > MAX_RECORD_LEN {
            return Err(RecordError::TooLarge { len: bytes.len() });
        }
        Ok(bytes)
    }

    /// RFC 6962 leaf hash of the canonical encoding.
    pub fn leaf_hash(&self) -> Result<Hash, RecordError> {
        Ok(leaf_hash(&self.canonical_bytes()?))
    }

    /// Decodes leaf data, accepting only a valid record in canonical form
    /// (so one record has exactly one accepted encoding).
    pub fn from_canonical_bytes(bytes: &[u8]) -> Result<Self, RecordError> {
        let record: Record =
            serde_json::from_slice(bytes).map_err(|e| RecordError::Malformed(e.to_string()))?;
        if record.canonical_bytes()? != bytes {
            return Err(RecordError::NotCanonical);
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Record {
        Record {
            kind: RecordKind::FrameworkVersionAdopted,
            time_ms: 1_767_225_600_000,
            actor: "council:chair".into(),
            subject: Subject {
                kind: "framework".into(),
                id: "ai-safety/2.1.0".into(),
                content_hash: "ab".repeat(32),
            },
            payload: json!({"vote": {"for": 31, "against": 2}, "quorum": 0.5}),
        }
    }

    #[test]
    fn canonical_bytes_are_sorted_compact_json() {
        let bytes = sample().canonical_bytes().unwrap();
        let want = format!(
            "{{\"actor\":\"council:chair\",\"kind\":\"framework_version_adopted\",\
             \"payload\":{{\"quorum\":0.5,\"vote\":{{\"against\":2,\"for\":31}}}},\
             \"subject\":{{\"content_hash\":\"{}\",\"id\":\"ai-safety/2.1.0\",\"kind\":\"framework\"}},\
             \"time_ms\":1767225600000}}",
            "ab".repeat(32)
        );
        assert_eq!(String::from_utf8(bytes).unwrap(), want);
    }

    #[test]
    fn generic_kind_encoding_and_round_trip() {
        let mut r = sample();
        r.kind = RecordKind::Generic {
            name: "budget_approved".into(),
        };
        let bytes = r.canonical_bytes().unwrap();
        assert!(
            String::from_utf8_lossy(&bytes)
                .contains(r#""kind":{"generic":{"name":"budget_approved"}}"#)
        );
        assert_eq!(Record::from_canonical_bytes(&bytes).unwrap(), r);
        assert_eq!(r.leaf_hash().unwrap(), leaf_hash(&bytes));
    }

    #[test]
    fn non_canonical_encodings_are_rejected() {
        let bytes = sample().canonical_bytes().unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let spaced = text.replacen(':', ": ", 1);
        assert!(matches!(
            Record::from_canonical_bytes(spaced.as_bytes()),
            Err(RecordError::NotCanonical)
        ));
        let reordered: serde_json::Value = serde_json::from_str(&text).unwrap();
        let pretty = serde_json::to_vec_pretty(&reordered).unwrap();
        assert!(matches!(
            Record::from_canonical_bytes(&pretty),
            Err(RecordError::NotCanonical)
        ));
        assert!(matches!(
            Record::from_canonical_bytes(b"{}"),
            Err(RecordError::Malformed(_))
        ));
    }

    #[test]
    fn field_rules_are_enforced() {
        let mut r = sample();
        r.actor = "jane.doe@example.org".into();
        assert!(matches!(
            r.validate(),
            Err(RecordError::InvalidField { field: "actor", .. })
        ));
        let mut r = sample();
        r.subject.content_hash = "AB".repeat(32);
        assert!(matches!(
            r.validate(),
            Err(RecordError::InvalidField {
                field: "subject.content_hash",
                ..
            })
        ));
        let mut r = sample();
        r.time_ms = -1;
        assert!(matches!(
            r.validate(),
            Err(RecordError::InvalidField {
                field: "time_ms",
                ..
            })
        ));
        let mut r = sample();
        r.payload = json!({"big": 9007199254740993u64});
        assert!(matches!(
            r.canonical_bytes(),
            Err(RecordError::Canonical(_))
        ));
    }

    /// A record of `len` canonical bytes: the sample with a string payload
    /// padded to that length.
    fn record_of_len(len: usize) -> Record {
        let mut r = sample();
        r.payload = json!("");
        let base = r.canonical_bytes().unwrap().len();
        r.payload = json!("x".repeat(len - base));
        r
    }

    #[test]
    fn canonical_encoding_must_fit_an_entry_bundle() {
        let r = record_of_len(65_535);
        let bytes = r.canonical_bytes().unwrap();
        assert_eq!(bytes.len(), MAX_RECORD_LEN);
        assert!(r.validate().is_ok());
        assert_eq!(Record::from_canonical_bytes(&bytes).unwrap(), r);
        crate::tiles::encode_bundle(&[&bytes]).unwrap();

        let r = record_of_len(65_536);
        let e = r.validate().unwrap_err();
        assert!(matches!(e, RecordError::TooLarge { len: 65_536 }), "{e}");
        assert_eq!(e.field(), "payload");
        assert!(matches!(
            r.canonical_bytes(),
            Err(RecordError::TooLarge { len: 65_536 })
        ));
        assert!(r.leaf_hash().is_err());
        // The too-long bytes are not accepted as leaf data either.
        let mut long = record_of_len(65_535).canonical_bytes().unwrap();
        let at = long
            .windows(11)
            .position(|w| w == b"\"payload\":\"")
            .unwrap()
            + 11;
        long.insert(at, b'x'); // one more character in the payload string
        assert_eq!(long.len(), 65_536);
        assert!(matches!(
            Record::from_canonical_bytes(&long),
            Err(RecordError::TooLarge { len: 65_536 })
        ));
    }
}
