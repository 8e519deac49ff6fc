//! Deliberation operations: bodies and their seats, proposals through their
//! lifecycle (propose, co-sponsor, submit, revise, withdraw, comment, amend,
//! object, break silence, explain, vote, rank, secret ballots), the
//! scheduler that keeps the deadlines, and the effects of adoption.
//!
//! Every operation loads the proposal, lets the domain
//! ([`waico_deliberation`]) check its rule at the server clock `now` the
//! caller passes (pages and API pass the clock of the node), and writes it
//! back naming the revision it read; a writer that lost a race reloads and
//! tries again. A decision, its effect (membership, seats) and its ledger
//! records are written in one transaction; a scheduler that lost the race
//! writes nothing, so each transition and its effect happen once however
//! many processes run the scheduler on one database.
//!
//! Who acts: a user with the delegate role of a state acts for that state
//! ([`Action::Deliberate`]); in a body where the state has named its
//! delegate and alternates, only they do. The secretariat runs the
//! machinery ([`Action::ManageDeliberation`]).

pub mod effects;
pub mod feeds;
pub mod notices;
pub mod writers;

pub use effects::adopted_allocation_policy;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use waico_deliberation::proposal::{RuleBroken, SecretResult};
use waico_deliberation::secret::{
    BallotBox, ElectionManifest, EncryptedBallot, PartialDecryption, PublicElection,
    TrusteePublicKey,
};
use waico_deliberation::text::{Paragraph, ProposalText};
use waico_deliberation::{
    Actor as DelibActor, Body, BodyKind, BodyRules, Delegation, Effect, ElectionRecord, Procedure,
    Proposal, ProposalKind, RankedBallot, Schedule, Stage, Standing, UserRef, VoteChoice,
    decision_record, due_transitions, effect_of, verify_election,
};
use waico_deliberation::{CandidateId, discussion::Remark};
use waico_ledger::RecordKind;
use waico_members::policy::{Action, Actor};
use waico_members::{CountryCode, Invalid, MemberStatus, RoleGrant};
use waico_store::{
    BallotRow, NewProposalRow, ProposalFilter, ProposalWrite, StoreError, StoredBody,
    StoredProposal,
};

use crate::periodic::{self, First, Periodic};
use crate::{AppState, Check, OpError, require};

/// The slug of the body of all member states.
pub const GENERAL_ASSEMBLY: &str = "general-assembly";

/// Attempts of a write that keeps losing races before giving up.
const ATTEMPTS: usize = 8;

/// A proposal as stored, with its domain value.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub row: StoredProposal,
    pub proposal: Proposal,
}

/// What a proposal is made from.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProposeInput {
    pub body: String,
    /// The state the user acts for (the first state they are delegate of
    /// when absent).
    #[serde(default)]
    pub as_state: Option<String>,
    pub title: String,
    /// `resolution`, `amendment`, `admission`, `suspension`,
    /// `reinstatement`, `election` or `allocation_policy`, with its fields
    /// (`state`; `office`, `seats`, `candidates`; `target`, `name`, `yaml`;
    /// `parameters`).
    pub kind: serde_json::Value,
    /// `consensus`, `silence`, `recorded_vote`, `ranked_choice` or
    /// `secret_ballot`.
    pub procedure: String,
    pub text: String,
    /// RFC 3339 deadlines.
    pub consultation_until: String,
    pub negotiation_until: String,
    pub amendment_votes_until: String,
    pub decision_until: String,
}

/// The rules and kind of a new body.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct BodyInput {
    pub slug: String,
    /// `council`, `expert_group` or `working_group`.
    pub kind: String,
    /// The domain's rules (`propose`, `min_co_sponsors`, `procedures`,
    /// `quorum`, `basis`, `majority`, `abstentions`); the General
    /// Assembly's when absent.
    #[serde(default)]
    pub rules: Option<serde_json::Value>,
    /// Seated states and their standing (`member`, `observer`).
    #[serde(default)]
    pub seats: Vec<(String, String)>,
}

impl utoipa::PartialSchema for BodyInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::deliberation_schema::body_input()
    }
}

impl utoipa::ToSchema for BodyInput {}

impl utoipa::PartialSchema for ProposeInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::deliberation_schema::propose_input()
    }
}

impl utoipa::ToSchema for ProposeInput {}

fn user_ref(actor: &Actor) -> Result<UserRef, OpError> {
    match actor {
        Actor::User { id, .. } => Ok(UserRef::parse(&format!("user-{id}"))?),
        Actor::Anonymous => Err(OpError::Unauthenticated),
    }
}

/// The state `actor` acts for: `as_state`, or the first state the user is
/// delegate of; refused unless the policy lets the user act for it.
pub fn acting_state(actor: &Actor, as_state: Option<&str>) -> Result<CountryCode, OpError> {
    let state = match as_state.map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => CountryCode::parse(raw)?,
        None => match actor {
            Actor::Anonymous => return Err(OpError::Unauthenticated),
            Actor::User { grants, .. } => grants
                .iter()
                .find_map(|g| match g {
                    RoleGrant::Delegate { country } => Some(*country),
                    _ => None,
                })
                .ok_or(OpError::Forbidden)?,
        },
    };
    require(actor, Action::Deliberate { country: state })?;
    Ok(state)
}

fn rule(err: RuleBroken) -> OpError {
    match err {
        RuleBroken::Invalid(invalid) => OpError::Invalid(vec![invalid]),
        RuleBroken::NotDelegate
        | RuleBroken::StatesOnly
        | RuleBroken::SecretariatOnly
        | RuleBroken::SchedulerOnly => OpError::Forbidden,
        other => OpError::Refused(other.to_string()),
    }
}

