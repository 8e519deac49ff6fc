//! C2SP tlog-checkpoint: the note text `<origin>\n<tree size>\n<base64
//! root hash>\n[extension lines\n]`, signed by the log as a signed note.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::hash::Hash;
use crate::keys::{SignerKey, VerifierKey};
use crate::note::{Note, NoteError, check_text};

/// Why a checkpoint is malformed or not trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// Fewer than three lines, or text not newline-terminated.
    #[error("checkpoint text must be at least three newline-terminated lines")]
    TooFewLines,
    /// Empty origin line.
    #[error("empty origin")]
    EmptyOrigin,
    /// Tree size is not canonical ASCII decimal.
    #[error("invalid tree size {0:?}")]
    BadSize(String),
    /// Root hash is not canonical base64 of 32 bytes.
    #[error("invalid root hash {0:?}")]
    BadRoot(String),
    /// An extension line is empty.
    #[error("empty extension line")]
    EmptyExtension,
    /// Forbidden characters (control characters, or newlines inside a field).
    #[error("invalid characters in checkpoint")]
    BadCharacters,
    /// The origin differs from the log key name (WAICO requires them equal).
    #[error("origin {origin:?} does not match log key name {key_name:?}")]
    OriginMismatch {
        /// Origin line.
        origin: String,
        /// Log key name.
        key_name: String,
    },
    /// The note is malformed or not validly signed by the log.
    #[error("note: {0}")]
    Note(#[from] NoteError),
}

/// A log checkpoint (signed tree head).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Log identity, e.g. `ledger.waico.example/governance`.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// RFC 6962 root hash at `size`.
    pub root: Hash,
    /// Optional opaque extension lines (not recommended).
    pub extensions: Vec<String>,
}

fn parse_size(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: &str, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.to_string(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// The note text.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            B64.encode(self.root)
        );
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parses checkpoint note text strictly.
    pub fn parse_text(text: &str) -> Result<Self, CheckpointError> {
        check_text(text).map_err(|e| match e {
            NoteError::MissingFinalNewline => CheckpointError::TooFewLines,
            _ => CheckpointError::BadCharacters,
        })?;
        let lines: Vec<&str> = text[..text.len() - 1].split('\n').collect();
        let [origin, size, root, extensions @ ..] = lines.as_slice() else {
            return Err(CheckpointError::TooFewLines);
        };
        if origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        let size = parse_size(size).ok_or_else(|| CheckpointError::BadSize(size.to_string()))?;
        let root_bytes = B64
            .decode(root)
            .map_err(|_| CheckpointError::BadRoot(root.to_string()))?;
        let root: Hash = root_bytes
            .try_into()
            .map_err(|_| CheckpointError::BadRoot(root.to_string()))?;
        if extensions.iter().any(|e| e.is_empty()) {
            return Err(CheckpointError::EmptyExtension);
        }
        Ok(Self {
            origin: origin.to_string(),
            size,
            root,
            extensions: extensions.iter().map(|e| e.to_string()).collect(),
        })
    }

    /// Signs the checkpoint as a note with the log's key.
    pub fn sign(&self, log_key: &SignerKey) -> Result<Note, CheckpointError> {
        self.check_fields()?;
        Ok(Note::sign(&self.to_text(), &[log_key])?)
    }

    fn check_fields(&self) -> Result<(), CheckpointError> {
        if self.origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        let bad_chars = |s: &str| s.chars().any(|c| c < ' ');
        if bad_chars(&self.origin) || self.extensions.iter().any(|e| bad_chars(e)) {
            return Err(CheckpointError::BadCharacters);
        }
        if self.extensions.iter().any(|e| e.is_empty()) {
            return Err(CheckpointError::EmptyExtension);
        }
        Ok(())
    }
}

