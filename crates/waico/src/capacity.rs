//! `waico capacity solve round.json` and `waico capacity match match.json`: the
//! capacity exchange's allocator and fellowship matcher run offline on a file, printing
//! the explained result (or, with `--json`, the canonical ledger payload); the node's
//! rounds, results and export licences (list, grant, revoke) as the secretariat.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use waico_capacity::allocation::{Binding, RoundResult};
use waico_capacity::eligibility::Ineligibility;
use waico_capacity::matching::{MatchInput, MatchResult, WhyNot, run_match};
use waico_capacity::{ExportRules, Round, SolverSettings, allocate, ledger_payload};

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Solves the round in `path` with the shipped export rules (or `rules`).
pub fn solve(
    path: &Path,
    rules: Option<&Path>,
    seconds: u64,
    json: bool,
) -> anyhow::Result<String> {
    let round = Round::from_json(&read(path)?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let rules = match rules {
        Some(file) => ExportRules::parse_yaml(&read(file)?).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => ExportRules::shipped(),
    };
    let settings = SolverSettings {
        time_limit: Duration::from_secs(seconds),
        ..SolverSettings::default()
    };
    let result = allocate(&round, &rules, settings)?;
    if json {
        let bytes = ledger_payload::round_result(&result)?;
        return Ok(String::from_utf8(bytes)? + "\n");
    }
    Ok(render_round(&result))
}

/// The node's rounds, one line each: id, status, window, requests served,
/// hours allocated and used.
pub async fn node_rounds(state: &waico_app::AppState) -> anyhow::Result<String> {
    let mut out = String::new();
    for row in waico_app::capacity::list_rounds(state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        let r = waico_app::capacity::get_round(state, &row.slug)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let _ = writeln!(
            out,
            "{}\t{}\t{} – {}\tserved {}\tallocated {:.0} h\tused {:.0} h",
            r.id,
            r.status,
            r.window_start,
            r.window_end,
            r.totals.requests_served,
            r.totals.allocated,
            r.totals.used
        );
    }
    Ok(out)
}

/// A stored round's explained result (as `solve` prints it), or its CSV.
pub async fn node_result(
    state: &waico_app::AppState,
    round: &str,
    csv: bool,
) -> anyhow::Result<String> {
    if csv {
        return waico_app::capacity::round_csv(state, round)
            .await
            .map_err(|e| anyhow::anyhow!("round {round}: {e}"));
    }
    let view = waico_app::capacity::get_round(state, round)
        .await
        .map_err(|e| anyhow::anyhow!("round {round}: {e}"))?;
    let result = view
        .result
        .with_context(|| format!("round {round} has not been run"))?;
    Ok(render_round(&result))
}

/// The node's export licences, one line each: id, rule, site jurisdiction
/// → destination, classes, validity, reference, and whether in force.
pub async fn node_licences(state: &waico_app::AppState) -> anyhow::Result<String> {
    let mut out = String::new();
    for view in waico_app::capacity::licences::list_licences(state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        out.push_str(&licence_line(&view));
    }
    Ok(out)
}

fn licence_line(view: &waico_app::capacity::licences::LicenceView) -> String {
    let l = &view.licence;
    let status = match (view.revoked_at, &view.revoke_reason) {
        (Some(_), reason) => format!("revoked: {}", reason.as_deref().unwrap_or_default()),
        (None, _) => "in force".to_owned(),
    };
    format!(
        "{}\t{}\t{} → {}\t{}\t{} – {}\t{}\t{status}\n",
        l.id,
        l.rule,
        l.jurisdiction.as_str(),
        l.destination.as_str(),
        l.classes.join(","),
        String::from(l.valid.start()),
        String::from(l.valid.end()),
        l.reference
    )
}

async fn secretariat_user(
    state: &waico_app::AppState,
    name: &str,
) -> anyhow::Result<waico_members::policy::Actor> {
    state
        .store
        .user_by_username(name)
        .await
        .map(|u| waico_app::accounts::actor_of(&u))
        .with_context(|| format!("no user named {name:?}"))
}

/// Records `licence` as granted by the user `user`; prints its line.
pub async fn grant_licence(
    state: &waico_app::AppState,
    user: &str,
    licence: serde_json::Value,
) -> anyhow::Result<String> {
    let actor = secretariat_user(state, user).await?;
    let view = waico_app::capacity::licences::grant_licence(state, &actor, licence)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(licence_line(&view))
}

/// Revokes licence `id` as the user `user`, for `reason`; prints its line.
pub async fn revoke_licence(
    state: &waico_app::AppState,
    user: &str,
    id: &str,
    reason: &str,
) -> anyhow::Result<String> {
    let actor = secretariat_user(state, user).await?;
    let view = waico_app::capacity::licences::revoke_licence(state, &actor, id, reason)
        .await
        .map_err(|e| anyhow::anyhow!("licence {id}: {e}"))?;
    Ok(licence_line(&view))
}

/// Runs the match in `path`.
pub fn match_file(path: &Path, json: bool) -> anyhow::Result<String> {
    let input = MatchInput::from_json(&read(path)?).map_err(|e| anyhow::anyhow!("{e}"))?;
    let result = run_match(&input);
    if json {
        let bytes = ledger_payload::match_result(&result)?;
        return Ok(String::from_utf8(bytes)? + "\n");
    }
    Ok(render_match(&result))
}

fn binding(b: &Binding) -> String {
    match b {
        Binding::Met => "fully met".into(),
        Binding::MeritThreshold { merit, threshold } => {
            format!("declined: merit {merit:.2} below the threshold {threshold:.2}")
        }
        Binding::NoEligibleOffer => "no eligible offer".into(),
        Binding::CountryCap { country, cap_hours } => {
            format!("country cap: {country} reached {cap_hours:.1} accelerator-hours")
        }
        Binding::Minimum { minimum, reachable } => {
            format!("minimum: {minimum:.1} h useful at least, only {reachable:.1} h reachable")
        }
        Binding::Capacity { offers } => format!("capacity: offers {} are full", offers.join(", ")),
        Binding::Window { offers } => format!(
            "window: offers {} have no more hours inside the request's window",
            offers.join(", ")
        ),
    }
}

fn rule(reason: &Ineligibility) -> String {
    match reason {
        Ineligibility::AcceleratorNotAccepted { model } => {
            format!("accelerator {model} not accepted")
        }
        Ineligibility::WindowDisjoint => "windows do not overlap".into(),
        Ineligibility::DataResidency { site, .. } => format!("data may not reside in {site}"),
        Ineligibility::ExportControl(bar) => format!(
            "export control {} ({:?}, rules {}): {}",
            bar.rule, bar.effect, bar.version, bar.source
        ),
        Ineligibility::DestinationExcluded { country } => {
            format!("provider excludes {country}")
        }
        Ineligibility::DestinationNotAllowed { country } => {
            format!("provider does not allow {country}")
        }
        Ineligibility::EndUseExcluded { end_use } => format!("provider excludes end use {end_use}"),
    }
}

pub fn render_round(result: &RoundResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "round {}: objective {:.1}, bound {:.1}, gap {:.4}% ({:?}{}), export rules {}",
        result.round,
        result.objective,
        result.bound,
        100.0 * result.gap,
        result.method,
        if result.fair_tie_break {
            ", ties broken max-min fair"
        } else {
            ""
        },
        result.rules_version
    );
    for e in &result.explanations {
        let _ = writeln!(
            out,
            "{} ({}{}, weight {:.2}): {:.1} of {:.1} h — {}",
            e.request,
            e.country,
            if e.global_south { ", Global South" } else { "" },
            e.weight,
            e.delivered,
            e.wanted,
            binding(&e.binding)
        );
        for g in &e.grants {
            let _ = writeln!(
                out,
                "    {} {}: {:.1} accelerator-hours = {:.1} h",
                g.offer, g.accelerator, g.accelerator_hours, g.reference_hours
            );
        }
        for x in &e.excluded {
            let _ = writeln!(out, "    not {}: {}", x.offer, rule(&x.reason));
        }
    }
    for o in &result.offers {
        let _ = writeln!(
            out,
            "offer {}: {:.1} of {:.1} accelerator-hours allocated",
            o.offer, o.allocated, o.capacity
        );
    }
    out
}

