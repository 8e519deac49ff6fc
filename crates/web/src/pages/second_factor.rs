//! The second factor in the browser: the step after a right password
//! (`/signin/second-factor`, a code from the app or a recovery code, under
//! the same sign-in limits as passwords), and the account's own page
//! (`/account/second-factor`): enrol with a QR code rendered here as SVG,
//! confirm with a first code, see the ten recovery codes once, turn it off
//! with password and code.

use std::sync::Arc;
use std::time::Instant;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use base64::Engine;
use waico_app::OpError;
use waico_app::accounts::password;
use waico_app::accounts::second_factor::{self, Status};

use super::session::{CHALLENGE_COOKIE, open_session};
use super::{FormErrors, page_error, render, see_other};
use crate::AppState;
use crate::auth::{self, Viewer, cookie_value};
use crate::guard::{ClientAddress, SignInLimits};

/// Wrong codes after which a challenge ends (sign in again).
const CHALLENGE_FAILURES: i64 = 5;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signin/second-factor", get(code_form).post(code_submit))
        .route("/account/second-factor", get(show))
        .route("/account/second-factor/begin", post(begin))
        .route("/account/second-factor/confirm", post(confirm))
        .route("/account/second-factor/off", post(turn_off))
}

#[derive(Template)]
#[template(path = "second_factor_signin.html")]
struct CodePage<'a> {
    v: &'a Viewer,
    errors: FormErrors,
}

async fn code_form(v: Viewer, State(state): State<AppState>, headers: HeaderMap) -> Response {
    if challenge_of(&state, &headers).await.is_none() {
        return see_other("/signin");
    }
    render(
        &v,
        StatusCode::OK,
        &CodePage {
            v: &v,
            errors: FormErrors::default(),
        },
    )
}

async fn challenge_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Option<(String, waico_store::second_factor::SignInChallenge)> {
    let hash = auth::sha256_hex(cookie_value(headers, CHALLENGE_COOKIE)?);
    let found = state.store.signin_challenge(&hash).await.ok()??;
    Some((hash, found))
}

