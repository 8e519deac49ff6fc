//! One test per defect of issue 10 (domain side): each failed before the
//! change it names. The legal cases themselves are in `cases.rs`.

use std::sync::LazyLock;
use waico_framework::assess::{Assessment, ObligationStatus};
use waico_framework::worklist::{self, Progress, WorkStatus};
use waico_framework::{Catalog, Profile, assess, assess_on, oscal, render};

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog::shipped().expect("shipped catalog"));

fn run(profile: &str) -> Assessment {
    let src = format!("id: d\nname: defect\nprovider: ACME\n{profile}\n");
    assess(&Profile::from_yaml("d.yaml", &src).unwrap(), &CATALOG)
}

fn obligation<'a>(
    a: &'a Assessment,
    pack: &str,
    req: &str,
    bearer: &str,
) -> &'a waico_framework::assess::Obligation {
    a.jurisdiction(pack)
        .unwrap()
        .obligations
        .iter()
        .find(|o| {
            o.requirement.ends_with(&format!(":{req}"))
                && serde_json::to_value(o.bearer).unwrap() == bearer
        })
        .unwrap_or_else(|| panic!("{pack} {req} {bearer}"))
}

const SOCIAL_SCORING: &str = "jurisdictions: [EU]\ncapabilities: [social_scoring]\npurposes: [public_benefits]\nestablished_in_union: true\nevidence:\n  governance:1: {status: implemented, link: https://acme.example/screening}";

