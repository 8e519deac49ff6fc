//! Ledger appends over HTTP against a peer measured in the same run
//! (issue 14; not part of the test run):
//!
//! ```sh
//! cargo build --release -p waico --bin waico --example ledger_http_bench \
//!     --target-dir target-rel
//! WAICO_BIN=target-rel/release/waico \
//!     target-rel/release/examples/ledger_http_bench [writers] [seconds]
//! ```
//!
//! 1. The node: the release `waico serve` on SQLite (WAL,
//!    `synchronous=FULL`), `writers` HTTP/1.1 keep-alive clients each
//!    sending `POST /api/v1/ledger/records` one after the other (secretariat
//!    token), for `seconds`. Counted: `201` answers, each an append that is
//!    on disk, sequenced and hashed into the tree.
//! 2. The peer, same disk, same records, same SQLite settings: a bare
//!    insert loop (`INSERT INTO entries (idx, body)`) through sqlx, with no
//!    HTTP, no tree, no checks. Once with one commit per row (a durable
//!    append each), once with `writers` rows per commit (the most the
//!    node's batching can put in one commit with `writers` clients).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

mod common;

use serde_json::json;

fn record(n: u64) -> serde_json::Value {
    json!({
        "kind": {"generic": {"name": "bench"}},
        "time_ms": 0,
        "actor": "secretariat_admin",
        "subject": {"kind": "decision", "id": format!("d-{n}"),
            "content_hash": format!("{:064x}", n)},
        "payload": {"n": n},
    })
}

async fn admin_token(database_url: &str) -> String {
    let store = waico_store::Store::connect(database_url).await.unwrap();
    store.migrate().await.unwrap();
    let user = waico_app::accounts::create_user_in(
        &store,
        &waico_app::accounts::UserInput {
            username: "bench".into(),
            display_name: "Bench".into(),
            email: "bench@example.org".into(),
            password: "a long bench password".into(),
            country: String::new(),
            institution_id: None,
            language: "en".into(),
        },
        &[waico_members::RoleGrant::SecretariatAdmin],
    )
    .await
    .unwrap();
    let secret = common::write_token(&store, user.id).await;
    store.close().await;
    secret
}

/// Appends over HTTP from `writers` clients for `seconds`; appends/s.
async fn over_http(base: &str, token: &str, writers: u64, seconds: u64) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (done, stop) = (done.clone(), stop.clone());
            let url = format!("{base}/api/v1/ledger/records");
            let token = token.to_owned();
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    let r = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&record(w * 1_000_000_000 + i))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// The bare insert loop: `rows_per_commit` rows per transaction, for
/// `seconds`; rows/s.
async fn bare_sqlite(path: &std::path::Path, rows_per_commit: u64, seconds: u64) -> f64 {
    let mut conn = common::bare_sqlite(path).await;
    sqlx::query("CREATE TABLE entries (idx INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        let mut tx = sqlx::Connection::begin(&mut conn).await.unwrap();
        for _ in 0..rows_per_commit {
            let body = waico_ledger::jcs::canonicalize(&record(n)).unwrap();
            sqlx::query("INSERT INTO entries (idx, body) VALUES (?, ?)")
                .bind(n as i64)
                .bind(body)
                .execute(&mut *tx)
                .await
                .unwrap();
            n += 1;
        }
        tx.commit().await.unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let writers: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(64);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let bin = common::bin();
    let (dir, data, url) = common::scratch();
    let token = admin_token(&url).await;
    let node = common::Node::start(&bin, &data, &url).await;
    let base = node.base.clone();
    println!(
        "machine: {} cores; writers: {writers}; {seconds} s each",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let http = over_http(&base, &token, writers, seconds).await;
    drop(node);
    let single = bare_sqlite(&dir.path().join("bare1.db"), 1, seconds).await;
    let batched = bare_sqlite(&dir.path().join("bareN.db"), writers, seconds).await;
    println!("| measure | appends/s | node over HTTP ÷ this |");
    println!("|---|---|---|");
    println!("| node, `POST /api/v1/ledger/records`, {writers} clients | {http:.0} | 1 |");
    println!(
        "| bare SQLite insert loop, 1 row per commit | {single:.0} | {:.2} |",
        http / single
    );
    println!(
        "| bare SQLite insert loop, {writers} rows per commit | {batched:.0} | {:.2} |",
        http / batched
    );
}
