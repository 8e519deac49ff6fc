//! Ledger benchmark (not part of the test run):
//!
//! ```sh
//! cargo run --release -p waico --example ledger_bench -- [--big]
//! WAICO_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres \
//!     cargo run --release -p waico --example ledger_bench
//! ```
//!
//! Measures durable appends per second through the node's batching
//! appender (SQLite, and PostgreSQL when a URL is given) with 1 and 64
//! concurrent writers; inclusion and consistency proof time over the
//! stored nodes (DB-backed reader, SQLite) at 1,000,000 entries (10,000,000
//! with `--big`, ~7 GB of disk), and from the in-memory tree at 1,000,000
//! and 10,000,000; and `waico ledger verify` over HTTP per million entries.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use waico_app::AppState;
use waico_app::ledger::{Ledger, LedgerSettings};
use waico_ledger::hash::{sha256, to_hex};
use waico_ledger::{Record, RecordKind, SignerKey, Subject, TreeBuilder};
use waico_store::{NewEntry, Store};

fn record(n: u64) -> Record {
    Record {
        kind: RecordKind::Generic {
            name: "bench".into(),
        },
        time_ms: 1_753_488_000_000 + n as i64,
        actor: "secretariat_admin".into(),
        subject: Subject {
            kind: "decision".into(),
            id: format!("d-{n}"),
            content_hash: to_hex(&sha256(&n.to_be_bytes())),
        },
        payload: json!({ "n": n }),
    }
}

fn entry(n: u64) -> NewEntry {
    let body = record(n).canonical_bytes().unwrap();
    NewEntry {
        leaf_hash: waico_ledger::leaf_hash(&body),
        body,
        kind: "generic".into(),
        time_ms: n as i64,
    }
}

async fn open(url: &str) -> Store {
    let store = Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    store
}

async fn fresh_postgres(base: &str) -> String {
    use sqlx::Executor;
    let admin = Store::connect(base).await.unwrap();
    let db = format!("waico_bench_{}", rand::random::<u32>());
    admin
        .pool()
        .execute(format!("CREATE DATABASE {db}").as_str())
        .await
        .unwrap();
    admin.close().await;
    format!("{}/{db}", base.rsplit_once('/').unwrap().0)
}

