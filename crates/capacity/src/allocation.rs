//! Allocation rounds: the policy that weighs requests, the round's offers and reviewed
//! requests, and the explained result — for every request the hours it gets, from
//! which offers, and the constraint that bound it.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::eligibility::{self, Ineligibility};
use crate::export_control::ExportRules;
use crate::offer::Offer;
use crate::primitives::{CountryCode, FieldError};
use crate::request::Request;
use crate::solver::{self, Method, Model, ModelRequest, Pair, SolveError};

/// How a round weighs requests and caps countries; set per round or by an adopted
/// allocation policy (a JSON document with these fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, try_from = "PolicyFields")]
pub struct AllocationPolicy {
    /// Weight = merit ^ merit_power × (1 + bonuses that apply).
    pub merit_power: f64,
    pub global_south_bonus: f64,
    pub first_time_bonus: f64,
    /// No country's requests may take more than this share of the round's hours.
    pub country_cap_share: f64,
    /// Requests whose merit is below this are declined before allocation.
    pub merit_threshold: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PolicyFields {
    merit_power: f64,
    global_south_bonus: f64,
    first_time_bonus: f64,
    country_cap_share: f64,
    merit_threshold: f64,
}

impl Default for PolicyFields {
    fn default() -> Self {
        let p = AllocationPolicy::default();
        Self {
            merit_power: p.merit_power,
            global_south_bonus: p.global_south_bonus,
            first_time_bonus: p.first_time_bonus,
            country_cap_share: p.country_cap_share,
            merit_threshold: p.merit_threshold,
        }
    }
}

impl TryFrom<PolicyFields> for AllocationPolicy {
    type Error = FieldError;
    fn try_from(f: PolicyFields) -> Result<Self, FieldError> {
        AllocationPolicy {
            merit_power: f.merit_power,
            global_south_bonus: f.global_south_bonus,
            first_time_bonus: f.first_time_bonus,
            country_cap_share: f.country_cap_share,
            merit_threshold: f.merit_threshold,
        }
        .validated()
    }
}

impl Default for AllocationPolicy {
    fn default() -> Self {
        Self {
            merit_power: 1.0,
            global_south_bonus: 0.5,
            first_time_bonus: 0.2,
            country_cap_share: 0.25,
            merit_threshold: 3.0,
        }
    }
}

impl AllocationPolicy {
    pub fn validated(self) -> Result<Self, FieldError> {
        let check = |field: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(FieldError::new(
                    format!("policy.{field}"),
                    format!("{v} is outside {lo}..={hi}"),
                ))
            }
        };
        check("merit_power", self.merit_power, 0.0, 10.0)?;
        check("global_south_bonus", self.global_south_bonus, 0.0, 100.0)?;
        check("first_time_bonus", self.first_time_bonus, 0.0, 100.0)?;
        check("country_cap_share", self.country_cap_share, 0.0, 1.0)?;
        check("merit_threshold", self.merit_threshold, 1.0, 5.0)?;
        if self.country_cap_share == 0.0 {
            return Err(FieldError::new(
                "policy.country_cap_share",
                "a zero share would allocate nothing",
            ));
        }
        Ok(self)
    }

    /// A policy from its JSON document.
    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        serde_json::from_str(text).map_err(|e| FieldError::new("policy", e.to_string()))
    }

    pub fn weight(&self, merit: f64, global_south: bool, first_time: bool) -> f64 {
        let mut weight = merit.powf(self.merit_power);
        if global_south {
            weight *= 1.0 + self.global_south_bonus;
        }
        if first_time {
            weight *= 1.0 + self.first_time_bonus;
        }
        weight
    }
}

/// A request with its merit from review (mean score, 1–5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewedRequest {
    pub request: Request,
    pub merit: f64,
}

/// Everything an allocation round decides on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub id: String,
    #[serde(default)]
    pub policy: AllocationPolicy,
    pub offers: Vec<Offer>,
    pub requests: Vec<ReviewedRequest>,
}

/// Solver settings (not part of the published result).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SolverSettings {
    pub time_limit: Duration,
    /// Rounds with more eligible (request, offer) pairs go to the decomposition.
    pub exact_pair_limit: usize,
    pub decomposition_iterations: usize,
}

impl Default for SolverSettings {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(30),
            exact_pair_limit: 5_000,
            decomposition_iterations: 300,
        }
    }
}

/// Hours one offer gives one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grant {
    pub offer: String,
    pub accelerator: String,
    pub accelerator_hours: f64,
    pub reference_hours: f64,
}

/// An offer that could not serve the request, and the rule why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exclusion {
    pub offer: String,
    pub reason: Ineligibility,
}

