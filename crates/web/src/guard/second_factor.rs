//! Enrolment first: a signed-in holder of a role that the body requires a
//! second factor for (`[accounts] require_second_factor` in `waico.toml`)
//! and who has none yet is sent to `/account/second-factor` from every
//! page, until they have one. Laid by the router over all page routes.

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use waico_app::accounts::second_factor;

use crate::AppState;
use crate::auth::Viewer;

/// Where someone who must enrol may still go.
fn open_while_enrolling(path: &str) -> bool {
    path.starts_with("/account/second-factor")
        || path.starts_with("/signin")
        || path == "/signout"
        || path.starts_with("/assets/")
}

pub async fn require_enrolment(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if state.settings.require_second_factor.is_empty() || open_while_enrolling(request.uri().path())
    {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let viewer = match Viewer::from_request_parts(&mut parts, &state).await {
        Ok(viewer) => viewer,
        Err(never) => match never {},
    };
    if let Some(user) = &viewer.user
        && state.settings.requires_second_factor(&user.grants)
        && !second_factor::is_on(&state, user.id).await.unwrap_or(true)
    {
        return Redirect::to("/account/second-factor").into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::open_while_enrolling;

    #[test]
    fn only_enrolment_sign_in_and_out_stay_open() {
        for open in [
            "/account/second-factor",
            "/account/second-factor/confirm",
            "/signout",
            "/signin/second-factor",
            "/assets/style.css",
        ] {
            assert!(open_while_enrolling(open), "{open}");
        }
        for closed in ["/", "/account", "/admin", "/account/tokens", "/members"] {
            assert!(!open_while_enrolling(closed), "{closed}");
        }
    }
}
