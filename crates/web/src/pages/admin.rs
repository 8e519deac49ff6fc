//! The secretariat's page: users and their roles, password resets, and
//! the memberships of states.

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
        .route("/admin/memberships", post(set_membership))
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    v: &'a Viewer,
    users: Vec<User>,
    members: Vec<StateEntry>,
    /// Every institution (id, name), for the affiliation of a new user.
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
    notice: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Notice {
    #[serde(default)]
    ok: String,
}

async fn page(
    v: &Viewer,
    state: &AppState,
    status: StatusCode,
    fill: impl FnOnce(&mut AdminPage),
) -> Response {
    if let Err(e) = require(&v.actor(), Action::ManageUsers) {
        return page_error(v, &e);
    }
    let users = state.store.list_users().await.unwrap_or_default();
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
            limit: 10_000,
            ..Default::default()
        })
        .await
        .map(|(rows, _)| rows.into_iter().map(|i| (i.id, i.name)).collect())
        .unwrap_or_default();
    institutions.sort_by(|a, b| waico_i18n::collate(v.lang(), &a.1, &b.1));
    let mut p = AdminPage {
        v,
        users,
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
        notice: String::new(),
    };
    fill(&mut p);
    render(v, status, &p)
}

async fn show(v: Viewer, State(state): State<AppState>, Query(n): Query<Notice>) -> Response {
    let notice = match n.ok.as_str() {
        "" => String::new(),
        "password" => v.t("notice-password-reset"),
        _ => v.t("notice-saved"),
    };
    page(&v, &state, StatusCode::OK, |p| p.notice = notice).await
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
    match accounts::create_user(&state, Some(&v.actor()), &input, &grants).await {
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
}

async fn change_role(v: Viewer, state: AppState, id: i64, f: GrantForm, revoke: bool) -> Response {
    let input = GrantInput {
        role: f.role,
        scope: f.scope,
    };
    let result = if revoke {
        accounts::revoke_role(&state, &v.actor(), id, &input).await
    } else {
        accounts::grant_role(&state, &v.actor(), id, &input).await
    };
    match result {
        Ok(_) => see_other("/admin?ok=role"),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
                    p.row_errors = (id, errors)
                })
                .await
            }
            None => page_error(&v, &e),
        },
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
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => {
                page(&v, &state, StatusCode::UNPROCESSABLE_ENTITY, move |p| {
                    p.row_errors = (id, errors)
                })
                .await
            }
            None => page_error(&v, &e),
        },
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
