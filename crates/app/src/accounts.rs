//! Accounts: people and their roles, passwords and API tokens. `actor:
//! None` is the shell (`waico admin`), which has the secretariat's rights.
//! Every change of power over an account (grant, revocation, deactivation,
//! reactivation, password reset by an admin) is written with its ledger
//! record in one transaction and listed by [`account_events`].

pub mod password;
pub mod second_factor;
pub mod secrets;
pub mod single_sign_on;

use waico_ledger::hash::to_hex;
use waico_ledger::{Record, RecordKind, Subject};
use waico_members::policy::{Action, Actor, may};
use waico_members::{
    CountryCode, DisplayName, Email, Invalid, Lang, Password, Role, RoleGrant, Username,
};
use waico_store::{AccountChange, AccountEvent, LinkPurpose, NewEntry, NewUser, User};

use crate::AppState;
use crate::error::{Check, OpError, require};

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct UserInput {
    /// 3 to 32 characters: a letter, then letters, digits, `.`, `_` or `-`
    /// (stored in lower case).
    #[schema(pattern = "^[A-Za-z][A-Za-z0-9._-]{2,31}$")]
    pub username: String,
    /// At most 100 characters, no control characters.
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\s\\x00-\\x1F\\x7F-\\x9F](?:[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F])?$"
    )]
    pub display_name: String,
    #[schema(
        max_length = 254,
        pattern = "^[!-?A-~]+@[!-,\\-/-?A-~][!-?A-~]*\\.[!-?A-~]*[!-,\\-/-?A-~]$"
    )]
    pub email: String,
    /// 10 to 256 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    /// ISO code of the state the person belongs to (optional).
    #[serde(default)]
    #[schema(schema_with = crate::schema::country_code_or_empty)]
    pub country: String,
    /// Id of the institution the person belongs to (optional).
    #[serde(default)]
    pub institution_id: Option<i64>,
    /// ar, zh, en, fr, ru or es (empty: en)
    #[serde(default)]
    #[schema(pattern = "^(ar|zh|en|fr|ru|es)?$")]
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
    let new = new_user(&state.store, input).await?;
    let user = state
        .store
        .create_user_recorded(&new, grants, actor_id(actor), |id, grant| {
            account_entry(actor, id, &AccountChange::Grant(grant.clone()))
        })
        .await?;
    if !grants.is_empty() {
        state.ledger.start_checkpoints();
    }
    Ok(user)
}

/// Creates a user without recording the grants (demo data, tests).
pub async fn create_user_in(
    store: &waico_store::Store,
    input: &UserInput,
    grants: &[RoleGrant],
) -> Result<User, OpError> {
    let new = new_user(store, input).await?;
    Ok(store.create_user(&new, grants).await?)
}

/// Checks the fields of a new user and hashes the password.
async fn new_user(store: &waico_store::Store, input: &UserInput) -> Result<NewUser, OpError> {
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
    Ok(NewUser {
        username: username.expect("checked"),
        display_name: display_name.expect("checked"),
        email: email.expect("checked"),
        password_hash,
        country,
        institution_id: input.institution_id,
        language: language.expect("checked"),
    })
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct GrantInput {
    /// secretariat_admin, delegate, institution_rep or researcher
    pub role: String,
    /// Country code for a delegate, institution id for a representative.
    #[serde(default)]
    pub scope: String,
}

impl utoipa::PartialSchema for GrantInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::schema::grant()
    }
}

impl utoipa::ToSchema for GrantInput {}

pub fn parse_grant(input: &GrantInput) -> Result<RoleGrant, OpError> {
    let role = Role::parse(&input.role)?;
    Ok(RoleGrant::from_parts(role, &input.scope)?)
}

/// Grants a role. Granting one already held changes and records nothing.
pub async fn grant_role(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
    input: &GrantInput,
) -> Result<User, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    let grant = parse_grant(input)?;
    if let RoleGrant::InstitutionRep { institution_id } = grant {
        state.store.institution(institution_id).await.map_err(|_| {
            OpError::Invalid(vec![Invalid::new("scope", "err-unknown-institution")])
        })?;
    }
    change(state, actor, user_id, AccountChange::Grant(grant)).await?;
    Ok(state.store.user(user_id).await?)
}

