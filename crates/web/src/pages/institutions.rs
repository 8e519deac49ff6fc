//! Institution pages: the list with filters, each institution, and the
//! forms to register, edit and remove one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use waico_members::{Action, InstitutionKind, RoleGrant};
use waico_store::{Institution, InstitutionFilter};

use super::{FormErrors, ok, page_error, render, see_other};
use crate::AppState;
use crate::auth::{SignedIn, Viewer};
use waico_app::members;
use waico_app::members::InstitutionInput;
use waico_app::require;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/institutions", get(list).post(create))
        .route("/institutions/new", get(new_form))
        .route("/institutions/{id}", get(show))
        .route("/institutions/{id}/edit", get(edit_form).post(update))
        .route("/institutions/{id}/delete", post(delete))
}

const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "institutions.html")]
struct ListPage<'a> {
    v: &'a Viewer,
    rows: Vec<Institution>,
    total: i64,
    kinds: [InstitutionKind; 6],
    kind: String,
    country: String,
    regions: Vec<u16>,
    incomes: [waico_members::IncomeGroup; 5],
    statuses: [waico_members::MemberStatus; 3],
    region: u16,
    income: String,
    south: String,
    status: String,
    q: String,
    page: i64,
    prev: String,
    next: String,
    can_create: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(flatten)]
    countries: super::directory::CountryQuery,
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: String,
}

async fn list(
    v: Viewer,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Response {
    let page = query.page.parse::<i64>().unwrap_or(1).max(1);
    let of_countries = query.countries.filter(None);
    let countries = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(dir) => dir.countries_matching(&of_countries),
        Err(e) => return page_error(&v, &e.into()),
    };
    let filter = InstitutionFilter {
        kind: InstitutionKind::parse(&query.kind).ok(),
        country: waico_members::CountryCode::parse(&query.country).ok(),
        countries,
        query: Some(query.q.clone()),
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
    };
    let (rows, total) = match state.store.list_institutions(&filter).await {
        Ok(r) => r,
        Err(e) => return page_error(&v, &e.into()),
    };
    let link = |p: i64| {
        let params = [
            ("kind", query.kind.as_str()),
            ("country", query.country.as_str()),
            ("region", query.countries.region.as_str()),
            ("income_group", query.countries.income_group.as_str()),
            ("global_south", query.countries.global_south.as_str()),
            ("status", query.countries.status.as_str()),
            ("q", query.q.as_str()),
            ("page", &p.to_string()),
        ];
        format!(
            "/institutions?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let can_create = v.may(Action::CreateAnyInstitution);
    let list_page = ListPage {
        v: &v,
        rows,
        total,
        kinds: InstitutionKind::ALL,
        prev: if page > 1 {
            link(page - 1)
        } else {
            String::new()
        },
        next: if page * PER_PAGE < total {
            link(page + 1)
        } else {
            String::new()
        },
        kind: query.kind,
        country: query.country,
        regions: waico_members::Countries::get()
            .regions()
            .iter()
            .map(|r| r.code)
            .collect(),
        incomes: waico_members::IncomeGroup::ALL,
        statuses: waico_members::MemberStatus::ALL,
        region: of_countries.region.unwrap_or(0),
        income: query.countries.income_group,
        south: query.countries.global_south,
        status: query.countries.status,
        q: query.q,
        page,
        can_create,
    };
    ok(&v, &list_page)
}

#[derive(Template)]
#[template(path = "institution.html")]
struct ShowPage<'a> {
    v: &'a Viewer,
    i: Institution,
    can_edit: bool,
    can_delete: bool,
}

async fn show(v: Viewer, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let i = match state.store.institution(id).await {
        Ok(i) => i,
        Err(e) => return page_error(&v, &e.into()),
    };
    let can_edit = v.may(Action::EditInstitution {
        id,
        country: i.country,
    });
    let can_delete = v.may(Action::DeleteInstitution);
    ok(
        &v,
        &ShowPage {
            v: &v,
            i,
            can_edit,
            can_delete,
        },
    )
}

#[derive(Template)]
#[template(path = "institution_form.html")]
struct FormPage<'a> {
    v: &'a Viewer,
    /// 0 for a new institution.
    id: i64,
    form: InstitutionInput,
    errors: FormErrors,
    kinds: [InstitutionKind; 6],
}

#[derive(Debug, Default, serde::Deserialize)]
struct InstitutionForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    website: String,
}

impl InstitutionForm {
    fn input(&self) -> InstitutionInput {
        InstitutionInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            country: self.country.clone(),
            website: self.website.clone(),
        }
    }
}

fn form_page(v: &Viewer, id: i64, form: InstitutionInput, errors: FormErrors) -> Response {
    let status = if errors.any() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    render(
        v,
        status,
        &FormPage {
            v,
            id,
            form,
            errors,
            kinds: InstitutionKind::ALL,
        },
    )
}

async fn new_form(v: Viewer, SignedIn(user): SignedIn) -> Response {
    let country = user
        .grants
        .iter()
        .find_map(|g| {
            if let RoleGrant::Delegate { country } = g {
                Some(country.to_string())
            } else {
                None
            }
        })
        .unwrap_or_default();
    form_page(
        &v,
        0,
        InstitutionInput {
            country,
            ..Default::default()
        },
        FormErrors::default(),
    )
}

async fn create(
    v: Viewer,
    State(state): State<AppState>,
    Form(form): Form<InstitutionForm>,
) -> Response {
    match members::create_institution(&state, &v.actor(), &form.input()).await {
        Ok(i) => see_other(&format!("/institutions/{}?ok=saved", i.id)),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => form_page(&v, 0, form.input(), errors),
            None => page_error(&v, &e),
        },
    }
}

async fn edit_form(v: Viewer, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    let i = match state.store.institution(id).await {
        Ok(i) => i,
        Err(e) => return page_error(&v, &e.into()),
    };
    if let Err(e) = require(
        &v.actor(),
        Action::EditInstitution {
            id,
            country: i.country,
        },
    ) {
        return page_error(&v, &e);
    }
    let input = InstitutionInput {
        name: i.name,
        kind: i.kind.slug().into(),
        country: i.country.to_string(),
        website: i.website.unwrap_or_default(),
    };
    form_page(&v, id, input, FormErrors::default())
}

async fn update(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(form): Form<InstitutionForm>,
) -> Response {
    match members::update_institution(&state, &v.actor(), id, &form.input()).await {
        Ok(i) => see_other(&format!("/institutions/{}?ok=saved", i.id)),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => form_page(&v, id, form.input(), errors),
            None => page_error(&v, &e),
        },
    }
}

async fn delete(v: Viewer, State(state): State<AppState>, Path(id): Path<i64>) -> Response {
    match members::delete_institution(&state, &v.actor(), id).await {
        Ok(()) => see_other("/institutions?ok=deleted"),
        Err(e) => page_error(&v, &e),
    }
}
