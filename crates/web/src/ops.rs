//! Operations shared by the pages and the API: validate the input, ask the
//! policy, write, and drop cached views. Returns errors that each face
//! renders its own way (a form with messages, or problem+json).

use waico_members::policy::{Action, Actor, may};
use waico_members::{
    CountryCode, DisplayName, Email, InstitutionKind, InstitutionName, Invalid, Lang, MemberStatus,
    Password, Role, RoleGrant, Username,
};
use waico_store::{Institution, Membership, NewInstitution, NewUser, StoreError, User};

use crate::AppState;
use crate::auth;

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("invalid input")]
    Invalid(Vec<Invalid>),
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    #[error("{0}")]
    Refused(String),
    /// A refusal whose reason is a message key, shown in the reader's
    /// language on pages (and in English in API problems).
    #[error("{}", crate::problem::english(.0))]
    Declined(&'static str),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<StoreError> for OpError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => OpError::NotFound,
            StoreError::Conflict { field } => OpError::Conflict { field },
            StoreError::Refused(r) => OpError::Refused(r),
            other => OpError::Internal(other.to_string()),
        }
    }
}

impl From<Invalid> for OpError {
    fn from(err: Invalid) -> Self {
        OpError::Invalid(vec![err])
    }
}

/// Collects field errors while parsing several fields.
#[derive(Default)]
pub struct Check(Vec<Invalid>);

impl Check {
    pub fn field<T>(&mut self, result: Result<T, Invalid>) -> Option<T> {
        result.map_err(|e| self.0.push(e)).ok()
    }

    pub fn finish(self) -> Result<(), OpError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(OpError::Invalid(self.0))
        }
    }
}

pub fn require(actor: &Actor, action: Action) -> Result<(), OpError> {
    if may(actor, action) {
        Ok(())
    } else if *actor == Actor::Anonymous {
        Err(OpError::Unauthenticated)
    } else {
        Err(OpError::Forbidden)
    }
}

/// Raw institution fields as submitted by a form or the API.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct InstitutionInput {
    pub name: String,
    /// government_agency, university, research_institute, company, ngo, standards_body
    pub kind: String,
    /// ISO 3166-1 alpha-3 or alpha-2.
    pub country: String,
    #[serde(default)]
    pub website: String,
}

fn parse_institution(input: &InstitutionInput) -> Result<NewInstitution, OpError> {
    let mut check = Check::default();
    let name = check.field(InstitutionName::parse(&input.name));
    let kind = check.field(InstitutionKind::parse(&input.kind));
    let country = check.field(CountryCode::parse(&input.country));
    let website = check.field(waico_members::institution::parse_website(&input.website));
    check.finish()?;
    Ok(NewInstitution {
        name: name.expect("checked"),
        kind: kind.expect("checked"),
        country: country.expect("checked"),
        website: website.expect("checked"),
    })
}

pub async fn create_institution(
    state: &AppState,
    actor: &Actor,
    input: &InstitutionInput,
) -> Result<Institution, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    let new = parse_institution(input)?;
    require(
        actor,
        Action::CreateInstitution {
            country: new.country,
        },
    )?;
    let created = state.store.create_institution(&new).await?;
    state.directory.invalidate();
    Ok(created)
}

pub async fn update_institution(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &InstitutionInput,
) -> Result<Institution, OpError> {
    let existing = state.store.institution(id).await?;
    require(
        actor,
        Action::EditInstitution {
            id,
            country: existing.country,
        },
    )?;
    let new = parse_institution(input)?;
    // Moving an institution to another country needs rights there too.
    if new.country != existing.country {
        require(
            actor,
            Action::CreateInstitution {
                country: new.country,
            },
        )?;
    }
    let updated = state.store.update_institution(id, &new).await?;
    state.directory.invalidate();
    Ok(updated)
}

pub async fn delete_institution(state: &AppState, actor: &Actor, id: i64) -> Result<(), OpError> {
    require(actor, Action::DeleteInstitution)?;
    state.store.delete_institution(id).await?;
    state.directory.invalidate();
    Ok(())
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct MembershipInput {
    /// member, observer or suspended
    pub status: String,
    /// Date the status takes effect, YYYY-MM-DD.
    pub since: String,
}

pub async fn set_membership(
    state: &AppState,
    actor: &Actor,
    country: &str,
    input: &MembershipInput,
) -> Result<Membership, OpError> {
    require(actor, Action::SetMembership)?;
    let mut check = Check::default();
    let country = check.field(CountryCode::parse(country));
    let status = check.field(MemberStatus::parse(&input.status));
    let since = check.field(waico_members::membership::parse_date("since", &input.since));
    check.finish()?;
    let country = country.expect("checked");
    let code = crate::ledger::actor_code(actor);
    // The change and its ledger record are written in one transaction.
    let m = state
        .store
        .set_membership_recorded(
            country,
            status.expect("checked"),
            since.expect("checked"),
            |before, after| {
                if before.map(|b| (b.status, &b.since)) == Some((after.status, &after.since)) {
                    return Ok(None);
                }
                crate::ledger::membership_entry(&code, country, before, Some(after)).map(Some)
            },
        )
        .await?;
    state.directory.invalidate();
    state.ledger.start_checkpoints();
    Ok(m)
}

pub async fn remove_membership(
    state: &AppState,
    actor: &Actor,
    country: &str,
) -> Result<(), OpError> {
    require(actor, Action::SetMembership)?;
    let country = CountryCode::parse(country)?;
    let code = crate::ledger::actor_code(actor);
    state
        .store
        .remove_membership_recorded(country, |before| {
            crate::ledger::membership_entry(&code, country, Some(before), None)
        })
        .await?;
    state.directory.invalidate();
    state.ledger.start_checkpoints();
    Ok(())
}

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
    let password_hash = crate::password::hash(password.expect("checked").expose().to_owned())
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
    let hash = crate::password::hash(password.expose().to_owned())
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
    let (secret, hash, prefix) = auth::new_api_token();
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
