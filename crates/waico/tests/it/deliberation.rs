//! Deliberation on a real node, on SQLite and PostgreSQL: a recorded vote
//! from draft to decision (observers speak but do not vote, suspended
//! states and other states' delegates are refused, a vote changes until the
//! close and not after it by the server clock), effects exactly once when
//! the scheduler runs twice, when two schedulers on two connections race,
//! and after a restart mid-way, an election that seats its winners, a
//! secret ballot that verifies and fails when altered, and the ledger
//! verifying after every scenario.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};
use waico::ledger::{VerifyOptions, verify};
use waico_app::deliberation::{self as delib, ProposeInput, StatementKind};
use waico_app::ledger::{Ledger, LedgerSettings};
use waico_app::{AppState, OpError};
use waico_deliberation::secret::{Trustee, encrypt_ballot};
use waico_deliberation::{Stage, verify_election};
use waico_ledger::SignerKey;
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

use crate::app::{Backend, TestApp, backends, fresh_postgres};

fn delegate_of(id: i64, country: &str) -> Actor {
    Actor::User {
        id,
        grants: vec![RoleGrant::Delegate {
            country: CountryCode::parse(country).unwrap(),
        }],
        can_write: true,
    }
}

fn admin() -> Actor {
    Actor::User {
        id: 1,
        grants: vec![RoleGrant::SecretariatAdmin],
        can_write: true,
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A proposal whose consultation ends at t0+1h, negotiation at +2h,
/// amendment votes at +2h and decision at +3h.
fn input(kind: serde_json::Value, procedure: &str, t0: OffsetDateTime) -> ProposeInput {
    ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: "Open models for public health".into(),
        kind,
        procedure: procedure.into(),
        text: "The Assembly recalls the Shanghai declaration.\n\nMembers share open models.".into(),
        consultation_until: rfc3339(t0 + Duration::hours(1)),
        negotiation_until: rfc3339(t0 + Duration::hours(2)),
        amendment_votes_until: rfc3339(t0 + Duration::hours(2)),
        decision_until: rfc3339(t0 + Duration::hours(3)),
    }
}

async fn seat_states(app: &TestApp) {
    for c in ["KEN", "NGA", "BRA", "IND"] {
        app.admit(c, MemberStatus::Member).await;
    }
    app.admit("QAT", MemberStatus::Observer).await;
    app.admit("ZAF", MemberStatus::Suspended).await;
}

async fn ledger_verifies(app: &TestApp) {
    app.state.ledger.checkpoint_now().await.unwrap();
    verify(&VerifyOptions {
        url: app.base.clone(),
        key: app.state.ledger.verifier().to_key_string(),
        state: app
            ._dir
            .path()
            .join(format!("verify-{}.json", rand::random::<u32>())),
        ..Default::default()
    })
    .await
    .unwrap();
}

async fn decisions_in_ledger(state: &AppState) -> u64 {
    state.store.ledger_count(Some("generic")).await.unwrap()
}

#[tokio::test]
async fn a_recorded_vote_runs_from_draft_to_a_recorded_decision() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        seat_states(&app).await;
        let s = &app.state;
        let t0 = OffsetDateTime::now_utc();
        let (ken, nga, bra, ind) = (
            delegate_of(11, "KEN"),
            delegate_of(12, "NGA"),
            delegate_of(13, "BRA"),
            delegate_of(14, "IND"),
        );
        let (qat, zaf) = (delegate_of(15, "QAT"), delegate_of(16, "ZAF"));
        let p = delib::propose(
            s,
            &ken,
            &input(
                serde_json::json!({"kind": "resolution"}),
                "recorded_vote",
                t0,
            ),
            t0,
        )
        .await
        .unwrap();
        let id = p.row.id;
        assert_eq!(p.proposal.stage(), Stage::Draft);
        // Anonymous and a delegate acting for another state are refused.
        assert!(matches!(
            delib::co_sponsor(s, &Actor::Anonymous, id, None, t0).await,
            Err(OpError::Unauthenticated)
        ));
        assert!(matches!(
            delib::co_sponsor(s, &nga, id, Some("BRA"), t0).await,
            Err(OpError::Forbidden)
        ));
        delib::co_sponsor(s, &nga, id, None, t0).await.unwrap();
        // Only the author submits.
        assert!(delib::submit(s, &nga, id, None, false, t0).await.is_err());
        delib::submit(s, &ken, id, None, false, t0).await.unwrap();
        // An observer speaks; a suspended state does not.
        delib::comment(s, &qat, id, None, None, "We support this.", t0)
            .await
            .unwrap();
        assert!(
            delib::comment(s, &zaf, id, None, None, "Objection.", t0)
                .await
                .is_err()
        );

        // Deadlines: the scheduler opens negotiation at +1h.
        let run = delib::run_scheduler(s, t0 + Duration::minutes(61))
            .await
            .unwrap();
        assert_eq!(run.transitions, 1);
        let (_, amendment) = delib::amend(
            s,
            &bra,
            id,
            None,
            1,
            "Members share open models and data.",
            t0 + Duration::minutes(62),
        )
        .await
        .unwrap();
        delib::accept_amendment(s, &ken, id, None, amendment, t0 + Duration::minutes(63))
            .await
            .unwrap();
        let at_decision = t0 + Duration::minutes(121);
        delib::run_scheduler(s, at_decision).await.unwrap();
        let p = delib::get(s, id).await.unwrap();
        assert_eq!(p.proposal.stage(), Stage::Decision);
        assert_eq!(p.proposal.versions().len(), 2);

        // Votes: a vote changes until the close; observers, suspended
        // states and other states' delegates do not vote.
        delib::vote(s, &ken, id, None, "yes", at_decision)
            .await
            .unwrap();
        delib::vote(s, &nga, id, None, "yes", at_decision)
            .await
            .unwrap();
        delib::vote(s, &bra, id, None, "no", at_decision)
            .await
            .unwrap();
        delib::vote(s, &bra, id, None, "yes", at_decision + Duration::minutes(5))
            .await
            .unwrap();
        delib::vote(s, &ind, id, None, "abstain", at_decision)
            .await
            .unwrap();
        assert!(
            delib::vote(s, &qat, id, None, "no", at_decision)
                .await
                .is_err()
        );
        assert!(
            delib::vote(s, &zaf, id, None, "no", at_decision)
                .await
                .is_err()
        );
        assert!(matches!(
            delib::vote(s, &ken, id, Some("IND"), "no", at_decision).await,
            Err(OpError::Forbidden)
        ));
        let closed = t0 + Duration::hours(3);
        assert!(delib::vote(s, &ind, id, None, "no", closed).await.is_err());
        assert_eq!(
            delib::pending_for(s, &ind, at_decision)
                .await
                .unwrap()
                .len(),
            0,
            "IND has voted"
        );
        // No decision before the deadline, one at it, none again after.
        delib::run_scheduler(s, closed - Duration::seconds(1))
            .await
            .unwrap();
        assert_eq!(decisions_in_ledger(s).await, 0);
        let first = delib::run_scheduler(s, closed).await.unwrap();
        let second = delib::run_scheduler(s, closed + Duration::minutes(1))
            .await
            .unwrap();
        assert_eq!(first.decided, [id]);
        assert_eq!(second, delib::SchedulerRun::default());
        assert_eq!(decisions_in_ledger(s).await, 1);
        let p = delib::get(s, id).await.unwrap();
        assert_eq!(p.proposal.stage(), Stage::Adopted);
        assert_eq!(p.row.ledger_index, Some(0));
        let roll_call = p.proposal.roll_call().unwrap();
        let yes: Vec<&str> = roll_call
            .iter()
            .filter(|(_, c)| c.slug() == "yes")
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(yes, ["BRA", "KEN", "NGA"]);
        // An explanation of vote after the decision.
        delib::state_statement(
            s,
            &ind,
            id,
            None,
            StatementKind::Explanation,
            "We abstained pending a cost study.",
            closed,
        )
        .await
        .unwrap();
        ledger_verifies(&app).await;
    }
}

