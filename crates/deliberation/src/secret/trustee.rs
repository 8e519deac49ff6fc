//! The election's public definition, its trustees and their key shares, the
//! joint key (the sum of the trustees' public keys: n-of-n additive sharing,
//! so every trustee must take part in the decryption), the encrypted tally
//! and the trustees' partial decryptions of it.

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use super::ballot::EncryptedBallot;
use super::group::{Ciphertext, Transcript, point_hex};
use super::proofs::{EqualityProof, SchnorrProof};
use crate::Invalid;

/// What is voted on: the election's identity, its question and choices, and
/// how many choices a ballot selects (`min_selections..=max_selections`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionManifest {
    pub election_id: String,
    pub question: String,
    pub choices: Vec<String>,
    pub min_selections: u32,
    pub max_selections: u32,
}

impl ElectionManifest {
    pub fn new(
        election_id: &str,
        question: &str,
        choices: Vec<String>,
        min_selections: u32,
        max_selections: u32,
    ) -> Result<Self, Invalid> {
        let manifest = Self {
            election_id: election_id.trim().to_owned(),
            question: question.trim().to_owned(),
            choices,
            min_selections,
            max_selections,
        };
        manifest.validate()?;
        Ok(manifest)
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.election_id.is_empty() || self.election_id.len() > 200 {
            return Err(Invalid::new("election_id", "err-required"));
        }
        if self.question.is_empty() {
            return Err(Invalid::new("question", "err-required"));
        }
        let mut names: Vec<&str> = self.choices.iter().map(|c| c.trim()).collect();
        names.sort();
        names.dedup();
        if self.choices.is_empty()
            || self.choices.len() > 256
            || names.len() != self.choices.len()
            || names.iter().any(|n| n.is_empty())
        {
            return Err(Invalid::new("choices", "err-invalid-choices"));
        }
        if self.max_selections == 0
            || self.min_selections > self.max_selections
            || self.max_selections as usize > self.choices.len()
        {
            return Err(Invalid::new("max_selections", "err-invalid-selections"));
        }
        Ok(())
    }
}

/// A trustee's public key share with a proof that the trustee knows the
/// secret behind it (bound to the election and the trustee's number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrusteePublicKey {
    /// Trustees are numbered from 1.
    pub index: u32,
    #[serde(with = "point_hex")]
    pub public_key: RistrettoPoint,
    pub proof: SchnorrProof,
}

/// A trustee's secret key share. It never leaves the trustee's keeping: it
/// is not serialisable, and it decrypts only an [`EncryptedTally`].
pub struct Trustee {
    index: u32,
    secret: Scalar,
}

fn key_context(election_id: &str, index: u32) -> Transcript {
    let mut t = Transcript::new("waico-ballot-v1/trustee-key");
    t.bytes(election_id.as_bytes()).u64(index.into());
    t
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

/// Why an election's public definition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ElectionError {
    #[error("{0}")]
    Manifest(Invalid),
    #[error("at least two trustees are needed")]
    TooFewTrustees,
    #[error("trustees must be numbered 1 to n in order")]
    TrusteeNumbers,
    #[error("trustee {0}'s key proof does not verify")]
    TrusteeKey(u32),
}

/// An election's public definition: manifest, trustees' keys and the joint
/// key. Made only from verified trustee keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicElection {
    manifest: ElectionManifest,
    trustees: Vec<TrusteePublicKey>,
    joint_key: RistrettoPoint,
    fingerprint: [u8; 64],
}

impl PublicElection {
    pub fn new(
        manifest: ElectionManifest,
        trustees: Vec<TrusteePublicKey>,
    ) -> Result<Self, ElectionError> {
        manifest.validate().map_err(ElectionError::Manifest)?;
        if trustees.len() < 2 {
            return Err(ElectionError::TooFewTrustees);
        }
        for (position, trustee) in trustees.iter().enumerate() {
            if trustee.index as usize != position + 1 {
                return Err(ElectionError::TrusteeNumbers);
            }
            let context = key_context(&manifest.election_id, trustee.index);
            if !trustee.proof.verify(&context, &trustee.public_key) {
                return Err(ElectionError::TrusteeKey(trustee.index));
            }
        }
        let joint_key: RistrettoPoint = trustees.iter().map(|t| t.public_key).sum();
        let mut t = Transcript::new("waico-ballot-v1/election");
        t.bytes(manifest.election_id.as_bytes())
            .bytes(manifest.question.as_bytes())
            .u64(manifest.choices.len() as u64);
        for choice in &manifest.choices {
            t.bytes(choice.as_bytes());
        }
        t.u64(manifest.min_selections.into())
            .u64(manifest.max_selections.into())
            .point(&joint_key);
        Ok(Self {
            fingerprint: t.digest(),
            manifest,
            trustees,
            joint_key,
        })
    }

    pub fn manifest(&self) -> &ElectionManifest {
        &self.manifest
    }

    pub fn trustees(&self) -> &[TrusteePublicKey] {
        &self.trustees
    }

    pub fn joint_key(&self) -> &RistrettoPoint {
        &self.joint_key
    }

    /// The hash every proof of this election is bound to: its identity,
    /// question, choices, limits and joint key.
    pub fn fingerprint(&self) -> [u8; 64] {
        self.fingerprint
    }
}

/// The homomorphic sum, per choice, of every ballot accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedTally {
    pub(crate) totals: Vec<Ciphertext>,
    pub(crate) ballots: u64,
}

impl EncryptedTally {
    /// Sums ballots that were verified when accepted (see `BallotBox`).
    pub(crate) fn sum<'a>(
        choices: usize,
        ballots: impl IntoIterator<Item = &'a EncryptedBallot>,
    ) -> Self {
        let mut totals = vec![Ciphertext::zero(); choices];
        let mut count = 0;
        for ballot in ballots {
            for (total, c) in totals.iter_mut().zip(&ballot.ciphertexts) {
                *total = total.add(c);
            }
            count += 1;
        }
        Self {
            totals,
            ballots: count,
        }
    }

    pub fn totals(&self) -> &[Ciphertext] {
        &self.totals
    }

    pub fn ballots(&self) -> u64 {
        self.ballots
    }
}
