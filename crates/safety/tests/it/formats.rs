//! Formats: AVID import (0.1, 0.2, 0.3 files written here in each
//! layout), the CSV import, duplicate suggestions and ledger commitments.

use rand::SeedableRng;
use waico_safety::avid::{AvidVersion, import};
use waico_safety::commitment::{LedgerRecord, Opening, opens, publish};
use waico_safety::exchange::import_csv;
use waico_safety::report::{ArtifactKind, Subject};
use waico_safety::similarity::{Signature, jaccard, shingles, suggest_duplicates};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::Tlp;

use crate::fixtures::*;

const AVID_0_1: &str = r#"{
  "data_type": "AVID", "data_version": "0.1",
  "metadata": {"report_id": "AVID-2022-R9001"},
  "affects": {"developer": [], "deployer": ["Hub"], "artifact": [{"type": "Model", "name": "tiny-bert"}]},
  "problemtype": {"class": "LLM evaluation", "type": "Detection",
    "description": {"lang": "eng", "value": "Gender bias in completions of tiny-bert"}},
  "metrics": [{"name": "HONEST", "features": {"measured": "category", "sensitive": "gender"},
    "detection_method": {"class": "Significance test", "name": "z test"}}],
  "references": [
    {"type": "source", "label": "Notebook", "url": "https://example.org/notebook"},
    {"type": "model", "label": "relative", "url": "owner/tiny-bert"}],
  "description": {"lang": "eng", "value": "Completions were biased for one category."},
  "impact": {"avid": {"vuln_id": "AVID-2022-V9001", "risk_domain": ["Ethics"],
    "sep_view": [{"id": "E0101", "name": "Group fairness"}],
    "lifecycle_view": [{"id": "L05", "stage": "Evaluation"}], "taxonomy_version": "0.1"}},
  "credit": [{"lang": "eng", "value": "A. Tester"}],
  "reported_date": "2022-11-09"
}"#;

const AVID_0_2: &str = r#"{
  "data_type": "AVID", "data_version": "0.2",
  "metadata": {"report_id": "AVID-2023-R9002"},
  "affects": {"developer": ["Lab"], "deployer": ["Lab"], "artifacts": [{"type": "Dataset", "name": "faces-10k"}]},
  "problemtype": {"classof": "Third-party Report", "type": "Issue",
    "description": {"lang": "eng", "value": "Faces dataset under-represents older people"}},
  "metrics": [{"name": "coverage", "detection_method": {"type": "Static Threshold", "name": "share"}, "results": {"share": 0.02}}],
  "references": [{"label": "Paper", "url": "https://example.org/paper"}],
  "description": {"lang": "eng", "value": "Only 2% of the faces are of people over 60."},
  "impact": {"avid": {"risk_domain": ["Ethics"], "sep_view": ["E0102: Representation"],
    "lifecycle_view": ["L03: Data preparation"], "taxonomy_version": "0.2"}},
  "reported_date": "2023-03-01"
}"#;

const AVID_0_3: &str = r#"{
  "data_type": "AVID", "data_version": "0.3.3",
  "metadata": {"report_id": "AVID-2026-R9003"},
  "affects": {"developer": ["Vendor"], "deployer": ["Vendor"], "artifacts": [{"type": "System", "name": "vendor/agent"}]},
  "problemtype": {"classof": "CVE Entry", "type": "Advisory",
    "description": {"lang": "eng", "value": "Prompt injection lets a web page exfiltrate the agent's files"}},
  "metrics": [{"scorer": "combined", "metrics": "avg_score", "value": 0.58}],
  "references": [{"type": "source", "label": "NVD", "url": "https://example.org/cve"}],
  "description": {"lang": "eng", "value": "An agent reading a web page follows instructions hidden in it."},
  "impact": {"avid": {"vuln_id": "", "risk_domain": ["Security"], "sep_view": ["S0403: Adversarial example"],
    "lifecycle_view": ["L06: Deployment"], "taxonomy_version": "0.2"},
    "cvss": {"version": "3.1", "baseScore": 8.1}, "cwe": [{"cweId": "CWE-74"}]},
  "reported_date": "2026-01-12"
}"#;

const AVID_VULN: &str = r#"{
  "data_type": "AVID", "data_version": "0.2",
  "metadata": {"vuln_id": "AVID-2025-V9004"},
  "affects": {"developer": [], "deployer": ["Target"], "artifacts": [{"type": "Model", "name": "chat-7b"}]},
  "problemtype": {"classof": "ATLAS Case Study", "type": "Advisory",
    "description": {"lang": "eng", "value": "Jailbreak of chat-7b by role play"}},
  "references": [], "description": {"lang": "eng", "value": "Role play bypasses the refusal training."}
}"#;

