//! Ed25519 keys in the C2SP signed-note text forms: signer keys
//! `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 || seed)>` and verifier
//! keys `<name>+<key id hex>+<base64(type || public key)>`, where the key id
//! is `SHA-256(name || 0x0A || type || public key)[:4]`. The `Debug` output
//! of a signer key never contains the secret.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Signature type of plain Ed25519 note signatures.
pub const ALG_ED25519: u8 = 0x01;
/// Signature type of timestamped Ed25519 witness cosignatures
/// (c2sp.org/tlog-cosignature, `cosignature/v1`).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

const SIGNER_PREFIX: &str = "PRIVATE+KEY+";

/// Why a key string or key name is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Key names must be non-empty with no Unicode spaces and no `+`.
    #[error("invalid key name {0:?}")]
    BadName(String),
    /// The string does not have the `name+hash+key` shape.
    #[error("malformed key string")]
    Malformed,
    /// The key id is not 8 hex digits or does not match the key.
    #[error("key id does not match the key")]
    KeyIdMismatch,
    /// Base64 is invalid or not canonical.
    #[error("invalid base64 in key")]
    BadBase64,
    /// Signature type byte not supported for this use.
    #[error("unsupported key type 0x{0:02x}")]
    UnsupportedType(u8),
    /// Key material has the wrong length or is not a valid point.
    #[error("invalid key material")]
    BadKey,
    /// The operating system's random source failed.
    #[error("random number generator failed")]
    Rng,
}

/// Checks the signed-note key name rules.
pub fn check_name(name: &str) -> Result<(), KeyError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+') {
        return Err(KeyError::BadName(name.to_string()));
    }
    Ok(())
}

/// `SHA-256(name || 0x0A || alg || public_key)[:4]` as a big-endian u32.
pub fn key_id(name: &str, alg: u8, public_key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', alg]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

fn parse_key_id(s: &str) -> Result<u32, KeyError> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::KeyIdMismatch);
    }
    u32::from_str_radix(s, 16).map_err(|_| KeyError::KeyIdMismatch)
}

fn decode_typed(s: &str) -> Result<(u8, [u8; 32]), KeyError> {
    let raw = B64.decode(s).map_err(|_| KeyError::BadBase64)?;
    let (&alg, key) = raw.split_first().ok_or(KeyError::BadKey)?;
    let key: [u8; 32] = key.try_into().map_err(|_| KeyError::BadKey)?;
    Ok((alg, key))
}

/// An Ed25519 private key with its name. Signs log checkpoints (type
/// 0x01) and, used by a witness, cosignatures (type 0x04).
#[derive(Clone)]
pub struct SignerKey {
    name: String,
    key: SigningKey,
}