/// Sixty delegates voting in the same instant are all accepted, on both
/// databases: within a process they take turns on the proposal instead of
/// racing for its row until some are told to try again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_cast_at_once_are_all_accepted() {
    let states: Vec<String> = waico_members::country::Countries::get()
        .all()
        .iter()
        .filter(|c| c.un_member)
        .take(60)
        .map(|c| c.alpha3.as_str().to_owned())
        .collect();
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        for c in &states {
            app.admit(c, MemberStatus::Member).await;
        }
        let s = &app.state;
        let t0 = OffsetDateTime::now_utc();
        let author = delegate_of(100, &states[0]);
        let kind = serde_json::json!({"kind": "resolution"});
        let p = delib::propose(s, &author, &input(kind, "recorded_vote", t0), t0)
            .await
            .unwrap();
        let id = p.row.id;
        delib::submit(s, &author, id, None, false, t0)
            .await
            .unwrap();
        delib::run_scheduler(s, t0 + Duration::minutes(61))
            .await
            .unwrap();
        let at_decision = t0 + Duration::minutes(121);
        delib::run_scheduler(s, at_decision).await.unwrap();
        let votes = states.iter().enumerate().map(|(i, c)| {
            let (s, actor) = (s.clone(), delegate_of(100 + i as i64, c));
            let choice = ["yes", "no", "abstain"][i % 3];
            tokio::spawn(
                async move { delib::vote(&s, &actor, id, None, choice, at_decision).await },
            )
        });
        for (vote, c) in futures::future::join_all(votes)
            .await
            .into_iter()
            .zip(&states)
        {
            assert!(vote.unwrap().is_ok(), "{c}'s vote is accepted");
        }
        assert_eq!(s.proposal_writers.busy(), 0);
        delib::run_scheduler(s, t0 + Duration::hours(3))
            .await
            .unwrap();
        let p = delib::get(s, id).await.unwrap();
        let roll_call = p.proposal.roll_call().unwrap();
        assert_eq!(roll_call.len(), states.len(), "one vote per state");
        let yes = roll_call.iter().filter(|(_, c)| c.slug() == "yes").count();
        assert_eq!(yes, states.len() / 3);
    }
}