fn internal(e: impl std::fmt::Display) -> OpError {
    OpError::Internal(e.to_string())
}

fn ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

/// The instant of a Unix millisecond count.
pub fn at_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn parse_time(field: &'static str, raw: &str) -> Result<OffsetDateTime, Invalid> {
    OffsetDateTime::parse(raw.trim(), &time::format_description::well_known::Rfc3339)
        .map_err(|_| Invalid::new(field, "deliberation-err-deadline"))
}

fn slug_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The next instant at which the scheduler has work on `proposal`, if any.
pub fn next_due(proposal: &Proposal) -> Option<OffsetDateTime> {
    if proposal.stage().is_final() {
        return None;
    }
    let s = &proposal.schedule;
    let mut deadlines = [
        s.consultation_until,
        s.negotiation_until,
        s.amendment_votes_until,
        s.decision_until,
    ];
    deadlines.sort();
    deadlines
        .into_iter()
        .find(|&t| !due_transitions(proposal, t).is_empty())
}

// ---------------------------------------------------------------- bodies

/// A body as the domain sees it; the General Assembly's seats follow the
/// membership registry (members vote, observers speak, suspended states
/// do neither) and keep the delegations named in it.
pub async fn load_body(state: &AppState, slug: &str) -> Result<Body, OpError> {
    let stored = match state.store.body(slug).await {
        Ok(b) => Some(b),
        Err(StoreError::NotFound) if slug == GENERAL_ASSEMBLY => None,
        Err(e) => return Err(e.into()),
    };
    let mut body: Body = match &stored {
        Some(b) => serde_json::from_str(&b.doc).map_err(internal)?,
        None => Body::general_assembly([], BodyRules::assembly_default())?,
    };
    if body.kind == BodyKind::GeneralAssembly {
        let memberships = state.store.list_memberships().await?;
        let seated: Vec<CountryCode> = body.seats().map(|(c, _)| *c).collect();
        for c in seated {
            if !memberships.iter().any(|m| m.country == c) {
                body.unseat(&c);
            }
        }
        for m in memberships {
            body.seat(m.country, Standing::from(m.status));
        }
    }
    Ok(body)
}

fn stored_body(body: &Body) -> Result<StoredBody, OpError> {
    Ok(StoredBody {
        slug: body.slug.clone(),
        kind: slug_of(&body.kind),
        doc: serde_json::to_string(body).map_err(internal)?,
        updated_at: 0,
    })
}

