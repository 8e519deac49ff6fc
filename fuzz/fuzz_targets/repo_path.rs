//! Repository ids, paths and revisions from untrusted URLs and pushes: what
//! parses prints back and cannot leave the repository.
#![no_main]

use libfuzzer_sys::fuzz_target;
use waico_commons::repo::{RepoId, RepoPath, Revision};

fuzz_target!(|text: &str| {
    if let Ok(path) = RepoPath::parse(text) {
        assert_eq!(path.as_str(), text);
        assert!(text.split('/').all(|s| !matches!(s, "" | "." | "..")));
    }
    if let Ok(id) = RepoId::parse(text) {
        assert_eq!(id.to_string(), text);
    }
    if let Ok(Revision::Named(name)) = Revision::parse(text) {
        assert!(!name.contains("..") && !name.chars().any(char::is_control));
    }
});
