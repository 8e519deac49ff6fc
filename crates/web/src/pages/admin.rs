//! The secretariat's page: users (searched and paged) and their roles,
//! deactivation, password resets, second-factor resets, and the
//! memberships of states. Granting or revoking a role, (de)activating an
//! account and resetting its second factor go through a confirmation page
//! first; each is recorded in the ledger.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use waico_members::{Action, MemberStatus, Role, RoleGrant};
use waico_store::User;

use super::{FormErrors, page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;
use waico_app::accounts::GrantInput;
use waico_app::accounts::UserInput;
use waico_app::members::MembershipInput;
use waico_app::members::directory::StateEntry;
use waico_app::require;
use waico_app::{accounts, members};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(show))
        .route("/admin/users", post(create_user))
        .route("/admin/users/{id}/roles", post(grant))
        .route("/admin/users/{id}/roles/revoke", post(revoke))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/confirm", get(confirm))
        .route("/admin/users/{id}/deactivate", post(deactivate))
        .route("/admin/users/{id}/reactivate", post(reactivate))
        .route(
            "/admin/users/{id}/second-factor/reset",
            post(reset_second_factor),
        )
        .route("/admin/memberships", post(set_membership))
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    v: &'a Viewer,
    users: Vec<User>,
    /// Users matching the search, all pages.
    users_total: i64,
    /// The user search as typed.
    q: String,
    /// Links to the previous and next page of users (empty: none).
    prev_page: String,
    next_page: String,
    members: Vec<StateEntry>,
    /// The institutions (id, name) to choose the affiliation of a new user
    /// from; empty when there are too many for a list (an id is typed).
    institutions: Vec<(i64, String)>,
    /// The institution chosen in the new-user form (id, or empty).
    user_institution: String,
    roles: [Role; 4],
    statuses: [MemberStatus; 3],
    user_form: UserInput,
    user_role: String,
    user_scope: String,
    user_errors: FormErrors,
    membership_form: MembershipInput,
    membership_country: String,
    membership_errors: FormErrors,
    /// Errors of a per-user form: (user id, errors).
    row_errors: (i64, FormErrors),
    /// Whether an SMTP server is configured (new users can be invited).
    mail_enabled: bool,
    notice: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Notice {
    #[serde(default)]
    ok: String,
    /// Search in user names, display names and e-mail addresses.
    #[serde(default)]
    q: String,
    /// Page of users, from 1.
    #[serde(default)]
    page: Option<i64>,
}

/// Users on one page of the admin page.
const USERS_PER_PAGE: i64 = 50;
/// Above this many institutions the new-user form asks for an id.
const INSTITUTIONS_LISTED: i64 = 200;

fn users_link(q: &str, page: i64) -> String {
    format!(
        "/admin?q={}&page={page}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    )
}

async fn page(
    v: &Viewer,
    state: &AppState,
    status: StatusCode,
    fill: impl FnOnce(&mut AdminPage),
) -> Response {
    page_of(v, state, status, "", 1, fill).await
}

async fn page_of(
    v: &Viewer,
    state: &AppState,
    status: StatusCode,
    q: &str,
    page_no: i64,
    fill: impl FnOnce(&mut AdminPage),
) -> Response {
    if let Err(e) = require(&v.actor(), Action::ManageUsers) {
        return page_error(v, &e);
    }
    let page_no = page_no.clamp(1, i64::MAX / USERS_PER_PAGE);
    let (users, users_total) = state
        .store
        .search_users(q, (page_no - 1) * USERS_PER_PAGE, USERS_PER_PAGE)
        .await
        .unwrap_or_default();
    let prev_page = if page_no > 1 {
        users_link(q, page_no - 1)
    } else {
        String::new()
    };
    let next_page = if page_no * USERS_PER_PAGE < users_total {
        users_link(q, page_no + 1)
    } else {
        String::new()
    };
    let members = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(dir) => {
            let mut list: Vec<StateEntry> = dir
                .states
                .iter()
                .filter(|s| s.membership.is_some())
                .cloned()
                .collect();
            list.sort_by(|a, b| waico_i18n::collate(v.lang(), a.name(v.lang()), b.name(v.lang())));
            list
        }
        Err(_) => Vec::new(),
    };
    let mut institutions: Vec<(i64, String)> = state
        .store
        .list_institutions(&waico_store::InstitutionFilter {
            limit: INSTITUTIONS_LISTED,
            ..Default::default()
        })
        .await
        .map(|(rows, total)| {
            if total > INSTITUTIONS_LISTED {
                Vec::new()
            } else {
                rows.into_iter().map(|i| (i.id, i.name)).collect()
            }
        })
        .unwrap_or_default();
    institutions.sort_by(|a, b| waico_i18n::collate(v.lang(), &a.1, &b.1));
    let mut p = AdminPage {
        v,
        users,
        users_total,
        q: q.to_owned(),
        prev_page,
        next_page,
        members,
        institutions,
        user_institution: String::new(),
        roles: Role::ALL,
        statuses: MemberStatus::ALL,
        user_form: UserInput {
            language: v.lang().code().into(),
            ..Default::default()
        },
        user_role: String::new(),
        user_scope: String::new(),
        user_errors: FormErrors::default(),
        membership_form: MembershipInput {
            status: "member".into(),
            since: time::OffsetDateTime::now_utc().date().to_string(),
        },
        membership_country: String::new(),
        membership_errors: FormErrors::default(),
        row_errors: (0, FormErrors::default()),
        mail_enabled: state.settings.mailer.is_enabled(),
        notice: String::new(),
    };
    fill(&mut p);
    render(v, status, &p)
}

