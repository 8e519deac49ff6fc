//! Benchmarks: batch appends into `MemoryTree`, inclusion and consistency
//! proofs at 1,000,000 and 10,000,000 entries, proof verification, and the
//! streaming verifier's cost per million entries.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use waico_ledger::{
    Checkpoint, Hash, LogVerifier, MemoryTree, Record, RecordKind, SignerKey, Subject,
    consistency_proof, inclusion_proof, leaf_hash, root_at, verify_consistency, verify_inclusion,
};

const MILLION: u64 = 1_000_000;
const TEN_MILLION: u64 = 10_000_000;

fn leaf(i: u64) -> Hash {
    leaf_hash(&i.to_be_bytes())
}

fn big_tree(n: u64) -> MemoryTree {
    let mut tree = MemoryTree::new();
    let mut batch = Vec::with_capacity(1 << 16);
    let mut i = 0;
    while i < n {
        batch.clear();
        batch.extend((i..(i + (1 << 16)).min(n)).map(leaf));
        tree.extend(&batch);
        i += batch.len() as u64;
    }
    tree
}

fn appends(c: &mut Criterion) {
    let mut group = c.benchmark_group("append");
    for batch in [1usize, 100, 10_000] {
        let leaves: Vec<Hash> = (0..batch as u64).map(leaf).collect();
        let mut tree = big_tree(MILLION);
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_with_input(
            BenchmarkId::new("memory_tree_batch", batch),
            &leaves,
            |b, l| b.iter(|| black_box(tree.append(l).root)),
        );
    }
    group.finish();
}

fn proofs(c: &mut Criterion) {
    let tree = big_tree(TEN_MILLION);
    let mut group = c.benchmark_group("proof");
    for size in [MILLION, TEN_MILLION] {
        let root = root_at(&tree, size).unwrap();
        let mut m = 0u64;
        group.bench_function(BenchmarkId::new("inclusion", size), |b| {
            b.iter(|| {
                m = (m + 7_919) % size;
                black_box(inclusion_proof(&tree, m, size).unwrap())
            })
        });
        let mut old = 1u64;
        group.bench_function(BenchmarkId::new("consistency", size), |b| {
            b.iter(|| {
                old = (old + 7_919) % (size - 1) + 1;
                black_box(consistency_proof(&tree, old, size).unwrap())
            })
        });
        let index = size / 3;
        let proof = inclusion_proof(&tree, index, size).unwrap();
        group.bench_function(BenchmarkId::new("verify_inclusion", size), |b| {
            b.iter(|| verify_inclusion(&leaf(index), index, size, &proof, &root).unwrap())
        });
        let old_size = size / 3 + 1;
        let old_root = root_at(&tree, old_size).unwrap();
        let cproof = consistency_proof(&tree, old_size, size).unwrap();
        group.bench_function(BenchmarkId::new("verify_consistency", size), |b| {
            b.iter(|| verify_consistency(old_size, size, &old_root, &root, &cproof).unwrap())
        });
    }
    group.finish();
}

fn verifier(c: &mut Criterion) {
    let key = SignerKey::from_seed("bench.waico.example/log", [1; 32]).unwrap();
    let entries: Vec<Vec<u8>> = (0..MILLION)
        .map(|i| {
            Record {
                kind: RecordKind::MemberStatusChanged,
                time_ms: 1_700_000_000_000 + i as i64,
                actor: "secretariat".into(),
                subject: Subject {
                    kind: "member".into(),
                    id: format!("M{i:07}"),
                    content_hash: "0".repeat(64),
                },
                payload: serde_json::json!({ "status": "active" }),
            }
            .canonical_bytes()
            .unwrap()
        })
        .collect();
    let mut tree = MemoryTree::new();
    let hashes: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    tree.extend(&hashes);
    let note = Checkpoint::new(key.name(), tree.size(), tree.root())
        .sign(&key)
        .unwrap()
        .to_string();
    let avg = entries.iter().map(Vec::len).sum::<usize>() / entries.len();
    eprintln!("verifier bench: 1,000,000 records, average {avg} bytes");

    let mut group = c.benchmark_group("verify_log");
    group.sample_size(10);
    group.throughput(Throughput::Elements(MILLION));
    group.bench_function("entries_per_million", |b| {
        b.iter(|| {
            let mut v = LogVerifier::new(&key.verifier(), note.as_bytes(), None).unwrap();
            for chunk in entries.chunks(256) {
                v.push_entries(chunk).unwrap();
            }
            v.finish().unwrap()
        })
    });
    group.bench_function("entries_as_records_per_million", |b| {
        b.iter(|| {
            let mut v = LogVerifier::new(&key.verifier(), note.as_bytes(), None)
                .unwrap()
                .require_records(true);
            for chunk in entries.chunks(256) {
                v.push_entries(chunk).unwrap();
            }
            v.finish().unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = appends, proofs, verifier
}
criterion_main!(benches);
