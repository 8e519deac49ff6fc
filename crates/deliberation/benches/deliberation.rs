//! Benchmarks of issue 11: the tally of a recorded vote of 193 states, an
//! STV count of 10,000 ballots and 20 candidates, and the secret ballot
//! (encrypting one ballot, verifying one, verifying a whole 193-ballot
//! election) next to the raw Ristretto255 operations they are made of.
//! `scripts/bench-deliberation.sh` runs this and ElectionGuard's own
//! primitives in the same run and prints the ratios.

use criterion::{Criterion, criterion_group, criterion_main};
use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::hint::black_box;
use waico_deliberation::body::BodyRules;
use waico_deliberation::ranked::{CandidateId, RankedBallot, single_transferable_vote};
use waico_deliberation::recorded_vote::{VoteChoice, tally_recorded};
use waico_deliberation::secret::{
    BallotBox, ElectionManifest, ElectionRecord, PublicElection, Trustee, encrypt_ballot,
};
use waico_deliberation::verify_election;

fn tallies(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let rules = BodyRules::assembly_default();
    let votes: Vec<VoteChoice> = (0..193)
        .map(|_| VoteChoice::ALL[rng.gen_range(0..3)])
        .collect();
    c.bench_function("recorded_vote_193_states", |b| {
        b.iter(|| tally_recorded(black_box(&rules), 193, black_box(&votes).iter().copied()))
    });

    let candidates: Vec<CandidateId> = (0..20).map(CandidateId).collect();
    let ballots: Vec<RankedBallot> = (0..10_000)
        .map(|_| {
            let mut ranking = candidates.clone();
            ranking.shuffle(&mut rng);
            // Half the voters put one of four favourites first, so the
            // count has surpluses as well as eliminations.
            if rng.gen_bool(0.5) {
                let favourite = CandidateId(rng.gen_range(0..4));
                ranking.retain(|c| *c != favourite);
                ranking.insert(0, favourite);
            }
            ranking.truncate(rng.gen_range(1..=20));
            RankedBallot::new(ranking, 20).unwrap()
        })
        .collect();
    let mut group = c.benchmark_group("stv");
    group.sample_size(20);
    group.bench_function("stv_10000_ballots_20_candidates_5_seats", |b| {
        b.iter(|| single_transferable_vote(20, 5, black_box(&ballots)).unwrap())
    });
    group.finish();
}

fn election(rng: &mut StdRng) -> (PublicElection, Vec<Trustee>) {
    let manifest = ElectionManifest::new(
        "bench-2026",
        "Adopt resolution 1?",
        vec!["yes".into(), "no".into(), "abstain".into()],
        1,
        1,
    )
    .unwrap();
    let trustees: Vec<Trustee> = (1..=3).map(|i| Trustee::generate(i, rng)).collect();
    let keys = trustees
        .iter()
        .map(|t| t.public_key("bench-2026", rng))
        .collect();
    (PublicElection::new(manifest, keys).unwrap(), trustees)
}

fn secret_ballot(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2);
    let (election, trustees) = election(&mut rng);
    let mut group = c.benchmark_group("secret");
    group.bench_function("encrypt_one_ballot_3_choices", |b| {
        b.iter(|| encrypt_ballot(&election, "FRA", &[1, 0, 0], &mut rng).unwrap())
    });
    let ballot = encrypt_ballot(&election, "FRA", &[0, 1, 0], &mut rng).unwrap();
    group.bench_function("verify_one_ballot_3_choices", |b| {
        b.iter(|| black_box(&ballot).verify(&election).unwrap())
    });
    let mut ballot_box = BallotBox::new(election.clone());
    for i in 0..193 {
        let mut selection = [0u8; 3];
        selection[rng.gen_range(0..3)] = 1;
        let ballot = encrypt_ballot(&election, &format!("S{i:03}"), &selection, &mut rng).unwrap();
        ballot_box.cast(ballot).unwrap();
    }
    let tally = ballot_box.tally();
    let partials = trustees
        .iter()
        .map(|t| t.decrypt_tally(&election, &tally, &mut rng))
        .collect();
    let record = ElectionRecord::publish(&ballot_box, partials).unwrap();
    group.sample_size(10);
    group.bench_function("verify_election_193_ballots_3_trustees", |b| {
        b.iter(|| verify_election(black_box(&record)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("ristretto");
    let s = Scalar::random(&mut rng);
    let p = RistrettoPoint::mul_base(&Scalar::random(&mut rng));
    group.bench_function("fixed_base_scalar_mult", |b| {
        b.iter(|| RistrettoPoint::mul_base(black_box(&s)))
    });
    group.bench_function("variable_base_scalar_mult", |b| {
        b.iter(|| black_box(s) * black_box(p))
    });
    group.finish();
}

criterion_group!(benches, tallies, secret_ballot);
criterion_main!(benches);