async fn show(v: Viewer, State(state): State<AppState>, Query(n): Query<Notice>) -> Response {
    let notice = match n.ok.as_str() {
        "" => String::new(),
        "password" => v.t("notice-password-reset"),
        "deactivated" => v.t("accounts-notice-deactivated"),
        "invited" => v.t("accounts-notice-invited"),
        "reactivated" => v.t("accounts-notice-reactivated"),
        "second-factor-reset" => v.t("accounts-notice-second-factor-reset"),
        "second-factor-none" => v.t("accounts-notice-second-factor-none"),
        _ => v.t("notice-saved"),
    };
    page_of(
        &v,
        &state,
        StatusCode::OK,
        n.q.trim(),
        n.page.unwrap_or(1),
        |p| p.notice = notice,
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    country: String,
    /// The institution the user belongs to (its id), if any.
    #[serde(default)]
    institution: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
    /// `yes`: e-mail an invitation, the person chooses their password.
    #[serde(default)]
    invite: String,
}

async fn create_user(
    v: Viewer,
    State(state): State<AppState>,
    Form(f): Form<NewUserForm>,
) -> Response {
    let input = UserInput {
        username: f.username.clone(),
        display_name: f.display_name.clone(),
        email: f.email.clone(),
        password: f.password.clone(),
        country: f.country.clone(),
        institution_id: f.institution.trim().parse().ok(),
        language: f.language.clone(),
    };
    let failed = |errors: FormErrors| {
        let mut shown = input.clone();
        shown.password.clear();
        let (role, scope) = (f.role.clone(), f.scope.clone());
        let institution = f.institution.clone();
        page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
            p.user_errors = errors;
            p.user_form = shown;
            p.user_institution = institution;
            p.user_role = role;
            p.user_scope = scope;
        })
    };
    let grants: Vec<RoleGrant> = if f.role.is_empty() {
        Vec::new()
    } else {
        match accounts::parse_grant(&GrantInput {
            role: f.role.clone(),
            scope: f.scope.clone(),
        }) {
            Ok(g) => vec![g],
            Err(e) => return failed(FormErrors::from_op(&v, &e).unwrap_or_default()).await,
        }
    };
    let created = if f.invite == "yes" {
        accounts::invite_user(&state, Some(&v.actor()), &input, &grants).await
    } else {
        accounts::create_user(&state, Some(&v.actor()), &input, &grants).await
    };
    match created {
        Ok(_) if f.invite == "yes" => see_other("/admin?ok=invited"),
        Ok(_) => see_other("/admin?ok=user"),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => failed(errors).await,
            None => page_error(&v, &e),
        },
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
    /// `yes` once the confirmation page was seen.
    #[serde(default)]
    confirm: String,
}

/// The step between choosing a change of power and making it: says what
/// will happen to whom, and carries the same fields with `confirm=yes`.
#[derive(Template)]
#[template(path = "accounts_confirm.html")]
struct ConfirmPage<'a> {
    v: &'a Viewer,
    /// What will be done, in the viewer's language.
    question: String,
    user: User,
    /// The role concerned (translated) and its scope; empty if none.
    role: String,
    scope: String,
    action: String,
    /// Hidden fields to send again: (name, value).
    fields: Vec<(&'static str, String)>,
    /// The label of the confirming button.
    button: String,
    danger: bool,
}