async fn appends(name: &str, url: &str, writers: u64, per_writer: u64) -> f64 {
    let store = open(url).await;
    let ledger = Ledger::ephemeral(store);
    ledger.append(&record(u64::MAX >> 12)).await.unwrap(); // warm up
    let start = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let ledger = ledger.clone();
            tokio::spawn(async move {
                for i in 0..per_writer {
                    ledger.append(&record(w * 1_000_000 + i)).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let rate = (writers * per_writer) as f64 / start.elapsed().as_secs_f64();
    println!("appends {name:<10} writers={writers:<3} {rate:>10.0} durable appends/s");
    rate
}

/// Fills a store with `n` entries in large transactions (the same code
/// path as appends, batches of 20,000).
async fn fill(store: &Store, n: u64) {
    let start = Instant::now();
    let mut cached: Option<TreeBuilder> = None;
    let mut next = store.ledger_head().await.unwrap().size;
    while next < n {
        let batch = (n - next).min(20_000);
        let entries: Vec<NewEntry> = (next..next + batch).map(entry).collect();
        let (_, b) = store.ledger_append(&entries, cached.take()).await.unwrap();
        cached = Some(b);
        next += batch;
    }
    println!(
        "filled {n} entries in {:.1} s",
        start.elapsed().as_secs_f64()
    );
}

async fn proofs(store: &Store, size: u64) {
    let samples = 200u64;
    let mut inclusion = Duration::ZERO;
    let mut consistency = Duration::ZERO;
    for i in 0..samples {
        let index = (i * 7_919_993) % size;
        let t = Instant::now();
        let p = store
            .ledger_compute(|r| waico_ledger::inclusion_proof(r, index, size))
            .await
            .unwrap();
        inclusion += t.elapsed();
        assert!(!p.is_empty());
        let old = 1 + (i * 3_141_593) % (size - 1);
        let t = Instant::now();
        store
            .ledger_compute(|r| waico_ledger::consistency_proof(r, old, size))
            .await
            .unwrap();
        consistency += t.elapsed();
    }
    println!(
        "proofs at {size}: inclusion {:.3} ms, consistency {:.3} ms (mean of {samples}, DB-backed reader, SQLite)",
        inclusion.as_secs_f64() * 1000.0 / samples as f64,
        consistency.as_secs_f64() * 1000.0 / samples as f64
    );
}

/// The same proofs from the in-memory tree (every level kept in RAM).
fn proofs_in_memory(size: u64) {
    let start = Instant::now();
    let mut tree = waico_ledger::MemoryTree::new();
    let mut leaves = Vec::with_capacity(1 << 20);
    for i in 0..size {
        leaves.push(waico_ledger::leaf_hash(&i.to_be_bytes()));
        if leaves.len() == 1 << 20 {
            tree.extend(&leaves);
            leaves.clear();
        }
    }
    tree.extend(&leaves);
    println!(
        "built MemoryTree of {size} in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let samples = 10_000u64;
    let t = Instant::now();
    for i in 0..samples {
        let p = waico_ledger::inclusion_proof(&tree, (i * 7_919_993) % size, size).unwrap();
        assert!(!p.is_empty());
    }
    let inclusion = t.elapsed();
    let t = Instant::now();
    for i in 0..samples {
        waico_ledger::consistency_proof(&tree, 1 + (i * 3_141_593) % (size - 1), size).unwrap();
    }
    let consistency = t.elapsed();
    println!(
        "proofs at {size}: inclusion {:.4} ms, consistency {:.4} ms (mean of {samples}, MemoryTree)",
        inclusion.as_secs_f64() * 1000.0 / samples as f64,
        consistency.as_secs_f64() * 1000.0 / samples as f64
    );
}

async fn verify_over_http(url: &str, dir: &std::path::Path, size: u64) {
    let store = open(url).await;
    let key = SignerKey::generate("bench.waico.example/log").unwrap();
    let ledger = Ledger::new(store.clone(), key.clone(), LedgerSettings::default());
    ledger.checkpoint_now().await.unwrap();
    let artifacts = waico_store::artifacts::open(&dir.join("artifacts"), None).unwrap();
    let state =
        AppState::new(store, Arc::clone(&artifacts), Default::default()).with_ledger(ledger);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(waico_web::serve(listener, state));
    let start = Instant::now();
    let log = waico::ledger::verify(&waico::ledger::VerifyOptions {
        url: base,
        key: key.verifier().to_key_string(),
        state: dir.join("verify-state.json"),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(log.size, size);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "verify over HTTP: {size} entries in {secs:.2} s = {:.2} s per million",
        secs * 1_000_000.0 / size as f64
    );
}

#[tokio::main]
async fn main() {
    let big = std::env::args().any(|a| a == "--big");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = |name: &str| format!("sqlite://{}", dir.path().join(name).display());

    appends("sqlite", &sqlite("a1.db"), 1, 2_000).await;
    appends("sqlite", &sqlite("a64.db"), 64, 1_000).await;
    if let Ok(base) = std::env::var("WAICO_BENCH_POSTGRES_URL") {
        appends("postgres", &fresh_postgres(&base).await, 1, 2_000).await;
        appends("postgres", &fresh_postgres(&base).await, 64, 1_000).await;
    }

    let url = sqlite("big.db");
    let store = open(&url).await;
    fill(&store, 1_000_000).await;
    proofs(&store, 1_000_000).await;
    verify_over_http(&url, dir.path(), 1_000_000).await;
    drop(store);
    proofs_in_memory(1_000_000);
    proofs_in_memory(10_000_000);
    if big {
        // About 7 GB of SQLite: only where the disk allows.
        let store = open(&url).await;
        fill(&store, 10_000_000).await;
        proofs(&store, 10_000_000).await;
    }
}
