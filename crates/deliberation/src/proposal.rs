//! Proposals and their lifecycle as a pure state machine: draft →
//! consultation → negotiation → decision → adopted | rejected | withdrawn |
//! lapsed. Every transition and every act (co-sponsoring, commenting,
//! amending, voting, objecting) checks its rule: who may, in which stage, and
//! when by the server clock the caller passes in. Deadlines are kept by
//! [`due_transitions`], which a scheduler calls and applies; applying a
//! transition that is no longer due fails and changes nothing, so running the
//! scheduler twice is harmless.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use waico_members::{CountryCode, Invalid};

use crate::body::{Body, Procedure, UserRef, VoteRefused};
use crate::discussion::{Comment, Remark, Statement};
use crate::ranked::{self, Count, RankedBallot};
use crate::recorded_vote::{RecordedTally, VoteChoice, VoteOutcome, tally_recorded};
use crate::text::{Paragraph, ProposalText, TextVersion, VersionOrigin};

/// What a framework or rulepack amendment replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentTarget {
    Framework,
    Rulepack,
}

/// What a proposal asks the body to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ProposalKind {
    /// A resolution: its text is what is adopted.
    Resolution,
    /// A new version of a framework or rulepack. The YAML is opaque here; the
    /// application validates it as uploads are validated.
    Amendment {
        target: AmendmentTarget,
        name: String,
        yaml: String,
    },
    Admission {
        state: CountryCode,
    },
    Suspension {
        state: CountryCode,
    },
    Reinstatement {
        state: CountryCode,
    },
    /// An election of `seats` council seats or officers among candidates,
    /// listed in the order drawn by lot (it breaks final ties).
    Election {
        office: String,
        seats: u32,
        candidates: Vec<String>,
    },
    /// Parameters a capacity round will use, as a JSON object.
    AllocationPolicy {
        parameters: serde_json::Value,
    },
}

impl ProposalKind {
    pub fn slug(&self) -> &'static str {
        match self {
            ProposalKind::Resolution => "resolution",
            ProposalKind::Amendment { .. } => "amendment",
            ProposalKind::Admission { .. } => "admission",
            ProposalKind::Suspension { .. } => "suspension",
            ProposalKind::Reinstatement { .. } => "reinstatement",
            ProposalKind::Election { .. } => "election",
            ProposalKind::AllocationPolicy { .. } => "allocation_policy",
        }
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        match self {
            ProposalKind::Amendment { name, yaml, .. } => {
                if name.trim().is_empty() || name.len() > 200 {
                    return Err(Invalid::new("name", "err-required"));
                }
                if yaml.trim().is_empty() {
                    return Err(Invalid::new("yaml", "err-required"));
                }
            }
            ProposalKind::Election {
                office,
                seats,
                candidates,
            } => {
                if office.trim().is_empty() {
                    return Err(Invalid::new("office", "err-required"));
                }
                let mut names: Vec<&str> = candidates.iter().map(|c| c.trim()).collect();
                if names.iter().any(|n| n.is_empty()) {
                    return Err(Invalid::new("candidates", "err-required"));
                }
                names.sort();
                names.dedup();
                if names.len() != candidates.len() {
                    return Err(Invalid::new("candidates", "err-duplicate"));
                }
                if *seats == 0 || *seats as usize > candidates.len() || candidates.len() > 1000 {
                    return Err(Invalid::new("seats", "err-invalid-seats"));
                }
            }
            ProposalKind::AllocationPolicy { parameters } => {
                if !parameters.is_object() {
                    return Err(Invalid::new("parameters", "err-json-object"));
                }
            }
            ProposalKind::Resolution
            | ProposalKind::Admission { .. }
            | ProposalKind::Suspension { .. }
            | ProposalKind::Reinstatement { .. } => {}
        }
        Ok(())
    }

    /// Whether a procedure can decide this kind: elections are decided by
    /// ranked choice or secret ballot; everything else by consensus,
    /// silence, recorded vote or secret ballot (yes / no / abstain).
    pub fn decidable_by(&self, procedure: Procedure) -> bool {
        match self {
            ProposalKind::Election { .. } => {
                matches!(procedure, Procedure::RankedChoice | Procedure::SecretBallot)
            }
            _ => procedure != Procedure::RankedChoice,
        }
    }
}

