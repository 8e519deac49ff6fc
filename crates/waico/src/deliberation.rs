//! Deliberation from the shell. `waico deliberation verify FILE`: anyone
//! checks a published secret-ballot election record offline — every
//! trustee key, ballot proof, tracker and partial decryption — and sees the
//! tally recomputed from the ballots. `list`, `show` and `vote` call the
//! node's operations on its database; `vote` acts as the owner of the API
//! token in `WAICO_TOKEN` (a delegate), under the same rules as the API.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use waico_deliberation::{ElectionRecord, verify_election};

/// Reads and verifies a record; returns the report to print, or the first
/// check that failed.
pub fn verify_file(path: &Path) -> anyhow::Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let record: ElectionRecord = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a WAICO election record", path.display()))?;
    let tally = verify_election(&record)
        .map_err(|e| anyhow::anyhow!("verification FAILED for {}: {e}", path.display()))?;
    let mut report = String::new();
    writeln!(
        report,
        "election {}: {}",
        tally.election_id, record.manifest.question
    )?;
    writeln!(
        report,
        "verified: {} ballots, {} trustees; every proof checks and the tally is the sum of the ballots",
        tally.ballots,
        record.trustees.len()
    )?;
    for (choice, count) in tally.choices.iter().zip(&tally.counts) {
        writeln!(report, "  {choice}: {count}")?;
    }
    Ok(report)
}

/// Encrypts a ballot for the election in `path` (the election view of the
/// API, or its `election` object: the manifest and the trustees' keys)
/// choosing `choice` (names separated by commas), for `state`. Returns the
/// ballot as JSON and its tracker.
pub fn encrypt_file(path: &Path, choice: &str, state: &str) -> anyhow::Result<(String, String)> {
    use waico_deliberation::secret::{
        ElectionManifest, PublicElection, TrusteePublicKey, encrypt_ballot,
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let election = value.get("election").unwrap_or(&value);
    let manifest: ElectionManifest = serde_json::from_value(election["manifest"].clone())
        .with_context(|| format!("{} has no election manifest", path.display()))?;
    let trustees: Vec<TrusteePublicKey> = serde_json::from_value(election["trustees"].clone())
        .with_context(|| format!("{} has no trustees' keys", path.display()))?;
    let election = PublicElection::new(manifest, trustees)
        .map_err(|e| anyhow::anyhow!("the election does not check: {e}"))?;
    let choices = &election.manifest().choices;
    let mut selections = vec![0u8; choices.len()];
    for wanted in choice.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let i = choices
            .iter()
            .position(|c| c.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "`{wanted}` is not a choice; the choices are {}",
                    choices.join(", ")
                )
            })?;
        selections[i] = 1;
    }
    let state = waico_members::CountryCode::parse(state)
        .map_err(|_| anyhow::anyhow!("--as: `{state}` is not an ISO 3166-1 alpha-3 code"))?;
    let mut rng = rand::rngs::OsRng;
    let ballot = encrypt_ballot(&election, state.as_str(), &selections, &mut rng)
        .map_err(|e| anyhow::anyhow!("cannot make the ballot: {e}"))?;
    Ok((serde_json::to_string(&ballot)?, ballot.tracker()))
}

/// The proposals, newest first, one per line (`stage` as in the list page's
/// filter: a stage or `decided`).
pub async fn list(state: &waico_app::AppState, stage: &str) -> anyhow::Result<String> {
    let filter = waico_store::ProposalFilter {
        stages: waico_app::deliberation::stages_of(stage).map_err(crate::shell_error::op_error)?,
        limit: 500,
        ..Default::default()
    };
    let (items, total) = waico_app::deliberation::list(state, &filter)
        .await
        .map_err(crate::shell_error::op_error)?;
    let mut out = String::new();
    for l in &items {
        writeln!(
            out,
            "{:>5}  {:<13} {:<14} {:<18} {}",
            l.row.id, l.row.stage, l.row.procedure, l.row.body, l.row.title
        )?;
    }
    writeln!(out, "{total} proposals")?;
    Ok(out)
}

