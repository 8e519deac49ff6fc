//! The identity provider's sign-out reaching this node (OpenID Connect
//! Back-Channel Logout 1.0): when a user signs out at the provider, the
//! provider posts a signed logout token here and the node ends the
//! sessions that user opened through the provider. A call between servers,
//! authenticated by the token's signature, carrying no session: so, like
//! the API, no form token is asked (there is no form and no cookie).

use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Json, Router};
use waico_app::single_sign_on::SingleSignOnError;

use crate::AppState;

/// Where the provider posts its logout tokens (the client's
/// `backchannel_logout_uri`).
pub const PATH: &str = "/signin/oidc/backchannel-logout";

pub fn router() -> Router<AppState> {
    Router::new().route(PATH, post(logout))
}

/// Answers about sessions are never cached (section 2.8).
fn no_store() -> [(header::HeaderName, &'static str); 1] {
    [(header::CACHE_CONTROL, "no-store")]
}

#[derive(Debug, serde::Deserialize)]
struct LogoutForm {
    logout_token: String,
}

/// 200 when the token verified (whether or not a session was open), 400
/// with an OAuth-style error when it did not (section 2.8); never cached.
async fn logout(
    State(state): State<AppState>,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Response {
    let Some(sso) = state.settings.single_sign_on.clone() else {
        return (StatusCode::NOT_FOUND, no_store()).into_response();
    };
    let refused = |status: StatusCode, description: &str| {
        let body = serde_json::json!({
            "error": "invalid_request",
            "error_description": description,
        });
        (status, no_store(), Json(body)).into_response()
    };
    let Ok(Form(form)) = form else {
        return refused(
            StatusCode::BAD_REQUEST,
            "a form body with a logout_token is required",
        );
    };
    match waico_app::accounts::single_sign_on::end_provider_sessions(
        &state,
        &sso,
        &form.logout_token,
    )
    .await
    {
        Ok(_) => (StatusCode::OK, no_store()).into_response(),
        Err(SingleSignOnError::Unavailable) => refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "the provider's keys or this node's store could not be reached",
        ),
        Err(_) => refused(StatusCode::BAD_REQUEST, "the logout token did not verify"),
    }
}