/// Creates the General Assembly if the node has none yet.
pub async fn ensure_general_assembly(state: &AppState) -> Result<Body, OpError> {
    match state.store.body(GENERAL_ASSEMBLY).await {
        Ok(_) => load_body(state, GENERAL_ASSEMBLY).await,
        Err(StoreError::NotFound) => {
            let body = load_body(state, GENERAL_ASSEMBLY).await?;
            state.store.put_body(&stored_body(&body)?).await?;
            Ok(body)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn list_bodies(state: &AppState) -> Result<Vec<Body>, OpError> {
    ensure_general_assembly(state).await?;
    let mut bodies = Vec::new();
    for b in state.store.list_bodies().await? {
        bodies.push(load_body(state, &b.slug).await?);
    }
    Ok(bodies)
}

/// Creates a council, expert group or working group with its seats.
pub async fn create_body(
    state: &AppState,
    actor: &Actor,
    input: &BodyInput,
) -> Result<Body, OpError> {
    require(actor, Action::ManageDeliberation)?;
    let mut check = Check::default();
    let kind = check.field(match input.kind.trim() {
        "council" => Ok(BodyKind::Council),
        "expert_group" => Ok(BodyKind::ExpertGroup),
        "working_group" => Ok(BodyKind::WorkingGroup),
        _ => Err(Invalid::new("kind", "err-invalid-choice")),
    });
    let rules = check.field(match &input.rules {
        None => Ok(BodyRules::assembly_default()),
        Some(v) => serde_json::from_value::<BodyRules>(v.clone())
            .map_err(|_| Invalid::new("rules", "err-json-object")),
    });
    let mut seats = Vec::new();
    for (code, standing) in &input.seats {
        let code = check.field(CountryCode::parse(code));
        let standing = check.field(match standing.trim() {
            "member" => Ok(Standing::Member),
            "observer" => Ok(Standing::Observer),
            _ => Err(Invalid::new("seats", "err-invalid-choice")),
        });
        if let (Some(c), Some(s)) = (code, standing) {
            seats.push((c, s));
        }
    }
    check.finish()?;
    let mut body = Body::new(
        input.slug.trim(),
        kind.expect("checked"),
        rules.expect("checked"),
    )?;
    for (c, s) in seats {
        body.seat(c, s);
    }
    if state.store.body(&body.slug).await.is_ok() {
        return Err(OpError::Conflict { field: "slug" });
    }
    state.store.put_body(&stored_body(&body)?).await?;
    Ok(body)
}

/// A state names its delegate and alternates in a body (user ids).
pub async fn name_delegation(
    state: &AppState,
    actor: &Actor,
    body: &str,
    as_state: Option<&str>,
    delegate: i64,
    alternates: &[i64],
) -> Result<Body, OpError> {
    let country = acting_state(actor, as_state)?;
    ensure_general_assembly(state).await?;
    let mut loaded = load_body(state, body).await?;
    let user = |id: i64| UserRef::parse(&format!("user-{id}"));
    let delegation = Delegation::new(
        user(delegate)?,
        alternates
            .iter()
            .map(|&id| user(id))
            .collect::<Result<_, _>>()?,
    )?;
    loaded.delegate(&country, delegation)?;
    state.store.put_body(&stored_body(&loaded)?).await?;
    Ok(loaded)
}

/// The body as `user` acting for `state` sees it: a state that has named no
/// delegation in it is represented by any holder of its delegate role.
fn body_for(mut body: Body, user: &UserRef, state: CountryCode) -> Body {
    let unnamed = body
        .seat_of(&state)
        .is_some_and(|seat| seat.delegation.is_none());
    if unnamed && let Ok(d) = Delegation::new(user.clone(), Vec::new()) {
        let _ = body.delegate(&state, d);
    }
    body
}

// ------------------------------------------------------------- proposals

fn decode(row: StoredProposal) -> Result<Loaded, OpError> {
    let proposal = serde_json::from_str(&row.doc).map_err(internal)?;
    Ok(Loaded { row, proposal })
}

pub async fn get(state: &AppState, id: i64) -> Result<Loaded, OpError> {
    decode(state.store.proposal(id).await?)
}

/// One page of proposals (newest first) and the total.
pub async fn list(
    state: &AppState,
    filter: &ProposalFilter,
) -> Result<(Vec<Loaded>, i64), OpError> {
    let (rows, total) = state.store.list_proposals(filter).await?;
    Ok((
        rows.into_iter().map(decode).collect::<Result<_, _>>()?,
        total,
    ))
}

/// Tables a new proposal as a draft of the acting state.
pub async fn propose(
    state: &AppState,
    actor: &Actor,
    input: &ProposeInput,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let country = acting_state(actor, input.as_state.as_deref())?;
    let user = user_ref(actor)?;
    ensure_general_assembly(state).await?;
    let mut check = Check::default();
    let kind = check.field(
        serde_json::from_value::<ProposalKind>(input.kind.clone())
            .map_err(|_| Invalid::new("kind", "err-invalid-choice")),
    );
    let procedure = check.field(
        serde_json::from_value::<Procedure>(serde_json::Value::String(
            input.procedure.trim().to_owned(),
        ))
        .map_err(|_| Invalid::new("procedure", "err-invalid-choice")),
    );
    let text = check.field(ProposalText::parse(&input.text));
    let c = check.field(parse_time("consultation_until", &input.consultation_until));
    let n = check.field(parse_time("negotiation_until", &input.negotiation_until));
    let a = check.field(parse_time(
        "amendment_votes_until",
        &input.amendment_votes_until,
    ));
    let d = check.field(parse_time("decision_until", &input.decision_until));
    check.finish()?;
    let schedule = Schedule::new(
        c.expect("checked"),
        n.expect("checked"),
        a.expect("checked"),
        d.expect("checked"),
    )?;
    // An amendment's pack or framework is checked as an upload is, an
    // allocation policy as a capacity round's.
    match kind.as_ref() {
        Some(ProposalKind::Amendment { target, name, yaml }) => {
            effects::amendment_source(state, *target, name, yaml).await?;
        }
        Some(ProposalKind::AllocationPolicy { parameters }) => {
            effects::allocation_policy_of(parameters)?;
        }
        _ => {}
    }
    let body = body_for(load_body(state, input.body.trim()).await?, &user, country);
    let (kind, procedure, text) = (
        kind.expect("checked"),
        procedure.expect("checked"),
        text.expect("checked"),
    );
    let delib_actor = DelibActor::Delegate {
        user: user.clone(),
        state: country,
    };
    // Checked once before the id is taken, so that a refusal is clean.
    Proposal::draft(
        &body,
        &delib_actor,
        0,
        &input.title,
        kind.clone(),
        procedure,
        text.clone(),
        schedule,
        now,
    )
    .map_err(rule)?;
    let row = state
        .store
        .create_proposal(|id| {
            let proposal = Proposal::draft(
                &body,
                &delib_actor,
                id as u64,
                &input.title,
                kind.clone(),
                procedure,
                text.clone(),
                schedule,
                now,
            )
            .map_err(|e| StoreError::Refused(e.to_string()))?;
            Ok(NewProposalRow {
                body: proposal.body.clone(),
                title: proposal.title.clone(),
                kind: proposal.kind.slug().to_owned(),
                procedure: proposal.procedure.slug().to_owned(),
                stage: proposal.stage().slug().to_owned(),
                author: proposal.author.as_str().to_owned(),
                doc: serde_json::to_string(&proposal)
                    .map_err(|e| StoreError::Refused(e.to_string()))?,
                next_due_ms: next_due(&proposal).map(ms),
            })
        })
        .await?;
    decode(row)
}

/// Who performs a step: a state's delegate, or the secretariat.
#[derive(Debug, Clone)]
enum Who {
    State(UserRef, CountryCode),
    Secretariat,
    Scheduler,
}

impl Who {
    fn actor(&self) -> DelibActor {
        match self {
            Who::State(user, state) => DelibActor::Delegate {
                user: user.clone(),
                state: *state,
            },
            Who::Secretariat => DelibActor::Secretariat,
            Who::Scheduler => DelibActor::Scheduler,
        }
    }

    fn code(&self) -> String {
        match self {
            Who::State(_, state) => format!("delegate:{}", state.as_str()),
            Who::Secretariat => "secretariat".into(),
            Who::Scheduler => "scheduler".into(),
        }
    }
}

fn delegate(actor: &Actor, as_state: Option<&str>) -> Result<Who, OpError> {
    let country = acting_state(actor, as_state)?;
    Ok(Who::State(user_ref(actor)?, country))
}

/// Loads the proposal, applies `step` as `who` at `now`, and writes it with
/// its consequences; reloads and retries when another writer got there
/// first. Returns the proposal as written.
async fn act<T>(
    state: &AppState,
    id: i64,
    who: &Who,
    now: OffsetDateTime,
    mut step: impl FnMut(&mut Proposal, &Body, &DelibActor) -> Result<T, RuleBroken>,
) -> Result<(Loaded, T), OpError> {
    let _turn = state.proposal_writers.turn(id).await;
    for _ in 0..ATTEMPTS {
        let Loaded { row, mut proposal } = get(state, id).await?;
        let body = load_body(state, &proposal.body).await?;
        let body = match who {
            Who::State(user, country) => body_for(body, user, *country),
            _ => body,
        };
        let history = proposal.history().len();
        let actor = who.actor();
        let out = step(&mut proposal, &body, &actor).map_err(rule)?;
        match write(state, &row, &proposal, &body, history, who, now, None).await {
            Ok(loaded) => return Ok((loaded, out)),
            Err(OpError::Conflict { field: "revision" }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(OpError::Refused(
        "the proposal kept changing; try again".into(),
    ))
}

/// Writes `proposal` over `row` (at its revision) with the transitions
/// applied since `history`, and, when it was decided just now, its
/// decision record and effect in the same transaction.
#[allow(clippy::too_many_arguments)]
async fn write(
    state: &AppState,
    row: &StoredProposal,
    proposal: &Proposal,
    body: &Body,
    history: usize,
    who: &Who,
    now: OffsetDateTime,
    election_record: Option<String>,
) -> Result<Loaded, OpError> {
    let transitions = proposal.history()[history..]
        .iter()
        .map(|h| (slug_of(&h.transition), who.code(), ms(h.at)))
        .collect();
    let newly_decided = row.decided_at.is_none() && proposal.decision().is_some();
    let mut write = ProposalWrite {
        id: row.id,
        expected_revision: row.revision,
        stage: proposal.stage().slug().to_owned(),
        doc: serde_json::to_string(proposal).map_err(internal)?,
        next_due_ms: next_due(proposal).map(ms),
        decided_at: proposal.decision().map(|d| ms(d.at)),
        transitions,
        election_record,
        ..Default::default()
    };
    if newly_decided {
        let record = decision_record(proposal).ok_or_else(|| internal("no decision record"))?;
        let payload: serde_json::Value = serde_json::from_str(&record).map_err(internal)?;
        write.decision_entry = Some(crate::ledger::decision_entry(
            RecordKind::Generic {
                name: "deliberation_decision".into(),
            },
            &who.code(),
            ("proposal", &row.id.to_string()),
            record.as_bytes(),
            payload,
        )?);
        match effect_of(proposal) {
            Some(Effect::Admit { state: c }) | Some(Effect::Reinstate { state: c }) => {
                write.membership = Some((c, MemberStatus::Member, now.date()));
            }
            Some(Effect::Suspend { state: c }) => {
                write.membership = Some((c, MemberStatus::Suspended, now.date()));
            }
            Some(Effect::Seat { office, winners }) => {
                if let Ok(mut seated) = load_body(state, &office).await
                    && seated.kind != BodyKind::GeneralAssembly
                {
                    for w in winners.iter().filter_map(|w| CountryCode::parse(w).ok()) {
                        seated.seat(w, Standing::Member);
                    }
                    write.bodies.push(stored_body(&seated)?);
                }
            }
            // The carried version is installed for assessments made from
            // now on (earlier ones keep the versions they name). Checked
            // again against today's catalog: a version that no longer loads
            // is recorded in the decision but not installed.
            Some(Effect::ActivateVersion { .. }) => {
                if let ProposalKind::Amendment { target, name, yaml } = &proposal.kind {
                    match effects::amendment_source(state, *target, name, yaml).await {
                        Ok(source) => write.framework_source = Some(source),
                        Err(e) => {
                            tracing::warn!(proposal = row.id, error = %e, "adopted amendment no longer loads; not installed")
                        }
                    }
                }
            }
            Some(Effect::DefaultAllocationPolicy { parameters }) => {
                write.allocation_policy = Some(parameters.to_string());
            }
            Some(Effect::AdoptResolution) | None => {}
        }
    }
    let _ = body;
    let actor_code = who.code();
    let written = state
        .store
        .write_proposal(&write, |before, after| {
            crate::ledger::membership_entry(&actor_code, after.country, before, Some(after))
        })
        .await?;
    if newly_decided {
        state.directory.invalidate();
        state.ledger.start_checkpoints();
        if write.framework_source.is_some()
            && let Err(e) = state.framework.reload_if_changed(&state.store).await
        {
            tracing::warn!(error = %e, "framework catalog reload after an amendment failed");
        }
    }
    decode(written)
}

pub async fn co_sponsor(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    Ok(act(state, id, &who, now, |p, b, a| p.co_sponsor(b, a, now))
        .await?
        .0)
}

/// The author moves a draft to consultation, or withdraws it.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    withdraw: bool,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let t = if withdraw {
        waico_deliberation::Transition::Withdraw
    } else {
        waico_deliberation::Transition::Submit
    };
    Ok(act(state, id, &who, now, |p, b, a| p.apply(b, a, t, now))
        .await?
        .0)
}

pub async fn revise(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    text: &str,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let text = ProposalText::parse(text)?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.revise(b, a, text.clone(), now)
    })
    .await?
    .0)
}

pub async fn comment(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    parent: Option<u32>,
    text: &str,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = if as_state.is_none() && waico_members::policy::may(actor, Action::ManageDeliberation)
    {
        Who::Secretariat
    } else {
        delegate(actor, as_state)?
    };
    let text = Remark::parse("text", text)?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.comment(b, a, parent, text.clone(), now)
    })
    .await?
    .0)
}

