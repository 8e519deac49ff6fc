//! Votes accepted per second with many delegates voting at once, against a
//! peer measured in the same run (issue 11; not part of the test run):
//!
//! ```sh
//! cargo build --release -p waico --bin waico --example votes_http_bench \
//!     --target-dir target-rel
//! WAICO_BIN=target-rel/release/waico \
//!     target-rel/release/examples/votes_http_bench [delegates] [rounds]
//! ```
//!
//! 1. The node: the release `waico serve` on SQLite (WAL,
//!    `synchronous=FULL`) with `delegates` member states, each with its own
//!    delegate and API token, and one General Assembly resolution open for a
//!    recorded vote. Each round, every delegate sends
//!    `POST /api/v1/deliberation/proposals/{id}/acts` with its vote at the
//!    same instant (its own keep-alive connection, released together), and
//!    the round ends when all are answered; a round changes every vote
//!    (yes, no, abstain in turn), as a delegate may until the close.
//!    Counted: `200` answers; latency per vote; every other answer is a
//!    failure and is reported.
//! 2. The peer, same disk, same SQLite settings: the least a durable vote
//!    costs in this schema, a bare loop through sqlx with no HTTP, no
//!    rules and no JSON: read the proposal's row, write it back at the next
//!    revision with a document of the same size as the node's, append a
//!    history row, commit; one vote per transaction.

use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use sqlx::Row;
use time::OffsetDateTime;
use waico_app::deliberation::{self as delib, ProposeInput};
use waico_members::policy::Actor;
use waico_members::{CountryCode, MemberStatus, RoleGrant};

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// Seeds `n` member states with a delegate and token each, and a
/// resolution already in its decision stage; answers the proposal number,
/// the tokens and their states.
async fn seed(url: &str, dir: &std::path::Path, n: usize) -> (i64, Vec<String>) {
    let store = waico_store::Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let states: Vec<CountryCode> = waico_members::country::Countries::get()
        .all()
        .iter()
        .map(|c| c.alpha3)
        .take(n)
        .collect();
    assert_eq!(states.len(), n, "at most one delegate per country");
    let mut tokens = Vec::with_capacity(n);
    for (i, state) in states.iter().enumerate() {
        store
            .set_membership(
                *state,
                MemberStatus::Member,
                time::macros::date!(2025 - 07 - 26),
            )
            .await
            .unwrap();
        let user = waico_app::accounts::create_user_in(
            &store,
            &waico_app::accounts::UserInput {
                username: format!("delegate-{i}"),
                display_name: format!("Delegate of {}", state.as_str()),
                email: format!("delegate-{i}@example.org"),
                password: "a long bench password".into(),
                country: state.as_str().to_owned(),
                institution_id: None,
                language: "en".into(),
            },
            &[RoleGrant::Delegate { country: *state }],
        )
        .await
        .unwrap();
        let secret = common::write_token(&store, user.id).await;
        tokens.push(secret);
    }
    let artifacts = waico_store::artifacts::open(&dir.join("artifacts"), None).unwrap();
    let state = waico_app::AppState::new(store, artifacts, waico_app::Settings::default());
    let author = Actor::User {
        id: 1,
        grants: vec![RoleGrant::Delegate { country: states[0] }],
        can_write: true,
    };
    // Consultation and negotiation lie in the past; the vote closes
    // tomorrow, by the clock of the node that will serve it.
    let t0 = OffsetDateTime::now_utc() - time::Duration::hours(3);
    let hours = |h| rfc3339(t0 + time::Duration::hours(h));
    let input = ProposeInput {
        body: delib::GENERAL_ASSEMBLY.into(),
        as_state: None,
        title: "Open models for public health".into(),
        kind: serde_json::json!({"kind": "resolution"}),
        procedure: "recorded_vote".into(),
        text: "The Assembly recalls the Shanghai declaration.\n\nMembers share open models.".into(),
        consultation_until: hours(1),
        negotiation_until: hours(2),
        amendment_votes_until: hours(2),
        decision_until: hours(27),
    };
    let id = delib::propose(&state, &author, &input, t0)
        .await
        .unwrap()
        .row
        .id;
    delib::submit(&state, &author, id, None, false, t0)
        .await
        .unwrap();
    for minutes in [61, 121] {
        delib::run_scheduler(&state, t0 + time::Duration::minutes(minutes))
            .await
            .unwrap();
    }
    let stage = delib::get(&state, id).await.unwrap().proposal.stage();
    assert_eq!(stage.slug(), "decision", "the vote is open");
    state.store.close().await;
    (id, tokens)
}

