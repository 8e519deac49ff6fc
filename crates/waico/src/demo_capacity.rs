//! The capacity exchange's demo: the shipped export-control rules loaded as
//! a stored version, compute offers from eight providers under different
//! jurisdictions and restrictions, a call with 126 requests from every
//! region reviewed by two reviewers each (conflicts of interest refused and
//! another reviewer taken), a round solved, published with its explained
//! result, its usage reported and closed (unused hours back in the pool),
//! and a fellowship match. All through the application layer's operations.

use std::time::Duration;

use anyhow::Context;
use waico_app::AppState;
use waico_app::accounts;
use waico_app::capacity as cap;
use waico_members::policy::Actor;

/// Offers: (id, provider, site, jurisdiction, accelerator, count, share of
/// the window's hours offered, excluded destinations, end uses excluded).
type DemoOffer = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u32,
    f64,
    &'static [&'static str],
    &'static [&'static str],
);

const OFFERS: &[DemoOffer] = &[
    (
        "de-jsc-a100",
        "Federal Republic of Germany",
        "Jülich Supercomputing Centre",
        "DE",
        "A100",
        16,
        0.5,
        &[],
        &["military"],
    ),
    (
        "us-consortium-h100",
        "US research universities consortium",
        "Urbana-Champaign",
        "US",
        "H100",
        16,
        0.4,
        &[],
        &["military", "surveillance"],
    ),
    (
        "cn-shlab-910b",
        "Shanghai Artificial Intelligence Laboratory",
        "Shanghai",
        "CN",
        "Ascend 910B",
        24,
        0.5,
        &[],
        &[],
    ),
    (
        "ke-strathmore-l40s",
        "Strathmore University",
        "Nairobi",
        "KE",
        "L40S",
        8,
        0.7,
        &[],
        &[],
    ),
    (
        "br-lncc-h100",
        "Federative Republic of Brazil",
        "LNCC Petrópolis",
        "BR",
        "H100",
        8,
        0.5,
        &[],
        &["military"],
    ),
    (
        "qa-qcri-h100",
        "Qatar Computing Research Institute",
        "Doha",
        "QA",
        "H100",
        8,
        0.5,
        &["IL"],
        &[],
    ),
    (
        "fr-inria-mi300x",
        "Inria",
        "Grenoble",
        "FR",
        "MI300X",
        8,
        0.6,
        &[],
        &["military"],
    ),
    (
        "in-aimission-h20",
        "IndiaAI Mission",
        "Bengaluru",
        "IN",
        "H20",
        16,
        0.4,
        &[],
        &[],
    ),
];

/// Requesting countries (alpha-2) across every region, three requests each.
const COUNTRIES: &[&str] = &[
    "KE", "NG", "GH", "ET", "ZA", "EG", "SN", "RW", "TZ", "UG", "MA", "TN", "CM", "CI", "IN", "BD",
    "PK", "ID", "VN", "PH", "NP", "LK", "BR", "AR", "MX", "CO", "PE", "CL", "EC", "CN", "KZ", "UZ",
    "JO", "QA", "FJ", "PG", "DE", "FR", "US", "JP", "RU", "PL",
];

const THEMES: &[(&str, &str)] = &[
    ("Crop disease detection from phone images", "agriculture"),
    ("Speech recognition for under-served languages", "research"),
    ("Regional climate downscaling", "research"),
    ("Maternal health risk triage", "health research"),
    ("Flood forecasting for river basins", "research"),
    (
        "Open legal-text models for public administration",
        "public services",
    ),
];

/// Reviewers among the demo users (each is refused for requests of their own country).
const REVIEWERS: &[&str] = &[
    "li.wei", "thandi", "fatima", "ivan", "lucia", "moussa", "rahim",
];

fn window(start: &str, end: &str) -> serde_json::Value {
    serde_json::json!({ "start": start, "end": end })
}

