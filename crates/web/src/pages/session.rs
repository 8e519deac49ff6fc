//! Signing in and out: password check under the sign-in limits of
//! [`crate::guard::signin_limits`], a server-side session behind an
//! HttpOnly cookie; a user with a second factor gives a code first
//! (`second_factor`).

use std::sync::Arc;
use std::time::Instant;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Form, Router};

use super::{FormErrors, render, see_other};
use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Viewer};
use crate::guard::{ClientAddress, SignInLimits};
use waico_app::accounts::{password, second_factor};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signin", get(form).post(sign_in))
        .route("/signin/oidc", get(start_single_sign_on))
        .route("/signin/oidc/callback", get(finish_single_sign_on))
        .route("/signout", post(sign_out))
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage<'a> {
    v: &'a Viewer,
    username: String,
    next: String,
    errors: FormErrors,
    /// Shown after a password change ended the sessions.
    notice: String,
    /// "Sign in with <provider>" when single sign-on is configured.
    sso_button: String,
}

/// The single sign-on button's text, empty without a provider.
fn sso_button(v: &Viewer, state: &AppState) -> String {
    state
        .settings
        .single_sign_on
        .as_ref()
        .map(|sso| v.tr.a("sso-signin-with", &[("provider", sso.label())]))
        .unwrap_or_default()
}

#[derive(Debug, Default, serde::Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
    /// Set after the viewer changed their password.
    #[serde(default)]
    changed: String,
}

/// Only paths on this node may be redirected to after sign-in
/// ([`waico_members::LocalPath`]); anything else goes to the account page.
fn safe_next(next: &str) -> String {
    waico_members::LocalPath::parse("next", next)
        .map_or_else(|_| "/account".to_owned(), |p| p.as_str().to_owned())
}