/// A connection of its own to the database, as each process has; all
/// sign checkpoints with the node's one key.
async fn open_again(url: &str, dir: &std::path::Path, key: &SignerKey) -> AppState {
    let store = waico_store::Store::connect(url).await.unwrap();
    let artifacts = waico_store::artifacts::open(&dir.join("artifacts"), None).unwrap();
    let ledger = Ledger::new(store.clone(), key.clone(), LedgerSettings::default());
    AppState::new(
        store,
        Arc::clone(&artifacts),
        waico_app::Settings::default(),
    )
    .with_ledger(ledger)
}

#[tokio::test]
async fn an_admission_takes_effect_once_with_racing_schedulers_and_a_restart() {
    for backend in backends() {
        let dir = tempfile::tempdir().unwrap();
        let url = match &backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("race.db").display()),
            Backend::Postgres(base) => fresh_postgres(base).await,
        };
        let key = SignerKey::generate("waico.localhost/race").unwrap();
        let first = open_again(&url, dir.path(), &key).await;
        first.store.migrate().await.unwrap();
        for c in ["KEN", "NGA", "BRA"] {
            first
                .store
                .set_membership(
                    CountryCode::parse(c).unwrap(),
                    MemberStatus::Member,
                    time::macros::date!(2025 - 07 - 26),
                )
                .await
                .unwrap();
        }
        let t0 = OffsetDateTime::now_utc();
        let ken = delegate_of(11, "KEN");
        let eth = CountryCode::parse("ETH").unwrap();
        let p = delib::propose(
            &first,
            &ken,
            &input(
                serde_json::json!({"kind": "admission", "state": "ETH"}),
                "consensus",
                t0,
            ),
            t0,
        )
        .await
        .unwrap();
        let id = p.row.id;
        delib::submit(&first, &ken, id, None, false, t0)
            .await
            .unwrap();
        delib::run_scheduler(&first, t0 + Duration::minutes(61))
            .await
            .unwrap();
        // "Restart": the first process goes away mid-way.
        first.store.close().await;
        let a = open_again(&url, dir.path(), &key).await;
        let b = open_again(&url, dir.path(), &key).await;
        delib::run_scheduler(&a, t0 + Duration::minutes(150))
            .await
            .unwrap();
        assert_eq!(
            delib::get(&a, id).await.unwrap().proposal.stage(),
            Stage::Decision
        );
        assert!(
            a.store.membership(eth).await.unwrap().is_none(),
            "no effect before adoption"
        );

        let closed = t0 + Duration::hours(3);
        let (ra, rb) = tokio::join!(
            delib::run_scheduler(&a, closed),
            delib::run_scheduler(&b, closed)
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        assert_eq!(
            ra.decided.len() + rb.decided.len(),
            1,
            "one of the two decides: {ra:?} {rb:?}"
        );
        for _ in 0..2 {
            delib::run_scheduler(&b, closed + Duration::minutes(1))
                .await
                .unwrap();
        }
        assert_eq!(decisions_in_ledger(&a).await, 1);
        assert_eq!(
            a.store.ledger_count(Some("member_admitted")).await.unwrap(),
            1
        );
        assert_eq!(
            a.store.membership(eth).await.unwrap().unwrap().status,
            MemberStatus::Member
        );
        let log = a.store.proposal_transitions(id).await.unwrap();
        let names: Vec<&str> = log.iter().map(|t| t.transition.as_str()).collect();
        assert_eq!(
            names,
            ["submit", "begin_negotiation", "open_decision", "close"]
        );
        let served = TestApp::serve(a, dir).await;
        ledger_verifies(&served).await;
    }
}

