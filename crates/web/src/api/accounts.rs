//! `/api/v1/me`, `/api/v1/tokens`, `/api/v1/users` (with deactivation)
//! and `/api/v1/accounts/events`, the record of changes of power.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_members::{Action, Lang};
use waico_store::{ApiToken, User};

use crate::AppState;
use crate::auth::{ApiCaller, TokenHolder};
use crate::problem::{ApiJson, Problem};
use waico_app::OpError;
use waico_app::accounts;
use waico_app::accounts::GrantInput;
use waico_app::accounts::TokenInput;
use waico_app::accounts::UserInput;
use waico_app::require;

#[derive(Debug, Serialize, ToSchema)]
pub struct GrantView {
    pub role: String,
    /// Country code (delegate) or institution id (representative); empty otherwise.
    pub scope: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub country: Option<String>,
    pub institution_id: Option<i64>,
    pub language: Lang,
    pub roles: Vec<GrantView>,
    /// When the account was deactivated (Unix ms); absent while active.
    pub deactivated_at: Option<i64>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        UserView {
            id: u.id,
            roles: u
                .grants
                .iter()
                .map(|g| GrantView {
                    role: g.role().slug().into(),
                    scope: g.scope(),
                })
                .collect(),
            username: u.username,
            display_name: u.display_name,
            email: u.email,
            country: u.country.map(|c| c.to_string()),
            institution_id: u.institution_id,
            language: u.language,
            deactivated_at: u.deactivated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    /// read or write
    pub scope: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            scope: t.scope.slug().into(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            revoked_at: t.revoked_at,
            last_used_at: t.last_used_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NewTokenView {
    pub token: TokenView,
    /// The secret: shown this once, never again.
    pub secret: String,
}

fn signed_in(caller: &ApiCaller) -> Result<&User, Problem> {
    caller
        .user
        .as_ref()
        .ok_or_else(|| OpError::Unauthenticated.into())
}

/// The token's owner.
#[utoipa::path(
    get, path = "/api/v1/me", tag = "accounts", security(("token" = [])),
    responses((status = 200, description = "Your account", body = UserView), (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"))
)]
pub async fn me(caller: ApiCaller) -> Result<axum::Json<UserView>, Problem> {
    Ok(axum::Json(signed_in(&caller)?.clone().into()))
}

/// Your API tokens (secrets are never shown again).
#[utoipa::path(
    get, path = "/api/v1/tokens", tag = "accounts", security(("token" = [])),
    responses((status = 200, description = "Your tokens", body = [TokenView]), (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"))
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<TokenView>>, Problem> {
    let user = signed_in(&caller)?;
    let tokens = state
        .store
        .list_tokens(user.id)
        .await
        .map_err(|e| Problem::from(OpError::from(e)))?;
    Ok(axum::Json(tokens.into_iter().map(Into::into).collect()))
}

/// Creates a token for yourself (needs a write token).
#[utoipa::path(
    post, path = "/api/v1/tokens", tag = "accounts", security(("token" = [])), request_body = TokenInput,
    responses(
        (status = 201, description = "Created; the secret is in the answer once", body = NewTokenView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A read-only token cannot create tokens", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<(StatusCode, axum::Json<NewTokenView>), Problem> {
    let (token, secret) = accounts::create_token(&state, &caller.actor, &input).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(NewTokenView {
            token: token.into(),
            secret,
        }),
    ))
}

/// Revokes one of your tokens.
#[utoipa::path(
    delete, path = "/api/v1/tokens/{id}", tag = "accounts", security(("token" = [])),
    params(("id" = i64, Path, description = "Token id")),
    responses((status = 204, description = "Revoked"), (status = 404, description = "No such live token of yours", body = Problem, content_type = "application/problem+json"))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    require(&caller.actor, Action::ManageOwnAccount)?;
    let user = signed_in(&caller)?;
    state
        .store
        .revoke_token(user.id, id)
        .await
        .map_err(|e| Problem::from(OpError::from(e)))?;
    Ok(StatusCode::NO_CONTENT)
}

/// All users (secretariat).
#[utoipa::path(
    get, path = "/api/v1/users", tag = "accounts", security(("token" = [])),
    responses((status = 200, description = "Users", body = [UserView]), (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"))
)]
pub async fn list_users(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<axum::Json<Vec<UserView>>, Problem> {
    require(&caller.actor, Action::ViewUsers)?;
    let users = state
        .store
        .list_users()
        .await
        .map_err(|e| Problem::from(OpError::from(e)))?;
    Ok(axum::Json(users.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewUserInput {
    #[serde(flatten)]
    pub user: UserInput,
    /// Roles to grant at once.
    #[serde(default)]
    pub roles: Vec<GrantInput>,
    /// E-mail the person a link to choose their password (valid a week)
    /// instead of setting `password`, which is then ignored. Needs an SMTP
    /// server (409 otherwise).
    #[serde(default)]
    pub invite: bool,
}

/// Creates a user (secretariat).
#[utoipa::path(
    post, path = "/api/v1/users", tag = "accounts", security(("token" = [])), request_body = NewUserInput,
    responses(
        (status = 404, description = "No institution with that `institution_id`", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Created", body = UserView),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "User name or e-mail taken, or an invitation with no SMTP server", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_user(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<NewUserInput>,
) -> Result<(StatusCode, axum::Json<UserView>), Problem> {
    require(&caller.actor, Action::ManageUsers)?;
    let grants = input
        .roles
        .iter()
        .map(accounts::parse_grant)
        .collect::<Result<Vec<_>, _>>()?;
    let user = if input.invite {
        accounts::invite_user(&state, Some(&caller.actor), &input.user, &grants).await?
    } else {
        accounts::create_user(&state, Some(&caller.actor), &input.user, &grants).await?
    };
    Ok((StatusCode::CREATED, axum::Json(user.into())))
}

/// Grants a role (secretariat).
#[utoipa::path(
    post, path = "/api/v1/users/{id}/roles", tag = "accounts", security(("token" = [])), request_body = GrantInput,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "The user with the role", body = UserView), (status = 422, description = "Invalid role or scope", body = Problem, content_type = "application/problem+json"))
)]
pub async fn grant_role(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<GrantInput>,
) -> Result<axum::Json<UserView>, Problem> {
    Ok(axum::Json(
        accounts::grant_role(&state, Some(&caller.actor), id, &input)
            .await?
            .into(),
    ))
}

/// Revokes a role (secretariat).
#[utoipa::path(
    delete, path = "/api/v1/users/{id}/roles", tag = "accounts", security(("token" = [])), request_body = GrantInput,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "The user without the role", body = UserView), (status = 404, description = "The user does not hold it", body = Problem, content_type = "application/problem+json"), (status = 409, description = "One's own secretariat role: another administrator must revoke it", body = Problem, content_type = "application/problem+json"))
)]
pub async fn revoke_role(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<GrantInput>,
) -> Result<axum::Json<UserView>, Problem> {
    Ok(axum::Json(
        accounts::revoke_role(&state, Some(&caller.actor), id, &input)
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordInput {
    /// 10 to 256 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
}

/// Sets a new password for a user and ends their sessions (secretariat).
#[utoipa::path(
    put, path = "/api/v1/users/{id}/password", tag = "accounts", security(("token" = [])), request_body = PasswordInput,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 204, description = "Changed"), (status = 422, description = "Password too short or long", body = Problem, content_type = "application/problem+json"))
)]
pub async fn reset_password(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PasswordInput>,
) -> Result<StatusCode, Problem> {
    accounts::reset_password(&state, Some(&caller.actor), id, &input.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deactivates an account: no sign-in, sessions ended, tokens revoked;
/// recorded in the ledger (secretariat; not one's own account).
#[utoipa::path(
    post, path = "/api/v1/users/{id}/deactivate", tag = "accounts", security(("token" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "The deactivated user", body = UserView),
        (status = 409, description = "One's own account", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn deactivate_user(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<UserView>, Problem> {
    signed_in(&caller)?;
    let user = accounts::deactivate_user(&state, Some(&caller.actor), id).await?;
    Ok(axum::Json(user.into()))
}

/// Reactivates an account; recorded in the ledger (secretariat).
#[utoipa::path(
    post, path = "/api/v1/users/{id}/reactivate", tag = "accounts", security(("token" = [])),
    params(("id" = i64, Path, description = "User id")),
    responses(
        (status = 200, description = "The reactivated user", body = UserView),
        (status = 403, description = "Not the secretariat, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn reactivate_user(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<UserView>, Problem> {
    signed_in(&caller)?;
    let user = accounts::reactivate_user(&state, Some(&caller.actor), id).await?;
    Ok(axum::Json(user.into()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Only the record of this user (anyone but the secretariat must give their own id).
    pub user: Option<i64>,
    /// Only events older than this event id (paging).
    pub before: Option<i64>,
    /// At most this many (1 to 500, default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// One recorded change of power over an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountEventView {
    pub id: i64,
    /// Unix ms.
    pub at: i64,
    /// The user who made the change; absent: the node's shell.
    pub actor_id: Option<i64>,
    pub subject_id: i64,
    /// role_granted, role_revoked, user_deactivated, user_reactivated or password_reset
    pub action: String,
    /// `role` or `role:scope` for grants and revocations; empty otherwise.
    pub detail: String,
    /// Index of the ledger entry that records it.
    pub ledger_index: i64,
}

impl From<waico_store::AccountEvent> for AccountEventView {
    fn from(e: waico_store::AccountEvent) -> Self {
        AccountEventView {
            id: e.id,
            at: e.at,
            actor_id: e.actor_id,
            subject_id: e.subject_id,
            action: e.action,
            detail: e.detail,
            ledger_index: e.ledger_index,
        }
    }
}

/// The record of grants, revocations, deactivations and password resets,
/// newest first: all of it for the secretariat, one's own for anyone.
#[utoipa::path(
    get, path = "/api/v1/accounts/events", tag = "accounts", security(("token" = [])),
    params(EventsQuery),
    responses(
        (status = 200, description = "Recorded changes", body = [AccountEventView]),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Another user's record, not being the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "limit out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn account_events(
    State(state): State<AppState>,
    caller: ApiCaller,
    super::ApiQuery(q): super::ApiQuery<EventsQuery>,
) -> Result<axum::Json<Vec<AccountEventView>>, Problem> {
    signed_in(&caller)?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(OpError::Invalid(vec![waico_members::Invalid::new(
            "limit",
            "err-invalid-choice",
        )])
        .into());
    }
    let events = accounts::account_events(&state, &caller.actor, q.user, q.before, limit).await?;
    Ok(axum::Json(events.into_iter().map(Into::into).collect()))
}
