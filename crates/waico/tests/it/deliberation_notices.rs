//! Notices to delegates: who gets which (voters when a vote opens, those
//! whose state has not voted when it closes within a day, every seated
//! state's delegates when the result is published), each once however often
//! the scheduler looks; then two real `waico serve` processes sharing one
//! database mail them through a real SMTP server (`aiosmtpd`) without
//! sending any twice, and the pending page lists them.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use time::{Duration, OffsetDateTime};
use waico_app::AppState;
use waico_app::accounts::{self, UserInput};
use waico_app::deliberation::notices::{self, DEADLINE, DECISION_OPEN, RESULT};
use waico_app::deliberation::{self as delib, ProposeInput};
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

use crate::app::{TestApp, sign_in_at};

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn input(t0: OffsetDateTime, steps: [Duration; 3]) -> ProposeInput {
    ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: "Shared compute for health research".into(),
        kind: serde_json::json!({"kind": "resolution"}),
        procedure: "recorded_vote".into(),
        text: "Members pool compute for public health research.".into(),
        consultation_until: rfc3339(t0 + steps[0]),
        negotiation_until: rfc3339(t0 + steps[1]),
        amendment_votes_until: rfc3339(t0 + steps[1]),
        decision_until: rfc3339(t0 + steps[2]),
    }
}

/// A delegate of `country` in the store; answers (user, actor).
async fn delegate(store: &waico_store::Store, name: &str, country: &str) -> (i64, Actor) {
    let grants = [RoleGrant::Delegate {
        country: CountryCode::parse(country).unwrap(),
    }];
    let user = accounts::create_user_in(
        store,
        &UserInput {
            username: name.into(),
            display_name: name.into(),
            email: format!("{name}@test.waico.org"),
            password: "a long delegate password".into(),
            country: country.into(),
            institution_id: None,
            language: "en".into(),
        },
        &grants,
    )
    .await
    .unwrap();
    let actor = accounts::actor_of(&user);
    (user.id, actor)
}

async fn events_of(state: &AppState, user: i64) -> Vec<(i64, String)> {
    let mut got: Vec<(i64, String)> = state
        .store
        .notices_for(user, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.proposal_id, n.event))
        .collect();
    got.sort();
    got
}

