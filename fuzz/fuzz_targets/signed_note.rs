//! Signed notes, checkpoints and cosignatures from untrusted bytes: parse,
//! print back, and verify against a log key and a witness key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waico_ledger::keys::SignerKey;
use waico_ledger::{Checkpoint, Note, open_checkpoint, verify_cosignatures};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(note) = Note::parse(bytes) {
        assert_eq!(note.to_string().as_bytes(), bytes, "a parsed note prints back");
        if let Ok(cp) = Checkpoint::parse_text(&note.text) {
            assert_eq!(cp.to_text(), note.text, "a parsed checkpoint prints back");
        }
        let witness = SignerKey::from_seed("witness.example", [9; 32]).unwrap();
        let _ = verify_cosignatures(&note, &[witness.cosignature_verifier()], 1);
    }
    let log = SignerKey::from_seed("example.org/waico", [7; 32]).unwrap();
    let _ = open_checkpoint(bytes, &log.verifier());
});
