//! The second factor of an account (TOTP, RFC 6238, see
//! `waico_members::totp`): enrolment with a fresh secret, confirmation by a
//! first code that hands out ten one-time recovery codes (shown once,
//! stored as SHA-256), the check of a code or recovery code at sign-in,
//! turning it off with password and code, and an admin's recorded reset.

use waico_members::policy::{Action, Actor};
use waico_members::totp;
use waico_store::AccountChange;

use super::secrets::sha256_hex;
use crate::AppState;
use crate::error::{OpError, require};

/// What the account page shows to enrol: the secret as apps take it and
/// the `otpauth://` URI its QR code carries.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub uri: String,
}

/// The state of a user's second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Off,
    /// Enrolment started, awaiting its first code.
    Pending,
    On {
        recovery_codes_left: i64,
    },
}

fn now_secs() -> u64 {
    u64::try_from(time::OffsetDateTime::now_utc().unix_timestamp()).unwrap_or(0)
}

fn decode(secret: &str) -> Result<Vec<u8>, OpError> {
    totp::decode_secret(secret)
        .ok_or_else(|| OpError::Internal("a stored TOTP secret is not base32".into()))
}

pub async fn status(state: &AppState, user_id: i64) -> Result<Status, OpError> {
    Ok(match state.store.second_factor(user_id).await? {
        None => Status::Off,
        Some(f) if f.confirmed_at.is_none() => Status::Pending,
        Some(_) => Status::On {
            recovery_codes_left: state.store.recovery_codes_left(user_id).await?,
        },
    })
}

/// Whether the user has a confirmed second factor.
pub async fn is_on(state: &AppState, user_id: i64) -> Result<bool, OpError> {
    Ok(matches!(status(state, user_id).await?, Status::On { .. }))
}

/// Starts an enrolment (a new secret each time it is asked for, until one
/// is confirmed). `account` names the account in the app (its user name).
pub async fn begin(state: &AppState, user_id: i64, account: &str) -> Result<Enrolment, OpError> {
    let secret: [u8; totp::SECRET_BYTES] = rand::random();
    let secret_base32 = totp::secret_base32(&secret);
    state
        .store
        .begin_second_factor(user_id, &secret_base32)
        .await
        .map_err(|e| match e {
            waico_store::StoreError::Conflict { .. } => {
                OpError::Declined("second-factor-err-already-on")
            }
            e => e.into(),
        })?;
    Ok(enrolment(state, account, &secret))
}

fn enrolment(state: &AppState, account: &str, secret: &[u8]) -> Enrolment {
    Enrolment {
        secret_base32: totp::secret_base32(secret),
        uri: totp::otpauth_uri(&state.settings.second_factor_issuer(), account, secret),
    }
}

/// The pending enrolment again (the page reloaded), if there is one.
pub async fn pending(
    state: &AppState,
    user_id: i64,
    account: &str,
) -> Result<Option<Enrolment>, OpError> {
    match state.store.second_factor(user_id).await? {
        Some(f) if f.confirmed_at.is_none() => {
            Ok(Some(enrolment(state, account, &decode(&f.secret)?)))
        }
        _ => Ok(None),
    }
}

/// Confirms the pending enrolment with a first code; answers the ten
/// recovery codes, which are never shown again.
pub async fn confirm(state: &AppState, user_id: i64, code: &str) -> Result<Vec<String>, OpError> {
    let Some(factor) = state
        .store
        .second_factor(user_id)
        .await?
        .filter(|f| f.confirmed_at.is_none())
    else {
        return Err(OpError::NotFound);
    };
    let secret = decode(&factor.secret)?;
    let step = totp::verify(&secret, code, now_secs(), None).ok_or_else(|| {
        OpError::Invalid(vec![waico_members::Invalid {
            field: "code",
            key: "second-factor-err-code",
        }])
    })?;
    let codes: Vec<String> = (0..totp::RECOVERY_CODES)
        .map(|_| totp::recovery_code(rand::random()))
        .collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| sha256_hex(&totp::normalize_recovery_code(c).unwrap_or_default()))
        .collect();
    state
        .store
        .confirm_second_factor(user_id, i64::try_from(step).unwrap_or(i64::MAX), &hashes)
        .await?;
    Ok(codes)
}

