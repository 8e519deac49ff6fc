//! Bodies of the organization (the General Assembly of all member states, a
//! council, expert and working groups), their membership with each state's
//! standing and delegation, and the rules they decide by.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use waico_members::{CountryCode, Invalid, MemberStatus};

/// What kind of body decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// All member states; the organization's plenary.
    GeneralAssembly,
    /// A body with elected seats.
    Council,
    ExpertGroup,
    WorkingGroup,
}

/// A state's standing in one body. Members vote; observers may speak
/// (comment) but not vote; a suspended state may neither vote nor propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Member,
    Observer,
    Suspended,
}

impl From<MemberStatus> for Standing {
    fn from(status: MemberStatus) -> Self {
        match status {
            MemberStatus::Member => Standing::Member,
            MemberStatus::Observer => Standing::Observer,
            MemberStatus::Suspended => Standing::Suspended,
        }
    }
}

/// An opaque reference to a user account; the application layer decides what
/// it is (a username or an id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserRef(String);

impl UserRef {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 200 {
            return Err(Invalid::new("user", "err-required"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UserRef {
    type Error = Invalid;
    fn try_from(raw: String) -> Result<Self, Invalid> {
        Self::parse(&raw)
    }
}

impl From<UserRef> for String {
    fn from(user: UserRef) -> String {
        user.0
    }
}

/// Who speaks and votes for a state: one delegate and any alternates. Any of
/// them acts for the state; the state still has one vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegation {
    pub delegate: UserRef,
    pub alternates: Vec<UserRef>,
}

impl Delegation {
    pub fn new(delegate: UserRef, alternates: Vec<UserRef>) -> Result<Self, Invalid> {
        if alternates.contains(&delegate) {
            return Err(Invalid::new("alternates", "err-duplicate"));
        }
        let mut seen = alternates.clone();
        seen.sort();
        seen.dedup();
        if seen.len() != alternates.len() {
            return Err(Invalid::new("alternates", "err-duplicate"));
        }
        Ok(Self {
            delegate,
            alternates,
        })
    }

    pub fn includes(&self, user: &UserRef) -> bool {
        &self.delegate == user || self.alternates.contains(user)
    }
}

/// A fraction `numerator / denominator` between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "(u32, u32)", into = "(u32, u32)")]
pub struct Fraction {
    numerator: u32,
    denominator: u32,
}

impl Fraction {
    pub const HALF: Fraction = Fraction {
        numerator: 1,
        denominator: 2,
    };
    pub const TWO_THIRDS: Fraction = Fraction {
        numerator: 2,
        denominator: 3,
    };
    pub const ZERO: Fraction = Fraction {
        numerator: 0,
        denominator: 1,
    };

    pub fn new(numerator: u32, denominator: u32) -> Result<Self, Invalid> {
        if denominator == 0 || numerator > denominator {
            return Err(Invalid::new("fraction", "err-invalid-fraction"));
        }
        Ok(Self {
            numerator,
            denominator,
        })
    }

    pub fn numerator(self) -> u32 {
        self.numerator
    }

    pub fn denominator(self) -> u32 {
        self.denominator
    }
}

impl TryFrom<(u32, u32)> for Fraction {
    type Error = Invalid;
    fn try_from((n, d): (u32, u32)) -> Result<Self, Invalid> {
        Self::new(n, d)
    }
}

impl From<Fraction> for (u32, u32) {
    fn from(f: Fraction) -> Self {
        (f.numerator, f.denominator)
    }
}

/// A required share of some base: "more than half", "at least two thirds".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Share {
    MoreThan(Fraction),
    AtLeast(Fraction),
}

impl Share {
    /// A simple majority: more than half.
    pub const SIMPLE_MAJORITY: Share = Share::MoreThan(Fraction::HALF);
    /// A two-thirds majority (UN Charter art. 18(2)): at least two thirds.
    pub const TWO_THIRDS: Share = Share::AtLeast(Fraction::TWO_THIRDS);
    /// No requirement at all (a body without a quorum).
    pub const NONE: Share = Share::AtLeast(Fraction::ZERO);

    /// Whether `count` out of `base` meets the share, in exact integer arithmetic.
    pub fn is_met(self, count: u32, base: u32) -> bool {
        let (count, base) = (u64::from(count), u64::from(base));
        match self {
            Share::MoreThan(f) => count * u64::from(f.denominator) > u64::from(f.numerator) * base,
            Share::AtLeast(f) => count * u64::from(f.denominator) >= u64::from(f.numerator) * base,
        }
    }

    /// The smallest count out of `base` that meets the share.
    pub fn minimum_of(self, base: u32) -> u32 {
        (0..=base)
            .find(|&c| self.is_met(c, base))
            .unwrap_or(base + 1)
    }
}

/// Of whom a majority is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorityBasis {
    /// Of the members casting a yes or no vote (UN General Assembly rules of
    /// procedure, rule 126: "members present and voting" means members
    /// casting an affirmative or negative vote).
    PresentAndVoting,
    /// Of all members of the body with the right to vote, whether or not
    /// they vote.
    AllMembers,
}

/// How abstentions count when the basis is "present and voting".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Abstentions {
    /// An abstaining member is considered as not voting (UN practice).
    NotVoting,
    /// An abstention counts among the votes cast, so it weighs as a no.
    CountAsCast,
}

