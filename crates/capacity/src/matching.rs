//! The talent exchange: programs (fellowships, visiting posts, training cohorts) with
//! places and eligibility, applicants and programs ranking each other, a many-to-one
//! stable matching by applicant-proposing deferred acceptance (Gale and Shapley 1962),
//! and for every applicant, why not each program they ranked above their match.

use std::collections::{BinaryHeap, HashMap};

use serde::{Deserialize, Serialize};

use crate::primitives::{CountryCode, FieldError, text};

/// Who may take a program's place: visa and export rules as data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramEligibility {
    #[serde(default)]
    pub countries_excluded: Vec<CountryCode>,
    /// When present, only applicants of these countries.
    #[serde(default)]
    pub countries_allowed: Option<Vec<CountryCode>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub id: String,
    pub host_institution: String,
    pub capacity: u32,
    #[serde(default)]
    pub eligibility: ProgramEligibility,
    /// Applicants in the program's order of preference; unranked ones are not admitted.
    pub ranking: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    pub id: String,
    pub country: CountryCode,
    /// Programs in the applicant's order of preference.
    pub ranking: Vec<String>,
}

/// A matching problem, validated: ids unique, rankings name known ids once each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "MatchFields")]
pub struct MatchInput {
    id: String,
    programs: Vec<Program>,
    applicants: Vec<Applicant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchFields {
    id: String,
    programs: Vec<Program>,
    applicants: Vec<Applicant>,
}

impl TryFrom<MatchFields> for MatchInput {
    type Error = FieldError;
    fn try_from(f: MatchFields) -> Result<Self, FieldError> {
        MatchInput::new(f.id, f.programs, f.applicants)
    }
}

/// Why an applicant did not get a program they ranked above their match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WhyNot {
    /// Its places went to applicants it ranked higher.
    Filled { with: Vec<String> },
    /// The applicant's country is excluded by the program's rules.
    CountryExcluded { country: CountryCode },
    /// The program admits only some countries, not the applicant's.
    CountryNotAllowed { country: CountryCode },
    /// The program did not rank the applicant.
    NotRanked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRefusal {
    pub program: String,
    #[serde(flatten)]
    pub why: WhyNot,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub applicant: String,
    pub program: Option<String>,
    /// Every program ranked above the match, in the applicant's order.
    pub why_not: Vec<ProgramRefusal>,
}

/// The published match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchResult {
    pub id: String,
    pub assignments: Vec<Assignment>,
}

impl MatchInput {
    pub fn new(
        id: String,
        programs: Vec<Program>,
        applicants: Vec<Applicant>,
    ) -> Result<Self, FieldError> {
        let id = text("match.id", &id)?;
        let mut program_ids = HashMap::new();
        for (i, p) in programs.iter().enumerate() {
            text(&format!("programs[{i}].id"), &p.id)?;
            if program_ids.insert(p.id.as_str(), i).is_some() {
                return Err(FieldError::new(
                    format!("programs[{i}].id"),
                    format!("`{}` appears twice", p.id),
                ));
            }
        }
        let mut applicant_ids = HashMap::new();
        for (i, a) in applicants.iter().enumerate() {
            text(&format!("applicants[{i}].id"), &a.id)?;
            if applicant_ids.insert(a.id.as_str(), i).is_some() {
                return Err(FieldError::new(
                    format!("applicants[{i}].id"),
                    format!("`{}` appears twice", a.id),
                ));
            }
        }
        let check = |field: String, ranking: &[String], known: &HashMap<&str, usize>| {
            let mut seen = std::collections::HashSet::new();
            for name in ranking {
                if !known.contains_key(name.as_str()) {
                    return Err(FieldError::new(field, format!("`{name}` is unknown")));
                }
                if !seen.insert(name.as_str()) {
                    return Err(FieldError::new(field, format!("`{name}` is ranked twice")));
                }
            }
            Ok(())
        };
        for (i, p) in programs.iter().enumerate() {
            check(format!("programs[{i}].ranking"), &p.ranking, &applicant_ids)?;
        }
        for (i, a) in applicants.iter().enumerate() {
            check(format!("applicants[{i}].ranking"), &a.ranking, &program_ids)?;
        }
        Ok(Self {
            id,
            programs,
            applicants,
        })
    }

    pub fn from_json(text: &str) -> Result<Self, FieldError> {
        serde_json::from_str(text).map_err(|e| FieldError::new("match", e.to_string()))
    }

    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn programs(&self) -> &[Program] {
        &self.programs
    }
    pub fn applicants(&self) -> &[Applicant] {
        &self.applicants
    }
}

/// Whether the program's rules admit the applicant's country.
pub fn country_bar(program: &Program, country: &CountryCode) -> Option<WhyNot> {
    let rules = &program.eligibility;
    if rules.countries_excluded.contains(country) {
        return Some(WhyNot::CountryExcluded {
            country: country.clone(),
        });
    }
    match &rules.countries_allowed {
        Some(allowed) if !allowed.contains(country) => Some(WhyNot::CountryNotAllowed {
            country: country.clone(),
        }),
        _ => None,
    }
}

