//! End-to-end flow as the storage/HTTP layer will drive it: records are
//! appended, node hashes stored, tiles and bundles served, checkpoints
//! signed and cosigned, proofs produced from storage, and an independent
//! client verifies everything from served bytes only.

use std::collections::HashMap;

use waico_ledger::cosignature::TreeHead;
use waico_ledger::tiles::{self, TilePath};
use waico_ledger::{
    Checkpoint, Hash, HashReader, NodeId, Note, Record, RecordKind, SignerKey, StorageError,
    Subject, TreeBuilder, Witness, consistency_proof, inclusion_proof, leaf_hash, open_checkpoint,
    verify_consistency, verify_cosignatures, verify_inclusion,
};

/// A stand-in for the database: node rows keyed by (level, index), and the
/// entries by index.
#[derive(Default)]
struct Db {
    nodes: HashMap<NodeId, Hash>,
    entries: Vec<Vec<u8>>,
}

impl HashReader for Db {
    fn read_nodes(&self, ids: &[NodeId]) -> Result<Vec<Hash>, StorageError> {
        ids.iter()
            .map(|id| {
                self.nodes
                    .get(id)
                    .copied()
                    .ok_or(StorageError::Missing(*id))
            })
            .collect()
    }
}

const LOG: &str = "ledger.waico.example/governance";

fn record(i: u64) -> Record {
    Record {
        kind: if i.is_multiple_of(2) {
            RecordKind::MemberAdmitted
        } else {
            RecordKind::Generic {
                name: "budget_approved".into(),
            }
        },
        time_ms: 1_767_225_600_000 + i as i64 * 60_000,
        actor: "council:secretariat".into(),
        subject: Subject {
            kind: "member".into(),
            id: format!("WAICO-{i:05}"),
            content_hash: waico_ledger::hash::to_hex(&waico_ledger::hash::sha256(&i.to_be_bytes())),
        },
        payload: serde_json::json!({ "decision": i, "unanimous": i.is_multiple_of(3) }),
    }
}

/// Appends records the way a server would: resume the builder from the
/// stored right edge, append, store the returned nodes.
fn append(db: &mut Db, records: &[Record]) -> (u64, Hash) {
    let size = db.entries.len() as u64;
    let mut builder = TreeBuilder::resume(&*db, size).unwrap();
    let mut leaves = Vec::new();
    for r in records {
        let bytes = r.canonical_bytes().unwrap();
        leaves.push(leaf_hash(&bytes));
        db.entries.push(bytes);
    }
    let result = builder.append(&leaves);
    for (id, h) in result.nodes {
        assert!(db.nodes.insert(id, h).is_none(), "nodes are written once");
    }
    (result.size, result.root)
}

/// Serves a tile or bundle path from the database, as the HTTP layer would.
fn serve(db: &Db, path: &str, size: u64) -> Option<Vec<u8>> {
    match tiles::parse_path(path).ok()? {
        TilePath::Hashes(t) => {
            let current = tiles::tile_at_size(t.level, t.index, size)?;
            if current.width < t.width {
                return None;
            }
            tiles::read_tile(db, &t).ok()
        }
        TilePath::Entries(b) => {
            let (start, end) = b.leaf_range();
            if end > size {
                return None;
            }
            tiles::encode_bundle(&db.entries[start as usize..end as usize]).ok()
        }
    }
}

