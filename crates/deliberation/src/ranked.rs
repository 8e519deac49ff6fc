//! Ranked-choice counts for elections: instant-runoff for one seat and the
//! single transferable vote with the Droop quota for several, every round
//! recorded for display.
//!
//! **Transfer method.** STV uses the Weighted Inclusive Gregory Method: when a
//! candidate is elected with a surplus, *every* ballot the candidate holds
//! moves on to its next continuing preference at its current value multiplied
//! by `surplus / total`. Values are integers in units of 10⁻⁹ of a vote and
//! every multiplication is truncated (never rounded up), so a count can lose a
//! few units to truncation but never creates a vote; what is lost is shown as
//! part of the non-transferable total. A candidate keeps exactly the quota.
//! An eliminated candidate's ballots move on at their current value.
//!
//! **Order of a round.** (1) every hopeful at or above the quota is elected;
//! (2) if no more hopefuls remain than seats, all are elected; (3) otherwise
//! the largest untransferred surplus is transferred; (4) otherwise the hopeful
//! with the fewest votes is eliminated.
//!
//! **Tie-break.** A tie (for elimination, or for the order of surpluses) is
//! broken backwards: the candidates' totals are compared at the most recent
//! earlier round in which they differed (the lowest is eliminated; the largest
//! surplus goes first). If they were equal in every round, the candidate
//! order of the election decides, which the organization draws by lot when the
//! candidates are listed: the candidate listed later is eliminated first, the
//! one listed earlier transfers first. Each round says whether a tie was
//! broken and how.
//!
//! **Quota.** Droop: `floor(valid ballots / (seats + 1)) + 1` whole votes.
//! Instant-runoff elects the candidate with more than half of the ballots
//! still continuing in a round.

use serde::{Deserialize, Serialize};

use crate::Invalid;

/// Votes in units of 10⁻⁹ of a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Votes(pub u64);

impl Votes {
    pub const SCALE: u64 = 1_000_000_000;

    pub fn whole(n: u64) -> Self {
        Votes(n * Self::SCALE)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / Self::SCALE as f64
    }
}

impl std::fmt::Display for Votes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whole = self.0 / Self::SCALE;
        let frac = self.0 % Self::SCALE;
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{frac:09}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A candidate, by its position in the election's (lot-drawn) list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CandidateId(pub u16);

/// A ballot ranking some candidates, most preferred first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RankedBallot(Vec<CandidateId>);

impl RankedBallot {
    /// A ranking of distinct candidates among `candidates`, at least one.
    pub fn new(ranking: Vec<CandidateId>, candidates: usize) -> Result<Self, Invalid> {
        if ranking.is_empty() {
            return Err(Invalid::new("ranking", "err-required"));
        }
        if ranking.iter().any(|c| usize::from(c.0) >= candidates) {
            return Err(Invalid::new("ranking", "err-unknown-candidate"));
        }
        let mut sorted = ranking.clone();
        sorted.sort();
        sorted.dedup();
        if sorted.len() != ranking.len() {
            return Err(Invalid::new("ranking", "err-duplicate"));
        }
        Ok(Self(ranking))
    }

    pub fn ranking(&self) -> &[CandidateId] {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateStatus {
    Hopeful,
    Elected,
    Eliminated,
}

/// How a tie was settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// By the totals of an earlier round (its number).
    Backwards { round: u32 },
    /// By the lot-drawn candidate order.
    CandidateOrder,
}

/// What a round did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum RoundAction {
    /// Reached the quota (STV) or a majority of continuing ballots (IRV).
    Elected { candidates: Vec<CandidateId> },
    /// No more hopefuls than seats were left.
    FilledRemaining { candidates: Vec<CandidateId> },
    SurplusTransferred {
        from: CandidateId,
        surplus: Votes,
        tie: Option<TieBreak>,
    },
    Eliminated {
        candidate: CandidateId,
        tie: Option<TieBreak>,
    },
}

/// A candidate's standing at the start of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub candidate: CandidateId,
    pub votes: Votes,
    pub status: CandidateStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub number: u32,
    pub standings: Vec<Standing>,
    /// Value of ballots with no continuing preference, plus truncation losses.
    pub non_transferable: Votes,
    pub action: RoundAction,
}