#[tokio::test]
async fn notices_go_to_the_delegates_who_should_act_once() {
    let app = TestApp::spawn().await;
    let s = &app.state;
    for c in ["KEN", "NGA"] {
        app.admit(c, MemberStatus::Member).await;
    }
    app.admit("QAT", MemberStatus::Observer).await;
    let (ken, ken_actor) = delegate(&s.store, "kendelegate", "KEN").await;
    let (nga, _) = delegate(&s.store, "ngadelegate", "NGA").await;
    let (qat, _) = delegate(&s.store, "qatdelegate", "QAT").await;
    let t0 = OffsetDateTime::now_utc() - Duration::days(3);
    let steps = [Duration::hours(1), Duration::hours(2), Duration::days(2)];
    let id = delib::propose(s, &ken_actor, &input(t0, steps), t0)
        .await
        .unwrap()
        .row
        .id;
    delib::submit(s, &ken_actor, id, None, false, t0)
        .await
        .unwrap();
    // Before the decision stage: nothing.
    assert_eq!(
        notices::make(s, t0 + Duration::minutes(30)).await.unwrap(),
        0
    );
    let opened = t0 + Duration::hours(2);
    delib::run_scheduler(s, opened).await.unwrap();
    assert_eq!(notices::make(s, opened).await.unwrap(), 2);
    assert_eq!(events_of(s, ken).await, [(id, DECISION_OPEN.to_owned())]);
    assert!(
        events_of(s, qat).await.is_empty(),
        "an observer does not vote"
    );
    // Kenya votes; a day before the close only Nigeria is reminded.
    delib::vote(s, &ken_actor, id, None, "yes", opened)
        .await
        .unwrap();
    let near = t0 + steps[2] - Duration::hours(23);
    assert_eq!(notices::make(s, near).await.unwrap(), 1);
    assert_eq!(notices::make(s, near).await.unwrap(), 0, "once");
    assert_eq!(
        events_of(s, nga).await,
        [(id, DEADLINE.to_owned()), (id, DECISION_OPEN.to_owned())]
    );
    // The result goes to every seated state's delegates, observers too.
    let closed = t0 + steps[2];
    delib::run_scheduler(s, closed).await.unwrap();
    let now = OffsetDateTime::now_utc();
    assert_eq!(notices::make(s, now).await.unwrap(), 3);
    assert_eq!(notices::make(s, now).await.unwrap(), 0, "once");
    assert_eq!(events_of(s, qat).await, [(id, RESULT.to_owned())]);
    let shown = notices::notices_for(s, nga, &waico_i18n::Tr::new(waico_i18n::Lang::En))
        .await
        .unwrap();
    assert!(shown[0].text.contains("Shared compute for health research"));
    assert!(shown[0].text.contains("is published"), "{}", shown[0].text);

    // The same notices through the API, each delegate its own.
    let notices_url = app.url("/api/v1/deliberation/notices");
    let anonymous = reqwest::get(&notices_url).await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let far = waico_store::now_ms() + 3_600_000;
    for (user, events) in [
        (nga, vec![RESULT, DEADLINE, DECISION_OPEN]),
        (qat, vec![RESULT]),
    ] {
        let token = app.token(user, waico_store::TokenScope::Read, far).await;
        let listed: Vec<serde_json::Value> = reqwest::Client::new()
            .get(&notices_url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let got: Vec<&str> = listed
            .iter()
            .map(|n| n["event"].as_str().unwrap())
            .collect();
        assert_eq!(got, events);
        assert_eq!(listed[0]["proposal_id"], id);
        assert!(listed[0]["text"].as_str().unwrap().contains("is published"));
    }
}

struct Node {
    child: Child,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_node(dir: &std::path::Path, config: &std::path::Path, url: &str) -> Node {
    let port = free_port();
    let log = dir.join(format!("node-{port}.log"));
    let child = Command::new(env!("CARGO_BIN_EXE_waico"))
        .arg("--config")
        .arg(config)
        .arg("--data-dir")
        .arg(dir)
        .args(["--database-url", url])
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let node = Node {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + StdDuration::from_secs(30);
    loop {
        if let Ok(r) = reqwest::get(format!("{}/healthz", node.base)).await
            && r.status().is_success()
        {
            return node;
        }
        assert!(
            Instant::now() < deadline,
            "node did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_mail_each_notice_once_through_a_real_smtp_server() {
    let smtp = crate::mail::MailServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("waico.db").display());
    let store = waico_store::Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    for c in ["KEN", "NGA", "BRA"] {
        store
            .set_membership(
                CountryCode::parse(c).unwrap(),
                MemberStatus::Member,
                time::macros::date!(2025 - 07 - 26),
            )
            .await
            .unwrap();
    }
    let mut delegates = Vec::new();
    for (name, c) in [("kenya", "KEN"), ("nigeria", "NGA"), ("brazil", "BRA")] {
        delegates.push((name, delegate(&store, name, c).await));
    }
    let artifacts = waico_store::artifacts::open(&dir.path().join("artifacts"), None).unwrap();
    let state = AppState::new(
        store.clone(),
        Arc::clone(&artifacts),
        waico_app::Settings::default(),
    );
    // The vote opens a few seconds from now and closes a few seconds later,
    // by the nodes' clocks (their schedulers run every 5 s).
    let t0 = OffsetDateTime::now_utc();
    let ken = &delegates[0].1.1;
    let steps = [
        Duration::seconds(1),
        Duration::seconds(2),
        Duration::seconds(12),
    ];
    let id = delib::propose(&state, ken, &input(t0, steps), t0)
        .await
        .unwrap()
        .row
        .id;
    delib::submit(&state, ken, id, None, false, t0)
        .await
        .unwrap();

    let config = dir.path().join("node.toml");
    std::fs::write(
        &config,
        format!(
            "public_url = \"https://waico.test\"\nledger_origin = \"waico.test/notices\"\n\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nfrom = \"WAICO <no-reply@waico.test>\"\n",
            smtp.port
        ),
    )
    .unwrap();
    // Two processes on one database, each with its data folder (search
    // index) and the node's one ledger key.
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let a = start_node(&a_dir, &config, &url).await;
    std::fs::copy(a_dir.join("ledger.key"), b_dir.join("ledger.key")).unwrap();
    let b = start_node(&b_dir, &config, &url).await;

    // Three delegates, three notices each: the vote opened, it closes
    // within a day (nobody voted), the result.
    let expected = delegates.len() * 3;
    let deadline = Instant::now() + StdDuration::from_secs(60);
    while smtp.messages().len() < expected && Instant::now() < deadline {
        tokio::time::sleep(StdDuration::from_millis(200)).await;
    }
    // Both processes look again (their schedulers run every 5 s): nothing more.
    tokio::time::sleep(StdDuration::from_secs(11)).await;
    let mails: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| crate::mail::unfolded(m))
        .collect();
    assert_eq!(mails.len(), expected, "{mails:#?}");
    for (name, _) in &delegates {
        let theirs: Vec<&String> = mails
            .iter()
            .filter(|m| m.contains(&format!("{name}@test.waico.org")))
            .collect();
        assert_eq!(theirs.len(), 3, "{name}: {theirs:#?}");
        for words in ["is open until", "closes on", "is published"] {
            assert_eq!(
                theirs.iter().filter(|m| m.contains(words)).count(),
                1,
                "{name}: one mail that {words}"
            );
        }
        assert!(
            theirs
                .iter()
                .all(|m| m.contains(&format!("https://waico.test/deliberation/proposals/{id}")))
        );
    }
    let stored = store.snapshot().await.unwrap().deliberation.notices;
    assert_eq!(stored.len(), expected);
    assert!(stored.iter().all(|n| n.mailed_at.is_some()));

    // The pending page of either process lists the delegate's notices.
    for node in [&a, &b] {
        let client = sign_in_at(&node.base, "nigeria", "a long delegate password").await;
        let html = client
            .get(format!("{}/deliberation/pending", node.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("is published"), "{html}");
        assert!(html.contains(&format!("/deliberation/proposals/{id}")));
    }
}
