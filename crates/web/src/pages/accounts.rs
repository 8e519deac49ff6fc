//! One's sessions and API tokens (with last use, each can be ended); the
//! audit page of changes of power over accounts (everything for the
//! secretariat, one's own record for everyone else); and the pages of
//! e-mailed links: asking for a password reset, and choosing a password
//! through an invitation or reset link.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use waico_store::{AccountEvent, ApiToken, SessionSummary};

use super::{FormErrors, page_error, render, see_other};
use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Viewer};
use crate::guard::{ClientAddress, SignInLimits};
use waico_app::OpError;
use waico_app::accounts;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/sessions", get(sessions))
        .route("/account/sessions/{handle}/end", post(end_session))
        .route("/account/sessions/end-others", post(end_others))
        .route("/accounts/audit", get(audit))
        .route("/signin/forgot", get(forgot_form).post(forgot))
        .route("/signin/link/{secret}", get(link_form).post(use_link))
}

/// A short description of a browser from its user-agent text: browser and
/// system, e.g. "Firefox · Linux"; "—" when nothing is recognised.
pub fn short_agent(agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("reqwest", "reqwest"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iOS"),
        ("iPad", "iPadOS"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| agent.contains(mark))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => "—".to_owned(),
    }
}

/// A session as listed: the stored summary, its short browser name and
/// whether it is the one this page is seen through.
struct SessionRow {
    s: SessionSummary,
    agent: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "accounts_sessions.html")]
struct SessionsPage<'a> {
    v: &'a Viewer,
    sessions: Vec<SessionRow>,
    tokens: Vec<ApiToken>,
    /// The identity providers the viewer signs in through, by name.
    providers: Vec<String>,
    notice: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Notice {
    #[serde(default)]
    ok: String,
}

async fn sessions(v: Viewer, State(state): State<AppState>, Query(n): Query<Notice>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    let current = v
        .session_hash()
        .map(|h| {
            h.chars()
                .take(waico_store::accounts::SESSION_HANDLE_CHARS)
                .collect::<String>()
        })
        .unwrap_or_default();
    let (list, tokens, issuers) = match (
        state.store.list_sessions(user.id).await,
        state.store.list_tokens(user.id).await,
        state.store.external_identities_of(user.id).await,
    ) {
        (Ok(s), Ok(t), Ok(i)) => (s, t, i),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return page_error(&v, &e.into()),
    };
    // The configured provider by its label; any other issuer (a provider
    // configured before) by its URL.
    let providers = issuers
        .into_iter()
        .map(|issuer| match &state.settings.single_sign_on {
            Some(sso) if sso.config().issuer == issuer => format!("{} ({issuer})", sso.label()),
            _ => issuer,
        })
        .collect();
    let sessions = list
        .into_iter()
        .map(|s| SessionRow {
            agent: short_agent(&s.user_agent),
            current: s.handle == current,
            s,
        })
        .collect();
    let notice = match n.ok.as_str() {
        "" => String::new(),
        "ended" => v.t("accounts-notice-session-ended"),
        "others" => v.t("accounts-notice-others-ended"),
        _ => v.t("notice-saved"),
    };
    render(
        &v,
        StatusCode::OK,
        &SessionsPage {
            v: &v,
            sessions,
            tokens,
            providers,
            notice,
        },
    )
}

/// Ends one of the viewer's sessions; ending the current one signs out.
async fn end_session(
    v: Viewer,
    State(state): State<AppState>,
    Path(handle): Path<String>,
) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    if let Err(e) = state.store.end_session(user.id, &handle).await {
        return page_error(&v, &e.into());
    }
    let current = v.session_hash().is_some_and(|h| h.starts_with(&handle));
    if !current {
        return see_other("/account/sessions?ok=ended");
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, state.settings.secure_cookies),
    );
    response
}

/// Ends every session of the viewer but this one.
async fn end_others(v: Viewer, State(state): State<AppState>) -> Response {
    let (Some(user), Some(keep)) = (&v.user, v.session_hash()) else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    match state.store.end_other_sessions(user.id, keep).await {
        Ok(_) => see_other("/account/sessions?ok=others"),
        Err(e) => page_error(&v, &e.into()),
    }
}

/// Rows on one audit page.
const AUDIT_PAGE: i64 = 50;

/// An audit row with names resolved for the reader.
struct AuditRow {
    e: AccountEvent,
    actor: String,
    subject: String,
}

#[derive(Template)]
#[template(path = "accounts_audit.html")]
struct AuditPage<'a> {
    v: &'a Viewer,
    rows: Vec<AuditRow>,
    /// The account the page is about (empty: every account).
    about: String,
    /// Link to the next (older) page, or empty.
    older: String,
    /// Whether the reader sees every account's record.
    everyone: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
struct AuditQuery {
    /// A user id; for anyone but the secretariat, always their own.
    #[serde(default)]
    user: Option<i64>,
    /// An event id: show older ones.
    #[serde(default)]
    before: Option<i64>,
}

