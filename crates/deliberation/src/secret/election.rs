//! An election's public definition: what is voted on, the trustees' public
//! key shares with their proofs, and the joint key they add up to (n-of-n
//! additive sharing: every trustee must take part in the decryption).

use curve25519_dalek::ristretto::RistrettoPoint;
use serde::{Deserialize, Serialize};

use super::group::{Transcript, point_hex};
use super::proofs::SchnorrProof;
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

pub(super) fn key_context(election_id: &str, index: u32) -> Transcript {
    let mut t = Transcript::new("waico-ballot-v1/trustee-key");
    t.bytes(election_id.as_bytes()).u64(index.into());
    t
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
