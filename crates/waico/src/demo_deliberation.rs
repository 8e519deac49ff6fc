//! The demo's deliberation: the General Assembly of the demo's member
//! states, a council filled by election, and proposals in every state —
//! an adopted amendment, a rejected resolution, a consensus blocked by a
//! formal objection, a silence procedure that passed, an admission that
//! made Nepal a member, a council election counted by STV, a secret-ballot
//! vote whose published record verifies — plus open ones to act on (a
//! draft, one in consultation, one in negotiation, one being voted).
//!
//! Decided proposals are walked through their lifecycle with past clocks
//! (the domain takes the clock as a value), each finished before the next
//! starts, through the same operations as pages and API.

use anyhow::{Context, anyhow};
use rand::SeedableRng;
use time::{Duration, OffsetDateTime};
use waico_app::AppState;
use waico_app::deliberation::{self as delib, BodyInput, ProposeInput, StatementKind};
use waico_deliberation::secret::{Trustee, encrypt_ballot};
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

/// A delegate of `country`: the demo user for it when there is one
/// (matched by the store), else a stand-in id (the ledger never records
/// users, only states).
fn delegate(id: i64, country: &str) -> anyhow::Result<Actor> {
    Ok(Actor::User {
        id,
        grants: vec![RoleGrant::Delegate {
            country: CountryCode::parse(country).map_err(|e| anyhow!("{e:?}"))?,
        }],
        can_write: true,
    })
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Deadlines: consultation +2 days, negotiation +5, amendment votes +6,
/// decision +8 after `t0`.
fn input(
    title: &str,
    kind: serde_json::Value,
    procedure: &str,
    text: &str,
    t0: OffsetDateTime,
) -> ProposeInput {
    ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: title.into(),
        kind,
        procedure: procedure.into(),
        text: text.into(),
        consultation_until: rfc3339(t0 + Duration::days(2)),
        negotiation_until: rfc3339(t0 + Duration::days(5)),
        amendment_votes_until: rfc3339(t0 + Duration::days(6)),
        decision_until: rfc3339(t0 + Duration::days(8)),
    }
}

struct Demo<'a> {
    state: &'a AppState,
    states: Vec<String>,
}

impl Demo<'_> {
    fn who(&self, country: &str) -> anyhow::Result<Actor> {
        let index = self
            .states
            .iter()
            .position(|s| s == country)
            .context("demo state")?;
        delegate(100_000 + index as i64, country)
    }

    /// Drafts and submits; answers the id.
    async fn table(
        &self,
        author: &str,
        input: &ProposeInput,
        t0: OffsetDateTime,
    ) -> anyhow::Result<i64> {
        let by = self.who(author)?;
        let p = delib::propose(self.state, &by, input, t0)
            .await
            .map_err(|e| anyhow!("demo proposal {}: {e}", input.title))?;
        delib::submit(
            self.state,
            &by,
            p.row.id,
            None,
            false,
            t0 + Duration::hours(1),
        )
        .await
        .map_err(|e| anyhow!("demo submit: {e}"))?;
        Ok(p.row.id)
    }

    async fn tick(&self, at: OffsetDateTime) -> anyhow::Result<()> {
        delib::run_scheduler(self.state, at)
            .await
            .map_err(|e| anyhow!("demo scheduler: {e}"))?;
        Ok(())
    }

    async fn votes(
        &self,
        id: i64,
        votes: &[(&str, &str)],
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        for (country, choice) in votes {
            delib::vote(self.state, &self.who(country)?, id, None, choice, at)
                .await
                .map_err(|e| anyhow!("demo vote {country}: {e}"))?;
        }
        Ok(())
    }
}

/// The version the demo's adopted amendment gives the Brazilian pack.
pub const AMENDED_BR_VERSION: &str = "2025.6.0-amended";