/// The deadlines of a proposal, strictly increasing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// A draft must be submitted before this; consultation ends here.
    #[serde(with = "time::serde::rfc3339")]
    pub consultation_until: OffsetDateTime,
    /// Negotiation (amendments) ends and the decision opens here.
    #[serde(with = "time::serde::rfc3339")]
    pub negotiation_until: OffsetDateTime,
    /// Votes on amendments not accepted by the author close here; the main
    /// decision's votes open then.
    #[serde(with = "time::serde::rfc3339")]
    pub amendment_votes_until: OffsetDateTime,
    /// The decision closes here.
    #[serde(with = "time::serde::rfc3339")]
    pub decision_until: OffsetDateTime,
}

impl Schedule {
    pub fn new(
        consultation_until: OffsetDateTime,
        negotiation_until: OffsetDateTime,
        amendment_votes_until: OffsetDateTime,
        decision_until: OffsetDateTime,
    ) -> Result<Self, Invalid> {
        if negotiation_until <= consultation_until {
            return Err(Invalid::new("negotiation_until", "err-deadline-order"));
        }
        if amendment_votes_until < negotiation_until {
            return Err(Invalid::new("amendment_votes_until", "err-deadline-order"));
        }
        if decision_until <= amendment_votes_until {
            return Err(Invalid::new("decision_until", "err-deadline-order"));
        }
        Ok(Self {
            consultation_until,
            negotiation_until,
            amendment_votes_until,
            decision_until,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    Consultation,
    Negotiation,
    Decision,
    Adopted,
    Rejected,
    Withdrawn,
    Lapsed,
}

impl Stage {
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Consultation => "consultation",
            Stage::Negotiation => "negotiation",
            Stage::Decision => "decision",
            Stage::Adopted => "adopted",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
            Stage::Lapsed => "lapsed",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Stage::Adopted | Stage::Rejected | Stage::Withdrawn | Stage::Lapsed
        )
    }
}

/// A change of stage, with its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// The author submits a draft to consultation, with enough co-sponsors,
    /// before `consultation_until`.
    Submit,
    /// The author withdraws it before the decision opens.
    Withdraw,
    /// The scheduler lapses a draft not submitted by `consultation_until`.
    Lapse,
    /// The scheduler ends consultation at `consultation_until`.
    BeginNegotiation,
    /// The scheduler opens the decision at `negotiation_until`; amendments
    /// the author did not accept go to the body's vote.
    OpenDecision,
    /// The scheduler counts the amendment votes at `amendment_votes_until`.
    DecideAmendments,
    /// The scheduler closes the decision at `decision_until` (for a secret
    /// ballot, once its verified result is recorded) and takes the outcome.
    Close,
}

impl Transition {
    pub fn is_scheduled(self) -> bool {
        !matches!(self, Transition::Submit | Transition::Withdraw)
    }
}

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "actor")]
pub enum Actor {
    /// A user acting for a state (its delegate or an alternate).
    Delegate {
        user: UserRef,
        state: CountryCode,
    },
    Secretariat,
    Scheduler,
}

/// A rule that forbids an act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleBroken {
    #[error("not allowed in stage {0:?}")]
    Stage(Stage),
    #[error("not before {0}")]
    TooEarly(OffsetDateTime),
    #[error("closed at {0}")]
    Closed(OffsetDateTime),
    #[error("the user does not act for this state in this body")]
    NotDelegate,
    #[error("only the author state may do this")]
    NotAuthor,
    #[error("only the scheduler may do this")]
    SchedulerOnly,
    #[error("only the secretariat may do this")]
    SecretariatOnly,
    #[error("only a state's delegation may do this")]
    StatesOnly,
    #[error("{0}")]
    MayNotVote(VoteRefused),
    #[error("this state may not speak in this body")]
    MayNotComment,
    #[error("this state may not table proposals in this body")]
    MayNotPropose,
    #[error("the body does not use procedure {0:?} or it cannot decide this kind")]
    Procedure(Procedure),
    #[error("{have} co-sponsors, {needed} needed")]
    CoSponsors { needed: u32, have: u32 },
    #[error("already a co-sponsor")]
    AlreadyCoSponsor,
    #[error("the amendments are voted first")]
    AmendmentsPending,
    #[error("no such amendment, or not in a state that allows this")]
    Amendment,
    #[error("no such comment")]
    UnknownParent,
    #[error("the result does not match this election")]
    SecretResult,
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendmentStatus {
    Proposed,
    AcceptedByAuthor,
    /// Put to the body's vote before the main decision.
    PendingVote,
    Adopted,
    Rejected,
}

/// A proposed edit of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    pub id: u32,
    pub state: CountryCode,
    pub by: UserRef,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Index of the paragraph in the text version it was made on.
    pub paragraph: usize,
    pub on_version: u32,
    pub replacement: Paragraph,
    pub status: AmendmentStatus,
    votes: BTreeMap<CountryCode, VoteChoice>,
    pub tally: Option<RecordedTally>,
}

