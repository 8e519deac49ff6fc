//! The deliberation pages: the proposals list filtered by stage, a
//! proposal (text, versions and the diff between any two, co-sponsors,
//! comments, amendments, statements, who has voted while open — not how —
//! then the result with a tally chart, the roll-call, the rounds of a
//! ranked count and the link to the ledger record), the acts a delegate
//! may take there, the vote with a confirmation step, and a delegate's
//! pending decisions. Every form works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use time::OffsetDateTime;
use waico_app::OpError;
use waico_app::deliberation::{self as delib, Loaded, Step};
use waico_deliberation::proposal::{DecisionResult, ProposalKind};
use waico_deliberation::ranked::RoundAction;
use waico_deliberation::text::{Change, ParagraphDiff, diff};
use waico_store::ProposalFilter;

use super::{FormErrors, ok, page_error, render_error, see_other};
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/deliberation", get(list))
        .route("/deliberation/pending", get(pending))
        .route("/deliberation/proposals/{id}", get(show))
        .route("/deliberation/proposals/{id}/act", axum::routing::post(act))
        .route(
            "/deliberation/proposals/{id}/vote",
            get(confirm_vote).post(vote),
        )
        .route(
            "/deliberation/proposals/{id}/ballot",
            axum::routing::post(cast_ballot),
        )
}

/// `2026-12-03 16:40 UTC`, and the RFC 3339 form for `datetime`.
pub struct When {
    pub iso: String,
    pub shown: String,
}

/// A moment: its date as the viewer's language writes it, and the time of
/// day in UTC.
fn when(v: &Viewer, t: OffsetDateTime) -> When {
    let ms = (t.unix_timestamp_nanos() / 1_000_000) as i64;
    When {
        iso: t
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        shown: format!("{} {:02}:{:02} UTC", v.date(ms), t.hour(), t.minute()),
    }
}

fn when_ms(v: &Viewer, ms: Option<i64>) -> Option<When> {
    ms.map(|ms| when(v, delib::at_ms(ms)))
}

pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub kind: String,
    pub procedure: String,
    pub stage: String,
    pub deadline: Option<When>,
}

fn row_of(v: &Viewer, l: &Loaded) -> ListRow {
    ListRow {
        id: l.row.id,
        title: l.row.title.clone(),
        body: l.row.body.clone(),
        kind: l.row.kind.clone(),
        procedure: l.row.procedure.clone(),
        stage: l.row.stage.clone(),
        deadline: when_ms(v, l.row.next_due_ms),
    }
}

/// The filter choices of the list.
const STAGES: [&str; 9] = [
    "draft",
    "consultation",
    "negotiation",
    "decision",
    "decided",
    "adopted",
    "rejected",
    "withdrawn",
    "lapsed",
];

#[derive(Template)]
#[template(path = "deliberation_list.html")]
struct ListPage<'a> {
    v: &'a Viewer,
    rows: Vec<ListRow>,
    total: i64,
    stages: [&'static str; 9],
    stage: String,
    signed_in: bool,
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    stage: String,
}

async fn list(v: Viewer, State(state): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let stage = STAGES
        .iter()
        .find(|s| **s == q.stage)
        .map(|s| (*s).to_owned())
        .unwrap_or_default();
    let filter = ProposalFilter {
        stages: delib::stages_of(&stage).unwrap_or_default(),
        limit: 200,
        ..Default::default()
    };
    let (items, total) = match delib::list(&state, &filter).await {
        Ok(r) => r,
        Err(e) => return page_error(&v, &e),
    };
    let page = ListPage {
        signed_in: v.actor() != waico_members::Actor::Anonymous,
        v: &v,
        rows: items.iter().map(|l| row_of(&v, l)).collect(),
        total,
        stages: STAGES,
        stage,
    };
    ok(&v, &page)
}

#[derive(Template)]
#[template(path = "deliberation_pending.html")]
struct PendingPage<'a> {
    v: &'a Viewer,
    rows: Vec<ListRow>,
    notices: Vec<NoticeRow>,
}

/// A notice on the pending page.
pub struct NoticeRow {
    pub proposal_id: i64,
    pub event: String,
    pub at: When,
    pub text: String,
}

