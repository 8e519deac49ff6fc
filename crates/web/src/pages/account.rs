//! The signed-in person's own page: profile, password, API tokens (a new
//! token's secret is shown once, here).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use waico_members::{DisplayName, Lang, Password};
use waico_store::ApiToken;

use super::{FormErrors, page_error, render, see_other};
use crate::AppState;
use crate::auth::{self, Viewer};
use waico_app::OpError;
use waico_app::accounts;
use waico_app::accounts::TokenInput;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/profile", post(profile))
        .route("/account/password", post(password))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    v: &'a Viewer,
    tokens: Vec<ApiToken>,
    new_token: String,
    display_name: String,
    profile_errors: FormErrors,
    password_errors: FormErrors,
    token_errors: FormErrors,
    notice: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Notice {
    #[serde(default)]
    ok: String,
}

async fn page(
    v: &Viewer,
    state: &AppState,
    status: StatusCode,
    fill: impl FnOnce(&mut AccountPage),
) -> Response {
    let Some(user) = &v.user else {
        return page_error(v, &OpError::Unauthenticated);
    };
    let tokens = state.store.list_tokens(user.id).await.unwrap_or_default();
    let mut p = AccountPage {
        v,
        tokens,
        new_token: String::new(),
        display_name: user.display_name.clone(),
        profile_errors: FormErrors::default(),
        password_errors: FormErrors::default(),
        token_errors: FormErrors::default(),
        notice: String::new(),
    };
    fill(&mut p);
    render(v, status, &p)
}

async fn show(v: Viewer, State(state): State<AppState>, Query(n): Query<Notice>) -> Response {
    let notice = if n.ok.is_empty() {
        String::new()
    } else {
        v.t("notice-saved")
    };
    page(&v, &state, StatusCode::OK, |p| p.notice = notice).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    language: String,
}

async fn profile(v: Viewer, State(state): State<AppState>, Form(f): Form<ProfileForm>) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    let failed = |errors: FormErrors| {
        let name = f.display_name.clone();
        page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
            p.profile_errors = errors;
            p.display_name = name;
        })
    };
    let name = DisplayName::parse(&f.display_name);
    let lang = Lang::parse(&f.language).ok_or(waico_members::Invalid::new(
        "language",
        "err-invalid-choice",
    ));
    let (name, lang) = match (name, lang) {
        (Ok(n), Ok(l)) => (n, l),
        (n, l) => {
            let list = [n.err(), l.err()].into_iter().flatten().collect();
            return failed(FormErrors::from_op(&v, &OpError::Invalid(list)).unwrap_or_default())
                .await;
        }
    };
    if let Err(e) = state.store.update_profile(user.id, &name, lang).await {
        return page_error(&v, &e.into());
    }
    // The chosen language applies at once.
    let mut response = see_other(&format!("/account?ok=saved&lang={}", lang.code()));
    response.headers_mut().append(
        axum::http::header::SET_COOKIE,
        auth::set_cookie(
            auth::LANG_COOKIE,
            lang.code(),
            365 * 86_400,
            state.settings.secure_cookies,
        ),
    );
    response
}

#[derive(Debug, Default, serde::Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
}

async fn password(
    v: Viewer,
    State(state): State<AppState>,
    Form(f): Form<PasswordForm>,
) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    let failed = |errors: FormErrors| {
        page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
            p.password_errors = errors
        })
    };
    let creds = state.store.credentials(&user.username).await.ok().flatten();
    let stored = creds.map(|c| c.password_hash);
    if !waico_app::accounts::password::verify(f.current.clone(), stored).await {
        let errors = FormErrors::from_op(
            &v,
            &OpError::Invalid(vec![waico_members::Invalid::new(
                "current",
                "err-wrong-password",
            )]),
        )
        .unwrap_or_default();
        return failed(errors).await;
    }
    let new = match Password::parse(&f.new_password) {
        Ok(p) => p,
        Err(mut e) => {
            e.field = "new_password";
            return failed(FormErrors::from_op(&v, &OpError::Invalid(vec![e])).unwrap_or_default())
                .await;
        }
    };
    if let Err(e) = accounts::change_own_password(&state, user.id, new.expose()).await {
        return page_error(&v, &e);
    }
    // Changing the password ended every session, this one too, and
    // revoked the API tokens; the sign-in page says so.
    see_other("/signin?next=/account&changed=1")
}

#[derive(Debug, Default, serde::Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    days: String,
}

async fn create_token(
    v: Viewer,
    State(state): State<AppState>,
    Form(f): Form<TokenForm>,
) -> Response {
    let days = if f.days.trim().is_empty() {
        None
    } else {
        Some(f.days.trim().parse::<i64>().unwrap_or(0))
    };
    let input = TokenInput {
        name: f.name,
        scope: f.scope,
        expires_in_days: days,
    };
    match accounts::create_token(&state, &v.actor(), &input).await {
        Ok((_, secret)) => {
            page(&v, &state, StatusCode::CREATED, move |p| {
                p.new_token = secret
            })
            .await
        }
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
                    p.token_errors = errors
                })
                .await
            }
            None => page_error(&v, &e),
        },
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct Back {
    /// `sessions`: return to the sessions and tokens page.
    #[serde(default)]
    back: String,
}

async fn revoke_token(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(b): Query<Back>,
) -> Response {
    let Some(user) = &v.user else {
        return page_error(&v, &OpError::Unauthenticated);
    };
    match state.store.revoke_token(user.id, id).await {
        Ok(()) if b.back == "sessions" => see_other("/account/sessions?ok=revoked"),
        Ok(()) => see_other("/account?ok=revoked"),
        Err(e) => page_error(&v, &e.into()),
    }
}
