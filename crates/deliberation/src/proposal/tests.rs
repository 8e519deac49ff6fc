//! Rules of the proposal state machine: who may act, in which stage and
//! when, and the scheduler's transitions.

use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use waico_members::CountryCode;

use super::*;
use crate::body::{BodyKind, BodyRules, Delegation, Standing};
use crate::ranked::CandidateId;

const T0: OffsetDateTime = datetime!(2026-06-01 09:00 UTC);

fn code(c: &str) -> CountryCode {
    CountryCode::parse(c).unwrap()
}

fn delegate(state: &str) -> Actor {
    Actor::Delegate {
        user: UserRef::parse(&format!("{}-delegate", state.to_lowercase())).unwrap(),
        state: code(state),
    }
}

fn schedule() -> Schedule {
    Schedule::new(
        T0 + Duration::days(10),
        T0 + Duration::days(20),
        T0 + Duration::days(22),
        T0 + Duration::days(30),
    )
    .unwrap()
}

/// A council: five members, an observer (KEN) and a suspended state (BRA).
fn council(rules: BodyRules) -> Body {
    let mut body = Body::new("council", BodyKind::Council, rules).unwrap();
    for state in ["FRA", "CHN", "NGA", "IND", "MEX"] {
        body.seat(code(state), Standing::Member);
    }
    body.seat(code("KEN"), Standing::Observer);
    body.seat(code("BRA"), Standing::Suspended);
    for state in ["FRA", "CHN", "NGA", "IND", "MEX", "KEN", "BRA"] {
        let Actor::Delegate { user, .. } = delegate(state) else {
            unreachable!()
        };
        body.delegate(&code(state), Delegation::new(user, vec![]).unwrap())
            .unwrap();
    }
    body
}

fn text(raw: &str) -> ProposalText {
    ProposalText::parse(raw).unwrap()
}

fn remark(raw: &str) -> Remark {
    Remark::parse("text", raw).unwrap()
}

fn draft(body: &Body, procedure: Procedure, kind: ProposalKind) -> Proposal {
    Proposal::draft(
        body,
        &delegate("FRA"),
        1,
        "Open model evaluations",
        kind,
        procedure,
        text("The Council decides.\n\nMembers report yearly.\n\nThis enters into force at once."),
        schedule(),
        T0,
    )
    .unwrap()
}

/// Runs the scheduler at `at` until nothing is due.
fn run_scheduler(proposal: &mut Proposal, body: &Body, at: OffsetDateTime) -> Vec<Transition> {
    let due = due_transitions(proposal, at);
    for transition in &due {
        proposal
            .apply(body, &Actor::Scheduler, *transition, at)
            .unwrap();
    }
    due
}