impl fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignerKey")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id()))
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl SignerKey {
    /// Generates a new key from the operating system's random source.
    pub fn generate(name: &str) -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| KeyError::Rng)?;
        Self::from_seed(name, seed)
    }

    /// A key from a 32-byte RFC 8032 seed.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, KeyError> {
        check_name(name)?;
        Ok(Self {
            name: name.to_string(),
            key: SigningKey::from_bytes(&seed),
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>`.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let rest = s.strip_prefix(SIGNER_PREFIX).ok_or(KeyError::Malformed)?;
        let mut parts = rest.splitn(3, '+');
        let (name, id, key) = match (parts.next(), parts.next(), parts.next()) {
            (Some(n), Some(i), Some(k)) => (n, i, k),
            _ => return Err(KeyError::Malformed),
        };
        check_name(name)?;
        let id = parse_key_id(id)?;
        let (alg, seed) = decode_typed(key)?;
        if alg != ALG_ED25519 {
            return Err(KeyError::UnsupportedType(alg));
        }
        let signer = Self::from_seed(name, seed)?;
        if signer.key_id() != id {
            return Err(KeyError::KeyIdMismatch);
        }
        Ok(signer)
    }

    /// The signer key string (contains the secret: store it like one).
    pub fn to_key_string(&self) -> String {
        let mut raw = vec![ALG_ED25519];
        raw.extend_from_slice(self.key.as_bytes());
        format!(
            "{SIGNER_PREFIX}{}+{:08x}+{}",
            self.name,
            self.key_id(),
            B64.encode(raw)
        )
    }

    /// Key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Key id for type 0x01 signatures.
    pub fn key_id(&self) -> u32 {
        key_id(&self.name, ALG_ED25519, self.key.verifying_key().as_bytes())
    }

    /// The matching verifier key for plain note signatures (type 0x01).
    pub fn verifier(&self) -> VerifierKey {
        VerifierKey::new(&self.name, ALG_ED25519, self.key.verifying_key())
    }

    /// The matching verifier key for cosignatures (type 0x04).
    pub fn cosignature_verifier(&self) -> VerifierKey {
        VerifierKey::new(&self.name, ALG_COSIGNATURE_V1, self.key.verifying_key())
    }

    pub(crate) fn sign_bytes(&self, msg: &[u8]) -> [u8; 64] {
        self.key.sign(msg).to_bytes()
    }
}

/// A named Ed25519 public key of signature type 0x01 (note signatures)
/// or 0x04 (cosignature/v1).
#[derive(Clone, PartialEq, Eq)]
pub struct VerifierKey {
    name: String,
    alg: u8,
    id: u32,
    key: VerifyingKey,
}

impl fmt::Debug for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_key_string())
    }
}

impl fmt::Display for VerifierKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_key_string())
    }
}

impl VerifierKey {
    fn new(name: &str, alg: u8, key: VerifyingKey) -> Self {
        let id = key_id(name, alg, key.as_bytes());
        Self {
            name: name.to_string(),
            alg,
            id,
            key,
        }
    }

    /// A verifier key from its parts.
    pub fn from_public_key(name: &str, alg: u8, public_key: &[u8; 32]) -> Result<Self, KeyError> {
        check_name(name)?;
        if alg != ALG_ED25519 && alg != ALG_COSIGNATURE_V1 {
            return Err(KeyError::UnsupportedType(alg));
        }
        let key = VerifyingKey::from_bytes(public_key).map_err(|_| KeyError::BadKey)?;
        Ok(Self::new(name, alg, key))
    }

    /// Parses `<name>+<hash>+<base64(type || public key)>`.
    pub fn parse(s: &str) -> Result<Self, KeyError> {
        let mut parts = s.splitn(3, '+');
        let (name, id, key) = match (parts.next(), parts.next(), parts.next()) {
            (Some(n), Some(i), Some(k)) => (n, i, k),
            _ => return Err(KeyError::Malformed),
        };
        check_name(name)?;
        let id = parse_key_id(id)?;
        let (alg, public) = decode_typed(key)?;
        let v = Self::from_public_key(name, alg, &public)?;
        if v.id != id {
            return Err(KeyError::KeyIdMismatch);
        }
        Ok(v)
    }

    /// The verifier key string.
    pub fn to_key_string(&self) -> String {
        let mut raw = vec![self.alg];
        raw.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, B64.encode(raw))
    }

    /// Key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Key id (first 4 bytes of the key hash).
    pub fn key_id(&self) -> u32 {
        self.id
    }

    /// Signature type: [`ALG_ED25519`] or [`ALG_COSIGNATURE_V1`].
    pub fn alg(&self) -> u8 {
        self.alg
    }

    /// The raw 32-byte public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// The same public key and name with another signature type.
    pub fn with_alg(&self, alg: u8) -> Result<Self, KeyError> {
        Self::from_public_key(&self.name, alg, self.key.as_bytes())
    }

    /// Verifies a 64-byte Ed25519 signature over `msg`.
    pub(crate) fn verify_bytes(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else {
            return false;
        };
        self.key
            .verify_strict(msg, &Signature::from_bytes(&sig))
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Key pair from the documentation of Go's golang.org/x/mod/sumdb/note.
    pub(crate) const GO_SKEY: &str =
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    pub(crate) const GO_VKEY: &str =
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    #[test]
    fn go_reference_keys_parse_and_round_trip() {
        let s = SignerKey::parse(GO_SKEY).unwrap();
        assert_eq!(s.name(), "PeterNeumann");
        assert_eq!(s.key_id(), 0xc74f20a3);
        assert_eq!(s.to_key_string(), GO_SKEY);
        assert_eq!(s.verifier().to_key_string(), GO_VKEY);
        let v = VerifierKey::parse(GO_VKEY).unwrap();
        assert_eq!(v, s.verifier());
        assert_eq!(v.alg(), ALG_ED25519);
    }

    #[test]
    fn spec_and_witness_verifier_keys_have_matching_ids() {
        let v = VerifierKey::parse(
            "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        )
        .unwrap();
        assert_eq!(v.key_id(), 0x530d903a);
        // A type 0x04 (cosignature/v1) key from transparency-dev/formats tests.
        let w = VerifierKey::parse(
            "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
        )
        .unwrap();
        assert_eq!(w.alg(), ALG_COSIGNATURE_V1);
        assert_eq!(w.key_id(), 0xda77ade7);
        // A key whose base64 contains '+'.
        let p = VerifierKey::parse("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")
            .unwrap();
        assert_eq!(p.name(), "TEST");
    }

    #[test]
    fn every_mangling_of_the_go_keys_is_rejected() {
        for key in [GO_SKEY, GO_VKEY] {
            let parse = |s: &str| {
                if key == GO_SKEY {
                    SignerKey::parse(s).is_ok()
                } else {
                    VerifierKey::parse(s).is_ok()
                }
            };
            assert!(parse(key));
            let b = key.as_bytes();
            for i in 0..b.len() {
                for j in i + 1..=b.len() {
                    if (i, j) != (0, b.len()) {
                        let sub = std::str::from_utf8(&b[i..j]).unwrap();
                        assert!(!parse(sub), "substring {sub:?} accepted");
                    }
                }
                let mut m = b.to_vec();
                m[i] = m[i].wrapping_add(1);
                if let Ok(s) = std::str::from_utf8(&m) {
                    assert!(!parse(s), "mangled {s:?} accepted");
                }
            }
        }
        // Wrong length and unknown algorithm, each with a recomputed key id.
        assert!(
            VerifierKey::parse(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="
            )
            .is_err()
        );
        assert!(
            VerifierKey::parse(
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
            )
            .is_err()
        );
    }

    #[test]
    fn generated_keys_round_trip_and_debug_hides_the_secret() {
        let s = SignerKey::generate("waico.example/log").unwrap();
        let again = SignerKey::parse(&s.to_key_string()).unwrap();
        assert_eq!(again.verifier(), s.verifier());
        let debug = format!("{s:?}");
        // The secret is everything after the key id: base64 may itself hold
        // a `+`, so the string is split at the name and the key id, not at
        // its last `+` (which made this test fail when the key had one).
        let key_string = s.to_key_string();
        let after_name = key_string
            .strip_prefix(&format!("{SIGNER_PREFIX}waico.example/log+"))
            .unwrap();
        let secret_b64 = after_name.split_once('+').unwrap().1.to_string();
        assert!(secret_b64.len() > 40, "{secret_b64}");
        assert!(!debug.contains(&secret_b64));
        assert!(debug.contains("redacted") && debug.contains("waico.example/log"));
        assert_ne!(
            SignerKey::generate("a").unwrap().verifier().public_key(),
            s.verifier().public_key()
        );
        assert!(matches!(
            SignerKey::generate("bad name"),
            Err(KeyError::BadName(_))
        ));
        assert!(matches!(
            SignerKey::generate("bad+name"),
            Err(KeyError::BadName(_))
        ));
    }
}
