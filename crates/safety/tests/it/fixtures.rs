//! Members, organisations, a community and reports at every TLP level, shared by the tests.

use std::collections::BTreeSet;

use time::OffsetDateTime;
use time::macros::datetime;
use waico_safety::ids::{CommunityId, MemberId, OrgId, ReportId};
use waico_safety::report::{Report, ReportDraft, SourceDraft};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::{Marking, MemberView, Origin, Recipients, Tlp, Viewer};
use waico_safety::workflow::Actor;

pub const NOW: OffsetDateTime = datetime!(2026-09-01 10:00 UTC);

pub fn member(id: &str, org: &str, communities: &[&str], secretariat: bool) -> MemberView {
    MemberView {
        member: MemberId::parse(id).unwrap(),
        org: OrgId::parse(org).unwrap(),
        communities: communities
            .iter()
            .map(|c| CommunityId::parse(c).unwrap())
            .collect::<BTreeSet<_>>(),
        secretariat,
    }
}

/// The author of every fixture report: `amina` of `org-a`.
pub fn author() -> MemberView {
    member("amina", "org-a", &[], false)
}

pub fn origin() -> Origin {
    Origin {
        author: MemberId::parse("amina").unwrap(),
        org: OrgId::parse("org-a").unwrap(),
    }
}

/// The six viewers of the matrix, with their names.
pub fn viewers() -> Vec<(&'static str, Viewer)> {
    vec![
        ("anonymous", Viewer::Anonymous),
        (
            "other org",
            Viewer::Member(member("oleg", "org-other", &[], false)),
        ),
        (
            "named community",
            Viewer::Member(member("chen", "org-c", &["cert-net"], false)),
        ),
        (
            "reporter's org",
            Viewer::Member(member("rosa", "org-a", &[], false)),
        ),
        (
            "named recipient",
            Viewer::Member(member("ravi", "org-r", &[], false)),
        ),
        (
            "secretariat",
            Viewer::Member(member("sam", "secretariat", &[], true)),
        ),
    ]
}

/// Who sees what, written from the TLP 2.0 rules of the brief: (level, viewer) → visible.
pub fn expected(level: Tlp, viewer: &str) -> bool {
    match level {
        Tlp::Clear => true,
        Tlp::Green => viewer != "anonymous",
        Tlp::Amber => viewer == "named community",
        Tlp::AmberStrict => viewer == "reporter's org",
        Tlp::Red => viewer == "named recipient",
    }
}

pub fn marking(level: Tlp) -> Marking {
    match level {
        Tlp::Clear => Marking::Clear,
        Tlp::Green => Marking::Green,
        Tlp::Amber => Marking::Amber {
            community: CommunityId::parse("cert-net").unwrap(),
        },
        Tlp::AmberStrict => Marking::AmberStrict,
        Tlp::Red => Marking::Red {
            recipients: Recipients::new([MemberId::parse("ravi").unwrap()]).unwrap(),
        },
    }
}

/// A word only the report at `level` contains (to look for leaks in texts).
pub fn secret(level: Tlp) -> String {
    format!(
        "zq{}marker",
        level.as_str().to_ascii_lowercase().replace('+', "")
    )
}

pub fn draft(title: &str) -> ReportDraft {
    ReportDraft {
        title: title.into(),
        description: "A chatbot gave dangerous medical advice to patients.".into(),
        date: Some("2026-08-20".into()),
        alleged_deployers: vec!["Clinic Co".into()],
        alleged_developers: vec!["Model Lab".into()],
        alleged_harmed_parties: vec!["patients".into()],
        sources: vec![SourceDraft {
            url: "https://news.example.org/a".into(),
            title: Some("News".into()),
            text: "Reported by the press.".into(),
        }],
        harm_types: vec!["physical".into()],
        severity: Some("serious_incident".into()),
        stakeholders: vec!["consumers".into()],
        sectors: vec!["health".into()],
        countries: vec!["de".into()],
        ..ReportDraft::default()
    }
}

pub fn report_at(level: Tlp, id: &str) -> Report {
    let content = draft(&format!("Incident {} {id}", secret(level)))
        .validate(Taxonomies::builtin())
        .unwrap();
    Report::submit(
        ReportId::parse(id).unwrap(),
        origin(),
        marking(level),
        content,
        None,
        NOW,
    )
    .unwrap()
}

/// One report per level, ids `r-clear`, `r-green`, ….
pub fn one_per_level() -> Vec<Report> {
    Tlp::ALL
        .into_iter()
        .map(|t| report_at(t, &format!("r-{}", secret(t))))
        .collect()
}

pub fn triager(view: MemberView) -> Actor {
    Actor {
        member: view,
        triager: true,
    }
}