/// Brings a draft to its decision stage (past the amendment votes).
fn into_decision(proposal: &mut Proposal, body: &Body) {
    proposal
        .apply(body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    run_scheduler(proposal, body, T0 + Duration::days(22));
    assert_eq!(proposal.stage(), Stage::Decision);
}

#[test]
fn who_may_table_a_proposal() {
    let body = council(BodyRules::assembly_default());
    let table = |actor: &Actor, procedure, kind| {
        Proposal::draft(
            &body,
            actor,
            1,
            "t",
            kind,
            procedure,
            text("x"),
            schedule(),
            T0,
        )
    };
    let resolution = ProposalKind::Resolution;
    assert_eq!(
        table(
            &delegate("KEN"),
            Procedure::RecordedVote,
            resolution.clone()
        )
        .unwrap_err(),
        RuleBroken::MayNotPropose
    );
    assert_eq!(
        table(
            &delegate("BRA"),
            Procedure::RecordedVote,
            resolution.clone()
        )
        .unwrap_err(),
        RuleBroken::MayNotPropose
    );
    let impostor = Actor::Delegate {
        user: UserRef::parse("fra-delegate").unwrap(),
        state: code("CHN"),
    };
    assert_eq!(
        table(&impostor, Procedure::RecordedVote, resolution.clone()).unwrap_err(),
        RuleBroken::NotDelegate
    );
    assert_eq!(
        table(
            &delegate("FRA"),
            Procedure::RankedChoice,
            resolution.clone()
        )
        .unwrap_err(),
        RuleBroken::Procedure(Procedure::RankedChoice)
    );
    let policy = ProposalKind::AllocationPolicy {
        parameters: serde_json::json!([1, 2]),
    };
    assert_eq!(
        table(&delegate("FRA"), Procedure::RecordedVote, policy).unwrap_err(),
        RuleBroken::Invalid(Invalid::new("parameters", "err-json-object"))
    );
    let mut consensus_only = BodyRules::assembly_default();
    consensus_only.procedures = vec![Procedure::Consensus];
    let body = council(consensus_only);
    assert!(
        Proposal::draft(
            &body,
            &delegate("FRA"),
            1,
            "t",
            ProposalKind::Resolution,
            Procedure::RecordedVote,
            text("x"),
            schedule(),
            T0
        )
        .is_err()
    );
}

#[test]
fn schedules_must_increase() {
    assert_eq!(
        Schedule::new(T0, T0, T0, T0).unwrap_err().field,
        "negotiation_until"
    );
    assert_eq!(
        Schedule::new(T0, T0 + Duration::days(1), T0 + Duration::days(1), T0)
            .unwrap_err()
            .field,
        "decision_until"
    );
}

#[test]
fn a_draft_needs_its_co_sponsors_and_its_author() {
    let mut rules = BodyRules::assembly_default();
    rules.min_co_sponsors = 2;
    let body = council(rules);
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    assert_eq!(
        p.apply(&body, &delegate("FRA"), Transition::Submit, T0),
        Err(RuleBroken::CoSponsors { needed: 2, have: 0 })
    );
    p.co_sponsor(&body, &delegate("CHN"), T0).unwrap();
    assert_eq!(
        p.co_sponsor(&body, &delegate("CHN"), T0),
        Err(RuleBroken::AlreadyCoSponsor)
    );
    assert_eq!(
        p.co_sponsor(&body, &delegate("FRA"), T0),
        Err(RuleBroken::AlreadyCoSponsor)
    );
    assert_eq!(
        p.co_sponsor(&body, &delegate("KEN"), T0),
        Err(RuleBroken::MayNotPropose)
    );
    p.co_sponsor(&body, &delegate("NGA"), T0).unwrap();
    assert_eq!(
        p.apply(&body, &delegate("CHN"), Transition::Submit, T0),
        Err(RuleBroken::NotAuthor)
    );
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    assert_eq!(p.stage(), Stage::Consultation);
    assert_eq!(p.co_sponsors(), &[code("CHN"), code("NGA")]);
    assert_eq!(
        p.co_sponsor(&body, &delegate("MEX"), T0),
        Err(RuleBroken::Stage(Stage::Consultation))
    );
}

#[test]
fn no_transition_before_its_time_and_the_scheduler_is_idempotent() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    let before = T0 + Duration::days(10) - Duration::seconds(1);
    assert!(due_transitions(&p, before).is_empty());
    assert!(matches!(
        p.apply(
            &body,
            &Actor::Scheduler,
            Transition::BeginNegotiation,
            before
        ),
        Err(RuleBroken::TooEarly(_))
    ));
    let at = T0 + Duration::days(10);
    assert_eq!(
        p.apply(&body, &delegate("FRA"), Transition::BeginNegotiation, at),
        Err(RuleBroken::SchedulerOnly)
    );
    assert_eq!(due_transitions(&p, at), vec![Transition::BeginNegotiation]);
    assert_eq!(due_transitions(&p, at), vec![Transition::BeginNegotiation]);
    assert_eq!(
        run_scheduler(&mut p, &body, at),
        vec![Transition::BeginNegotiation]
    );
    // A second scheduler (or a restart) finds nothing to do, and a
    // duplicate application is refused without any change.
    let snapshot = p.clone();
    assert!(run_scheduler(&mut p, &body, at).is_empty());
    assert!(
        p.apply(&body, &Actor::Scheduler, Transition::BeginNegotiation, at)
            .is_err()
    );
    assert_eq!(p, snapshot);
    assert_eq!(p.history().len(), 2, "submit and one begin-negotiation");
}