/// The result of a ranked-choice count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub method: CountMethod,
    pub seats: u32,
    pub valid_ballots: u64,
    /// The Droop quota (STV only).
    pub quota: Option<Votes>,
    /// The winners in the order they were elected.
    pub elected: Vec<CandidateId>,
    pub rounds: Vec<Round>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountMethod {
    InstantRunoff,
    /// Single transferable vote, Droop quota, Weighted Inclusive Gregory.
    StvDroopWigm,
}

/// Why a count could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    #[error("seats must be at least one and fewer than or equal to the candidates")]
    Seats,
    #[error("a ballot names a candidate outside the list")]
    UnknownCandidate,
}

struct Counter<'a> {
    ballots: &'a [RankedBallot],
    /// Position in each ballot's ranking of the candidate holding it.
    position: Vec<usize>,
    weight: Vec<u64>,
    piles: Vec<Vec<usize>>,
    retained: Vec<u64>,
    status: Vec<CandidateStatus>,
    non_transferable: u64,
    /// Totals at the start of each round so far.
    history: Vec<Vec<u64>>,
    rounds: Vec<Round>,
}

impl<'a> Counter<'a> {
    fn new(candidates: usize, ballots: &'a [RankedBallot]) -> Result<Self, CountError> {
        if ballots
            .iter()
            .flat_map(|b| b.ranking())
            .any(|c| usize::from(c.0) >= candidates)
        {
            return Err(CountError::UnknownCandidate);
        }
        let mut counter = Counter {
            ballots,
            position: vec![0; ballots.len()],
            weight: vec![Votes::SCALE; ballots.len()],
            piles: vec![Vec::new(); candidates],
            retained: vec![0; candidates],
            status: vec![CandidateStatus::Hopeful; candidates],
            non_transferable: 0,
            history: Vec::new(),
            rounds: Vec::new(),
        };
        for ballot in 0..ballots.len() {
            counter.place(ballot);
        }
        Ok(counter)
    }

    /// Puts a ballot on the pile of its first continuing preference at or
    /// after its current position, or counts it as non-transferable.
    fn place(&mut self, ballot: usize) {
        let ranking = self.ballots[ballot].ranking();
        while let Some(c) = ranking.get(self.position[ballot]) {
            if self.status[usize::from(c.0)] == CandidateStatus::Hopeful {
                self.piles[usize::from(c.0)].push(ballot);
                return;
            }
            self.position[ballot] += 1;
        }
        self.non_transferable += self.weight[ballot];
    }

    fn totals(&self) -> Vec<u64> {
        self.piles
            .iter()
            .zip(&self.retained)
            .map(|(pile, kept)| kept + pile.iter().map(|&b| self.weight[b]).sum::<u64>())
            .collect()
    }

    fn hopefuls(&self) -> Vec<usize> {
        (0..self.status.len())
            .filter(|&c| self.status[c] == CandidateStatus::Hopeful)
            .collect()
    }

    /// Moves a candidate's whole pile on, each ballot's value multiplied by
    /// `numerator / denominator` (truncated); returns the value moved.
    fn move_pile(&mut self, from: usize, numerator: u64, denominator: u64) -> u64 {
        let pile = std::mem::take(&mut self.piles[from]);
        let mut moved = 0;
        for ballot in pile {
            let before = self.weight[ballot];
            let after =
                (u128::from(before) * u128::from(numerator) / u128::from(denominator)) as u64;
            self.weight[ballot] = after;
            moved += after;
            self.position[ballot] += 1;
            self.place(ballot);
        }
        moved
    }

    /// Among `tied` (equal now), the one chosen by the backwards tie-break:
    /// `lowest` picks the smallest earlier total, else the largest. Falls
    /// back on the candidate order (last listed for `lowest`, first listed
    /// otherwise).
    fn break_tie(&self, mut tied: Vec<usize>, lowest: bool) -> (usize, Option<TieBreak>) {
        if tied.len() == 1 {
            return (tied[0], None);
        }
        for (index, totals) in self.history.iter().enumerate().rev().skip(1) {
            let pick = if lowest {
                tied.iter().map(|&c| totals[c]).min()
            } else {
                tied.iter().map(|&c| totals[c]).max()
            };
            let pick = pick.expect("ties have members");
            let narrowed: Vec<usize> = tied
                .iter()
                .copied()
                .filter(|&c| totals[c] == pick)
                .collect();
            if narrowed.len() < tied.len() {
                tied = narrowed;
                if tied.len() == 1 {
                    return (
                        tied[0],
                        Some(TieBreak::Backwards {
                            round: index as u32 + 1,
                        }),
                    );
                }
            }
        }
        let chosen = if lowest {
            *tied.iter().max().expect("ties have members")
        } else {
            *tied.iter().min().expect("ties have members")
        };
        (chosen, Some(TieBreak::CandidateOrder))
    }