#[tokio::test]
async fn an_stv_election_seats_its_winners_and_a_secret_ballot_verifies() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        seat_states(&app).await;
        let s = &app.state;
        let t0 = OffsetDateTime::now_utc();
        delib::create_body(
            s,
            &admin(),
            &delib::BodyInput {
                slug: "council".into(),
                kind: "council".into(),
                rules: None,
                seats: vec![],
            },
        )
        .await
        .unwrap();
        assert!(
            delib::create_body(
                s,
                &delegate_of(11, "KEN"),
                &delib::BodyInput {
                    slug: "other".into(),
                    kind: "council".into(),
                    rules: None,
                    seats: vec![],
                },
            )
            .await
            .is_err()
        );
        let states = ["KEN", "NGA", "BRA", "IND"];
        let delegates: Vec<Actor> = states
            .iter()
            .enumerate()
            .map(|(i, c)| delegate_of(20 + i as i64, c))
            .collect();
        let election = serde_json::json!({
            "kind": "election", "office": "council", "seats": 2,
            "candidates": ["KEN", "BRA", "IND"]
        });
        let stv = delib::propose(
            s,
            &delegates[0],
            &input(election.clone(), "ranked_choice", t0),
            t0,
        )
        .await
        .unwrap()
        .row
        .id;
        let secret = delib::propose(
            s,
            &delegates[0],
            &input(
                serde_json::json!({"kind": "resolution"}),
                "secret_ballot",
                t0,
            ),
            t0,
        )
        .await
        .unwrap()
        .row
        .id;
        for id in [stv, secret] {
            delib::submit(s, &delegates[0], id, None, false, t0)
                .await
                .unwrap();
        }
        let voting = t0 + Duration::minutes(121);
        delib::run_scheduler(s, voting).await.unwrap();

        // Ranked ballots: KEN first on three, BRA on one; IND second often.
        let rankings: [&[u16]; 4] = [&[0, 2], &[0, 2, 1], &[1, 2], &[0, 1]];
        for (d, r) in delegates.iter().zip(rankings) {
            delib::rank(s, d, stv, None, r, voting).await.unwrap();
        }

        // The secret vote: two trustees, four ballots.
        let mut rng = rand::thread_rng();
        let trustees: Vec<Trustee> = (1..=2).map(|i| Trustee::generate(i, &mut rng)).collect();
        let keys = trustees
            .iter()
            .map(|t| t.public_key(&format!("proposal-{secret}"), &mut rng))
            .collect();
        let public = delib::open_election(s, &admin(), secret, keys)
            .await
            .unwrap();
        // yes, yes, no, yes
        let selections: [[u8; 3]; 4] = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [1, 0, 0]];
        let mut trackers = Vec::new();
        for ((d, c), sel) in delegates.iter().zip(states).zip(selections) {
            let ballot = encrypt_ballot(&public, c, &sel, &mut rng).unwrap();
            trackers.push(
                delib::cast_secret_ballot(s, d, secret, None, &ballot, voting)
                    .await
                    .unwrap(),
            );
        }
        // A ballot in another state's name is refused.
        let forged = encrypt_ballot(&public, "NGA", &[0, 1, 0], &mut rng).unwrap();
        assert!(
            delib::cast_secret_ballot(s, &delegates[0], secret, None, &forged, voting)
                .await
                .is_err()
        );
        assert_eq!(
            delib::secret_voters(s, secret).await.unwrap(),
            ["BRA", "IND", "KEN", "NGA"]
        );
        let closed = t0 + Duration::hours(3);
        // No tally before the close.
        let tally = delib::encrypted_tally(s, secret).await.unwrap();
        let shares: Vec<_> = trustees
            .iter()
            .map(|t| t.decrypt_tally(&public, &tally, &mut rng))
            .collect();
        assert!(
            delib::record_secret_tally(s, &admin(), secret, shares.clone(), voting)
                .await
                .is_err()
        );
        let counted = delib::record_secret_tally(s, &admin(), secret, shares, closed)
            .await
            .unwrap();
        assert_eq!(counted.counts, [3, 1, 0]);

        let run = delib::run_scheduler(s, closed).await.unwrap();
        assert_eq!(run.decided.len(), 2);
        let council = delib::load_body(s, "council").await.unwrap();
        let seated: Vec<&str> = council.seats().map(|(c, _)| c.as_str()).collect();
        let p = delib::get(s, stv).await.unwrap();
        assert_eq!(p.proposal.stage(), Stage::Adopted);
        assert_eq!(seated.len(), 2, "two seats filled: {seated:?}");
        assert!(seated.contains(&"KEN"));
        assert_eq!(
            delib::get(s, secret).await.unwrap().proposal.stage(),
            Stage::Adopted
        );

        // The published record verifies; altered, it does not.
        let record = delib::election_record(s, secret).await.unwrap();
        assert_eq!(verify_election(&record).unwrap().counts, [3, 1, 0]);
        let json = serde_json::to_value(&record).unwrap();
        let tracker = json["ballots"][0]["tracker"].as_str().unwrap().to_owned();
        assert!(trackers.contains(&tracker));
        let altered = |path: &[&str], value: serde_json::Value| {
            let mut json = json.clone();
            let mut at = &mut json;
            for key in path {
                at = match key.parse::<usize>() {
                    Ok(i) => &mut at[i],
                    Err(_) => &mut at[*key],
                };
            }
            *at = value;
            serde_json::from_value::<waico_deliberation::ElectionRecord>(json).unwrap()
        };
        // A ballot moved to another voter, or an announced count changed.
        assert!(verify_election(&altered(&["ballots", "0", "voter"], "ETH".into())).is_err());
        assert!(verify_election(&altered(&["tally", "0"], 4.into())).is_err());
        assert_eq!(decisions_in_ledger(s).await, 2);
        ledger_verifies(&app).await;
    }
}

