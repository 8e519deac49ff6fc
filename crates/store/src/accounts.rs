//! Stored accounts: users with their role grants, password credentials,
//! server-side sessions, and hashed API tokens; the
//! changes of power over an account (grants, revocations, deactivation,
//! password resets by an admin) written with their ledger entry in one
//! transaction, see [`Store::change_account_recorded`].

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use waico_members::{CountryCode, Lang, Role, RoleGrant};

use crate::ledger::append_in;
use crate::{NewEntry, Result, Store, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub country: Option<CountryCode>,
    pub institution_id: Option<i64>,
    pub language: Lang,
    pub created_at: i64,
    /// When an admin deactivated the account (no sign-in, no token works).
    #[serde(default)]
    pub deactivated_at: Option<i64>,
    pub grants: Vec<RoleGrant>,
}

/// A validated user to create. `password_hash` is a PHC string (argon2id).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: waico_members::Username,
    pub display_name: waico_members::DisplayName,
    pub email: waico_members::Email,
    pub password_hash: String,
    pub country: Option<CountryCode>,
    pub institution_id: Option<i64>,
    pub language: Lang,
}

/// What sign-in needs to check a password.
#[derive(Clone)]
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: String,
    /// A deactivated account signs in with no password.
    pub deactivated: bool,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user_id", &self.user_id)
            .field("deactivated", &self.deactivated)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: User,
    pub csrf: String,
    pub expires_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenScope {
    Read,
    Write,
}

impl TokenScope {
    pub fn slug(self) -> &'static str {
        match self {
            TokenScope::Read => "read",
            TokenScope::Write => "write",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "read" => Some(TokenScope::Read),
            "write" => Some(TokenScope::Write),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it in lists.
    pub prefix: String,
    pub scope: TokenScope,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

const USER_COLUMNS: &str = "id, username, display_name, email, country, institution_id, language, created_at, deactivated_at";

fn user_from(row: &AnyRow, grants: Vec<RoleGrant>) -> Result<User> {
    let country: Option<String> = row.try_get("country")?;
    let language: String = row.try_get("language")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        country: country.as_deref().and_then(|c| CountryCode::parse(c).ok()),
        institution_id: row.try_get("institution_id")?,
        language: Lang::parse(&language).unwrap_or(Lang::En),
        created_at: row.try_get("created_at")?,
        deactivated_at: row.try_get("deactivated_at")?,
        grants,
    })
}

fn token_from(row: &AnyRow) -> Result<ApiToken> {
    let scope: String = row.try_get("scope")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        scope: TokenScope::parse(&scope).unwrap_or(TokenScope::Read),
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

/// Longest user-agent text kept with a session.
const USER_AGENT_CHARS: usize = 200;

/// Characters of a session's hash that name it on its owner's page (the
/// cookie value is never shown, nor the whole hash).
pub const SESSION_HANDLE_CHARS: usize = 16;

/// One of a person's open sessions, as their account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The first characters of the session's hash: names it in forms.
    pub handle: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: i64,
    pub user_agent: String,
    /// Opened through the identity provider (signing out goes on there).
    pub through_provider: bool,
}

/// A change of power over an account, which the ledger records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    Grant(RoleGrant),
    Revoke(RoleGrant),
    Deactivate,
    Reactivate,
    /// A new password hash set by an admin (ends sessions, revokes tokens).
    PasswordReset {
        password_hash: String,
    },
    /// An admin removes the user's second factor and recovery codes (the
    /// user enrols again).
    SecondFactorReset,
}

impl AccountChange {
    /// The name of the change in the ledger and in the account events.
    pub fn action(&self) -> &'static str {
        match self {
            AccountChange::Grant(_) => "role_granted",
            AccountChange::Revoke(_) => "role_revoked",
            AccountChange::Deactivate => "user_deactivated",
            AccountChange::Reactivate => "user_reactivated",
            AccountChange::PasswordReset { .. } => "password_reset",
            AccountChange::SecondFactorReset => "second_factor_reset",
        }
    }

    /// The role (and scope) concerned, `role` or `role:scope`; empty for
    /// the other changes.
    pub fn detail(&self) -> String {
        match self {
            AccountChange::Grant(g) | AccountChange::Revoke(g) => {
                let scope = g.scope();
                if scope.is_empty() {
                    g.role().slug().to_owned()
                } else {
                    format!("{}:{scope}", g.role().slug())
                }
            }
            _ => String::new(),
        }
    }
}

