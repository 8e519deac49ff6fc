//! A whole secret-ballot election, and its verification failing when any
//! one published piece is altered.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::scalar::Scalar;
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;

fn manifest(choices: usize, min: u32, max: u32) -> ElectionManifest {
    ElectionManifest::new(
        "ga-2026-07",
        "Adopt resolution 12?",
        (0..choices).map(|i| format!("choice-{i}")).collect(),
        min,
        max,
    )
    .unwrap()
}

struct Run {
    record: ElectionRecord,
    trackers: Vec<String>,
}

/// Runs an election with `trustees` trustees and the given selections.
fn run(manifest: ElectionManifest, trustees: u32, votes: &[Vec<u8>], seed: u64) -> Run {
    let mut rng = StdRng::seed_from_u64(seed);
    let keys: Vec<Trustee> = (1..=trustees)
        .map(|i| Trustee::generate(i, &mut rng))
        .collect();
    let publics = keys
        .iter()
        .map(|t| t.public_key(&manifest.election_id, &mut rng))
        .collect();
    let election = PublicElection::new(manifest, publics).unwrap();
    let mut ballot_box = BallotBox::new(election.clone());
    let mut trackers = Vec::new();
    for (i, selections) in votes.iter().enumerate() {
        let ballot = encrypt_ballot(&election, &format!("V{i:03}"), selections, &mut rng).unwrap();
        trackers.push(ballot_box.cast(ballot).unwrap());
    }
    let tally = ballot_box.tally();
    let partials = keys
        .iter()
        .map(|t| t.decrypt_tally(&election, &tally, &mut rng))
        .collect();
    Run {
        record: ElectionRecord::publish(&ballot_box, partials).unwrap(),
        trackers,
    }
}

/// One election (3 trustees, 5 ballots) shared by the tests that alter its
/// record: debug-build group arithmetic is slow.
fn shared() -> &'static Run {
    static RUN: std::sync::OnceLock<Run> = std::sync::OnceLock::new();
    RUN.get_or_init(|| run(manifest(3, 1, 1), 3, &yes_no_abstain(), 1))
}

fn yes_no_abstain() -> Vec<Vec<u8>> {
    vec![
        vec![1, 0, 0],
        vec![1, 0, 0],
        vec![0, 1, 0],
        vec![0, 0, 1],
        vec![1, 0, 0],
    ]
}

#[test]
fn a_whole_election_verifies_and_every_tracker_is_published() {
    let run = shared();
    let tally = verify_election(&run.record).unwrap();
    assert_eq!(tally.counts, vec![3, 1, 1]);
    assert_eq!(tally.ballots, 5);
    let published: Vec<&str> = run.record.trackers().collect();
    for tracker in &run.trackers {
        assert!(published.contains(&tracker.as_str()));
    }
    // The record survives its JSON form.
    let json = serde_json::to_string(&run.record).unwrap();
    let back: ElectionRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(verify_election(&back).unwrap(), tally);
}

#[test]
fn altering_one_ballot_fails_verification() {
    let mut record = shared().record.clone();
    // Turn ballot 2's "no" into a "yes" by adding G to two ciphertexts.
    let ballot = &mut record.ballots[2].ballot;
    ballot.ciphertexts[0].beta += G;
    ballot.ciphertexts[1].beta -= G;
    assert!(matches!(
        verify_election(&record),
        Err(VerifyError::Ballot { index: 2, .. })
    ));
}

#[test]
fn altering_one_proof_fails_verification() {
    let mut record = shared().record.clone();
    record.ballots[4].ballot.selection_proofs[1].branches[0].z += Scalar::ONE;
    assert_eq!(
        verify_election(&record),
        Err(VerifyError::Ballot {
            index: 4,
            voter: "V004".into(),
            error: BallotError::SelectionProof(1)
        })
    );
    let mut record = shared().record.clone();
    record.ballots[0].ballot.sum_proof.branches[0].c += Scalar::ONE;
    assert!(matches!(
        verify_election(&record),
        Err(VerifyError::Ballot {
            error: BallotError::SumProof,
            ..
        })
    ));
}