/// A prohibited practice with "prohibited-practice screening" declared
/// implemented was "Met" (and OSCAL satisfied/pass).
#[test]
fn a_prohibited_practice_is_never_met_by_evidence() {
    let a = run(SOCIAL_SCORING);
    let eu = a.jurisdiction("EU").unwrap();
    assert_eq!(eu.risk_class, "prohibited");
    let art5 = obligation(&a, "EU", "art-5-1-c", "provider");
    assert_eq!(art5.status, ObligationStatus::Prohibited);
    assert!(!art5.if_practice_removed);
    assert_eq!(eu.prohibitions.len(), 1);
    let p = &eu.prohibitions[0];
    assert_eq!(p.citation, "Art. 5(1)(c)");
    assert_eq!(p.since.as_deref(), Some("2025-02-02"));
    assert_eq!(p.bearers.len(), 2, "provider and deployer");
    assert!(
        p.link.as_deref().unwrap().ends_with("#art_5"),
        "{:?}",
        p.link
    );
    // Every other duty (the Annex III 5(a) ones) applies only if the practice goes.
    let others: Vec<_> = eu
        .obligations
        .iter()
        .filter(|o| o.status != ObligationStatus::Prohibited)
        .collect();
    assert!(others.len() > 10);
    assert!(others.iter().all(|o| o.if_practice_removed));
    // The JSON model opens with it.
    let json = a.to_json();
    let at = json.find("\"prohibitions\"").unwrap();
    assert!(at < json.find("\"jurisdictions\"").unwrap());
    assert_eq!(a.prohibitions.len(), 1);
    assert_eq!(a.prohibitions[0].jurisdiction, "EU");
    let doc = oscal::assessment_results(&a, "2026-01-01T00:00:00Z");
    let f = doc["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().starts_with("Art. 5(1)(c)"))
        .unwrap();
    assert_eq!(f["target"]["status"]["state"], "not-satisfied");
    assert_eq!(f["target"]["status"]["reason"], "fail");
}

/// The report listed 31 high-risk duties and never said the system must not
/// be placed on the market: now it opens with the prohibition.
#[test]
fn reports_open_with_what_is_prohibited() {
    let a = run(SOCIAL_SCORING);
    let md = render::markdown(&a);
    let ban = md
        .find("## Prohibited practices")
        .expect("prohibition section");
    let first_jurisdiction = md.find("## EU").unwrap();
    assert!(ban < first_jurisdiction, "{md}");
    assert!(md.contains("EU — Art. 5(1)(c) — Social scoring"), "{md}");
    assert!(
        md.contains("for: provider, deployer; since: 2025-02-02"),
        "{md}"
    );
    assert!(md.contains("would apply if the practice were removed"));
    let html = render::html(&a);
    let ban = html.find("Prohibited practices").unwrap();
    assert!(ban < html.find("<h2>EU").unwrap());
    // A system without a prohibited practice has no such section.
    assert!(
        !render::markdown(&run("jurisdictions: [EU]\npurposes: [employment]"))
            .contains("Prohibited practices")
    );
}

/// A provider's policy made a Colorado *deployer* duty "Met". (Under SB
/// 26-189 the developer's and the deployer's record-keeping duties share one
/// control, documentation retention.)
#[test]
fn evidence_counts_only_for_its_bearer_and_jurisdiction() {
    let base = "jurisdictions: [EU, US-CO]\npurposes: [employment]\nconsequential_decisions: true\nestablished_in_union: true\n";
    let a = run(&format!(
        "{base}evidence:\n  technical-documentation:4: {{status: implemented}}"
    ));
    assert_eq!(
        obligation(&a, "US-CO", "1702-4", "provider").status,
        ObligationStatus::Met
    );
    assert_eq!(
        obligation(&a, "US-CO", "1703", "deployer").status,
        ObligationStatus::Missing
    );
    // The deployer's own evidence, for Colorado only.
    let a = run(&format!(
        "{base}evidence_by_bearer:\n  - {{control: technical-documentation:4, bearer: deployer, status: implemented, jurisdictions: [US-CO], link: https://d.example/records, sha256: {}}}",
        "a".repeat(64)
    ));
    let dep = obligation(&a, "US-CO", "1703", "deployer");
    assert_eq!(dep.status, ObligationStatus::Met);
    assert_eq!(
        dep.controls[0].evidence_link.as_deref(),
        Some("https://d.example/records")
    );
    assert_eq!(
        obligation(&a, "US-CO", "1702-4", "provider").status,
        ObligationStatus::Missing
    );
    // Evidence scoped to Colorado does not count in the EU.
    let a = run(&format!(
        "{base}evidence:\n  transparency:1: {{status: implemented, jurisdictions: [US-CO]}}\n  technical-documentation:4: {{status: implemented, jurisdictions: [US-CO]}}\ncapabilities: [interacts_with_people]"
    ));
    assert_eq!(
        obligation(&a, "EU", "art-50-1", "provider").status,
        ObligationStatus::Missing
    );
    assert_eq!(
        obligation(&a, "US-CO", "1702-4", "provider").status,
        ObligationStatus::Met
    );
    // A bad hash is refused with its line.
    let bad =
        "id: d\nname: d\nprovider: A\nevidence:\n  privacy:1: {status: implemented, sha256: xyz}\n";
    let e = Profile::from_yaml("p.yaml", bad).unwrap_err();
    assert_eq!(e.0[0].line, 5, "{e}");
}

/// Duties not yet applicable showed "Missing"; deadlines were durations only.
#[test]
fn not_yet_applicable_duties_and_calendar_due_dates() {
    let src = "id: d\nname: d\nprovider: A\njurisdictions: [EU]\npurposes: [employment]\nestablished_in_union: true\ntrigger_dates:\n  art-73-2: 2026-09-01\n";
    let p = Profile::from_yaml("d.yaml", src).unwrap();
    let a = assess_on(&p, &CATALOG, "2026-01-15");
    let art9 = obligation(&a, "EU", "art-9", "provider");
    assert_eq!(art9.status, ObligationStatus::NotYetApplicable);
    assert_eq!(art9.due.as_deref(), Some("2026-08-02"));
    let art4 = obligation(&a, "EU", "art-4", "provider");
    assert_eq!(
        art4.status,
        ObligationStatus::Missing,
        "Art. 4 applies since 2025-02-02"
    );
    assert_eq!(
        obligation(&a, "EU", "art-73-2", "provider").due.as_deref(),
        Some("2026-09-16")
    );
    assert_eq!(
        obligation(&a, "EU", "art-73-4", "provider").due,
        None,
        "no trigger date yet"
    );
    let later = assess_on(&p, &CATALOG, "2026-08-02");
    assert_eq!(
        obligation(&later, "EU", "art-9", "provider").status,
        ObligationStatus::Missing
    );
    let oscal = oscal::assessment_results(&a, "2026-01-15T10:00:00Z");
    let r = &oscal["assessment-results"]["results"][0];
    assert_eq!(
        r["start"], "2026-01-15T00:00:00Z",
        "the assessment date, not the export time"
    );
    let f = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["title"].as_str().unwrap().starts_with("Art. 9 "))
        .unwrap();
    assert_ne!(f["target"]["status"]["reason"], "fail");
    assert!(
        f["props"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["value"] == "not-yet-applicable")
    );
}