/// One recorded change of power over an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountEvent {
    pub id: i64,
    pub at: i64,
    /// Who made the change; `None`: the shell.
    pub actor_id: Option<i64>,
    pub subject_id: i64,
    /// role_granted, role_revoked, user_deactivated, user_reactivated,
    /// password_reset or second_factor_reset
    pub action: String,
    /// `role` or `role:scope` for grants and revocations.
    pub detail: String,
    /// Index of the ledger entry written with it.
    pub ledger_index: i64,
}

const EVENT_COLUMNS: &str = "id, at, actor_id, subject_id, action, detail, ledger_index";

fn event_from(row: &AnyRow) -> Result<AccountEvent> {
    Ok(AccountEvent {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor_id: row.try_get("actor_id")?,
        subject_id: row.try_get("subject_id")?,
        action: row.try_get("action")?,
        detail: row.try_get("detail")?,
        ledger_index: row.try_get("ledger_index")?,
    })
}

async fn insert_user_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    new: &NewUser,
    grants: &[RoleGrant],
) -> Result<User> {
    let row = sqlx::query(&format!(
        "INSERT INTO users (username, display_name, email, password_hash, country, institution_id, language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {USER_COLUMNS}"
    ))
    .bind(new.username.as_str())
    .bind(new.display_name.as_str())
    .bind(new.email.as_str())
    .bind(new.password_hash.clone())
    .bind(new.country.map(|c| c.to_string()))
    .bind(new.institution_id)
    .bind(new.language.code())
    .bind(now_ms())
    .fetch_one(&mut **tx)
    .await
    .map_err(StoreError::from_write)?;
    let id: i64 = row.try_get("id")?;
    for grant in grants {
        sqlx::query("INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(grant.role().slug())
            .bind(grant.scope())
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from_write)?;
    }
    user_from(&row, grants.to_vec())
}

/// Ends every session of the user and revokes their live API tokens.
async fn sign_out_everywhere_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now_ms())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Appends the ledger entry of a change and its account event.
async fn record_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor_id: Option<i64>,
    subject_id: i64,
    change: &AccountChange,
    entry: NewEntry,
) -> Result<AccountEvent> {
    let at = entry.time_ms;
    let (index, _) = append_in(tx, &[entry], None).await?;
    let row = sqlx::query(&format!(
        "INSERT INTO account_events (at, actor_id, subject_id, action, detail, ledger_index) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {EVENT_COLUMNS}"
    ))
    .bind(at)
    .bind(actor_id)
    .bind(subject_id)
    .bind(change.action())
    .bind(change.detail())
    .bind(index as i64)
    .fetch_one(&mut **tx)
    .await?;
    event_from(&row)
}

const TOKEN_COLUMNS: &str =
    "id, user_id, name, prefix, scope, created_at, expires_at, revoked_at, last_used_at";

impl Store {
    /// Creates a user and their initial grants in one transaction.
    pub async fn create_user(&self, new: &NewUser, grants: &[RoleGrant]) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let user = insert_user_in(&mut tx, new, grants).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// Creates a user and their initial grants, each grant with the ledger
    /// entry `entry` makes of it (given the new user's id) and its account
    /// event by `actor_id` (`None`: the shell), in one transaction.
    pub async fn create_user_recorded(
        &self,
        new: &NewUser,
        grants: &[RoleGrant],
        actor_id: Option<i64>,
        entry: impl Fn(i64, &RoleGrant) -> Result<NewEntry>,
    ) -> Result<User> {
        let mut tx = self.write_tx().await?;
        let user = insert_user_in(&mut tx, new, grants).await?;
        for grant in grants {
            let entry = entry(user.id, grant)?;
            let change = AccountChange::Grant(grant.clone());
            record_in(&mut tx, actor_id, user.id, &change, entry).await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    async fn grants_of(&self, user_id: i64) -> Result<Vec<RoleGrant>> {
        let rows = sqlx::query(
            "SELECT role, scope FROM user_roles WHERE user_id = $1 ORDER BY role, scope",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let role: String = r.try_get("role").ok()?;
                let scope: String = r.try_get("scope").ok()?;
                RoleGrant::from_parts(Role::parse(&role).ok()?, &scope).ok()
            })
            .collect())
    }