/// The shipped Brazilian pack with the amended version and a note.
fn amended_br_pack() -> anyhow::Result<String> {
    let (_, src) = waico_framework::catalog::shipped::PACKS
        .iter()
        .find(|(file, _)| file.ends_with("br_pl_2338.yaml"))
        .context("shipped Brazilian pack")?;
    let shipped = "version: \"2024.12.0-draft\"";
    anyhow::ensure!(src.contains(shipped), "the Brazilian pack's version line");
    Ok(src.replacen(shipped, &format!("version: \"{AMENDED_BR_VERSION}\""), 1))
}

/// Seeds the deliberation demo; answers how many proposals it made.
pub async fn seed(state: &AppState, secretariat: &Actor) -> anyhow::Result<usize> {
    let states: Vec<String> = crate::demo_states::STATES
        .iter()
        .map(|(c, _, _)| (*c).to_owned())
        .collect();
    let demo = Demo { state, states };
    let members: Vec<&str> = crate::demo_states::STATES
        .iter()
        .filter(|(_, s, _)| *s == MemberStatus::Member)
        .map(|(c, _, _)| *c)
        .collect();
    delib::ensure_general_assembly(state)
        .await
        .map_err(|e| anyhow!("demo assembly: {e}"))?;
    delib::create_body(
        state,
        secretariat,
        &BodyInput {
            slug: "council".into(),
            kind: "council".into(),
            rules: None,
            seats: Vec::new(),
        },
    )
    .await
    .map_err(|e| anyhow!("demo council: {e}"))?;
    let now = OffsetDateTime::now_utc();
    let mut made = 0;

    // An amendment of the Brazilian rulepack (to version
    // `AMENDED_BR_VERSION`), adopted by recorded vote after an amendment of
    // its text was accepted by the author. The demo systems were assessed
    // before it and keep the version they were assessed with; the public
    // chatbot is assessed again after it, with the amended version.
    let t0 = now - Duration::days(90);
    let id = demo
        .table(
            "KEN",
            &input(
                "Amend the Brazilian PL 2338 rulepack",
                serde_json::json!({"kind": "amendment", "target": "rulepack", "name": "br_pl_2338_amended",
                    "yaml": amended_br_pack()?}),
                "recorded_vote",
                "The Assembly amends the Brazilian PL 2338 rulepack.\n\nProviders report serious incidents within 72 hours.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(t0 + Duration::days(2)).await?;
    let (_, amendment) = delib::amend(
        state,
        &demo.who("BRA")?,
        id,
        None,
        1,
        "Providers report serious incidents within 72 hours, and near misses within 30 days.",
        t0 + Duration::days(3),
    )
    .await
    .map_err(|e| anyhow!("demo amendment: {e}"))?;
    delib::accept_amendment(
        state,
        &demo.who("KEN")?,
        id,
        None,
        amendment,
        t0 + Duration::days(4),
    )
    .await
    .map_err(|e| anyhow!("demo accept: {e}"))?;
    delib::comment(
        state,
        &demo.who("CHN")?,
        id,
        None,
        None,
        "We support the 72-hour rule.",
        t0 + Duration::days(3),
    )
    .await
    .map_err(|e| anyhow!("demo comment: {e}"))?;
    demo.tick(t0 + Duration::days(6)).await?;
    let voting = t0 + Duration::days(6) + Duration::hours(1);
    let yes: Vec<(&str, &str)> = members.iter().take(24).map(|c| (*c, "yes")).collect();
    demo.votes(id, &yes, voting).await?;
    demo.votes(
        id,
        &[("SGP", "no"), ("ARE", "abstain"), ("SAU", "abstain")],
        voting,
    )
    .await?;
    demo.tick(t0 + Duration::days(8)).await?;
    waico_app::framework::assess_system(state, secretariat, "demo-public-chatbot")
        .await
        .map_err(|e| anyhow!("demo assessment after the amendment: {e}"))?;
    made += 1;

    // A resolution rejected by recorded vote.
    let t0 = now - Duration::days(80);
    let id = demo
        .table(
            "RUS",
            &input(
                "Common licence for all shared models",
                serde_json::json!({"kind": "resolution"}),
                "recorded_vote",
                "All models shared through the commons use one common licence.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(t0 + Duration::days(6)).await?;
    let voting = t0 + Duration::days(6) + Duration::hours(1);
    let no: Vec<(&str, &str)> = members
        .iter()
        .skip(3)
        .take(20)
        .map(|c| (*c, "no"))
        .collect();
    demo.votes(
        id,
        &[("RUS", "yes"), ("CHN", "yes"), ("DEU", "yes")],
        voting,
    )
    .await?;
    demo.votes(id, &no, voting).await?;
    demo.tick(t0 + Duration::days(8)).await?;
    delib::state_statement(
        state,
        &demo.who("BRA")?,
        id,
        None,
        StatementKind::Explanation,
        "Each commons repository keeps the licence its authors chose.",
        t0 + Duration::days(8),
    )
    .await
    .map_err(|e| anyhow!("demo explanation: {e}"))?;
    made += 1;

    // Consensus blocked by a formal objection.
    let t0 = now - Duration::days(70);
    let id = demo
        .table(
            "IND",
            &input(
                "Single global threshold for frontier models",
                serde_json::json!({"kind": "resolution"}),
                "consensus",
                "One compute threshold defines frontier models for every member.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(t0 + Duration::days(2)).await?;
    delib::state_statement(
        state,
        &demo.who("ZAF")?,
        id,
        None,
        StatementKind::Objection,
        "A single threshold ignores national capacity; thresholds should be set per region.",
        t0 + Duration::days(3),
    )
    .await
    .map_err(|e| anyhow!("demo objection: {e}"))?;
    demo.tick(t0 + Duration::days(8)).await?;
    made += 1;

    // A silence procedure that passed.
    let t0 = now - Duration::days(60);
    demo.table(
        "SEN",
        &input(
            "Working languages of the expert groups",
            serde_json::json!({"kind": "resolution"}),
            "silence",
            "Expert groups work in the six official languages of the Organization.",
            t0,
        ),
        t0,
    )
    .await?;
    demo.tick(t0 + Duration::days(8)).await?;
    made += 1;

    // The admission of Nepal, by consensus: it becomes a member.
    let t0 = now - Duration::days(50);
    demo.table(
        "BGD",
        &input(
            "Admission of Nepal",
            serde_json::json!({"kind": "admission", "state": "NPL"}),
            "consensus",
            "The Assembly admits Nepal as a member state.",
            t0,
        ),
        t0,
    )
    .await?;
    demo.tick(t0 + Duration::days(8)).await?;
    made += 1;

    // The council election: three seats, five candidates, STV.
    let t0 = now - Duration::days(40);
    let candidates = ["KEN", "BRA", "IDN", "EGY", "MEX"];
    let id = demo
        .table(
            "CHN",
            &input(
                "Election of the council",
                serde_json::json!({"kind": "election", "office": "council", "seats": 3, "candidates": candidates}),
                "ranked_choice",
                "The Assembly elects three states to the council for two years.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(t0 + Duration::days(6)).await?;
    let voting = t0 + Duration::days(6) + Duration::hours(2);
    let patterns: [&[u16]; 6] = [
        &[0, 1, 2],
        &[1, 0, 4],
        &[2, 3, 0],
        &[3, 2, 1],
        &[4, 1, 0],
        &[0, 2, 3],
    ];
    for (i, country) in members.iter().take(30).enumerate() {
        delib::rank(
            state,
            &demo.who(country)?,
            id,
            None,
            patterns[i % patterns.len()],
            voting,
        )
        .await
        .map_err(|e| anyhow!("demo ranking {country}: {e}"))?;
    }
    demo.tick(t0 + Duration::days(8)).await?;
    made += 1;

    // A secret-ballot vote: two trustees; the record is published and verifies.
    let t0 = now - Duration::days(30);
    let id = demo
        .table(
            "EGY",
            &input(
                "Budget of the capacity exchange for 2027",
                serde_json::json!({"kind": "resolution"}),
                "secret_ballot",
                "The Assembly approves the budget of the capacity exchange for 2027.",
                t0,
            ),
            t0,
        )
        .await?;
    let mut rng = rand::rngs::StdRng::from_entropy();
    let trustees: Vec<Trustee> = (1..=2).map(|i| Trustee::generate(i, &mut rng)).collect();
    let keys = trustees
        .iter()
        .map(|t| t.public_key(&format!("proposal-{id}"), &mut rng))
        .collect();
    let election = delib::open_election(state, secretariat, id, keys)
        .await
        .map_err(|e| anyhow!("demo election: {e}"))?;
    demo.tick(t0 + Duration::days(6)).await?;
    let voting = t0 + Duration::days(6) + Duration::hours(3);
    for (i, country) in members.iter().take(26).enumerate() {
        // yes, no, abstain as one-of-three selections.
        let selection: [u8; 3] = match i % 5 {
            0..=2 => [1, 0, 0],
            3 => [0, 1, 0],
            _ => [0, 0, 1],
        };
        let ballot = encrypt_ballot(&election, country, &selection, &mut rng)
            .map_err(|e| anyhow!("demo ballot: {e}"))?;
        delib::cast_secret_ballot(state, &demo.who(country)?, id, None, &ballot, voting)
            .await
            .map_err(|e| anyhow!("demo secret ballot {country}: {e}"))?;
    }
    let tally = delib::encrypted_tally(state, id)
        .await
        .map_err(|e| anyhow!("demo tally: {e}"))?;
    let shares = trustees
        .iter()
        .map(|t| t.decrypt_tally(&election, &tally, &mut rng))
        .collect();
    delib::record_secret_tally(state, secretariat, id, shares, t0 + Duration::days(8))
        .await
        .map_err(|e| anyhow!("demo decryption: {e}"))?;
    demo.tick(t0 + Duration::days(8)).await?;
    made += 1;

    // Open proposals to act on: voting now, in negotiation, in consultation, a draft.
    let t0 = now - Duration::days(6) - Duration::hours(12);
    let id = demo
        .table(
            "GHA",
            &input(
                "Fellowships for researchers from least developed countries",
                serde_json::json!({"kind": "resolution"}),
                "recorded_vote",
                "Half of the fellowships of each round go to researchers from least developed countries.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(now).await?;
    demo.votes(
        id,
        &[("GHA", "yes"), ("RWA", "yes"), ("PAK", "abstain")],
        now,
    )
    .await?;
    made += 1;
    let t0 = now - Duration::days(3);
    let id = demo
        .table(
            "ARG",
            &input(
                "Open datasets in Spanish and Portuguese",
                serde_json::json!({"kind": "resolution"}),
                "consensus",
                "Members share open datasets in Spanish and Portuguese.\n\nThe secretariat reports on them each year.",
                t0,
            ),
            t0,
        )
        .await?;
    demo.tick(now).await?;
    delib::comment(
        state,
        &demo.who("MEX")?,
        id,
        None,
        None,
        "Mexico will contribute two datasets.",
        now,
    )
    .await
    .map_err(|e| anyhow!("demo comment: {e}"))?;
    made += 1;
    demo.table(
        "QAT",
        &input(
            "Arabic language models in the commons",
            serde_json::json!({"kind": "resolution"}),
            "recorded_vote",
            "Members publish Arabic language models in the commons.",
            now,
        ),
        now,
    )
    .await?;
    made += 1;
    let draft = delib::propose(
        state,
        &demo.who("VNM")?,
        &input(
            "Shared evaluation suite for Southeast Asian languages",
            serde_json::json!({"kind": "resolution"}),
            "consensus",
            "Members build one evaluation suite for Southeast Asian languages.",
            now,
        ),
        now,
    )
    .await
    .map_err(|e| anyhow!("demo draft: {e}"))?;
    delib::co_sponsor(state, &demo.who("THA")?, draft.row.id, None, now)
        .await
        .map_err(|e| anyhow!("demo co-sponsor: {e}"))?;
    made += 1;
    state.directory.invalidate();
    Ok(made)
}