pub fn render_match(result: &MatchResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "match {}", result.id);
    for a in &result.assignments {
        let _ = writeln!(
            out,
            "{}: {}",
            a.applicant,
            a.program.as_deref().unwrap_or("unmatched")
        );
        for r in &a.why_not {
            let why = match &r.why {
                WhyNot::Filled { with } => format!(
                    "filled with applicants it ranked higher: {}",
                    with.join(", ")
                ),
                WhyNot::CountryExcluded { country } => {
                    format!("excludes applicants from {country}")
                }
                WhyNot::CountryNotAllowed { country } => {
                    format!("does not admit applicants from {country}")
                }
                WhyNot::NotRanked => "did not rank this applicant".into(),
            };
            let _ = writeln!(out, "    not {}: {why}", r.program);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../capacity/data/examples");

    #[test]
    fn solve_explains_the_example_round() {
        let text = solve(&Path::new(EXAMPLES).join("round.json"), None, 10, false).unwrap();
        assert!(text.starts_with("round 2027-q1-pilot: objective"), "{text}");
        assert!(text.contains("ad-targeting (FR, weight 2.50): 0.0 of 1000.0 h — declined: merit 2.50 below the threshold 3.00"), "{text}");
        assert!(
            text.contains("not us-h100: export control us-ear-3a090-d5"),
            "{text}"
        );
        let json = solve(&Path::new(EXAMPLES).join("round.json"), None, 10, true).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["kind"], "capacity.round_result");
    }

    #[test]
    fn match_explains_the_example_match() {
        let text = match_file(&Path::new(EXAMPLES).join("match.json"), false).unwrap();
        assert!(text.contains("amina: inria-visiting"), "{text}");
        assert!(
            text.contains("not inria-visiting: filled with applicants it ranked higher: amina"),
            "{text}"
        );
        assert!(
            text.contains("not inria-visiting: excludes applicants from RU"),
            "{text}"
        );
    }
}