/// Controls were shown as raw URNs in the reports.
#[test]
fn reports_show_controls_by_title() {
    let md = render::markdown(&run("jurisdictions: [EU]\npurposes: [employment]"));
    let table: Vec<&str> = md.lines().filter(|l| l.starts_with("| Art.")).collect();
    assert!(!table.is_empty());
    for row in table {
        assert!(!row.contains("urn:waico:control"), "{row}");
    }
    assert!(md.contains("Lifecycle risk management system"), "{md}");
}

/// The unified view ranked voluntary NIST controls first.
#[test]
fn unified_view_ranks_mandatory_controls_first() {
    let a = run("jurisdictions: [EU, US]\npurposes: [employment]\nestablished_in_union: true");
    let u = &a.unified.controls;
    assert!(
        u.iter().any(|c| c.mandatory) && u.iter().any(|c| !c.mandatory),
        "{u:?}"
    );
    let first_voluntary = u.iter().position(|c| !c.mandatory).unwrap();
    assert!(u[first_voluntary..].iter().all(|c| !c.mandatory));
}

/// Art. 10 was crosswalked only to data governance, so divergences claimed
/// the EU had no fairness duty though Art. 10(2)(f)-(g) requires bias examination.
#[test]
fn eu_bias_examination_counts_as_a_fairness_duty() {
    let a = run(
        "jurisdictions: [EU, US-CO]\npurposes: [employment]\nconsequential_decisions: true\nestablished_in_union: true",
    );
    let art10 = obligation(&a, "EU", "art-10", "provider");
    assert!(art10.controls.iter().any(|c| c.theme == "fairness"));
    if let Some(d) = a.divergences.iter().find(|d| d.theme == "fairness") {
        assert!(
            !d.jurisdictions_without.contains(&"EU".to_string()),
            "{d:?}"
        );
    }
}

/// A CEL type error passed `framework check` and upload and only showed at
/// assessment as "undetermined".
#[test]
fn cel_type_errors_fail_at_load_with_line_and_reason() {
    let pack = "id: t\njurisdiction: EU\nname: T\nversion: '1'\nstatus: draft\nofficial_source: {title: t, url: 'https://x'}\nframeworks: [urn:waico:framework:eu-ai-act]\nrisk_classes: [minimal]\ndefault_risk_class: minimal\napplies_when: 'true'\nrules:\n  - id: r\n    title: R\n    citation: C\n    when: \"size(public_facing) > 0\"\n";
    let mut cat = Catalog::shipped().unwrap();
    let e = cat.add_pack_yaml("t.yaml", pack).unwrap_err();
    assert_eq!(e.0[0].file, "t.yaml");
    assert_eq!(e.0[0].line, 15, "{e}");
    assert!(
        e.0[0].reason.contains("type error") && e.0[0].reason.contains("size() of a bool"),
        "{e}"
    );
    let ok = pack.replace("size(public_facing) > 0", "public_facing");
    assert!(cat.add_pack_yaml("t.yaml", &ok).is_ok());
}

