//! Benchmark driver: generates a seeded round (or match), solves it, and prints one
//! JSON line of timings and results. With `--lp FILE` it also writes the allocation
//! MILP in LP format for another solver (`scripts/bench-capacity.sh` runs HiGHS on it).
//!
//! ```text
//! capacity_bench allocate REQUESTS OFFERS SEED SECONDS [--lp FILE] [--iterations N]
//! capacity_bench match APPLICANTS PROGRAMS SEED
//! ```

use std::time::{Duration, Instant};

use waico_capacity::allocation::{self, SolverSettings};
use waico_capacity::{ExportRules, generator, matching, solver};

/// CPU seconds this process has used (user + system), from /proc (Linux): the
/// machine may be shared, so CPU time is reported beside wall time.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> u64 {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("argument {i} must be a number"))
    };
    match args.first().map(String::as_str) {
        Some("allocate") => {
            let started = Instant::now();
            let round = generator::round(number(1) as usize, number(2) as usize, number(3));
            let rules = ExportRules::shipped();
            let built = allocation::build(&round, &rules);
            let build_seconds = started.elapsed().as_secs_f64();
            if let Some(i) = args.iter().position(|a| a == "--lp") {
                let file = std::fs::File::create(&args[i + 1]).expect("LP file");
                let mut out = std::io::BufWriter::new(file);
                solver::write_lp(&built.model, &mut out).expect("write LP");
            }
            let mut settings = SolverSettings {
                time_limit: Duration::from_secs(number(4)),
                ..SolverSettings::default()
            };
            if let Some(i) = args.iter().position(|a| a == "--iterations") {
                settings.decomposition_iterations = number(i + 1) as usize;
            }
            let solve_started = Instant::now();
            let cpu_started = cpu_seconds();
            let solution = solver::solve_decomposed(
                &built.model,
                settings.time_limit,
                settings.decomposition_iterations,
            );
            let solve_seconds = solve_started.elapsed().as_secs_f64();
            let solve_cpu = cpu_seconds() - cpu_started;
            assert!(built.model.is_feasible(&solution.flows));
            println!(
                "{{\"requests\":{},\"offers\":{},\"pairs\":{},\"build_seconds\":{build_seconds:.3},\"solve_seconds\":{solve_seconds:.3},\"solve_cpu_seconds\":{solve_cpu:.2},\"objective\":{},\"bound\":{},\"gap\":{:.6}}}",
                round.requests.len(),
                round.offers.len(),
                built.model.pairs.len(),
                solution.objective,
                solution.bound,
                solution.gap()
            );
        }
        Some("match") => {
            let input = generator::fellowship(number(1) as usize, number(2) as usize, number(3));
            let cpu_started = cpu_seconds();
            let stable = matching::deferred_acceptance(&input);
            let acceptance_cpu = cpu_seconds() - cpu_started;
            let started = Instant::now();
            let cpu_started = cpu_seconds();
            let result = matching::run_match(&input);
            let seconds = started.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu_started;
            let matched = result
                .assignments
                .iter()
                .filter(|a| a.program.is_some())
                .count();
            assert_eq!(matched, stable.iter().filter(|m| m.is_some()).count());
            println!(
                "{{\"applicants\":{},\"programs\":{},\"matched\":{matched},\"seconds\":{seconds:.3},\"cpu_seconds\":{cpu:.2},\"acceptance_only_cpu_seconds\":{acceptance_cpu:.2}}}",
                input.applicants().len(),
                input.programs().len()
            );
        }
        _ => panic!("usage: capacity_bench allocate|match …"),
    }
}