async fn audit(v: Viewer, State(state): State<AppState>, Query(q): Query<AuditQuery>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    let actor = v.actor();
    let everyone = v.may(waico_members::Action::ViewAccountEvents { subject: None });
    let subject = if everyone { q.user } else { Some(user.id) };
    let events = match accounts::account_events(&state, &actor, subject, q.before, AUDIT_PAGE).await
    {
        Ok(e) => e,
        Err(e) => return page_error(&v, &e),
    };
    // Names: the secretariat sees every user's; others see their own and
    // the secretariat's role.
    let names: HashMap<i64, String> = if everyone {
        match state.store.list_users().await {
            Ok(users) => users.into_iter().map(|u| (u.id, u.username)).collect(),
            Err(e) => return page_error(&v, &e.into()),
        }
    } else {
        HashMap::from([(user.id, user.username.clone())])
    };
    let name = |id: Option<i64>| match id {
        None => v.t("accounts-shell"),
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| v.role("secretariat_admin")),
    };
    let older = if events.len() as i64 == AUDIT_PAGE {
        let last = events.last().map(|e| e.id).unwrap_or_default();
        match subject.filter(|_| everyone) {
            Some(s) => format!("/accounts/audit?user={s}&before={last}"),
            None => format!("/accounts/audit?before={last}"),
        }
    } else {
        String::new()
    };
    let rows = events
        .into_iter()
        .map(|e| AuditRow {
            actor: name(e.actor_id),
            subject: name(Some(e.subject_id)),
            e,
        })
        .collect();
    let about = subject.map(|s| name(Some(s))).unwrap_or_default();
    render(
        &v,
        StatusCode::OK,
        &AuditPage {
            v: &v,
            rows,
            about,
            older,
            everyone,
        },
    )
}

#[derive(Template)]
#[template(path = "accounts_forgot.html")]
struct ForgotPage<'a> {
    v: &'a Viewer,
    notice: String,
    errors: FormErrors,
    mail_enabled: bool,
}

async fn forgot_form(v: Viewer, State(state): State<AppState>) -> Response {
    render(
        &v,
        StatusCode::OK,
        &ForgotPage {
            v: &v,
            notice: String::new(),
            errors: FormErrors::default(),
            mail_enabled: state.settings.mailer.is_enabled(),
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct ForgotForm {
    #[serde(default)]
    who: String,
}

/// Sends a reset link if an account matches; answers alike either way.
/// Each request counts against the client address's sign-in limit, so
/// that nobody floods a mailbox from one address.
async fn forgot(
    v: Viewer,
    State(state): State<AppState>,
    Extension(limits): Extension<Arc<SignInLimits>>,
    client: ClientAddress,
    Form(f): Form<ForgotForm>,
) -> Response {
    let mail_enabled = state.settings.mailer.is_enabled();
    let page = |notice: String, errors: FormErrors, status: StatusCode| {
        render(
            &v,
            status,
            &ForgotPage {
                v: &v,
                notice,
                errors,
                mail_enabled,
            },
        )
    };
    if f.who.trim().is_empty() {
        return page(
            String::new(),
            FormErrors::general(v.t("err-required")),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match limits.begin(
        client.0,
        &format!("forgot:{}", f.who.trim()),
        Instant::now(),
    ) {
        Ok(attempt) => limits.failed(attempt),
        Err(throttled) => {
            let mut response = page(
                String::new(),
                FormErrors::general(v.t("err-signin-throttled")),
                StatusCode::TOO_MANY_REQUESTS,
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(throttled.retry_after_secs()),
            );
            return response;
        }
    }
    accounts::request_password_reset(&state, &f.who).await;
    page(
        v.t("accounts-notice-reset-sent"),
        FormErrors::default(),
        StatusCode::OK,
    )
}

#[derive(Template)]
#[template(path = "accounts_link.html")]
struct LinkPage<'a> {
    v: &'a Viewer,
    /// The user name the link is for.
    username: String,
    invite: bool,
    secret: String,
    errors: FormErrors,
}

async fn link_page(
    v: &Viewer,
    state: &AppState,
    secret: &str,
    status: StatusCode,
    errors: FormErrors,
) -> Response {
    match accounts::link_holder(state, secret).await {
        Ok(Some((user, purpose))) => render(
            v,
            status,
            &LinkPage {
                v,
                username: user.username,
                invite: purpose == waico_store::LinkPurpose::Invite,
                secret: secret.to_owned(),
                errors,
            },
        ),
        Ok(None) => {
            let mut response = super::render_error(v, StatusCode::NOT_FOUND);
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
        Err(e) => page_error(v, &e),
    }
}

async fn link_form(
    v: Viewer,
    State(state): State<AppState>,
    Path(secret): Path<String>,
) -> Response {
    link_page(&v, &state, &secret, StatusCode::OK, FormErrors::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct LinkForm {
    #[serde(default)]
    new_password: String,
}

async fn use_link(
    v: Viewer,
    State(state): State<AppState>,
    Path(secret): Path<String>,
    Form(f): Form<LinkForm>,
) -> Response {
    match accounts::set_password_by_link(&state, &secret, &f.new_password).await {
        Ok(_) => see_other("/signin?next=/account&changed=1"),
        Err(OpError::Invalid(mut list)) => {
            for i in &mut list {
                i.field = "new_password";
            }
            let errors = FormErrors::from_op(&v, &OpError::Invalid(list)).unwrap_or_default();
            link_page(
                &v,
                &state,
                &secret,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            )
            .await
        }
        Err(e) => page_error(&v, &e),
    }
}

#[cfg(test)]
mod tests {
    use super::short_agent;

    #[test]
    fn browsers_are_named_short() {
        assert_eq!(
            short_agent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            "Firefox · Linux"
        );
        assert_eq!(
            short_agent(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0"
            ),
            "Edge · Windows"
        );
        assert_eq!(
            short_agent(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
            ),
            "Safari · iOS"
        );
        assert_eq!(short_agent("curl/8.5.0"), "curl");
        assert_eq!(short_agent(""), "—");
    }
}
