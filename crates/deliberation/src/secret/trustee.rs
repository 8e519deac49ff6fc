//! The trustees: each holds a secret key share, proves it knows it, and
//! decrypts only the encrypted tally, with a proof for each share.

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use super::ballot::EncryptedTally;
use super::election::{PublicElection, TrusteePublicKey, key_context};
use super::group::{Transcript, point_hex};
use super::proofs::{EqualityProof, SchnorrProof};

/// A trustee's secret key share. It never leaves the trustee's keeping: it
/// is not serialisable, and it decrypts only an [`EncryptedTally`].
pub struct Trustee {
    index: u32,
    secret: Scalar,
}

impl Trustee {
    pub fn generate(index: u32, rng: &mut (impl RngCore + CryptoRng)) -> Self {
        Self {
            index,
            secret: Scalar::random(rng),
        }
    }

    /// A trustee from a kept secret (32 bytes, a canonical scalar).
    pub fn from_secret_bytes(index: u32, bytes: [u8; 32]) -> Option<Self> {
        Option::from(Scalar::from_canonical_bytes(bytes)).map(|secret| Self { index, secret })
    }

    pub fn secret_bytes(&self) -> [u8; 32] {
        self.secret.to_bytes()
    }

    pub fn index(&self) -> u32 {
        self.index
    }

    pub fn public_key(
        &self,
        election_id: &str,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> TrusteePublicKey {
        TrusteePublicKey {
            index: self.index,
            public_key: RistrettoPoint::mul_base(&self.secret),
            proof: SchnorrProof::prove(&key_context(election_id, self.index), &self.secret, rng),
        }
    }

    /// This trustee's share of the decryption of every choice's total, with
    /// proofs that it used its key.
    pub fn decrypt_tally(
        &self,
        election: &PublicElection,
        tally: &EncryptedTally,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> PartialDecryption {
        let shares = tally
            .totals
            .iter()
            .enumerate()
            .map(|(choice, total)| DecryptionShare {
                share: self.secret * total.alpha,
                proof: EqualityProof::prove(
                    &decryption_context(election, self.index, choice),
                    &self.secret,
                    &total.alpha,
                    rng,
                ),
            })
            .collect();
        PartialDecryption {
            trustee: self.index,
            shares,
        }
    }
}

pub(crate) fn decryption_context(
    election: &PublicElection,
    trustee: u32,
    choice: usize,
) -> Transcript {
    let mut t = Transcript::new("waico-ballot-v1/decryption");
    t.bytes(&election.fingerprint())
        .u64(trustee.into())
        .u64(choice as u64);
    t
}

/// A trustee's share `s·A` of one choice's total, with its proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecryptionShare {
    #[serde(with = "point_hex")]
    pub share: RistrettoPoint,
    pub proof: EqualityProof,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialDecryption {
    pub trustee: u32,
    pub shares: Vec<DecryptionShare>,
}