/// A vote as cast; the last one of a state before the close counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cast<T> {
    pub value: T,
    pub by: UserRef,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The verified result of a secret ballot: counts per choice (yes, no,
/// abstain for a question; one per candidate for an election) and the number
/// of ballots. The application records it after `verify_election` passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretResult {
    pub counts: Vec<u64>,
    pub ballots: u64,
}

impl From<&crate::secret::Tally> for SecretResult {
    fn from(tally: &crate::secret::Tally) -> Self {
        Self {
            counts: tally.counts.clone(),
            ballots: tally.ballots,
        }
    }
}

/// How a decision was reached, for the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "procedure")]
pub enum DecisionResult {
    Consensus {
        objections: Vec<CountryCode>,
    },
    Silence {
        broken_by: Vec<CountryCode>,
    },
    RecordedVote {
        tally: RecordedTally,
        roll_call: Vec<(CountryCode, VoteChoice)>,
    },
    RankedChoice {
        eligible: u32,
        count: Option<Count>,
        winners: Vec<String>,
    },
    SecretBallot {
        eligible: u32,
        result: SecretResult,
        /// For a question: the tally under the body's rules.
        tally: Option<RecordedTally>,
        /// For an election: those elected (empty if a tie at the last seat
        /// calls for a run-off).
        winners: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub outcome: Stage,
    pub result: DecisionResult,
}

/// A transition as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub transition: Transition,
    pub by: Actor,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A proposal before a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: u64,
    pub body: String,
    pub title: String,
    pub author: CountryCode,
    pub kind: ProposalKind,
    pub procedure: Procedure,
    pub schedule: Schedule,
    stage: Stage,
    co_sponsors: Vec<CountryCode>,
    versions: Vec<TextVersion>,
    amendments: Vec<Amendment>,
    comments: Vec<Comment>,
    objections: Vec<Statement>,
    silence_breaks: Vec<Statement>,
    explanations: Vec<Statement>,
    votes: BTreeMap<CountryCode, Cast<VoteChoice>>,
    rankings: BTreeMap<CountryCode, Cast<RankedBallot>>,
    secret_result: Option<SecretResult>,
    decision: Option<Decision>,
    history: Vec<HistoryEntry>,
}

