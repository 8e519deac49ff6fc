//! The allocation model and its two solvers.
//!
//! The model: requests `r` (priority weight `w`, demand `H` and minimum `m` in reference
//! hours, a country group), offers `o` (capacity `C` in accelerator-hours) and eligible
//! pairs `p = (r, o)` (exchange rate `f`, at most `u` accelerator-hours inside both
//! windows). Variables: `x_p` accelerator-hours, `y_r` in {0, 1}.
//!
//! ```text
//! maximise   sum_p w_r f_p x_p
//! subject to sum_{p in o} x_p <= C_o                  (offer capacity)
//!            m_r y_r <= sum_{p in r} f_p x_p <= H_r y_r (all-or-nothing minimum)
//!            sum_{p in country g} x_p <= K_g          (country cap)
//!            0 <= x_p <= u_p                          (window)
//! ```
//!
//! [`solve_exact`] hands the MILP to `microlp` (branch and bound, time limit, proven
//! bound), then breaks ties: among the optimal allocations it maximises the smallest
//! share of demand met by any funded request (max-min fairness). [`solve_decomposed`]
//! is for rounds too large for that: a Lagrangian relaxation of the capacity and cap
//! constraints (per-request subproblems solved exactly, prices by subgradient steps)
//! gives a proven upper bound, and a price-guided greedy gives the allocation; the gap
//! between them is reported.

use std::time::{Duration, Instant};

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, Variable};
use serde::{Deserialize, Serialize};

const EPS: f64 = 1e-7;

#[derive(Debug, Clone, PartialEq)]
pub struct ModelRequest {
    pub weight: f64,
    pub demand: f64,
    pub minimum: f64,
    pub group: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub request: usize,
    pub offer: usize,
    pub factor: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub requests: Vec<ModelRequest>,
    pub capacity: Vec<f64>,
    /// Cap per country group, in accelerator-hours (`f64::INFINITY` for none).
    pub group_cap: Vec<f64>,
    pub pairs: Vec<Pair>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Branch and bound on the whole MILP.
    Exact,
    /// Lagrangian bound and price-guided greedy.
    Decomposition,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Accelerator-hours per pair, in the order of `Model::pairs`.
    pub flows: Vec<f64>,
    pub objective: f64,
    /// Proven upper bound on the optimum.
    pub bound: f64,
    pub method: Method,
    /// Whether the tie-break toward max-min fairness was applied.
    pub fair_tie_break: bool,
    pub elapsed: Duration,
}

impl Solution {
    /// Relative optimality gap, `(bound - objective) / bound`.
    pub fn gap(&self) -> f64 {
        if self.bound <= EPS {
            0.0
        } else {
            ((self.bound - self.objective) / self.bound).max(0.0)
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("the solver found no allocation within the time limit")]
    TimeLimit,
    #[error("the solver failed: {0}")]
    Solver(String),
}

impl Model {
    pub fn objective(&self, flows: &[f64]) -> f64 {
        self.pairs
            .iter()
            .zip(flows)
            .map(|(p, x)| self.requests[p.request].weight * p.factor * x)
            .sum()
    }

    /// Reference hours delivered to each request.
    pub fn delivered(&self, flows: &[f64]) -> Vec<f64> {
        let mut delivered = vec![0.0; self.requests.len()];
        for (p, x) in self.pairs.iter().zip(flows) {
            delivered[p.request] += p.factor * x;
        }
        delivered
    }

    /// Accelerator-hours used of each offer.
    pub fn used(&self, flows: &[f64]) -> Vec<f64> {
        let mut used = vec![0.0; self.capacity.len()];
        for (p, x) in self.pairs.iter().zip(flows) {
            used[p.offer] += x;
        }
        used
    }

    /// Accelerator-hours used by each country group.
    pub fn group_used(&self, flows: &[f64]) -> Vec<f64> {
        let mut used = vec![0.0; self.group_cap.len()];
        for (p, x) in self.pairs.iter().zip(flows) {
            used[self.requests[p.request].group] += x;
        }
        used
    }

