//! Signing in and out: password check with lock-out after repeated
//! failures, a server-side session behind an HttpOnly cookie.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};

use super::{FormErrors, render, see_other};
use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Viewer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signin", get(form).post(sign_in))
        .route("/signout", post(sign_out))
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage<'a> {
    v: &'a Viewer,
    username: String,
    next: String,
    errors: FormErrors,
}

#[derive(Debug, Default, serde::Deserialize)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only local paths may be redirected to after sign-in.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/account".to_owned()
    }
}

async fn form(v: Viewer, Query(q): Query<NextQuery>) -> Response {
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
        },
    )
}

#[derive(Debug, Default, serde::Deserialize)]
struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(v: Viewer, State(state): State<AppState>, Form(f): Form<SignInForm>) -> Response {
    let again = |key: &str, status: StatusCode| {
        let page = SignInPage {
            v: &v,
            username: f.username.clone(),
            next: safe_next(&f.next),
            errors: FormErrors::general(v.t(key)),
        };
        render(&v, status, &page)
    };
    if !v.csrf_ok(&f.csrf) {
        return again("err-csrf", StatusCode::FORBIDDEN);
    }
    if f.username.trim().is_empty() || f.password.is_empty() {
        return again("err-signin-missing", StatusCode::UNPROCESSABLE_ENTITY);
    }
    let creds = match state.store.credentials(&f.username).await {
        Ok(c) => c,
        Err(_) => return again("error-500-text", StatusCode::SERVICE_UNAVAILABLE),
    };
    let now = waico_store::now_ms();
    let Some(creds) = creds else {
        // Same work as a real check, so names cannot be probed by timing.
        auth::verify_password(&f.password, auth::dummy_hash());
        return again("err-signin-failed", StatusCode::UNAUTHORIZED);
    };
    if creds.locked_until.is_some_and(|t| t > now) {
        return again("err-signin-locked", StatusCode::TOO_MANY_REQUESTS);
    }
    let password = f.password.clone();
    let hash = creds.password_hash.clone();
    let valid = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    if !valid {
        let settings = &state.settings;
        let lock_until = now + settings.lockout_minutes * 60_000;
        let failures = state
            .store
            .record_login_failure(creds.user_id, settings.lockout_failures, lock_until)
            .await
            .unwrap_or(0);
        if failures >= settings.lockout_failures {
            tracing::warn!(
                user_id = creds.user_id,
                "account locked after repeated failed sign-ins"
            );
            return again("err-signin-locked", StatusCode::TOO_MANY_REQUESTS);
        }
        return again("err-signin-failed", StatusCode::UNAUTHORIZED);
    }
    let _ = state.store.clear_login_failures(creds.user_id).await;
    let session = auth::random_token();
    let expires = now + state.settings.session_hours * 3_600_000;
    if state
        .store
        .create_session(
            &auth::sha256_hex(&session),
            creds.user_id,
            &auth::random_token(),
            expires,
        )
        .await
        .is_err()
    {
        return again("error-500-text", StatusCode::SERVICE_UNAVAILABLE);
    }
    let mut response = see_other(&safe_next(&f.next));
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::set_cookie(
            SESSION_COOKIE,
            &session,
            state.settings.session_hours * 3600,
            state.settings.secure_cookies,
        ),
    );
    response
}

#[derive(Debug, Default, serde::Deserialize)]
struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(
    v: Viewer,
    State(state): State<AppState>,
    Form(f): Form<SignOutForm>,
) -> Response {
    if !v.csrf_ok(&f.csrf) {
        return super::render_error(&v, StatusCode::FORBIDDEN);
    }
    if let Some(hash) = v.session_hash() {
        let _ = state.store.delete_session(hash).await;
    }
    let mut response = see_other("/");
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
        assert_eq!(safe_next("//evil.example"), "/account");
        assert_eq!(safe_next("https://evil.example"), "/account");
        assert_eq!(safe_next("/\\evil"), "/account");
    }
}
