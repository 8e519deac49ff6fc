//! Seeded synthetic rounds and matches for benchmarks and demos: offers from many
//! providers and jurisdictions, requests from every region with sparse eligibility
//! (each request fits a handful to a few dozen offers), fellowship applicants and
//! programs. The same seed gives the same instance on every machine.

use crate::allocation::{AllocationPolicy, ReviewedRequest, Round};
use crate::matching::{Applicant, MatchInput, Program, ProgramEligibility};
use crate::offer::{Offer, OfferInput, Restrictions, Terms};
use crate::primitives::{CountryCode, Day, Window};
use crate::request::{AcceptedAccelerator, Request, RequestInput};

/// SplitMix64: small, seedable, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

const MODELS: [&str; 14] = [
    "H100",
    "H200",
    "B200",
    "A100",
    "L40S",
    "MI300X",
    "MI250X",
    "H20",
    "TPU v5e",
    "L4",
    "Ascend 910B",
    "Gaudi 3",
    "V100",
    "A10",
];
const SITES: [&str; 12] = [
    "US", "DE", "FR", "JP", "KE", "IN", "BR", "CN", "ZA", "SG", "CA", "NG",
];
/// Requesting countries and whether the registry counts them as Global South.
const COUNTRIES: [(&str, bool); 40] = [
    ("KE", true),
    ("NG", true),
    ("GH", true),
    ("ET", true),
    ("ZA", true),
    ("EG", true),
    ("SN", true),
    ("RW", true),
    ("IN", true),
    ("BD", true),
    ("PK", true),
    ("ID", true),
    ("VN", true),
    ("PH", true),
    ("BR", true),
    ("AR", true),
    ("MX", true),
    ("CO", true),
    ("PE", true),
    ("CL", true),
    ("CN", true),
    ("IR", true),
    ("VE", true),
    ("MA", true),
    ("TN", true),
    ("US", false),
    ("CA", false),
    ("DE", false),
    ("FR", false),
    ("GB", false),
    ("JP", false),
    ("KR", false),
    ("AU", false),
    ("SE", false),
    ("IT", false),
    ("ES", false),
    ("PL", false),
    ("RU", false),
    ("SG", false),
    ("CH", false),
];

fn cc(code: &str) -> CountryCode {
    CountryCode::parse("country", code).expect("generator codes are valid")
}

fn month_window(month: usize, first: u32, last: u32) -> Window {
    let day =
        |d: u32| Day::parse("day", &format!("2027-{:02}-{:02}", month + 1, d)).expect("valid day");
    Window::new(day(first), day(last)).expect("ordered")
}