    pub async fn user(&self, id: i64) -> Result<User> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        user_from(&row, self.grants_of(id).await?)
    }

    /// The one user with this e-mail address (ignoring case); `NotFound`
    /// also when several users share it.
    pub async fn user_by_email(&self, email: &str) -> Result<User> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE LOWER(email) = $1 LIMIT 2"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_all(&self.pool)
        .await?;
        let [row] = rows.as_slice() else {
            return Err(StoreError::NotFound);
        };
        let id: i64 = row.try_get("id")?;
        user_from(row, self.grants_of(id).await?)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<User> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username.trim().to_ascii_lowercase())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let id: i64 = row.try_get("id")?;
        user_from(&row, self.grants_of(id).await?)
    }

    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users ORDER BY username"
        ))
        .fetch_all(&self.pool)
        .await?;
        let grant_rows = sqlx::query("SELECT user_id, role, scope FROM user_roles")
            .fetch_all(&self.pool)
            .await?;
        let mut grants: std::collections::HashMap<i64, Vec<RoleGrant>> = Default::default();
        for r in &grant_rows {
            let (user_id, role, scope): (i64, String, String) = (
                r.try_get("user_id")?,
                r.try_get("role")?,
                r.try_get("scope")?,
            );
            if let Some(g) = Role::parse(&role)
                .ok()
                .and_then(|role| RoleGrant::from_parts(role, &scope).ok())
            {
                grants.entry(user_id).or_default().push(g);
            }
        }
        rows.iter()
            .map(|row| {
                let id: i64 = row.try_get("id")?;
                user_from(row, grants.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    pub async fn update_profile(
        &self,
        id: i64,
        display_name: &waico_members::DisplayName,
        language: Lang,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE users SET display_name = $1, language = $2 WHERE id = $3")
            .bind(display_name.as_str())
            .bind(language.code())
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Replaces the password hash, ends every session
    /// of the user and revokes their API tokens (whoever knew the old
    /// password may have made them).
    pub async fn set_password_hash(&self, id: i64, password_hash: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn credentials(&self, username: &str) -> Result<Option<Credentials>> {
        let row =
            sqlx::query("SELECT id, password_hash, deactivated_at FROM users WHERE username = $1")
                .bind(username.trim().to_ascii_lowercase())
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| {
            Ok(Credentials {
                user_id: r.try_get("id")?,
                password_hash: r.try_get("password_hash")?,
                deactivated: r.try_get::<Option<i64>, _>("deactivated_at")?.is_some(),
            })
        })
        .transpose()
    }

    pub async fn grant_role(&self, user_id: i64, grant: &RoleGrant) -> Result<()> {
        self.user(user_id).await?;
        sqlx::query("INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(grant.role().slug())
            .bind(grant.scope())
            .execute(&self.pool)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    pub async fn revoke_role(&self, user_id: i64, grant: &RoleGrant) -> Result<()> {
        let done =
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND scope = $3")
                .bind(user_id)
                .bind(grant.role().slug())
                .bind(grant.scope())
                .execute(&self.pool)
                .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Stores a session under the hash of its cookie value, with a short
    /// description of the browser it was opened from.
    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: i64,
        csrf: &str,
        expires_at: i64,
        user_agent: &str,
        provider_id_token: Option<&str>,
    ) -> Result<()> {
        let now = now_ms();
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf, created_at, expires_at, last_used_at, user_agent, provider_id_token) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(id_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(now)
            .bind(expires_at)
            .bind(now)
            .bind(user_agent.chars().take(USER_AGENT_CHARS).collect::<String>())
            .bind(provider_id_token)
            .execute(&self.pool)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// The live session with this hash, with its (active) user; records
    /// its use at most once a minute.
    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionInfo>> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "SELECT s.csrf, s.expires_at, s.last_used_at, {} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL",
            USER_COLUMNS.split(", ").map(|c| format!("u.{c}")).collect::<Vec<_>>().join(", ")
        ))
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: i64 = row.try_get("id")?;
        let last: Option<i64> = row.try_get("last_used_at")?;
        if last.is_none_or(|t| now - t > 60_000) {
            sqlx::query("UPDATE sessions SET last_used_at = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(id_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(SessionInfo {
            csrf: row.try_get("csrf")?,
            expires_at: row.try_get("expires_at")?,
            user: user_from(&row, self.grants_of(id).await?)?,
        }))
    }

    /// Ends a session (signing out); answers the provider's ID token it
    /// was opened with, if any.
    pub async fn sign_out_session(&self, id_hash: &str) -> Result<Option<String>> {
        let row =
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1 RETURNING provider_id_token")
                .bind(id_hash)
                .fetch_optional(&self.pool)
                .await?;
        Ok(match row {
            Some(row) => row.try_get("provider_id_token")?,
            None => None,
        })
    }

    /// Ends the sessions (and the sign-ins waiting for a code) that a user
    /// opened through the identity provider, when the provider says the
    /// user signed out there; answers how many sessions ended.
    pub async fn end_provider_sessions(&self, user_id: i64) -> Result<u64> {
        let mut tx = self.write_tx().await?;
        let ended = sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND provider_id_token IS NOT NULL",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query(
            "DELETE FROM signin_challenges WHERE user_id = $1 AND provider_id_token IS NOT NULL",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ended)
    }

    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn create_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        scope: TokenScope,
        expires_at: i64,
    ) -> Result<ApiToken> {
        let row = sqlx::query(&format!(
            "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(prefix)
        .bind(scope.slug())
        .bind(now_ms())
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        token_from(&row)
    }

    pub async fn list_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(token_from).collect()
    }

    pub async fn revoke_token(&self, user_id: i64, token_id: i64) -> Result<()> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(now_ms())
            .bind(token_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// The token with this hash if it is neither revoked nor expired, with
    /// its user; records its use.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_from(&row)?;
        let user = self.user(token.user_id).await?;
        if user.deactivated_at.is_some() {
            return Ok(None);
        }
        // Record use at most once a minute to keep reads cheap.
        if token.last_used_at.is_none_or(|t| now - t > 60_000) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token.id)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((token, user)))
    }

    /// Figures for the home page.
    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }
}

