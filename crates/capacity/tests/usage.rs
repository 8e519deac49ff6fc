//! Usage reports, hours returned to the next round's pool, and the canonical ledger
//! payloads of a round result and a match.

use serde_json::json;
use waico_capacity::matching::{MatchInput, run_match};
use waico_capacity::primitives::{Day, Window};
use waico_capacity::usage::{deliveries, parse_usage_csv, returned_to_pool};
use waico_capacity::{ExportRules, Round, SolverSettings, allocate, ledger_payload};

fn round() -> Round {
    let offer = |id: &str, hours: f64| {
        json!({
            "id": id, "provider": "P", "site": "S", "jurisdiction": "KE", "accelerator": "H100",
            "count": 2, "hours": hours, "window": {"start": "2027-01-01", "end": "2027-01-31"},
            "terms": {"kind": "cost_recovery", "price_per_hour": 1.5, "currency": "USD"}
        })
    };
    let request = |id: &str, hours: f64| {
        json!({"merit": 4.0, "request": {
            "id": id, "title": "T", "abstract": "", "institution": "I", "country": "BR",
            "global_south": true, "accelerators": [{"model": "H100", "factor": 1.0}],
            "hours": hours, "window": {"start": "2027-01-01", "end": "2027-01-31"}, "end_use": "research"
        }})
    };
    Round::from_json(
        &json!({"id": "r", "policy": {"country_cap_share": 1.0},
            "offers": [offer("o1", 100.0), offer("o2", 10.0)],
            "requests": [request("a", 80.0)]})
        .to_string(),
    )
    .unwrap()
}

#[test]
fn usage_is_checked_against_allocations_and_unused_hours_return_to_the_pool() {
    let round = round();
    let result = allocate(&round, &ExportRules::none(), SolverSettings::default()).unwrap();
    let allocated: f64 = result.explanations[0]
        .grants
        .iter()
        .map(|g| g.accelerator_hours)
        .sum();
    assert!((allocated - 80.0).abs() < 1e-6);
    let o1 = result.explanations[0]
        .grants
        .iter()
        .find(|g| g.offer == "o1")
        .map(|g| g.accelerator_hours)
        .unwrap_or(0.0);
    let reports =
        parse_usage_csv(&format!("request,offer,used_hours\na, o1, {}\n", o1 / 2.0)).unwrap();
    let done = deliveries(&result, &reports).unwrap();
    let next = Window::new(
        Day::parse("start", "2027-02-01").unwrap(),
        Day::parse("end", "2027-02-28").unwrap(),
    )
    .unwrap();
    let pool = returned_to_pool(&round.offers, &done, next);
    // o1 returns what was never allocated plus the half reported unused; o2's
    // allocation (if any) was not reported, so it counts as used.
    let o2 = 80.0 - o1;
    let o1_back = pool.iter().find(|o| o.id() == "o1+carried").unwrap();
    assert!((o1_back.hours() - (100.0 - o1 / 2.0)).abs() < 1e-6);
    assert_eq!(o1_back.window(), &next);
    let o2_back = pool
        .iter()
        .find(|o| o.id() == "o2+carried")
        .map(|o| o.hours())
        .unwrap_or(0.0);
    assert!((o2_back - (10.0 - o2)).abs() < 1e-6);

    let over = parse_usage_csv(&format!("request,offer,used_hours\na,o1,{}\n", o1 + 1.0)).unwrap();
    assert!(
        deliveries(&result, &over)
            .unwrap_err()
            .field
            .ends_with("used_hours")
    );
    let stranger = parse_usage_csv("request,offer,used_hours\nzz,o1,1\n").unwrap();
    assert!(deliveries(&result, &stranger).is_err());
    assert!(parse_usage_csv("request,offer,used_hours\na,o1,-3\n").is_err());
    assert!(parse_usage_csv("request,offer,used_hours\na,o1,lots\n").is_err());
}

#[test]
fn ledger_payloads_are_canonical_and_reproducible() {
    let round = round();
    let first = allocate(&round, &ExportRules::none(), SolverSettings::default()).unwrap();
    let again = allocate(&round, &ExportRules::none(), SolverSettings::default()).unwrap();
    let bytes = ledger_payload::round_result(&first).unwrap();
    assert_eq!(bytes, ledger_payload::round_result(&again).unwrap());
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("{\"body\":{\"bound\":"), "{text}");
    assert!(text.ends_with("\"kind\":\"capacity.round_result\"}"));
    let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(parsed["body"]["round"], "r");

    let input = MatchInput::from_json(
        &json!({"id": "m", "programs": [
        {"id": "p", "host_institution": "H", "capacity": 1, "ranking": ["a"]}],
        "applicants": [{"id": "a", "country": "KE", "ranking": ["p"]}]})
        .to_string(),
    )
    .unwrap();
    let text =
        String::from_utf8(ledger_payload::match_result(&run_match(&input)).unwrap()).unwrap();
    assert_eq!(
        text,
        r#"{"body":{"assignments":[{"applicant":"a","program":"p","why_not":[]}],"id":"m"},"kind":"capacity.match"}"#
    );
}
