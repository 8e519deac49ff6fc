//! Framework, rulepack and profile uploads from untrusted YAML: loaded or
//! refused with located errors, never a panic.
#![no_main]

use std::sync::{LazyLock, Mutex};

use libfuzzer_sys::fuzz_target;
use waico_framework::framework::Framework;
use waico_framework::{Catalog, Profile};

static CATALOG: LazyLock<Mutex<Catalog>> =
    LazyLock::new(|| Mutex::new(Catalog::shipped().expect("shipped data loads")));

fuzz_target!(|text: &str| {
    let _ = Framework::from_yaml("upload.yaml", text);
    if let Ok(profile) = Profile::from_yaml("upload.yaml", text) {
        Profile::from_yaml("again.yaml", &profile.to_yaml()).expect("a loaded profile reloads");
    }
    let mut catalog = CATALOG.lock().unwrap_or_else(|e| e.into_inner());
    let _ = catalog.add_pack_yaml("upload.yaml", text);
});
