//! Accounts: people and their roles, passwords and API tokens. `actor:
//! None` is the shell (`waico admin`), which has the secretariat's rights.

pub mod password;
pub mod secrets;

use waico_members::policy::{Action, Actor, may};
use waico_members::{
    CountryCode, DisplayName, Email, Invalid, Lang, Password, Role, RoleGrant, Username,
};
use waico_store::{NewUser, User};

use crate::AppState;
use crate::error::{Check, OpError, require};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct UserInput {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password: String,
    /// ISO code of the state the person belongs to (optional).
    #[serde(default)]
    pub country: String,
    /// Id of the institution the person belongs to (optional).
    #[serde(default)]
    pub institution_id: Option<i64>,
    /// ar, zh, en, fr, ru or es
    #[serde(default)]
    pub language: String,
}

/// Creates a user. `actor: None` is the shell (`waico admin`), which has the
/// secretariat's rights.
pub async fn create_user(
    state: &AppState,
    actor: Option<&Actor>,
    input: &UserInput,
    grants: &[RoleGrant],
) -> Result<User, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    create_user_in(&state.store, input, grants).await
}

pub async fn create_user_in(
    store: &waico_store::Store,
    input: &UserInput,
    grants: &[RoleGrant],
) -> Result<User, OpError> {
    let mut check = Check::default();
    let username = check.field(Username::parse(&input.username));
    let display_name = check.field(DisplayName::parse(&input.display_name));
    let email = check.field(Email::parse(&input.email));
    let password = check.field(Password::parse(&input.password));
    let country = if input.country.trim().is_empty() {
        None
    } else {
        check.field(CountryCode::parse(&input.country))
    };
    let language = if input.language.trim().is_empty() {
        Some(Lang::En)
    } else {
        check.field(
            Lang::parse(&input.language).ok_or(Invalid::new("language", "err-invalid-choice")),
        )
    };
    check.finish()?;
    if let Some(id) = input.institution_id {
        store.institution(id).await.map_err(|_| {
            OpError::Invalid(vec![Invalid::new(
                "institution_id",
                "err-unknown-institution",
            )])
        })?;
    }
    let password_hash = password::hash(password.expect("checked").expose().to_owned())
        .await
        .map_err(OpError::Internal)?;
    let new = NewUser {
        username: username.expect("checked"),
        display_name: display_name.expect("checked"),
        email: email.expect("checked"),
        password_hash,
        country,
        institution_id: input.institution_id,
        language: language.expect("checked"),
    };
    Ok(store.create_user(&new, grants).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct GrantInput {
    /// secretariat_admin, delegate, institution_rep or researcher
    pub role: String,
    /// Country code for a delegate, institution id for a representative.
    #[serde(default)]
    pub scope: String,
}

pub fn parse_grant(input: &GrantInput) -> Result<RoleGrant, OpError> {
    let role = Role::parse(&input.role)?;
    Ok(RoleGrant::from_parts(role, &input.scope)?)
}

pub async fn grant_role(
    state: &AppState,
    actor: &Actor,
    user_id: i64,
    input: &GrantInput,
) -> Result<User, OpError> {
    require(actor, Action::ManageUsers)?;
    let grant = parse_grant(input)?;
    if let RoleGrant::InstitutionRep { institution_id } = grant {
        state.store.institution(institution_id).await.map_err(|_| {
            OpError::Invalid(vec![Invalid::new("scope", "err-unknown-institution")])
        })?;
    }
    state.store.grant_role(user_id, &grant).await?;
    Ok(state.store.user(user_id).await?)
}

pub async fn revoke_role(
    state: &AppState,
    actor: &Actor,
    user_id: i64,
    input: &GrantInput,
) -> Result<User, OpError> {
    require(actor, Action::ManageUsers)?;
    let grant = parse_grant(input)?;
    if !may(
        actor,
        Action::RevokeRole {
            holder: user_id,
            role: grant.role(),
        },
    ) {
        // The secretariat may manage users, so the policy refuses this one
        // revocation: their own secretariat role.
        return Err(OpError::Declined("err-revoke-own-admin"));
    }
    state.store.revoke_role(user_id, &grant).await?;
    Ok(state.store.user(user_id).await?)
}

pub async fn reset_password(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
    password: &str,
) -> Result<(), OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    let password = Password::parse(password)?;
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(OpError::Internal)?;
    Ok(state.store.set_password_hash(user_id, &hash).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct TokenInput {
    pub name: String,
    /// read or write
    pub scope: String,
    /// Days until it expires (1 to the node's maximum, default 90).
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// Creates an API token for the actor; returns the stored token and the
/// secret, which is shown once and never again.
pub async fn create_token(
    state: &AppState,
    actor: &Actor,
    input: &TokenInput,
) -> Result<(waico_store::ApiToken, String), OpError> {
    require(actor, Action::ManageOwnAccount)?;
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    let mut check = Check::default();
    let name = input.name.trim();
    if name.is_empty() {
        check.field::<()>(Err(Invalid::new("name", "err-required")));
    } else if name.chars().count() > 80 || name.chars().any(char::is_control) {
        check.field::<()>(Err(Invalid::new("name", "err-length")));
    }
    let scope = check.field(
        waico_store::TokenScope::parse(input.scope.trim())
            .ok_or(Invalid::new("scope", "err-invalid-choice")),
    );
    let days = input.expires_in_days.unwrap_or(90);
    if !(1..=state.settings.token_max_days).contains(&days) {
        check.field::<()>(Err(Invalid::new("expires_in_days", "err-token-days")));
    }
    check.finish()?;
    let (secret, hash, prefix) = secrets::new_api_token();
    let expires_at = waico_store::now_ms() + days * 86_400_000;
    let token = state
        .store
        .create_token(
            *id,
            name,
            &hash,
            &prefix,
            scope.expect("checked"),
            expires_at,
        )
        .await?;
    Ok((token, secret))
}

/// The actor a signed-in person (or the shell acting as them) is: their
/// roles, with the right to write.
pub fn actor_of(user: &User) -> Actor {
    Actor::User {
        id: user.id,
        grants: user.grants.clone(),
        can_write: true,
    }
}
