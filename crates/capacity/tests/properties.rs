//! Property tests on random instances: the allocator never breaks a restriction, an
//! offer's capacity, a window, a minimum or a country cap, and on tiny instances its
//! objective equals the optimum found by brute force.

use std::time::Duration;

use proptest::prelude::*;
use serde_json::json;
use waico_capacity::eligibility;
use waico_capacity::solver::{self, Model, ModelRequest, Pair};
use waico_capacity::{ExportRules, Round, SolverSettings, allocate};

/// Tiny models with integer data and unit exchange rates: the constraint matrix is
/// totally unimodular, so an integer optimum exists and enumeration finds it.
fn tiny_model() -> impl Strategy<Value = Model> {
    (1usize..=3, 1usize..=2, 1usize..=2).prop_flat_map(|(requests, offers, groups)| {
        (
            prop::collection::vec((1u8..=20, 1u8..=4, 0u8..=4, 0..groups), requests),
            prop::collection::vec(0u8..=4, offers),
            prop::collection::vec(prop::option::of(0u8..=4), groups),
            prop::collection::vec(prop::option::of(0u8..=4), requests * offers),
        )
            .prop_map(move |(reqs, capacity, caps, uppers)| {
                let pairs = uppers
                    .iter()
                    .enumerate()
                    .filter_map(|(i, u)| {
                        u.map(|u| Pair {
                            request: i / offers,
                            offer: i % offers,
                            factor: 1.0,
                            upper: f64::from(u),
                        })
                    })
                    .collect();
                Model {
                    requests: reqs
                        .iter()
                        .map(|&(w, demand, minimum, group)| ModelRequest {
                            weight: f64::from(w) / 4.0,
                            demand: f64::from(demand),
                            minimum: f64::from(minimum.min(demand)),
                            group,
                        })
                        .collect(),
                    capacity: capacity.iter().map(|&c| f64::from(c)).collect(),
                    group_cap: caps
                        .iter()
                        .map(|c| c.map_or(f64::INFINITY, f64::from))
                        .collect(),
                    pairs,
                }
            })
    })
}