/// Rulepack names were English only.
#[test]
fn every_shipped_pack_is_named_in_six_languages() {
    for p in CATALOG.packs() {
        for lang in waico_framework::framework::LANGUAGES {
            assert!(
                p.doc.names.get(lang).is_some_and(|n| !n.trim().is_empty()),
                "{} lacks {lang}",
                p.id()
            );
        }
        assert_eq!(p.name_in("en"), p.doc.name, "{}", p.id());
    }
    let eu = CATALOG
        .packs()
        .iter()
        .find(|p| p.id() == "eu-ai-act")
        .unwrap();
    assert!(eu.name_in("zh").contains("欧盟"));
    assert_eq!(eu.name_in("xx"), eu.doc.name);
}

/// Work items: status derivation and the diff between two assessments.
#[test]
fn work_status_and_assessment_diff() {
    let before = run(SOCIAL_SCORING);
    let after = run(
        "jurisdictions: [EU]\npurposes: [public_benefits]\nestablished_in_union: true\nevidence:\n  risk-management:1: {status: implemented}",
    );
    let d = worklist::diff(&before, &after);
    assert!(d.removed.iter().any(|id| id.contains("art-5-1-c")));
    let eu = d
        .class_changed
        .iter()
        .find(|c| c.jurisdiction == "EU")
        .unwrap();
    assert_eq!(
        (eu.before.as_deref(), eu.after.as_deref()),
        (Some("prohibited"), Some("high"))
    );
    assert!(worklist::diff(&after, &after).is_empty());
    let art9 = obligation(&after, "EU", "art-9", "provider");
    assert_eq!(art9.status, ObligationStatus::Unknown, "partly covered");
    assert_eq!(
        worklist::work_status(art9, Progress::default()),
        WorkStatus::InProgress
    );
    let banned = obligation(&before, "EU", "art-5-1-c", "provider");
    let signed = Progress {
        started: true,
        reviewed: true,
    };
    assert_eq!(
        worklist::work_status(banned, signed),
        WorkStatus::ToDo,
        "never done by evidence"
    );
    let art4 = obligation(&after, "EU", "art-4", "provider");
    assert!(worklist::is_overdue(art4, WorkStatus::ToDo, "2026-01-01"));
    assert!(!worklist::is_overdue(art4, WorkStatus::Done, "2026-01-01"));
    assert!(worklist::is_due_within(
        art9,
        WorkStatus::ToDo,
        "2026-07-15",
        30
    ));
    assert!(!worklist::is_due_within(
        art9,
        WorkStatus::ToDo,
        "2026-06-01",
        30
    ));
}