#[test]
fn a_scheduler_down_across_deadlines_catches_up_in_order() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    let late = T0 + Duration::days(40);
    assert_eq!(
        due_transitions(&p, late),
        vec![
            Transition::BeginNegotiation,
            Transition::OpenDecision,
            Transition::Close
        ]
    );
    run_scheduler(&mut p, &body, late);
    assert_eq!(p.stage(), Stage::Adopted);
    assert!(due_transitions(&p, late).is_empty());
}

#[test]
fn an_unsubmitted_draft_lapses_and_only_the_author_withdraws() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    assert_eq!(
        run_scheduler(&mut p, &body, T0 + Duration::days(10)),
        vec![Transition::Lapse]
    );
    assert_eq!(p.stage(), Stage::Lapsed);

    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    assert_eq!(
        p.apply(&body, &delegate("CHN"), Transition::Withdraw, T0),
        Err(RuleBroken::NotAuthor)
    );
    into_decision(&mut p, &body);
    assert_eq!(
        p.apply(
            &body,
            &delegate("FRA"),
            Transition::Withdraw,
            T0 + Duration::days(23)
        ),
        Err(RuleBroken::Stage(Stage::Decision))
    );
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    p.apply(&body, &delegate("FRA"), Transition::Withdraw, T0)
        .unwrap();
    assert_eq!(p.stage(), Stage::Withdrawn);
    assert!(due_transitions(&p, T0 + Duration::days(99)).is_empty());
}

#[test]
fn recorded_vote_rules_and_roll_call() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    let negotiating = T0 + Duration::days(11);
    run_scheduler(&mut p, &body, negotiating);
    assert_eq!(
        p.cast_vote(&body, &delegate("FRA"), VoteChoice::Yes, negotiating),
        Err(RuleBroken::Stage(Stage::Negotiation))
    );
    run_scheduler(&mut p, &body, T0 + Duration::days(22));
    let voting = T0 + Duration::days(25);
    assert_eq!(
        p.cast_vote(&body, &delegate("KEN"), VoteChoice::Yes, voting),
        Err(RuleBroken::MayNotVote(VoteRefused::Observer))
    );
    assert_eq!(
        p.cast_vote(&body, &delegate("BRA"), VoteChoice::Yes, voting),
        Err(RuleBroken::MayNotVote(VoteRefused::Suspended))
    );
    let outsider = Actor::Delegate {
        user: UserRef::parse("someone").unwrap(),
        state: code("FRA"),
    };
    assert_eq!(
        p.cast_vote(&body, &outsider, VoteChoice::Yes, voting),
        Err(RuleBroken::NotDelegate)
    );
    assert_eq!(
        p.cast_vote(&body, &Actor::Secretariat, VoteChoice::Yes, voting),
        Err(RuleBroken::StatesOnly)
    );
    // CHN votes no, then changes to yes: the last vote counts, once.
    p.cast_vote(&body, &delegate("CHN"), VoteChoice::No, voting)
        .unwrap();
    p.cast_vote(
        &body,
        &delegate("CHN"),
        VoteChoice::Yes,
        voting + Duration::hours(1),
    )
    .unwrap();
    p.cast_vote(&body, &delegate("FRA"), VoteChoice::Yes, voting)
        .unwrap();
    p.cast_vote(&body, &delegate("NGA"), VoteChoice::No, voting)
        .unwrap();
    p.cast_vote(&body, &delegate("IND"), VoteChoice::Abstain, voting)
        .unwrap();
    assert_eq!(p.voted_states().len(), 4);
    assert_eq!(
        p.roll_call(),
        None,
        "how states voted stays closed until the close"
    );
    let close = T0 + Duration::days(30);
    assert_eq!(
        p.cast_vote(&body, &delegate("MEX"), VoteChoice::No, close),
        Err(RuleBroken::Closed(close))
    );
    assert_eq!(run_scheduler(&mut p, &body, close), vec![Transition::Close]);
    assert_eq!(p.stage(), Stage::Adopted);
    let Some(DecisionResult::RecordedVote { tally, .. }) = p.decision().map(|d| &d.result) else {
        panic!("a recorded vote result")
    };
    assert_eq!(
        (tally.yes, tally.no, tally.abstain, tally.absent),
        (2, 1, 1, 1)
    );
    assert_eq!(
        p.roll_call().unwrap(),
        vec![
            (code("CHN"), VoteChoice::Yes),
            (code("FRA"), VoteChoice::Yes),
            (code("IND"), VoteChoice::Abstain),
            (code("NGA"), VoteChoice::No),
        ]
    );
    p.explain_vote(
        &body,
        &delegate("NGA"),
        remark("We asked for more time."),
        close,
    )
    .unwrap();
    assert_eq!(
        p.explain_vote(&body, &delegate("KEN"), remark("x"), close),
        Err(RuleBroken::MayNotVote(VoteRefused::Observer))
    );
}