async fn pending(v: Viewer, State(state): State<AppState>) -> Response {
    let items = match delib::pending_for(&state, &v.actor(), OffsetDateTime::now_utc()).await {
        Ok(items) => items,
        Err(e) => return page_error(&v, &e),
    };
    let notices = match &v.user {
        Some(u) => match delib::notices::notices_for(&state, u.id, &v.tr).await {
            Ok(n) => n,
            Err(e) => return page_error(&v, &e),
        },
        None => Vec::new(),
    };
    ok(
        &v,
        &PendingPage {
            v: &v,
            rows: items.iter().map(|l| row_of(&v, l)).collect(),
            notices: notices
                .into_iter()
                .map(|n| NoticeRow {
                    proposal_id: n.proposal_id,
                    event: n.event,
                    at: when(&v, delib::at_ms(n.created_at)),
                    text: n.text,
                })
                .collect(),
        },
    )
}

/// A statement or comment as shown.
pub struct Said {
    pub state: String,
    pub at: When,
    pub text: String,
    pub reply_to: Option<u32>,
    pub id: u32,
}

pub struct AmendmentRow {
    pub id: u32,
    pub state: String,
    pub paragraph: usize,
    pub text: String,
    pub status: String,
    pub tally: String,
}

pub struct VersionRow {
    pub number: u32,
    pub at: When,
    pub origin: String,
}

/// A word run of the diff: `same`, `added` or `removed`.
pub struct Run {
    pub change: &'static str,
    pub text: String,
}

fn change_of(c: Change) -> &'static str {
    match c {
        Change::Same => "same",
        Change::Added => "added",
        Change::Removed => "removed",
    }
}

pub struct RoundRow {
    pub number: u32,
    pub standings: String,
    pub action: String,
}

