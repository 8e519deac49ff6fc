//! Tile paths and entry bundles from untrusted bytes: what parses is the
//! canonical form, and decoded bundles encode back to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waico_ledger::tiles::{TilePath, decode_bundle, encode_bundle, parse_path};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(path) = std::str::from_utf8(bytes)
        && let Ok(parsed) = parse_path(path)
    {
        let printed = match parsed {
            TilePath::Hashes(t) => t.path(),
            TilePath::Entries(b) => b.path(),
        };
        assert_eq!(printed, path);
    }
    if let Ok(entries) = decode_bundle(bytes) {
        assert_eq!(encode_bundle(&entries).unwrap(), bytes);
    }
});
