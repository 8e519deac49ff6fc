//! C2SP signed notes: a UTF-8 text ending in a newline, a blank line, and
//! signature lines `— <key name> <base64(key id || signature)>`. Parsing is
//! strict; verification follows the spec (unknown keys are ignored, a
//! known key with a bad signature rejects the note, at least one known key
//! must have signed).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;

use crate::keys::{ALG_COSIGNATURE_V1, ALG_ED25519, SignerKey, VerifierKey, check_name};

/// Most signature lines accepted in one note (the spec requires at least 16).
pub const MAX_SIGNATURES: usize = 64;
/// Largest note accepted, in bytes.
pub const MAX_NOTE_SIZE: usize = 1 << 20;

const SIG_PREFIX: &str = "\u{2014} ";

/// Why a note is malformed or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    /// Larger than [`MAX_NOTE_SIZE`].
    #[error("note is larger than {MAX_NOTE_SIZE} bytes")]
    TooLarge,
    /// Not valid UTF-8.
    #[error("note is not valid UTF-8")]
    NotUtf8,
    /// Contains an ASCII control character other than newline.
    #[error("note contains a control character other than newline")]
    ControlCharacter,
    /// Text does not end with a newline.
    #[error("note text must end with a newline")]
    MissingFinalNewline,
    /// No blank line separates text from signatures.
    #[error("note has no blank line before its signatures")]
    MissingSignatureBlock,
    /// No signature lines.
    #[error("note has no signatures")]
    NoSignatures,
    /// More than [`MAX_SIGNATURES`] signature lines.
    #[error("note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// A signature line is malformed (1-based line number in the block).
    #[error("malformed signature line {0}")]
    BadSignatureLine(usize),
    /// A known key's signature does not verify.
    #[error("signature by {name} (key id {key_id:08x}) does not verify")]
    InvalidSignature {
        /// Key name.
        name: String,
        /// Key id.
        key_id: u32,
    },
    /// None of the signatures is by a known key.
    #[error("no signature by a known key")]
    NoKnownSignature,
}

/// One signature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// Key name.
    pub name: String,
    /// Key id (first four bytes of the decoded signature).
    pub key_id: u32,
    /// Signature bytes after the key id.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The signature line, without its final newline.
    pub fn line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        format!("{SIG_PREFIX}{} {}", self.name, B64.encode(raw))
    }

    fn parse_line(line: &str, number: usize) -> Result<Self, NoteError> {
        let bad = || NoteError::BadSignatureLine(number);
        let rest = line.strip_prefix(SIG_PREFIX).ok_or_else(bad)?;
        let (name, b64) = rest.split_once(' ').ok_or_else(bad)?;
        check_name(name).map_err(|_| bad())?;
        let raw = B64.decode(b64).map_err(|_| bad())?;
        if raw.len() < 5 {
            return Err(bad());
        }
        Ok(Self {
            name: name.to_string(),
            key_id: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            signature: raw[4..].to_vec(),
        })
    }
}

/// A signed note: text plus signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The signed text, ending with a newline.
    pub text: String,
    /// Signature lines in order.
    pub signatures: Vec<NoteSignature>,
}

/// A signature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Key name.
    pub name: String,
    /// Key id.
    pub key_id: u32,
    /// Signature type of the key ([`ALG_ED25519`] or [`ALG_COSIGNATURE_V1`]).
    pub alg: u8,
    /// The cosignature's timestamp (POSIX seconds), for type 0x04.
    pub timestamp: Option<u64>,
}

/// Checks the characters allowed in a note's text.
pub(crate) fn check_text(text: &str) -> Result<(), NoteError> {
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::ControlCharacter);
    }
    if !text.ends_with('\n') {
        return Err(NoteError::MissingFinalNewline);
    }
    Ok(())
}

/// The message signed by a cosignature/v1 signature.
pub fn cosignature_message(text: &str, timestamp: u64) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{text}").into_bytes()
}