/// Checks a code from the app, or a recovery code (used up by it), for a
/// user with a second factor. False for anything else, and for a code
/// already used.
pub async fn check(state: &AppState, user_id: i64, typed: &str) -> Result<bool, OpError> {
    let Some(factor) = state
        .store
        .second_factor(user_id)
        .await?
        .filter(|f| f.confirmed_at.is_some())
    else {
        return Ok(false);
    };
    let secret = decode(&factor.secret)?;
    let last = factor.last_step.and_then(|s| u64::try_from(s).ok());
    if let Some(step) = totp::verify(&secret, typed, now_secs(), last) {
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        return Ok(state.store.use_totp_step(user_id, step).await?);
    }
    match totp::normalize_recovery_code(typed) {
        Some(code) => Ok(state
            .store
            .use_recovery_code(user_id, &sha256_hex(&code))
            .await?),
        None => Ok(false),
    }
}

/// The owner turns the second factor off; the password and a code were
/// checked by the caller. Refused while the user's roles require one.
pub async fn turn_off(state: &AppState, user_id: i64) -> Result<(), OpError> {
    let user = state.store.user(user_id).await?;
    if state.settings.requires_second_factor(&user.grants) {
        return Err(OpError::Declined("second-factor-err-required"));
    }
    Ok(state.store.remove_second_factor(user_id).await?)
}

/// An admin (or the shell) removes a user's second factor, so that they
/// enrol again: recorded like every change of power over an account.
pub async fn reset(state: &AppState, actor: Option<&Actor>, user_id: i64) -> Result<bool, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    let event = super::change(state, actor, user_id, AccountChange::SecondFactorReset).await?;
    Ok(event.is_some())
}

/// The actor's own user id, for the operations a token holder runs on
/// their own second factor (a write right: a read-only token may not).
fn own(actor: &Actor) -> Result<i64, OpError> {
    require(actor, Action::ManageOwnAccount)?;
    match actor {
        Actor::User { id, .. } => Ok(*id),
        Actor::Anonymous => Err(OpError::Unauthenticated),
    }
}

/// The state of the actor's own second factor.
pub async fn own_status(state: &AppState, actor: &Actor) -> Result<Status, OpError> {
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    status(state, *id).await
}

/// Starts an enrolment of the actor's own second factor (see [`begin`]).
pub async fn begin_own(
    state: &AppState,
    actor: &Actor,
    account: &str,
) -> Result<Enrolment, OpError> {
    let id = own(actor)?;
    begin(state, id, account).await
}

/// Confirms the actor's own pending enrolment (see [`confirm`]).
pub async fn confirm_own(
    state: &AppState,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, OpError> {
    let id = own(actor)?;
    confirm(state, id, code).await
}

/// Turns the actor's own second factor off, given their password and a
/// code from the app (or a recovery code), as the account page asks.
/// A wrong password or code is named as the field `password` or `code`.
pub async fn turn_off_own(
    state: &AppState,
    actor: &Actor,
    password: &str,
    code: &str,
) -> Result<(), OpError> {
    let id = own(actor)?;
    let user = state.store.user(id).await?;
    if !is_on(state, id).await? {
        return Err(OpError::NotFound);
    }
    let stored = state
        .store
        .credentials(&user.username)
        .await?
        .map(|c| c.password_hash);
    if !super::password::verify(password.to_owned(), stored).await {
        return Err(OpError::Invalid(vec![waico_members::Invalid {
            field: "password",
            key: "err-wrong-password",
        }]));
    }
    if !check(state, id, code).await? {
        return Err(OpError::Invalid(vec![waico_members::Invalid {
            field: "code",
            key: "second-factor-err-code",
        }]));
    }
    turn_off(state, id).await
}
