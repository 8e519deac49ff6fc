//! Demo safety reports: 210 incidents and vulnerabilities from the demo
//! users, at every TLP level and in every workflow state, spread over harm
//! types, sectors, countries and months, with comments; some linked to the
//! demo AI systems as legal incidents whose reporting deadlines are running.
//! Everything goes through the operations the pages and the API call.

use anyhow::Context;
use waico_app::AppState;
use waico_app::accounts;
use waico_app::safety::{
    self as app, CommentInput, LegalInput, MarkingInput, StepInput, SubmitInput,
};
use waico_safety::report::{AffectedVersions, ReportDraft, SourceDraft};

/// Reports the demo submits.
pub const REPORTS: usize = 210;

/// Authors: user name and the community (country) an AMBER report of theirs names.
const AUTHORS: [(&str, &str); 6] = [
    ("grace", "KEN"),
    ("wanjiku", "KEN"),
    ("rahim", "BGD"),
    ("thandi", "ZAF"),
    ("amina", "NGA"),
    ("lucia", "ARG"),
];

const HARMS: [&str; 7] = [
    "physical",
    "psychological",
    "economic_property",
    "reputational",
    "human_rights",
    "public_interest",
    "environmental",
];
const SECTORS: [&str; 9] = [
    "health",
    "finance",
    "education",
    "employment",
    "public_services",
    "justice",
    "transport",
    "media",
    "agriculture",
];
const COUNTRIES: [&str; 10] = ["KE", "NG", "ZA", "BD", "AR", "BR", "IN", "DE", "FR", "CN"];
const SUBJECTS: [(&str, &str); 10] = [
    (
        "Chatbot gave dangerous dosage advice",
        "A public health chatbot recommended a medication dose several times the safe limit.",
    ),
    (
        "Loan model refused applicants from one district",
        "Credit scores dropped sharply for applicants whose address was in a single district.",
    ),
    (
        "Exam proctoring flagged students with darker skin",
        "Face detection failed more often for darker-skinned students, who were then flagged for cheating.",
    ),
    (
        "CV screener ranked women lower",
        "The screening model ranked otherwise identical CVs lower when they mentioned a women's college.",
    ),
    (
        "Deepfake audio used in a bank fraud",
        "A cloned voice of a company director instructed a transfer to a foreign account.",
    ),
    (
        "Jailbreak by role play on a public assistant",
        "A role-play prompt made the assistant give step-by-step instructions it is trained to refuse.",
    ),
    (
        "Poisoned crop-disease dataset",
        "Mislabelled leaf images were inserted into a public dataset used to train crop-disease models.",
    ),
    (
        "Benefits triage wrongly closed claims",
        "An eligibility model closed valid claims after a change in the form layout.",
    ),
    (
        "News summariser invented quotes",
        "Summaries attributed quotes to a minister that do not appear in the source articles.",
    ),
    (
        "Traffic signal model stalled at rush hour",
        "An adaptive signal controller froze intersections for twenty minutes after a sensor outage.",
    ),
];
/// Demo systems that incidents are linked to as legal incidents.
const SYSTEMS: [&str; 4] = [
    "demo-hiring-screener",
    "demo-credit-scorer",
    "demo-medical-device",
    "demo-cn-public-chatbot",
];
const LEVELS: [&str; 5] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];
/// How far each report goes in the workflow (steps by the secretariat).
const PATHS: [&[&str]; 7] = [
    &[],
    &["triage"],
    &["triage", "confirm"],
    &["triage", "confirm", "mitigate"],
    &["triage", "confirm", "mitigate", "close"],
    &["reject"],
    &["withdraw"],
];

fn draft(i: usize) -> ReportDraft {
    let (title, text) = SUBJECTS[i % SUBJECTS.len()];
    let vulnerability = i % 10 == 5 || i % 10 == 6;
    let month = 1 + (i % 12);
    let year = if i.is_multiple_of(3) { 2025 } else { 2026 };
    ReportDraft {
        title: format!("{title} (case {})", i + 1),
        description: text.to_owned(),
        date: Some(format!("{year}-{month:02}-{:02}", 1 + (i % 27))),
        vulnerability,
        affected: if vulnerability {
            vec![AffectedVersions {
                artifact: "demo-assistant".into(),
                versions: vec![format!("<= 1.{}", i % 5)],
            }]
        } else {
            Vec::new()
        },
        alleged_deployers: vec![format!("Deployer {}", 1 + i % 8)],
        alleged_developers: vec![format!("Developer {}", 1 + i % 5)],
        alleged_harmed_parties: vec!["Members of the public".into()],
        sources: vec![SourceDraft {
            url: format!("https://news.example.org/ai-incidents/{}", i + 1),
            title: Some("Press report".into()),
            text: text.to_owned(),
        }],
        harm_types: vec![HARMS[i % HARMS.len()].into()],
        severity: Some(["hazard", "incident", "serious_incident"][i % 3].into()),
        stakeholders: vec!["general_public".into()],
        sectors: vec![SECTORS[i % SECTORS.len()].into()],
        countries: vec![COUNTRIES[i % COUNTRIES.len()].into()],
        ..ReportDraft::default()
    }
}