/// CISO Assistant imports: a node with `name: ''` was refused instead of
/// falling back to `ref_id`; `reference_controls` were dropped; the
/// jurisdiction was always `INTL`; mapping-set libraries were refused, so an
/// imported framework mapped to no unified control.
#[test]
fn ciso_assistant_imports_count() {
    use waico_framework::framework::import_ciso_assistant;
    let src = include_str!("fixtures/ciso_sample.yaml")
        .replace("        name: Incident response\n", "        name: ''\n        reference_controls: [urn:intuitem:risk:function:ir-plan]\n")
        .replace("objects:\n", "objects:\n  reference_controls:\n    - urn: urn:intuitem:risk:function:ir-plan\n      ref_id: IR-PLAN\n      name: ''\n      category: process\n");
    let fw = import_ciso_assistant("lib.yaml", &src, "US-CO").unwrap();
    assert_eq!(fw.jurisdiction, "US-CO");
    let ops1 = fw.nodes.iter().find(|n| n.ref_id == "OPS.1").unwrap();
    assert_eq!(ops1.title, "OPS.1");
    assert_eq!(
        ops1.reference_controls,
        ["urn:intuitem:risk:function:ir-plan"]
    );
    assert_eq!(fw.reference_controls[0].name, "IR-PLAN");
    let mut cat = Catalog::shipped().unwrap();
    assert_eq!(
        Vec::from_iter(cat.jurisdictions()),
        ["BR", "CN", "EU", "US", "US-CO"]
    );
    cat.add_framework("lib.yaml", &src, fw).unwrap();
    let ops1 = "urn:intuitem:risk:req_node:waico-sample-ai-governance:ops.1";
    assert!(cat.controls_for_requirement(ops1).is_empty());
    let added = cat
        .add_ciso_mapping_set(
            "map.yaml",
            include_str!("fixtures/ciso_mapping_sample.yaml"),
        )
        .unwrap();
    assert!(added.mappings >= 3, "{added:?}");
    // Recorded as the library, at its version.
    assert_eq!(
        added.urn,
        "urn:intuitem:risk:library:mapping-waico-sample-to-eu-ai-act"
    );
    assert_eq!(added.version, "1");
    let controls = cat.controls_for_requirement(ops1);
    let inc = controls
        .iter()
        .find(|m| m.control == "urn:waico:control:incident-reporting:1")
        .unwrap();
    // ops.1 ⊂ Art. 73(2) ⊂ incident-reporting:1 → ops.1 ⊂ incident-reporting:1.
    assert_eq!(
        inc.relationship,
        waico_framework::crosswalk::Relationship::Subset
    );
    let gov1 = "urn:intuitem:risk:req_node:waico-sample-ai-governance:gov.1";
    assert!(
        cat.controls_for_requirement(gov1).is_empty(),
        "not_related is skipped"
    );
    // The imported requirement now shows beside the national ones of the control.
    assert!(
        cat.requirements_for_control("urn:waico:control:incident-reporting:1")
            .iter()
            .any(|m| m.requirement == ops1)
    );
    // A mapping set whose frameworks are not loaded is refused whole, located.
    let mut fresh = Catalog::shipped().unwrap();
    let e = fresh
        .add_ciso_mapping_set(
            "map.yaml",
            include_str!("fixtures/ciso_mapping_sample.yaml"),
        )
        .unwrap_err();
    assert!(
        e.0.iter()
            .any(|x| x.reason.contains("is not loaded") && x.line == 14),
        "{e}"
    );
}

/// The 71 unified controls and their themes were English only.
#[test]
fn every_shipped_control_and_theme_has_a_title_in_six_languages() {
    let mut n = 0;
    for t in &CATALOG.controls.themes {
        for lang in ["ar", "zh", "fr", "ru", "es"] {
            assert!(
                t.translations
                    .get(lang)
                    .is_some_and(|x| !x.trim().is_empty()),
                "theme {} lacks {lang}",
                t.id
            );
        }
        for c in &t.controls {
            n += 1;
            for lang in ["ar", "zh", "fr", "ru", "es"] {
                assert!(
                    c.translations
                        .get(lang)
                        .is_some_and(|x| !x.trim().is_empty()),
                    "{} lacks {lang}",
                    c.urn
                );
            }
            assert_eq!(c.title_in("en"), c.title);
        }
    }
    assert_eq!(n, 71);
    let c = CATALOG
        .controls
        .control("urn:waico:control:registration:2")
        .unwrap();
    assert_eq!(c.title_in("zh"), "算法备案");
}

/// Frameworks were named in English only, and China's rules were shown in
/// English on the Chinese page with no way to the original.
#[test]
fn frameworks_are_named_in_six_languages_and_titles_keep_the_original() {
    for fw in CATALOG.frameworks() {
        for lang in ["ar", "zh", "fr", "ru", "es"] {
            assert!(
                fw.translations
                    .get(lang)
                    .is_some_and(|x| !x.trim().is_empty()),
                "{} lacks {lang}",
                fw.urn
            );
        }
    }
    let (fw, node) = CATALOG
        .requirement("urn:waico:req:cn-deep-synthesis:art-19-display")
        .unwrap();
    assert_eq!(fw.original_language.as_deref(), Some("zh"));
    let en = node.title_for(fw, "en");
    assert_eq!(en.text, "Display of the filing number");
    assert_eq!(en.original, Some("标明备案编号"));
    assert_eq!(en.original_language, "zh");
    let zh = node.title_for(fw, "zh");
    assert_eq!((zh.text, zh.lang.as_str()), ("标明备案编号", "zh"));
    let ar = node.title_for(fw, "ar");
    assert_eq!(
        (ar.text, ar.lang.as_str()),
        ("Display of the filing number", "en")
    );
}
