//! Upload tickets of the LFS batch endpoint. A Hugging Face client uploads
//! an LFS object with a plain `PUT` to the address the batch answer gave,
//! without its token, so the address itself carries the right to upload:
//! which repository, object, size and user, until when, signed with
//! HMAC-SHA256 under a key of this process (RFC 2104).

use sha2::{Digest, Sha256};

use crate::AppState;

/// What a ticket allows: one object of one size into one repository, by
/// one user, until `expires_ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// `models/owner/name` (the kind's plural and the repository id).
    pub repo: String,
    pub oid: String,
    pub size: u64,
    pub user: i64,
    pub expires_ms: i64,
}

impl Ticket {
    fn message(&self) -> String {
        format!(
            "waico-lfs-upload\n{}\n{}\n{}\n{}\n{}",
            self.repo, self.oid, self.size, self.user, self.expires_ms
        )
    }
}

fn hmac(key: &[u8; 32], message: &[u8]) -> [u8; 32] {
    let mut inner_pad = [0x36u8; 64];
    let mut outer_pad = [0x5cu8; 64];
    for (i, k) in key.iter().enumerate() {
        inner_pad[i] ^= k;
        outer_pad[i] ^= k;
    }
    let inner = Sha256::new()
        .chain_update(inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// The signature of a ticket (hex).
pub fn sign(state: &AppState, ticket: &Ticket) -> String {
    sign_with(&state.commons.ticket_key, ticket)
}

/// Whether `signature` is this process's signature of `ticket` and the
/// ticket has not expired at `now_ms`.
pub fn valid(state: &AppState, ticket: &Ticket, signature: &str, now_ms: i64) -> bool {
    valid_with(&state.commons.ticket_key, ticket, signature, now_ms)
}

fn sign_with(key: &[u8; 32], ticket: &Ticket) -> String {
    hex::encode(hmac(key, ticket.message().as_bytes()))
}

fn valid_with(key: &[u8; 32], ticket: &Ticket, signature: &str, now_ms: i64) -> bool {
    let expected = sign_with(key, ticket);
    // Equal length and every byte compared, whatever differs first.
    let same = expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same && now_ms <= ticket.expires_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2_shape() {
        // RFC 4231 test case 2 uses a 4-byte key; with the key zero-padded
        // to 32 bytes HMAC is the same (keys are padded to the block size).
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        assert_eq!(
            hex::encode(hmac(&key, b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_ticket_is_valid_only_as_signed_and_until_it_expires() {
        let key = [7u8; 32];
        let ticket = Ticket {
            repo: "models/KEN/bert".into(),
            oid: "ab".repeat(32),
            size: 10,
            user: 7,
            expires_ms: 1_000,
        };
        let sig = sign_with(&key, &ticket);
        assert!(valid_with(&key, &ticket, &sig, 999));
        assert!(!valid_with(&key, &ticket, &sig, 1_001));
        for other in [
            Ticket {
                size: 11,
                ..ticket.clone()
            },
            Ticket {
                user: 8,
                ..ticket.clone()
            },
            Ticket {
                repo: "models/KEN/other".into(),
                ..ticket.clone()
            },
            Ticket {
                expires_ms: 9_999,
                ..ticket.clone()
            },
        ] {
            assert!(!valid_with(&key, &other, &sig, 0), "{other:?}");
        }
        assert!(!valid_with(&key, &ticket, &sig[..63], 0));
        assert!(
            !valid_with(&[8u8; 32], &ticket, &sig, 0),
            "another process's key"
        );
    }
}
