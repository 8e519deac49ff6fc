//! Legal deadlines for a table of incident kinds and dates, each row
//! written from the text of its law (the article is named in the row).

use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};
use waico_safety::deadlines::{
    Bearer, ChinaProfile, CnGrade, CnOperator, Countdown, Due, EuClass, EuProfile, IncidentKind,
    Jurisdiction, LegalIncident, Role, SystemProfile, countdown, duties,
};
use waico_safety::report::CountryCode;

use IncidentKind::*;

fn eu(class: EuClass, sectoral: bool, medical: bool) -> SystemProfile {
    SystemProfile {
        roles: [Role::Provider].into(),
        eu: Some(EuProfile {
            class,
            sectoral_equivalent_reporting: sectoral,
            medical_device: medical,
        }),
        ..SystemProfile::default()
    }
}

fn incident(kinds: &[IncidentKind], aware: OffsetDateTime) -> LegalIncident {
    LegalIncident::new(
        kinds.iter().copied(),
        aware,
        [
            CountryCode::parse("DE").unwrap(),
            CountryCode::parse("fr").unwrap(),
        ],
        None,
    )
    .unwrap()
}

struct Row {
    article: &'static str,
    profile: SystemProfile,
    kinds: &'static [IncidentKind],
    aware: OffsetDateTime,
    /// (citation, due date) of the EU provider duty; None when no duty applies.
    want: Option<(&'static str, Date)>,
}

#[test]
fn eu_article_73_table() {
    let annex3 = || eu(EuClass::HighRiskAnnexIii, false, false);
    let rows = [
        // Art. 73(2): not later than 15 days after becoming aware.
        Row {
            article: "73(2) serious harm to health",
            profile: annex3(),
            kinds: &[SeriousHarmToHealth],
            aware: datetime!(2026-09-01 09:00 UTC),
            want: Some(("AI Act Art. 73(2)", date!(2026 - 09 - 16))),
        },
        Row {
            article: "73(2) property or environment, across a month end",
            profile: annex3(),
            kinds: &[PropertyOrEnvironment],
            aware: datetime!(2026-12-20 23:30 UTC),
            want: Some(("AI Act Art. 73(2)", date!(2027 - 01 - 04))),
        },
        Row {
            article: "73(2) fundamental rights",
            profile: annex3(),
            kinds: &[FundamentalRights],
            aware: datetime!(2026-10-01 08:00 UTC),
            want: Some(("AI Act Art. 73(2)", date!(2026 - 10 - 16))),
        },
        // Art. 73(3): widespread infringement or 3(49)(b): not later than 2 days.
        Row {
            article: "73(3) critical infrastructure",
            profile: annex3(),
            kinds: &[CriticalInfrastructure],
            aware: datetime!(2026-09-30 12:00 UTC),
            want: Some(("AI Act Art. 73(3)", date!(2026 - 10 - 02))),
        },
        Row {
            article: "73(3) widespread infringement wins over death",
            profile: annex3(),
            kinds: &[WidespreadInfringement, Death],
            aware: datetime!(2026-09-01 00:00 UTC),
            want: Some(("AI Act Art. 73(3)", date!(2026 - 09 - 03))),
        },
        // Art. 73(4): death: not later than 10 days.
        Row {
            article: "73(4) death",
            profile: annex3(),
            kinds: &[Death],
            aware: datetime!(2027-02-25 16:00 UTC),
            want: Some(("AI Act Art. 73(4)", date!(2027 - 03 - 07))),
        },
        Row {
            article: "73(4) death beats 15 days of health harm",
            profile: annex3(),
            kinds: &[Death, SeriousHarmToHealth],
            aware: datetime!(2026-11-10 10:00 UTC),
            want: Some(("AI Act Art. 73(4)", date!(2026 - 11 - 20))),
        },
        // Art. 73(9): Annex III under sectoral law with equivalent reporting: only 3(49)(c).
        Row {
            article: "73(9) death is reported under the sectoral law",
            profile: eu(EuClass::HighRiskAnnexIii, true, false),
            kinds: &[Death],
            aware: datetime!(2026-09-01 10:00 UTC),
            want: None,
        },
        Row {
            article: "73(9) fundamental rights still reported",
            profile: eu(EuClass::HighRiskAnnexIii, true, false),
            kinds: &[FundamentalRights, CriticalInfrastructure],
            aware: datetime!(2026-09-01 10:00 UTC),
            want: Some(("AI Act Art. 73(9), 73(2)", date!(2026 - 09 - 16))),
        },
        // Art. 73(10): medical devices: only 3(49)(c).
        Row {
            article: "73(10) medical device harm to health goes to MDR vigilance",
            profile: eu(EuClass::HighRiskAnnexI, false, true),
            kinds: &[SeriousHarmToHealth],
            aware: datetime!(2027-09-01 10:00 UTC),
            want: None,
        },
        Row {
            article: "73(10) medical device fundamental rights",
            profile: eu(EuClass::HighRiskAnnexI, false, true),
            kinds: &[FundamentalRights],
            aware: datetime!(2027-09-01 10:00 UTC),
            want: Some(("AI Act Art. 73(10), 73(2)", date!(2027 - 09 - 16))),
        },
        // Art. 113: Annex III from 2 August 2026, Annex I from 2 August 2027.
        Row {
            article: "113 before application",
            profile: annex3(),
            kinds: &[Death],
            aware: datetime!(2026-08-01 23:00 UTC),
            want: None,
        },
        Row {
            article: "113 Annex I product not yet",
            profile: eu(EuClass::HighRiskAnnexI, false, false),
            kinds: &[Death],
            aware: datetime!(2027-08-01 10:00 UTC),
            want: None,
        },
        Row {
            article: "6 not high-risk",
            profile: eu(EuClass::NotHighRisk, false, false),
            kinds: &[Death],
            aware: datetime!(2026-09-01 10:00 UTC),
            want: None,
        },
        Row {
            article: "3(49) algorithmic discrimination alone is not an EU serious incident",
            profile: annex3(),
            kinds: &[AlgorithmicDiscrimination],
            aware: datetime!(2026-09-01 10:00 UTC),
            want: None,
        },
    ];
    for row in rows {
        let got: Vec<_> = duties(&incident(row.kinds, row.aware), &row.profile)
            .into_iter()
            .filter(|d| d.jurisdiction == Jurisdiction::Eu && d.bearer == Bearer::Provider)
            .collect();
        match row.want {
            None => assert!(got.is_empty(), "{}: {got:?}", row.article),
            Some((citation, due)) => {
                assert_eq!(got.len(), 1, "{}", row.article);
                assert_eq!(got[0].citation, citation, "{}", row.article);
                assert_eq!(got[0].due, Due::OnDate { date: due }, "{}", row.article);
            }
        }
    }
}

#[test]
fn eu_recipients_are_the_authorities_of_each_member_state_and_deployers_tell_the_provider() {
    let mut profile = eu(EuClass::HighRiskAnnexIii, false, false);
    profile.roles.insert(Role::Deployer);
    let all = duties(
        &incident(&[Death], datetime!(2026-09-01 10:00 UTC)),
        &profile,
    );
    // Art. 26(5) "immediately" comes first.
    assert_eq!(all[0].citation, "AI Act Art. 26(5)");
    assert_eq!(all[0].due, Due::Immediately);
    assert_eq!(all[0].bearer, Bearer::Deployer);
    assert_eq!(
        all[1].recipients,
        vec![
            "market surveillance authority (DE)".to_owned(),
            "market surveillance authority (FR)".to_owned()
        ]
    );
    let medical = duties(
        &incident(&[FundamentalRights], datetime!(2027-09-01 10:00 UTC)),
        &eu(EuClass::HighRiskAnnexI, false, true),
    );
    assert!(medical[0].recipients[0].starts_with("national competent authority"));
}

#[test]
fn no_jurisdiction_reports_algorithmic_discrimination_to_an_authority() {
    // SB 24-205's 90-day reports to the Colorado Attorney General (C.R.S.
    // 6-1-1702(5), 6-1-1703(7)) were repealed by SB 26-189 before they
    // applied; an EU high-risk system's report needs an Art. 3(49) incident,
    // which this kind alone is not; China's Measures grade incidents, not
    // this kind.
    let profile = SystemProfile {
        roles: [Role::Provider, Role::Deployer].into(),
        china: Some(ChinaProfile {
            operator: CnOperator::Other,
            generative_service: true,
        }),
        ..eu(EuClass::HighRiskAnnexIii, false, false)
    };
    for aware in [
        datetime!(2026-07-15 10:00 UTC),
        datetime!(2027-03-01 10:00 UTC),
    ] {
        let got = duties(&incident(&[AlgorithmicDiscrimination], aware), &profile);
        assert!(got.is_empty(), "{aware}: {got:?}");
    }
}

#[test]
fn china_hours_by_operator_and_grade() {
    let china = |operator, generative| SystemProfile {
        roles: [Role::Provider].into(),
        china: Some(ChinaProfile {
            operator,
            generative_service: generative,
        }),
        ..SystemProfile::default()
    };
    let aware = datetime!(2026-03-01 08:00 UTC);
    let graded =
        |grade| LegalIncident::new([CriticalInfrastructure], aware, [], Some(grade)).unwrap();
    // CAC 2025 Measures Art. 4: 1 hour (CII), 2 hours (central and state organs), 4 hours (others).
    for (operator, hours) in [
        (CnOperator::CriticalInformationInfrastructure, 1),
        (CnOperator::CentralOrStateOrgan, 2),
        (CnOperator::Other, 4),
    ] {
        let got = duties(&graded(CnGrade::RelativelyMajor), &china(operator, false));
        assert_eq!(got.len(), 1, "{operator:?}");
        assert_eq!(
            got[0].due,
            Due::At {
                at: aware + time::Duration::hours(hours)
            }
        );
        assert_eq!(got[0].bearer, Bearer::NetworkOperator);
    }
    // Only "relatively major" and above are reported under Art. 4.
    assert!(duties(&graded(CnGrade::General), &china(CnOperator::Other, false)).is_empty());
    // Interim Measures Art. 14: illegal generated content, promptly.
    let content = LegalIncident::new([IllegalGeneratedContent], aware, [], None).unwrap();
    let got = duties(&content, &china(CnOperator::Other, true));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].due, Due::Immediately);
    assert_eq!(got[0].bearer, Bearer::ServiceProvider);
    assert!(duties(&content, &china(CnOperator::Other, false)).is_empty());
}

