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
