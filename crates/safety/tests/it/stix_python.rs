//! STIX 2.1 bundles validated by the OASIS `stix2` Python package, run from
//! a virtual environment under `target/safety-py-venv` made on first use
//! (as `crates/waico/tests/it/python.rs` makes its own). Skipped only when
//! python3 is absent and `WAICO_REQUIRE_PYTHON` is not set.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use waico_safety::report::{AffectedVersions, Report};
use waico_safety::stix::bundle;
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::{Tlp, Viewer};

use crate::fixtures::*;

/// The validator, pinned.
const REQUIREMENT: &str = "stix2==3.0.1";

static SETUP: Mutex<()> = Mutex::new(());

/// The venv's python with `stix2` importable; `None` when python3 is absent
/// (a failure when `WAICO_REQUIRE_PYTHON` is set).
fn python() -> Option<PathBuf> {
    let _one = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    let has_python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_python {
        assert!(
            std::env::var_os("WAICO_REQUIRE_PYTHON").is_none(),
            "python3 is required (WAICO_REQUIRE_PYTHON is set)"
        );
        eprintln!("python3 absent: STIX validation skipped");
        return None;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/safety-py-venv");
    let python = venv.join("bin/python");
    let imports = || {
        Command::new(&python)
            .args(["-c", "import stix2"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !python.exists() {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .expect("python3 runs");
        assert!(status.success(), "python3 -m venv failed");
    }
    if !imports() {
        let status = Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", REQUIREMENT])
            .status()
            .expect("pip runs");
        assert!(status.success(), "pip install {REQUIREMENT} failed");
    }
    Some(python)
}

/// Parses the bundle strictly (no custom content) and prints what it found.
const VALIDATE: &str = r#"
import json, sys, stix2
data = open(sys.argv[1], encoding="utf-8").read()
b = stix2.parse(data, allow_custom=False, version="2.1")
out = []
for o in b.objects:
    if o.type == "marking-definition":
        out.append("marking " + o.name)
    else:
        refs = ",".join(getattr(o, "object_marking_refs", []))
        out.append(o.type + " " + getattr(o, "name", "") + " " + refs)
print("\n".join(sorted(out)))
"#;

fn vulnerability() -> Report {
    let mut d = draft("Jailbreak of chat-7b by role play");
    d.vulnerability = true;
    d.affected = vec![AffectedVersions {
        artifact: "chat-7b".into(),
        versions: vec!["<= 1.2".into()],
    }];
    let content = d.validate(Taxonomies::builtin()).unwrap();
    Report::submit(
        waico_safety::ids::ReportId::parse("r-vuln").unwrap(),
        origin(),
        marking(Tlp::Green),
        content,
        None,
        NOW,
    )
    .unwrap()
}

#[test]
fn stix_bundles_parse_with_the_oasis_stix2_library() {
    let Some(python) = python() else { return };
    let mut reports = one_per_level();
    reports.push(vulnerability());
    let everything = Viewer::Member(author());
    let b = bundle(&reports, &everything, "WAICO test node", NOW);
    let dir = std::env::temp_dir().join(format!("waico-stix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bundle.json");
    std::fs::write(&file, b.to_string()).unwrap();
    let out = Command::new(&python)
        .args(["-c", VALIDATE])
        .arg(&file)
        .output()
        .expect("python runs");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        out.status.success(),
        "stix2 rejects the bundle: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = String::from_utf8(out.stdout).unwrap();
    for tlp in Tlp::ALL {
        assert!(
            found.contains(&format!("marking {}", tlp.label())),
            "{found}"
        );
    }
    assert_eq!(found.matches("incident ").count(), 5, "{found}");
    assert!(found.contains(&format!(
        "vulnerability Jailbreak of chat-7b by role play {}",
        waico_safety::stix::marking_definition_id(Tlp::Green)
    )));
    assert!(found.contains("identity WAICO test node"));
}
