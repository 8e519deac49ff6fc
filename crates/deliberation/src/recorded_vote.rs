//! The tally of a recorded vote (yes / no / abstain by state): quorum, the
//! majority basis, the required share and how abstentions count, following
//! the UN General Assembly's rules of procedure (rules 67, 126 and 133: a
//! majority of members is a quorum for a decision; "present and voting" means
//! casting a yes or no; an equally divided vote is a rejection).

use serde::{Deserialize, Serialize};

use crate::Invalid;
use crate::body::{Abstentions, BodyRules, MajorityBasis, Share};

/// A state's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteChoice {
    Yes,
    No,
    Abstain,
}

impl VoteChoice {
    pub const ALL: [VoteChoice; 3] = [VoteChoice::Yes, VoteChoice::No, VoteChoice::Abstain];

    pub fn slug(self) -> &'static str {
        match self {
            VoteChoice::Yes => "yes",
            VoteChoice::No => "no",
            VoteChoice::Abstain => "abstain",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::ALL
            .into_iter()
            .find(|c| c.slug() == raw)
            .ok_or(Invalid::new("choice", "err-invalid-choice"))
    }
}

/// What a vote decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteOutcome {
    Adopted,
    Rejected,
    /// Too few members took part: no decision was taken.
    NoQuorum,
}

/// The counted result of a recorded vote, with what was required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedTally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    /// Members with the right to vote who did not vote.
    pub absent: u32,
    /// Members with the right to vote.
    pub eligible: u32,
    /// Participants (yes, no or abstain) the quorum required.
    pub quorum_required: u32,
    /// The count the majority is taken of.
    pub basis: u32,
    /// Yes votes the majority required out of `basis`.
    pub yes_required: u32,
    pub outcome: VoteOutcome,
}

/// Counts `votes` (one per state; the caller keeps the last vote of each)
/// under a body's rules, `eligible` being its members with the right to vote.
pub fn tally_recorded(
    rules: &BodyRules,
    eligible: u32,
    votes: impl IntoIterator<Item = VoteChoice>,
) -> RecordedTally {
    let (mut yes, mut no, mut abstain) = (0u32, 0u32, 0u32);
    for vote in votes {
        match vote {
            VoteChoice::Yes => yes += 1,
            VoteChoice::No => no += 1,
            VoteChoice::Abstain => abstain += 1,
        }
    }
    let participants = yes + no + abstain;
    let basis = match (rules.basis, rules.abstentions) {
        (MajorityBasis::AllMembers, _) => eligible,
        (MajorityBasis::PresentAndVoting, Abstentions::NotVoting) => yes + no,
        (MajorityBasis::PresentAndVoting, Abstentions::CountAsCast) => participants,
    };
    let quorum_met = rules.quorum.is_met(participants, eligible) && participants > 0;
    let majority_met = basis > 0 && rules.majority.is_met(yes, basis);
    let outcome = if !quorum_met {
        VoteOutcome::NoQuorum
    } else if majority_met {
        VoteOutcome::Adopted
    } else {
        VoteOutcome::Rejected
    };
    RecordedTally {
        yes,
        no,
        abstain,
        absent: eligible.saturating_sub(participants),
        eligible,
        quorum_required: rules.quorum.minimum_of(eligible),
        basis,
        yes_required: required_yes(rules.majority, basis),
        outcome,
    }
}