impl Proposal {
    /// Tables a draft in `body`, checking who may propose and that the
    /// body uses the procedure for this kind.
    #[allow(clippy::too_many_arguments)]
    pub fn draft(
        body: &Body,
        actor: &Actor,
        id: u64,
        title: &str,
        kind: ProposalKind,
        procedure: Procedure,
        text: ProposalText,
        schedule: Schedule,
        now: OffsetDateTime,
    ) -> Result<Self, RuleBroken> {
        let author = match actor {
            Actor::Delegate { user, state } => {
                if !body.acts_for(user, state) {
                    return Err(RuleBroken::NotDelegate);
                }
                if !body.may_propose(state) {
                    return Err(RuleBroken::MayNotPropose);
                }
                *state
            }
            _ => return Err(RuleBroken::StatesOnly),
        };
        let title = title.trim();
        if title.is_empty() || title.len() > 300 {
            return Err(Invalid::new("title", "err-required").into());
        }
        kind.validate()?;
        if !body.rules.allows(procedure) || !kind.decidable_by(procedure) {
            return Err(RuleBroken::Procedure(procedure));
        }
        if now >= schedule.consultation_until {
            return Err(RuleBroken::Closed(schedule.consultation_until));
        }
        Ok(Self {
            id,
            body: body.slug.clone(),
            title: title.to_owned(),
            author,
            kind,
            procedure,
            schedule,
            stage: Stage::Draft,
            co_sponsors: Vec::new(),
            versions: vec![TextVersion {
                number: 1,
                text,
                at: now,
                origin: VersionOrigin::Initial,
            }],
            amendments: Vec::new(),
            comments: Vec::new(),
            objections: Vec::new(),
            silence_breaks: Vec::new(),
            explanations: Vec::new(),
            votes: BTreeMap::new(),
            rankings: BTreeMap::new(),
            secret_result: None,
            decision: None,
            history: Vec::new(),
        })
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    pub fn co_sponsors(&self) -> &[CountryCode] {
        &self.co_sponsors
    }

    pub fn versions(&self) -> &[TextVersion] {
        &self.versions
    }

    pub fn current_text(&self) -> &ProposalText {
        &self
            .versions
            .last()
            .expect("a proposal has a first version")
            .text
    }

    pub fn amendments(&self) -> &[Amendment] {
        &self.amendments
    }

    pub fn comments(&self) -> &[Comment] {
        &self.comments
    }

    pub fn objections(&self) -> &[Statement] {
        &self.objections
    }

    pub fn silence_breaks(&self) -> &[Statement] {
        &self.silence_breaks
    }

    pub fn explanations(&self) -> &[Statement] {
        &self.explanations
    }

    pub fn decision(&self) -> Option<&Decision> {
        self.decision.as_ref()
    }

    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// The states that have voted (recorded vote or ranked ballot) — who,
    /// never how, while the decision is open.
    pub fn voted_states(&self) -> Vec<CountryCode> {
        self.votes
            .keys()
            .chain(self.rankings.keys())
            .copied()
            .collect()
    }

    /// The roll-call, once the decision is closed.
    pub fn roll_call(&self) -> Option<Vec<(CountryCode, VoteChoice)>> {
        match self.decision.as_ref().map(|d| &d.result) {
            Some(DecisionResult::RecordedVote { roll_call, .. }) => Some(roll_call.clone()),
            _ => None,
        }
    }

    /// The state the actor speaks for, after checking the delegation.
    fn acting_state(
        &self,
        body: &Body,
        actor: &Actor,
    ) -> Result<(CountryCode, UserRef), RuleBroken> {
        match actor {
            Actor::Delegate { user, state } if body.acts_for(user, state) => {
                Ok((*state, user.clone()))
            }
            Actor::Delegate { .. } => Err(RuleBroken::NotDelegate),
            _ => Err(RuleBroken::StatesOnly),
        }
    }

    fn require_stage(&self, allowed: &[Stage]) -> Result<(), RuleBroken> {
        if allowed.contains(&self.stage) {
            Ok(())
        } else {
            Err(RuleBroken::Stage(self.stage))
        }
    }

    fn require_author(&self, body: &Body, actor: &Actor) -> Result<(), RuleBroken> {
        let (state, _) = self.acting_state(body, actor)?;
        if state != self.author {
            return Err(RuleBroken::NotAuthor);
        }
        Ok(())
    }

    fn push_version(&mut self, text: ProposalText, at: OffsetDateTime, origin: VersionOrigin) {
        let number = self.versions.len() as u32 + 1;
        self.versions.push(TextVersion {
            number,
            text,
            at,
            origin,
        });
    }

    /// Another member state joins a draft as co-sponsor.
    pub fn co_sponsor(
        &mut self,
        body: &Body,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Draft])?;
        let (state, _) = self.acting_state(body, actor)?;
        if !body.may_propose(&state) {
            return Err(RuleBroken::MayNotPropose);
        }
        if state == self.author || self.co_sponsors.contains(&state) {
            return Err(RuleBroken::AlreadyCoSponsor);
        }
        if now >= self.schedule.consultation_until {
            return Err(RuleBroken::Closed(self.schedule.consultation_until));
        }
        self.co_sponsors.push(state);
        Ok(())
    }

    /// The author revises the text before the decision.
    pub fn revise(
        &mut self,
        body: &Body,
        actor: &Actor,
        text: ProposalText,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Draft, Stage::Consultation, Stage::Negotiation])?;
        self.require_author(body, actor)?;
        if &text != self.current_text() {
            self.push_version(text, now, VersionOrigin::Revision);
        }
        Ok(())
    }

    /// A comment or reply by a member, an observer or the secretariat,
    /// from consultation until the decision closes.
    pub fn comment(
        &mut self,
        body: &Body,
        actor: &Actor,
        parent: Option<u32>,
        text: Remark,
        now: OffsetDateTime,
    ) -> Result<u32, RuleBroken> {
        self.require_stage(&[Stage::Consultation, Stage::Negotiation, Stage::Decision])?;
        self.require_open(now)?;
        let (state, by) = match actor {
            Actor::Secretariat => (None, None),
            _ => {
                let (state, user) = self.acting_state(body, actor)?;
                if !body.may_comment(&state) {
                    return Err(RuleBroken::MayNotComment);
                }
                (Some(state), Some(user))
            }
        };
        if let Some(parent) = parent
            && !self.comments.iter().any(|c| c.id == parent)
        {
            return Err(RuleBroken::UnknownParent);
        }
        let id = self.comments.len() as u32 + 1;
        self.comments.push(Comment {
            id,
            parent,
            state,
            by,
            at: now,
            text,
        });
        Ok(id)
    }

    fn require_open(&self, now: OffsetDateTime) -> Result<(), RuleBroken> {
        if now >= self.schedule.decision_until {
            return Err(RuleBroken::Closed(self.schedule.decision_until));
        }
        Ok(())
    }

    fn voting_state(
        &self,
        body: &Body,
        actor: &Actor,
    ) -> Result<(CountryCode, UserRef), RuleBroken> {
        let (state, user) = self.acting_state(body, actor)?;
        body.voting_right(&state).map_err(RuleBroken::MayNotVote)?;
        Ok((state, user))
    }

    /// A formal objection with reasons, by a member with the right to vote,
    /// from consultation until the close. Under consensus, it blocks
    /// adoption.
    pub fn object(
        &mut self,
        body: &Body,
        actor: &Actor,
        reasons: Remark,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Consultation, Stage::Negotiation, Stage::Decision])?;
        self.require_open(now)?;
        let (state, by) = self.voting_state(body, actor)?;
        self.objections.push(Statement {
            state,
            by,
            at: now,
            text: reasons,
        });
        Ok(())
    }

    /// Breaks the silence of a silence procedure, during its decision period.
    pub fn break_silence(
        &mut self,
        body: &Body,
        actor: &Actor,
        reasons: Remark,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        if self.procedure != Procedure::Silence {
            return Err(RuleBroken::Procedure(self.procedure));
        }
        self.require_stage(&[Stage::Decision])?;
        self.require_open(now)?;
        let (state, by) = self.voting_state(body, actor)?;
        self.silence_breaks.push(Statement {
            state,
            by,
            at: now,
            text: reasons,
        });
        Ok(())
    }

    /// An explanation of vote, by a member with the right to vote, during
    /// the decision or after it.
    pub fn explain_vote(
        &mut self,
        body: &Body,
        actor: &Actor,
        text: Remark,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Decision, Stage::Adopted, Stage::Rejected])?;
        let (state, by) = self.voting_state(body, actor)?;
        self.explanations.push(Statement {
            state,
            by,
            at: now,
            text,
        });
        Ok(())
    }

    /// A member proposes an edit of one paragraph of the current text,
    /// during negotiation.
    pub fn propose_amendment(
        &mut self,
        body: &Body,
        actor: &Actor,
        paragraph: usize,
        replacement: Paragraph,
        now: OffsetDateTime,
    ) -> Result<u32, RuleBroken> {
        self.require_stage(&[Stage::Negotiation])?;
        if now >= self.schedule.negotiation_until {
            return Err(RuleBroken::Closed(self.schedule.negotiation_until));
        }
        let (state, by) = self.voting_state(body, actor)?;
        if paragraph >= self.current_text().paragraphs().len() {
            return Err(Invalid::new("paragraph", "err-unknown-paragraph").into());
        }
        let id = self.amendments.len() as u32 + 1;
        self.amendments.push(Amendment {
            id,
            state,
            by,
            at: now,
            paragraph,
            on_version: self.versions.len() as u32,
            replacement,
            status: AmendmentStatus::Proposed,
            votes: BTreeMap::new(),
            tally: None,
        });
        Ok(id)
    }

    /// The author accepts an amendment during negotiation: the text gets a
    /// new version with the paragraph replaced.
    pub fn accept_amendment(
        &mut self,
        body: &Body,
        actor: &Actor,
        id: u32,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Negotiation])?;
        if now >= self.schedule.negotiation_until {
            return Err(RuleBroken::Closed(self.schedule.negotiation_until));
        }
        self.require_author(body, actor)?;
        let index = self.amendment_index(id, AmendmentStatus::Proposed)?;
        self.apply_amendment(index, now)?;
        self.amendments[index].status = AmendmentStatus::AcceptedByAuthor;
        Ok(())
    }

    fn amendment_index(&self, id: u32, status: AmendmentStatus) -> Result<usize, RuleBroken> {
        self.amendments
            .iter()
            .position(|a| a.id == id && a.status == status)
            .ok_or(RuleBroken::Amendment)
    }

    fn apply_amendment(&mut self, index: usize, now: OffsetDateTime) -> Result<(), RuleBroken> {
        let amendment = &self.amendments[index];
        let text = self
            .current_text()
            .with_paragraph(amendment.paragraph, &amendment.replacement)?;
        let id = amendment.id;
        self.push_version(text, now, VersionOrigin::Amendment(id));
        Ok(())
    }

    /// A vote on an amendment put to the body, before the main decision.
    pub fn vote_on_amendment(
        &mut self,
        body: &Body,
        actor: &Actor,
        id: u32,
        choice: VoteChoice,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_stage(&[Stage::Decision])?;
        if now >= self.schedule.amendment_votes_until {
            return Err(RuleBroken::Closed(self.schedule.amendment_votes_until));
        }
        let (state, _) = self.voting_state(body, actor)?;
        let index = self.amendment_index(id, AmendmentStatus::PendingVote)?;
        self.amendments[index].votes.insert(state, choice);
        Ok(())
    }

    fn amendments_pending(&self) -> bool {
        self.amendments.iter().any(|a| {
            matches!(
                a.status,
                AmendmentStatus::Proposed | AmendmentStatus::PendingVote
            )
        })
    }

    /// Checks that the main decision is open to votes now.
    fn require_main_vote_open(
        &self,
        procedure: Procedure,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        if self.procedure != procedure {
            return Err(RuleBroken::Procedure(self.procedure));
        }
        self.require_stage(&[Stage::Decision])?;
        if self.amendments_pending() {
            return Err(RuleBroken::AmendmentsPending);
        }
        if now < self.schedule.amendment_votes_until {
            return Err(RuleBroken::TooEarly(self.schedule.amendment_votes_until));
        }
        self.require_open(now)
    }

    /// A state's yes / no / abstain in a recorded vote; a later vote
    /// replaces an earlier one until the close.
    pub fn cast_vote(
        &mut self,
        body: &Body,
        actor: &Actor,
        choice: VoteChoice,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_main_vote_open(Procedure::RecordedVote, now)?;
        let (state, by) = self.voting_state(body, actor)?;
        self.votes.insert(
            state,
            Cast {
                value: choice,
                by,
                at: now,
            },
        );
        Ok(())
    }

    /// A state's ranked ballot in an election; replaceable until the close.
    pub fn cast_ranking(
        &mut self,
        body: &Body,
        actor: &Actor,
        ballot: RankedBallot,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        self.require_main_vote_open(Procedure::RankedChoice, now)?;
        let (state, by) = self.voting_state(body, actor)?;
        let ProposalKind::Election { candidates, .. } = &self.kind else {
            return Err(RuleBroken::Procedure(self.procedure));
        };
        RankedBallot::new(ballot.ranking().to_vec(), candidates.len())?;
        self.rankings.insert(
            state,
            Cast {
                value: ballot,
                by,
                at: now,
            },
        );
        Ok(())
    }

    /// Records the verified result of the secret ballot, after its close.
    pub fn record_secret_result(
        &mut self,
        actor: &Actor,
        result: SecretResult,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        if *actor != Actor::Secretariat {
            return Err(RuleBroken::SecretariatOnly);
        }
        if self.procedure != Procedure::SecretBallot {
            return Err(RuleBroken::Procedure(self.procedure));
        }
        self.require_stage(&[Stage::Decision])?;
        if now < self.schedule.decision_until {
            return Err(RuleBroken::TooEarly(self.schedule.decision_until));
        }
        if result.counts.len() != self.secret_choices().len() || self.secret_result.is_some() {
            return Err(RuleBroken::SecretResult);
        }
        self.secret_result = Some(result);
        Ok(())
    }

    /// The choices of this proposal's secret ballot, in ballot order.
    pub fn secret_choices(&self) -> Vec<String> {
        match &self.kind {
            ProposalKind::Election { candidates, .. } => candidates.clone(),
            _ => VoteChoice::ALL
                .iter()
                .map(|c| c.slug().to_owned())
                .collect(),
        }
    }

    /// Applies a transition by its rule: `Submit` and `Withdraw` by the
    /// author's delegation, the others by the scheduler once due.
    pub fn apply(
        &mut self,
        body: &Body,
        actor: &Actor,
        transition: Transition,
        now: OffsetDateTime,
    ) -> Result<(), RuleBroken> {
        if transition.is_scheduled() {
            if *actor != Actor::Scheduler {
                return Err(RuleBroken::SchedulerOnly);
            }
            if !due_transitions(self, now)
                .first()
                .is_some_and(|t| *t == transition)
            {
                return match self.stage {
                    s if s.is_final() => Err(RuleBroken::Stage(s)),
                    _ => Err(RuleBroken::TooEarly(self.deadline_of(transition))),
                };
            }
        }
        match transition {
            Transition::Submit => {
                self.require_stage(&[Stage::Draft])?;
                self.require_author(body, actor)?;
                if now >= self.schedule.consultation_until {
                    return Err(RuleBroken::Closed(self.schedule.consultation_until));
                }
                let have = self.co_sponsors.len() as u32;
                if have < body.rules.min_co_sponsors {
                    return Err(RuleBroken::CoSponsors {
                        needed: body.rules.min_co_sponsors,
                        have,
                    });
                }
                self.stage = Stage::Consultation;
            }
            Transition::Withdraw => {
                self.require_stage(&[Stage::Draft, Stage::Consultation, Stage::Negotiation])?;
                self.require_author(body, actor)?;
                self.stage = Stage::Withdrawn;
            }
            Transition::Lapse => self.stage = Stage::Lapsed,
            Transition::BeginNegotiation => self.stage = Stage::Negotiation,
            Transition::OpenDecision => {
                for amendment in &mut self.amendments {
                    if amendment.status == AmendmentStatus::Proposed {
                        amendment.status = AmendmentStatus::PendingVote;
                    }
                }
                self.stage = Stage::Decision;
            }
            Transition::DecideAmendments => self.decide_amendments(body, now)?,
            Transition::Close => self.close(body, now),
        }
        self.history.push(HistoryEntry {
            transition,
            by: actor.clone(),
            at: now,
        });
        Ok(())
    }

    fn deadline_of(&self, transition: Transition) -> OffsetDateTime {
        match transition {
            Transition::Lapse | Transition::BeginNegotiation | Transition::Submit => {
                self.schedule.consultation_until
            }
            Transition::OpenDecision | Transition::Withdraw => self.schedule.negotiation_until,
            Transition::DecideAmendments => self.schedule.amendment_votes_until,
            Transition::Close => self.schedule.decision_until,
        }
    }

    /// Counts each pending amendment under the body's rules, in the order
    /// tabled, applying the adopted ones to the text.
    fn decide_amendments(&mut self, body: &Body, now: OffsetDateTime) -> Result<(), RuleBroken> {
        for index in 0..self.amendments.len() {
            if self.amendments[index].status != AmendmentStatus::PendingVote {
                continue;
            }
            let votes: Vec<VoteChoice> = self.amendments[index]
                .votes
                .iter()
                .filter(|(state, _)| body.voting_right(state).is_ok())
                .map(|(_, c)| *c)
                .collect();
            let tally = tally_recorded(&body.rules, body.voting_members(), votes);
            let adopted = tally.outcome == VoteOutcome::Adopted;
            self.amendments[index].tally = Some(tally);
            if adopted {
                self.apply_amendment(index, now)?;
                self.amendments[index].status = AmendmentStatus::Adopted;
            } else {
                self.amendments[index].status = AmendmentStatus::Rejected;
            }
        }
        Ok(())
    }

    fn close(&mut self, body: &Body, now: OffsetDateTime) {
        // Consensus and silence pass unless a state with the right to vote stood against.
        let adopted_unless_any = |against: &[CountryCode]| {
            if against.is_empty() {
                Stage::Adopted
            } else {
                Stage::Rejected
            }
        };
        let eligible = body.voting_members();
        // Only the votes of states that still have the right to vote count.
        let counts = |state: &CountryCode| body.voting_right(state).is_ok();
        let (outcome, result) = match self.procedure {
            Procedure::Consensus => {
                let objections: Vec<CountryCode> = self
                    .objections
                    .iter()
                    .map(|o| o.state)
                    .filter(counts)
                    .collect();
                (
                    adopted_unless_any(&objections),
                    DecisionResult::Consensus { objections },
                )
            }
            Procedure::Silence => {
                let broken_by: Vec<CountryCode> = self
                    .silence_breaks
                    .iter()
                    .map(|o| o.state)
                    .filter(counts)
                    .collect();
                (
                    adopted_unless_any(&broken_by),
                    DecisionResult::Silence { broken_by },
                )
            }
            Procedure::RecordedVote => {
                let roll_call: Vec<(CountryCode, VoteChoice)> = self
                    .votes
                    .iter()
                    .filter(|(s, _)| counts(s))
                    .map(|(s, c)| (*s, c.value))
                    .collect();
                let tally =
                    tally_recorded(&body.rules, eligible, roll_call.iter().map(|(_, c)| *c));
                (
                    outcome_of(tally.outcome),
                    DecisionResult::RecordedVote { tally, roll_call },
                )
            }
            Procedure::RankedChoice => {
                let ballots: Vec<RankedBallot> = self
                    .rankings
                    .iter()
                    .filter(|(s, _)| counts(s))
                    .map(|(_, c)| c.value.clone())
                    .collect();
                let ProposalKind::Election {
                    seats, candidates, ..
                } = &self.kind
                else {
                    unreachable!("ranked choice decides elections only (checked at draft)");
                };
                let quorum =
                    body.rules.quorum.is_met(ballots.len() as u32, eligible) && !ballots.is_empty();
                let count = quorum.then(|| {
                    if *seats == 1 {
                        ranked::instant_runoff(candidates.len(), &ballots)
                    } else {
                        ranked::single_transferable_vote(candidates.len(), *seats, &ballots)
                    }
                    .expect("ballots and seats were validated")
                });
                let winners = count
                    .as_ref()
                    .map(|c| {
                        c.elected
                            .iter()
                            .map(|id| candidates[usize::from(id.0)].clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let outcome = if count.is_some() {
                    Stage::Adopted
                } else {
                    Stage::Lapsed
                };
                (
                    outcome,
                    DecisionResult::RankedChoice {
                        eligible,
                        count,
                        winners,
                    },
                )
            }
            Procedure::SecretBallot => {
                let result = self
                    .secret_result
                    .clone()
                    .expect("Close is due only once the secret result is recorded");
                self.close_secret(body, eligible, result)
            }
        };
        self.stage = outcome;
        self.decision = Some(Decision {
            at: now,
            outcome,
            result,
        });
    }

    fn close_secret(
        &self,
        body: &Body,
        eligible: u32,
        result: SecretResult,
    ) -> (Stage, DecisionResult) {
        let quorum =
            body.rules.quorum.is_met(result.ballots as u32, eligible) && result.ballots > 0;
        match &self.kind {
            ProposalKind::Election {
                seats, candidates, ..
            } => {
                let mut order: Vec<usize> = (0..candidates.len()).collect();
                order.sort_by(|&a, &b| result.counts[b].cmp(&result.counts[a]).then(a.cmp(&b)));
                let seats = *seats as usize;
                let tie_at_cut = order.len() > seats
                    && result.counts[order[seats - 1]] == result.counts[order[seats]];
                let winners: Vec<String> = if quorum && !tie_at_cut {
                    order[..seats]
                        .iter()
                        .map(|&c| candidates[c].clone())
                        .collect()
                } else {
                    Vec::new()
                };
                let outcome = if winners.is_empty() {
                    Stage::Lapsed
                } else {
                    Stage::Adopted
                };
                (
                    outcome,
                    DecisionResult::SecretBallot {
                        eligible,
                        result,
                        tally: None,
                        winners,
                    },
                )
            }
            _ => {
                let choices = VoteChoice::ALL
                    .iter()
                    .zip(&result.counts)
                    .flat_map(|(choice, &n)| std::iter::repeat_n(*choice, n as usize));
                let tally = tally_recorded(&body.rules, eligible, choices);
                (
                    outcome_of(tally.outcome),
                    DecisionResult::SecretBallot {
                        eligible,
                        result,
                        tally: Some(tally),
                        winners: Vec::new(),
                    },
                )
            }
        }
    }
}

fn outcome_of(vote: VoteOutcome) -> Stage {
    match vote {
        VoteOutcome::Adopted => Stage::Adopted,
        VoteOutcome::Rejected => Stage::Rejected,
        VoteOutcome::NoQuorum => Stage::Lapsed,
    }
}

/// The transitions due at `now`, in the order to apply them (several when
/// the scheduler was down across deadlines). Pure: calling it again before
/// applying gives the same list; after applying them it gives none.
pub fn due_transitions(proposal: &Proposal, now: OffsetDateTime) -> Vec<Transition> {
    let schedule = &proposal.schedule;
    let mut due = Vec::new();
    let mut stage = proposal.stage;
    let mut amendments_pending = proposal
        .amendments
        .iter()
        .any(|a| a.status == AmendmentStatus::PendingVote);
    loop {
        match stage {
            Stage::Draft if now >= schedule.consultation_until => {
                due.push(Transition::Lapse);
                break;
            }
            Stage::Consultation if now >= schedule.consultation_until => {
                due.push(Transition::BeginNegotiation);
                stage = Stage::Negotiation;
            }
            Stage::Negotiation if now >= schedule.negotiation_until => {
                due.push(Transition::OpenDecision);
                amendments_pending = proposal.amendments.iter().any(|a| {
                    matches!(
                        a.status,
                        AmendmentStatus::Proposed | AmendmentStatus::PendingVote
                    )
                });
                stage = Stage::Decision;
            }
            Stage::Decision => {
                if amendments_pending {
                    if now >= schedule.amendment_votes_until {
                        due.push(Transition::DecideAmendments);
                        amendments_pending = false;
                        continue;
                    }
                    break;
                }
                let result_ready = proposal.procedure != Procedure::SecretBallot
                    || proposal.secret_result.is_some();
                if now >= schedule.decision_until && result_ready {
                    due.push(Transition::Close);
                }
                break;
            }
            _ => break,
        }
    }
    due
}

#[cfg(test)]
mod tests;
