//! Warnings by e-mail before a legal incident's reporting deadline. A
//! warning goes once per duty, level (`running`: a quarter of the period or
//! less is left; `immediately`; `overdue`) and person, to the report's
//! author and its assignees while they may still see the report, in the
//! language each chose. Each warning is claimed in the store before it is
//! sent and given back when sending fails, so several processes never send
//! the same warning twice and a failed one is tried again on the next run.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use waico_i18n::Tr;
use waico_members::policy::Actor;
use waico_safety::report::Report;
use waico_safety::tlp::Shared;

use super::{DutyView, all_reports, duties_of, user_of, viewer_of};
use crate::error::OpError;
use crate::periodic::{self, First, Periodic};
use crate::state::AppState;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WarningRun {
    pub sent: usize,
    /// Claimed but not sent (the SMTP server refused): tried again next run.
    pub failed: usize,
}

/// Sends every warning due at `now` that was not sent before. Does nothing
/// when no SMTP server is configured.
pub async fn send_due_warnings(
    state: &AppState,
    now: OffsetDateTime,
) -> Result<WarningRun, OpError> {
    let mut run = WarningRun::default();
    if !state.settings.mailer.is_enabled() {
        return Ok(run);
    }
    for report in all_reports(state).await? {
        if report.legal.is_none() || !report.state().is_open() {
            continue;
        }
        let duties = duties_of(state, &report, now).await;
        for duty in duties.iter().filter(|d| d.warn) {
            for user_id in people_to_warn(&report) {
                warn_one(state, &report, duty, user_id, now, &mut run).await?;
            }
        }
    }
    Ok(run)
}

/// The author first, then the assignees, each once.
fn people_to_warn(report: &Report) -> Vec<i64> {
    let mut out = Vec::new();
    for member in std::iter::once(&report.origin.author).chain(report.assignees()) {
        if let Some(id) = user_of(member)
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

async fn warn_one(
    state: &AppState,
    report: &Report,
    duty: &DutyView,
    user_id: i64,
    now: OffsetDateTime,
    run: &mut WarningRun,
) -> Result<(), OpError> {
    let Ok(user) = state.store.user(user_id).await else {
        return Ok(());
    };
    if user.deactivated_at.is_some() || user.email.trim().is_empty() {
        return Ok(());
    }
    let actor = Actor::User {
        id: user.id,
        grants: user.grants.clone(),
        can_write: false,
    };
    if !report.visible_to(&viewer_of(state, &actor).await?) {
        return Ok(());
    }
    let key = format!("{}|{}|{}", duty.system, duty.jurisdiction, duty.citation);
    let at = (now.unix_timestamp_nanos() / 1_000_000) as i64;
    let id = report.id.as_str();
    if !state
        .store
        .claim_safety_warning(id, &key, &duty.status, user.id, at)
        .await?
    {
        return Ok(());
    }
    let tr = Tr::new(user.language);
    let (subject, body) = message(&tr, report, duty, &state.settings.public_url);
    match state
        .settings
        .mailer
        .send(&user.email, &subject, body)
        .await
    {
        Ok(true) => run.sent += 1,
        Ok(false) | Err(_) => {
            state
                .store
                .release_safety_warning(id, &key, &duty.status, user.id)
                .await?;
            run.failed += 1;
        }
    }
    Ok(())
}

/// The subject and text of a warning, in `tr`'s language.
fn message(tr: &Tr, report: &Report, duty: &DutyView, public_url: &str) -> (String, String) {
    let title = report.content.title.to_string();
    let due = duty
        .deadline
        .as_deref()
        .and_then(|t| OffsetDateTime::parse(t, &Rfc3339).ok())
        .and_then(|t| waico_i18n::format_date(tr.lang, t.year(), t.month() as u8, t.day()))
        .unwrap_or_default();
    let hours = duty
        .hours_left
        .or(duty.hours_late)
        .map(|h| waico_i18n::format_integer(tr.lang, h))
        .unwrap_or_default();
    let duty_name = format!("{} · {}", duty.jurisdiction, duty.citation);
    let authority = duty.recipients.join(", ");
    let key = match duty.status.as_str() {
        "overdue" => "safety-mail-overdue",
        "immediately" => "safety-mail-immediately",
        _ => "safety-mail-running",
    };
    let subject = tr.a("safety-mail-subject", &[("title", &title)]);
    let link = format!(
        "{}/safety/reports/{}",
        public_url.trim_end_matches('/'),
        report.id
    );
    let body = format!(
        "{}\n\n{}\n{link}\n",
        tr.a(
            key,
            &[
                ("title", &title),
                ("duty", &duty_name),
                ("authority", &authority),
                ("due", &due),
                ("hours", &hours),
            ],
        ),
        tr.t("safety-mail-link"),
    );
    (subject, body)
}

/// Sends due warnings every `every` while the returned task lives (`serve`
/// keeps it); `None` when no SMTP server is configured.
pub fn start_warnings(state: &AppState, every: std::time::Duration) -> Option<Periodic> {
    if !state.settings.mailer.is_enabled() {
        return None;
    }
    let state = state.clone();
    Some(periodic::every(every, First::Now, move || {
        let state = state.clone();
        async move {
            match send_due_warnings(&state, OffsetDateTime::now_utc()).await {
                Ok(run) if run.sent + run.failed > 0 => {
                    tracing::info!(
                        sent = run.sent,
                        failed = run.failed,
                        "safety deadline warnings"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "safety deadline warnings failed"),
            }
        }
    }))
}
