//! Notices of the capacity exchange: when a round's result is published,
//! each requester learns what their requests got and each provider what
//! their offers gave; when a match is published, each applicant learns
//! their program. One notice per person and publication, written in the
//! publishing transaction; listed on `/capacity` and by the API; sent by
//! e-mail when an SMTP server is configured. A notice is claimed in the
//! store before it is mailed and given back when sending fails, so several
//! processes sharing the database never send it twice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use waico_capacity::allocation::RoundResult;
use waico_capacity::matching::MatchResult;
use waico_i18n::Tr;
use waico_members::policy::Actor;
use waico_store::capacity::{ApplicationRow, NewNotice, NoticeRow, OfferRow, RequestRow};

use super::{CapError, CapResult};
use crate::AppState;
use crate::error::OpError;

/// What a request got in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeRequest {
    pub request: String,
    /// Reference hours allocated.
    pub delivered: f64,
    pub wanted: f64,
    /// The constraint that bound it (`met`, `capacity`, `minimum`, …).
    pub binding: String,
}

/// What an offer gave in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NoticeOffer {
    pub offer: String,
    /// Accelerator-hours allocated from it.
    pub allocated: f64,
}

/// A notice's content as stored (JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoticeBody {
    /// The round's or the match's title.
    pub title: String,
    #[serde(default)]
    pub requests: Vec<NoticeRequest>,
    #[serde(default)]
    pub offers: Vec<NoticeOffer>,
    /// A match: the program the applicant is matched to (none: unmatched).
    #[serde(default)]
    pub program: Option<String>,
}

/// A notice as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = CapacityNoticeView)]
pub struct NoticeView {
    pub id: i64,
    /// `round` or `match`.
    pub kind: String,
    /// The round's or the match's id.
    pub subject: String,
    pub title: String,
    pub requests: Vec<NoticeRequest>,
    pub offers: Vec<NoticeOffer>,
    pub program: Option<String>,
    /// The notice in the reader's language, one line each.
    pub text: Vec<String>,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    /// Whether it was sent by e-mail.
    pub mailed: bool,
}

fn encode(body: &NoticeBody) -> CapResult<String> {
    serde_json::to_string(body).map_err(|e| CapError::Op(OpError::Internal(e.to_string())))
}

/// The notices of a published round: to each requester (by who submitted
/// the request) and each provider (by who offered), one per person.
pub fn round_notices(
    title: &str,
    result: &RoundResult,
    requests: &[RequestRow],
    offers: &[OfferRow],
) -> CapResult<Vec<NewNotice>> {
    let mut by_user: BTreeMap<i64, NoticeBody> = BTreeMap::new();
    let submitter: BTreeMap<&str, i64> = requests
        .iter()
        .filter_map(|r| r.submitted_by.map(|u| (r.slug.as_str(), u)))
        .collect();
    let mut given: BTreeMap<&str, f64> = BTreeMap::new();
    for e in &result.explanations {
        for g in &e.grants {
            *given.entry(g.offer.as_str()).or_insert(0.0) += g.accelerator_hours;
        }
        if let Some(user) = submitter.get(e.request.as_str()) {
            by_user
                .entry(*user)
                .or_default()
                .requests
                .push(NoticeRequest {
                    request: e.request.clone(),
                    delivered: e.delivered,
                    wanted: e.wanted,
                    binding: super::binding_name(&e.binding).to_owned(),
                });
        }
    }
    for o in offers {
        if let Some(user) = o.provider_user_id {
            by_user.entry(user).or_default().offers.push(NoticeOffer {
                offer: o.slug.clone(),
                allocated: given.get(o.slug.as_str()).copied().unwrap_or(0.0),
            });
        }
    }
    by_user
        .into_iter()
        .map(|(user_id, mut body)| {
            body.title = title.to_owned();
            Ok(NewNotice {
                user_id,
                body: encode(&body)?,
            })
        })
        .collect()
}

/// The notices of a published match: to each applicant with an account.
pub fn match_notices(
    title: &str,
    result: &MatchResult,
    applications: &[ApplicationRow],
) -> CapResult<Vec<NewNotice>> {
    let program: BTreeMap<&str, Option<String>> = result
        .assignments
        .iter()
        .map(|a| (a.applicant.as_str(), a.program.clone()))
        .collect();
    applications
        .iter()
        .filter_map(|a| a.user_id.map(|u| (u, a)))
        .map(|(user_id, a)| {
            let body = NoticeBody {
                title: title.to_owned(),
                program: program.get(a.applicant.as_str()).cloned().flatten(),
                ..NoticeBody::default()
            };
            Ok(NewNotice {
                user_id,
                body: encode(&body)?,
            })
        })
        .collect()
}