    fn begin_round(&mut self) -> Vec<u64> {
        let totals = self.totals();
        self.history.push(totals.clone());
        totals
    }

    fn record(&mut self, totals: &[u64], action: RoundAction) {
        let standings = totals
            .iter()
            .enumerate()
            .map(|(c, &votes)| Standing {
                candidate: CandidateId(c as u16),
                votes: Votes(votes),
                status: self.status[c],
            })
            .collect();
        self.rounds.push(Round {
            number: self.rounds.len() as u32 + 1,
            standings,
            non_transferable: Votes(self.non_transferable),
            action,
        });
    }

    fn eliminate_lowest(&mut self, totals: &[u64], hopefuls: &[usize]) {
        let least = hopefuls
            .iter()
            .map(|&c| totals[c])
            .min()
            .expect("a hopeful remains");
        let tied = hopefuls
            .iter()
            .copied()
            .filter(|&c| totals[c] == least)
            .collect();
        let (loser, tie) = self.break_tie(tied, true);
        self.record(
            totals,
            RoundAction::Eliminated {
                candidate: CandidateId(loser as u16),
                tie,
            },
        );
        self.status[loser] = CandidateStatus::Eliminated;
        self.move_pile(loser, 1, 1);
    }
}

fn check_seats(candidates: usize, seats: u32) -> Result<(), CountError> {
    if seats == 0 || seats as usize > candidates || candidates > usize::from(u16::MAX) {
        return Err(CountError::Seats);
    }
    Ok(())
}

/// Instant-runoff for one seat: the candidate with more than half of the
/// continuing ballots wins; otherwise the last is eliminated and its ballots
/// move to their next preference.
pub fn instant_runoff(candidates: usize, ballots: &[RankedBallot]) -> Result<Count, CountError> {
    check_seats(candidates, 1)?;
    let mut counter = Counter::new(candidates, ballots)?;
    let winner = loop {
        let totals = counter.begin_round();
        let hopefuls = counter.hopefuls();
        let continuing: u64 = hopefuls.iter().map(|&c| totals[c]).sum();
        let best = hopefuls
            .iter()
            .map(|&c| totals[c])
            .max()
            .expect("a hopeful remains");
        if hopefuls.len() == 1 || best * 2 > continuing {
            let leaders = hopefuls
                .iter()
                .copied()
                .filter(|&c| totals[c] == best)
                .collect();
            let (winner, _) = counter.break_tie(leaders, false);
            counter.status[winner] = CandidateStatus::Elected;
            let action = if hopefuls.len() == 1 {
                RoundAction::FilledRemaining {
                    candidates: vec![CandidateId(winner as u16)],
                }
            } else {
                RoundAction::Elected {
                    candidates: vec![CandidateId(winner as u16)],
                }
            };
            counter.record(&totals, action);
            break winner;
        }
        counter.eliminate_lowest(&totals, &hopefuls);
    };
    Ok(Count {
        method: CountMethod::InstantRunoff,
        seats: 1,
        valid_ballots: ballots.len() as u64,
        quota: None,
        elected: vec![CandidateId(winner as u16)],
        rounds: counter.rounds,
    })
}

/// The Droop quota for `valid` ballots and `seats` seats, in whole votes.
pub fn droop_quota(valid: u64, seats: u32) -> Votes {
    Votes::whole(valid / (u64::from(seats) + 1) + 1)
}