#[test]
fn countdown_warns_in_the_last_quarter_and_reports_lateness() {
    let aware = datetime!(2026-09-01 00:00 UTC);
    let d = &duties(
        &incident(&[Death], aware),
        &eu(EuClass::HighRiskAnnexIii, false, false),
    )[0];
    // Due on 11 September, end of day.
    match countdown(d, aware, datetime!(2026-09-02 00:00 UTC)) {
        Countdown::Running { hours_left, warn } => {
            assert_eq!(hours_left, 9 * 24 + 23);
            assert!(!warn);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        countdown(d, aware, datetime!(2026-09-10 00:00 UTC)),
        Countdown::Running { warn: true, .. }
    ));
    assert_eq!(
        countdown(d, aware, datetime!(2026-09-12 05:00 UTC)),
        Countdown::Overdue { hours_late: 5 }
    );
}

#[test]
fn an_incident_names_a_kind() {
    let e = LegalIncident::new([], datetime!(2026-09-01 00:00 UTC), [], None).unwrap_err();
    assert_eq!(e.field, "legal.kinds");
}

#[test]
fn every_kind_is_listed_once_under_its_serde_name() {
    let mut seen = std::collections::BTreeSet::new();
    for kind in IncidentKind::ALL {
        assert_eq!(
            serde_json::to_value(kind).unwrap(),
            serde_json::Value::String(kind.slug().into())
        );
        assert!(seen.insert(kind), "{kind:?} listed twice");
    }
    assert_eq!(
        serde_json::from_value::<IncidentKind>("illegal_generated_content".into()).unwrap(),
        IncidentKind::IllegalGeneratedContent
    );
}