fn brute_force(model: &Model) -> f64 {
    let limits: Vec<u32> = model
        .pairs
        .iter()
        .map(|p| p.upper.min(model.capacity[p.offer]) as u32)
        .collect();
    let mut flows = vec![0u32; limits.len()];
    let mut best = 0.0f64;
    loop {
        let x: Vec<f64> = flows.iter().map(|&v| f64::from(v)).collect();
        if model.is_feasible(&x) {
            best = best.max(model.objective(&x));
        }
        let mut i = 0;
        loop {
            if i == flows.len() {
                return best;
            }
            if flows[i] < limits[i] {
                flows[i] += 1;
                break;
            }
            flows[i] = 0;
            i += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exact_equals_brute_force_and_decomposition_is_bracketed(model in tiny_model()) {
        let optimum = brute_force(&model);
        let exact = solver::solve_exact(&model, Duration::from_secs(10)).unwrap();
        prop_assert!(model.is_feasible(&exact.flows));
        prop_assert!((exact.objective - optimum).abs() <= 1e-6 * optimum.max(1.0),
            "exact {} brute force {}", exact.objective, optimum);
        let decomposed = solver::solve_decomposed(&model, Duration::from_secs(10), 200);
        prop_assert!(model.is_feasible(&decomposed.flows));
        prop_assert!(decomposed.objective <= optimum + 1e-6 * optimum.max(1.0));
        prop_assert!(decomposed.bound >= optimum - 1e-6 * optimum.max(1.0),
            "bound {} below optimum {}", decomposed.bound, optimum);
    }
}

const JURISDICTIONS: [&str; 4] = ["US", "DE", "KE", "CN"];
const MODELS: [&str; 3] = ["H100", "L4", "Ascend 910B"];
const COUNTRIES: [&str; 6] = ["CN", "RU", "KE", "BR", "US", "IR"];

fn random_round() -> impl Strategy<Value = Round> {
    let offer = (
        0usize..4,
        0usize..3,
        1u32..=4,
        0u32..=30,
        0u32..=20,
        prop::option::of(0usize..6),
        any::<bool>(),
    );
    let request = (
        0usize..6,
        prop::collection::vec((0usize..3, 1u32..=4), 1..=3),
        1u32..=400,
        0u32..=100,
        0u32..=20,
        prop::option::of(0usize..4),
        any::<bool>(),
        1u32..=5,
    );
    (
        prop::collection::vec(offer, 1..=5),
        prop::collection::vec(request, 1..=8),
        1u32..=4,
        any::<bool>(),
    )
        .prop_map(|(offers, requests, cap_quarters, exact)| {
            let offers: Vec<_> = offers
                .into_iter()
                .enumerate()
                .map(|(i, (j, m, count, start, fill, excluded, military))| {
                    let days = 10 + i64::from(fill);
                    let hours = f64::from(count) * 24.0 * days as f64 * 0.5;
                    json!({
                        "id": format!("o{i}"), "provider": "P", "site": "S",
                        "jurisdiction": JURISDICTIONS[j], "accelerator": MODELS[m],
                        "count": count, "hours": hours,
                        "window": {"start": format!("2027-01-{:02}", 1 + start % 28),
                                   "end": format!("2027-{:02}-{:02}", 2 + fill % 3, 1 + fill % 28)},
                        "terms": {"kind": "free"},
                        "restrictions": {
                            "destinations_excluded": excluded.map(|c| vec![COUNTRIES[c]]).unwrap_or_default(),
                            "end_uses_excluded": if military { vec!["military"] } else { vec![] },
                        }
                    })
                })
                .collect();
            let requests: Vec<_> = requests
                .into_iter()
                .enumerate()
                .map(|(i, (c, accepted, hours, min_pct, start, residency, military, merit))| {
                    let mut seen = std::collections::BTreeMap::new();
                    for (m, f) in accepted {
                        seen.insert(MODELS[m], f64::from(f) / 2.0);
                    }
                    let accelerators: Vec<_> = seen
                        .into_iter()
                        .map(|(m, f)| json!({"model": m, "factor": f}))
                        .collect();
                    let hours = f64::from(hours) * 10.0;
                    json!({"merit": f64::from(merit), "request": {
                        "id": format!("r{i}"), "title": "T", "abstract": "", "institution": format!("I{i}"),
                        "country": COUNTRIES[c], "global_south": c % 2 == 0,
                        "accelerators": accelerators, "hours": hours,
                        "minimum_hours": hours * f64::from(min_pct) / 100.0,
                        "window": {"start": format!("2027-01-{:02}", 1 + start), "end": "2027-03-31"},
                        "data_residency": residency.map(|j| vec![JURISDICTIONS[j]]).unwrap_or_default(),
                        "end_use": if military { "military" } else { "research" },
                        "first_time": i % 3 == 0
                    }})
                })
                .collect();
            let text = json!({
                "id": if exact { "exact" } else { "decomposed" },
                "policy": {"country_cap_share": f64::from(cap_quarters) / 4.0, "merit_threshold": 2.0},
                "offers": offers, "requests": requests
            });
            Round::from_json(&text.to_string()).expect("generated round is valid")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_restriction_capacity_window_minimum_or_cap_is_violated(round in random_round()) {
        let rules = ExportRules::shipped();
        let settings = SolverSettings {
            exact_pair_limit: if round.id == "exact" { usize::MAX } else { 0 },
            ..SolverSettings::default()
        };
        let result = allocate(&round, &rules, settings).unwrap();
        let tol = 1e-5;
        let total: f64 = round.offers.iter().map(|o| o.hours()).sum();
        let mut by_country = std::collections::BTreeMap::<String, f64>::new();
        let mut by_offer = std::collections::BTreeMap::<String, f64>::new();
        for (reviewed, e) in round.requests.iter().zip(&result.explanations) {
            let request = &reviewed.request;
            prop_assert_eq!(request.id(), e.request.as_str());
            prop_assert!(e.delivered <= request.hours() + tol);
            prop_assert!(e.delivered <= tol || e.delivered >= request.minimum_hours() - tol,
                "{} got {} under its minimum {}", e.request, e.delivered, request.minimum_hours());
            if reviewed.merit < round.policy.merit_threshold {
                prop_assert!(e.grants.is_empty());
            }
            for grant in &e.grants {
                let offer = round.offers.iter().find(|o| o.id() == grant.offer).unwrap();
                let fit = eligibility::check(offer, request, &rules);
                prop_assert!(fit.is_ok(), "{} got {} despite {:?}", e.request, grant.offer, fit);
                prop_assert!(grant.accelerator_hours <= fit.unwrap().hours_in_window + tol);
                *by_offer.entry(grant.offer.clone()).or_default() += grant.accelerator_hours;
                *by_country.entry(request.country().to_string()).or_default() += grant.accelerator_hours;
            }
        }
        for offer in &round.offers {
            prop_assert!(by_offer.get(offer.id()).copied().unwrap_or(0.0) <= offer.hours() + tol);
        }
        if round.policy.country_cap_share < 1.0 {
            for used in by_country.values() {
                prop_assert!(*used <= round.policy.country_cap_share * total + tol);
            }
        }
        prop_assert!(result.objective <= result.bound + tol);
    }
}