/// The statements a state makes with reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    Objection,
    BreakSilence,
    Explanation,
}

pub async fn state_statement(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    kind: StatementKind,
    text: &str,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let text = Remark::parse("text", text)?;
    Ok(act(state, id, &who, now, |p, b, a| match kind {
        StatementKind::Objection => p.object(b, a, text.clone(), now),
        StatementKind::BreakSilence => p.break_silence(b, a, text.clone(), now),
        StatementKind::Explanation => p.explain_vote(b, a, text.clone(), now),
    })
    .await?
    .0)
}

/// Proposes an edit of paragraph `paragraph` (0-based); answers its id.
pub async fn amend(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    paragraph: usize,
    replacement: &str,
    now: OffsetDateTime,
) -> Result<(Loaded, u32), OpError> {
    let who = delegate(actor, as_state)?;
    let replacement = Paragraph::parse(replacement)?;
    act(state, id, &who, now, |p, b, a| {
        p.propose_amendment(b, a, paragraph, replacement.clone(), now)
    })
    .await
}

pub async fn accept_amendment(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    amendment: u32,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.accept_amendment(b, a, amendment, now)
    })
    .await?
    .0)
}

pub async fn vote_amendment(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    amendment: u32,
    choice: &str,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let choice = VoteChoice::parse(choice)?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.vote_on_amendment(b, a, amendment, choice, now)
    })
    .await?
    .0)
}