/// Indexed preferences: `rank[p]` maps an applicant index to the program's rank of it.
struct Indexed {
    /// Per applicant, program indices in preference order.
    prefs: Vec<Vec<u32>>,
    /// Per program, sorted (applicant, rank) pairs of acceptable, eligible applicants.
    rank: Vec<Vec<(u32, u32)>>,
}

impl Indexed {
    fn new(input: &MatchInput) -> Self {
        let program_index: HashMap<&str, u32> = input
            .programs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i as u32))
            .collect();
        let applicant_index: HashMap<&str, u32> = input
            .applicants
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u32))
            .collect();
        let prefs = input
            .applicants
            .iter()
            .map(|a| {
                a.ranking
                    .iter()
                    .map(|p| program_index[p.as_str()])
                    .collect()
            })
            .collect();
        let rank = input
            .programs
            .iter()
            .map(|p| {
                let mut ranks: Vec<(u32, u32)> = p
                    .ranking
                    .iter()
                    .enumerate()
                    .map(|(r, a)| (applicant_index[a.as_str()], r as u32))
                    .filter(|(a, _)| {
                        country_bar(p, &input.applicants[*a as usize].country).is_none()
                    })
                    .collect();
                ranks.sort_unstable();
                ranks
            })
            .collect();
        Self { prefs, rank }
    }

    fn rank_of(&self, program: u32, applicant: u32) -> Option<u32> {
        let ranks = &self.rank[program as usize];
        ranks
            .binary_search_by_key(&applicant, |&(a, _)| a)
            .ok()
            .map(|i| ranks[i].1)
    }
}

/// Applicant-proposing deferred acceptance: the stable matching every applicant likes
/// best among all stable matchings. Returns, per applicant, the program index.
pub fn deferred_acceptance(input: &MatchInput) -> Vec<Option<usize>> {
    propose(input, &Indexed::new(input))
}

fn propose(input: &MatchInput, indexed: &Indexed) -> Vec<Option<usize>> {
    let applicants = input.applicants.len();
    let mut next = vec![0usize; applicants];
    let mut matched: Vec<Option<usize>> = vec![None; applicants];
    // Per program, a max-heap of (rank, applicant): the worst held applicant on top.
    let mut held: Vec<BinaryHeap<(u32, u32)>> = input
        .programs
        .iter()
        .map(|p| BinaryHeap::with_capacity(p.capacity.min(1024) as usize))
        .collect();
    let mut free: Vec<u32> = (0..applicants as u32).rev().collect();
    while let Some(a) = free.pop() {
        let prefs = &indexed.prefs[a as usize];
        while next[a as usize] < prefs.len() {
            let p = prefs[next[a as usize]];
            next[a as usize] += 1;
            let Some(rank) = indexed.rank_of(p, a) else {
                continue;
            };
            let capacity = input.programs[p as usize].capacity as usize;
            let heap = &mut held[p as usize];
            if heap.len() < capacity {
                heap.push((rank, a));
                matched[a as usize] = Some(p as usize);
                break;
            }
            if let Some(&(worst_rank, worst)) = heap.peek()
                && rank < worst_rank
            {
                heap.pop();
                heap.push((rank, a));
                matched[a as usize] = Some(p as usize);
                matched[worst as usize] = None;
                free.push(worst);
                break;
            }
        }
    }
    matched
}

/// Runs the match and explains, for every applicant, each program ranked above theirs.
pub fn run_match(input: &MatchInput) -> MatchResult {
    let indexed = Indexed::new(input);
    let matched = propose(input, &indexed);
    let mut members: Vec<Vec<(u32, usize)>> = vec![Vec::new(); input.programs.len()];
    for (a, p) in matched.iter().enumerate() {
        if let Some(p) = p {
            let rank = indexed
                .rank_of(*p as u32, a as u32)
                .expect("matched means ranked");
            members[*p].push((rank, a));
        }
    }
    // Each program's admitted applicants, in the program's order.
    let filled: Vec<Vec<String>> = members
        .into_iter()
        .map(|mut m| {
            m.sort_unstable();
            m.into_iter()
                .map(|(_, a)| input.applicants[a].id.clone())
                .collect()
        })
        .collect();
    let assignments = input
        .applicants
        .iter()
        .enumerate()
        .map(|(a, applicant)| {
            let mut why_not = Vec::new();
            for &p in &indexed.prefs[a] {
                let p = p as usize;
                if Some(p) == matched[a] {
                    break;
                }
                let program = &input.programs[p];
                let why = if let Some(bar) = country_bar(program, &applicant.country) {
                    bar
                } else if indexed.rank_of(p as u32, a as u32).is_none() {
                    WhyNot::NotRanked
                } else {
                    WhyNot::Filled {
                        with: filled[p].clone(),
                    }
                };
                why_not.push(ProgramRefusal {
                    program: program.id.clone(),
                    why,
                });
            }
            Assignment {
                applicant: applicant.id.clone(),
                program: matched[a].map(|p| input.programs[p].id.clone()),
                why_not,
            }
        })
        .collect();
    MatchResult {
        id: input.id.clone(),
        assignments,
    }
}