/// Who may table a proposal in a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposeRight {
    /// Any member of the body (not an observer, not a suspended state).
    Members,
    /// Members and observers.
    MembersAndObservers,
    /// Only the secretariat (e.g. a body that decides on its reports).
    Secretariat,
}

/// The decision procedures a body can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// Adopted at the deadline unless a member lodges a formal objection.
    Consensus,
    /// Adopted at the deadline unless a member breaks silence.
    Silence,
    /// Yes / no / abstain by state, published as a roll-call.
    RecordedVote,
    /// Ranked ballots counted by instant-runoff (one seat) or STV (several).
    RankedChoice,
    /// An end-to-end verifiable secret ballot.
    SecretBallot,
}

impl Procedure {
    pub fn slug(self) -> &'static str {
        match self {
            Procedure::Consensus => "consensus",
            Procedure::Silence => "silence",
            Procedure::RecordedVote => "recorded_vote",
            Procedure::RankedChoice => "ranked_choice",
            Procedure::SecretBallot => "secret_ballot",
        }
    }
}

/// The rules a body decides by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyRules {
    pub propose: ProposeRight,
    /// Co-sponsors (other states) a draft needs before it can be submitted.
    pub min_co_sponsors: u32,
    pub procedures: Vec<Procedure>,
    /// Share of the voting members that must take part (yes, no or abstain).
    pub quorum: Share,
    pub basis: MajorityBasis,
    pub majority: Share,
    pub abstentions: Abstentions,
}

impl BodyRules {
    /// The General Assembly's default: members propose, simple majority of
    /// those present and voting, abstentions not counted, a quorum of a
    /// majority of members, every procedure available.
    pub fn assembly_default() -> Self {
        Self {
            propose: ProposeRight::Members,
            min_co_sponsors: 0,
            procedures: vec![
                Procedure::Consensus,
                Procedure::Silence,
                Procedure::RecordedVote,
                Procedure::RankedChoice,
                Procedure::SecretBallot,
            ],
            quorum: Share::SIMPLE_MAJORITY,
            basis: MajorityBasis::PresentAndVoting,
            majority: Share::SIMPLE_MAJORITY,
            abstentions: Abstentions::NotVoting,
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.procedures.is_empty() {
            return Err(Invalid::new("procedures", "err-required"));
        }
        if self.majority == Share::NONE {
            return Err(Invalid::new("majority", "err-invalid-fraction"));
        }
        Ok(())
    }

    pub fn allows(&self, procedure: Procedure) -> bool {
        self.procedures.contains(&procedure)
    }
}

/// Why a state may not vote in a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoteRefused {
    #[error("the state is not in this body")]
    NotInBody,
    #[error("an observer may comment but not vote")]
    Observer,
    #[error("a suspended state may not vote")]
    Suspended,
}

/// A state's seat in a body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub standing: Standing,
    pub delegation: Option<Delegation>,
}

/// A deciding body with its own membership and rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub slug: String,
    pub kind: BodyKind,
    pub rules: BodyRules,
    seats: BTreeMap<CountryCode, Seat>,
}

impl Body {
    pub fn new(slug: &str, kind: BodyKind, rules: BodyRules) -> Result<Self, Invalid> {
        let valid_slug = !slug.is_empty()
            && slug.len() <= 64
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_slug {
            return Err(Invalid::new("slug", "err-invalid-slug"));
        }
        rules.validate()?;
        Ok(Self {
            slug: slug.to_owned(),
            kind,
            rules,
            seats: BTreeMap::new(),
        })
    }

    /// The General Assembly: every state of the registry with its standing in
    /// the organization.
    pub fn general_assembly(
        states: impl IntoIterator<Item = (CountryCode, MemberStatus)>,
        rules: BodyRules,
    ) -> Result<Self, Invalid> {
        let mut body = Self::new("general-assembly", BodyKind::GeneralAssembly, rules)?;
        for (state, status) in states {
            body.seat(state, status.into());
        }
        Ok(body)
    }

    /// Seats a state (or changes its standing), keeping its delegation.
    pub fn seat(&mut self, state: CountryCode, standing: Standing) {
        self.seats
            .entry(state)
            .and_modify(|s| s.standing = standing)
            .or_insert(Seat {
                standing,
                delegation: None,
            });
    }

    pub fn unseat(&mut self, state: &CountryCode) {
        self.seats.remove(state);
    }

    pub fn delegate(&mut self, state: &CountryCode, delegation: Delegation) -> Result<(), Invalid> {
        let seat = self
            .seats
            .get_mut(state)
            .ok_or(Invalid::new("state", "err-not-in-body"))?;
        seat.delegation = Some(delegation);
        Ok(())
    }