fn required_yes(majority: Share, basis: u32) -> u32 {
    majority.minimum_of(basis).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::Fraction;
    use VoteChoice::{Abstain, No, Yes};

    fn votes(yes: u32, no: u32, abstain: u32) -> Vec<VoteChoice> {
        std::iter::repeat_n(Yes, yes as usize)
            .chain(std::iter::repeat_n(No, no as usize))
            .chain(std::iter::repeat_n(Abstain, abstain as usize))
            .collect()
    }

    fn rules(basis: MajorityBasis, majority: Share, abstentions: Abstentions) -> BodyRules {
        BodyRules {
            basis,
            majority,
            abstentions,
            ..BodyRules::assembly_default()
        }
    }

    struct Case {
        name: &'static str,
        rules: BodyRules,
        eligible: u32,
        yes: u32,
        no: u32,
        abstain: u32,
        outcome: VoteOutcome,
    }

    #[test]
    fn known_cases() {
        use Abstentions::*;
        use MajorityBasis::*;
        let simple_pv = rules(PresentAndVoting, Share::SIMPLE_MAJORITY, NotVoting);
        let two_thirds_pv = rules(PresentAndVoting, Share::TWO_THIRDS, NotVoting);
        let cases = [
            Case {
                name: "abstentions do not count against a simple majority of present and voting",
                rules: simple_pv.clone(),
                eligible: 193,
                yes: 60,
                no: 50,
                abstain: 70,
                outcome: VoteOutcome::Adopted,
            },
            Case {
                name: "the same vote fails when abstentions count as cast",
                rules: rules(PresentAndVoting, Share::SIMPLE_MAJORITY, CountAsCast),
                eligible: 193,
                yes: 60,
                no: 50,
                abstain: 70,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "the same vote fails under a majority of all members",
                rules: rules(AllMembers, Share::SIMPLE_MAJORITY, NotVoting),
                eligible: 193,
                yes: 60,
                no: 50,
                abstain: 70,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "an equally divided vote is rejected (GA rule 133)",
                rules: simple_pv.clone(),
                eligible: 193,
                yes: 80,
                no: 80,
                abstain: 10,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "two-thirds met exactly: 100 yes of 150 present and voting",
                rules: two_thirds_pv.clone(),
                eligible: 193,
                yes: 100,
                no: 50,
                abstain: 20,
                outcome: VoteOutcome::Adopted,
            },
            Case {
                name: "two-thirds missed by one vote: 99 yes, 51 no",
                rules: two_thirds_pv.clone(),
                eligible: 193,
                yes: 99,
                no: 51,
                abstain: 20,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "two-thirds of all members met with 129 of 193",
                rules: rules(AllMembers, Share::TWO_THIRDS, NotVoting),
                eligible: 193,
                yes: 129,
                no: 0,
                abstain: 0,
                outcome: VoteOutcome::Adopted,
            },
            Case {
                name: "two-thirds of all members missed with 128 of 193",
                rules: rules(AllMembers, Share::TWO_THIRDS, NotVoting),
                eligible: 193,
                yes: 128,
                no: 0,
                abstain: 0,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "quorum missed: 96 of 193 take part",
                rules: simple_pv.clone(),
                eligible: 193,
                yes: 90,
                no: 3,
                abstain: 3,
                outcome: VoteOutcome::NoQuorum,
            },
            Case {
                name: "quorum met by abstentions: 97 of 193 take part",
                rules: simple_pv.clone(),
                eligible: 193,
                yes: 3,
                no: 2,
                abstain: 92,
                outcome: VoteOutcome::Adopted,
            },
            Case {
                name: "all abstain: no yes, nothing adopted",
                rules: rules(PresentAndVoting, Share::TWO_THIRDS, NotVoting),
                eligible: 10,
                yes: 0,
                no: 0,
                abstain: 10,
                outcome: VoteOutcome::Rejected,
            },
            Case {
                name: "a three-fifths share",
                rules: rules(
                    PresentAndVoting,
                    Share::AtLeast(Fraction::new(3, 5).unwrap()),
                    NotVoting,
                ),
                eligible: 15,
                yes: 6,
                no: 4,
                abstain: 0,
                outcome: VoteOutcome::Adopted,
            },
        ];
        for case in cases {
            let tally = tally_recorded(
                &case.rules,
                case.eligible,
                votes(case.yes, case.no, case.abstain),
            );
            assert_eq!(tally.outcome, case.outcome, "{}", case.name);
            assert_eq!(
                tally.yes + tally.no + tally.abstain + tally.absent,
                case.eligible,
                "{}",
                case.name
            );
        }
    }

    #[test]
    fn the_tally_reports_what_was_required() {
        let rules = rules(
            MajorityBasis::PresentAndVoting,
            Share::TWO_THIRDS,
            Abstentions::NotVoting,
        );
        let tally = tally_recorded(&rules, 193, votes(99, 51, 20));
        assert_eq!(tally.basis, 150);
        assert_eq!(tally.yes_required, 100);
        assert_eq!(tally.quorum_required, 97);
        assert_eq!(tally.absent, 23);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn the_tally_counts_every_vote_once(
            choices in proptest::collection::vec(0usize..3, 0..193),
            absent in 0u32..50,
        ) {
            let votes: Vec<VoteChoice> = choices.iter().map(|&c| VoteChoice::ALL[c]).collect();
            let eligible = votes.len() as u32 + absent;
            let rules = BodyRules::assembly_default();
            let tally = tally_recorded(&rules, eligible, votes.iter().copied());
            let count = |c| votes.iter().filter(|&&v| v == c).count() as u32;
            prop_assert_eq!(tally.yes, count(VoteChoice::Yes));
            prop_assert_eq!(tally.no, count(VoteChoice::No));
            prop_assert_eq!(tally.abstain, count(VoteChoice::Abstain));
            prop_assert_eq!(tally.absent, absent);
            // Under the default rules: adopted exactly when quorum is met
            // and yes outnumber no.
            let quorum = 2 * (eligible - absent) > eligible;
            let expected = if !quorum {
                VoteOutcome::NoQuorum
            } else if tally.yes > tally.no {
                VoteOutcome::Adopted
            } else {
                VoteOutcome::Rejected
            };
            prop_assert_eq!(tally.outcome, expected);
        }
    }
}
