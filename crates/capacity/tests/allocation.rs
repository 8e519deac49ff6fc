//! Small allocation rounds solved by hand: each test states the optimum and the
//! constraint that binds, and checks both the exact solver and the decomposition.

use std::time::Duration;

use serde_json::{Value, json};
use waico_capacity::allocation::{Binding, Explanation, RoundResult};
use waico_capacity::eligibility::Ineligibility;
use waico_capacity::solver::Method;
use waico_capacity::{ExportRules, Round, SolverSettings, allocate};

fn offer(id: &str, jurisdiction: &str, model: &str, hours: f64) -> Value {
    json!({
        "id": id, "provider": "Provider", "site": "Site", "jurisdiction": jurisdiction,
        "accelerator": model, "count": 8, "hours": hours,
        "window": {"start": "2027-01-01", "end": "2027-03-31"},
        "terms": {"kind": "free"}
    })
}

fn request(id: &str, country: &str, hours: f64, minimum: f64) -> Value {
    json!({
        "id": id, "title": format!("Project {id}"), "abstract": "", "institution": format!("Univ {id}"),
        "country": country, "global_south": false,
        "accelerators": [{"model": "H100", "factor": 1.0}],
        "hours": hours, "minimum_hours": minimum,
        "window": {"start": "2027-01-01", "end": "2027-03-31"},
        "end_use": "research", "first_time": false
    })
}

fn reviewed(request: Value, merit: f64) -> Value {
    json!({"request": request, "merit": merit})
}

fn round(offers: Vec<Value>, requests: Vec<Value>, policy: Value) -> Round {
    let text = json!({"id": "r1", "policy": policy, "offers": offers, "requests": requests});
    Round::from_json(&text.to_string()).expect("valid round")
}

fn open_policy() -> Value {
    json!({"country_cap_share": 1.0, "global_south_bonus": 0.0, "first_time_bonus": 0.0})
}

/// Solves exactly and by decomposition; both must reach the stated optimum.
fn solve_both(round: &Round, rules: &ExportRules, optimum: f64) -> RoundResult {
    let exact = allocate(round, rules, SolverSettings::default()).unwrap();
    assert_eq!(exact.method, Method::Exact);
    assert!(
        (exact.objective - optimum).abs() < 1e-6 * optimum.max(1.0),
        "exact {}",
        exact.objective
    );
    assert!(exact.gap < 1e-6);
    let decomposed = allocate(
        round,
        rules,
        SolverSettings {
            exact_pair_limit: 0,
            ..SolverSettings::default()
        },
    )
    .unwrap();
    assert_eq!(decomposed.method, Method::Decomposition);
    assert!(decomposed.objective <= optimum + 1e-6);
    assert!(decomposed.bound >= optimum - 1e-6);
    exact
}

fn of<'a>(result: &'a RoundResult, id: &str) -> &'a Explanation {
    result
        .explanations
        .iter()
        .find(|e| e.request == id)
        .unwrap()
}

#[test]
fn capacity_binds_and_goes_to_merit_first() {
    let r = round(
        vec![offer("o1", "KE", "H100", 100.0)],
        vec![
            reviewed(request("a", "KE", 80.0, 0.0), 5.0),
            reviewed(request("b", "BR", 80.0, 0.0), 3.0),
        ],
        open_policy(),
    );
    // 80 h to a (weight 5), the 20 h left to b (weight 3): 400 + 60.
    let result = solve_both(&r, &ExportRules::none(), 460.0);
    assert_eq!(of(&result, "a").binding, Binding::Met);
    assert!((of(&result, "a").delivered - 80.0).abs() < 1e-6);
    assert!((of(&result, "b").delivered - 20.0).abs() < 1e-6);
    assert_eq!(
        of(&result, "b").binding,
        Binding::Capacity {
            offers: vec!["o1".into()]
        }
    );
    assert_eq!(of(&result, "b").grants[0].offer, "o1");
    assert!((result.offers[0].allocated - 100.0).abs() < 1e-6);
}