async fn confirm_page(v: &Viewer, state: &AppState, id: i64, what: ConfirmWhat<'_>) -> Response {
    if let Err(e) = require(&v.actor(), Action::ManageUsers) {
        return page_error(v, &e);
    }
    let user = match state.store.user(id).await {
        Ok(u) => u,
        Err(e) => return page_error(v, &e.into()),
    };
    let (question, button, action, danger, role, scope, fields) = match what {
        ConfirmWhat::Grant(role, scope) => (
            "accounts-confirm-grant",
            "admin-grant",
            format!("/admin/users/{id}/roles"),
            false,
            v.role(role),
            scope.to_owned(),
            vec![("role", role.to_owned()), ("scope", scope.to_owned())],
        ),
        ConfirmWhat::Revoke(role, scope) => (
            "accounts-confirm-revoke",
            "admin-revoke",
            format!("/admin/users/{id}/roles/revoke"),
            true,
            v.role(role),
            scope.to_owned(),
            vec![("role", role.to_owned()), ("scope", scope.to_owned())],
        ),
        ConfirmWhat::Deactivate => (
            "accounts-confirm-deactivate",
            "accounts-deactivate",
            format!("/admin/users/{id}/deactivate"),
            true,
            String::new(),
            String::new(),
            Vec::new(),
        ),
        ConfirmWhat::Reactivate => (
            "accounts-confirm-reactivate",
            "accounts-reactivate",
            format!("/admin/users/{id}/reactivate"),
            false,
            String::new(),
            String::new(),
            Vec::new(),
        ),
        ConfirmWhat::ResetSecondFactor => (
            "accounts-confirm-reset-second-factor",
            "accounts-reset-second-factor",
            format!("/admin/users/{id}/second-factor/reset"),
            true,
            String::new(),
            String::new(),
            Vec::new(),
        ),
    };
    let mut fields = fields;
    fields.push(("confirm", "yes".to_owned()));
    render(
        v,
        StatusCode::OK,
        &ConfirmPage {
            v,
            question: v.t(question),
            user,
            role,
            scope,
            action,
            fields,
            button: v.t(button),
            danger,
        },
    )
}

enum ConfirmWhat<'a> {
    Grant(&'a str, &'a str),
    Revoke(&'a str, &'a str),
    Deactivate,
    Reactivate,
    ResetSecondFactor,
}

/// Shows the admin page with the error on the user's row, the list
/// searched for that user so that the row is on it.
#[derive(Debug, Default, serde::Deserialize)]
struct ConfirmQuery {
    /// grant, revoke, deactivate, reactivate or reset-second-factor
    #[serde(default, rename = "do")]
    what: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
}

/// The confirmation page reached from the admin page's forms (GET, so
/// that nothing changes before the confirming POST).
async fn confirm(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<ConfirmQuery>,
) -> Response {
    match q.what.as_str() {
        "grant" | "revoke" => {
            let f = GrantForm {
                role: q.role,
                scope: q.scope,
                confirm: String::new(),
            };
            change_role(v, state, id, f, q.what == "revoke").await
        }
        "deactivate" => confirm_page(&v, &state, id, ConfirmWhat::Deactivate).await,
        "reactivate" => confirm_page(&v, &state, id, ConfirmWhat::Reactivate).await,
        "reset-second-factor" => confirm_page(&v, &state, id, ConfirmWhat::ResetSecondFactor).await,
        _ => page_error(&v, &waico_app::OpError::NotFound),
    }
}

/// Shows the admin page with the error on the user's row, the list
/// searched for that user so that the row is on it.
async fn row_failed(v: &Viewer, state: &AppState, id: i64, e: &waico_app::OpError) -> Response {
    let Some(errors) = FormErrors::from_op(v, e) else {
        return page_error(v, e);
    };
    let name = match state.store.user(id).await {
        Ok(u) => u.username,
        Err(e) => return page_error(v, &e.into()),
    };
    page_of(
        v,
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        &name,
        1,
        move |p| p.row_errors = (id, errors),
    )
    .await
}