/// Parses a signed checkpoint, verifies the log's signature and requires
/// the origin to equal the log key's name. Returns the checkpoint and the
/// parsed note (whose other signatures, e.g. cosignatures, are kept).
pub fn open_checkpoint(
    note: &[u8],
    log_key: &VerifierKey,
) -> Result<(Checkpoint, Note), CheckpointError> {
    let note = Note::parse(note)?;
    note.verify(std::slice::from_ref(log_key))?;
    let cp = Checkpoint::parse_text(&note.text)?;
    if cp.origin != log_key.name() {
        return Err(CheckpointError::OriginMismatch {
            origin: cp.origin,
            key_name: log_key.name().to_string(),
        });
    }
    Ok((cp, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::to_hex;

    const SPEC_BODY: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn spec_example_body_parses_and_round_trips() {
        let cp = Checkpoint::parse_text(SPEC_BODY).unwrap();
        assert_eq!(cp.origin, "example.com/behind-the-sofa");
        assert_eq!(cp.size, 20852163);
        assert_eq!(
            to_hex(&cp.root),
            "0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62"
        );
        assert!(cp.extensions.is_empty());
        assert_eq!(cp.to_text(), SPEC_BODY);
        // The spec's signed example parses as a note with the body as text.
        let signed = format!(
            "{SPEC_BODY}\n\u{2014} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        );
        let note = Note::parse(signed.as_bytes()).unwrap();
        assert_eq!(Checkpoint::parse_text(&note.text).unwrap(), cp);
        assert_eq!(note.signatures[0].key_id, 0x033de0ae);
    }

    #[test]
    fn sign_and_open_round_trip_with_extensions() {
        let key = SignerKey::from_seed("ledger.waico.example/governance", [7; 32]).unwrap();
        let mut cp = Checkpoint::new(key.name(), 42, [9; 32]);
        cp.extensions.push("epoch 3".into());
        let note = cp.sign(&key).unwrap().to_string();
        let (opened, _) = open_checkpoint(note.as_bytes(), &key.verifier()).unwrap();
        assert_eq!(opened, cp);
        let other = SignerKey::from_seed("other.example/log", [7; 32]).unwrap();
        let note = Checkpoint::new("other.example/log", 1, [0; 32])
            .sign(&other)
            .unwrap()
            .to_string();
        assert!(open_checkpoint(note.as_bytes(), &other.verifier()).is_ok());
        let renamed = Checkpoint::new("not-the-key-name", 1, [0; 32])
            .sign(&other)
            .unwrap()
            .to_string();
        assert!(matches!(
            open_checkpoint(renamed.as_bytes(), &other.verifier()),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        assert!(matches!(
            open_checkpoint(note.as_bytes(), &key.verifier()),
            Err(CheckpointError::Note(NoteError::NoKnownSignature))
        ));
    }

    #[test]
    fn strict_parsing_errors() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        let cases: Vec<(String, CheckpointError)> = vec![
            ("o\n1\n".into(), CheckpointError::TooFewLines),
            (format!("o\n1\n{root}"), CheckpointError::TooFewLines),
            (format!("\n1\n{root}\n"), CheckpointError::EmptyOrigin),
            (
                format!("o\n01\n{root}\n"),
                CheckpointError::BadSize("01".into()),
            ),
            (
                format!("o\n+1\n{root}\n"),
                CheckpointError::BadSize("+1".into()),
            ),
            (
                format!("o\n18446744073709551616\n{root}\n"),
                CheckpointError::BadSize("18446744073709551616".into()),
            ),
            (
                "o\n1\nAAAA\n".into(),
                CheckpointError::BadRoot("AAAA".into()),
            ),
            (
                "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n".into(),
                CheckpointError::BadRoot("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=".into()),
            ),
            (format!("o\n1\n{root}\n\n"), CheckpointError::EmptyExtension),
            (format!("o\t\n1\n{root}\n"), CheckpointError::BadCharacters),
        ];
        for (text, want) in cases {
            assert_eq!(Checkpoint::parse_text(&text), Err(want), "{text:?}");
        }
        assert_eq!(
            Checkpoint::parse_text(&format!("o\n0\n{root}\n"))
                .unwrap()
                .size,
            0
        );
    }
}