#[test]
fn a_vote_without_quorum_lapses() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    let voting = T0 + Duration::days(25);
    p.cast_vote(&body, &delegate("FRA"), VoteChoice::Yes, voting)
        .unwrap();
    p.cast_vote(&body, &delegate("CHN"), VoteChoice::Yes, voting)
        .unwrap();
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Lapsed);
}

#[test]
fn consensus_with_and_without_objection() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    p.comment(
        &body,
        &delegate("KEN"),
        None,
        remark("We support it."),
        T0 + Duration::days(23),
    )
    .unwrap();
    assert_eq!(
        p.object(
            &body,
            &delegate("KEN"),
            remark("no"),
            T0 + Duration::days(23)
        ),
        Err(RuleBroken::MayNotVote(VoteRefused::Observer))
    );
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Adopted);

    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    p.object(
        &body,
        &delegate("IND"),
        remark("Paragraph 2 burdens small delegations."),
        T0 + Duration::days(29),
    )
    .unwrap();
    assert!(
        p.object(
            &body,
            &delegate("IND"),
            remark("late"),
            T0 + Duration::days(30)
        )
        .is_err()
    );
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Rejected);
    assert_eq!(
        p.decision().unwrap().result,
        DecisionResult::Consensus {
            objections: vec![code("IND")]
        }
    );
}

#[test]
fn silence_broken_and_unbroken() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::Silence, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    assert_eq!(
        p.break_silence(
            &body,
            &delegate("BRA"),
            remark("no"),
            T0 + Duration::days(23)
        ),
        Err(RuleBroken::MayNotVote(VoteRefused::Suspended))
    );
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Adopted);

    let mut p = draft(&body, Procedure::Silence, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    p.break_silence(
        &body,
        &delegate("MEX"),
        remark("We need a vote."),
        T0 + Duration::days(24),
    )
    .unwrap();
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Rejected);
    let mut consensus = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    into_decision(&mut consensus, &body);
    assert_eq!(
        consensus.break_silence(
            &body,
            &delegate("MEX"),
            remark("x"),
            T0 + Duration::days(24)
        ),
        Err(RuleBroken::Procedure(Procedure::Consensus))
    );
}

