//! WAICO's deliberation domain: bodies and their rules, proposals and their
//! lifecycle, the decision procedures multilateral bodies use (consensus,
//! silence, recorded vote, ranked choice, secret ballot), their tallies, and
//! the canonical ledger payload of a decision. Free of HTTP and SQL: the
//! application layer stores these values and maps users to states.

pub mod body;
pub mod decision_record;
pub mod discussion;
pub mod proposal;
pub mod ranked;
pub mod recorded_vote;
pub mod secret;
pub mod text;

pub use body::{
    Abstentions, Body, BodyKind, BodyRules, Delegation, Fraction, MajorityBasis, Procedure,
    ProposeRight, Share, Standing, UserRef, VoteRefused,
};
pub use decision_record::{Effect, decision_record, effect_of};
pub use proposal::{Actor, Proposal, ProposalKind, Schedule, Stage, Transition, due_transitions};
pub use ranked::{CandidateId, Count, RankedBallot, instant_runoff, single_transferable_vote};
pub use recorded_vote::{RecordedTally, VoteChoice, VoteOutcome, tally_recorded};
pub use secret::{ElectionRecord, Tally, VerifyError, verify_election};

/// A value that failed validation, naming the field and a message key that
/// the UI translates (the same shape as `waico_members::Invalid`).
pub use waico_members::Invalid;