pub async fn revoke_role(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
    input: &GrantInput,
) -> Result<User, OpError> {
    let grant = parse_grant(input)?;
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
        if !may(
            actor,
            Action::RevokeRole {
                holder: user_id,
                role: grant.role(),
            },
        ) {
            // The secretariat may manage users, so the policy refuses this
            // one revocation: their own secretariat role.
            return Err(OpError::Declined("err-revoke-own-admin"));
        }
    }
    change(state, actor, user_id, AccountChange::Revoke(grant)).await?;
    Ok(state.store.user(user_id).await?)
}

/// Sets a user's password on an admin's (or the shell's) word: ends their
/// sessions, revokes their tokens, and is recorded.
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
    let password_hash = password::hash(password.expose().to_owned())
        .await
        .map_err(OpError::Internal)?;
    change(
        state,
        actor,
        user_id,
        AccountChange::PasswordReset { password_hash },
    )
    .await?;
    Ok(())
}

/// Changes one's own password (the current one already checked): ends
/// one's sessions and revokes one's tokens. Not a change of power, so not
/// recorded.
pub async fn change_own_password(
    state: &AppState,
    user_id: i64,
    password: &str,
) -> Result<(), OpError> {
    let password = Password::parse(password)?;
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(OpError::Internal)?;
    Ok(state.store.set_password_hash(user_id, &hash).await?)
}

/// Deactivates an account: its holder can no longer sign in, their
/// sessions end and their tokens are revoked. Recorded.
pub async fn deactivate_user(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
) -> Result<User, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
        if !may(actor, Action::DeactivateUser { target: user_id }) {
            return Err(OpError::Declined("accounts-err-deactivate-self"));
        }
    }
    change(state, actor, user_id, AccountChange::Deactivate).await?;
    Ok(state.store.user(user_id).await?)
}

/// Lets a deactivated account sign in again (with new tokens). Recorded.
pub async fn reactivate_user(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
) -> Result<User, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    change(state, actor, user_id, AccountChange::Reactivate).await?;
    Ok(state.store.user(user_id).await?)
}

/// Applies a change of power with its ledger record, in one transaction.
async fn change(
    state: &AppState,
    actor: Option<&Actor>,
    user_id: i64,
    change: AccountChange,
) -> Result<Option<AccountEvent>, OpError> {
    // An id no account has is "not found", not a record that cannot be made.
    state.store.user(user_id).await?;
    let entry = account_entry(actor, user_id, &change)?;
    let event = state
        .store
        .change_account_recorded(actor_id(actor), user_id, &change, entry)
        .await?;
    if event.is_some() {
        state.ledger.start_checkpoints();
    }
    Ok(event)
}

/// The user id of a person actor; `None` for the shell.
fn actor_id(actor: Option<&Actor>) -> Option<i64> {
    match actor {
        Some(Actor::User { id, .. }) => Some(*id),
        _ => None,
    }
}

/// The ledger entry of a change of power over account `subject`: the
/// decision is named by the change (`role_granted`, ...), the actor is a
/// role code (never a name), the subject is `user`/`<id>`, and the payload
/// says who acted (`user:<id>` or `shell`) and on which role.
pub fn account_entry(
    actor: Option<&Actor>,
    subject: i64,
    change: &AccountChange,
) -> Result<NewEntry, waico_store::StoreError> {
    let refused = |e: String| waico_store::StoreError::Refused(format!("ledger record: {e}"));
    let by = match actor_id(actor) {
        Some(id) => format!("user:{id}"),
        None => "shell".to_owned(),
    };
    let (role, scope) = match change {
        AccountChange::Grant(g) | AccountChange::Revoke(g) => {
            (Some(g.role().slug().to_owned()), Some(g.scope()))
        }
        _ => (None, None),
    };
    let content = serde_json::json!({
        "user": subject,
        "action": change.action(),
        "role": role,
        "scope": scope,
    });
    let canonical =
        waico_ledger::jcs::canonicalize(&content).map_err(|e| refused(e.to_string()))?;
    let record = Record {
        kind: RecordKind::Generic {
            name: change.action().to_owned(),
        },
        time_ms: waico_store::now_ms(),
        actor: match actor {
            Some(a) => crate::ledger::actor_code(a),
            None => "shell".to_owned(),
        },
        subject: Subject {
            kind: "user".into(),
            id: subject.to_string(),
            content_hash: to_hex(&waico_ledger::hash::sha256(&canonical)),
        },
        payload: serde_json::json!({ "by": by, "role": role, "scope": scope }),
    };
    crate::ledger::entry_of(&record).map_err(|e| refused(e.to_string()))
}

