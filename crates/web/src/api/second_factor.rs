//! `/api/v1/me/second-factor`: the token holder's own second factor (TOTP),
//! as the account page has it: its state, an enrolment (the secret and its
//! `otpauth://` URI, pending until confirmed), the confirmation by a first
//! code (which answers the ten recovery codes once), and turning it off
//! with the password and a code. Each calls one operation of
//! `waico_app::accounts::second_factor`.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_app::OpError;
use waico_app::accounts::second_factor::{self, Status};

use crate::AppState;
use crate::auth::TokenHolder;
use crate::problem::{ApiJson, Problem};

/// The state of one's second factor.
#[derive(Debug, Serialize, ToSchema)]
pub struct SecondFactorView {
    /// off, pending (enrolment started, awaiting its first code) or on
    #[schema(pattern = "^(off|pending|on)$")]
    pub state: String,
    /// Recovery codes not used yet (0 unless on).
    pub recovery_codes_left: i64,
}

impl From<Status> for SecondFactorView {
    fn from(s: Status) -> Self {
        let (state, left) = match s {
            Status::Off => ("off", 0),
            Status::Pending => ("pending", 0),
            Status::On {
                recovery_codes_left,
            } => ("on", recovery_codes_left),
        };
        SecondFactorView {
            state: state.into(),
            recovery_codes_left: left,
        }
    }
}

/// A started enrolment: what an authenticator app takes.
#[derive(Debug, Serialize, ToSchema)]
pub struct EnrolmentView {
    /// The secret in base32 (RFC 4648, no padding), to type into an app.
    pub secret: String,
    /// The `otpauth://totp/` URI (what the account page's QR code holds).
    pub uri: String,
}

/// A code from the authenticator app.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CodeInput {
    /// The six digits the app shows.
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: String,
}

/// The recovery codes of a confirmed second factor, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodesView {
    /// Ten codes `xxxx-xxxx-xxxx-xxxx`, each usable once instead of a code.
    pub recovery_codes: Vec<String>,
}

/// What turning the second factor off needs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TurnOffInput {
    /// The account's current password.
    #[schema(min_length = 1)]
    pub password: String,
    /// A code from the app, or one of the recovery codes.
    #[schema(min_length = 1)]
    pub code: String,
}

/// A wrong code or password is a refusal of what the caller holds, not of
/// the request's form: 403, naming the field.
fn refused(e: OpError) -> Problem {
    match e {
        OpError::Invalid(list) if list.iter().all(|i| matches!(i.field, "code" | "password")) => {
            let mut p = Problem::from(OpError::Invalid(list));
            p.status = StatusCode::FORBIDDEN.as_u16();
            p.title = "Forbidden".into();
            p.kind = "https://waico.org/problems/forbidden".into();
            p
        }
        e => e.into(),
    }
}

/// The state of your second factor.
#[utoipa::path(
    get, path = "/api/v1/me/second-factor", tag = "accounts", security(("token" = [])),
    responses(
        (status = 200, description = "off, pending or on", body = SecondFactorView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn status(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
) -> Result<axum::Json<SecondFactorView>, Problem> {
    let s = second_factor::own_status(&state, &caller.actor).await?;
    Ok(axum::Json(s.into()))
}

/// Starts (or starts again) the enrolment of your second factor: a new
/// secret, pending until a first code confirms it (needs a write token).
#[utoipa::path(
    post, path = "/api/v1/me/second-factor", tag = "accounts", security(("token" = [])),
    responses(
        (status = 201, description = "Enrolment started: add the secret to an app, then confirm with a code", body = EnrolmentView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A second factor is already on", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn begin(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
) -> Result<(StatusCode, axum::Json<EnrolmentView>), Problem> {
    let account = caller
        .user
        .as_ref()
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let e = second_factor::begin_own(&state, &caller.actor, &account).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(EnrolmentView {
            secret: e.secret_base32,
            uri: e.uri,
        }),
    ))
}

/// Confirms the pending enrolment with a first code from the app; answers
/// the ten recovery codes, which are never shown again.
#[utoipa::path(
    post, path = "/api/v1/me/second-factor/confirm", tag = "accounts", security(("token" = [])),
    request_body = CodeInput,
    responses(
        (status = 200, description = "On; the recovery codes, shown once", body = RecoveryCodesView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token, or the code is not right (the field `code` is named)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No enrolment under way", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    ApiJson(input): ApiJson<CodeInput>,
) -> Result<axum::Json<RecoveryCodesView>, Problem> {
    let codes = second_factor::confirm_own(&state, &caller.actor, &input.code)
        .await
        .map_err(refused)?;
    Ok(axum::Json(RecoveryCodesView {
        recovery_codes: codes,
    }))
}

/// Turns your second factor off, given your password and a code (refused
/// while your roles require one).
#[utoipa::path(
    delete, path = "/api/v1/me/second-factor", tag = "accounts", security(("token" = [])),
    request_body = TurnOffInput,
    responses(
        (status = 204, description = "Off"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token, or the password or code is not right (the field is named)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No second factor is on", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Your roles require a second factor", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn turn_off(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    ApiJson(input): ApiJson<TurnOffInput>,
) -> Result<StatusCode, Problem> {
    second_factor::turn_off_own(&state, &caller.actor, &input.password, &input.code)
        .await
        .map_err(refused)?;
    Ok(StatusCode::NO_CONTENT)
}