    pub fn seat_of(&self, state: &CountryCode) -> Option<&Seat> {
        self.seats.get(state)
    }

    pub fn seats(&self) -> impl Iterator<Item = (&CountryCode, &Seat)> {
        self.seats.iter()
    }

    /// Whether `user` is the delegate or an alternate of `state` here.
    pub fn acts_for(&self, user: &UserRef, state: &CountryCode) -> bool {
        self.seats
            .get(state)
            .and_then(|s| s.delegation.as_ref())
            .is_some_and(|d| d.includes(user))
    }

    pub fn voting_right(&self, state: &CountryCode) -> Result<(), VoteRefused> {
        match self.seats.get(state).map(|s| s.standing) {
            None => Err(VoteRefused::NotInBody),
            Some(Standing::Observer) => Err(VoteRefused::Observer),
            Some(Standing::Suspended) => Err(VoteRefused::Suspended),
            Some(Standing::Member) => Ok(()),
        }
    }

    /// Observers and members may speak; a state outside the body may not.
    pub fn may_comment(&self, state: &CountryCode) -> bool {
        matches!(
            self.seats.get(state).map(|s| s.standing),
            Some(Standing::Member | Standing::Observer)
        )
    }

    pub fn may_propose(&self, state: &CountryCode) -> bool {
        let standing = self.seats.get(state).map(|s| s.standing);
        match self.rules.propose {
            ProposeRight::Members => standing == Some(Standing::Member),
            ProposeRight::MembersAndObservers => {
                matches!(standing, Some(Standing::Member | Standing::Observer))
            }
            ProposeRight::Secretariat => false,
        }
    }

    /// The number of states with the right to vote.
    pub fn voting_members(&self) -> u32 {
        self.seats
            .values()
            .filter(|s| s.standing == Standing::Member)
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> CountryCode {
        CountryCode::parse(c).unwrap()
    }

    #[test]
    fn fractions_and_slugs_are_validated() {
        assert!(Fraction::new(3, 2).is_err());
        assert!(Fraction::new(1, 0).is_err());
        assert_eq!(Fraction::new(3, 5).unwrap().numerator(), 3);
        assert_eq!(
            Body::new("Bad Slug", BodyKind::Council, BodyRules::assembly_default())
                .unwrap_err()
                .field,
            "slug"
        );
        let mut no_procedures = BodyRules::assembly_default();
        no_procedures.procedures.clear();
        assert_eq!(
            Body::new("council", BodyKind::Council, no_procedures)
                .unwrap_err()
                .field,
            "procedures"
        );
    }

    #[test]
    fn shares_use_exact_arithmetic() {
        assert!(Share::TWO_THIRDS.is_met(2, 3));
        assert!(!Share::TWO_THIRDS.is_met(1, 2));
        assert!(!Share::SIMPLE_MAJORITY.is_met(5, 10));
        assert!(Share::SIMPLE_MAJORITY.is_met(6, 10));
        assert_eq!(Share::TWO_THIRDS.minimum_of(193), 129);
        assert_eq!(Share::SIMPLE_MAJORITY.minimum_of(193), 97);
    }

    #[test]
    fn standing_decides_voting_commenting_and_proposing() {
        let mut body =
            Body::new("council", BodyKind::Council, BodyRules::assembly_default()).unwrap();
        body.seat(code("FRA"), Standing::Member);
        body.seat(code("KEN"), Standing::Observer);
        body.seat(code("BRA"), Standing::Suspended);
        assert_eq!(body.voting_right(&code("FRA")), Ok(()));
        assert_eq!(body.voting_right(&code("KEN")), Err(VoteRefused::Observer));
        assert_eq!(body.voting_right(&code("BRA")), Err(VoteRefused::Suspended));
        assert_eq!(body.voting_right(&code("JPN")), Err(VoteRefused::NotInBody));
        assert!(body.may_comment(&code("KEN")));
        assert!(!body.may_comment(&code("BRA")));
        assert!(body.may_propose(&code("FRA")));
        assert!(!body.may_propose(&code("KEN")));
        assert_eq!(body.voting_members(), 1);
    }

    #[test]
    fn a_delegation_acts_for_its_state_only() {
        let mut body =
            Body::new("council", BodyKind::Council, BodyRules::assembly_default()).unwrap();
        body.seat(code("FRA"), Standing::Member);
        body.seat(code("KEN"), Standing::Member);
        let amina = UserRef::parse("amina").unwrap();
        let alt = UserRef::parse("jules").unwrap();
        assert!(Delegation::new(amina.clone(), vec![amina.clone()]).is_err());
        body.delegate(
            &code("FRA"),
            Delegation::new(amina.clone(), vec![alt.clone()]).unwrap(),
        )
        .unwrap();
        assert!(body.acts_for(&amina, &code("FRA")));
        assert!(body.acts_for(&alt, &code("FRA")));
        assert!(!body.acts_for(&amina, &code("KEN")));
    }
}
