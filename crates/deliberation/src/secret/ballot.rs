//! Encrypted ballots: one ciphertext per choice, a proof that each encrypts
//! 0 or 1, a proof that their sum is an allowed number of selections, and the
//! tracker the voter keeps to find the ballot in the published record. The
//! ballot box accepts only ballots whose proofs verify, one per voter (a
//! later ballot replaces an earlier one until the close).

use std::collections::BTreeMap;

use curve25519_dalek::scalar::Scalar;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::election::PublicElection;
use super::group::{Ciphertext, Transcript};
use super::proofs::RangeProof;

/// A voter's encrypted ballot. `voter` (the state's code) is public: who
/// voted is published, how is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedBallot {
    pub voter: String,
    pub ciphertexts: Vec<Ciphertext>,
    pub selection_proofs: Vec<RangeProof>,
    pub sum_proof: RangeProof,
}

/// Why a ballot is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("the voter is empty")]
    Voter,
    #[error("a ballot has one selection of 0 or 1 per choice")]
    Selections,
    #[error("between {min} and {max} choices must be selected")]
    SelectionCount { min: u32, max: u32 },
    #[error("the ballot's shape does not match the election")]
    Shape,
    #[error("the proof for choice {0} does not verify")]
    SelectionProof(usize),
    #[error("the proof of the number of selections does not verify")]
    SumProof,
}

/// The context every proof of a ballot is bound to: the election's
/// fingerprint, the voter and all of the ballot's ciphertexts.
fn ballot_context(
    election: &PublicElection,
    voter: &str,
    ciphertexts: &[Ciphertext],
) -> Transcript {
    let mut t = Transcript::new("waico-ballot-v1/ballot");
    t.bytes(&election.fingerprint())
        .bytes(voter.as_bytes())
        .u64(ciphertexts.len() as u64);
    for c in ciphertexts {
        t.ciphertext(c);
    }
    t
}

fn selection_context(ballot: &Transcript, choice: usize) -> Transcript {
    let mut t = ballot.clone();
    t.bytes(b"selection").u64(choice as u64);
    t
}

fn sum_context(ballot: &Transcript) -> Transcript {
    let mut t = ballot.clone();
    t.bytes(b"sum");
    t
}

/// Encrypts `selections` (0 or 1 per choice) for `voter`, with its proofs.
/// Returns the ballot; its tracker is [`EncryptedBallot::tracker`].
pub fn encrypt_ballot(
    election: &PublicElection,
    voter: &str,
    selections: &[u8],
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<EncryptedBallot, BallotError> {
    let manifest = election.manifest();
    if voter.trim().is_empty() || voter.len() > 200 {
        return Err(BallotError::Voter);
    }
    if selections.len() != manifest.choices.len() || selections.iter().any(|&s| s > 1) {
        return Err(BallotError::Selections);
    }
    let selected: u32 = selections.iter().map(|&s| u32::from(s)).sum();
    if !(manifest.min_selections..=manifest.max_selections).contains(&selected) {
        return Err(BallotError::SelectionCount {
            min: manifest.min_selections,
            max: manifest.max_selections,
        });
    }
    let key = election.joint_key();
    let randomness: Vec<Scalar> = selections.iter().map(|_| Scalar::random(rng)).collect();
    let ciphertexts: Vec<Ciphertext> = selections
        .iter()
        .zip(&randomness)
        .map(|(&s, r)| Ciphertext::encrypt(s.into(), r, key))
        .collect();
    let context = ballot_context(election, voter, &ciphertexts);
    let selection_proofs = ciphertexts
        .iter()
        .zip(selections)
        .zip(&randomness)
        .enumerate()
        .map(|(choice, ((c, &s), r))| {
            RangeProof::prove(
                &selection_context(&context, choice),
                c,
                key,
                (s.into(), r),
                0..=1,
                rng,
            )
        })
        .collect();
    let sum = ciphertexts
        .iter()
        .fold(Ciphertext::zero(), |acc, c| acc.add(c));
    let sum_randomness: Scalar = randomness.iter().sum();
    let sum_proof = RangeProof::prove(
        &sum_context(&context),
        &sum,
        key,
        (selected.into(), &sum_randomness),
        manifest.min_selections.into()..=manifest.max_selections.into(),
        rng,
    );
    Ok(EncryptedBallot {
        voter: voter.to_owned(),
        ciphertexts,
        selection_proofs,
        sum_proof,
    })
}

impl EncryptedBallot {
    /// The ballot tracker: SHA-256 (hex) of the ballot's canonical JSON.
    /// The voter keeps it and finds it in the published record.
    pub fn tracker(&self) -> String {
        let json = serde_json::to_vec(self).expect("a ballot serialises");
        hex::encode(Sha256::digest(json))
    }

    /// Checks the ballot's shape and every proof against the election.
    pub fn verify(&self, election: &PublicElection) -> Result<(), BallotError> {
        let manifest = election.manifest();
        let choices = manifest.choices.len();
        if self.voter.trim().is_empty() {
            return Err(BallotError::Voter);
        }
        if self.ciphertexts.len() != choices || self.selection_proofs.len() != choices {
            return Err(BallotError::Shape);
        }
        let key = election.joint_key();
        let context = ballot_context(election, &self.voter, &self.ciphertexts);
        for (choice, (c, proof)) in self
            .ciphertexts
            .iter()
            .zip(&self.selection_proofs)
            .enumerate()
        {
            if !proof.verify(&selection_context(&context, choice), c, key, 0, 1) {
                return Err(BallotError::SelectionProof(choice));
            }
        }
        let sum = self
            .ciphertexts
            .iter()
            .fold(Ciphertext::zero(), |acc, c| acc.add(c));
        if !self.sum_proof.verify(
            &sum_context(&context),
            &sum,
            key,
            manifest.min_selections.into(),
            manifest.max_selections.into(),
        ) {
            return Err(BallotError::SumProof);
        }
        Ok(())
    }
}

/// The ballots of an open election: verified on arrival, one per voter.
pub struct BallotBox {
    election: PublicElection,
    ballots: BTreeMap<String, EncryptedBallot>,
}

impl BallotBox {
    pub fn new(election: PublicElection) -> Self {
        Self {
            election,
            ballots: BTreeMap::new(),
        }
    }

    pub fn election(&self) -> &PublicElection {
        &self.election
    }

    /// Accepts a ballot whose proofs verify; a voter's later ballot replaces
    /// the earlier one. Returns the tracker. (The application checks that
    /// the voter may vote and that the election is open.)
    pub fn cast(&mut self, ballot: EncryptedBallot) -> Result<String, BallotError> {
        ballot.verify(&self.election)?;
        let tracker = ballot.tracker();
        self.ballots.insert(ballot.voter.clone(), ballot);
        Ok(tracker)
    }

    /// Who has voted (never how).
    pub fn voters(&self) -> impl Iterator<Item = &str> {
        self.ballots.keys().map(String::as_str)
    }

    pub fn ballots(&self) -> impl Iterator<Item = &EncryptedBallot> {
        self.ballots.values()
    }

    /// The sum of every ballot, the only thing the trustees decrypt.
    pub fn tally(&self) -> EncryptedTally {
        EncryptedTally::sum(
            self.election.manifest().choices.len(),
            self.ballots.values(),
        )
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
