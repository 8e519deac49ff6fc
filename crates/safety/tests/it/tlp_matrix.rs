//! The TLP matrix: every level × every viewer × every surface the crate
//! offers. Each surface must agree with the table in `fixtures::expected`
//! and nothing of a hidden report may appear.

use waico_safety::ids::CommentId;
use waico_safety::statistics::statistics;
use waico_safety::tlp::{Shared, Tlp, count_visible, may_see, tally_visible, visible};

use crate::fixtures::*;

#[test]
fn single_read_follows_the_table() {
    for r in one_per_level() {
        for (name, viewer) in viewers() {
            let level = r.marking.tlp();
            assert_eq!(
                may_see(&r.marking, &r.origin, &viewer),
                expected(level, name),
                "{level} seen by {name}"
            );
        }
    }
}

#[test]
fn the_author_always_sees_their_report() {
    let me = waico_safety::tlp::Viewer::Member(author());
    for r in one_per_level() {
        assert!(r.visible_to(&me), "{}", r.marking.tlp());
    }
}

#[test]
fn lists_counts_tallies_and_statistics_hold_only_visible_reports() {
    let reports = one_per_level();
    for (name, viewer) in viewers() {
        let want: Vec<Tlp> = Tlp::ALL
            .into_iter()
            .filter(|t| expected(*t, name))
            .collect();
        let listed: Vec<Tlp> = visible(&reports, &viewer)
            .map(|r| r.marking.tlp())
            .collect();
        assert_eq!(listed, want, "list for {name}");
        assert_eq!(
            count_visible(&reports, &viewer),
            want.len() as u64,
            "count for {name}"
        );
        let by_level = tally_visible(&reports, &viewer, |r| [r.marking.tlp()]);
        assert_eq!(
            by_level.keys().copied().collect::<Vec<_>>(),
            want,
            "tally for {name}"
        );
        let stats = statistics(&reports, &viewer);
        assert_eq!(
            stats.total,
            want.len() as u64,
            "statistics total for {name}"
        );
        assert_eq!(
            stats.by_harm_type.get("physical").copied().unwrap_or(0),
            want.len() as u64,
            "harm chart for {name}"
        );
        let levels: Vec<&str> = stats.by_tlp.keys().map(String::as_str).collect();
        let mut want_names: Vec<&str> = want.iter().map(|t| t.as_str()).collect();
        want_names.sort();
        assert_eq!(levels, want_names, "levels in statistics for {name}");
    }
}

#[test]
fn comments_are_seen_only_by_who_sees_both_report_and_comment() {
    let mut r = report_at(Tlp::Green, "r-comments");
    let writer = triager(author());
    for (i, level) in [Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red]
        .into_iter()
        .enumerate()
    {
        r.comment(
            CommentId::parse(&format!("c{i}")).unwrap(),
            marking(level),
            &format!("note {}", secret(level)),
            &writer,
            NOW,
        )
        .unwrap();
    }
    // A comment may not be shared more widely than its report.
    let err = r
        .comment(
            CommentId::parse("c-wide").unwrap(),
            marking(Tlp::Clear),
            "wide",
            &writer,
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().starts_with("tlp:"), "{err}");
    for (name, viewer) in viewers() {
        let seen: Vec<Tlp> = r.comments_for(&viewer).map(|c| c.marking.tlp()).collect();
        let want: Vec<Tlp> = [Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red]
            .into_iter()
            .filter(|t| expected(Tlp::Green, name) && expected(*t, name))
            .collect();
        assert_eq!(seen, want, "comments for {name}");
    }
}