#[derive(Template)]
#[template(path = "deliberation_proposal.html")]
struct ProposalPage<'a> {
    v: &'a Viewer,
    id: i64,
    title: String,
    body: String,
    author: String,
    kind: String,
    kind_detail: String,
    procedure: String,
    stage: String,
    deadlines: Vec<(&'static str, When)>,
    paragraphs: Vec<String>,
    co_sponsors: Vec<String>,
    versions: Vec<VersionRow>,
    diff_from: u32,
    diff_to: u32,
    diff: Vec<Vec<Run>>,
    comments: Vec<Said>,
    amendments: Vec<AmendmentRow>,
    /// Objections, breaks of silence, explanations of vote.
    statements: Vec<(&'static str, Vec<Said>)>,
    voted: Vec<String>,
    open: bool,
    outcome: String,
    tally_chart: String,
    roll_call: Vec<(String, String)>,
    rounds: Vec<RoundRow>,
    winners: Vec<String>,
    ledger_index: Option<i64>,
    /// The framework or rulepack version an amendment carries.
    carried: Option<delib::effects::CarriedVersion>,
    /// The viewer acts for a state here.
    delegate: bool,
    candidates: Vec<String>,
    errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
struct ShowQuery {
    #[serde(default)]
    from: Option<u32>,
    #[serde(default)]
    to: Option<u32>,
}

fn said(v: &Viewer, s: &waico_deliberation::discussion::Statement) -> Said {
    Said {
        state: s.state.as_str().to_owned(),
        at: when(v, s.at),
        text: s.text.as_str().to_owned(),
        reply_to: None,
        id: 0,
    }
}

fn tally_text(t: &waico_deliberation::RecordedTally) -> String {
    format!("{} / {} / {}", t.yes, t.no, t.abstain)
}

async fn proposal_page(
    v: &Viewer,
    state: &AppState,
    id: i64,
    q: &ShowQuery,
    errors: FormErrors,
) -> Response {
    let loaded = match delib::get(state, id).await {
        Ok(l) => l,
        Err(e) => return page_error(v, &e),
    };
    let secret_voters = delib::secret_voters(state, id).await.unwrap_or_default();
    let view = delib::view(&loaded, &secret_voters);
    let p = &loaded.proposal;
    let versions = p.versions();
    let last = versions.len() as u32;
    let diff_to = q.to.filter(|n| (1..=last).contains(n)).unwrap_or(last);
    let diff_from = q
        .from
        .filter(|n| (1..=last).contains(n))
        .unwrap_or(diff_to.saturating_sub(1).max(1));
    let text_of = |n: u32| &versions[(n - 1) as usize].text;
    let diff = diff(text_of(diff_from), text_of(diff_to))
        .into_iter()
        .map(|d| match d {
            ParagraphDiff::Same(t) => vec![Run {
                change: "same",
                text: t,
            }],
            ParagraphDiff::Added(t) => vec![Run {
                change: "added",
                text: t,
            }],
            ParagraphDiff::Removed(t) => vec![Run {
                change: "removed",
                text: t,
            }],
            ParagraphDiff::Changed(runs) => runs
                .into_iter()
                .map(|r| Run {
                    change: change_of(r.change),
                    text: r.text,
                })
                .collect(),
        })
        .collect();
    let s = &p.schedule;
    let candidates = match &p.kind {
        ProposalKind::Election { candidates, .. } => candidates.clone(),
        _ => Vec::new(),
    };
    let kind_detail = match &p.kind {
        ProposalKind::Admission { state }
        | ProposalKind::Suspension { state }
        | ProposalKind::Reinstatement { state } => state.as_str().to_owned(),
        ProposalKind::Election {
            office,
            seats,
            candidates,
        } => format!("{office} ({seats}): {}", candidates.join(", ")),
        ProposalKind::Amendment { name, .. } => name.clone(),
        ProposalKind::AllocationPolicy { parameters } => parameters.to_string(),
        ProposalKind::Resolution => String::new(),
    };
    let (mut tally_rows, mut roll_call, mut rounds, mut winners) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let name_of = |c: u16| {
        candidates
            .get(usize::from(c))
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    if let Some(d) = p.decision() {
        match &d.result {
            DecisionResult::RecordedVote {
                tally,
                roll_call: rc,
            } => {
                tally_rows = vec![
                    (v.t("deliberation-choice-yes"), i64::from(tally.yes)),
                    (v.t("deliberation-choice-no"), i64::from(tally.no)),
                    (v.t("deliberation-choice-abstain"), i64::from(tally.abstain)),
                    (v.t("deliberation-choice-absent"), i64::from(tally.absent)),
                ];
                roll_call = rc
                    .iter()
                    .map(|(s, c)| {
                        (
                            s.as_str().to_owned(),
                            v.t(&format!("deliberation-choice-{}", c.slug())),
                        )
                    })
                    .collect();
            }
            DecisionResult::SecretBallot {
                result, winners: w, ..
            } => {
                let labels: Vec<String> = if candidates.is_empty() {
                    ["yes", "no", "abstain"]
                        .iter()
                        .map(|c| v.t(&format!("deliberation-choice-{c}")))
                        .collect()
                } else {
                    candidates.clone()
                };
                tally_rows = labels
                    .into_iter()
                    .zip(&result.counts)
                    .map(|(l, n)| (l, *n as i64))
                    .collect();
                winners = w.clone();
            }
            DecisionResult::RankedChoice {
                count, winners: w, ..
            } => {
                winners = w.clone();
                if let Some(count) = count {
                    rounds = count
                        .rounds
                        .iter()
                        .map(|r| RoundRow {
                            number: r.number,
                            standings: r
                                .standings
                                .iter()
                                .map(|s| {
                                    format!("{} {:.2}", name_of(s.candidate.0), s.votes.as_f64())
                                })
                                .collect::<Vec<_>>()
                                .join(" · "),
                            action: match &r.action {
                                RoundAction::Elected { candidates }
                                | RoundAction::FilledRemaining { candidates } => format!(
                                    "{}: {}",
                                    v.t("deliberation-elected"),
                                    candidates
                                        .iter()
                                        .map(|c| name_of(c.0))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                                RoundAction::SurplusTransferred { from, .. } => {
                                    format!("{}: {}", v.t("deliberation-surplus"), name_of(from.0))
                                }
                                RoundAction::Eliminated { candidate, .. } => format!(
                                    "{}: {}",
                                    v.t("deliberation-eliminated"),
                                    name_of(candidate.0)
                                ),
                            },
                        })
                        .collect();
                }
            }
            DecisionResult::Consensus { objections: list }
            | DecisionResult::Silence { broken_by: list } => {
                roll_call = list
                    .iter()
                    .map(|s| (s.as_str().to_owned(), v.t("deliberation-stood-against")))
                    .collect();
            }
        }
    }
    let tally_chart = if tally_rows.is_empty() {
        String::new()
    } else {
        v.bar_chart(
            "deliberation-tally",
            "deliberation-choice",
            "deliberation-votes",
            &tally_rows,
        )
        .render()
        .unwrap_or_default()
    };
    let delegate = v.actor() != waico_members::Actor::Anonymous
        && delib::acting_state(&v.actor(), None).is_ok();
    let page = ProposalPage {
        v,
        id,
        title: p.title.clone(),
        body: p.body.clone(),
        author: p.author.as_str().to_owned(),
        kind: p.kind.slug().to_owned(),
        kind_detail,
        procedure: p.procedure.slug().to_owned(),
        stage: p.stage().slug().to_owned(),
        deadlines: vec![
            (
                "deliberation-consultation-until",
                when(v, s.consultation_until),
            ),
            (
                "deliberation-negotiation-until",
                when(v, s.negotiation_until),
            ),
            (
                "deliberation-amendment-votes-until",
                when(v, s.amendment_votes_until),
            ),
            ("deliberation-decision-until", when(v, s.decision_until)),
        ],
        paragraphs: p
            .current_text()
            .paragraphs()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        co_sponsors: view.co_sponsors.clone(),
        versions: versions
            .iter()
            .map(|t| VersionRow {
                number: t.number,
                at: when(v, t.at),
                origin: serde_json::to_value(t.origin)
                    .ok()
                    .and_then(|o| o["origin"].as_str().map(str::to_owned))
                    .unwrap_or_default(),
            })
            .collect(),
        diff_from,
        diff_to,
        diff,
        comments: p
            .comments()
            .iter()
            .map(|c| Said {
                state: c
                    .state
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_else(|| v.t("deliberation-secretariat")),
                at: when(v, c.at),
                text: c.text.as_str().to_owned(),
                reply_to: c.parent,
                id: c.id,
            })
            .collect(),
        amendments: p
            .amendments()
            .iter()
            .map(|a| AmendmentRow {
                id: a.id,
                state: a.state.as_str().to_owned(),
                paragraph: a.paragraph + 1,
                text: a.replacement.as_str().to_owned(),
                status: serde_json::to_value(a.status)
                    .ok()
                    .and_then(|s| s.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                tally: a.tally.as_ref().map(tally_text).unwrap_or_default(),
            })
            .collect(),
        statements: vec![
            (
                "deliberation-objections",
                p.objections().iter().map(|s| said(v, s)).collect(),
            ),
            (
                "deliberation-silence-breaks",
                p.silence_breaks().iter().map(|s| said(v, s)).collect(),
            ),
            (
                "deliberation-explanations",
                p.explanations().iter().map(|s| said(v, s)).collect(),
            ),
        ],
        voted: view.voted,
        open: !p.stage().is_final(),
        outcome: p
            .decision()
            .map(|d| d.outcome.slug().to_owned())
            .unwrap_or_default(),
        tally_chart,
        roll_call,
        rounds,
        winners,
        ledger_index: loaded.row.ledger_index,
        carried: delib::effects::carried_version(state, &loaded)
            .await
            .unwrap_or_default(),
        delegate,
        candidates,
        errors,
    };
    let status = if page.errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    super::render(v, status, &page)
}

async fn show(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return render_error(&v, StatusCode::NOT_FOUND);
    };
    proposal_page(&v, &state, id, &q, FormErrors::default()).await
}

/// An act submitted from the proposal page.
#[derive(Debug, Default, Deserialize)]
struct ActForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    amendment: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    choice: String,
    /// Candidates' numbers, most preferred first, separated by commas.
    #[serde(default)]
    ranking: String,
}

fn step_of(form: &ActForm) -> Result<Step, OpError> {
    let number = |field: &'static str, raw: &str| {
        raw.trim()
            .parse::<u32>()
            .map_err(|_| OpError::from(waico_members::Invalid::new(field, "err-required")))
    };
    let text = form.text.clone();
    Ok(match form.action.as_str() {
        "co_sponsor" => Step::CoSponsor,
        "submit" => Step::Submit,
        "withdraw" => Step::Withdraw,
        "revise" => Step::Revise { text },
        "comment" => Step::Comment {
            parent: number("parent", &form.parent).ok(),
            text,
        },
        "object" => Step::Object { text },
        "break_silence" => Step::BreakSilence { text },
        "explain" => Step::Explain { text },
        "amend" => Step::Amend {
            paragraph: (number("paragraph", &form.paragraph)?.max(1) - 1) as usize,
            text,
        },
        "accept_amendment" => Step::AcceptAmendment {
            amendment: number("amendment", &form.amendment)?,
        },
        "vote_amendment" => Step::VoteAmendment {
            amendment: number("amendment", &form.amendment)?,
            choice: form.choice.clone(),
        },
        "rank" => Step::Rank {
            ranking: form
                .ranking
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    s.trim()
                        .parse::<u16>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .ok_or_else(|| {
                            OpError::from(waico_members::Invalid::new(
                                "ranking",
                                "err-unknown-candidate",
                            ))
                        })
                })
                .collect::<Result<_, _>>()?,
        },
        _ => {
            return Err(waico_members::Invalid::new("action", "err-invalid-choice").into());
        }
    })
}