/// Signature of `key` over `text` as stored in a note (after the key id),
/// and, for cosignatures, the timestamp it carries.
fn check_signature(key: &VerifierKey, text: &str, sig: &[u8]) -> Option<Option<u64>> {
    match key.alg() {
        ALG_ED25519 => key.verify_bytes(text.as_bytes(), sig).then_some(None),
        ALG_COSIGNATURE_V1 => {
            if sig.len() != 72 {
                return None;
            }
            let ts = u64::from_be_bytes(sig[..8].try_into().ok()?);
            if ts > i64::MAX as u64 {
                return None;
            }
            key.verify_bytes(&cosignature_message(text, ts), &sig[8..])
                .then_some(Some(ts))
        }
        _ => None,
    }
}

impl Note {
    /// Parses a signed note strictly.
    pub fn parse(bytes: &[u8]) -> Result<Self, NoteError> {
        if bytes.len() > MAX_NOTE_SIZE {
            return Err(NoteError::TooLarge);
        }
        let s = std::str::from_utf8(bytes).map_err(|_| NoteError::NotUtf8)?;
        if s.chars().any(|c| c < ' ' && c != '\n') {
            return Err(NoteError::ControlCharacter);
        }
        if !s.ends_with('\n') {
            return Err(NoteError::MissingFinalNewline);
        }
        let split = s.rfind("\n\n").ok_or(NoteError::MissingSignatureBlock)?;
        let text = &s[..split + 1];
        let block = &s[split + 2..];
        if block.is_empty() {
            return Err(NoteError::NoSignatures);
        }
        let lines: Vec<&str> = block[..block.len() - 1].split('\n').collect();
        if lines.len() > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        let signatures = lines
            .iter()
            .enumerate()
            .map(|(i, l)| NoteSignature::parse_line(l, i + 1))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            text: text.to_string(),
            signatures,
        })
    }

    /// Signs `text` with Ed25519 (type 0x01) signers.
    pub fn sign(text: &str, signers: &[&SignerKey]) -> Result<Self, NoteError> {
        check_text(text)?;
        if signers.is_empty() {
            return Err(NoteError::NoSignatures);
        }
        let signatures = signers
            .iter()
            .map(|s| NoteSignature {
                name: s.name().to_string(),
                key_id: s.key_id(),
                signature: s.sign_bytes(text.as_bytes()).to_vec(),
            })
            .collect();
        Ok(Self {
            text: text.to_string(),
            signatures,
        })
    }

    /// Verifies the note against trusted keys (of type 0x01 or 0x04).
    /// Returns the signatures that verified.
    pub fn verify(&self, keys: &[VerifierKey]) -> Result<Vec<Verified>, NoteError> {
        let mut verified = Vec::new();
        for sig in &self.signatures {
            let Some(key) = keys
                .iter()
                .find(|k| k.name() == sig.name && k.key_id() == sig.key_id)
            else {
                continue;
            };
            match check_signature(key, &self.text, &sig.signature) {
                Some(timestamp) => verified.push(Verified {
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                    alg: key.alg(),
                    timestamp,
                }),
                None => {
                    return Err(NoteError::InvalidSignature {
                        name: sig.name.clone(),
                        key_id: sig.key_id,
                    });
                }
            }
        }
        if verified.is_empty() {
            return Err(NoteError::NoKnownSignature);
        }
        Ok(verified)
    }
}