/// Recorded changes of power over accounts, newest first: all (the
/// secretariat) or those about `subject` (also its holder).
pub async fn account_events(
    state: &AppState,
    actor: &Actor,
    subject: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AccountEvent>, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    require(actor, Action::ViewAccountEvents { subject })?;
    Ok(state.store.account_events(subject, before, limit).await?)
}

#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct TokenInput {
    /// At most 80 characters, no control characters.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = "^[^\\s\\x00-\\x1F\\x7F-\\x9F](?:[^\\x00-\\x1F\\x7F-\\x9F]*[^\\s\\x00-\\x1F\\x7F-\\x9F])?$"
    )]
    pub name: String,
    /// read or write
    #[schema(pattern = "^(read|write)$")]
    pub scope: String,
    /// Days until it expires (1 to 365, default 90).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 365)]
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

/// How long an invitation link stays usable.
const INVITE_HOURS: i64 = 7 * 24;
/// How long a password-reset link stays usable.
const RESET_HOURS: i64 = 1;

/// Makes a one-time link for `user` and writes it to them in their
/// language. Returns whether a mail went out.
async fn mail_link(state: &AppState, user: &User, purpose: LinkPurpose) -> Result<bool, OpError> {
    let secret = secrets::random_token();
    let hours = match purpose {
        LinkPurpose::Invite => INVITE_HOURS,
        LinkPurpose::Reset => RESET_HOURS,
    };
    state
        .store
        .create_account_link(
            &secrets::sha256_hex(&secret),
            user.id,
            purpose,
            waico_store::now_ms() + hours * 3_600_000,
        )
        .await?;
    let link = format!(
        "{}/signin/link/{secret}",
        state.settings.public_url.trim_end_matches('/')
    );
    let tr = waico_i18n::Tr::new(user.language);
    let (subject, text) = match purpose {
        LinkPurpose::Invite => ("accounts-mail-invite-subject", "accounts-mail-invite-body"),
        LinkPurpose::Reset => ("accounts-mail-reset-subject", "accounts-mail-reset-body"),
    };
    let body = format!(
        "{}\n\n{}\n\n{link}\n\n{}\n",
        user.display_name,
        tr.t(text),
        tr.t("accounts-mail-ignore")
    );
    state
        .settings
        .mailer
        .send(&user.email, &tr.t(subject), body)
        .await
        .map_err(OpError::Internal)
}

/// Creates a user who chooses their own password through a link sent to
/// their e-mail address (valid a week); `input.password` is ignored. Needs
/// an SMTP server. The grants are recorded as with [`create_user`].
pub async fn invite_user(
    state: &AppState,
    actor: Option<&Actor>,
    input: &UserInput,
    grants: &[RoleGrant],
) -> Result<User, OpError> {
    if let Some(actor) = actor {
        require(actor, Action::ManageUsers)?;
    }
    if !state.settings.mailer.is_enabled() {
        return Err(OpError::Declined("accounts-err-no-mail"));
    }
    // A password nobody knows until the link sets one.
    let input = UserInput {
        password: secrets::random_token(),
        ..input.clone()
    };
    let user = create_user(state, actor, &input, grants).await?;
    mail_link(state, &user, LinkPurpose::Invite).await?;
    Ok(user)
}

/// Sends a password-reset link (valid an hour) to the active account with
/// this user name or e-mail address, if there is one. Answers alike
/// whether or not there is, and at once: the mail goes out in the
/// background.
pub async fn request_password_reset(state: &AppState, who: &str) {
    let state = state.clone();
    let who = who.trim().to_owned();
    if who.is_empty() || who.chars().count() > 254 {
        return;
    }
    tokio::spawn(async move {
        match state.store.active_user_by_name_or_email(&who).await {
            Ok(Some(user)) => {
                if let Err(e) = mail_link(&state, &user, LinkPurpose::Reset).await {
                    tracing::warn!(error = %e, "password reset mail failed");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "password reset lookup failed"),
        }
    });
}

/// The account and purpose of a one-time link, if it is still usable.
pub async fn link_holder(
    state: &AppState,
    secret: &str,
) -> Result<Option<(User, LinkPurpose)>, OpError> {
    Ok(state
        .store
        .account_link(&secrets::sha256_hex(secret))
        .await?)
}

/// Sets the password through a one-time link (which is then used up);
/// ends the user's sessions and revokes their tokens.
pub async fn set_password_by_link(
    state: &AppState,
    secret: &str,
    password: &str,
) -> Result<i64, OpError> {
    let password = Password::parse(password)?;
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(OpError::Internal)?;
    Ok(state
        .store
        .use_account_link(&secrets::sha256_hex(secret), &hash)
        .await?)
}