#[test]
fn search_hits_snippets_and_totals_hold_only_visible_reports() {
    use waico_safety::search::{ReportIndex, SearchQuery};
    let mut reports = one_per_level();
    for r in &mut reports {
        // The secret word in the body too, so that a snippet would show it.
        r.content.description = format!("{} dangerous advice", secret(r.marking.tlp()));
    }
    let index = ReportIndex::open_in_ram().unwrap();
    index.rebuild(&reports).unwrap();
    for (name, viewer) in viewers() {
        let want: Vec<Tlp> = Tlp::ALL
            .into_iter()
            .filter(|t| expected(*t, name))
            .collect();
        let q = SearchQuery {
            text: "dangerous advice".into(),
            limit: 50,
            ..SearchQuery::default()
        };
        let found = index.search(&q, &viewer).unwrap();
        assert_eq!(found.total, want.len(), "total for {name}");
        let mut ids: Vec<String> = found.hits.iter().map(|h| h.id.clone()).collect();
        ids.sort();
        let mut want_ids: Vec<String> = want.iter().map(|t| format!("r-{}", secret(*t))).collect();
        want_ids.sort();
        assert_eq!(ids, want_ids, "hits for {name}");
        for h in &found.hits {
            assert!(
                h.snippet.contains("<b>"),
                "snippet highlights: {}",
                h.snippet
            );
        }
        // Searching a hidden report's own secret word finds nothing and counts nothing.
        for level in Tlp::ALL.into_iter().filter(|t| !expected(*t, name)) {
            let q = SearchQuery {
                text: secret(level),
                limit: 10,
                ..SearchQuery::default()
            };
            let r = index.search(&q, &viewer).unwrap();
            assert_eq!((r.total, r.hits.len()), (0, 0), "{level} secret for {name}");
            let count_only = index
                .search(&SearchQuery { limit: 0, ..q }, &viewer)
                .unwrap();
            assert_eq!(count_only.total, 0);
        }
        // A filter-only query (no text) counts visible reports only.
        let by_sector = index
            .search(
                &SearchQuery {
                    sectors: vec!["health".into()],
                    ..SearchQuery::default()
                },
                &viewer,
            )
            .unwrap();
        assert_eq!(by_sector.total, want.len(), "sector count for {name}");
    }
}

#[test]
fn exports_hold_only_visible_reports_and_their_labels() {
    use waico_safety::exchange::{export_csv, export_jsonl};
    use waico_safety::stix::bundle;
    let reports = one_per_level();
    for (name, viewer) in viewers() {
        let want: Vec<Tlp> = Tlp::ALL
            .into_iter()
            .filter(|t| expected(*t, name))
            .collect();
        let hidden: Vec<Tlp> = Tlp::ALL
            .into_iter()
            .filter(|t| !expected(*t, name))
            .collect();

        let mut jsonl = Vec::new();
        let n = export_jsonl(&reports, &viewer, &mut jsonl).unwrap();
        let jsonl = String::from_utf8(jsonl).unwrap();
        assert_eq!(n, want.len(), "jsonl for {name}");
        let labels: Vec<String> = jsonl
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["tlp"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(labels, want.iter().map(|t| t.label()).collect::<Vec<_>>());

        let mut csv = Vec::new();
        let n = export_csv(&reports, &viewer, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(n, want.len(), "csv for {name}");
        assert_eq!(csv.lines().count(), want.len() + 1);

        let stix = bundle(&reports, &viewer, "waico-test", NOW).to_string();
        let incidents = stix.matches("\"type\":\"incident\"").count();
        assert_eq!(incidents, want.len(), "stix for {name}");

        for level in hidden {
            let s = secret(level);
            assert!(!jsonl.contains(&s), "{level} leaks into jsonl for {name}");
            assert!(!csv.contains(&s), "{level} leaks into csv for {name}");
            assert!(!stix.contains(&s), "{level} leaks into stix for {name}");
            assert!(
                !stix.contains(waico_safety::stix::marking_definition_id(level)),
                "{level} marking in stix for {name}"
            );
        }
    }
}

#[test]
fn exported_comments_follow_their_own_marking() {
    use waico_safety::exchange::export_jsonl;
    let mut r = report_at(Tlp::Green, "r-green-with-comments");
    let writer = triager(author());
    for (i, level) in [Tlp::Amber, Tlp::AmberStrict, Tlp::Red]
        .into_iter()
        .enumerate()
    {
        r.comment(
            CommentId::parse(&format!("c{i}")).unwrap(),
            marking(level),
            &format!("comment {}", secret(level)),
            &writer,
            NOW,
        )
        .unwrap();
    }
    let reports = [r];
    for (name, viewer) in viewers() {
        let mut out = Vec::new();
        export_jsonl(&reports, &viewer, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        for level in [Tlp::Amber, Tlp::AmberStrict, Tlp::Red] {
            let shown = expected(Tlp::Green, name) && expected(level, name);
            assert_eq!(
                out.contains(&secret(level)),
                shown,
                "{level} comment in the export for {name}"
            );
        }
    }
}
