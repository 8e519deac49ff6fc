//! Report validation and the EU serious-incident report.

use time::macros::{date, datetime};
use waico_safety::deadlines::{
    EuClass, EuProfile, IncidentKind, LegalIncident, Role, SystemProfile,
};
use waico_safety::eu_report::{ReportStage, SystemRecord, eu_serious_incident_report};
use waico_safety::ids::ReportId;
use waico_safety::report::{AffectedVersions, CountryCode, Report, ReportDraft};
use waico_safety::taxonomy::Taxonomies;
use waico_safety::tlp::Tlp;

use crate::fixtures::*;

#[test]
fn drafts_are_checked_field_by_field() {
    let t = Taxonomies::builtin();
    let field = |d: ReportDraft| d.validate(t).unwrap_err().field;
    assert_eq!(
        field(ReportDraft {
            title: "  ".into(),
            ..draft("x")
        }),
        "title"
    );
    assert_eq!(
        field(ReportDraft {
            title: "a\nb".into(),
            ..draft("x")
        }),
        "title"
    );
    assert_eq!(
        field(ReportDraft {
            date: Some("2026-13-01".into()),
            ..draft("x")
        }),
        "date"
    );
    assert_eq!(
        field(ReportDraft {
            countries: vec!["DEU".into()],
            ..draft("x")
        }),
        "harm.countries"
    );
    assert_eq!(
        field(ReportDraft {
            severity: Some("catastrophic".into()),
            ..draft("x")
        }),
        "harm.severity"
    );
    assert_eq!(
        field(ReportDraft {
            sectors: vec!["mining".into()],
            ..draft("x")
        }),
        "harm.sector"
    );
    assert_eq!(
        field(ReportDraft {
            stakeholders: vec!["aliens".into()],
            ..draft("x")
        }),
        "harm.stakeholder"
    );
    assert_eq!(
        field(ReportDraft {
            systems: vec!["a b".into()],
            ..draft("x")
        }),
        "systems"
    );
    assert_eq!(
        field(ReportDraft {
            vulnerability: true,
            ..draft("x")
        }),
        "affected"
    );
    let no_versions = ReportDraft {
        vulnerability: true,
        affected: vec![AffectedVersions {
            artifact: "m".into(),
            versions: vec![" ".into()],
        }],
        ..draft("x")
    };
    assert_eq!(field(no_versions), "affected");
    // Names are trimmed and deduplicated; sources with the same URL kept once.
    let mut d = draft("x");
    d.alleged_deployers = vec![" Clinic Co ".into(), "Clinic Co".into(), "".into()];
    d.sources.push(d.sources[0].clone());
    let c = d.validate(t).unwrap();
    assert_eq!(c.alleged_deployers, ["Clinic Co"]);
    assert_eq!(c.sources.len(), 1);
    // A stored report cannot be read back with a bad value.
    let json = serde_json::to_string(&c)
        .unwrap()
        .replace("\"DE\"", "\"DEU\"");
    assert!(serde_json::from_str::<waico_safety::report::ReportContent>(&json).is_err());
}

fn legal_report(
    kinds: &[IncidentKind],
    systems: &[&str],
) -> Result<Report, waico_safety::report::ReportError> {
    let mut d = draft("Triage model sent a patient home");
    d.systems = systems.iter().map(|s| (*s).to_owned()).collect();
    let content = d.validate(Taxonomies::builtin()).unwrap();
    let legal = LegalIncident::new(
        kinds.iter().copied(),
        datetime!(2026-09-02 14:00 UTC),
        [CountryCode::parse("DE").unwrap()],
        None,
    )
    .unwrap();
    Report::submit(
        ReportId::parse("r-legal").unwrap(),
        origin(),
        marking(Tlp::Red),
        content,
        Some(legal),
        NOW,
    )
}

#[test]
fn legal_duties_need_a_linked_system() {
    let e = legal_report(&[IncidentKind::Death], &[]).unwrap_err();
    assert_eq!(e.field, "legal");
}

#[test]
fn the_eu_report_carries_the_template_fields() {
    let r = legal_report(
        &[IncidentKind::Death, IncidentKind::SeriousHarmToHealth],
        &["sys-triage"],
    )
    .unwrap();
    let profile = SystemProfile {
        roles: [Role::Provider].into(),
        eu: Some(EuProfile {
            class: EuClass::HighRiskAnnexIii,
            sectoral_equivalent_reporting: false,
            medical_device: false,
        }),
        ..SystemProfile::default()
    };
    let system = SystemRecord {
        provider_name: "Model Lab".into(),
        provider_contact: "safety@lab.example".into(),
        system_name: "Triage assistant".into(),
        system_version: Some("2.1".into()),
        eu_database_id: Some("EU-HR-000123".into()),
        annex_iii_point: Some("5(d)".into()),
    };
    let eu = eu_serious_incident_report(&r, &profile, &system, ReportStage::Initial).unwrap();
    assert_eq!(eu.deadline.article, "AI Act Art. 73(4)");
    assert_eq!(eu.deadline.due_date, Some(date!(2026 - 09 - 12)));
    assert_eq!(eu.incident.categories, ["art_3_49_a"]);
    assert!(eu.incident.death);
    assert_eq!(eu.incident.member_states, ["DE"]);
    assert_eq!(eu.ai_system.node_system_ids, ["sys-triage"]);
    assert_eq!(eu.sources, ["https://news.example.org/a"]);
    let json = serde_json::to_value(&eu).unwrap();
    assert_eq!(json["stage"], "initial");
    assert!(json["causal_link"].is_null());
    // No EU duty, no EU report.
    let not_high_risk = SystemProfile {
        eu: Some(EuProfile {
            class: EuClass::NotHighRisk,
            sectoral_equivalent_reporting: false,
            medical_device: false,
        }),
        ..profile
    };
    assert!(eu_serious_incident_report(&r, &not_high_risk, &system, ReportStage::Initial).is_err());
}