/// The constraint that bound a request's allocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Binding {
    /// Got all it asked for.
    Met,
    /// Declined in review: merit below the round's threshold.
    MeritThreshold { merit: f64, threshold: f64 },
    /// No offer fits (see `excluded` for the rules that excluded the others).
    NoEligibleOffer,
    /// Its country's requests reached the cap on their share.
    CountryCap {
        country: CountryCode,
        cap_hours: f64,
    },
    /// What was left could not reach the minimum useful amount.
    Minimum { minimum: f64, reachable: f64 },
    /// The offers it fits were used up, by it or by requests of higher priority.
    Capacity { offers: Vec<String> },
    /// The offers it fits have hours left, but not inside its window.
    Window { offers: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub request: String,
    pub country: CountryCode,
    pub global_south: bool,
    pub merit: f64,
    pub weight: f64,
    pub wanted: f64,
    pub minimum: f64,
    pub delivered: f64,
    pub grants: Vec<Grant>,
    pub binding: Binding,
    pub excluded: Vec<Exclusion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferUse {
    pub offer: String,
    pub capacity: f64,
    pub allocated: f64,
}

/// The published result of a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundResult {
    pub round: String,
    pub rules_version: String,
    pub policy: AllocationPolicy,
    pub method: Method,
    /// Priority-weighted reference hours delivered.
    pub objective: f64,
    /// Proven upper bound on the objective.
    pub bound: f64,
    pub gap: f64,
    pub fair_tie_break: bool,
    pub explanations: Vec<Explanation>,
    pub offers: Vec<OfferUse>,
}

