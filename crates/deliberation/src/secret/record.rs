//! The published election record (JSON) and its independent verification:
//! [`verify_election`] checks the trustees' key proofs, every ballot's proofs
//! and tracker, one ballot per voter, recomputes the encrypted tally from
//! the ballots, checks every partial decryption's proof against it, combines
//! them and recovers each total by a bounded discrete logarithm.

use std::collections::BTreeSet;

use curve25519_dalek::ristretto::RistrettoPoint;
use serde::{Deserialize, Serialize};

use super::ballot::{BallotBox, BallotError, EncryptedBallot, EncryptedTally};
use super::election::{ElectionError, ElectionManifest, PublicElection, TrusteePublicKey};
use super::group::{Ciphertext, G};
use super::trustee::{PartialDecryption, decryption_context};

/// The format tag of a published record.
pub const RECORD_FORMAT: &str = "waico-election-record/1";

/// A ballot as published, with its tracker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedBallot {
    pub tracker: String,
    #[serde(flatten)]
    pub ballot: EncryptedBallot,
}

/// Everything anyone needs to check a secret-ballot election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionRecord {
    pub format: String,
    pub manifest: ElectionManifest,
    pub trustees: Vec<TrusteePublicKey>,
    pub ballots: Vec<PublishedBallot>,
    pub encrypted_tally: Vec<Ciphertext>,
    pub partial_decryptions: Vec<PartialDecryption>,
    /// The announced count per choice.
    pub tally: Vec<u64>,
}

/// A verified result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub election_id: String,
    pub choices: Vec<String>,
    pub counts: Vec<u64>,
    pub ballots: u64,
}

/// What failed to verify, naming the ballot, trustee or choice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("unknown record format {0:?}")]
    Format(String),
    #[error("election definition: {0}")]
    Election(#[from] ElectionError),
    #[error("ballot {index} ({voter}): {error}")]
    Ballot {
        index: usize,
        voter: String,
        error: BallotError,
    },
    #[error("ballot {index}: its tracker is not the hash of the ballot")]
    Tracker { index: usize },
    #[error("voter {0} has more than one ballot")]
    DuplicateVoter(String),
    #[error("the published encrypted tally is not the sum of the ballots")]
    EncryptedTally,
    #[error("expected one partial decryption from each trustee, in order")]
    Decryptions,
    #[error("trustee {trustee}'s decryption of choice {choice} does not verify")]
    DecryptionProof { trustee: u32, choice: usize },
    #[error("the total of choice {0} is not a count of the ballots")]
    OutOfRange(usize),
    #[error("the announced tally {announced:?} differs from the decrypted {decrypted:?}")]
    Mismatch {
        announced: Vec<u64>,
        decrypted: Vec<u64>,
    },
}

/// Combines the trustees' shares into each choice's total.
fn decrypt_totals(
    election: &PublicElection,
    tally: &EncryptedTally,
    decryptions: &[PartialDecryption],
) -> Result<Vec<u64>, VerifyError> {
    let trustees = election.trustees();
    let choices = tally.totals().len();
    let well_formed = decryptions.len() == trustees.len()
        && decryptions
            .iter()
            .zip(trustees)
            .all(|(d, t)| d.trustee == t.index && d.shares.len() == choices);
    if !well_formed {
        return Err(VerifyError::Decryptions);
    }
    let mut counts = Vec::with_capacity(choices);
    for (choice, total) in tally.totals().iter().enumerate() {
        let mut combined = RistrettoPoint::default();
        for (decryption, trustee) in decryptions.iter().zip(trustees) {
            let share = &decryption.shares[choice];
            let context = decryption_context(election, trustee.index, choice);
            if !share
                .proof
                .verify(&context, &total.alpha, &trustee.public_key, &share.share)
            {
                return Err(VerifyError::DecryptionProof {
                    trustee: trustee.index,
                    choice,
                });
            }
            combined += share.share;
        }
        let message = total.beta - combined;
        counts.push(small_log(&message, tally.ballots()).ok_or(VerifyError::OutOfRange(choice))?);
    }
    Ok(counts)
}

/// `t` with `tG = point`, for `t` in `0..=max`.
fn small_log(point: &RistrettoPoint, max: u64) -> Option<u64> {
    let mut candidate = RistrettoPoint::default();
    for t in 0..=max {
        if candidate == *point {
            return Some(t);
        }
        candidate += G;
    }
    None
}

impl ElectionRecord {
    /// Assembles the record of a closed ballot box from the trustees' partial
    /// decryptions, checking them and computing the tally.
    pub fn publish(
        ballot_box: &BallotBox,
        decryptions: Vec<PartialDecryption>,
    ) -> Result<Self, VerifyError> {
        let election = ballot_box.election();
        let tally = ballot_box.tally();
        let counts = decrypt_totals(election, &tally, &decryptions)?;
        Ok(Self {
            format: RECORD_FORMAT.to_owned(),
            manifest: election.manifest().clone(),
            trustees: election.trustees().to_vec(),
            ballots: ballot_box
                .ballots()
                .map(|ballot| PublishedBallot {
                    tracker: ballot.tracker(),
                    ballot: ballot.clone(),
                })
                .collect(),
            encrypted_tally: tally.totals().to_vec(),
            partial_decryptions: decryptions,
            tally: counts,
        })
    }

    /// The record's ballots' trackers, for a voter to look theirs up.
    pub fn trackers(&self) -> impl Iterator<Item = &str> {
        self.ballots.iter().map(|b| b.tracker.as_str())
    }
}

/// Verifies a published election from scratch and returns its tally.
pub fn verify_election(record: &ElectionRecord) -> Result<Tally, VerifyError> {
    if record.format != RECORD_FORMAT {
        return Err(VerifyError::Format(record.format.clone()));
    }
    let election = PublicElection::new(record.manifest.clone(), record.trustees.clone())?;
    let mut voters = BTreeSet::new();
    for (index, published) in record.ballots.iter().enumerate() {
        let ballot = &published.ballot;
        ballot
            .verify(&election)
            .map_err(|error| VerifyError::Ballot {
                index,
                voter: ballot.voter.clone(),
                error,
            })?;
        if published.tracker != ballot.tracker() {
            return Err(VerifyError::Tracker { index });
        }
        if !voters.insert(ballot.voter.as_str()) {
            return Err(VerifyError::DuplicateVoter(ballot.voter.clone()));
        }
    }
    let tally = EncryptedTally::sum(
        record.manifest.choices.len(),
        record.ballots.iter().map(|b| &b.ballot),
    );
    if tally.totals() != record.encrypted_tally.as_slice() {
        return Err(VerifyError::EncryptedTally);
    }
    let counts = decrypt_totals(&election, &tally, &record.partial_decryptions)?;
    if counts != record.tally {
        return Err(VerifyError::Mismatch {
            announced: record.tally.clone(),
            decrypted: counts,
        });
    }
    Ok(Tally {
        election_id: record.manifest.election_id.clone(),
        choices: record.manifest.choices.clone(),
        counts,
        ballots: tally.ballots(),
    })
}
