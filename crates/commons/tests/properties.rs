//! Properties of the commons parsers of untrusted text: repository ids,
//! paths and revisions (from URLs and pushes) and card front matter (from
//! a pushed README). Bounded to 256 cases each so that they stay in the
//! test run.

use proptest::prelude::*;
use waico_commons::card::parse_card;
use waico_commons::repo::{RepoId, RepoKind, RepoPath, Revision};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        ..ProptestConfig::default()
    }
}

/// Strings made of the characters that matter to these parsers.
fn tricky(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("/".to_owned()),
            Just(".".to_owned()),
            Just("..".to_owned()),
            Just("\\".to_owned()),
            Just("-".to_owned()),
            Just("_".to_owned()),
            Just("@{".to_owned()),
            Just(".lock".to_owned()),
            Just(".git".to_owned()),
            Just("\0".to_owned()),
            Just(" ".to_owned()),
            Just("\u{202e}".to_owned()),
            "[a-zA-Z0-9]{1,4}",
            "[\\PC]{1,2}",
        ],
        0..max,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    /// A path that parses is relative, has no empty, `.` or `..` segment,
    /// no backslash or control character, and prints back as given.
    #[test]
    fn parsed_paths_cannot_leave_the_repository(s in tricky(12)) {
        if let Ok(path) = RepoPath::parse(&s) {
            prop_assert_eq!(path.as_str(), s.as_str());
            prop_assert!(!s.starts_with('/'));
            prop_assert!(!s.contains('\\'));
            prop_assert!(!s.chars().any(char::is_control));
            for segment in s.split('/') {
                prop_assert!(!matches!(segment, "" | "." | ".."), "{}", s);
            }
            prop_assert_eq!(path.file_name(), s.rsplit('/').next().unwrap());
        }
    }

    /// A repository id that parses has two safe names and prints back.
    #[test]
    fn parsed_repo_ids_are_two_safe_names(s in tricky(8)) {
        if let Ok(id) = RepoId::parse(&s) {
            prop_assert_eq!(id.to_string(), s.clone());
            for part in [id.owner(), id.name()] {
                prop_assert!(!part.is_empty() && part.len() <= 96);
                prop_assert!(part.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)));
                prop_assert!(!part.contains(".."));
            }
            prop_assert_eq!(RepoId::new(id.owner(), id.name()).unwrap(), id);
        }
    }

    /// A revision is a commit id exactly when it is 40 or 64 hex digits;
    /// a name never holds `..`, a space, a control character or `@{`.
    #[test]
    fn revisions_are_commits_or_safe_names(s in prop_oneof![tricky(10), "[0-9a-fA-F]{40}", "[0-9a-fA-F]{64}"]) {
        match Revision::parse(&s) {
            Ok(Revision::Commit(hex)) => {
                prop_assert!(hex.len() == 40 || hex.len() == 64);
                prop_assert_eq!(hex, s.to_ascii_lowercase());
            }
            Ok(Revision::Named(name)) => {
                prop_assert_eq!(&name, &s);
                let reflog = name.contains("@{");
                prop_assert!(!name.contains("..") && !reflog);
                prop_assert!(!name.chars().any(|c| c.is_control() || c.is_whitespace()));
                prop_assert!(!name.starts_with('-') && !name.starts_with('/'));
            }
            Err(_) => {}
        }
    }

    /// Any README parses (problems are reported, never a panic); the body
    /// is the end of the text and starts on the line the card says.
    #[test]
    fn any_readme_parses_with_its_body_in_place(
        front in "(([a-z_]{1,10}|\"[^\"\n]{0,6}\"|- ?|  )(: ?)?([\\[\\]{}a-z0-9,:'\"&*!|>-]{0,12}| \\[.{0,8}\\])\n){0,6}",
        body in "[\\PC\n]{0,60}",
        fenced in any::<bool>(),
    ) {
        let text = if fenced { format!("---\n{front}---\n{body}") } else { format!("{front}{body}") };
        let card = parse_card(&text);
        prop_assert!(text.ends_with(&card.body), "{:?}", card.body);
        let before = &text[..text.len() - card.body.len()];
        prop_assert_eq!(card.body_line, before.matches('\n').count() + 1);
        for kind in [RepoKind::Model, RepoKind::Dataset, RepoKind::Tool] {
            let _ = card.metadata.hub_tags(kind);
        }
        let _ = serde_json::to_string(&card.metadata).unwrap();
    }
}