impl fmt::Display for Note {
    /// The serialized note: text, blank line, signature lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)?;
        f.write_str("\n")?;
        for sig in &self.signatures {
            writeln!(f, "{}", sig.line())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GO_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const GO_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const GO_TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                           then you don't know what your problem is.\n";
    const GO_SIG: &str = "\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    const SPEC_VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const SPEC_NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    #[test]
    fn signing_reproduces_the_go_reference_note_byte_for_byte() {
        let signer = SignerKey::parse(GO_SKEY).unwrap();
        let note = Note::sign(GO_TEXT, &[&signer]).unwrap();
        assert_eq!(note.to_string(), format!("{GO_TEXT}\n{GO_SIG}"));
        let parsed = Note::parse(note.to_string().as_bytes()).unwrap();
        assert_eq!(parsed, note);
        let v = parsed
            .verify(&[VerifierKey::parse(GO_VKEY).unwrap()])
            .unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].name, "PeterNeumann");
    }

    #[test]
    fn spec_example_verifies_and_tampering_fails() {
        let key = VerifierKey::parse(SPEC_VKEY).unwrap();
        let note = Note::parse(SPEC_NOTE.as_bytes()).unwrap();
        assert_eq!(note.text, "This is an example message.\n");
        assert_eq!(
            note.verify(std::slice::from_ref(&key)).unwrap()[0].key_id,
            0x530d903a
        );
        assert_eq!(note.to_string(), SPEC_NOTE);
        let forged = Note::parse(
            SPEC_NOTE
                .replace("example message", "forged message")
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            forged.verify(&[key]),
            Err(NoteError::InvalidSignature {
                name: "example.com/foo".into(),
                key_id: 0x530d903a
            })
        );
    }

    #[test]
    fn unknown_keys_are_ignored_but_one_known_key_is_required() {
        let a = SignerKey::from_seed("a.example/log", [1; 32]).unwrap();
        let b = SignerKey::from_seed("b.example/log", [2; 32]).unwrap();
        let note = Note::sign("hello\n", &[&a, &b]).unwrap();
        assert_eq!(note.verify(&[b.verifier()]).unwrap().len(), 1);
        assert_eq!(note.verify(&[a.verifier(), b.verifier()]).unwrap().len(), 2);
        let c = SignerKey::from_seed("c.example/log", [3; 32]).unwrap();
        assert_eq!(
            note.verify(&[c.verifier()]),
            Err(NoteError::NoKnownSignature)
        );
        // Same name and different key: ignored, not an error.
        let a2 = SignerKey::from_seed("a.example/log", [9; 32]).unwrap();
        assert_eq!(
            note.verify(&[a2.verifier()]),
            Err(NoteError::NoKnownSignature)
        );
    }

    #[test]
    fn text_may_contain_blank_lines_and_the_last_one_separates() {
        let s = SignerKey::from_seed("k", [5; 32]).unwrap();
        let note = Note::sign("line one\n\nline three\n", &[&s]).unwrap();
        let parsed = Note::parse(note.to_string().as_bytes()).unwrap();
        assert_eq!(parsed.text, "line one\n\nline three\n");
        parsed.verify(&[s.verifier()]).unwrap();
    }

    #[test]
    fn strict_parsing_errors() {
        let ok = format!("{GO_TEXT}\n{GO_SIG}");
        assert!(Note::parse(ok.as_bytes()).is_ok());
        assert_eq!(
            Note::parse(ok.trim_end().as_bytes()),
            Err(NoteError::MissingFinalNewline)
        );
        assert_eq!(
            Note::parse(b"text\n"),
            Err(NoteError::MissingSignatureBlock)
        );
        assert_eq!(Note::parse(b"text\n\n"), Err(NoteError::NoSignatures));
        assert_eq!(
            Note::parse(&[b'a', 0xff, b'\n', b'\n']),
            Err(NoteError::NotUtf8)
        );
        assert_eq!(
            Note::parse(format!("a\tb\n\n{GO_SIG}").as_bytes()),
            Err(NoteError::ControlCharacter)
        );
        assert_eq!(
            Note::parse(format!("a\r\n\n{GO_SIG}").as_bytes()),
            Err(NoteError::ControlCharacter)
        );
        assert_eq!(
            Note::parse(format!("{GO_TEXT}\n- PeterNeumann AAAA\n").as_bytes()),
            Err(NoteError::BadSignatureLine(1))
        );
        assert_eq!(
            Note::parse(format!("{GO_TEXT}\n{GO_SIG}\u{2014} x AAAAAA==\n").as_bytes()),
            Err(NoteError::BadSignatureLine(2))
        );
        assert_eq!(
            Note::parse(format!("{GO_TEXT}\n\u{2014} x !!!!\n").as_bytes()),
            Err(NoteError::BadSignatureLine(1))
        );
        let many = format!("{GO_TEXT}\n{}", GO_SIG.repeat(MAX_SIGNATURES + 1));
        assert_eq!(
            Note::parse(many.as_bytes()),
            Err(NoteError::TooManySignatures)
        );
        let sixteen = format!("{GO_TEXT}\n{}", GO_SIG.repeat(16));
        assert_eq!(
            Note::parse(sixteen.as_bytes()).unwrap().signatures.len(),
            16
        );
        let s = SignerKey::parse(GO_SKEY).unwrap();
        assert_eq!(
            Note::sign("no newline", &[&s]),
            Err(NoteError::MissingFinalNewline)
        );
    }
}