#[derive(Debug, Default, serde::Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn code_submit(
    v: Viewer,
    State(state): State<AppState>,
    Extension(limits): Extension<Arc<SignInLimits>>,
    client: ClientAddress,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Response {
    let again = |key: &str, status: StatusCode| {
        render(
            &v,
            status,
            &CodePage {
                v: &v,
                errors: FormErrors::general(v.t(key)),
            },
        )
    };
    let Some((hash, challenge)) = challenge_of(&state, &headers).await else {
        return see_other("/signin");
    };
    let Ok(user) = state.store.user(challenge.user_id).await else {
        return again("error-500-text", StatusCode::SERVICE_UNAVAILABLE);
    };
    let attempt = match limits.begin(client.0, &user.username, Instant::now()) {
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
    match second_factor::check(&state, user.id, &f.code).await {
        Ok(true) => {
            limits.succeeded(attempt);
            let _ = state.store.end_signin_challenge(&hash).await;
            let user_agent = headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let provider_token = challenge.provider_id_token.as_deref();
            match open_session(
                &state,
                user.id,
                user_agent,
                &challenge.next_path,
                provider_token,
            )
            .await
            {
                Some(mut response) => {
                    response.headers_mut().append(
                        header::SET_COOKIE,
                        auth::set_cookie(CHALLENGE_COOKIE, "", 0, state.settings.secure_cookies),
                    );
                    response
                }
                None => again("error-500-text", StatusCode::SERVICE_UNAVAILABLE),
            }
        }
        Ok(false) => {
            limits.failed(attempt);
            let failures = state
                .store
                .fail_signin_challenge(&hash, CHALLENGE_FAILURES)
                .await
                .unwrap_or(CHALLENGE_FAILURES);
            if failures >= CHALLENGE_FAILURES {
                return see_other("/signin");
            }
            again("second-factor-err-code", StatusCode::UNAUTHORIZED)
        }
        Err(_) => {
            limits.abandoned(attempt);
            again("error-500-text", StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct AccountPage<'a> {
    v: &'a Viewer,
    /// off, pending or on
    state: &'static str,
    recovery_left: i64,
    /// The QR code of the `otpauth://` URI, as an SVG data URI.
    qr: String,
    secret: String,
    /// Shown once, right after the confirmation.
    recovery_codes: Vec<String>,
    /// The viewer's roles require a second factor.
    required: bool,
    errors: FormErrors,
}

/// The QR code of `text` as an SVG `data:` URI (rendered here; no script,
/// no outside service).
fn qr_data_uri(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

async fn account_page(
    v: &Viewer,
    state: &AppState,
    status: StatusCode,
    recovery_codes: Vec<String>,
    errors: FormErrors,
) -> Response {
    let Some(user) = &v.user else {
        return page_error(v, &OpError::Unauthenticated);
    };
    let current = match second_factor::status(state, user.id).await {
        Ok(s) => s,
        Err(e) => return page_error(v, &e),
    };
    let (qr, secret) = match second_factor::pending(state, user.id, &user.username).await {
        Ok(Some(e)) => (qr_data_uri(&e.uri), e.secret_base32),
        _ => (String::new(), String::new()),
    };
    let page = AccountPage {
        v,
        state: match current {
            Status::Off => "off",
            Status::Pending => "pending",
            Status::On { .. } => "on",
        },
        recovery_left: match current {
            Status::On {
                recovery_codes_left,
            } => recovery_codes_left,
            _ => 0,
        },
        qr,
        secret,
        recovery_codes,
        required: state.settings.requires_second_factor(&user.grants),
        errors,
    };
    render(v, status, &page)
}

async fn show(v: Viewer, State(state): State<AppState>) -> Response {
    account_page(
        &v,
        &state,
        StatusCode::OK,
        Vec::new(),
        FormErrors::default(),
    )
    .await
}

async fn begin(v: Viewer, State(state): State<AppState>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    match second_factor::begin(&state, user.id, &user.username).await {
        Ok(_) => see_other("/account/second-factor"),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                account_page(&v, &state, StatusCode::CONFLICT, Vec::new(), errors).await
            }
            None => page_error(&v, &e),
        },
    }
}

async fn confirm(v: Viewer, State(state): State<AppState>, Form(f): Form<CodeForm>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    match second_factor::confirm(&state, user.id, &f.code).await {
        Ok(codes) => account_page(&v, &state, StatusCode::OK, codes, FormErrors::default()).await,
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                account_page(
                    &v,
                    &state,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Vec::new(),
                    errors,
                )
                .await
            }
            None => page_error(&v, &e),
        },
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct OffForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
}

async fn turn_off(v: Viewer, State(state): State<AppState>, Form(f): Form<OffForm>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    // The account page again, with the refusal named by `key`.
    let (viewer, node) = (&v, &state);
    let refused = move |key: &'static str| async move {
        let errors = FormErrors::general(viewer.t(key));
        account_page(
            viewer,
            node,
            StatusCode::UNPROCESSABLE_ENTITY,
            Vec::new(),
            errors,
        )
        .await
    };
    let stored = match state.store.credentials(&user.username).await {
        Ok(c) => c.map(|c| c.password_hash),
        Err(_) => return page_error(&v, &OpError::Internal("credentials".into())),
    };
    if !password::verify(f.password.clone(), stored).await {
        return refused("err-wrong-password").await;
    }
    match second_factor::check(&state, user.id, &f.code).await {
        Ok(true) => {}
        Ok(false) => return refused("second-factor-err-code").await,
        Err(e) => return page_error(&v, &e),
    }
    match second_factor::turn_off(&state, user.id).await {
        Ok(()) => see_other("/account/second-factor"),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                account_page(&v, &state, StatusCode::CONFLICT, Vec::new(), errors).await
            }
            None => page_error(&v, &e),
        },
    }
}