impl Round {
    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        let round: Round =
            serde_json::from_str(text).map_err(|e| FieldError::new("round", e.to_string()))?;
        round.validated()
    }

    fn validated(self) -> Result<Self, FieldError> {
        let mut seen = std::collections::HashSet::new();
        for offer in &self.offers {
            if !seen.insert(offer.id()) {
                return Err(FieldError::new(
                    "round.offers",
                    format!("offer `{}` appears twice", offer.id()),
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for r in &self.requests {
            if !seen.insert(r.request.id()) {
                return Err(FieldError::new(
                    "round.requests",
                    format!("request `{}` appears twice", r.request.id()),
                ));
            }
            if !(1.0..=5.0).contains(&r.merit) {
                return Err(FieldError::new(
                    format!("round.requests[{}].merit", r.request.id()),
                    format!("{} is outside 1..=5", r.merit),
                ));
            }
        }
        Ok(self)
    }
}

/// The model of a round, and what is needed to explain its solution.
pub struct Built {
    pub model: Model,
    /// Model request index → round request index.
    pub request_of: Vec<usize>,
    pub countries: Vec<CountryCode>,
    pub excluded: Vec<Vec<Exclusion>>,
}

/// Builds the MILP of a round: only eligible pairs become variables.
pub fn build(round: &Round, rules: &ExportRules) -> Built {
    let mut by_model: HashMap<String, Vec<usize>> = HashMap::new();
    for (o, offer) in round.offers.iter().enumerate() {
        if offer.hours() > 0.0 {
            by_model
                .entry(offer.accelerator().to_lowercase())
                .or_default()
                .push(o);
        }
    }
    let total_hours: f64 = round.offers.iter().map(Offer::hours).sum();
    let cap = if round.policy.country_cap_share >= 1.0 {
        f64::INFINITY
    } else {
        round.policy.country_cap_share * total_hours
    };
    let mut country_index: BTreeMap<CountryCode, usize> = BTreeMap::new();
    let mut model = Model {
        capacity: round.offers.iter().map(Offer::hours).collect(),
        ..Model::default()
    };
    let mut request_of = Vec::new();
    let mut excluded = vec![Vec::new(); round.requests.len()];
    for (i, reviewed) in round.requests.iter().enumerate() {
        let request = &reviewed.request;
        if reviewed.merit < round.policy.merit_threshold {
            continue;
        }
        let next = country_index.len();
        let group = *country_index
            .entry(request.country().clone())
            .or_insert(next);
        let r = model.requests.len();
        model.requests.push(ModelRequest {
            weight: round.policy.weight(
                reviewed.merit,
                request.global_south(),
                request.first_time(),
            ),
            demand: request.hours(),
            minimum: request.minimum_hours(),
            group,
        });
        request_of.push(i);
        for accepted in request.accelerators() {
            for &o in by_model
                .get(&accepted.model.to_lowercase())
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let offer = &round.offers[o];
                if eligibility::window_days(offer, request).is_err() {
                    continue;
                }
                match eligibility::check(offer, request, rules) {
                    Ok(fit) => model.pairs.push(Pair {
                        request: r,
                        offer: o,
                        factor: fit.factor,
                        upper: fit.hours_in_window,
                    }),
                    Err(reason) => excluded[i].push(Exclusion {
                        offer: offer.id().to_string(),
                        reason,
                    }),
                }
            }
        }
    }
    let mut countries = vec![CountryCode::parse("c", "ZZ").expect("valid"); country_index.len()];
    for (c, g) in country_index {
        countries[g] = c;
    }
    model.group_cap = vec![cap; countries.len()];
    Built {
        model,
        request_of,
        countries,
        excluded,
    }
}

/// Solves a round and explains every request.
pub fn allocate(
    round: &Round,
    rules: &ExportRules,
    settings: SolverSettings,
) -> Result<RoundResult, SolveError> {
    let built = build(round, rules);
    let solution = if built.model.pairs.len() <= settings.exact_pair_limit {
        solver::solve_exact(&built.model, settings.time_limit)?
    } else {
        solver::solve_decomposed(
            &built.model,
            settings.time_limit,
            settings.decomposition_iterations,
        )
    };
    Ok(explain(round, rules, &built, &solution))
}

fn explain(
    round: &Round,
    rules: &ExportRules,
    built: &Built,
    solution: &solver::Solution,
) -> RoundResult {
    let model = &built.model;
    let flows = &solution.flows;
    let delivered = model.delivered(flows);
    let used = model.used(flows);
    let group_used = model.group_used(flows);
    let tol = |v: f64| 1e-6 * v.abs().max(1.0);
    let mut pairs_of = vec![Vec::new(); model.requests.len()];
    for (i, p) in model.pairs.iter().enumerate() {
        pairs_of[p.request].push(i);
    }
    let mut model_index = vec![None; round.requests.len()];
    for (r, &i) in built.request_of.iter().enumerate() {
        model_index[i] = Some(r);
    }
    let explanations = round
        .requests
        .iter()
        .enumerate()
        .map(|(i, reviewed)| {
            let request = &reviewed.request;
            let policy = &round.policy;
            let mut explanation = Explanation {
                request: request.id().to_string(),
                country: request.country().clone(),
                global_south: request.global_south(),
                merit: reviewed.merit,
                weight: policy.weight(reviewed.merit, request.global_south(), request.first_time()),
                wanted: request.hours(),
                minimum: request.minimum_hours(),
                delivered: 0.0,
                grants: Vec::new(),
                binding: Binding::MeritThreshold {
                    merit: reviewed.merit,
                    threshold: policy.merit_threshold,
                },
                excluded: built.excluded[i].clone(),
            };
            let Some(r) = model_index[i] else {
                return explanation;
            };
            let pairs = &pairs_of[r];
            explanation.delivered = delivered[r];
            for &p in pairs {
                if flows[p] > tol(flows[p]) {
                    let pair = &model.pairs[p];
                    let offer = &round.offers[pair.offer];
                    explanation.grants.push(Grant {
                        offer: offer.id().to_string(),
                        accelerator: offer.accelerator().to_string(),
                        accelerator_hours: flows[p],
                        reference_hours: flows[p] * pair.factor,
                    });
                }
            }
            let group = model.requests[r].group;
            let offer_full = |p: usize| {
                let o = model.pairs[p].offer;
                used[o] >= model.capacity[o] - tol(model.capacity[o])
            };
            explanation.binding = if pairs.is_empty() {
                Binding::NoEligibleOffer
            } else if delivered[r] >= request.hours() - tol(request.hours()) {
                Binding::Met
            } else if group_used[group] >= model.group_cap[group] - tol(model.group_cap[group]) {
                Binding::CountryCap {
                    country: built.countries[group].clone(),
                    cap_hours: model.group_cap[group],
                }
            } else {
                let reachable: f64 = pairs
                    .iter()
                    .map(|&p| {
                        let pair = &model.pairs[p];
                        let left = model.capacity[pair.offer] - used[pair.offer] + flows[p];
                        pair.upper.min(left).max(0.0) * pair.factor
                    })
                    .sum::<f64>()
                    .min(request.hours());
                if delivered[r] <= tol(0.0) && reachable < request.minimum_hours() - tol(0.0) {
                    Binding::Minimum {
                        minimum: request.minimum_hours(),
                        reachable,
                    }
                } else {
                    let ids = |keep: &dyn Fn(usize) -> bool| {
                        let mut ids: Vec<String> = pairs
                            .iter()
                            .filter(|&&p| keep(p))
                            .map(|&p| round.offers[model.pairs[p].offer].id().to_string())
                            .collect();
                        ids.dedup();
                        ids
                    };
                    let full = ids(&|p| offer_full(p));
                    if full.is_empty() {
                        Binding::Window {
                            offers: ids(&|p| {
                                flows[p] >= model.pairs[p].upper - tol(model.pairs[p].upper)
                            }),
                        }
                    } else {
                        Binding::Capacity { offers: full }
                    }
                }
            };
            explanation
        })
        .collect();
    RoundResult {
        round: round.id.clone(),
        rules_version: rules.version.clone(),
        policy: round.policy.clone(),
        method: solution.method,
        objective: solution.objective,
        bound: solution.bound,
        gap: solution.gap(),
        fair_tie_break: solution.fair_tie_break,
        explanations,
        offers: round
            .offers
            .iter()
            .zip(&used)
            .map(|(offer, allocated)| OfferUse {
                offer: offer.id().to_string(),
                capacity: offer.hours(),
                allocated: *allocated,
            })
            .collect(),
    }
}
