//! Notices to delegates: a proposal entered the decision stage, its vote
//! closes within a day and the delegate's state has not voted, its result
//! was published. Each notice is stored once per proposal, event and
//! recipient (the table's key), shown on the delegate's pending page, and
//! sent by e-mail when an SMTP server is configured. A process claims a
//! notice's mail before sending it and gives the claim back when sending
//! fails, so several processes sharing one database never send one twice
//! and a failed one is sent on a later run.

use time::{Duration, OffsetDateTime};
use waico_deliberation::{Body, Stage, UserRef};
use waico_i18n::Tr;
use waico_members::{CountryCode, RoleGrant};
use waico_store::{NoticeRow, ProposalFilter};

use super::{Loaded, body_for, list, load_body, ms, secret_voters};
use crate::{AppState, OpError};

/// How long before the close a vote's delegates are reminded.
pub const DEADLINE_NEAR: Duration = Duration::hours(24);
/// Results of decisions older than this are not announced (a node that
/// starts with old decisions does not announce them).
const RESULT_WITHIN: Duration = Duration::days(7);
/// Notices older than this are not mailed any more.
const MAIL_WITHIN: Duration = Duration::days(2);
/// A mail claim older than this was abandoned (its process died).
const CLAIM_STALE: Duration = Duration::minutes(10);

pub const DECISION_OPEN: &str = "decision_open";
pub const DEADLINE: &str = "deadline_near";
pub const RESULT: &str = "result";

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NoticeRun {
    /// Notices stored by this run.
    pub made: usize,
    pub mailed: usize,
    /// Claimed but not sent (the SMTP server refused): tried again later.
    pub failed: usize,
}

/// Makes the notices due at `now`, then mails those not mailed yet (when
/// an SMTP server is configured).
pub async fn run(state: &AppState, now: OffsetDateTime) -> Result<NoticeRun, OpError> {
    let mut out = NoticeRun {
        made: make(state, now).await?,
        ..Default::default()
    };
    if state.settings.mailer.is_enabled() {
        mail(state, now, &mut out).await?;
    }
    Ok(out)
}

/// The active users holding a delegate role, with the state.
async fn delegates(state: &AppState) -> Result<Vec<(i64, CountryCode)>, OpError> {
    let mut out = Vec::new();
    for user in state.store.list_users().await? {
        if user.deactivated_at.is_some() {
            continue;
        }
        for g in &user.grants {
            if let RoleGrant::Delegate { country } = g {
                out.push((user.id, *country));
            }
        }
    }
    Ok(out)
}

/// Whether `user` acts for `state` in `body` (the named delegation, or any
/// holder of the state's delegate role when it named none).
fn acts(body: &Body, user: i64, state: CountryCode) -> bool {
    let Ok(user) = UserRef::parse(&format!("user-{user}")) else {
        return false;
    };
    body_for(body.clone(), &user, state).acts_for(&user, &state)
}

fn notice(id: i64, event: &str, user: i64, state: CountryCode, now: i64) -> NoticeRow {
    NoticeRow {
        proposal_id: id,
        event: event.to_owned(),
        user_id: user,
        state: state.as_str().to_owned(),
        created_at: now,
        mail_claimed_at: None,
        mailed_at: None,
    }
}

/// Stores the notices due at `now` that do not exist yet; answers how many.
pub async fn make(state: &AppState, now: OffsetDateTime) -> Result<usize, OpError> {
    let people = delegates(state).await?;
    if people.is_empty() {
        return Ok(0);
    }
    let at = ms(now);
    let mut rows = Vec::new();
    let (open, _) = list(
        state,
        &ProposalFilter {
            stages: vec!["decision".into()],
            limit: 500,
            ..Default::default()
        },
    )
    .await?;
    for Loaded { row, proposal } in &open {
        let body = load_body(state, &proposal.body).await?;
        let closes = proposal.schedule.decision_until;
        let near = now < closes && closes - now <= DEADLINE_NEAR;
        let mut voted: Vec<String> = proposal
            .voted_states()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        if near {
            voted.extend(secret_voters(state, row.id).await?);
        }
        for &(user, country) in &people {
            if body.voting_right(&country).is_err() || !acts(&body, user, country) {
                continue;
            }
            rows.push(notice(row.id, DECISION_OPEN, user, country, at));
            if near && !voted.iter().any(|v| v == country.as_str()) {
                rows.push(notice(row.id, DEADLINE, user, country, at));
            }
        }
    }
    let (decided, _) = list(
        state,
        &ProposalFilter {
            stages: ["adopted", "rejected", "lapsed"]
                .map(str::to_owned)
                .to_vec(),
            limit: 100,
            ..Default::default()
        },
    )
    .await?;
    let since = ms(now - RESULT_WITHIN);
    for Loaded { row, proposal } in &decided {
        if row.decided_at.is_none_or(|d| d < since) {
            continue;
        }
        let body = load_body(state, &proposal.body).await?;
        for &(user, country) in &people {
            if body.seat_of(&country).is_some() && acts(&body, user, country) {
                rows.push(notice(row.id, RESULT, user, country, at));
            }
        }
    }
    Ok(state.store.add_notices(&rows).await?)
}