/// Casts (or changes, until the close) the state's recorded vote.
pub async fn vote(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    choice: &str,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let choice = VoteChoice::parse(choice)?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.cast_vote(b, a, choice, now)
    })
    .await?
    .0)
}

/// Casts the state's ranking of the candidates (0-based indexes, most
/// preferred first).
pub async fn rank(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    ranking: &[u16],
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    let who = delegate(actor, as_state)?;
    let loaded = get(state, id).await?;
    let ProposalKind::Election { candidates, .. } = &loaded.proposal.kind else {
        return Err(OpError::Refused("not an election".into()));
    };
    let ballot = RankedBallot::new(
        ranking.iter().map(|&c| CandidateId(c)).collect(),
        candidates.len(),
    )?;
    Ok(act(state, id, &who, now, |p, b, a| {
        p.cast_ranking(b, a, ballot.clone(), now)
    })
    .await?
    .0)
}

// ---------------------------------------------------------- secret ballot

/// Opens the secret vote of a proposal decided by secret ballot, with the
/// trustees' public keys (each trustee keeps the secret share).
pub async fn open_election(
    state: &AppState,
    actor: &Actor,
    id: i64,
    trustees: Vec<TrusteePublicKey>,
) -> Result<PublicElection, OpError> {
    require(actor, Action::ManageDeliberation)?;
    let loaded = get(state, id).await?;
    let p = &loaded.proposal;
    if p.procedure != Procedure::SecretBallot {
        return Err(OpError::Refused("not decided by secret ballot".into()));
    }
    let (min, max) = match &p.kind {
        ProposalKind::Election { seats, .. } => (1, *seats),
        _ => (1, 1),
    };
    let manifest = ElectionManifest::new(
        &format!("proposal-{id}"),
        &p.title,
        p.secret_choices(),
        min,
        max,
    )?;
    let election = PublicElection::new(manifest.clone(), trustees.clone())
        .map_err(|e| OpError::Refused(e.to_string()))?;
    let stored = StoredElection { manifest, trustees };
    state
        .store
        .put_election(id, &serde_json::to_string(&stored).map_err(internal)?)
        .await?;
    Ok(election)
}

/// A secret vote as stored: what [`PublicElection`] is built from.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredElection {
    manifest: ElectionManifest,
    trustees: Vec<TrusteePublicKey>,
}

pub async fn election(state: &AppState, id: i64) -> Result<PublicElection, OpError> {
    let stored: StoredElection =
        serde_json::from_str(&state.store.election(id).await?.election).map_err(internal)?;
    PublicElection::new(stored.manifest, stored.trustees).map_err(internal)
}

/// The published record of a tallied secret vote.
pub async fn election_record(state: &AppState, id: i64) -> Result<ElectionRecord, OpError> {
    let record = state
        .store
        .election(id)
        .await?
        .record
        .ok_or(OpError::NotFound)?;
    serde_json::from_str(&record).map_err(internal)
}