async fn form(v: Viewer, State(state): State<AppState>, Query(q): Query<NextQuery>) -> Response {
    if v.user.is_some() {
        return see_other("/account");
    }
    render(
        &v,
        StatusCode::OK,
        &SignInPage {
            v: &v,
            username: String::new(),
            next: safe_next(&q.next),
            errors: FormErrors::default(),
            notice: if q.changed.is_empty() {
                String::new()
            } else {
                v.t("notice-password-changed")
            },
            sso_button: sso_button(&v, &state),
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    v: Viewer,
    State(state): State<AppState>,
    Extension(limits): Extension<Arc<SignInLimits>>,
    client: ClientAddress,
    headers: axum::http::HeaderMap,
    Form(f): Form<SignInForm>,
) -> Response {
    let again = |key: &str, status: StatusCode| {
        let page = SignInPage {
            v: &v,
            username: f.username.clone(),
            next: safe_next(&f.next),
            errors: FormErrors::general(v.t(key)),
            notice: String::new(),
            sso_button: sso_button(&v, &state),
        };
        render(&v, status, &page)
    };
    if f.username.trim().is_empty() || f.password.is_empty() {
        return again("err-signin-missing", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let attempt = match limits.begin(client.0, &f.username, Instant::now()) {
        Ok(attempt) => attempt,
        Err(throttled) => {
            let mut response = again("err-signin-throttled", StatusCode::TOO_MANY_REQUESTS);
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(throttled.retry_after_secs()),
            );
            return response;
        }
    };
    let creds = match state.store.credentials(&f.username).await {
        Ok(c) => c,
        Err(_) => {
            limits.abandoned(attempt);
            return again("error-500-text", StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    // An unknown name is checked against a dummy hash of the same cost, so
    // that it answers alike in content and in time.
    let stored = creds.as_ref().map(|c| c.password_hash.clone());
    let valid = password::verify(f.password.clone(), stored).await;
    let Some(creds) = creds.filter(|_| valid) else {
        limits.failed(attempt);
        return again("err-signin-failed", StatusCode::UNAUTHORIZED);
    };
    limits.succeeded(attempt);
    if creds.deactivated {
        // Said only to whoever knows the password.
        return again("accounts-err-deactivated", StatusCode::FORBIDDEN);
    }
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let next = safe_next(&f.next);
    // A user with a second factor gives a code before the session opens.
    let opened = match second_factor::is_on(&state, creds.user_id).await {
        Ok(true) => challenge(&state, creds.user_id, &next, None).await,
        Ok(false) => open_session(&state, creds.user_id, user_agent, &next, None).await,
        Err(_) => None,
    };
    opened.unwrap_or_else(|| again("error-500-text", StatusCode::SERVICE_UNAVAILABLE))
}

/// The cookie that binds a sign-in sent to the provider to this browser.
const SSO_COOKIE: &str = "waico_sso";

/// The sign-in page again with a single sign-on failure.
fn sso_failed(v: &Viewer, state: &AppState, key: &str, status: StatusCode) -> Response {
    let page = SignInPage {
        v,
        username: String::new(),
        next: "/account".into(),
        errors: FormErrors::general(v.t(key)),
        notice: String::new(),
        sso_button: sso_button(v, state),
    };
    let mut response = render(v, status, &page);
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SSO_COOKIE, "", 0, state.settings.secure_cookies),
    );
    response
}

/// `GET /signin/oidc`: sends the browser to the provider.
async fn start_single_sign_on(
    v: Viewer,
    State(state): State<AppState>,
    Query(q): Query<NextQuery>,
) -> Response {
    let Some(sso) = state.settings.single_sign_on.clone() else {
        return super::render_error(&v, StatusCode::NOT_FOUND);
    };
    match sso.begin(&state.store, &safe_next(&q.next)).await {
        Ok(started) => {
            let mut response = see_other(&started.authorize_url);
            response.headers_mut().append(
                header::SET_COOKIE,
                auth::set_cookie(
                    SSO_COOKIE,
                    &started.state_secret,
                    waico_app::single_sign_on::PENDING_SECS,
                    state.settings.secure_cookies,
                ),
            );
            response
        }
        Err(e) => sso_failed(&v, &state, e.message_key(), StatusCode::BAD_GATEWAY),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct ProviderAnswer {
    #[serde(default)]
    code: String,
    #[serde(default)]
    state: String,
    /// Set when the provider refused (RFC 6749 §4.1.2.1).
    #[serde(default)]
    error: String,
}

/// `GET /signin/oidc/callback`: the provider's answer; opens a session
/// (or asks for the second factor first) for the account it speaks for.
async fn finish_single_sign_on(
    v: Viewer,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(answer): Query<ProviderAnswer>,
) -> Response {
    use waico_app::single_sign_on::SingleSignOnError as E;
    let Some(sso) = state.settings.single_sign_on.clone() else {
        return super::render_error(&v, StatusCode::NOT_FOUND);
    };
    let failed = |e: E| {
        let status = match e {
            E::Unavailable => StatusCode::BAD_GATEWAY,
            E::Expired | E::Refused => StatusCode::BAD_REQUEST,
            E::NoAccount | E::Deactivated => StatusCode::FORBIDDEN,
        };
        sso_failed(&v, &state, e.message_key(), status)
    };
    if !answer.error.is_empty() || answer.code.is_empty() || answer.state.is_empty() {
        return failed(E::Refused);
    }
    let cookie = auth::cookie_value(&headers, SSO_COOKIE);
    let signed_in = match waico_app::accounts::single_sign_on::finish(
        &state,
        &sso,
        cookie,
        &answer.state,
        &answer.code,
    )
    .await
    {
        Ok(signed_in) => signed_in,
        Err(e) => return failed(e),
    };
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let next = safe_next(&signed_in.next_path);
    let token = Some(signed_in.id_token.as_str());
    let opened = match second_factor::is_on(&state, signed_in.user_id).await {
        Ok(true) => challenge(&state, signed_in.user_id, &next, token).await,
        Ok(false) => open_session(&state, signed_in.user_id, user_agent, &next, token).await,
        Err(_) => None,
    };
    let Some(mut response) = opened else {
        return failed(E::Unavailable);
    };
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SSO_COOKIE, "", 0, state.settings.secure_cookies),
    );
    response
}

/// Opens a session for `user_id` and sends the browser to `next` (a path
/// already checked); `None` when the store fails. A session opened through
/// the identity provider keeps its ID token (`provider_token`), so that
/// signing out signs out there too.
pub(super) async fn open_session(
    state: &AppState,
    user_id: i64,
    user_agent: &str,
    next: &str,
    provider_token: Option<&str>,
) -> Option<Response> {
    let session = auth::random_token();
    let session_hash = auth::sha256_hex(&session);
    let expires = waico_store::now_ms() + state.settings.session_hours * 3_600_000;
    state
        .store
        .create_session(
            &session_hash,
            user_id,
            &auth::random_token(),
            expires,
            user_agent,
            provider_token,
        )
        .await
        .ok()?;
    let mut response = see_other(next);
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            SESSION_COOKIE,
            &session,
            state.settings.session_hours * 3600,
            state.settings.secure_cookies,
        ),
    );
    Some(response)
}

/// The cookie that carries a sign-in challenge between the password and
/// the code.
pub(super) const CHALLENGE_COOKIE: &str = "waico_2fa";
/// How long a challenge waits for its code.
const CHALLENGE_SECS: i64 = 300;

/// After a right password of a user with a second factor: stores a
/// challenge and sends the browser to the code step.
async fn challenge(
    state: &AppState,
    user_id: i64,
    next: &str,
    provider_token: Option<&str>,
) -> Option<Response> {
    let secret = auth::random_token();
    let secret_hash = auth::sha256_hex(&secret);
    state
        .store
        .create_signin_challenge(
            &secret_hash,
            user_id,
            next,
            waico_store::now_ms() + CHALLENGE_SECS * 1000,
            provider_token,
        )
        .await
        .ok()?;
    let mut response = see_other("/signin/second-factor");
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            CHALLENGE_COOKIE,
            &secret,
            CHALLENGE_SECS,
            state.settings.secure_cookies,
        ),
    );
    Some(response)
}

/// Ends the session; a session opened through the identity provider
/// goes on to the provider's sign-out, which comes back to the front page.
async fn sign_out(v: Viewer, State(state): State<AppState>) -> Response {
    let provider_token = match v.session_hash() {
        Some(hash) => state.store.sign_out_session(hash).await.ok().flatten(),
        None => None,
    };
    let mut to = None;
    if let (Some(token), Some(sso)) = (provider_token, &state.settings.single_sign_on) {
        to = sso.logout_url(&token).await;
    }
    let mut response = see_other(to.as_deref().unwrap_or("/"));
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(SESSION_COOKIE, "", 0, state.settings.secure_cookies),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/admin"), "/admin");
        for trick in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "/\t/evil",
            "/%09/evil",
            "/\n",
        ] {
            assert_eq!(safe_next(trick), "/account", "{trick:?}");
        }
    }
}