/// The single transferable vote with the Droop quota and Weighted Inclusive
/// Gregory transfers (see the module documentation for every rule).
pub fn single_transferable_vote(
    candidates: usize,
    seats: u32,
    ballots: &[RankedBallot],
) -> Result<Count, CountError> {
    check_seats(candidates, seats)?;
    let mut counter = Counter::new(candidates, ballots)?;
    let quota = droop_quota(ballots.len() as u64, seats);
    let mut elected: Vec<usize> = Vec::new();
    let mut pending_surplus: Vec<usize> = Vec::new();
    while elected.len() < seats as usize {
        let totals = counter.begin_round();
        let hopefuls = counter.hopefuls();
        let mut reached: Vec<usize> = hopefuls
            .iter()
            .copied()
            .filter(|&c| totals[c] >= quota.0)
            .collect();
        if !reached.is_empty() {
            reached.sort_by(|&a, &b| totals[b].cmp(&totals[a]).then(a.cmp(&b)));
            reached.truncate(seats as usize - elected.len());
            for &c in &reached {
                counter.status[c] = CandidateStatus::Elected;
                if totals[c] > quota.0 {
                    pending_surplus.push(c);
                }
            }
            elected.extend(&reached);
            counter.record(
                &totals,
                RoundAction::Elected {
                    candidates: reached.iter().map(|&c| CandidateId(c as u16)).collect(),
                },
            );
            continue;
        }
        if hopefuls.len() <= seats as usize - elected.len() {
            for &c in &hopefuls {
                counter.status[c] = CandidateStatus::Elected;
            }
            elected.extend(&hopefuls);
            counter.record(
                &totals,
                RoundAction::FilledRemaining {
                    candidates: hopefuls.iter().map(|&c| CandidateId(c as u16)).collect(),
                },
            );
            break;
        }
        if !pending_surplus.is_empty() {
            let largest = pending_surplus
                .iter()
                .map(|&c| totals[c])
                .max()
                .expect("non-empty");
            let tied = pending_surplus
                .iter()
                .copied()
                .filter(|&c| totals[c] == largest)
                .collect();
            let (from, tie) = counter.break_tie(tied, false);
            pending_surplus.retain(|&c| c != from);
            let surplus = totals[from] - quota.0;
            counter.record(
                &totals,
                RoundAction::SurplusTransferred {
                    from: CandidateId(from as u16),
                    surplus: Votes(surplus),
                    tie,
                },
            );
            // The whole pile (every ballot the candidate holds) moves on.
            let held = totals[from];
            counter.retained[from] = quota.0;
            let moved = counter.move_pile(from, surplus, held);
            // What truncation lost is shown as non-transferable.
            counter.non_transferable += surplus - moved;
            continue;
        }
        counter.eliminate_lowest(&totals, &hopefuls);
    }
    Ok(Count {
        method: CountMethod::StvDroopWigm,
        seats,
        valid_ballots: ballots.len() as u64,
        quota: Some(quota),
        elected: elected.into_iter().map(|c| CandidateId(c as u16)).collect(),
        rounds: counter.rounds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballots(groups: &[(usize, &[u16])], candidates: usize) -> Vec<RankedBallot> {
        groups
            .iter()
            .flat_map(|(n, ranking)| {
                let ballot = RankedBallot::new(
                    ranking.iter().map(|&c| CandidateId(c)).collect(),
                    candidates,
                )
                .unwrap();
                std::iter::repeat_n(ballot, *n)
            })
            .collect()
    }

    fn ids(list: &[u16]) -> Vec<CandidateId> {
        list.iter().map(|&c| CandidateId(c)).collect()
    }

    /// The "food election" of Wikipedia's *Single transferable vote* article
    /// (section "Example"): 20 voters, 3 seats, Droop quota 6. Chocolate is
    /// elected with 12 and its surplus of 6 goes half-and-half by ballot
    /// share: 4 to Strawberries, 2 to Hamburgers; Pears is eliminated and its
    /// 2 votes elect Oranges with 6; Hamburgers is eliminated and Strawberries
    /// takes the last seat.
    #[test]
    fn stv_matches_the_wikipedia_food_election() {
        const ORANGES: u16 = 0;
        const PEARS: u16 = 1;
        const CHOCOLATE: u16 = 2;
        const STRAWBERRIES: u16 = 3;
        const HAMBURGERS: u16 = 4;
        let ballots = ballots(
            &[
                (4, &[ORANGES]),
                (2, &[PEARS, ORANGES]),
                (8, &[CHOCOLATE, STRAWBERRIES]),
                (4, &[CHOCOLATE, HAMBURGERS]),
                (1, &[STRAWBERRIES]),
                (1, &[HAMBURGERS]),
            ],
            5,
        );
        let count = single_transferable_vote(5, 3, &ballots).unwrap();
        assert_eq!(count.quota, Some(Votes::whole(6)));
        assert_eq!(count.elected, ids(&[CHOCOLATE, ORANGES, STRAWBERRIES]));
        let actions: Vec<&RoundAction> = count.rounds.iter().map(|r| &r.action).collect();
        assert_eq!(
            actions,
            vec![
                &RoundAction::Elected {
                    candidates: ids(&[CHOCOLATE])
                },
                &RoundAction::SurplusTransferred {
                    from: CandidateId(CHOCOLATE),
                    surplus: Votes::whole(6),
                    tie: None
                },
                &RoundAction::Eliminated {
                    candidate: CandidateId(PEARS),
                    tie: None
                },
                &RoundAction::Elected {
                    candidates: ids(&[ORANGES])
                },
                &RoundAction::Eliminated {
                    candidate: CandidateId(HAMBURGERS),
                    tie: None
                },
                &RoundAction::FilledRemaining {
                    candidates: ids(&[STRAWBERRIES])
                },
            ]
        );
        let after_surplus: Vec<Votes> = count.rounds[2].standings.iter().map(|s| s.votes).collect();
        assert_eq!(
            after_surplus,
            vec![
                Votes::whole(4),
                Votes::whole(2),
                Votes::whole(6),
                Votes::whole(5),
                Votes::whole(3)
            ]
        );
        // Hamburgers' 3 votes have no further preference.
        assert_eq!(count.rounds[5].non_transferable, Votes::whole(3));
    }

    /// The example of Wikipedia's *Counting single transferable votes*
    /// (and *Droop quota*) articles: 57 voters, 2 seats among Andrea, Brad,
    /// Carter and Delilah, quota 20. Andrea has 40 and is elected; her
    /// surplus of 20 goes 12 to Carter and 8 to Brad (24 and 16 of her 40
    /// ballots); Brad, now last, is eliminated and his votes give Carter 20,
    /// which fills the second seat.
    #[test]
    fn stv_matches_the_wikipedia_andrea_carter_example() {
        const ANDREA: u16 = 0;
        const BRAD: u16 = 1;
        const CARTER: u16 = 2;
        const DELILAH: u16 = 3;
        let ballots = ballots(
            &[
                (16, &[ANDREA, BRAD, CARTER, DELILAH]),
                (24, &[ANDREA, CARTER, BRAD, DELILAH]),
                (17, &[DELILAH, ANDREA, BRAD, CARTER]),
            ],
            4,
        );
        let count = single_transferable_vote(4, 2, &ballots).unwrap();
        assert_eq!(count.quota, Some(Votes::whole(20)));
        assert_eq!(count.elected, ids(&[ANDREA, CARTER]));
        let after_surplus: Vec<Votes> = count.rounds[2].standings.iter().map(|s| s.votes).collect();
        assert_eq!(
            after_surplus,
            vec![
                Votes::whole(20),
                Votes::whole(8),
                Votes::whole(12),
                Votes::whole(17)
            ]
        );
        assert_eq!(
            count.rounds[2].action,
            RoundAction::Eliminated {
                candidate: CandidateId(BRAD),
                tie: None
            }
        );
        assert_eq!(
            count.rounds[3].standings[usize::from(CARTER)].votes,
            Votes::whole(20)
        );
    }

    /// The Tennessee capital example of Wikipedia's *Instant-runoff voting*
    /// article: Memphis 42 %, Nashville 26 %, Chattanooga 15 %, Knoxville
    /// 17 %. Chattanooga is eliminated (Knoxville 32), then Nashville
    /// (Knoxville 58), and Knoxville wins although Memphis led the first round.
    #[test]
    fn irv_matches_the_wikipedia_tennessee_example() {
        const MEMPHIS: u16 = 0;
        const NASHVILLE: u16 = 1;
        const CHATTANOOGA: u16 = 2;
        const KNOXVILLE: u16 = 3;
        let ballots = ballots(
            &[
                (42, &[MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE]),
                (26, &[NASHVILLE, CHATTANOOGA, KNOXVILLE, MEMPHIS]),
                (15, &[CHATTANOOGA, KNOXVILLE, NASHVILLE, MEMPHIS]),
                (17, &[KNOXVILLE, CHATTANOOGA, NASHVILLE, MEMPHIS]),
            ],
            4,
        );
        let count = instant_runoff(4, &ballots).unwrap();
        assert_eq!(count.elected, ids(&[KNOXVILLE]));
        assert_eq!(count.rounds.len(), 3);
        assert_eq!(
            count.rounds[0].action,
            RoundAction::Eliminated {
                candidate: CandidateId(CHATTANOOGA),
                tie: None
            }
        );
        assert_eq!(
            count.rounds[1].action,
            RoundAction::Eliminated {
                candidate: CandidateId(NASHVILLE),
                tie: None
            }
        );
        assert_eq!(count.rounds[1].standings[3].votes, Votes::whole(32));
        assert_eq!(count.rounds[2].standings[3].votes, Votes::whole(58));
        // Under the same ballots STV for one seat (Droop quota 51) agrees.
        let stv = single_transferable_vote(4, 1, &ballots).unwrap();
        assert_eq!(stv.elected, ids(&[KNOXVILLE]));
    }

    #[test]
    fn a_tie_for_last_is_broken_backwards_then_by_candidate_order() {
        // Round 1: A 5, B 4, C 3, D 3 → C and D tie with no earlier round:
        // D, listed later, goes, and its ballots move to B.
        let ballots = ballots(&[(5, &[0]), (4, &[1]), (3, &[2, 0]), (3, &[3, 1])], 4);
        let count = instant_runoff(4, &ballots).unwrap();
        assert_eq!(
            count.rounds[0].action,
            RoundAction::Eliminated {
                candidate: CandidateId(3),
                tie: Some(TieBreak::CandidateOrder)
            }
        );
        // Round 2: A 5, B 7, C 3 → C out; round 3: A 8, B 7 → A wins.
        assert_eq!(count.elected, ids(&[0]));

        // A tie now that was not a tie before: B and C tie at 4 in round 2,
        // C had fewer in round 1, so C is eliminated.
        let ballots = ballots_backwards();
        let count = instant_runoff(4, &ballots).unwrap();
        assert_eq!(
            count.rounds[1].action,
            RoundAction::Eliminated {
                candidate: CandidateId(2),
                tie: Some(TieBreak::Backwards { round: 1 })
            }
        );
    }

    fn ballots_backwards() -> Vec<RankedBallot> {
        // Round 1: A 6, B 4, C 3, D 1. D out → its ballot goes to C: C 4.
        // Round 2: B 4, C 4 tie; round 1 had C 3 < B 4, so C goes.
        ballots(&[(6, &[0]), (4, &[1]), (3, &[2]), (1, &[3, 2])], 4)
    }

    #[test]
    fn invalid_rankings_and_seats_are_refused() {
        assert_eq!(
            RankedBallot::new(ids(&[0, 0]), 3).unwrap_err().key,
            "err-duplicate"
        );
        assert!(RankedBallot::new(ids(&[3]), 3).is_err());
        assert!(RankedBallot::new(vec![], 3).is_err());
        assert_eq!(
            single_transferable_vote(2, 3, &[]).unwrap_err(),
            CountError::Seats
        );
    }

    #[test]
    fn votes_display_as_decimals() {
        assert_eq!(Votes::whole(6).to_string(), "6");
        assert_eq!(Votes(1_500_000_000).to_string(), "1.5");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn ranking(candidates: u16) -> impl Strategy<Value = Vec<CandidateId>> {
        Just((0..candidates).map(CandidateId).collect::<Vec<_>>())
            .prop_shuffle()
            .prop_flat_map(|all| {
                let n = all.len();
                (1..=n).prop_map(move |k| all[..k].to_vec())
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn stv_fills_every_seat_with_distinct_candidates(
            candidates in 2u16..8,
            seats_seed in 0u32..8,
            rankings in proptest::collection::vec(ranking(8), 1..60),
        ) {
            let seats = seats_seed % u32::from(candidates) + 1;
            let ballots: Vec<RankedBallot> = rankings
                .into_iter()
                .map(|r| r.into_iter().filter(|c| c.0 < candidates).collect::<Vec<_>>())
                .filter(|r| !r.is_empty())
                .map(|r| RankedBallot::new(r, usize::from(candidates)).unwrap())
                .collect();
            let count = single_transferable_vote(usize::from(candidates), seats, &ballots).unwrap();
            prop_assert_eq!(count.elected.len(), seats as usize);
            let mut unique = count.elected.clone();
            unique.sort();
            unique.dedup();
            prop_assert_eq!(unique.len(), seats as usize);
            // No round ever holds more value than was cast.
            for round in &count.rounds {
                let held: u64 = round.standings.iter().map(|s| s.votes.0).sum::<u64>() + round.non_transferable.0;
                prop_assert_eq!(held, ballots.len() as u64 * Votes::SCALE);
            }
        }
    }
}