async fn change_role(v: Viewer, state: AppState, id: i64, f: GrantForm, revoke: bool) -> Response {
    let input = GrantInput {
        role: f.role.trim().to_owned(),
        scope: f.scope.trim().to_owned(),
    };
    // No preset: the role is chosen explicitly, then confirmed.
    if input.role.is_empty() {
        let e =
            waico_app::OpError::Invalid(vec![waico_members::Invalid::new("role", "err-required")]);
        return row_failed(&v, &state, id, &e).await;
    }
    if f.confirm != "yes" {
        if let Err(e) = accounts::parse_grant(&input) {
            return row_failed(&v, &state, id, &e).await;
        }
        let what = if revoke {
            ConfirmWhat::Revoke(&input.role, &input.scope)
        } else {
            ConfirmWhat::Grant(&input.role, &input.scope)
        };
        return confirm_page(&v, &state, id, what).await;
    }
    let result = if revoke {
        accounts::revoke_role(&state, Some(&v.actor()), id, &input).await
    } else {
        accounts::grant_role(&state, Some(&v.actor()), id, &input).await
    };
    match result {
        Ok(_) => see_other("/admin?ok=role"),
        Err(e) => row_failed(&v, &state, id, &e).await,
    }
}

async fn grant(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Response {
    change_role(v, state, id, f, false).await
}

async fn revoke(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<GrantForm>,
) -> Response {
    change_role(v, state, id, f, true).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

async fn deactivate(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Response {
    confirmed_step(v, state, id, f, AccountStep::Deactivate).await
}

async fn reactivate(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Response {
    confirmed_step(v, state, id, f, AccountStep::Reactivate).await
}

/// An admin's reset of a user's second factor (a lost phone): the user
/// enrols again. Recorded in the ledger by the operation.
async fn reset_second_factor(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Response {
    confirmed_step(v, state, id, f, AccountStep::ResetSecondFactor).await
}

/// The steps on a user's account that the admin page confirms first.
#[derive(Clone, Copy)]
enum AccountStep {
    Deactivate,
    Reactivate,
    ResetSecondFactor,
}

/// A step on a user's account that needs the confirmation page first: without
/// `confirm=yes` the page asks; with it the operation runs (and records itself
/// in the ledger) and the admin page says what was done.
async fn confirmed_step(
    v: Viewer,
    state: AppState,
    id: i64,
    f: ConfirmForm,
    step: AccountStep,
) -> Response {
    if f.confirm != "yes" {
        let what = match step {
            AccountStep::Deactivate => ConfirmWhat::Deactivate,
            AccountStep::Reactivate => ConfirmWhat::Reactivate,
            AccountStep::ResetSecondFactor => ConfirmWhat::ResetSecondFactor,
        };
        return confirm_page(&v, &state, id, what).await;
    }
    let actor = v.actor();
    let done = match step {
        AccountStep::Deactivate => accounts::deactivate_user(&state, Some(&actor), id)
            .await
            .map(|_| "deactivated"),
        AccountStep::Reactivate => accounts::reactivate_user(&state, Some(&actor), id)
            .await
            .map(|_| "reactivated"),
        AccountStep::ResetSecondFactor => accounts::second_factor::reset(&state, Some(&actor), id)
            .await
            .map(|had_one| {
                if had_one {
                    "second-factor-reset"
                } else {
                    "second-factor-none"
                }
            }),
    };
    match done {
        Ok(outcome) => see_other(&format!("/admin?ok={outcome}")),
        Err(e) => row_failed(&v, &state, id, &e).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
}

async fn reset_password(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(f): Form<PasswordForm>,
) -> Response {
    match accounts::reset_password(&state, Some(&v.actor()), id, &f.password).await {
        Ok(()) => see_other("/admin?ok=password"),
        Err(e) => row_failed(&v, &state, id, &e).await,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct MembershipForm {
    #[serde(default)]
    country: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    since: String,
}

async fn set_membership(
    v: Viewer,
    State(state): State<AppState>,
    Form(f): Form<MembershipForm>,
) -> Response {
    let input = MembershipInput {
        status: f.status.clone(),
        since: f.since.clone(),
    };
    let failed = |errors: FormErrors| {
        let (shown, country) = (input.clone(), f.country.clone());
        page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
            p.membership_errors = errors;
            p.membership_form = shown;
            p.membership_country = country;
        })
    };
    match members::set_membership(&state, &v.actor(), &f.country, &input).await {
        Ok(_) => see_other("/admin?ok=membership"),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => failed(errors).await,
            None => page_error(&v, &e),
        },
    }
}