#[test]
fn export_rules_and_provider_restrictions_exclude_offers_naming_the_rule() {
    let mut restricted = offer("eu", "DE", "H100", 100.0);
    restricted["restrictions"] = json!({"end_uses_excluded": ["Military"]});
    let mut military = request("ke-mil", "KE", 50.0, 0.0);
    military["end_use"] = json!("military");
    let mut resident = request("br-res", "BR", 50.0, 0.0);
    resident["data_residency"] = json!(["BR"]);
    let r = round(
        vec![offer("us", "US", "H100", 100.0), restricted],
        vec![
            reviewed(request("cn", "CN", 50.0, 0.0), 5.0),
            reviewed(request("ru", "RU", 50.0, 0.0), 5.0),
            reviewed(military, 5.0),
            reviewed(resident, 5.0),
        ],
        open_policy(),
    );
    let rules = ExportRules::shipped();
    // cn may use the German offer only; ru neither; ke-mil the US one only; br-res none.
    let result = solve_both(&r, &rules, 5.0 * 100.0);
    let cn = of(&result, "cn");
    assert_eq!(cn.grants.len(), 1);
    assert_eq!(cn.grants[0].offer, "eu");
    assert!(matches!(&cn.excluded[0].reason,
        Ineligibility::ExportControl(bar) if bar.rule == "us-ear-3a090-d5" && bar.version == rules.version));
    let ru = of(&result, "ru");
    assert_eq!(ru.binding, Binding::NoEligibleOffer);
    let ru_rules: Vec<String> = ru
        .excluded
        .iter()
        .map(|e| match &e.reason {
            Ineligibility::ExportControl(bar) => bar.rule.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ru_rules, ["us-ear-746-embargo", "eu-833-2014-russia"]);
    let mil = of(&result, "ke-mil");
    assert_eq!(mil.grants[0].offer, "us");
    assert_eq!(
        mil.excluded[0].reason,
        Ineligibility::EndUseExcluded {
            end_use: "military".into()
        }
    );
    let res = of(&result, "br-res");
    assert_eq!(res.binding, Binding::NoEligibleOffer);
    assert_eq!(res.excluded.len(), 2);
    assert!(matches!(
        res.excluded[0].reason,
        Ineligibility::DataResidency { .. }
    ));
}

#[test]
fn a_minimum_out_of_reach_forces_zero() {
    let r = round(
        vec![offer("o1", "KE", "H100", 100.0)],
        vec![
            reviewed(request("a", "KE", 70.0, 0.0), 5.0),
            reviewed(request("b", "BR", 90.0, 80.0), 3.0),
        ],
        open_policy(),
    );
    // a 70 (350) beats a 20 + b 80 (100 + 240); the 30 h left cannot reach b's 80.
    let result = solve_both(&r, &ExportRules::none(), 350.0);
    let b = of(&result, "b");
    assert_eq!(b.delivered, 0.0);
    assert!(b.grants.is_empty());
    assert_eq!(
        b.binding,
        Binding::Minimum {
            minimum: 80.0,
            reachable: 30.0
        }
    );
}

#[test]
fn the_country_cap_binds() {
    let r = round(
        vec![
            offer("o1", "KE", "H100", 60.0),
            offer("o2", "IN", "H100", 40.0),
        ],
        vec![
            reviewed(request("a", "KE", 100.0, 0.0), 5.0),
            reviewed(request("b", "BR", 30.0, 0.0), 3.0),
        ],
        json!({"country_cap_share": 0.5, "global_south_bonus": 0.0, "first_time_bonus": 0.0}),
    );
    // KE may take 50 of the 100 h: 5 * 50 + 3 * 30.
    let result = solve_both(&r, &ExportRules::none(), 340.0);
    let a = of(&result, "a");
    assert!((a.delivered - 50.0).abs() < 1e-4);
    assert_eq!(
        a.binding,
        Binding::CountryCap {
            country: "KE".to_string().try_into().unwrap(),
            cap_hours: 50.0
        }
    );
    assert!((of(&result, "b").delivered - 30.0).abs() < 1e-6);
}

#[test]
fn a_tie_is_resolved_to_the_max_min_fair_outcome() {
    let r = round(
        vec![offer("o1", "KE", "H100", 100.0)],
        vec![
            reviewed(request("a", "KE", 100.0, 0.0), 4.0),
            reviewed(request("b", "BR", 40.0, 0.0), 4.0),
        ],
        open_policy(),
    );
    // Every split of the 100 h is optimal (400); the fairest gives both the same
    // share of their demand: a/100 = b/40, a + b = 100.
    let result = solve_both(&r, &ExportRules::none(), 400.0);
    assert!(result.fair_tie_break);
    let (a, b) = (of(&result, "a").delivered, of(&result, "b").delivered);
    assert!((a - 100.0 / 1.4).abs() < 1e-3, "a got {a}");
    assert!((b - 40.0 / 1.4).abs() < 1e-3, "b got {b}");
}

#[test]
fn merit_below_threshold_is_declined_and_weights_follow_the_policy() {
    let mut south = request("south", "KE", 100.0, 0.0);
    south["global_south"] = json!(true);
    let r = round(
        vec![offer("o1", "KE", "H100", 100.0)],
        vec![
            reviewed(request("weak", "FR", 100.0, 0.0), 2.5),
            reviewed(request("north", "DE", 100.0, 0.0), 4.0),
            reviewed(south, 3.0),
        ],
        json!({"country_cap_share": 1.0, "global_south_bonus": 0.5, "first_time_bonus": 0.0, "merit_threshold": 3.0}),
    );
    // south weighs 3 * 1.5 = 4.5 > north's 4.
    let result = solve_both(&r, &ExportRules::none(), 450.0);
    assert_eq!(
        of(&result, "weak").binding,
        Binding::MeritThreshold {
            merit: 2.5,
            threshold: 3.0
        }
    );
    assert!((of(&result, "south").delivered - 100.0).abs() < 1e-6);
    assert_eq!(of(&result, "north").delivered, 0.0);
}

#[test]
fn windows_and_exchange_rates_limit_what_an_offer_gives() {
    // 1 accelerator for 10 days = 240 h, of which the request's window holds 5 days.
    let mut short = offer("o1", "KE", "A100", 240.0);
    short["count"] = json!(1);
    short["window"] = json!({"start": "2027-01-01", "end": "2027-01-10"});
    let mut req = request("a", "KE", 1000.0, 0.0);
    req["accelerators"] = json!([{"model": "A100", "factor": 0.5}]);
    req["window"] = json!({"start": "2027-01-06", "end": "2027-02-28"});
    let r = round(vec![short], vec![reviewed(req, 4.0)], open_policy());
    // 120 accelerator-hours, worth 60 reference hours to the project.
    let result = solve_both(&r, &ExportRules::none(), 4.0 * 60.0);
    let a = of(&result, "a");
    assert!((a.grants[0].accelerator_hours - 120.0).abs() < 1e-6);
    assert!((a.delivered - 60.0).abs() < 1e-6);
    assert_eq!(
        a.binding,
        Binding::Window {
            offers: vec!["o1".into()]
        }
    );
}

#[test]
fn invalid_rounds_are_refused_naming_the_field() {
    let bad = json!({"id": "r", "offers": [offer("o1", "KE", "H100", 100.0)],
        "requests": [reviewed(request("a", "KE", 10.0, 20.0), 4.0)]});
    let err = Round::from_json(&bad.to_string()).unwrap_err();
    assert!(err.reason.contains("minimum_hours"), "{err}");
    let too_many = offer("o1", "KE", "H100", 1e9);
    let bad = json!({"id": "r", "offers": [too_many], "requests": []});
    assert!(
        Round::from_json(&bad.to_string())
            .unwrap_err()
            .reason
            .contains("hours")
    );
    let bad = json!({"id": "r", "offers": [], "requests": [reviewed(request("a", "KE", 10.0, 0.0), 7.0)]});
    assert_eq!(
        Round::from_json(&bad.to_string()).unwrap_err().field,
        "round.requests[a].merit"
    );
    let bad =
        json!({"id": "r", "policy": {"country_cap_share": 0.0}, "offers": [], "requests": []});
    assert!(Round::from_json(&bad.to_string()).is_err());
}

#[test]
fn a_time_limit_is_honoured() {
    let r = round(
        vec![offer("o1", "KE", "H100", 100.0)],
        vec![reviewed(request("a", "KE", 80.0, 0.0), 5.0)],
        open_policy(),
    );
    let settings = SolverSettings {
        time_limit: Duration::from_secs(5),
        ..SolverSettings::default()
    };
    let started = std::time::Instant::now();
    allocate(&r, &ExportRules::none(), settings).unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
}