/// Submits the demo reports and moves them through the workflow.
pub async fn seed(state: &AppState) -> anyhow::Result<usize> {
    let admin = state.store.user_by_username("admin").await?;
    let secretariat = accounts::actor_of(&admin);
    let now = time::OffsetDateTime::now_utc();
    // (id, level, path) of each report, to pick duplicates afterwards.
    let mut made: Vec<(String, &str, usize)> = Vec::new();
    for i in 0..REPORTS {
        let (author, community) = AUTHORS[i % AUTHORS.len()];
        let user = state
            .store
            .user_by_username(author)
            .await
            .context("demo author")?;
        let actor = accounts::actor_of(&user);
        // Levels rotate on a different period than authors, so that each
        // author has reports at each level.
        let level = LEVELS[(i / 2) % LEVELS.len()];
        let mut report = draft(i);
        // Every seventh report is a legal incident of a demo system, the
        // bearer aware one to twelve days ago: deadlines are running.
        let legal = if i.is_multiple_of(7) && !report.vulnerability {
            let system = SYSTEMS[(i / 7) % SYSTEMS.len()];
            report.systems = vec![system.into()];
            let kind = ["serious_harm_to_health", "fundamental_rights", "death"][(i / 7) % 3];
            let aware = now - time::Duration::days(1 + (i as i64 % 12));
            Some(LegalInput {
                kinds: vec![kind.into()],
                aware_at: aware.date().to_string(),
                occurred_in: vec!["DE".into()],
            })
        } else {
            None
        };
        let input = SubmitInput {
            marking: MarkingInput {
                tlp: level.into(),
                community: Some(community.into()),
                recipients: vec!["admin".into(), "wanjiku".into()],
            },
            report,
            legal,
        };
        let r = app::submit(state, &actor, &input)
            .await
            .map_err(|e| anyhow::anyhow!("demo report {i}: {e:?}"))?;
        let id = r.id.to_string();
        made.push((id.clone(), level, i % PATHS.len()));
        if i % 4 == 1 {
            let comment = CommentInput {
                body: "Reproduced on the current release; vendor informed.".into(),
                marking: MarkingInput {
                    tlp: if level == "CLEAR" {
                        "GREEN".into()
                    } else {
                        level.into()
                    },
                    community: Some(community.into()),
                    recipients: vec!["admin".into(), "wanjiku".into()],
                },
            };
            app::comment(state, &actor, &id, &comment)
                .await
                .map_err(|e| anyhow::anyhow!("demo comment {i}: {e:?}"))?;
        }
        // The secretariat moves what it may see; withdrawals are the author's.
        for step in PATHS[i % PATHS.len()] {
            let who = if *step == "withdraw" {
                &actor
            } else {
                &secretariat
            };
            let input = StepInput {
                action: (*step).into(),
                reason: Some("Out of scope: not an AI system.".into()),
            };
            match app::step(state, who, &id, &input).await {
                Ok(_) => {}
                // Hidden from the secretariat by its marking: stays where it is.
                Err(waico_app::OpError::NotFound) => break,
                Err(e) => return Err(anyhow::anyhow!("demo step {i} {step}: {e:?}")),
            }
        }
    }
    // A few public reports still submitted are duplicates of triaged ones:
    // merged, the target keeps their sources.
    let targets: Vec<&String> = made
        .iter()
        .filter(|(_, l, p)| *l == "CLEAR" && *p == 1)
        .map(|(id, _, _)| id)
        .collect();
    let duplicates: Vec<&String> = made
        .iter()
        .filter(|(_, l, p)| *l == "CLEAR" && *p == 0)
        .map(|(id, _, _)| id)
        .collect();
    for (dup, target) in duplicates.iter().zip(&targets).take(4) {
        app::merge(state, &secretariat, dup, target)
            .await
            .map_err(|e| anyhow::anyhow!("demo merge {dup}: {e:?}"))?;
    }
    Ok(REPORTS)
}
