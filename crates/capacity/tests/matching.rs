//! The fellowship matcher: a hand-checked match with its explanations, and on small
//! random instances, stability and applicant-optimality checked against every stable
//! matching found by brute force.

use proptest::prelude::*;
use serde_json::json;
use waico_capacity::matching::{MatchInput, WhyNot, country_bar, deferred_acceptance, run_match};

#[test]
fn a_hand_checked_match_explains_every_program_ranked_higher() {
    let input = MatchInput::from_json(
        &json!({
            "id": "fellowships-2027",
            "programs": [
                {"id": "nairobi", "host_institution": "U Nairobi", "capacity": 1, "ranking": ["bo", "ana", "chen"]},
                {"id": "paris", "host_institution": "Inria", "capacity": 1, "ranking": ["ana", "chen"],
                 "eligibility": {"countries_excluded": ["RU"]}},
                {"id": "lima", "host_institution": "PUCP", "capacity": 2, "ranking": ["chen", "ana", "dmitri"]}
            ],
            "applicants": [
                {"id": "ana", "country": "BR", "ranking": ["nairobi", "paris", "lima"]},
                {"id": "bo", "country": "CN", "ranking": ["nairobi"]},
                {"id": "chen", "country": "CN", "ranking": ["paris", "nairobi", "lima"]},
                {"id": "dmitri", "country": "RU", "ranking": ["paris", "nairobi", "lima"]}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let result = run_match(&input);
    let get = |id: &str| {
        result
            .assignments
            .iter()
            .find(|a| a.applicant == id)
            .unwrap()
    };
    // bo holds nairobi (ranked first there); ana then takes paris; chen falls to lima.
    assert_eq!(get("bo").program.as_deref(), Some("nairobi"));
    assert_eq!(get("ana").program.as_deref(), Some("paris"));
    assert_eq!(get("chen").program.as_deref(), Some("lima"));
    assert_eq!(get("dmitri").program.as_deref(), Some("lima"));
    let ana = &get("ana").why_not;
    assert_eq!(ana.len(), 1);
    assert_eq!(ana[0].program, "nairobi");
    assert_eq!(
        ana[0].why,
        WhyNot::Filled {
            with: vec!["bo".into()]
        }
    );
    let chen = &get("chen").why_not;
    assert_eq!(
        chen.iter().map(|r| r.program.as_str()).collect::<Vec<_>>(),
        ["paris", "nairobi"]
    );
    assert_eq!(
        chen[0].why,
        WhyNot::Filled {
            with: vec!["ana".into()]
        }
    );
    let dmitri = &get("dmitri").why_not;
    assert!(
        matches!(&dmitri[0].why, WhyNot::CountryExcluded { country } if country.as_str() == "RU")
    );
    assert_eq!(dmitri[1].why, WhyNot::NotRanked);
}

#[test]
fn rankings_must_name_known_ids_once() {
    let bad = json!({"id": "m", "programs": [{"id": "p", "host_institution": "H", "capacity": 1, "ranking": ["x"]}],
        "applicants": [{"id": "a", "country": "KE", "ranking": ["p"]}]});
    let err = MatchInput::from_json(&bad.to_string()).unwrap_err();
    assert!(err.reason.contains("programs[0].ranking"), "{err}");
    let bad = json!({"id": "m", "programs": [{"id": "p", "host_institution": "H", "capacity": 1, "ranking": ["a"]}],
        "applicants": [{"id": "a", "country": "KE", "ranking": ["p", "p"]}]});
    assert!(
        MatchInput::from_json(&bad.to_string())
            .unwrap_err()
            .reason
            .contains("twice")
    );
}

fn small_match() -> impl Strategy<Value = MatchInput> {
    (1usize..=4, 1usize..=3).prop_flat_map(|(applicants, programs)| {
        (
            prop::collection::vec(
                (
                    Just(()).prop_perturb(move |_, mut rng| {
                        let mut order: Vec<usize> = (0..programs).collect();
                        shuffle(&mut order, &mut rng);
                        order.truncate(rng.random_range(0..=programs));
                        order
                    }),
                    0usize..3,
                ),
                applicants,
            ),
            prop::collection::vec(
                (
                    Just(()).prop_perturb(move |_, mut rng| {
                        let mut order: Vec<usize> = (0..applicants).collect();
                        shuffle(&mut order, &mut rng);
                        order.truncate(rng.random_range(0..=applicants));
                        order
                    }),
                    0u32..=2,
                    prop::option::of(0usize..3),
                ),
                programs,
            ),
        )
            .prop_map(|(applicants, programs)| {
                let countries = ["KE", "CN", "BR"];
                let value = json!({
                    "id": "m",
                    "programs": programs.iter().enumerate().map(|(i, (ranking, capacity, excluded))| json!({
                        "id": format!("p{i}"), "host_institution": "H", "capacity": capacity,
                        "eligibility": {"countries_excluded": excluded.map(|c| vec![countries[c]]).unwrap_or_default()},
                        "ranking": ranking.iter().map(|a| format!("a{a}")).collect::<Vec<_>>()
                    })).collect::<Vec<_>>(),
                    "applicants": applicants.iter().enumerate().map(|(i, (ranking, country))| json!({
                        "id": format!("a{i}"), "country": countries[*country],
                        "ranking": ranking.iter().map(|p| format!("p{p}")).collect::<Vec<_>>()
                    })).collect::<Vec<_>>()
                });
                MatchInput::from_json(&value.to_string()).unwrap()
            })
    })
}

fn shuffle(order: &mut [usize], rng: &mut impl proptest::prelude::Rng) {
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
}

/// Position in a ranking, `None` when not ranked.
fn pos(ranking: &[String], id: &str) -> Option<usize> {
    ranking.iter().position(|x| x == id)
}

fn acceptable(input: &MatchInput, a: usize, p: usize) -> bool {
    let (app, prog) = (&input.applicants()[a], &input.programs()[p]);
    pos(&app.ranking, &prog.id).is_some()
        && pos(&prog.ranking, &app.id).is_some()
        && country_bar(prog, &app.country).is_none()
}

/// Whether `a` prefers program `p` to its match `m`.
fn prefers(input: &MatchInput, a: usize, p: usize, m: Option<usize>) -> bool {
    let ranking = &input.applicants()[a].ranking;
    let rank = |p: usize| pos(ranking, &input.programs()[p].id).unwrap();
    match m {
        None => true,
        Some(m) => rank(p) < rank(m),
    }
}

fn is_stable(input: &MatchInput, matching: &[Option<usize>]) -> bool {
    let programs = input.programs();
    for (a, m) in matching.iter().enumerate() {
        if let Some(p) = m
            && !acceptable(input, a, *p)
        {
            return false;
        }
    }
    for (p, program) in programs.iter().enumerate() {
        let members: Vec<usize> = (0..matching.len())
            .filter(|&a| matching[a] == Some(p))
            .collect();
        if members.len() > program.capacity as usize {
            return false;
        }
        for (a, &current) in matching.iter().enumerate() {
            if current == Some(p) || !acceptable(input, a, p) || !prefers(input, a, p, current) {
                continue;
            }
            let rank = |x: usize| pos(&program.ranking, &input.applicants()[x].id).unwrap();
            let has_room = members.len() < program.capacity as usize;
            let beats_someone = members.iter().any(|&b| rank(a) < rank(b));
            if has_room || beats_someone {
                return false;
            }
        }
    }
    true
}

fn all_matchings(applicants: usize, programs: usize) -> Vec<Vec<Option<usize>>> {
    let mut all = vec![Vec::new()];
    for _ in 0..applicants {
        let mut next = Vec::new();
        for m in &all {
            for choice in std::iter::once(None).chain((0..programs).map(Some)) {
                let mut m2: Vec<Option<usize>> = m.clone();
                m2.push(choice);
                next.push(m2);
            }
        }
        all = next;
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn deferred_acceptance_is_stable_and_applicant_optimal(input in small_match()) {
        let matched = deferred_acceptance(&input);
        prop_assert!(is_stable(&input, &matched), "blocking pair in {:?}", matched);
        let stable: Vec<_> = all_matchings(input.applicants().len(), input.programs().len())
            .into_iter()
            .filter(|m| is_stable(&input, m))
            .collect();
        prop_assert!(stable.contains(&matched));
        for other in &stable {
            for (a, m) in other.iter().enumerate() {
                if let Some(p) = m {
                    prop_assert!(matched[a] == Some(*p) || !prefers(&input, a, *p, matched[a]),
                        "applicant {a} prefers p{p} in another stable matching");
                    prop_assert!(matched[a].is_some());
                }
            }
        }
        // Every explanation matches the facts.
        let result = run_match(&input);
        for (a, assignment) in result.assignments.iter().enumerate() {
            for refusal in &assignment.why_not {
                let p = input.programs().iter().position(|p| p.id == refusal.program).unwrap();
                if let WhyNot::Filled { with } = &refusal.why {
                    prop_assert_eq!(with.len(), input.programs()[p].capacity as usize);
                    let program = &input.programs()[p];
                    for b in with {
                        prop_assert!(pos(&program.ranking, b) < pos(&program.ranking, &input.applicants()[a].id));
                    }
                }
            }
        }
    }
}