impl Store {
    /// Applies a change of power over account `subject_id`, made by
    /// `actor_id` (`None`: the shell), and appends `entry` (its ledger
    /// record) and its account event, in one transaction: the change and
    /// its record stand or fall together. A change that changes nothing (a
    /// role already held, a user already deactivated) writes nothing and
    /// answers `None`; revoking a role not held is `NotFound`.
    /// Deactivating and resetting a password end the user's sessions and
    /// revoke their API tokens.
    pub async fn change_account_recorded(
        &self,
        actor_id: Option<i64>,
        subject_id: i64,
        change: &AccountChange,
        entry: NewEntry,
    ) -> Result<Option<AccountEvent>> {
        let mut tx = self.write_tx().await?;
        let exists = sqlx::query("SELECT id FROM users WHERE id = $1")
            .bind(subject_id)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let changed = match change {
            AccountChange::Grant(grant) => sqlx::query(
                "INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(subject_id)
            .bind(grant.role().slug())
            .bind(grant.scope())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_write)?
            .rows_affected(),
            AccountChange::Revoke(grant) => {
                let n = sqlx::query(
                    "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND scope = $3",
                )
                .bind(subject_id)
                .bind(grant.role().slug())
                .bind(grant.scope())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::NotFound);
                }
                n
            }
            AccountChange::Deactivate => {
                let n = sqlx::query(
                    "UPDATE users SET deactivated_at = $1 WHERE id = $2 AND deactivated_at IS NULL",
                )
                .bind(now_ms())
                .bind(subject_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sign_out_everywhere_in(&mut tx, subject_id).await?;
                n
            }
            AccountChange::Reactivate => sqlx::query(
                "UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL",
            )
            .bind(subject_id)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
            AccountChange::PasswordReset { password_hash } => {
                let n = sqlx::query(
                    "UPDATE users SET password_hash = $1 WHERE id = $2",
                )
                .bind(password_hash)
                .bind(subject_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                sign_out_everywhere_in(&mut tx, subject_id).await?;
                n
            }
            AccountChange::SecondFactorReset => {
                crate::second_factor::remove_second_factor_in(&mut tx, subject_id).await?
            }
        };
        if changed == 0 {
            tx.commit().await?;
            return Ok(None);
        }
        let event = record_in(&mut tx, actor_id, subject_id, change, entry).await?;
        tx.commit().await?;
        Ok(Some(event))
    }