async fn act(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ActForm>,
) -> Response {
    let result = match step_of(&form) {
        Ok(step) => {
            delib::perform(
                &state,
                &v.actor(),
                id,
                None,
                &step,
                OffsetDateTime::now_utc(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other(&format!("/deliberation/proposals/{id}")),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => proposal_page(&v, &state, id, &ShowQuery::default(), errors).await,
            None => page_error(&v, &e),
        },
    }
}

#[derive(Template)]
#[template(path = "deliberation_vote.html")]
struct ConfirmPage<'a> {
    v: &'a Viewer,
    id: i64,
    title: String,
    choice: String,
    state: String,
}

#[derive(Debug, Default, Deserialize)]
struct VoteQuery {
    #[serde(default)]
    choice: String,
}

/// The confirmation step: what will be cast, for which state.
async fn confirm_vote(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<VoteQuery>,
) -> Response {
    let country = match delib::acting_state(&v.actor(), None) {
        Ok(c) => c,
        Err(e) => return page_error(&v, &e),
    };
    if waico_deliberation::VoteChoice::parse(&q.choice).is_err() {
        return render_error(&v, StatusCode::BAD_REQUEST);
    }
    let loaded = match delib::get(&state, id).await {
        Ok(l) => l,
        Err(e) => return page_error(&v, &e),
    };
    ok(
        &v,
        &ConfirmPage {
            v: &v,
            id,
            title: loaded.proposal.title.clone(),
            choice: q.choice.clone(),
            state: country.as_str().to_owned(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
struct VoteForm {
    #[serde(default)]
    choice: String,
}

async fn vote(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<VoteForm>,
) -> Response {
    let step = Step::Vote {
        choice: form.choice,
    };
    match delib::perform(
        &state,
        &v.actor(),
        id,
        None,
        &step,
        OffsetDateTime::now_utc(),
    )
    .await
    {
        Ok(_) => see_other(&format!("/deliberation/proposals/{id}?ok=voted")),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => proposal_page(&v, &state, id, &ShowQuery::default(), errors).await,
            None => page_error(&v, &e),
        },
    }
}

#[derive(Template)]
#[template(path = "deliberation_ballot.html")]
struct BallotCastPage<'a> {
    v: &'a Viewer,
    id: i64,
    title: String,
    state: String,
    tracker: String,
}

#[derive(Debug, Default, Deserialize)]
struct BallotForm {
    /// The encrypted ballot with its proofs, as `waico deliberation
    /// encrypt` prints it.
    #[serde(default)]
    ballot: String,
}

/// A secret ballot pasted into the proposal page: checked and cast for the
/// state it names; the confirmation shows the tracker to keep.
async fn cast_ballot(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<BallotForm>,
) -> Response {
    let ballot =
        serde_json::from_str::<waico_deliberation::secret::EncryptedBallot>(form.ballot.trim())
            .map_err(|_| {
                OpError::from(waico_members::Invalid::new(
                    "ballot",
                    "deliberation-err-ballot",
                ))
            });
    let result = match &ballot {
        Ok(b) => {
            delib::cast_secret_ballot(
                &state,
                &v.actor(),
                id,
                Some(&b.voter),
                b,
                OffsetDateTime::now_utc(),
            )
            .await
        }
        Err(e) => Err(OpError::Invalid(match e {
            OpError::Invalid(list) => list.clone(),
            _ => Vec::new(),
        })),
    };
    match result {
        Ok(tracker) => {
            let title = delib::get(&state, id)
                .await
                .map(|l| l.proposal.title)
                .unwrap_or_default();
            ok(
                &v,
                &BallotCastPage {
                    v: &v,
                    id,
                    title,
                    state: ballot.map(|b| b.voter).unwrap_or_default(),
                    tracker,
                },
            )
        }
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => proposal_page(&v, &state, id, &ShowQuery::default(), errors).await,
            None => page_error(&v, &e),
        },
    }
}

impl Viewer {
    /// The name of a stage, kind, procedure or choice (`slug` as stored).
    pub fn delib(&self, what: &str, slug: &str) -> String {
        self.t(&format!("deliberation-{what}-{}", slug.replace('_', "-")))
    }
}
