//! Properties of the framework, rulepack and profile upload parsers: a
//! shipped document with a random edit (bytes cut out, text put in, the end
//! cut off) is loaded or refused with errors that point into the upload,
//! never a panic; a profile that loads writes back to YAML that loads to
//! the same profile. Bounded to 256 cases each so that they stay in the
//! test run.

use std::sync::{LazyLock, Mutex};

use proptest::prelude::*;
use waico_framework::catalog::shipped;
use waico_framework::framework::Framework;
use waico_framework::{Catalog, LoadErrors, Profile};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// One random edit of a document, on character boundaries.
#[derive(Debug, Clone)]
enum Edit {
    Cut {
        at: prop::sample::Index,
        len: usize,
    },
    Put {
        at: prop::sample::Index,
        text: String,
    },
    End {
        at: prop::sample::Index,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1usize..40).prop_map(|(at, len)| Edit::Cut { at, len }),
        (
            any::<prop::sample::Index>(),
            "([-:\\[\\]{}|>&*!%@#'\",\n ]|[a-z0-9_]{1,6}|\\PC){1,8}"
        )
            .prop_map(|(at, text)| Edit::Put { at, text }),
        any::<prop::sample::Index>().prop_map(|at| Edit::End { at }),
    ]
}

fn apply(src: &str, edit: &Edit) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    match edit {
        Edit::Cut { at, len } => {
            let from = at.index(chars.len());
            let to = (from + len).min(chars.len());
            chars.drain(from..to);
        }
        Edit::Put { at, text } => {
            let i = at.index(chars.len() + 1);
            chars.splice(i..i, text.chars());
        }
        Edit::End { at } => chars.truncate(at.index(chars.len() + 1)),
    }
    chars.into_iter().collect()
}

/// Every error names the upload and a line of it (0: the whole file).
fn points_into(errors: &LoadErrors, file: &str, src: &str) -> Result<(), TestCaseError> {
    prop_assert!(!errors.0.is_empty());
    let lines = src.lines().count() + 1;
    for e in &errors.0 {
        prop_assert_eq!(&e.file, file);
        prop_assert!(e.line <= lines, "{} (of {} lines)", e, lines);
        prop_assert!(!e.reason.is_empty());
    }
    Ok(())
}

static CATALOG: LazyLock<Mutex<Catalog>> =
    LazyLock::new(|| Mutex::new(Catalog::shipped().expect("shipped data loads")));

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edited_frameworks_load_or_are_refused_with_located_errors(
        doc in prop::sample::select(shipped::FRAMEWORKS.to_vec()),
        edit in edit(),
    ) {
        let src = apply(doc.1, &edit);
        if let Err(errors) = Framework::from_yaml("upload.yaml", &src) {
            points_into(&errors, "upload.yaml", &src)?;
        }
    }

    #[test]
    fn edited_rulepacks_load_or_are_refused_with_located_errors(
        doc in prop::sample::select(shipped::PACKS.to_vec()),
        edit in edit(),
    ) {
        let src = apply(doc.1, &edit);
        let mut catalog = CATALOG.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(errors) = catalog.add_pack_yaml("upload.yaml", &src) {
            points_into(&errors, "upload.yaml", &src)?;
        }
    }

    #[test]
    fn edited_profiles_load_or_are_refused_and_loaded_ones_round_trip(
        doc in prop::sample::select(shipped::DEMO_SYSTEMS.to_vec()),
        edit in edit(),
    ) {
        let src = apply(doc.1, &edit);
        match Profile::from_yaml("upload.yaml", &src) {
            Ok(profile) => {
                let again = Profile::from_yaml("again.yaml", &profile.to_yaml());
                prop_assert!(again.is_ok(), "{:?}", again.err());
                prop_assert_eq!(again.unwrap().to_yaml(), profile.to_yaml());
            }
            Err(errors) => points_into(&errors, "upload.yaml", &src)?,
        }
    }
}