/// A proposal as the API shows it (JSON, who voted but not how while open).
pub async fn show(state: &waico_app::AppState, id: i64) -> anyhow::Result<String> {
    let loaded = waico_app::deliberation::get(state, id)
        .await
        .map_err(crate::shell_error::op_error)?;
    let voters = waico_app::deliberation::secret_voters(state, id)
        .await
        .map_err(crate::shell_error::op_error)?;
    Ok(serde_json::to_string_pretty(&waico_app::deliberation::view(&loaded, &voters))? + "\n")
}

/// Casts `choice` on proposal `id` as the owner of `token`.
pub async fn vote(
    state: &waico_app::AppState,
    token: &str,
    id: i64,
    choice: &str,
    as_state: Option<&str>,
) -> anyhow::Result<String> {
    let hash = waico_app::accounts::secrets::sha256_hex(token.trim());
    let (token, user) = state
        .store
        .token_user(&hash)
        .await?
        .ok_or_else(|| anyhow::anyhow!("WAICO_TOKEN is unknown, expired or revoked"))?;
    let actor = waico_members::policy::Actor::User {
        id: user.id,
        grants: user.grants.clone(),
        can_write: token.scope == waico_store::TokenScope::Write,
    };
    let step = waico_app::deliberation::Step::Vote {
        choice: choice.to_owned(),
    };
    let loaded = waico_app::deliberation::perform(
        state,
        &actor,
        id,
        as_state,
        &step,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .map_err(crate::shell_error::op_error)?;
    Ok(format!(
        "vote recorded on proposal {} ({}); it may be changed until the close\n",
        loaded.row.id, loaded.proposal.title
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;
    use waico_deliberation::secret::{
        BallotBox, ElectionManifest, PublicElection, Trustee, encrypt_ballot,
    };

    fn record() -> ElectionRecord {
        let mut rng = StdRng::seed_from_u64(11);
        let manifest = ElectionManifest::new(
            "council-2026",
            "Adopt the allocation policy?",
            vec!["yes".into(), "no".into(), "abstain".into()],
            1,
            1,
        )
        .unwrap();
        let trustees: Vec<Trustee> = (1..=2).map(|i| Trustee::generate(i, &mut rng)).collect();
        let keys = trustees
            .iter()
            .map(|t| t.public_key("council-2026", &mut rng))
            .collect();
        let election = PublicElection::new(manifest, keys).unwrap();
        let mut ballot_box = BallotBox::new(election.clone());
        for (voter, selection) in [("FRA", [1, 0, 0]), ("KEN", [1, 0, 0]), ("CHN", [0, 0, 1])] {
            let ballot = encrypt_ballot(&election, voter, &selection, &mut rng).unwrap();
            ballot_box.cast(ballot).unwrap();
        }
        let tally = ballot_box.tally();
        let partials = trustees
            .iter()
            .map(|t| t.decrypt_tally(&election, &tally, &mut rng))
            .collect();
        ElectionRecord::publish(&ballot_box, partials).unwrap()
    }

    #[test]
    fn verifies_a_published_record_and_rejects_an_altered_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("election.json");
        let mut record = record();
        std::fs::write(&path, serde_json::to_string_pretty(&record).unwrap()).unwrap();
        let report = verify_file(&path).unwrap();
        assert!(
            report.contains("verified: 3 ballots, 2 trustees"),
            "{report}"
        );
        assert!(
            report.contains("  yes: 2\n  no: 0\n  abstain: 1"),
            "{report}"
        );

        record.tally = vec![1, 1, 1];
        std::fs::write(&path, serde_json::to_string(&record).unwrap()).unwrap();
        let error = verify_file(&path).unwrap_err().to_string();
        assert!(error.contains("verification FAILED"), "{error}");

        std::fs::write(&path, "{}").unwrap();
        assert!(
            verify_file(&path)
                .unwrap_err()
                .to_string()
                .contains("not a WAICO election record")
        );
    }
}