/// Rounds of simultaneous votes; answers (votes, seconds spent in rounds,
/// sorted latencies, failures).
async fn vote_rounds(
    base: &str,
    id: i64,
    tokens: &[String],
    rounds: usize,
) -> (usize, f64, Vec<Duration>, Vec<String>) {
    let url = format!("{base}/api/v1/deliberation/proposals/{id}/acts");
    let clients: Vec<reqwest::Client> = tokens.iter().map(|_| reqwest::Client::new()).collect();
    // Open every connection before the first round.
    for client in &clients {
        client.get(format!("{base}/healthz")).send().await.unwrap();
    }
    let (mut latencies, mut failures, mut spent) = (Vec::new(), Vec::new(), 0.0);
    for round in 0..rounds {
        let choice = ["yes", "no", "abstain"][round % 3];
        let start = Arc::new(tokio::sync::Barrier::new(tokens.len() + 1));
        let tasks: Vec<_> = clients
            .iter()
            .zip(tokens)
            .map(|(client, token)| {
                let (client, token, url, start) =
                    (client.clone(), token.clone(), url.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    let sent = Instant::now();
                    let r = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"step": {"action": "vote", "choice": choice}}))
                        .send()
                        .await
                        .unwrap();
                    let status = r.status();
                    let text = r.text().await.unwrap_or_default();
                    (sent.elapsed(), status, text)
                })
            })
            .collect();
        start.wait().await;
        let began = Instant::now();
        for task in tasks {
            let (latency, status, text) = task.await.unwrap();
            if status == 200 {
                latencies.push(latency);
            } else {
                failures.push(format!(
                    "{status}: {}",
                    text.chars().take(200).collect::<String>()
                ));
            }
        }
        spent += began.elapsed().as_secs_f64();
    }
    latencies.sort();
    (latencies.len(), spent, latencies, failures)
}

/// The bare loop: `votes` transactions of read, rewrite at the next
/// revision with a document of `doc_len` bytes, history row; votes/s.
async fn bare_sqlite(path: &std::path::Path, votes: usize, doc_len: usize) -> f64 {
    let mut conn = common::bare_sqlite(path).await;
    for ddl in [
        "CREATE TABLE proposals (id INTEGER PRIMARY KEY, doc TEXT NOT NULL, revision INTEGER NOT NULL)",
        "CREATE TABLE history (proposal_id INTEGER, seq INTEGER, at_ms INTEGER, PRIMARY KEY (proposal_id, seq))",
        "INSERT INTO proposals VALUES (1, '', 0)",
    ] {
        sqlx::query(ddl).execute(&mut conn).await.unwrap();
    }
    let started = Instant::now();
    for vote in 0..votes {
        let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
        let row = sqlx::query("SELECT doc, revision FROM proposals WHERE id = 1")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let (doc, revision): (String, i64) = (row.get(0), row.get(1));
        let mut next = format!("{vote:020}");
        next.push_str(&"v".repeat(doc_len.saturating_sub(next.len())));
        assert!(doc.len() <= doc_len);
        sqlx::query("UPDATE proposals SET doc = ?, revision = ? WHERE id = 1 AND revision = ?")
            .bind(&next)
            .bind(revision + 1)
            .bind(revision)
            .execute(&mut *tx)
            .await
            .unwrap();
        sqlx::query("INSERT INTO history VALUES (1, ?, ?)")
            .bind(vote as i64)
            .bind(waico_store::now_ms())
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    votes as f64 / started.elapsed().as_secs_f64()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let delegates: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let bin = common::bin();
    let (dir, data, url) = common::scratch();
    let seeding = Instant::now();
    let (id, tokens) = seed(&url, &data, delegates).await;
    eprintln!(
        "seeded {delegates} delegates in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    let node = common::Node::start(&bin, &data, &url).await;
    let base = node.base.clone();
    println!(
        "machine: {} cores; {delegates} delegates voting at once, {rounds} rounds",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let (accepted, seconds, latencies, failures) = vote_rounds(&base, id, &tokens, rounds).await;
    drop(node);
    let doc_len = {
        let store = waico_store::Store::connect(&url).await.unwrap();
        let artifacts = waico_store::artifacts::open(&data.join("artifacts"), None).unwrap();
        let state = waico_app::AppState::new(store, artifacts, waico_app::Settings::default());
        let loaded = delib::get(&state, id).await.unwrap();
        loaded.row.doc.len()
    };
    let node_rate = accepted as f64 / seconds;
    let bare = bare_sqlite(&dir.path().join("bare.db"), accepted.max(1), doc_len).await;
    println!("proposal document at the end: {doc_len} bytes");
    println!(
        "failures: {} of {}",
        failures.len(),
        accepted + failures.len()
    );
    for f in failures.iter().take(5) {
        println!("  {f}");
    }
    if latencies.is_empty() {
        return;
    }
    println!("| measure | votes/s | p50 ms | p99 ms | node ÷ this |");
    println!("|---|---|---|---|---|");
    println!(
        "| node, {delegates} delegates at once, `POST …/acts` | {node_rate:.0} | {:.1} | {:.1} | 1 |",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99)
    );
    println!(
        "| bare SQLite read-rewrite-commit loop, one vote per commit | {bare:.0} | | | {:.2} |",
        node_rate / bare
    );
}