    /// Every constraint holds (within a relative tolerance).
    pub fn is_feasible(&self, flows: &[f64]) -> bool {
        let tol = |v: f64| 1e-6 * v.abs().max(1.0);
        let pairs_ok = self
            .pairs
            .iter()
            .zip(flows)
            .all(|(p, &x)| x >= -tol(p.upper) && x <= p.upper + tol(p.upper));
        let offers_ok = self
            .used(flows)
            .iter()
            .zip(&self.capacity)
            .all(|(u, c)| *u <= c + tol(*c));
        let groups_ok = self
            .group_used(flows)
            .iter()
            .zip(&self.group_cap)
            .all(|(u, c)| *u <= c + tol(*c));
        let requests_ok = self
            .delivered(flows)
            .iter()
            .zip(&self.requests)
            .all(|(d, r)| {
                *d <= r.demand + tol(r.demand)
                    && (*d <= tol(r.minimum) || *d >= r.minimum - tol(r.minimum))
            });
        pairs_ok && offers_ok && groups_ok && requests_ok
    }

    fn pairs_by_request(&self) -> Vec<Vec<usize>> {
        let mut by = vec![Vec::new(); self.requests.len()];
        for (i, p) in self.pairs.iter().enumerate() {
            by[p.request].push(i);
        }
        by
    }
}

struct Milp {
    problem: Problem,
    x: Vec<Variable>,
    y: Vec<Option<Variable>>,
}

/// The MILP with the objective coefficients chosen by the caller.
fn build_milp(model: &Model, objective: &dyn Fn(&Pair) -> f64) -> Milp {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let x: Vec<Variable> = model
        .pairs
        .iter()
        .map(|p| problem.add_var(objective(p), (0.0, p.upper.min(model.capacity[p.offer]))))
        .collect();
    let by_request = model.pairs_by_request();
    let mut y = vec![None; model.requests.len()];
    for (r, request) in model.requests.iter().enumerate() {
        if by_request[r].is_empty() {
            continue;
        }
        let delivered: Vec<(Variable, f64)> = by_request[r]
            .iter()
            .map(|&i| (x[i], model.pairs[i].factor))
            .collect();
        if request.minimum > EPS {
            let on = problem.add_binary_var(0.0);
            y[r] = Some(on);
            let mut upper: LinearExpr = delivered.iter().copied().collect();
            upper.add(on, -request.demand);
            problem.add_constraint(upper, ComparisonOp::Le, 0.0);
            let mut lower: LinearExpr = delivered.iter().copied().collect();
            lower.add(on, -request.minimum);
            problem.add_constraint(lower, ComparisonOp::Ge, 0.0);
        } else {
            problem.add_constraint(delivered, ComparisonOp::Le, request.demand);
        }
    }
    let mut by_offer = vec![Vec::new(); model.capacity.len()];
    let mut by_group = vec![Vec::new(); model.group_cap.len()];
    for (i, p) in model.pairs.iter().enumerate() {
        by_offer[p.offer].push((x[i], 1.0));
        by_group[model.requests[p.request].group].push((x[i], 1.0));
    }
    for (terms, cap) in by_offer.into_iter().zip(&model.capacity) {
        if !terms.is_empty() {
            problem.add_constraint(terms, ComparisonOp::Le, *cap);
        }
    }
    for (terms, cap) in by_group.into_iter().zip(&model.group_cap) {
        if !terms.is_empty() && cap.is_finite() {
            problem.add_constraint(terms, ComparisonOp::Le, *cap);
        }
    }
    Milp { problem, x, y }
}

/// Solves the MILP by branch and bound within `time_limit` (the tie-break gets what
/// the first stage leaves of it).
pub fn solve_exact(model: &Model, time_limit: Duration) -> Result<Solution, SolveError> {
    let started = Instant::now();
    if model.pairs.is_empty() {
        return Ok(Solution {
            flows: Vec::new(),
            objective: 0.0,
            bound: 0.0,
            method: Method::Exact,
            fair_tie_break: true,
            elapsed: started.elapsed(),
        });
    }
    let mut first = build_milp(model, &|p| model.requests[p.request].weight * p.factor);
    first.problem.set_time_limit(time_limit);
    let outcome = first
        .problem
        .solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
    let optimal = outcome.is_optimal();
    let solution = outcome.solution().ok_or(SolveError::TimeLimit)?;
    let flows: Vec<f64> = first
        .x
        .iter()
        .map(|v| clean(solution.var_value(*v)))
        .collect();
    let objective = model.objective(&flows);
    let bound = if optimal {
        objective
    } else {
        solution
            .stats()
            .best_bound
            .unwrap_or(f64::INFINITY)
            .max(objective)
    };
    let mut result = Solution {
        flows,
        objective,
        bound,
        method: Method::Exact,
        fair_tie_break: false,
        elapsed: started.elapsed(),
    };
    let left = time_limit.saturating_sub(started.elapsed());
    if optimal
        && !left.is_zero()
        && let Some(fair) = fairest_optimum(model, objective, left)
    {
        result.flows = fair;
        result.objective = model.objective(&result.flows);
        result.fair_tie_break = true;
    }
    result.elapsed = started.elapsed();
    Ok(result)
}

/// A solver value with round-off dust (below a millionth of an hour) removed.
fn clean(value: f64) -> f64 {
    if value < 1e-6 { 0.0 } else { value }
}

/// Among allocations within a hair of `optimum`, one that maximises the least share
/// of demand met by any funded request.
fn fairest_optimum(model: &Model, optimum: f64, time_limit: Duration) -> Option<Vec<f64>> {
    let mut milp = build_milp(model, &|_| 0.0);
    let share = milp.problem.add_var(1.0, (0.0, 1.0));
    let value: LinearExpr = milp
        .x
        .iter()
        .zip(&model.pairs)
        .map(|(v, p)| (*v, model.requests[p.request].weight * p.factor))
        .collect();
    let slack = 1e-9 * optimum.abs().max(1.0);
    milp.problem
        .add_constraint(value, ComparisonOp::Ge, optimum - slack);
    for (r, pairs) in model.pairs_by_request().iter().enumerate() {
        if pairs.is_empty() {
            continue;
        }
        // share <= delivered_r / H_r + (1 - y_r): only funded requests hold it down.
        let demand = model.requests[r].demand;
        let mut row: LinearExpr = pairs
            .iter()
            .map(|&i| (milp.x[i], -model.pairs[i].factor / demand))
            .collect();
        row.add(share, 1.0);
        match milp.y[r] {
            Some(on) => {
                row.add(on, 1.0);
                milp.problem.add_constraint(row, ComparisonOp::Le, 1.0);
            }
            None => milp.problem.add_constraint(row, ComparisonOp::Le, 0.0),
        }
    }
    milp.problem.set_time_limit(time_limit);
    let outcome = milp.problem.solve().ok()?;
    let solution = outcome.solution()?;
    let flows: Vec<f64> = milp
        .x
        .iter()
        .map(|v| clean(solution.var_value(*v)))
        .collect();
    (model.is_feasible(&flows) && model.objective(&flows) >= optimum - 2.0 * slack).then_some(flows)
}

/// The best amount for one request at the given prices: fill pairs by value per
/// reference hour, all or nothing at the minimum. Returns (value, flows).
fn price_subproblem(
    model: &Model,
    request: usize,
    pairs: &[usize],
    price: &dyn Fn(&Pair) -> f64,
    order: &mut Vec<(f64, usize)>,
    flows: &mut [f64],
) -> f64 {
    let r = &model.requests[request];
    order.clear();
    for &i in pairs {
        flows[i] = 0.0;
        let p = &model.pairs[i];
        order.push((r.weight - price(p) / p.factor, i));
    }
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut delivered = 0.0;
    let mut value = 0.0;
    for &(unit, i) in order.iter() {
        if delivered >= r.demand - EPS || (unit <= 0.0 && delivered >= r.minimum - EPS) {
            break;
        }
        let p = &model.pairs[i];
        let room = p.upper.min(model.capacity[p.offer]) * p.factor;
        let take = room.min(r.demand - delivered);
        if unit <= 0.0 {
            // Only worth it to reach the minimum.
            let need = (r.minimum - delivered).min(take);
            flows[i] = need / p.factor;
            delivered += need;
            value += unit * need;
        } else {
            flows[i] = take / p.factor;
            delivered += take;
            value += unit * take;
        }
    }
    if value <= 0.0 || delivered < r.minimum - EPS {
        for &i in pairs {
            flows[i] = 0.0;
        }
        return 0.0;
    }
    value
}

/// A feasible allocation: requests in order of their best value per accelerator-hour
/// (adjusted by `price`), each filled from its offers in the same order, all or
/// nothing at its minimum.
fn greedy(
    model: &Model,
    by_request: &[Vec<usize>],
    price: &[f64],
    group_price: &[f64],
) -> Vec<f64> {
    let mut flows = vec![0.0; model.pairs.len()];
    let mut left = model.capacity.clone();
    let mut group_left = model.group_cap.clone();
    let score = |i: usize| {
        let p = &model.pairs[i];
        let r = &model.requests[p.request];
        r.weight * p.factor - price[p.offer] - group_price[r.group]
    };
    let mut order: Vec<(f64, usize)> = by_request
        .iter()
        .enumerate()
        .filter(|(_, pairs)| !pairs.is_empty())
        .map(|(r, pairs)| {
            let best = pairs.iter().map(|&i| score(i)).fold(f64::MIN, f64::max);
            (best, r)
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut ranked: Vec<usize> = Vec::new();
    for &(_, r) in &order {
        let request = &model.requests[r];
        ranked.clear();
        ranked.extend(by_request[r].iter().copied());
        ranked.sort_by(|&a, &b| score(b).total_cmp(&score(a)));
        let mut delivered = 0.0;
        for &i in &ranked {
            let p = &model.pairs[i];
            let room = p
                .upper
                .min(left[p.offer])
                .min(group_left[request.group])
                .min((request.demand - delivered) / p.factor)
                .max(0.0);
            flows[i] = room;
            left[p.offer] -= room;
            group_left[request.group] -= room;
            delivered += room * p.factor;
            if delivered >= request.demand - EPS {
                break;
            }
        }
        if delivered < request.minimum - EPS {
            for &i in &ranked {
                let p = &model.pairs[i];
                left[p.offer] += flows[i];
                group_left[request.group] += flows[i];
                flows[i] = 0.0;
            }
        }
    }
    flows
}

/// A feasible allocation built pair by pair, in order of reduced value per
/// accelerator-hour; requests left under their minimum are dropped and the freed
/// hours offered again.
fn pair_greedy(model: &Model, price: &[f64], group_price: &[f64]) -> Vec<f64> {
    let mut order: Vec<(f64, usize)> = model
        .pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = &model.requests[p.request];
            (
                r.weight * p.factor - price[p.offer] - group_price[r.group],
                i,
            )
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut dropped = vec![false; model.requests.len()];
    loop {
        let mut flows = vec![0.0; model.pairs.len()];
        let mut left = model.capacity.clone();
        let mut group_left = model.group_cap.clone();
        let mut delivered = vec![0.0; model.requests.len()];
        for &(_, i) in &order {
            let p = &model.pairs[i];
            let request = &model.requests[p.request];
            if dropped[p.request] {
                continue;
            }
            let room = p
                .upper
                .min(left[p.offer])
                .min(group_left[request.group])
                .min((request.demand - delivered[p.request]) / p.factor)
                .max(0.0);
            flows[i] = room;
            left[p.offer] -= room;
            group_left[request.group] -= room;
            delivered[p.request] += room * p.factor;
        }
        let mut changed = false;
        for (r, request) in model.requests.iter().enumerate() {
            if !dropped[r] && delivered[r] > EPS && delivered[r] < request.minimum - EPS {
                dropped[r] = true;
                changed = true;
            }
        }
        if !changed {
            return flows;
        }
    }
}

/// Improves a feasible allocation by exchanges around each full offer: the request
/// that values its hours most and still wants some gets hours that a lower-valued
/// user gives up (respecting that user's minimum), or that a user frees by moving to
/// another offer with hours left (its delivered hours unchanged). Stays feasible.
fn improve(model: &Model, by_request: &[Vec<usize>], flows: &mut [f64], passes: usize) {
    let mut by_offer = vec![Vec::new(); model.capacity.len()];
    for (i, p) in model.pairs.iter().enumerate() {
        by_offer[p.offer].push(i);
    }
    let mut left: Vec<f64> = model
        .used(flows)
        .iter()
        .zip(&model.capacity)
        .map(|(u, c)| (c - u).max(0.0))
        .collect();
    let mut group_left: Vec<f64> = model
        .group_used(flows)
        .iter()
        .zip(&model.group_cap)
        .map(|(u, c)| (c - u).max(0.0))
        .collect();
    let mut delivered = model.delivered(flows);
    let value = |i: usize| {
        let p = &model.pairs[i];
        model.requests[p.request].weight * p.factor
    };
    for _ in 0..passes {
        let mut gained = 0.0;
        for o in 0..model.capacity.len() {
            if left[o] > EPS {
                continue;
            }
            // Pairs on this offer that would take more, best value first.
            let mut takers: Vec<usize> = by_offer[o]
                .iter()
                .copied()
                .filter(|&i| {
                    let p = &model.pairs[i];
                    let r = &model.requests[p.request];
                    flows[i] < p.upper - EPS
                        && delivered[p.request] < r.demand - EPS
                        && (delivered[p.request] > EPS || r.minimum <= EPS)
                        && group_left[r.group] > EPS
                })
                .collect();
            takers.sort_by(|&a, &b| value(b).total_cmp(&value(a)));
            for &t in takers.iter().take(4) {
                let tp = model.pairs[t];
                let tr = &model.requests[tp.request];
                for &s in &by_offer[o] {
                    if s == t || flows[s] <= EPS {
                        continue;
                    }
                    let want = (tp.upper - flows[t])
                        .min((tr.demand - delivered[tp.request]) / tp.factor)
                        .min(group_left[tr.group]);
                    if want <= EPS {
                        break;
                    }
                    let sp = model.pairs[s];
                    let sr = &model.requests[sp.request];
                    let same_group = sr.group == tr.group;
                    // Give up hours: worth it when the taker values them more.
                    if value(s) < value(t) - EPS && sp.request != tp.request {
                        let spare =
                            if delivered[sp.request] - flows[s] * sp.factor >= sr.minimum - EPS {
                                flows[s]
                            } else {
                                ((delivered[sp.request] - sr.minimum) / sp.factor).max(0.0)
                            };
                        let d = spare.min(want);
                        if d > EPS {
                            flows[s] -= d;
                            flows[t] += d;
                            delivered[sp.request] -= d * sp.factor;
                            delivered[tp.request] += d * tp.factor;
                            if !same_group {
                                group_left[sr.group] += d;
                                group_left[tr.group] -= d;
                            }
                            gained += d * (value(t) - value(s));
                            continue;
                        }
                    }
                    // Move the user elsewhere: same delivered hours on an offer with room.
                    for &m in &by_request[sp.request] {
                        let mp = model.pairs[m];
                        if mp.offer == o || left[mp.offer] <= EPS || flows[m] >= mp.upper - EPS {
                            continue;
                        }
                        let want = (tp.upper - flows[t])
                            .min((tr.demand - delivered[tp.request]) / tp.factor)
                            .min(group_left[tr.group]);
                        let ratio = sp.factor / mp.factor; // offer-hours on m per hour freed on o
                        let mut d = flows[s]
                            .min(want)
                            .min(left[mp.offer] / ratio)
                            .min((mp.upper - flows[m]) / ratio);
                        if ratio > 1.0 {
                            let extra = group_left[sr.group] - if same_group { want } else { 0.0 };
                            d = d.min((extra / (ratio - 1.0)).max(0.0));
                        }
                        if d <= EPS {
                            continue;
                        }
                        flows[s] -= d;
                        flows[m] += d * ratio;
                        left[mp.offer] -= d * ratio;
                        group_left[sr.group] -= d * (ratio - 1.0);
                        flows[t] += d;
                        delivered[tp.request] += d * tp.factor;
                        group_left[tr.group] -= d;
                        gained += d * value(t);
                        if flows[s] <= EPS {
                            break;
                        }
                    }
                }
            }
        }
        if gained <= 1e-9 * model.objective(flows).max(1.0) {
            break;
        }
    }
}

/// The better of the two greedy allocations at these prices, each improved by
/// exchanges.
fn primal(
    model: &Model,
    by_request: &[Vec<usize>],
    offer_price: &[f64],
    group_price: &[f64],
) -> (f64, Vec<f64>) {
    [
        greedy(model, by_request, offer_price, group_price),
        pair_greedy(model, offer_price, group_price),
    ]
    .into_iter()
    .map(|mut flows| {
        improve(model, by_request, &mut flows, 3);
        (model.objective(&flows), flows)
    })
    .max_by(|a, b| a.0.total_cmp(&b.0))
    .expect("two candidates")
}

/// Lagrangian relaxation and price-guided greedy, within `time_limit` or
/// `iterations` subgradient steps.
pub fn solve_decomposed(model: &Model, time_limit: Duration, iterations: usize) -> Solution {
    let started = Instant::now();
    let by_request = model.pairs_by_request();
    let offers = model.capacity.len();
    let groups = model.group_cap.len();
    let mut offer_price = vec![0.0; offers];
    let mut group_price = vec![0.0; groups];
    let mut sub_flows = vec![0.0; model.pairs.len()];
    let mut order = Vec::new();
    let mut best_flows = greedy(model, &by_request, &offer_price, &group_price);
    let mut best = model.objective(&best_flows);
    let mut bound = f64::INFINITY;
    let mut theta = 2.0;
    let mut since_improved = 0;
    let mut next_primal = 20;
    for iteration in 0..iterations {
        if started.elapsed() >= time_limit {
            break;
        }
        let price = |p: &Pair| offer_price[p.offer] + group_price[model.requests[p.request].group];
        let mut dual = 0.0;
        for (r, pairs) in by_request.iter().enumerate() {
            dual += price_subproblem(model, r, pairs, &price, &mut order, &mut sub_flows);
        }
        dual += offer_price
            .iter()
            .zip(&model.capacity)
            .map(|(l, c)| l * c)
            .sum::<f64>();
        dual += group_price
            .iter()
            .zip(&model.group_cap)
            .filter(|(_, c)| c.is_finite())
            .map(|(l, c)| l * c)
            .sum::<f64>();
        if !bound.is_finite() || dual < bound - 1e-9 * bound.abs().max(1.0) {
            bound = dual;
            since_improved = 0;
        } else {
            since_improved += 1;
            if since_improved >= 20 {
                theta /= 2.0;
                since_improved = 0;
            }
        }
        if iteration + 1 == next_primal {
            // Allocations at iterations 20, 40, 80, …: prices settle as steps shrink.
            next_primal *= 2;
            let (value, flows) = primal(model, &by_request, &offer_price, &group_price);
            if value > best {
                best = value;
                best_flows = flows;
            }
        }
        if bound - best <= 1e-6 * bound.abs().max(1.0) {
            break;
        }
        // Subgradient of the dual: capacity minus what the subproblems want.
        let used = model.used(&sub_flows);
        let group_used = model.group_used(&sub_flows);
        let mut norm = 0.0;
        let g_offer: Vec<f64> = (0..offers)
            .map(|o| {
                let g = model.capacity[o] - used[o];
                if offer_price[o] <= 0.0 && g > 0.0 {
                    0.0
                } else {
                    g
                }
            })
            .collect();
        let g_group: Vec<f64> = (0..groups)
            .map(|g| {
                if !model.group_cap[g].is_finite() {
                    return 0.0;
                }
                let s = model.group_cap[g] - group_used[g];
                if group_price[g] <= 0.0 && s > 0.0 {
                    0.0
                } else {
                    s
                }
            })
            .collect();
        norm += g_offer.iter().map(|g| g * g).sum::<f64>();
        norm += g_group.iter().map(|g| g * g).sum::<f64>();
        if norm <= 0.0 {
            break;
        }
        let step = theta * (dual - best).max(1e-9 * dual.abs()) / norm;
        for o in 0..offers {
            offer_price[o] = (offer_price[o] - step * g_offer[o]).max(0.0);
        }
        for g in 0..groups {
            group_price[g] = (group_price[g] - step * g_group[g]).max(0.0);
        }
    }
    let (value, flows) = primal(model, &by_request, &offer_price, &group_price);
    if value > best {
        best = value;
        best_flows = flows;
    }
    Solution {
        objective: best,
        bound: bound.max(best),
        flows: best_flows,
        method: Method::Decomposition,
        fair_tie_break: false,
        elapsed: started.elapsed(),
    }
}

/// The MILP in CPLEX LP format (the first stage, without the tie-break), so that
/// another solver can be run on exactly the same model.
pub fn write_lp(model: &Model, out: &mut impl std::io::Write) -> std::io::Result<()> {
    fn terms(
        out: &mut impl std::io::Write,
        items: impl Iterator<Item = (f64, String)>,
    ) -> std::io::Result<()> {
        for (k, (coef, var)) in items.enumerate() {
            let sign = if coef < 0.0 { "-" } else { "+" };
            write!(out, " {sign} {} {var}", coef.abs())?;
            if k % 8 == 7 {
                writeln!(out)?;
            }
        }
        Ok(())
    }
    writeln!(out, "\\ WAICO capacity allocation")?;
    writeln!(out, "Maximize")?;
    write!(out, " obj:")?;
    terms(
        out,
        model
            .pairs
            .iter()
            .enumerate()
            .map(|(i, p)| (model.requests[p.request].weight * p.factor, format!("x{i}"))),
    )?;
    writeln!(out, "\nSubject To")?;
    let by_request = model.pairs_by_request();
    let mut binaries = Vec::new();
    for (r, pairs) in by_request.iter().enumerate() {
        if pairs.is_empty() {
            continue;
        }
        let request = &model.requests[r];
        let delivered = || {
            pairs
                .iter()
                .map(|&i| (model.pairs[i].factor, format!("x{i}")))
        };
        if request.minimum > EPS {
            binaries.push(r);
            write!(out, " ru{r}:")?;
            terms(out, delivered().chain([(-request.demand, format!("y{r}"))]))?;
            writeln!(out, " <= 0")?;
            write!(out, " rl{r}:")?;
            terms(
                out,
                delivered().chain([(-request.minimum, format!("y{r}"))]),
            )?;
            writeln!(out, " >= 0")?;
        } else {
            write!(out, " rd{r}:")?;
            terms(out, delivered())?;
            writeln!(out, " <= {}", request.demand)?;
        }
    }
    let mut by_offer = vec![Vec::new(); model.capacity.len()];
    let mut by_group = vec![Vec::new(); model.group_cap.len()];
    for (i, p) in model.pairs.iter().enumerate() {
        by_offer[p.offer].push(i);
        by_group[model.requests[p.request].group].push(i);
    }
    for (o, pairs) in by_offer.iter().enumerate() {
        if !pairs.is_empty() {
            write!(out, " o{o}:")?;
            terms(out, pairs.iter().map(|i| (1.0, format!("x{i}"))))?;
            writeln!(out, " <= {}", model.capacity[o])?;
        }
    }
    for (g, pairs) in by_group.iter().enumerate() {
        if !pairs.is_empty() && model.group_cap[g].is_finite() {
            write!(out, " g{g}:")?;
            terms(out, pairs.iter().map(|i| (1.0, format!("x{i}"))))?;
            writeln!(out, " <= {}", model.group_cap[g])?;
        }
    }
    writeln!(out, "Bounds")?;
    for (i, p) in model.pairs.iter().enumerate() {
        writeln!(
            out,
            " 0 <= x{i} <= {}",
            p.upper.min(model.capacity[p.offer])
        )?;
    }
    writeln!(out, "Binary")?;
    for r in binaries {
        writeln!(out, " y{r}")?;
    }
    writeln!(out, "End")
}