async fn mail(state: &AppState, now: OffsetDateTime, out: &mut NoticeRun) -> Result<(), OpError> {
    let at = ms(now);
    let stale = ms(now - CLAIM_STALE);
    let due = state
        .store
        .unmailed_notices(ms(now - MAIL_WITHIN), stale, 200)
        .await?;
    for n in due {
        let Ok(user) = state.store.user(n.user_id).await else {
            continue;
        };
        if user.deactivated_at.is_some() || user.email.trim().is_empty() {
            continue;
        }
        let Ok(loaded) = super::get(state, n.proposal_id).await else {
            continue;
        };
        if !state.store.claim_notice_mail(&n, at, stale).await? {
            continue;
        }
        let tr = Tr::new(user.language);
        let (subject, body) = message(&tr, &n, &loaded, &state.settings.public_url);
        match state
            .settings
            .mailer
            .send(&user.email, &subject, body)
            .await
        {
            Ok(true) => {
                state.store.notice_mailed(&n, Some(at)).await?;
                out.mailed += 1;
            }
            Ok(false) | Err(_) => {
                state.store.notice_mailed(&n, None).await?;
                out.failed += 1;
            }
        }
    }
    Ok(())
}

/// The date and UTC time of `t` as `tr`'s language writes it.
fn shown(tr: &Tr, t: OffsetDateTime) -> String {
    let date =
        waico_i18n::format_date(tr.lang, t.year(), t.month() as u8, t.day()).unwrap_or_default();
    format!("{date} {:02}:{:02} UTC", t.hour(), t.minute())
}

/// What a notice says, in `tr`'s language: its line on the pending page.
pub fn text(tr: &Tr, event: &str, state: &str, loaded: &Loaded) -> String {
    let p = &loaded.proposal;
    let title = p.title.as_str();
    let due = shown(tr, p.schedule.decision_until);
    match event {
        DECISION_OPEN => tr.a(
            "deliberation-notice-decision-open",
            &[("title", title), ("due", &due)],
        ),
        DEADLINE => tr.a(
            "deliberation-notice-deadline-near",
            &[("title", title), ("due", &due), ("country", state)],
        ),
        _ => {
            let outcome = match p.stage() {
                s @ (Stage::Adopted | Stage::Rejected | Stage::Lapsed | Stage::Withdrawn) => {
                    tr.t(&format!("deliberation-stage-{}", s.slug()))
                }
                _ => String::new(),
            };
            tr.a(
                "deliberation-notice-result",
                &[("title", title), ("status", &outcome)],
            )
        }
    }
}

/// The subject and text of a notice's mail.
fn message(tr: &Tr, n: &NoticeRow, loaded: &Loaded, public_url: &str) -> (String, String) {
    let subject = tr.a(
        "deliberation-notice-subject",
        &[("title", loaded.proposal.title.as_str())],
    );
    let link = format!(
        "{}/deliberation/proposals/{}",
        public_url.trim_end_matches('/'),
        n.proposal_id
    );
    let body = format!(
        "{}\n\n{}\n{link}\n",
        text(tr, &n.event, &n.state, loaded),
        tr.t("deliberation-notice-link"),
    );
    (subject, body)
}

/// A notice as the delegate's pending page and the API list it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    pub proposal_id: i64,
    /// What happened: `decision_open`, `deadline_near` or `result`.
    pub event: String,
    /// The state the notice was sent for.
    pub state: String,
    /// Unix milliseconds.
    pub created_at: i64,
    /// The notice in the reader's language.
    pub text: String,
}

/// The user's latest notices, newest first, in `tr`'s language.
pub async fn notices_for(
    state: &AppState,
    user_id: i64,
    tr: &Tr,
) -> Result<Vec<NoticeView>, OpError> {
    let mut out = Vec::new();
    for n in state.store.notices_for(user_id, 50).await? {
        let Ok(loaded) = super::get(state, n.proposal_id).await else {
            continue;
        };
        out.push(NoticeView {
            text: text(tr, &n.event, &n.state, &loaded),
            proposal_id: n.proposal_id,
            event: n.event,
            state: n.state,
            created_at: n.created_at,
        });
    }
    Ok(out)
}