/// Seeds the capacity exchange; `secretariat` acts for the secretariat.
pub async fn seed(state: &AppState, secretariat: &Actor) -> anyhow::Result<()> {
    let err =
        |what: &'static str| move |e: cap::CapError| anyhow::anyhow!("demo capacity {what}: {e}");
    cap::load_rules(
        state,
        secretariat,
        waico_capacity::export_control::SHIPPED_RULES,
    )
    .await
    .map_err(err("rules"))?;
    let days = 181.0; // 2027-01-01 to 2027-06-30
    for (id, provider, site, jurisdiction, model, count, share, excluded, end_uses) in OFFERS {
        let hours = (f64::from(*count) * 24.0 * days * share).round();
        cap::create_offer(
            state,
            secretariat,
            serde_json::json!({
                "id": id, "provider": provider, "site": site, "jurisdiction": jurisdiction,
                "accelerator": model, "count": count, "hours": hours,
                "window": window("2027-01-01", "2027-06-30"),
                "terms": if *jurisdiction == "US" { serde_json::json!({"kind": "cost_recovery", "price_per_hour": 1.0, "currency": "USD"}) } else { serde_json::json!({"kind": "free"}) },
                "restrictions": { "destinations_excluded": excluded, "end_uses_excluded": end_uses },
            }),
        )
        .await
        .map_err(err("offer"))?;
    }
    let call = "call-2027-h1";
    cap::open_call(
        state,
        secretariat,
        call,
        "Compute call, first half of 2027",
        3.0,
    )
    .await
    .map_err(err("call"))?;
    let mut n = 0usize;
    let models: [&[(&str, f64)]; 4] = [
        &[("H100", 1.0), ("A100", 0.6)],
        &[("Ascend 910B", 0.8), ("H100", 1.0)],
        &[("MI300X", 1.0), ("H100", 1.0), ("L40S", 0.4)],
        &[("H20", 0.5), ("A100", 0.6), ("L40S", 0.4)],
    ];
    for (ci, country) in COUNTRIES.iter().enumerate() {
        for k in 0..3 {
            n += 1;
            let (theme, end_use) = THEMES[(ci + k) % THEMES.len()];
            let name = waico_members::Countries::get()
                .find(country)
                .map(|c| c.name(waico_i18n::Lang::En).to_owned())
                .context("demo country")?;
            let hours = [4000.0, 9000.0, 15000.0, 25000.0][(ci * 3 + k) % 4];
            let accelerators: Vec<serde_json::Value> = models[(ci + 2 * k) % 4]
                .iter()
                .map(|(m, f)| serde_json::json!({ "model": m, "factor": f }))
                .collect();
            cap::submit_request(
                state,
                secretariat,
                call,
                serde_json::json!({
                    "id": format!("req-{n:03}"),
                    "title": format!("{theme} ({name})"),
                    "abstract": format!("{theme}: models trained and evaluated with partners in {name}."),
                    "institution": format!("{name} AI Institute {}", k + 1),
                    "country": country,
                    "accelerators": accelerators,
                    "hours": hours,
                    "minimum_hours": if (ci + k) % 3 == 0 { hours * 0.5 } else { 0.0 },
                    "window": if k == 2 { window("2027-03-01", "2027-06-30") } else { window("2027-01-15", "2027-05-31") },
                    "data_residency": if (ci + k) % 11 == 0 { vec![*country] } else { vec![] },
                    "end_use": end_use,
                    "first_time": (ci + k) % 4 == 0,
                }),
            )
            .await
            .map_err(err("request"))?;
        }
    }
    // Two reviewers per request; a conflicted reviewer is refused and the next one taken.
    let mut actors = Vec::new();
    for name in REVIEWERS {
        let user = state
            .store
            .user_by_username(name)
            .await
            .context("demo reviewer")?;
        actors.push((*name, accounts::actor_of(&user)));
    }
    for i in 1..=n {
        let id = format!("req-{i:03}");
        let mut assigned = 0;
        for (j, (name, actor)) in actors
            .iter()
            .enumerate()
            .cycle()
            .skip(i % REVIEWERS.len())
            .take(REVIEWERS.len())
        {
            if assigned == 2 {
                break;
            }
            if cap::assign_reviewer(state, secretariat, &id, name)
                .await
                .is_err()
            {
                continue;
            }
            let score = 2 + ((i * 7 + j * 3) % 4) as i64;
            let comment = [
                "Thin method section.",
                "Sound plan, modest impact.",
                "Strong team and clear need.",
                "Excellent, ready to run.",
            ][(score - 2) as usize];
            cap::review(state, actor, &id, score, comment)
                .await
                .map_err(err("review"))?;
            assigned += 1;
        }
    }
    let round = "round-2027-h1";
    cap::open_round(
        state,
        secretariat,
        round,
        call,
        "First-half 2027 allocation",
        ("2027-01-01", "2027-06-30"),
        Some(cap::Policy {
            country_cap_share: 0.1,
            ..cap::Policy::default()
        }),
    )
    .await
    .map_err(err("round"))?;
    let view = cap::run_round(state, secretariat, round, Duration::from_secs(20))
        .await
        .map_err(err("run"))?;
    // Providers report usage: most allocations nearly used, some partly.
    let reports: Vec<cap::Usage> = view
        .deliveries
        .iter()
        .enumerate()
        .map(|(i, d)| cap::Usage {
            request: d.request.clone(),
            offer: d.offer.clone(),
            used_hours: (d.allocated * [0.95, 1.0, 0.6, 0.85][i % 4]).floor(),
        })
        .collect();
    if !reports.is_empty() {
        cap::report_usage(state, secretariat, round, reports)
            .await
            .map_err(err("usage"))?;
    }
    cap::close_round(state, secretariat, round, ("2027-07-01", "2027-12-31"))
        .await
        .map_err(err("close"))?;
    seed_match(state, secretariat).await
}