#[test]
fn avid_files_of_each_schema_version_import() {
    let t = Taxonomies::builtin();
    let v1 = import(AVID_0_1).unwrap();
    assert_eq!(v1.version, AvidVersion::V0_1);
    assert_eq!(v1.avid_id.as_deref(), Some("AVID-2022-R9001"));
    assert_eq!(v1.draft.title, "Gender bias in completions of tiny-bert");
    let b = &v1.draft.avid;
    assert_eq!(b.affects.artifacts[0].kind, ArtifactKind::Model);
    assert_eq!(b.problemtype.as_ref().unwrap().classof, "LLM evaluation");
    assert_eq!(
        b.metrics[0].detection_method.as_deref(),
        Some("Significance test: z test")
    );
    let impact = b.impact.as_ref().unwrap();
    assert_eq!(impact.sep_view[0].id, "E0101");
    assert_eq!(impact.lifecycle_view[0].name, "Evaluation");
    // The relative URL is not an allowed source and is reported, not imported.
    assert_eq!(v1.draft.sources.len(), 1);
    assert!(
        v1.warnings.iter().any(|w| w.contains("owner/tiny-bert")),
        "{:?}",
        v1.warnings
    );
    let c1 = v1.draft.validate(t).unwrap();
    assert_eq!(c1.date.unwrap().to_string(), "2022-11-09");
    assert_eq!(c1.subject, Subject::Incident);

    let v2 = import(AVID_0_2).unwrap();
    assert_eq!(v2.version, AvidVersion::V0_2);
    let impact = v2.draft.avid.impact.as_ref().unwrap();
    assert_eq!(
        (
            impact.sep_view[0].id.as_str(),
            impact.sep_view[0].name.as_str()
        ),
        ("E0102", "Representation")
    );
    assert_eq!(v2.draft.avid.metrics[0].results["share"], 0.02);
    assert_eq!(v2.draft.alleged_developers, ["Lab"]);
    v2.draft.validate(t).unwrap();

    let v3 = import(AVID_0_3).unwrap();
    assert_eq!(v3.version, AvidVersion::V0_3);
    assert_eq!(v3.draft.avid.metrics[0].name, "avg_score");
    assert_eq!(v3.draft.avid.metrics[0].results, 0.58);
    assert_eq!(
        v3.draft.avid.affects.artifacts[0].kind,
        ArtifactKind::System
    );
    v3.draft.validate(t).unwrap();

    let vuln = import(AVID_VULN).unwrap();
    let c = vuln.draft.validate(t).unwrap();
    match c.subject {
        Subject::Vulnerability { affected } => assert_eq!(affected[0].artifact, "chat-7b"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn avid_errors_name_the_field() {
    let e = import(&AVID_0_2.replace("\"0.2\"", "\"9.9\"")).unwrap_err();
    assert_eq!(e.field, "data_version");
    let e = import(&AVID_0_2.replace("\"AVID\"", "\"CVE\"")).unwrap_err();
    assert_eq!(e.field, "data_type");
    let e =
        import(&AVID_0_2.replace("[\"Lab\"], \"deployer\"", "\"Lab\", \"deployer\"")).unwrap_err();
    assert_eq!(e.field, "affects.developer");
}

#[test]
fn csv_import_validates_every_row_and_names_row_and_field() {
    let t = Taxonomies::builtin();
    let csv = "Title,description,date,sources,harm_types,sectors,countries\n\
        Chatbot advice,Bad advice,2026-05-01,https://a.example/1;https://b.example/2,physical;psychological,health,de;FR\n\
        Hiring filter,Rejected older applicants,,https://c.example,human_rights,employment,us\n";
    let rows = import_csv(csv.as_bytes(), t).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].sources.len(), 2);
    assert_eq!(
        rows[0]
            .harm
            .countries
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["DE", "FR"]
    );
    assert!(rows[1].date.is_none());

    let bad_url = csv.replace("https://c.example", "javascript:alert(1)");
    let e = import_csv(bad_url.as_bytes(), t).unwrap_err();
    assert_eq!((e.row, e.field.as_str()), (2, "sources.url"));
    let bad_harm = csv.replace("human_rights", "bad_luck");
    let e = import_csv(bad_harm.as_bytes(), t).unwrap_err();
    assert_eq!((e.row, e.field.as_str()), (2, "harm.harm_type"));
    let e = import_csv("name\nx\n".as_bytes(), t).unwrap_err();
    assert_eq!(e.row, 0);
}

#[test]
fn sources_take_only_https_or_http_urls() {
    use waico_safety::report::SourceUrl;
    assert!(SourceUrl::parse("https://example.org/a?b=c").is_ok());
    assert!(SourceUrl::parse("http://example.org").is_ok());
    for bad in [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/f",
        "file:///etc/passwd",
        "https://user:pw@example.org/",
        "example.org",
    ] {
        let e = SourceUrl::parse(bad).unwrap_err();
        assert_eq!(e.field, "sources.url", "{bad}");
    }
}

#[test]
fn near_duplicates_are_suggested_and_only_from_visible_reports() {
    let a = "A hiring model rejected every applicant over sixty years old in the Berlin office of the retailer";
    let near = "The hiring model rejected every applicant over sixty years old in the Berlin office of a retailer";
    let other =
        "Autonomous bus braked suddenly on a motorway and injured two passengers in the rear seats";
    let (sa, sn, so) = (shingles(a), shingles(near), shingles(other));
    assert!(jaccard(&sa, &sn) > 0.6, "{}", jaccard(&sa, &sn));
    assert!(jaccard(&sa, &so) < 0.05);
    let est = Signature::of_text(a).similarity(&Signature::of_text(near));
    assert!((est - jaccard(&sa, &sn)).abs() < 0.2, "estimate {est}");

    let mut green = report_at(Tlp::Green, "r-g");
    green.content.description = a.into();
    let mut red = report_at(Tlp::Red, "r-r");
    red.content.description = a.into();
    let mut unrelated = report_at(Tlp::Clear, "r-c");
    unrelated.content.description = other.into();
    unrelated.content.title = waico_safety::report::Title::parse("Bus").unwrap();
    let reports = vec![green, red, unrelated];
    let sigs: Vec<Signature> = reports
        .iter()
        .map(|r| Signature::of_text(&r.content.description))
        .collect();
    for (name, viewer) in viewers() {
        let got: Vec<&str> = suggest_duplicates(near, &reports, &sigs, &viewer, 0.3, 10)
            .iter()
            .map(|s| s.report.id.as_str())
            .collect();
        let mut want = Vec::new();
        if expected(Tlp::Green, name) {
            want.push("r-g");
        }
        if expected(Tlp::Red, name) {
            want.push("r-r");
        }
        let mut got_sorted = got.clone();
        got_sorted.sort();
        want.sort();
        assert_eq!(got_sorted, want, "suggestions for {name}");
    }
}

#[test]
fn clear_reports_are_hashed_and_restricted_ones_committed() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let clear = report_at(Tlp::Clear, "r-c");
    let (record, opening) = publish(&clear, &mut rng);
    assert!(opening.is_none());
    match record {
        LedgerRecord::Published { sha256, .. } => assert_eq!(sha256.len(), 64),
        other => panic!("{other:?}"),
    }
    let red = report_at(Tlp::Red, "r-r");
    let (record, opening) = publish(&red, &mut rng);
    let LedgerRecord::Committed { commitment, .. } = record else {
        panic!("restricted reports are committed")
    };
    let opening = opening.unwrap();
    // The commitment reveals nothing of the text.
    assert!(!commitment.contains(&secret(Tlp::Red)));
    assert!(opening.document.contains(&secret(Tlp::Red)));
    assert!(opens(&commitment, &opening));
    // It opens only with the right nonce and the same document.
    let mut wrong = opening.clone();
    let mut nonce = hex::decode(&wrong.nonce).unwrap();
    nonce[0] ^= 1;
    wrong.nonce = hex::encode(nonce);
    assert!(!opens(&commitment, &wrong));
    let changed = Opening {
        document: opening.document.replace("dangerous", "harmless"),
        ..opening.clone()
    };
    assert!(!opens(&commitment, &changed));
    assert!(!opens(
        &commitment,
        &Opening {
            nonce: "00".into(),
            ..opening.clone()
        }
    ));
    // Two commitments of the same report differ (fresh nonce).
    let (again, _) = publish(&red, &mut rng);
    assert_ne!(
        again,
        LedgerRecord::Committed {
            commitment,
            report: "r-r".into()
        }
    );
}
