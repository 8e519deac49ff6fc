//! Which account a provider's verified identity signs in as: the user the
//! provider account was linked to at an earlier sign-in; else the user
//! whose name (or single e-mail address) equals the configured claim, and
//! the link is made; else — when allowed — a new account without roles;
//! else none. Roles are never taken from the provider: they are granted
//! on the node, recorded as every grant is.

use crate::AppState;
use crate::error::OpError;
use crate::single_sign_on::{Profile, SingleSignOn, SingleSignOnError};

use super::secrets::random_token;

/// A provider account that speaks for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub user_id: i64,
    pub next_path: String,
    /// Whether this sign-in linked the provider account to the user.
    pub linked_now: bool,
    /// The provider's ID token, kept with the session for signing out at
    /// the provider too.
    pub id_token: String,
}

/// Ends a sign-in through the provider (see [`SingleSignOn::finish`]) and
/// finds its account.
pub async fn finish(
    state: &AppState,
    sso: &SingleSignOn,
    cookie_secret: Option<&str>,
    state_param: &str,
    code: &str,
) -> Result<SignedIn, SingleSignOnError> {
    let identity = sso
        .finish(&state.store, cookie_secret, state_param, code)
        .await?;
    let (user_id, linked_now) = account_for(
        state,
        sso,
        &identity.issuer,
        &identity.subject,
        &identity.profile,
    )
    .await?;
    Ok(SignedIn {
        user_id,
        next_path: identity.next_path,
        linked_now,
        id_token: identity.id_token,
    })
}

/// Ends every session that a provider account opened on this node, when
/// the provider posts that it signed out (OpenID Connect Back-Channel
/// Logout 1.0); answers how many ended. A provider account linked to no
/// user ends none.
pub async fn end_provider_sessions(
    state: &AppState,
    sso: &SingleSignOn,
    logout_token: &str,
) -> Result<u64, SingleSignOnError> {
    let notice = sso.verify_logout_token(logout_token).await?;
    let unavailable = |_| SingleSignOnError::Unavailable;
    let Some(user_id) = state
        .store
        .external_identity_user(&notice.issuer, &notice.subject)
        .await
        .map_err(unavailable)?
    else {
        return Ok(0);
    };
    let ended = state
        .store
        .end_provider_sessions(user_id)
        .await
        .map_err(unavailable)?;
    tracing::info!(
        user = user_id,
        ended,
        "signed out at the identity provider: its sessions ended"
    );
    Ok(ended)
}

/// The user the provider account speaks for: linked before, else the
/// user named by the configured claim (linked now), else a new one.
async fn account_for(
    state: &AppState,
    sso: &SingleSignOn,
    issuer: &str,
    subject: &str,
    profile: &Profile,
) -> Result<(i64, bool), SingleSignOnError> {
    let store = &state.store;
    let unavailable = |_| SingleSignOnError::Unavailable;
    if let Some(user_id) = store
        .external_identity_user(issuer, subject)
        .await
        .map_err(unavailable)?
    {
        let user = store.user(user_id).await.map_err(unavailable)?;
        if user.deactivated_at.is_some() {
            return Err(SingleSignOnError::Deactivated);
        }
        return Ok((user_id, false));
    }
    let wanted = profile
        .wanted(&sso.config().username_claim)
        .ok_or(SingleSignOnError::NoAccount)?;
    let matched = match sso.config().username_claim.as_str() {
        "email" => store.user_by_email(&wanted).await,
        _ => store.user_by_username(&wanted.to_ascii_lowercase()).await,
    };
    let user = match matched {
        Ok(user) => user,
        Err(waico_store::StoreError::NotFound) if sso.config().create_accounts => {
            create_account(state, profile).await?
        }
        Err(waico_store::StoreError::NotFound) => return Err(SingleSignOnError::NoAccount),
        Err(_) => return Err(SingleSignOnError::Unavailable),
    };
    if user.deactivated_at.is_some() {
        return Err(SingleSignOnError::Deactivated);
    }
    match store.link_external_identity(issuer, subject, user.id).await {
        Ok(()) => {}
        // The user already signs in through another account of this
        // provider: this one may not take it over.
        Err(waico_store::StoreError::Conflict { .. }) => {
            return Err(SingleSignOnError::NoAccount);
        }
        Err(_) => return Err(SingleSignOnError::Unavailable),
    }
    tracing::info!(user = user.id, issuer, "provider account linked");
    Ok((user.id, true))
}

/// A new account without roles for a provider account, named by its
/// `preferred_username` (or the local part of its e-mail address);
/// its password is a random secret nobody knows.
async fn create_account(
    state: &AppState,
    profile: &Profile,
) -> Result<waico_store::User, SingleSignOnError> {
    let email = profile.email.clone().ok_or(SingleSignOnError::NoAccount)?;
    let username = profile
        .preferred_username
        .clone()
        .or_else(|| email.split('@').next().map(str::to_owned))
        .ok_or(SingleSignOnError::NoAccount)?;
    let input = super::UserInput {
        display_name: profile.name.clone().unwrap_or_else(|| username.clone()),
        username,
        email,
        password: random_token(),
        ..Default::default()
    };
    super::create_user(state, None, &input, &[])
        .await
        .map_err(|e| match e {
            OpError::Invalid(_) | OpError::Conflict { .. } => SingleSignOnError::NoAccount,
            _ => SingleSignOnError::Unavailable,
        })
}