/// A fellowship match over the demo users: they rank programs, the programs
/// rank them, the secretariat runs it.
async fn seed_match(state: &AppState, secretariat: &Actor) -> anyhow::Result<()> {
    let err =
        |what: &'static str| move |e: cap::CapError| anyhow::anyhow!("demo match {what}: {e}");
    let id = "fellows-2027";
    cap::create_match(state, secretariat, id, "Visiting fellowships 2027")
        .await
        .map_err(err("create"))?;
    let programs: [(&str, &str, &str, u32, &[&str]); 4] = [
        (
            "dfki-fellows",
            "Trustworthy AI fellowship",
            "German Research Center for Artificial Intelligence (DFKI)",
            1,
            &[],
        ),
        (
            "strathmore-cohort",
            "Applied ML training cohort",
            "Strathmore University",
            2,
            &[],
        ),
        (
            "qcri-visiting",
            "Arabic NLP visiting post",
            "Qatar Computing Research Institute",
            1,
            &[],
        ),
        (
            "tsinghua-visiting",
            "Foundation models visiting post",
            "Tsinghua University",
            1,
            &["US"],
        ),
    ];
    let applicants: [(&str, [&str; 3]); 7] = [
        (
            "thandi",
            ["dfki-fellows", "qcri-visiting", "strathmore-cohort"],
        ),
        (
            "amina",
            ["dfki-fellows", "tsinghua-visiting", "strathmore-cohort"],
        ),
        (
            "rahim",
            ["dfki-fellows", "qcri-visiting", "tsinghua-visiting"],
        ),
        (
            "wanjiku",
            ["qcri-visiting", "dfki-fellows", "strathmore-cohort"],
        ),
        (
            "lucia",
            ["tsinghua-visiting", "dfki-fellows", "strathmore-cohort"],
        ),
        (
            "moussa",
            ["strathmore-cohort", "dfki-fellows", "qcri-visiting"],
        ),
        (
            "grace",
            ["dfki-fellows", "strathmore-cohort", "qcri-visiting"],
        ),
    ];
    for (pid, title, host, places, _) in &programs {
        cap::put_program(
            state,
            secretariat,
            id,
            title,
            serde_json::json!({ "id": pid, "host_institution": host, "capacity": places, "ranking": [] }),
        )
        .await
        .map_err(err("program"))?;
    }
    for (name, ranking) in &applicants {
        let user = state
            .store
            .user_by_username(name)
            .await
            .context("demo applicant")?;
        cap::apply(
            state,
            &accounts::actor_of(&user),
            id,
            ranking.iter().map(|s| (*s).to_owned()).collect(),
        )
        .await
        .map_err(err("apply"))?;
    }
    // Each program ranks the applicants in its own order of preference.
    let orders: [&[&str]; 4] = [
        &[
            "rahim", "thandi", "amina", "grace", "lucia", "wanjiku", "moussa",
        ],
        &["moussa", "grace", "wanjiku", "thandi", "amina", "lucia"],
        &["wanjiku", "rahim", "thandi", "moussa", "grace"],
        &["lucia", "amina", "rahim"],
    ];
    for ((pid, title, host, places, excluded), order) in programs.iter().zip(orders) {
        cap::put_program(
            state,
            secretariat,
            id,
            title,
            serde_json::json!({
                "id": pid, "host_institution": host, "capacity": places,
                "eligibility": { "countries_excluded": excluded },
                "ranking": order,
            }),
        )
        .await
        .map_err(err("ranking"))?;
    }
    cap::run_match_op(state, secretariat, id)
        .await
        .map_err(err("run"))?;
    Ok(())
}