fn hours(tr: &Tr, h: f64) -> String {
    waico_i18n::format_integer(tr.lang, h.round() as i64)
}

/// A notice in `tr`'s language: its subject and its lines.
pub fn words(tr: &Tr, kind: &str, body: &NoticeBody) -> (String, Vec<String>) {
    let title = body.title.as_str();
    if kind == "match" {
        let line = match &body.program {
            Some(p) => tr.a(
                "capacity-notice-matched",
                &[("title", title), ("name", p.as_str())],
            ),
            None => tr.a("capacity-notice-unmatched", &[("title", title)]),
        };
        return (
            tr.a("capacity-notice-match-subject", &[("title", title)]),
            vec![line],
        );
    }
    let mut lines = vec![tr.a("capacity-notice-round", &[("title", title)])];
    for r in &body.requests {
        lines.push(tr.a(
            "capacity-notice-request",
            &[
                ("name", r.request.as_str()),
                ("value", &hours(tr, r.delivered)),
                ("max", &hours(tr, r.wanted)),
            ],
        ));
    }
    for o in &body.offers {
        lines.push(tr.a(
            "capacity-notice-offer",
            &[
                ("name", o.offer.as_str()),
                ("value", &hours(tr, o.allocated)),
            ],
        ));
    }
    (
        tr.a("capacity-notice-round-subject", &[("title", title)]),
        lines,
    )
}

fn decode(row: &NoticeRow) -> CapResult<NoticeBody> {
    serde_json::from_str(&row.body).map_err(|e| CapError::Op(OpError::Internal(e.to_string())))
}

/// The signed-in person's notices, newest first, in their language.
pub async fn my_notices(state: &AppState, actor: &Actor, tr: &Tr) -> CapResult<Vec<NoticeView>> {
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated.into());
    };
    let mut out = Vec::new();
    for row in state.store.user_capacity_notices(*id).await? {
        let body = decode(&row)?;
        let (_, text) = words(tr, &row.kind, &body);
        out.push(NoticeView {
            id: row.id,
            kind: row.kind,
            subject: row.subject,
            title: body.title,
            requests: body.requests,
            offers: body.offers,
            program: body.program,
            text,
            created_at: row.created_at,
            mailed: row.mailed_at.is_some(),
        });
    }
    Ok(out)
}

/// What one mailing run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NoticeRun {
    pub sent: usize,
    /// Claimed but not sent (the SMTP server refused): given back for the next run.
    pub failed: usize,
}

/// Mails every notice no process has claimed yet, each to its person in
/// their language. Does nothing when no SMTP server is configured.
pub async fn send_notices(state: &AppState) -> CapResult<NoticeRun> {
    let mut run = NoticeRun::default();
    if !state.settings.mailer.is_enabled() {
        return Ok(run);
    }
    let base = state.settings.public_url.trim_end_matches('/').to_owned();
    loop {
        let batch = state.store.unmailed_capacity_notices(100).await?;
        if batch.is_empty() {
            return Ok(run);
        }
        let mut claimed_any = false;
        for row in batch {
            let at = waico_store::now_ms();
            if !state.store.claim_capacity_notice(row.id, at).await? {
                continue;
            }
            claimed_any = true;
            let user = match state.store.user(row.user_id).await {
                Ok(u) if u.deactivated_at.is_none() && !u.email.trim().is_empty() => u,
                // No one to write to: the notice stays claimed (listed, not mailed again).
                _ => continue,
            };
            let tr = Tr::new(user.language);
            let body = decode(&row)?;
            let (subject, lines) = words(&tr, &row.kind, &body);
            let path = match row.kind.as_str() {
                "match" => format!("/capacity/matches/{}", row.subject),
                _ => format!("/capacity/rounds/{}", row.subject),
            };
            let text = format!(
                "{}\n\n{}\n{base}{path}\n",
                lines.join("\n"),
                tr.t("capacity-notice-link")
            );
            match state
                .settings
                .mailer
                .send(&user.email, &subject, text)
                .await
            {
                Ok(true) => run.sent += 1,
                Ok(false) | Err(_) => {
                    state.store.release_capacity_notice(row.id).await?;
                    run.failed += 1;
                }
            }
        }
        // Everything left is another process's or failed now: try next time.
        if !claimed_any || run.failed > 0 {
            return Ok(run);
        }
    }
}

/// Mails the notices in the background after a publication (when an SMTP
/// server is configured); a failure is logged and retried by the next one.
pub fn mail_in_background(state: &AppState) {
    if !state.settings.mailer.is_enabled() {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        match send_notices(&state).await {
            Ok(run) if run.failed > 0 => {
                tracing::warn!(failed = run.failed, "capacity notices not mailed")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "capacity notices not mailed"),
        }
    });
}
