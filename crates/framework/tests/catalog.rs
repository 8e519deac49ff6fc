//! Shipped data: loads, is fully crosswalked, and crosswalk queries work both ways.

use waico_framework::Catalog;
use waico_framework::catalog::shipped;
use waico_framework::framework::NodeKind;

#[test]
fn shipped_catalog_loads() {
    let cat = Catalog::shipped().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cat.frameworks().count(), 8);
    assert_eq!(cat.packs().len(), 6);
    let n = cat.controls.controls().count();
    assert!((40..=80).contains(&n), "{n} controls");
    assert_eq!(cat.controls.themes.len(), 16);
}

#[test]
fn every_requirement_is_crosswalked() {
    let cat = Catalog::shipped().unwrap();
    assert!(
        cat.unmapped_requirements().is_empty(),
        "{:?}",
        cat.unmapped_requirements()
    );
}

#[test]
fn every_pack_requirement_exists_in_a_framework_of_its_jurisdiction() {
    let cat = Catalog::shipped().unwrap();
    for p in cat.packs() {
        for r in &p.rules {
            for o in &r.obligations {
                let (fw, node) = cat.requirement(&o.requirement).expect("requirement exists");
                assert_eq!(node.kind, NodeKind::Requirement, "{}", o.requirement);
                assert!(
                    p.doc.jurisdiction.starts_with(&fw.jurisdiction),
                    "{} in {}",
                    o.requirement,
                    p.doc.id
                );
                assert!(!cat.controls_for_requirement(&o.requirement).is_empty());
            }
        }
    }
}

#[test]
fn crosswalk_both_directions() {
    let cat = Catalog::shipped().unwrap();
    let controls = cat.controls_for_requirement("urn:waico:req:eu-ai-act:art-73-2");
    assert!(
        controls
            .iter()
            .any(|m| m.control == "urn:waico:control:incident-reporting:1")
    );
    let reqs = cat.requirements_for_control("incident-reporting:3");
    let frameworks: std::collections::BTreeSet<&str> =
        reqs.iter().map(|m| m.framework.as_str()).collect();
    assert!(
        frameworks.contains("urn:waico:framework:us-co-sb205"),
        "{frameworks:?}"
    );
    let labels = cat.requirements_for_control("urn:waico:control:content-labeling:1");
    let fws: std::collections::BTreeSet<&str> =
        labels.iter().map(|m| m.framework.as_str()).collect();
    assert!(
        fws.contains("urn:waico:framework:eu-ai-act")
            && fws.contains("urn:waico:framework:cn-label"),
        "{fws:?}"
    );
    // round trip: each mapping found from the control side is found from the requirement side
    for m in &labels {
        assert!(
            cat.controls_for_requirement(&m.requirement)
                .iter()
                .any(|x| x.control == m.control)
        );
    }
}

#[test]
fn demo_profiles_parse_and_assess() {
    let cat = Catalog::shipped().unwrap();
    assert_eq!(shipped::DEMO_SYSTEMS.len(), 12);
    for (f, s) in shipped::DEMO_SYSTEMS {
        let p = waico_framework::Profile::from_yaml(f, s).unwrap_or_else(|e| panic!("{e}"));
        let a = waico_framework::assess(&p, &cat);
        assert!(a.jurisdictions.iter().any(|j| j.applies), "{f}");
        assert!(
            a.unified.uncovered.is_empty(),
            "{f}: {:?}",
            a.unified.uncovered
        );
    }
}

#[test]
fn frameworks_round_trip_through_yaml() {
    let cat = Catalog::shipped().unwrap();
    for fw in cat.frameworks() {
        let back =
            waico_framework::framework::Framework::from_yaml("rt.yaml", &fw.to_yaml()).unwrap();
        assert_eq!(&back, fw);
    }
}

/// A repealed pack says when and by what: SB 24-205 was repealed on
/// 14 May 2026 by SB 26-189, which is shipped, in the same jurisdiction.
#[test]
fn repealed_pack_names_its_shipped_replacement() {
    use waico_framework::rulepack::PackStatus;
    let cat = Catalog::shipped().unwrap();
    let repealed: Vec<_> = cat
        .packs()
        .iter()
        .filter(|p| p.doc.status == PackStatus::Repealed)
        .collect();
    assert_eq!(repealed.len(), 1);
    for p in repealed {
        assert!(p.doc.repealed_on.is_some(), "{}", p.doc.id);
        let by = p.doc.replaced_by.as_deref().expect("replaced_by");
        let new = cat.pack(by).unwrap_or_else(|| panic!("{by} not shipped"));
        assert_eq!(new.doc.jurisdiction, p.doc.jurisdiction);
        assert_ne!(new.doc.status, PackStatus::Repealed);
    }
    let old = cat.pack("us-co-sb24-205").unwrap();
    assert_eq!(old.doc.repealed_on.as_deref(), Some("2026-05-14"));
    assert_eq!(old.doc.replaced_by.as_deref(), Some("us-co-sb26-189"));
    // Repealed before it was to apply: never in force on any date.
    for d in ["2026-01-01", "2026-05-14", "2026-06-30", "2027-01-01"] {
        assert_ne!(old.doc.status_on(d), PackStatus::InForce, "{d}");
    }
}