#[test]
fn altering_one_partial_decryption_fails_verification() {
    let mut record = shared().record.clone();
    record.partial_decryptions[1].shares[0].share -= G;
    assert_eq!(
        verify_election(&record),
        Err(VerifyError::DecryptionProof {
            trustee: 2,
            choice: 0
        })
    );
    let mut record = shared().record.clone();
    record.partial_decryptions.pop();
    assert_eq!(verify_election(&record), Err(VerifyError::Decryptions));
}

#[test]
fn altering_the_tally_tracker_or_voters_fails_verification() {
    let good = shared().record.clone();
    let mut record = good.clone();
    record.tally = vec![2, 2, 1];
    assert!(matches!(
        verify_election(&record),
        Err(VerifyError::Mismatch { .. })
    ));
    let mut record = good.clone();
    record.tracker_mut(0).push('0');
    assert_eq!(
        verify_election(&record),
        Err(VerifyError::Tracker { index: 0 })
    );
    let mut record = good.clone();
    let copy = record.ballots[0].clone();
    record.ballots.push(copy);
    assert_eq!(
        verify_election(&record),
        Err(VerifyError::DuplicateVoter("V000".into()))
    );
    // A ballot copied under another voter's name fails its proofs: they are
    // bound to the voter.
    let mut record = good.clone();
    record.ballots[1].ballot.voter = "V999".into();
    assert!(matches!(
        verify_election(&record),
        Err(VerifyError::Ballot { index: 1, .. })
    ));
    // Dropping a ballot changes the sum.
    let mut record = good;
    record.ballots.pop();
    assert_eq!(verify_election(&record), Err(VerifyError::EncryptedTally));
}

#[test]
fn ballots_with_too_many_selections_are_refused() {
    let mut rng = StdRng::seed_from_u64(6);
    let keys: Vec<Trustee> = (1..=2).map(|i| Trustee::generate(i, &mut rng)).collect();
    let publics: Vec<TrusteePublicKey> = keys
        .iter()
        .map(|t| t.public_key("ga-2026-07", &mut rng))
        .collect();
    let loose = PublicElection::new(manifest(3, 0, 2), publics.clone()).unwrap();
    let strict = PublicElection::new(manifest(3, 1, 1), publics.clone()).unwrap();
    assert_eq!(
        encrypt_ballot(&strict, "FRA", &[1, 1, 0], &mut rng),
        Err(BallotError::SelectionCount { min: 1, max: 1 })
    );
    assert_eq!(
        encrypt_ballot(&strict, "FRA", &[2, 0, 0], &mut rng),
        Err(BallotError::Selections)
    );
    // Made for an election allowing two, it does not pass in one allowing one.
    let double = encrypt_ballot(&loose, "FRA", &[1, 1, 0], &mut rng).unwrap();
    assert!(double.verify(&loose).is_ok());
    let mut strict_box = BallotBox::new(strict);
    assert!(strict_box.cast(double).is_err());
    // A later ballot of the same voter replaces the earlier one.
    let first = encrypt_ballot(strict_box.election(), "FRA", &[1, 0, 0], &mut rng).unwrap();
    let second = encrypt_ballot(strict_box.election(), "FRA", &[0, 1, 0], &mut rng).unwrap();
    strict_box.cast(first).unwrap();
    strict_box.cast(second).unwrap();
    assert_eq!(strict_box.voters().count(), 1);
    // Trustee keys: one trustee is not enough, a wrong proof is refused.
    assert!(PublicElection::new(manifest(3, 1, 1), publics[..1].to_vec()).is_err());
    let mut forged = publics;
    forged[1].public_key += G;
    assert!(PublicElection::new(manifest(3, 1, 1), forged).is_err());
}

impl ElectionRecord {
    fn tracker_mut(&mut self, index: usize) -> &mut String {
        &mut self.ballots[index].tracker
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3))]
    #[test]
    fn the_tally_equals_the_plaintext_count(
        votes in proptest::collection::vec(0usize..4, 1..5),
        seed in any::<u64>(),
    ) {
        let selections: Vec<Vec<u8>> = votes
            .iter()
            .map(|&v| (0..4).map(|c| u8::from(c == v)).collect())
            .collect();
        let record = run(manifest(4, 1, 1), 2, &selections, seed).record;
        let tally = verify_election(&record).unwrap();
        let expected: Vec<u64> = (0..4).map(|c| votes.iter().filter(|&&v| v == c).count() as u64).collect();
        prop_assert_eq!(tally.counts, expected);
    }
}
