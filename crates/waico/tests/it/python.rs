//! The Python virtual environment that real third-party clients and
//! services run from in these tests (`huggingface_hub`, the `moto` S3
//! server, the `aiosmtpd` mail server, `schemathesis`): `target/py-venv`, made by
//! `.ci/run`, or here on first use with the same pinned versions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The packages, pinned as `.ci/run` pins them.
const REQUIREMENTS: &[(&str, &str)] = &[
    ("huggingface_hub", "huggingface_hub==2.4.0"),
    ("moto.server", "moto[server]==5.1.22"),
    // The OASIS STIX 2.1 library: validates the safety part's STIX exports.
    ("stix2", "stix2==3.0.1"),
    ("aiosmtpd", "aiosmtpd==1.4.6"),
    // Tries the whole API against its OpenAPI document.
    ("schemathesis", "schemathesis==4.32.5"),
    // Parses the compliance work's iCalendar feeds (RFC 5545).
    ("icalendar", "icalendar==7.3.0"),
];

static SETUP: Mutex<()> = Mutex::new(());

/// The venv's `python`, with every package of [`REQUIREMENTS`] importable.
pub fn python() -> PathBuf {
    venv_with("py-venv", REQUIREMENTS)
}

/// `huggingface_hub` 0.36, the last 0.x release, in `target/py-venv-036`
/// (made by `.ci/run`, or here): the write API is checked with it too.
pub fn python_hub_036() -> PathBuf {
    venv_with(
        "py-venv-036",
        &[("huggingface_hub", "huggingface_hub==0.36.0")],
    )
}

/// The `python` of `target/<dir>`, made and filled with `requirements`
/// (module to import, pip requirement) when missing.
fn venv_with(dir: &str, requirements: &[(&str, &str)]) -> PathBuf {
    let _one_at_a_time = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target")
        .join(dir);
    let python = venv.join("bin/python");
    let imports = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !python.exists() {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 is installed");
        assert!(status.success(), "python3 -m venv failed");
    }
    let missing: Vec<&str> = requirements
        .iter()
        .filter(|(module, _)| !imports(module))
        .map(|(_, requirement)| *requirement)
        .collect();
    if !missing.is_empty() {
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet"])
            .args(&missing)
            .status()
            .expect("pip runs");
        assert!(status.success(), "pip install {missing:?} failed");
    }
    python
}