#[test]
fn amendments_accepted_by_the_author_or_voted_before_the_main_vote() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::RecordedVote, ProposalKind::Resolution);
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    let negotiating = T0 + Duration::days(12);
    run_scheduler(&mut p, &body, negotiating);
    let twice = Paragraph::parse("Members report twice a year.").unwrap();
    let first = p
        .propose_amendment(&body, &delegate("CHN"), 1, twice, negotiating)
        .unwrap();
    let monthly = Paragraph::parse("This enters into force in a month.").unwrap();
    let second = p
        .propose_amendment(&body, &delegate("NGA"), 2, monthly, negotiating)
        .unwrap();
    let rejected = p
        .propose_amendment(
            &body,
            &delegate("IND"),
            0,
            Paragraph::parse("The Council may decide.").unwrap(),
            negotiating,
        )
        .unwrap();
    assert!(
        p.propose_amendment(
            &body,
            &delegate("KEN"),
            0,
            Paragraph::parse("x").unwrap(),
            negotiating
        )
        .is_err()
    );
    assert!(
        p.propose_amendment(
            &body,
            &delegate("CHN"),
            9,
            Paragraph::parse("x").unwrap(),
            negotiating
        )
        .is_err()
    );
    assert_eq!(
        p.accept_amendment(&body, &delegate("CHN"), first, negotiating),
        Err(RuleBroken::NotAuthor)
    );
    p.accept_amendment(&body, &delegate("FRA"), first, negotiating)
        .unwrap();
    assert_eq!(p.versions().len(), 2);
    assert_eq!(p.versions()[1].origin, VersionOrigin::Amendment(first));

    run_scheduler(&mut p, &body, T0 + Duration::days(20));
    assert_eq!(p.stage(), Stage::Decision);
    let amending = T0 + Duration::days(21);
    assert_eq!(
        p.cast_vote(&body, &delegate("FRA"), VoteChoice::Yes, amending),
        Err(RuleBroken::AmendmentsPending)
    );
    for state in ["FRA", "CHN", "NGA"] {
        p.vote_on_amendment(&body, &delegate(state), second, VoteChoice::Yes, amending)
            .unwrap();
        p.vote_on_amendment(&body, &delegate(state), rejected, VoteChoice::No, amending)
            .unwrap();
    }
    assert_eq!(
        p.vote_on_amendment(&body, &delegate("CHN"), first, VoteChoice::Yes, amending),
        Err(RuleBroken::Amendment)
    );
    assert_eq!(
        run_scheduler(&mut p, &body, T0 + Duration::days(22)),
        vec![Transition::DecideAmendments]
    );
    let statuses: Vec<AmendmentStatus> = p.amendments().iter().map(|a| a.status).collect();
    assert_eq!(
        statuses,
        vec![
            AmendmentStatus::AcceptedByAuthor,
            AmendmentStatus::Adopted,
            AmendmentStatus::Rejected
        ]
    );
    assert_eq!(
        p.current_text().as_str(),
        "The Council decides.\n\nMembers report twice a year.\n\nThis enters into force in a month."
    );
    assert_eq!(p.versions().len(), 3);
    p.cast_vote(
        &body,
        &delegate("FRA"),
        VoteChoice::Yes,
        T0 + Duration::days(23),
    )
    .unwrap();
}

#[test]
fn an_election_by_stv_seats_its_winners() {
    let body = council(BodyRules::assembly_default());
    let kind = ProposalKind::Election {
        office: "Council seats".into(),
        seats: 2,
        candidates: vec!["Ama".into(), "Bo".into(), "Chen".into()],
    };
    let mut p = draft(&body, Procedure::RankedChoice, kind);
    into_decision(&mut p, &body);
    let voting = T0 + Duration::days(25);
    let ranking =
        |ids: &[u16]| RankedBallot::new(ids.iter().map(|&c| CandidateId(c)).collect(), 3).unwrap();
    assert!(
        p.cast_vote(&body, &delegate("FRA"), VoteChoice::Yes, voting)
            .is_err()
    );
    for (state, r) in [
        ("FRA", &[0, 1][..]),
        ("CHN", &[0, 2][..]),
        ("NGA", &[0, 1][..]),
        ("IND", &[2][..]),
        ("MEX", &[1, 2][..]),
    ] {
        p.cast_ranking(&body, &delegate(state), ranking(r), voting)
            .unwrap();
    }
    assert!(
        p.cast_ranking(
            &body,
            &delegate("FRA"),
            RankedBallot::new(vec![CandidateId(7)], 8).unwrap(),
            voting
        )
        .is_err()
    );
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(p.stage(), Stage::Adopted);
    let Some(DecisionResult::RankedChoice { winners, count, .. }) = p.decision().map(|d| &d.result)
    else {
        panic!("a ranked result")
    };
    // Quota 2; Ama elected with 3, surplus 1 splits between Bo and Chen.
    assert_eq!(
        count.as_ref().unwrap().quota,
        Some(crate::ranked::Votes::whole(2))
    );
    assert_eq!(winners[0], "Ama");
    assert_eq!(winners.len(), 2);
}