/// For the CSRF test of the page forms: KEN a member and `user` its
/// delegate too; answers a proposal in consultation and one whose
/// recorded vote is open by the real clock.
pub async fn proposals_for_forms(app: &TestApp, user: i64) -> (i64, i64) {
    app.admit("KEN", MemberStatus::Member).await;
    let kenya = RoleGrant::Delegate {
        country: CountryCode::parse("KEN").unwrap(),
    };
    app.state.store.grant_role(user, &kenya).await.unwrap();
    let ken = delegate_of(77, "KEN");
    let now = OffsetDateTime::now_utc();
    let resolution = serde_json::json!({"kind": "resolution"});
    let p = delib::propose(
        &app.state,
        &ken,
        &input(resolution.clone(), "consensus", now),
        now,
    )
    .await
    .unwrap();
    delib::submit(&app.state, &ken, p.row.id, None, false, now)
        .await
        .unwrap();
    let t0 = now - Duration::hours(3);
    let voting = ProposeInput {
        decision_until: rfc3339(now + Duration::days(2)),
        ..input(resolution, "recorded_vote", t0)
    };
    let v = delib::propose(&app.state, &ken, &voting, t0).await.unwrap();
    delib::submit(&app.state, &ken, v.row.id, None, false, t0)
        .await
        .unwrap();
    delib::run_scheduler(&app.state, now).await.unwrap();
    (p.row.id, v.row.id)
}