    /// Recorded changes of power over accounts, newest first: all of them,
    /// or those about one user; `before` (an event id) pages back.
    pub async fn account_events(
        &self,
        subject_id: Option<i64>,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AccountEvent>> {
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM account_events WHERE id < $1");
        if subject_id.is_some() {
            sql.push_str(" AND subject_id = $3");
        }
        sql.push_str(" ORDER BY id DESC LIMIT $2");
        let mut query = sqlx::query(&sql)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit.clamp(1, 500));
        if let Some(subject) = subject_id {
            query = query.bind(subject);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(event_from).collect()
    }

    /// The live sessions of a user, the most recently used first.
    pub async fn list_sessions(&self, user_id: i64) -> Result<Vec<SessionSummary>> {
        let rows = sqlx::query(
            "SELECT id_hash, created_at, last_used_at, expires_at, user_agent, provider_id_token FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 ORDER BY COALESCE(last_used_at, created_at) DESC, created_at DESC",
        )
        .bind(user_id)
        .bind(now_ms())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let hash: String = r.try_get("id_hash")?;
                Ok(SessionSummary {
                    handle: hash.chars().take(SESSION_HANDLE_CHARS).collect(),
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    expires_at: r.try_get("expires_at")?,
                    user_agent: r.try_get("user_agent")?,
                    through_provider: r
                        .try_get::<Option<String>, _>("provider_id_token")?
                        .is_some(),
                })
            })
            .collect()
    }

    /// Ends the session of `user_id` named by `handle` (see
    /// [`SessionSummary::handle`]); another person's session is not found.
    pub async fn end_session(&self, user_id: i64, handle: &str) -> Result<()> {
        if handle.len() != SESSION_HANDLE_CHARS || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound);
        }
        let done = sqlx::query(&format!(
            "DELETE FROM sessions WHERE user_id = $1 AND substr(id_hash, 1, {SESSION_HANDLE_CHARS}) = $2"
        ))
        .bind(user_id)
        .bind(handle)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// Ends every session of the user but the one with hash `keep`;
    /// returns how many were ended.
    pub async fn end_other_sessions(&self, user_id: i64, keep: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// One page of users, by user name, whose name, display name or
    /// e-mail contains `query` (case-insensitive); and how many match.
    pub async fn search_users(
        &self,
        query: &str,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<User>, i64)> {
        let pattern = format!(
            "%{}%",
            query
                .trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let filter = "WHERE LOWER(username) LIKE $1 ESCAPE '\\' OR LOWER(display_name) LIKE $1 ESCAPE '\\' OR LOWER(email) LIKE $1 ESCAPE '\\'";
        let total: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM users {filter}"))
            .bind(pattern.clone())
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users {filter} ORDER BY username LIMIT $2 OFFSET $3"
        ))
        .bind(pattern)
        .bind(limit.clamp(1, 200))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            users.push(user_from(row, self.grants_of(id).await?)?);
        }
        Ok((users, total))
    }
}

/// What a one-time e-mailed link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPurpose {
    /// A new user chooses their first password.
    Invite,
    /// A user who forgot their password chooses a new one.
    Reset,
}

impl LinkPurpose {
    pub fn slug(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::Reset => "reset",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        match raw {
            "invite" => Some(LinkPurpose::Invite),
            "reset" => Some(LinkPurpose::Reset),
            _ => None,
        }
    }
}

impl Store {
    /// Stores a one-time link (by the hash of its secret) for `user_id`,
    /// and voids the user's earlier unused links of the same purpose.
    pub async fn create_account_link(
        &self,
        token_hash: &str,
        user_id: i64,
        purpose: LinkPurpose,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        sqlx::query(
            "UPDATE account_links SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(purpose.slug())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO account_links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(purpose.slug())
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    /// The user and purpose of a link that is unused, unexpired and whose
    /// user is active.
    pub async fn account_link(&self, token_hash: &str) -> Result<Option<(User, LinkPurpose)>> {
        let row = sqlx::query(
            "SELECT l.user_id, l.purpose FROM account_links l JOIN users u ON u.id = l.user_id \
             WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.deactivated_at IS NULL",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let purpose: String = row.try_get("purpose")?;
        let user = self.user(row.try_get("user_id")?).await?;
        Ok(LinkPurpose::parse(&purpose).map(|p| (user, p)))
    }

    /// Uses a link: sets the password, ends the user's sessions and
    /// revokes their tokens, and marks the link used, in one transaction.
    /// `NotFound` if the link is unknown, used, expired, or its user
    /// deactivated (then nothing changes).
    pub async fn use_account_link(&self, token_hash: &str, password_hash: &str) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        let row = sqlx::query(
            "UPDATE account_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             AND user_id IN (SELECT id FROM users WHERE deactivated_at IS NULL) RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let user_id: i64 = row.try_get("user_id")?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sign_out_everywhere_in(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(user_id)
    }

    /// The active user with this user name or e-mail address
    /// (case-insensitive), if any.
    pub async fn active_user_by_name_or_email(&self, who: &str) -> Result<Option<User>> {
        let who = who.trim().to_lowercase();
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE (username = $1 OR LOWER(email) = $1) AND deactivated_at IS NULL \
             ORDER BY id LIMIT 1"
        ))
        .bind(who)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: i64 = row.try_get("id")?;
        Ok(Some(user_from(&row, self.grants_of(id).await?)?))
    }
}