#[test]
fn a_secret_ballot_closes_only_with_its_verified_result() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::SecretBallot, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    let close = T0 + Duration::days(30);
    assert!(due_transitions(&p, close).is_empty());
    let result = SecretResult {
        counts: vec![3, 1, 0],
        ballots: 4,
    };
    assert_eq!(
        p.record_secret_result(
            &Actor::Secretariat,
            result.clone(),
            close - Duration::seconds(1)
        ),
        Err(RuleBroken::TooEarly(close))
    );
    assert_eq!(
        p.record_secret_result(&delegate("FRA"), result.clone(), close),
        Err(RuleBroken::SecretariatOnly)
    );
    assert_eq!(
        p.record_secret_result(
            &Actor::Secretariat,
            SecretResult {
                counts: vec![1],
                ballots: 1
            },
            close
        ),
        Err(RuleBroken::SecretResult)
    );
    p.record_secret_result(&Actor::Secretariat, result, close)
        .unwrap();
    assert_eq!(run_scheduler(&mut p, &body, close), vec![Transition::Close]);
    assert_eq!(p.stage(), Stage::Adopted);
}

#[test]
fn comments_thread_and_observers_speak() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    assert_eq!(
        p.comment(&body, &delegate("CHN"), None, remark("early"), T0),
        Err(RuleBroken::Stage(Stage::Draft))
    );
    p.apply(&body, &delegate("FRA"), Transition::Submit, T0)
        .unwrap();
    let first = p
        .comment(
            &body,
            &delegate("KEN"),
            None,
            remark("Observers welcome this."),
            T0,
        )
        .unwrap();
    p.comment(
        &body,
        &Actor::Secretariat,
        Some(first),
        remark("Noted."),
        T0,
    )
    .unwrap();
    assert_eq!(
        p.comment(&body, &delegate("BRA"), None, remark("x"), T0),
        Err(RuleBroken::MayNotComment)
    );
    assert_eq!(
        p.comment(&body, &delegate("CHN"), Some(42), remark("x"), T0),
        Err(RuleBroken::UnknownParent)
    );
    let threads = crate::discussion::threads(p.comments());
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0].replies[0].comment.state, None);
}

#[test]
fn revisions_keep_every_version() {
    let body = council(BodyRules::assembly_default());
    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    p.revise(&body, &delegate("FRA"), text("The Council decides."), T0)
        .unwrap();
    p.revise(&body, &delegate("FRA"), text("The Council decides."), T0)
        .unwrap();
    assert_eq!(
        p.revise(&body, &delegate("CHN"), text("x"), T0),
        Err(RuleBroken::NotAuthor)
    );
    assert_eq!(p.versions().len(), 2);
    let diff = crate::text::diff(&p.versions()[0].text, &p.versions()[1].text);
    assert_eq!(diff.len(), 3);
}

#[test]
fn a_decision_record_is_canonical_and_carries_the_effect() {
    let body = council(BodyRules::assembly_default());
    let kind = ProposalKind::Admission { state: code("KEN") };
    let mut p = draft(&body, Procedure::RecordedVote, kind);
    assert_eq!(crate::decision_record(&p), None);
    into_decision(&mut p, &body);
    let voting = T0 + Duration::days(25);
    for state in ["FRA", "CHN", "NGA"] {
        p.cast_vote(&body, &delegate(state), VoteChoice::Yes, voting)
            .unwrap();
    }
    p.cast_vote(&body, &delegate("IND"), VoteChoice::No, voting)
        .unwrap();
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(
        crate::effect_of(&p),
        Some(crate::Effect::Admit { state: code("KEN") })
    );
    let record = crate::decision_record(&p).unwrap();
    let value: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(crate::decision_record::canonical_json(&value), record);
    assert_eq!(value["outcome"], "adopted");
    assert_eq!(value["effect"]["effect"], "admit");
    assert_eq!(value["result"]["tally"]["yes"], 3);
    assert_eq!(value["result"]["roll_call"][0][0], "CHN");
    assert_eq!(value["text_sha256"], p.current_text().sha256_hex());

    // A rejected proposal has no effect.
    let mut p = draft(&body, Procedure::Consensus, ProposalKind::Resolution);
    into_decision(&mut p, &body);
    p.object(
        &body,
        &delegate("MEX"),
        remark("No."),
        T0 + Duration::days(25),
    )
    .unwrap();
    run_scheduler(&mut p, &body, T0 + Duration::days(30));
    assert_eq!(crate::effect_of(&p), None);
    assert!(
        crate::decision_record(&p)
            .unwrap()
            .contains(r#""effect":null"#)
    );
}