/// The Atom feed parses as XML in the Atom namespace (Python's standard
/// parser) with the title intact, and the iCalendar feed keeps RFC 5545's
/// shape: CRLF lines of at most 75 octets, balanced components, text
/// escaped so that unfolding and unescaping gives the title back.
#[tokio::test]
async fn the_feeds_parse_and_keep_titles_intact() {
    let app = TestApp::spawn().await;
    seat_states(&app).await;
    let s = &app.state;
    let ken = delegate_of(11, "KEN");
    let t0 = OffsetDateTime::now_utc();
    let title =
        "Données & <modèles>; \"open\", 'free' \\ نماذج مفتوحة للصحة العامة في جميع الدول الأعضاء";
    let mut decided = input(serde_json::json!({"kind": "resolution"}), "consensus", t0);
    decided.title = title.into();
    let id = delib::propose(s, &ken, &decided, t0).await.unwrap().row.id;
    delib::submit(s, &ken, id, None, false, t0).await.unwrap();
    let open = delib::propose(s, &ken, &decided, t0).await.unwrap().row.id;
    delib::submit(s, &ken, open, None, false, t0).await.unwrap();
    // Decide the first only: the second is withdrawn from the clock's way.
    delib::submit(s, &ken, open, None, true, t0).await.unwrap();
    let second = delib::propose(s, &ken, &decided, t0).await.unwrap().row.id;
    delib::submit(s, &ken, second, None, false, t0)
        .await
        .unwrap();
    let run = delib::run_scheduler(s, t0 + Duration::hours(3))
        .await
        .unwrap();
    assert_eq!(run.decided.len(), 2);
    let later = delib::propose(
        s,
        &ken,
        &ProposeInput {
            title: title.into(),
            ..input(
                serde_json::json!({"kind": "resolution"}),
                "consensus",
                t0 + Duration::days(1),
            )
        },
        t0,
    )
    .await
    .unwrap()
    .row
    .id;

    let atom = reqwest::get(app.url("/api/v1/deliberation/decisions.atom"))
        .await
        .unwrap();
    assert!(
        atom.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let atom = atom.text().await.unwrap();
    let check = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, xml.etree.ElementTree as ET\n\
             root = ET.fromstring(sys.stdin.buffer.read())\n\
             ns = '{http://www.w3.org/2005/Atom}'\n\
             assert root.tag == ns + 'feed', root.tag\n\
             for tag in ('id', 'title', 'updated'): assert root.find(ns + tag) is not None, tag\n\
             entries = root.findall(ns + 'entry')\n\
             for e in entries: print(e.find(ns + 'title').text)\n",
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(atom.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(check.status.success(), "{atom}");
    let titles = String::from_utf8(check.stdout).unwrap();
    assert_eq!(titles.lines().collect::<Vec<_>>(), [title, title], "{atom}");

    let ics = reqwest::get(app.url("/api/v1/deliberation/deadlines.ics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains('\n'));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
    }
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    let begins = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
    assert_eq!(begins, lines.iter().filter(|l| **l == "END:VEVENT").count());
    // Only the draft still has deadlines: four of them.
    assert_eq!(begins, 4, "{unfolded}");
    let unescape = |v: &str| {
        v.replace("\\;", ";")
            .replace("\\,", ",")
            .replace("\\n", "\n")
            .replace("\\\\", "\\")
    };
    let summaries: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("SUMMARY:"))
        .map(unescape)
        .collect();
    assert!(
        summaries
            .iter()
            .all(|s| s.starts_with(title) && s.ends_with("ends)")),
        "{summaries:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("UID:proposal-{later}-decision@")))
    );
}
