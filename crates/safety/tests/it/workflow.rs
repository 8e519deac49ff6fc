//! The workflow: steps, who may take them, history, merging duplicates.

use waico_safety::report::{ReportDraft, SourceDraft};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::Tlp;
use waico_safety::workflow::{Action, Actor, Event, State, WorkflowError, merge_duplicate};

use crate::fixtures::*;

fn desk() -> Actor {
    triager(member("tina", "secretariat", &[], true))
}

#[test]
fn the_happy_path_records_every_step() {
    let mut r = report_at(Tlp::Green, "r-1");
    for a in [
        Action::Triage,
        Action::Confirm,
        Action::Mitigate,
        Action::Close,
    ] {
        r.apply(a, &desk(), NOW).unwrap();
    }
    assert_eq!(r.state(), &State::Closed);
    let moves: Vec<(String, String)> = r
        .history()
        .iter()
        .filter_map(|h| match &h.event {
            Event::Moved { from, to } => Some((from.clone(), to.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("submitted", "triaged"),
            ("triaged", "confirmed"),
            ("confirmed", "mitigated"),
            ("mitigated", "closed")
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(r.history()[0].event, Event::Submitted);
    assert_eq!(r.history()[1].actor.as_str(), "tina");
}

#[test]
fn steps_out_of_order_and_without_the_right_are_refused() {
    let mut r = report_at(Tlp::Green, "r-2");
    let e = r.apply(Action::Confirm, &desk(), NOW).unwrap_err();
    assert_eq!(
        e,
        WorkflowError::WrongState {
            action: "confirm",
            state: "submitted"
        }
    );
    let plain = Actor {
        member: member("oleg", "org-other", &[], false),
        triager: false,
    };
    assert_eq!(
        r.apply(Action::Triage, &plain, NOW).unwrap_err(),
        WorkflowError::Forbidden("triage")
    );
    // A rejection gives its reason.
    assert!(matches!(
        r.apply(Action::Reject { reason: " ".into() }, &desk(), NOW),
        Err(WorkflowError::Invalid {
            field: "reason",
            ..
        })
    ));
    r.apply(
        Action::Reject {
            reason: "not AI".into(),
        },
        &desk(),
        NOW,
    )
    .unwrap();
    r.apply(Action::Reopen, &desk(), NOW).unwrap();
    assert_eq!(r.state(), &State::Submitted);
    // The reporter's organisation may mark a confirmed report mitigated.
    r.apply(Action::Triage, &desk(), NOW).unwrap();
    r.apply(Action::Confirm, &desk(), NOW).unwrap();
    let colleague = Actor {
        member: member("rosa", "org-a", &[], false),
        triager: false,
    };
    r.apply(Action::Mitigate, &colleague, NOW).unwrap();
}

#[test]
fn nobody_acts_on_a_report_they_may_not_see() {
    let mut red = report_at(Tlp::Red, "r-red");
    // The secretariat holds the triage right but is not a recipient.
    assert_eq!(
        red.apply(Action::Triage, &desk(), NOW).unwrap_err(),
        WorkflowError::NotVisible
    );
    // Only someone who may see it may be assigned.
    let ravi = member("ravi", "org-r", &[], false);
    let ravi_triager = triager(ravi.clone());
    assert!(matches!(
        red.assign(&member("oleg", "org-other", &[], false), &ravi_triager, NOW),
        Err(WorkflowError::Invalid {
            field: "assignee",
            ..
        })
    ));
    red.assign(&ravi, &ravi_triager, NOW).unwrap();
    assert!(red.assignees().contains(&ravi.member));
}

fn with_sources(id: &str, level: Tlp, urls: &[&str]) -> waico_safety::report::Report {
    let mut r = report_at(level, id);
    let d = ReportDraft {
        sources: urls
            .iter()
            .map(|u| SourceDraft {
                url: (*u).into(),
                title: None,
                text: format!("text of {u}"),
            })
            .collect(),
        alleged_deployers: vec![format!("deployer of {id}")],
        ..draft("t")
    };
    r.content.sources = d.validate(Taxonomies::builtin()).unwrap().sources;
    r.content.alleged_deployers = d.alleged_deployers;
    r
}

#[test]
fn merging_a_duplicate_keeps_its_sources() {
    let mut target = with_sources(
        "r-t",
        Tlp::Green,
        &["https://a.example/1", "https://b.example/2"],
    );
    let mut dup = with_sources(
        "r-d",
        Tlp::Green,
        &["https://b.example/2", "https://c.example/3"],
    );
    let added = merge_duplicate(&mut dup, &mut target, &desk(), NOW).unwrap();
    assert_eq!(added, 1);
    let urls: Vec<&str> = target
        .content
        .sources
        .iter()
        .map(|s| s.url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            "https://a.example/1",
            "https://b.example/2",
            "https://c.example/3"
        ]
    );
    assert!(
        target
            .content
            .alleged_deployers
            .contains(&"deployer of r-d".to_owned())
    );
    assert_eq!(
        dup.state(),
        &State::Duplicate {
            of: target.id.clone()
        }
    );
    assert!(matches!(
        target.history().last().unwrap().event,
        Event::Absorbed {
            sources_added: 1,
            ..
        }
    ));
    // A duplicate is not merged again, and nothing merges into a duplicate.
    let mut third = with_sources("r-3", Tlp::Green, &[]);
    assert!(merge_duplicate(&mut dup, &mut third, &desk(), NOW).is_err());
    assert!(merge_duplicate(&mut third, &mut dup, &desk(), NOW).is_err());
}

#[test]
fn a_restricted_duplicate_is_not_merged_into_a_wider_report() {
    let ravi = triager(member("ravi", "org-r", &[], false));
    let mut public = with_sources("r-pub", Tlp::Clear, &["https://a.example/1"]);
    let mut secret = with_sources("r-sec", Tlp::Red, &["https://secret.example/x"]);
    let e = merge_duplicate(&mut secret, &mut public, &ravi, NOW).unwrap_err();
    assert!(
        matches!(
            e,
            WorkflowError::Invalid {
                field: "target",
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(public.content.sources.len(), 1);
    // The other way round is fine: public sources may join a RED report.
    merge_duplicate(&mut public, &mut secret, &ravi, NOW).unwrap();
    assert_eq!(secret.content.sources.len(), 2);
}

#[test]
fn amber_duplicates_merge_only_within_the_same_community_and_organisation() {
    let chen = triager(member("chen", "org-c", &["cert-net", "other-net"], false));
    let mut dup = with_sources("r-amber-d", Tlp::Amber, &["https://x.example/1"]);
    let mut same = with_sources("r-amber-t", Tlp::Amber, &[]);
    let mut other_community = with_sources("r-amber-o", Tlp::Amber, &[]);
    other_community.marking = waico_safety::tlp::Marking::Amber {
        community: waico_safety::ids::CommunityId::parse("other-net").unwrap(),
    };
    assert!(merge_duplicate(&mut dup, &mut other_community, &chen, NOW).is_err());
    let mut green = with_sources("r-green", Tlp::Green, &[]);
    assert!(merge_duplicate(&mut dup, &mut green, &chen, NOW).is_err());
    merge_duplicate(&mut dup, &mut same, &chen, NOW).unwrap();
    assert_eq!(same.content.sources.len(), 1);
}

#[test]
fn authors_withdraw_and_remark_with_history() {
    let mut r = report_at(Tlp::AmberStrict, "r-w");
    let me = Actor {
        member: author(),
        triager: false,
    };
    r.remark(marking(Tlp::Green), &me, NOW).unwrap();
    assert_eq!(r.marking.tlp(), Tlp::Green);
    assert!(matches!(
        &r.history().last().unwrap().event,
        Event::Remarked { from, to } if from == "TLP:AMBER+STRICT" && to == "TLP:GREEN"
    ));
    let colleague = Actor {
        member: member("rosa", "org-a", &[], false),
        triager: false,
    };
    assert_eq!(
        r.apply(Action::Withdraw, &colleague, NOW).unwrap_err(),
        WorkflowError::Forbidden("withdraw")
    );
    r.apply(Action::Withdraw, &me, NOW).unwrap();
    assert_eq!(r.state(), &State::Withdrawn);
    assert!(!r.state().is_open());
}