/// Casts the state's encrypted ballot (made by `waico deliberation` or any
/// client with the election's public key); answers its tracker, which the
/// delegate keeps to find it in the published record.
pub async fn cast_secret_ballot(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    ballot: &EncryptedBallot,
    now: OffsetDateTime,
) -> Result<String, OpError> {
    let who = delegate(actor, as_state)?;
    let Who::State(user, country) = &who else {
        unreachable!("a delegate acts for a state")
    };
    let election = election(state, id).await?;
    if ballot.voter != country.as_str() {
        return Err(Invalid::new("voter", "err-not-in-body").into());
    }
    ballot
        .verify(&election)
        .map_err(|e| OpError::Refused(e.to_string()))?;
    let _turn = state.proposal_writers.turn(id).await;
    for _ in 0..ATTEMPTS {
        let loaded = get(state, id).await?;
        let body = body_for(
            load_body(state, &loaded.proposal.body).await?,
            user,
            *country,
        );
        // The same rule as a recorded vote: open, after the amendments,
        // before the close, by a state with the right to vote.
        secret_vote_open(&loaded.proposal, &body, user, *country, now)?;
        let row = BallotRow {
            proposal_id: id,
            state: country.as_str().to_owned(),
            tracker: ballot.tracker(),
            ballot: serde_json::to_string(ballot).map_err(internal)?,
            cast_at: ms(now),
        };
        match state.store.cast_ballot(&row, loaded.row.revision).await {
            Ok(()) => return Ok(row.tracker),
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(OpError::Refused(
        "the proposal kept changing; try again".into(),
    ))
}

/// The rule of a recorded vote, for a secret one: the user acts for the
/// state, which has the right to vote; the vote is open (decision stage,
/// amendments decided, not closed by the server clock).
fn secret_vote_open(
    p: &Proposal,
    body: &Body,
    user: &UserRef,
    country: CountryCode,
    now: OffsetDateTime,
) -> Result<(), OpError> {
    use waico_deliberation::proposal::AmendmentStatus;
    if p.procedure != Procedure::SecretBallot {
        return Err(rule(RuleBroken::Procedure(p.procedure)));
    }
    if p.stage() != Stage::Decision {
        return Err(rule(RuleBroken::Stage(p.stage())));
    }
    if p.amendments().iter().any(|a| {
        matches!(
            a.status,
            AmendmentStatus::Proposed | AmendmentStatus::PendingVote
        )
    }) {
        return Err(rule(RuleBroken::AmendmentsPending));
    }
    if now < p.schedule.amendment_votes_until {
        return Err(rule(RuleBroken::TooEarly(p.schedule.amendment_votes_until)));
    }
    if now >= p.schedule.decision_until {
        return Err(rule(RuleBroken::Closed(p.schedule.decision_until)));
    }
    if !body.acts_for(user, &country) {
        return Err(OpError::Forbidden);
    }
    body.voting_right(&country)
        .map_err(|r| rule(RuleBroken::MayNotVote(r)))
}

/// The states that have cast a secret ballot (not how).
pub async fn secret_voters(state: &AppState, id: i64) -> Result<Vec<String>, OpError> {
    Ok(state
        .store
        .ballots(id)
        .await?
        .into_iter()
        .map(|b| b.state)
        .collect())
}

/// The homomorphic tally of the ballots cast, for the trustees to decrypt.
pub async fn encrypted_tally(
    state: &AppState,
    id: i64,
) -> Result<waico_deliberation::secret::EncryptedTally, OpError> {
    Ok(ballot_box(state, id).await?.tally())
}

async fn ballot_box(state: &AppState, id: i64) -> Result<BallotBox, OpError> {
    let mut ballot_box = BallotBox::new(election(state, id).await?);
    for row in state.store.ballots(id).await? {
        let ballot: EncryptedBallot = serde_json::from_str(&row.ballot).map_err(internal)?;
        ballot_box
            .cast(ballot)
            .map_err(|e| OpError::Refused(e.to_string()))?;
    }
    Ok(ballot_box)
}

/// After the close, the secretariat records the trustees' partial
/// decryptions: the election record is published, verified from scratch,
/// and its tally becomes the proposal's result (the scheduler then closes
/// it). Answers the verified tally.
pub async fn record_secret_tally(
    state: &AppState,
    actor: &Actor,
    id: i64,
    decryptions: Vec<PartialDecryption>,
    now: OffsetDateTime,
) -> Result<waico_deliberation::Tally, OpError> {
    require(actor, Action::ManageDeliberation)?;
    let _turn = state.proposal_writers.turn(id).await;
    for _ in 0..ATTEMPTS {
        let Loaded { row, mut proposal } = get(state, id).await?;
        let ballot_box = ballot_box(state, id).await?;
        let record = ElectionRecord::publish(&ballot_box, decryptions.clone())
            .map_err(|e| OpError::Refused(e.to_string()))?;
        let tally = verify_election(&record).map_err(|e| OpError::Refused(e.to_string()))?;
        let body = load_body(state, &proposal.body).await?;
        let history = proposal.history().len();
        proposal
            .record_secret_result(&DelibActor::Secretariat, SecretResult::from(&tally), now)
            .map_err(rule)?;
        let json = serde_json::to_string(&record).map_err(internal)?;
        match write(
            state,
            &row,
            &proposal,
            &body,
            history,
            &Who::Secretariat,
            now,
            Some(json),
        )
        .await
        {
            Ok(_) => return Ok(tally),
            Err(OpError::Conflict { field: "revision" }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(OpError::Refused(
        "the proposal kept changing; try again".into(),
    ))
}

// -------------------------------------------------------------- scheduler

/// What one run of the scheduler did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SchedulerRun {
    /// Transitions applied by this run.
    pub transitions: usize,
    /// Proposals decided by this run.
    pub decided: Vec<i64>,
    /// Proposals another process moved first (left to it).
    pub lost_races: usize,
}

/// Applies every transition due at `now` to every proposal, each proposal
/// in its own transaction. Safe to run from several processes at once:
/// a proposal another run already moved is left alone.
pub async fn run_scheduler(state: &AppState, now: OffsetDateTime) -> Result<SchedulerRun, OpError> {
    let mut run = SchedulerRun::default();
    loop {
        let ids = state.store.due_proposals(ms(now), 100).await?;
        let mut progressed = false;
        for id in &ids {
            let Loaded { row, mut proposal } = get(state, *id).await?;
            let body = load_body(state, &proposal.body).await?;
            let history = proposal.history().len();
            for t in due_transitions(&proposal, now) {
                proposal
                    .apply(&body, &DelibActor::Scheduler, t, now)
                    .map_err(rule)?;
            }
            let applied = proposal.history().len() - history;
            let next = next_due(&proposal).map(ms);
            if applied == 0 && next == row.next_due_ms {
                continue;
            }
            match write(
                state,
                &row,
                &proposal,
                &body,
                history,
                &Who::Scheduler,
                now,
                None,
            )
            .await
            {
                Ok(written) => {
                    progressed = true;
                    run.transitions += applied;
                    if written.proposal.decision().is_some() && row.decided_at.is_none() {
                        run.decided.push(*id);
                    }
                }
                Err(OpError::Conflict { field: "revision" }) => run.lost_races += 1,
                Err(e) => return Err(e),
            }
        }
        if ids.len() < 100 || !progressed {
            return Ok(run);
        }
    }
}

/// Runs the scheduler every `every` by the server clock while the returned
/// task lives (`serve` keeps it). Deadlines are in the database, so a
/// restarted process catches up on the first tick.
pub fn start_scheduler(state: &AppState, every: std::time::Duration) -> Periodic {
    let state = state.clone();
    periodic::every(every, First::Now, move || {
        let state = state.clone();
        async move {
            match run_scheduler(&state, OffsetDateTime::now_utc()).await {
                Ok(run) if run.transitions > 0 => {
                    tracing::info!(transitions = run.transitions, decided = ?run.decided, "deliberation deadlines applied")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deliberation scheduler run failed"),
            }
            // Then the notices the run made due (and their mail).
            match notices::run(&state, OffsetDateTime::now_utc()).await {
                Ok(run) if run.made + run.mailed + run.failed > 0 => {
                    tracing::info!(
                        made = run.made,
                        mailed = run.mailed,
                        failed = run.failed,
                        "deliberation notices"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "deliberation notices failed"),
            }
        }
    })
}

// ------------------------------------------------------------ delegates

/// Proposals where the acting user's states have something to decide now:
/// open votes they have not cast, drafts they may co-sponsor, silence
/// procedures and consensus decisions running.
pub async fn pending_for(
    state: &AppState,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<Vec<Loaded>, OpError> {
    let Actor::User { grants, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    let states: Vec<CountryCode> = grants
        .iter()
        .filter_map(|g| match g {
            RoleGrant::Delegate { country } => Some(*country),
            _ => None,
        })
        .collect();
    let (open, _) = list(
        state,
        &ProposalFilter {
            stages: vec!["draft".into(), "negotiation".into(), "decision".into()],
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    let mut pending = Vec::new();
    for loaded in open {
        let p = &loaded.proposal;
        let body = load_body(state, &p.body).await?;
        let concerns = states.iter().any(|s| {
            let votes = body.voting_right(s).is_ok();
            match p.stage() {
                Stage::Draft => {
                    p.author != *s && !p.co_sponsors().contains(s) && body.may_propose(s)
                }
                Stage::Negotiation => body.may_comment(s),
                Stage::Decision => {
                    votes && now < p.schedule.decision_until && !p.voted_states().contains(s)
                }
                _ => false,
            }
        });
        if concerns {
            pending.push(loaded);
        }
    }
    Ok(pending)
}

// ------------------------------------------------------------ one step

/// One act on a proposal, as the API and the pages submit it.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Step {
    CoSponsor,
    Submit,
    Withdraw,
    Revise {
        text: String,
    },
    Comment {
        #[serde(default)]
        parent: Option<u32>,
        text: String,
    },
    Object {
        text: String,
    },
    BreakSilence {
        text: String,
    },
    Explain {
        text: String,
    },
    Amend {
        paragraph: usize,
        text: String,
    },
    AcceptAmendment {
        amendment: u32,
    },
    VoteAmendment {
        amendment: u32,
        choice: String,
    },
    Vote {
        choice: String,
    },
    Rank {
        ranking: Vec<u16>,
    },
}

/// Performs `step` on proposal `id` for the acting state (`as_state`, or
/// the user's first) at the server clock `now`.
pub async fn perform(
    state: &AppState,
    actor: &Actor,
    id: i64,
    as_state: Option<&str>,
    step: &Step,
    now: OffsetDateTime,
) -> Result<Loaded, OpError> {
    match step {
        Step::CoSponsor => co_sponsor(state, actor, id, as_state, now).await,
        Step::Submit => submit(state, actor, id, as_state, false, now).await,
        Step::Withdraw => submit(state, actor, id, as_state, true, now).await,
        Step::Revise { text } => revise(state, actor, id, as_state, text, now).await,
        Step::Comment { parent, text } => {
            comment(state, actor, id, as_state, *parent, text, now).await
        }
        Step::Object { text } => {
            state_statement(
                state,
                actor,
                id,
                as_state,
                StatementKind::Objection,
                text,
                now,
            )
            .await
        }
        Step::BreakSilence { text } => {
            state_statement(
                state,
                actor,
                id,
                as_state,
                StatementKind::BreakSilence,
                text,
                now,
            )
            .await
        }
        Step::Explain { text } => {
            state_statement(
                state,
                actor,
                id,
                as_state,
                StatementKind::Explanation,
                text,
                now,
            )
            .await
        }
        Step::Amend { paragraph, text } => {
            Ok(amend(state, actor, id, as_state, *paragraph, text, now)
                .await?
                .0)
        }
        Step::AcceptAmendment { amendment } => {
            accept_amendment(state, actor, id, as_state, *amendment, now).await
        }
        Step::VoteAmendment { amendment, choice } => {
            vote_amendment(state, actor, id, as_state, *amendment, choice, now).await
        }
        Step::Vote { choice } => vote(state, actor, id, as_state, choice, now).await,
        Step::Rank { ranking } => rank(state, actor, id, as_state, ranking, now).await,
    }
}

// ----------------------------------------------------------------- views

/// A proposal as everyone may see it: while a vote is open, who has voted
/// but not how (the domain value itself holds the votes and is never
/// shown whole); once decided, the result with its roll-call or rounds.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposalView {
    pub id: i64,
    pub body: String,
    pub title: String,
    pub author: String,
    /// The kind and its fields.
    #[schema(value_type = Object)]
    pub kind: serde_json::Value,
    pub procedure: String,
    pub stage: String,
    /// RFC 3339 deadlines.
    #[schema(value_type = Object)]
    pub schedule: serde_json::Value,
    pub co_sponsors: Vec<String>,
    /// Every version of the text, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub versions: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub comments: Vec<serde_json::Value>,
    /// Amendments with their status and, once decided, their tally.
    #[schema(value_type = Vec<Object>)]
    pub amendments: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub objections: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub silence_breaks: Vec<serde_json::Value>,
    #[schema(value_type = Vec<Object>)]
    pub explanations: Vec<serde_json::Value>,
    /// States that have voted (recorded, ranked or secret), not how.
    pub voted: Vec<String>,
    /// The decision: outcome, result (tally, roll-call, rounds), time.
    #[schema(value_type = Option<Object>)]
    pub decision: Option<serde_json::Value>,
    /// Index of the decision record in the ledger.
    pub ledger_index: Option<i64>,
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<serde_json::Value>,
}

fn values<T: Serialize>(items: &[T]) -> Vec<serde_json::Value> {
    items
        .iter()
        .filter_map(|i| serde_json::to_value(i).ok())
        .collect()
}

/// The public view of a proposal (`secret_voters`: the states that cast a
/// secret ballot, for a secret vote).
pub fn view(loaded: &Loaded, secret_voters: &[String]) -> ProposalView {
    let p = &loaded.proposal;
    let amendments = p
        .amendments()
        .iter()
        .map(|a| {
            serde_json::json!({
                "id": a.id, "state": a.state, "at": rfc3339_of(a.at),
                "paragraph": a.paragraph, "on_version": a.on_version,
                "replacement": a.replacement, "status": a.status, "tally": a.tally,
            })
        })
        .collect();
    let mut voted: Vec<String> = p
        .voted_states()
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    voted.extend(secret_voters.iter().cloned());
    voted.sort();
    voted.dedup();
    ProposalView {
        id: loaded.row.id,
        body: p.body.clone(),
        title: p.title.clone(),
        author: p.author.as_str().to_owned(),
        kind: serde_json::to_value(&p.kind).unwrap_or_default(),
        procedure: p.procedure.slug().to_owned(),
        stage: p.stage().slug().to_owned(),
        schedule: serde_json::to_value(p.schedule).unwrap_or_default(),
        co_sponsors: p
            .co_sponsors()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
        versions: values(p.versions()),
        comments: values(p.comments()),
        amendments,
        objections: values(p.objections()),
        silence_breaks: values(p.silence_breaks()),
        explanations: values(p.explanations()),
        voted,
        decision: p.decision().and_then(|d| serde_json::to_value(d).ok()),
        ledger_index: loaded.row.ledger_index,
        history: values(p.history()),
    }
}

fn rfc3339_of(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A line of a proposals list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProposalSummary {
    pub id: i64,
    pub body: String,
    pub title: String,
    pub kind: String,
    pub procedure: String,
    pub stage: String,
    pub author: String,
    /// The next deadline (Unix ms), while one is running.
    pub next_deadline_ms: Option<i64>,
    pub decided_at_ms: Option<i64>,
}

pub fn summary(row: &StoredProposal) -> ProposalSummary {
    ProposalSummary {
        id: row.id,
        body: row.body.clone(),
        title: row.title.clone(),
        kind: row.kind.clone(),
        procedure: row.procedure.clone(),
        stage: row.stage.clone(),
        author: row.author.clone(),
        next_deadline_ms: row.next_due_ms,
        decided_at_ms: row.decided_at,
    }
}

/// The stages a list filter names: one stage, or `decided` for the final
/// ones; all when empty.
pub fn stages_of(filter: &str) -> Result<Vec<String>, OpError> {
    Ok(match filter.trim() {
        "" => Vec::new(),
        "decided" => ["adopted", "rejected", "withdrawn", "lapsed"]
            .map(str::to_owned)
            .to_vec(),
        s @ ("draft" | "consultation" | "negotiation" | "decision" | "adopted" | "rejected"
        | "withdrawn" | "lapsed") => vec![s.to_owned()],
        _ => return Err(Invalid::new("stage", "err-invalid-choice").into()),
    })
}