/// A round of `requests` over `offers`, all reviewed above the threshold except ~5%.
pub fn round(requests: usize, offers: usize, seed: u64) -> Round {
    let mut rng = Rng(seed);
    let offers: Vec<Offer> = (0..offers)
        .map(|i| {
            let month = rng.below(12);
            let count = 8 + rng.below(57) as u32;
            let window = month_window(month, 1, 28);
            let hours = (f64::from(count) * 24.0 * 28.0 * rng.range(0.3, 0.9)).round();
            let mut restrictions = Restrictions::default();
            if rng.below(10) == 0 {
                restrictions.end_uses_excluded = vec!["military".into()];
            }
            if rng.below(20) == 0 {
                restrictions.destinations_excluded = vec![cc(COUNTRIES[rng.below(40)].0)];
            }
            Offer::parse(OfferInput {
                id: format!("o{i}"),
                provider: format!("provider-{}", i % 97),
                site: format!("site-{}", i % 211),
                jurisdiction: SITES[rng.below(SITES.len())].into(),
                accelerator: MODELS[rng.below(MODELS.len())].into(),
                count,
                hours,
                window,
                terms: if rng.below(3) == 0 {
                    Terms::CostRecovery {
                        price_per_hour: rng.range(0.5, 3.0).round(),
                        currency: "USD".into(),
                    }
                } else {
                    Terms::Free
                },
                restrictions,
            })
            .expect("generated offer is valid")
        })
        .collect();
    let supply: f64 = offers.iter().map(Offer::hours).sum();
    let mean_demand = 2.0 * supply / requests.max(1) as f64;
    let requests = (0..requests)
        .map(|i| {
            let (country, south) = COUNTRIES[rng.below(COUNTRIES.len())];
            let mut accelerators: Vec<AcceptedAccelerator> = Vec::new();
            for _ in 0..1 + rng.below(2) {
                let model = MODELS[rng.below(MODELS.len())];
                if accelerators.iter().all(|a| a.model != model) {
                    accelerators.push(AcceptedAccelerator {
                        model: model.into(),
                        factor: (rng.range(0.5, 2.0) * 4.0).round() / 4.0,
                    });
                }
            }
            let hours = (mean_demand * rng.range(0.2, 1.8)).round().max(1.0);
            let minimum = if rng.below(2) == 0 {
                0.0
            } else {
                (hours * rng.range(0.3, 1.0)).round()
            };
            let first = 1 + rng.below(20) as u32;
            let request = Request::parse(RequestInput {
                id: format!("r{i}"),
                title: format!("Project {i}"),
                summary: String::new(),
                institution: format!("institution-{}", i % 1009),
                country: country.into(),
                global_south: south,
                accelerators,
                hours,
                minimum_hours: minimum,
                window: month_window(rng.below(12), first, first + 8),
                data_residency: if rng.below(10) == 0 {
                    vec![cc(country)]
                } else {
                    Vec::new()
                },
                end_use: if rng.below(50) == 0 {
                    "military"
                } else {
                    "research"
                }
                .into(),
                first_time: rng.below(3) == 0,
            })
            .expect("generated request is valid");
            let merit = (rng.range(2.6, 5.0) * 10.0).round() / 10.0;
            ReviewedRequest { request, merit }
        })
        .collect();
    Round {
        id: format!("synthetic-{seed}"),
        policy: AllocationPolicy {
            country_cap_share: 0.1,
            ..AllocationPolicy::default()
        },
        offers,
        requests,
    }
}

/// A fellowship match: each applicant ranks 10 programs (popular ones more often),
/// each program ranks everyone who applied to it in its own order.
pub fn fellowship(applicants: usize, programs: usize, seed: u64) -> MatchInput {
    let mut rng = Rng(seed);
    let mut applied: Vec<Vec<usize>> = vec![Vec::new(); programs];
    let applicants: Vec<Applicant> = (0..applicants)
        .map(|a| {
            let mut ranking: Vec<usize> = Vec::with_capacity(10);
            while ranking.len() < 10.min(programs) {
                // Square of a uniform: low-numbered programs are more popular.
                let p = ((rng.unit() * rng.unit()) * programs as f64) as usize;
                if !ranking.contains(&p) {
                    ranking.push(p);
                }
            }
            for &p in &ranking {
                applied[p].push(a);
            }
            Applicant {
                id: format!("a{a}"),
                country: cc(COUNTRIES[rng.below(COUNTRIES.len())].0),
                ranking: ranking.iter().map(|p| format!("p{p}")).collect(),
            }
        })
        .collect();
    let programs: Vec<Program> = applied
        .into_iter()
        .enumerate()
        .map(|(p, mut pool)| {
            for i in (1..pool.len()).rev() {
                let j = rng.below(i + 1);
                pool.swap(i, j);
            }
            Program {
                id: format!("p{p}"),
                host_institution: format!("host-{p}"),
                capacity: 1 + rng.below(15) as u32,
                eligibility: ProgramEligibility {
                    countries_excluded: if rng.below(10) == 0 {
                        vec![cc("RU")]
                    } else {
                        Vec::new()
                    },
                    countries_allowed: None,
                },
                ranking: pool.into_iter().map(|a| format!("a{a}")).collect(),
            }
        })
        .collect();
    MatchInput::new(format!("fellowship-{seed}"), programs, applicants)
        .expect("generated match is valid")
}
