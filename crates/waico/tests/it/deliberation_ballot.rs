//! A secret ballot cast from the proposal page: the delegate downloads the
//! election, encrypts the choice with `waico deliberation encrypt` (a real
//! process), pastes the ballot into the page and gets its tracker; a ballot
//! that is not one, or one for another state, is refused with a message;
//! after the trustees decrypt, `waico deliberation verify` passes on the
//! published record, which holds the page's ballot by its tracker.

use std::process::Command;

use time::{Duration, OffsetDateTime};
use waico_app::deliberation::{self as delib, ProposeInput};
use waico_deliberation::Stage;
use waico_deliberation::secret::{Trustee, encrypt_ballot};
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

use crate::app::{TestApp, csrf_of, sign_in};

fn delegate_of(id: i64, country: &str) -> Actor {
    Actor::User {
        id,
        grants: vec![RoleGrant::Delegate {
            country: CountryCode::parse(country).unwrap(),
        }],
        can_write: true,
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn waico(args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_waico"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_ballot_made_by_the_shell_is_cast_from_the_page_and_verifies() {
    let app = TestApp::spawn().await;
    let s = &app.state;
    for c in ["KEN", "NGA", "BRA"] {
        app.admit(c, MemberStatus::Member).await;
    }
    let kenya = RoleGrant::Delegate {
        country: CountryCode::parse("KEN").unwrap(),
    };
    let user = app
        .user("kenya", "a long delegate password", &[kenya])
        .await;
    let ken = waico_app::accounts::actor_of(&user);
    let admin = Actor::User {
        id: 1,
        grants: vec![RoleGrant::SecretariatAdmin],
        can_write: true,
    };
    // Open for voting now by the real clock, closing in half an hour.
    let t0 = OffsetDateTime::now_utc() - Duration::minutes(150);
    let input = ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: "A secret vote on the commons licence".into(),
        kind: serde_json::json!({"kind": "resolution"}),
        procedure: "secret_ballot".into(),
        text: "The Assembly adopts one licence for the commons.".into(),
        consultation_until: rfc3339(t0 + Duration::hours(1)),
        negotiation_until: rfc3339(t0 + Duration::hours(2)),
        amendment_votes_until: rfc3339(t0 + Duration::hours(2)),
        decision_until: rfc3339(t0 + Duration::hours(3)),
    };
    let id = delib::propose(s, &ken, &input, t0).await.unwrap().row.id;
    delib::submit(s, &ken, id, None, false, t0).await.unwrap();
    delib::run_scheduler(s, OffsetDateTime::now_utc())
        .await
        .unwrap();
    assert_eq!(
        delib::get(s, id).await.unwrap().proposal.stage(),
        Stage::Decision
    );
    let mut rng = rand::thread_rng();
    let trustees: Vec<Trustee> = (1..=2).map(|i| Trustee::generate(i, &mut rng)).collect();
    let keys = trustees
        .iter()
        .map(|t| t.public_key(&format!("proposal-{id}"), &mut rng))
        .collect();
    let public = delib::open_election(s, &admin, id, keys).await.unwrap();

    // The election as the page links it, encrypted by the shell.
    let dir = tempfile::tempdir().unwrap();
    let election = reqwest::get(app.url(&format!("/api/v1/deliberation/proposals/{id}/election")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let election_file = dir.path().join("election.json");
    std::fs::write(&election_file, &election).unwrap();
    let encrypt = |choice: &str, state: &str| {
        waico(&[
            "deliberation".as_ref(),
            "encrypt".as_ref(),
            election_file.as_os_str(),
            choice.as_ref(),
            "--as".as_ref(),
            state.as_ref(),
        ])
    };
    let (ok, ballot, err) = encrypt("yes", "KEN");
    assert!(ok, "{err}");
    let tracker = err
        .lines()
        .find(|l| l.starts_with("ballot tracker"))
        .and_then(|l| l.rsplit(": ").next())
        .unwrap_or_default()
        .trim()
        .to_owned();
    assert_eq!(tracker.len(), 64, "{err}");
    let (ok, _, err) = encrypt("maybe", "KEN");
    assert!(!ok && err.contains("not a choice"), "{err}");

    // Pasted into the page.
    let client = sign_in(&app, "kenya", "a long delegate password").await;
    let page = client
        .get(app.url(&format!("/deliberation/proposals/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("action=\"/deliberation/proposals/{id}/ballot\"")));
    let csrf = csrf_of(&page);
    let post = |ballot: String| {
        let client = client.clone();
        let csrf = csrf.clone();
        let url = app.url(&format!("/deliberation/proposals/{id}/ballot"));
        async move {
            let r = client
                .post(url)
                .form(&[("csrf", csrf.as_str()), ("ballot", ballot.as_str())])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    // Not a ballot: the form again, 422, with the message.
    let (status, html) = post("{\"voter\": \"KEN\"}".into()).await;
    assert_eq!(status, 422);
    assert!(html.contains("Paste the ballot exactly"), "{html}");
    // A ballot for another state: refused.
    let (ok, nigeria, err) = encrypt("no", "NGA");
    assert!(ok, "{err}");
    let (status, _) = post(nigeria).await;
    assert_eq!(status, 403);
    // Kenya's: cast, and the confirmation shows the tracker.
    let (status, html) = post(ballot).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&tracker), "{html}");
    assert_eq!(delib::secret_voters(s, id).await.unwrap(), ["KEN"]);

    // Two more states vote through the operation; the trustees decrypt
    // after the close; the record verifies in the shell.
    let now = OffsetDateTime::now_utc();
    for (i, (c, sel)) in [("NGA", [0u8, 1, 0]), ("BRA", [1, 0, 0])]
        .into_iter()
        .enumerate()
    {
        let b = encrypt_ballot(&public, c, &sel, &mut rng).unwrap();
        delib::cast_secret_ballot(s, &delegate_of(30 + i as i64, c), id, None, &b, now)
            .await
            .unwrap();
    }
    let closed = t0 + Duration::hours(3);
    let tally = delib::encrypted_tally(s, id).await.unwrap();
    let shares = trustees
        .iter()
        .map(|t| t.decrypt_tally(&public, &tally, &mut rng))
        .collect();
    let counted = delib::record_secret_tally(s, &admin, id, shares, closed)
        .await
        .unwrap();
    assert_eq!(counted.counts, [2, 1, 0]);
    delib::run_scheduler(s, closed).await.unwrap();
    assert_eq!(
        delib::get(s, id).await.unwrap().proposal.stage(),
        Stage::Adopted
    );
    let view: serde_json::Value =
        reqwest::get(app.url(&format!("/api/v1/deliberation/proposals/{id}/election")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let record = &view["record"];
    assert!(
        record["ballots"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["tracker"] == tracker.as_str()),
        "the page's ballot is in the record by its tracker"
    );
    let record_file = dir.path().join("record.json");
    std::fs::write(&record_file, record.to_string()).unwrap();
    let (ok, out, err) = waico(&[
        "deliberation".as_ref(),
        "verify".as_ref(),
        record_file.as_os_str(),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("verified: 3 ballots"), "{out}");
    assert!(out.contains("yes: 2"), "{out}");
}

/// For the CSRF test of the page forms: a secret vote open now by the real
/// clock (KEN a member, whose delegate the form's user already is), and a
/// ballot of KEN for it, as the page's paste form takes it.
pub async fn secret_vote_for_forms(app: &TestApp) -> (i64, String) {
    let s = &app.state;
    app.admit("KEN", MemberStatus::Member).await;
    let ken = delegate_of(78, "KEN");
    let t0 = OffsetDateTime::now_utc() - Duration::hours(3);
    let input = ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: "A secret vote for the forms".into(),
        kind: serde_json::json!({"kind": "resolution"}),
        procedure: "secret_ballot".into(),
        text: "The Assembly decides in secret.".into(),
        consultation_until: rfc3339(t0 + Duration::hours(1)),
        negotiation_until: rfc3339(t0 + Duration::hours(2)),
        amendment_votes_until: rfc3339(t0 + Duration::hours(2)),
        decision_until: rfc3339(t0 + Duration::days(2)),
    };
    let id = delib::propose(s, &ken, &input, t0).await.unwrap().row.id;
    delib::submit(s, &ken, id, None, false, t0).await.unwrap();
    delib::run_scheduler(s, OffsetDateTime::now_utc())
        .await
        .unwrap();
    let mut rng = rand::thread_rng();
    let keys = (1..=2)
        .map(|i| Trustee::generate(i, &mut rng).public_key(&format!("proposal-{id}"), &mut rng))
        .collect();
    let admin = Actor::User {
        id: 1,
        grants: vec![RoleGrant::SecretariatAdmin],
        can_write: true,
    };
    let public = delib::open_election(s, &admin, id, keys).await.unwrap();
    let ballot = encrypt_ballot(&public, "KEN", &[1, 0, 0], &mut rng).unwrap();
    (id, serde_json::to_string(&ballot).unwrap())
}
