//! The EU serious-incident report of an incident, in the shape of the
//! Commission's reporting template under Art. 73 AI Act.
//!
//! Source of the layout: the Commission's draft guidance and reporting
//! template for serious incidents (public consultation of 26 September
//! 2025, closed 7 November 2025), as far as published: administrative
//! data of the report and the reporter, identification of the AI system,
//! the incident (dates of occurrence and awareness, Member States,
//! category under Art. 3(49)(a)–(d) or widespread infringement, persons
//! affected, description), the causal link, the measures taken and
//! planned, and whether the report is initial or complete (Art. 73(5)
//! allows an initial, incomplete report). The final implementing template
//! was not published when this was written: fields the report cannot fill
//! are left `null` for the provider to complete.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::deadlines::{Duty, IncidentKind, Jurisdiction, LegalIncident, SystemProfile, duties};
use crate::report::{Report, ReportError};

/// Initial (Art. 73(5)) or complete report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    Initial,
    Complete,
}

/// What the node knows of the system and its provider (from the registry).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemRecord {
    pub provider_name: String,
    pub provider_contact: String,
    pub system_name: String,
    pub system_version: Option<String>,
    /// Registration number in the EU database (Art. 71), when registered.
    pub eu_database_id: Option<String>,
    /// The Annex III point (e.g. `4(a)`), when high-risk under Annex III.
    pub annex_iii_point: Option<String>,
}

/// The report, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EuSeriousIncidentReport {
    pub stage: ReportStage,
    pub node_reference: String,
    pub reporter: Reporter,
    pub ai_system: AiSystem,
    pub incident: Incident,
    pub deadline: Deadline,
    /// Causal link between the system and the incident (Art. 73(2)), to complete.
    pub causal_link: Option<String>,
    /// Corrective measures taken or planned (Art. 73(6)), to complete.
    pub corrective_measures: Option<String>,
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    pub role: String,
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AiSystem {
    pub name: String,
    pub version: Option<String>,
    pub eu_database_id: Option<String>,
    pub annex_iii_point: Option<String>,
    pub node_system_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub title: String,
    pub description: String,
    #[serde(default, with = "crate::fields::iso_date_option")]
    pub date_of_occurrence: Option<Date>,
    #[serde(with = "time::serde::rfc3339")]
    pub date_of_awareness: OffsetDateTime,
    pub member_states: Vec<String>,
    /// `art_3_49_a` … `art_3_49_d`, `widespread_infringement`.
    pub categories: Vec<String>,
    pub death: bool,
    pub affected_persons: Vec<String>,
    pub alleged_deployers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub article: String,
    #[serde(default, with = "crate::fields::iso_date_option")]
    pub due_date: Option<Date>,
}

fn category(kind: IncidentKind) -> Option<&'static str> {
    match kind {
        IncidentKind::Death | IncidentKind::SeriousHarmToHealth => Some("art_3_49_a"),
        IncidentKind::CriticalInfrastructure => Some("art_3_49_b"),
        IncidentKind::FundamentalRights => Some("art_3_49_c"),
        IncidentKind::PropertyOrEnvironment => Some("art_3_49_d"),
        IncidentKind::WidespreadInfringement => Some("widespread_infringement"),
        IncidentKind::AlgorithmicDiscrimination | IncidentKind::IllegalGeneratedContent => None,
    }
}

/// The EU report of `report`, when its incident gives rise to an EU duty
/// for a system described by `profile`.
pub fn eu_serious_incident_report(
    report: &Report,
    profile: &SystemProfile,
    system: &SystemRecord,
    stage: ReportStage,
) -> Result<EuSeriousIncidentReport, ReportError> {
    let legal: &LegalIncident = report
        .legal
        .as_ref()
        .ok_or_else(|| ReportError::new("legal", "the report is not a legal incident"))?;
    let all = duties(legal, profile);
    let duty: &Duty = all
        .iter()
        .find(|d| d.jurisdiction == Jurisdiction::Eu && d.citation.contains("73"))
        .ok_or_else(|| ReportError::new("legal", "no EU Art. 73 duty applies"))?;
    let mut categories: Vec<String> = legal
        .kinds()
        .iter()
        .filter_map(|k| category(*k))
        .map(str::to_owned)
        .collect();
    categories.dedup();
    Ok(EuSeriousIncidentReport {
        stage,
        node_reference: report.id.to_string(),
        reporter: Reporter {
            role: "provider".into(),
            name: system.provider_name.clone(),
            contact: system.provider_contact.clone(),
        },
        ai_system: AiSystem {
            name: system.system_name.clone(),
            version: system.system_version.clone(),
            eu_database_id: system.eu_database_id.clone(),
            annex_iii_point: system.annex_iii_point.clone(),
            node_system_ids: report
                .content
                .systems
                .iter()
                .map(ToString::to_string)
                .collect(),
        },
        incident: Incident {
            title: report.content.title.to_string(),
            description: report.content.description.clone(),
            date_of_occurrence: report.content.date,
            date_of_awareness: legal.aware_at(),
            member_states: legal
                .occurred_in()
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect(),
            categories,
            death: legal.kinds().contains(&IncidentKind::Death),
            affected_persons: report.content.alleged_harmed_parties.clone(),
            alleged_deployers: report.content.alleged_deployers.clone(),
        },
        deadline: Deadline {
            article: duty.citation.to_owned(),
            due_date: match duty.due {
                crate::deadlines::Due::OnDate { date } => Some(date),
                _ => None,
            },
        },
        causal_link: None,
        corrective_measures: None,
        sources: report
            .content
            .sources
            .iter()
            .map(|s| s.url.as_str().to_owned())
            .collect(),
    })
}
