//! Properties of the ledger's parsers of untrusted bytes: signed notes,
//! checkpoints, witness cosignatures, tile paths and entry bundles. Bounded
//! to 256 cases each so that they stay in the test run.

use proptest::prelude::*;
use waico_ledger::cosignature::cosign;
use waico_ledger::keys::SignerKey;
use waico_ledger::tiles::{BundleId, TileId, TilePath, decode_bundle, encode_bundle, parse_path};
use waico_ledger::{Checkpoint, Note, leaf_hash, open_checkpoint, verify_cosignatures};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

fn log_key() -> SignerKey {
    SignerKey::from_seed("example.org/waico", [7; 32]).unwrap()
}

fn witness_key() -> SignerKey {
    SignerKey::from_seed("witness.example", [9; 32]).unwrap()
}

/// A signed checkpoint with one witness cosignature, as bytes.
fn signed_checkpoint(size: u64, leaf: &[u8]) -> Vec<u8> {
    let cp = Checkpoint::new(log_key().name(), size, leaf_hash(leaf));
    let mut note = cp.sign(&log_key()).unwrap();
    note.signatures
        .push(cosign(&note.text, &witness_key(), 1_700_000_000).unwrap());
    note.to_string().into_bytes()
}

proptest! {
    #![proptest_config(config())]

    /// Any bytes: parsing answers (no panic), and what parses prints back
    /// to the same bytes (one reading per note).
    #[test]
    fn notes_parse_or_refuse_and_print_back(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(note) = Note::parse(&bytes) {
            prop_assert_eq!(note.to_string().into_bytes(), bytes);
        }
    }

    /// Text shaped like a note (lines, a blank line, signature-like lines).
    #[test]
    fn note_shaped_text_parses_or_refuses(
        text in "([a-z0-9./+ ]{0,20}\n){0,4}\n(— [a-z.]{1,12} [A-Za-z0-9+/=]{0,100}\n){0,3}"
    ) {
        if let Ok(note) = Note::parse(text.as_bytes()) {
            prop_assert_eq!(note.to_string(), text);
            let _ = Checkpoint::parse_text(&note.text);
        }
    }

    /// A signed, cosigned checkpoint opens; changing any one byte of it
    /// makes it fail to open or to count the witness (never a different
    /// checkpoint that verifies).
    #[test]
    fn a_changed_byte_never_verifies(
        size in 0u64..1 << 40,
        leaf in proptest::collection::vec(any::<u8>(), 0..32),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let good = signed_checkpoint(size, &leaf);
        let (cp, note) = open_checkpoint(&good, &log_key().verifier()).unwrap();
        prop_assert_eq!(cp.size, size);
        let witnesses = [witness_key().cosignature_verifier()];
        prop_assert_eq!(verify_cosignatures(&note, &witnesses, 1).unwrap().len(), 1);

        let mut bad = good.clone();
        let i = at.index(bad.len());
        bad[i] ^= flip;
        let opened = open_checkpoint(&bad, &log_key().verifier());
        if let Ok((cp2, note2)) = opened {
            // Only the cosignature line changed: the witness no longer counts.
            prop_assert_eq!(cp2, cp);
            prop_assert!(verify_cosignatures(&note2, &witnesses, 1).is_err());
        }
    }

    /// Checkpoint bodies: any text parses or is refused, and a parsed one
    /// prints back to the same text.
    #[test]
    fn checkpoint_text_parses_or_refuses(
        text in "[a-z./]{0,12}\n[0-9]{0,21}\n[A-Za-z0-9+/=]{0,46}\n([a-z ]{0,8}\n){0,2}"
    ) {
        if let Ok(cp) = Checkpoint::parse_text(&text) {
            prop_assert_eq!(cp.to_text(), text);
        }
    }

    /// Tile paths: every tile and bundle has one path that parses back to
    /// it; any other string parses only if it is that canonical path.
    #[test]
    fn tile_paths_round_trip(level in 0u8..=63, index in any::<u64>(), width in 1u16..=256) {
        let tile = TileId { level, index, width };
        prop_assert_eq!(parse_path(&tile.path()).unwrap(), TilePath::Hashes(tile));
        let bundle = BundleId { index, width };
        prop_assert_eq!(parse_path(&bundle.path()).unwrap(), TilePath::Entries(bundle));
    }

    #[test]
    fn only_canonical_tile_paths_parse(path in "tile/(entries|[0-9]{1,3})(/x?[0-9]{1,4}){1,3}(\\.p/[0-9]{1,4})?") {
        if let Ok(parsed) = parse_path(&path) {
            let printed = match parsed {
                TilePath::Hashes(t) => t.path(),
                TilePath::Entries(b) => b.path(),
            };
            prop_assert_eq!(printed, path);
        }
    }

    /// Entry bundles: what is encoded decodes to the same entries; any
    /// bytes decode or are refused.
    #[test]
    fn bundles_round_trip(entries in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..16)) {
        let bytes = encode_bundle(&entries).unwrap();
        prop_assert_eq!(decode_bundle(&bytes).unwrap(), entries);
    }

    #[test]
    fn any_bytes_decode_as_a_bundle_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(entries) = decode_bundle(&bytes) {
            prop_assert_eq!(encode_bundle(&entries).unwrap(), bytes);
        }
    }
}