#[test]
fn full_flow_from_append_to_independent_verification() {
    let log_key = SignerKey::from_seed(LOG, [42; 32]).unwrap();
    let witness_keys: Vec<SignerKey> = (0..3u8)
        .map(|i| SignerKey::from_seed(&format!("witness{i}.example"), [100 + i; 32]).unwrap())
        .collect();
    let mut witnesses: Vec<Witness> = witness_keys
        .iter()
        .map(|k| {
            let mut w = Witness::new(k.clone());
            w.follow(log_key.verifier(), None);
            w
        })
        .collect();
    let mut db = Db::default();

    // Three rounds of appends, each checkpointed and cosigned.
    let mut last: Option<TreeHead> = None;
    let mut notes = Vec::new();
    for (round, count) in [(0u64, 300u64), (1, 1), (2, 470)].into_iter() {
        let start = db.entries.len() as u64;
        let records: Vec<Record> = (start..start + count).map(record).collect();
        let (size, root) = append(&mut db, &records);
        let mut note = Checkpoint::new(LOG, size, root).sign(&log_key).unwrap();
        let text = note.to_string();
        for w in witnesses.iter_mut() {
            let proof = match w.latest(LOG) {
                Some(prev) => consistency_proof(&db, prev.size, size).unwrap(),
                None => vec![],
            };
            note.signatures.push(
                w.cosign(text.as_bytes(), &proof, 1_767_225_600 + round)
                    .unwrap(),
            );
        }
        if let Some(prev) = last {
            let proof = consistency_proof(&db, prev.size, size).unwrap();
            verify_consistency(prev.size, size, &prev.root, &root, &proof).unwrap();
        }
        last = Some(TreeHead { size, root });
        notes.push(note.to_string());
    }

    // A client with only the pinned keys and served bytes.
    let served_note = notes.last().unwrap();
    let (cp, note) = open_checkpoint(served_note.as_bytes(), &log_key.verifier()).unwrap();
    assert_eq!(cp.size, 771);
    let witness_vkeys: Vec<_> = witness_keys
        .iter()
        .map(|k| k.cosignature_verifier())
        .collect();
    assert_eq!(
        verify_cosignatures(&note, &witness_vkeys, 3).unwrap().len(),
        3
    );

    // Tiles and bundles: rebuild every leaf hash from bundles, check them
    // against level-0 tiles, and recompute the root with the verifier.
    let mut verifier =
        waico_ledger::LogVerifier::new(&log_key.verifier(), served_note.as_bytes(), None)
            .unwrap()
            .require_records(true);
    for bundle in tiles::changed_bundles(0, cp.size) {
        let entries = tiles::decode_bundle(&serve(&db, &bundle.path(), cp.size).unwrap()).unwrap();
        let tile = waico_ledger::tiles::TileId {
            level: 0,
            index: bundle.index,
            width: bundle.width,
        };
        let hashes = tiles::split_tile(&tile, &serve(&db, &tile.path(), cp.size).unwrap()).unwrap();
        for (e, h) in entries.iter().zip(&hashes) {
            verifier.push_entry_with_hash(e, h).unwrap();
        }
    }
    verifier.finish().unwrap();
    // Partial tiles beyond the checkpoint are not served.
    assert!(serve(&db, "tile/0/003.p/4", cp.size).is_none());
    assert!(serve(&db, "tile/0/003.p/3", cp.size).is_some());

    // Inclusion of a specific decision.
    let index = 301;
    let proof = inclusion_proof(&db, index, cp.size).unwrap();
    let r = Record::from_canonical_bytes(&db.entries[index as usize]).unwrap();
    assert_eq!(r, record(index));
    verify_inclusion(&r.leaf_hash().unwrap(), index, cp.size, &proof, &cp.root).unwrap();

    // The stored tile hashes let a client recompute the root itself.
    let level1 = tiles::tile_at_size(1, 0, cp.size).unwrap();
    assert_eq!(level1.width, 3);
    let l1 = tiles::split_tile(&level1, &tiles::read_tile(&db, &level1).unwrap()).unwrap();
    let tail_start = 3 * 256;
    let tail: Vec<Hash> = (tail_start..cp.size)
        .map(|i| db.nodes[&NodeId::new(0, i)])
        .collect();
    // The edge of size 768 is [node(0..512), node(512..768)].
    let edge = [waico_ledger::hash::node_hash(&l1[0], &l1[1]), l1[2]];
    let mut builder = TreeBuilder::from_edge(tail_start, &edge).unwrap();
    builder.append(&tail);
    assert_eq!(builder.root(), cp.root);

    // A tampered served note fails.
    let tampered = served_note.replacen("771", "772", 1);
    assert!(open_checkpoint(tampered.as_bytes(), &log_key.verifier()).is_err());
    assert_eq!(
        Note::parse(served_note.as_bytes())
            .unwrap()
            .signatures
            .len(),
        4
    );
}
