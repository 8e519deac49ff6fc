//! Public pages of the registry: home with figures, the members directory
//! with filters, and each member state's page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use waico_members::{GlobalSouth, IncomeGroup, MemberStatus, Role};
use waico_store::{Institution, InstitutionFilter};

use super::{ok, render_error};
use crate::AppState;
use crate::auth::Viewer;
use waico_app::members::directory::{DirectoryFilter, Figures, StateEntry};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/members", get(members))
        .route("/members/{code}", get(member))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    v: &'a Viewer,
    figures: Figures,
    newest: Vec<&'a StateEntry>,
    parts: &'static [crate::parts::Part],
}

async fn home(v: Viewer, State(state): State<AppState>) -> Response {
    let dir = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(d) => d,
        Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
    };
    let mut newest: Vec<&StateEntry> = dir
        .states
        .iter()
        .filter(|s| {
            s.membership
                .as_ref()
                .is_some_and(|m| m.status == MemberStatus::Member)
        })
        .collect();
    newest.sort_by(|a, b| {
        b.membership
            .as_ref()
            .map(|m| &m.since)
            .cmp(&a.membership.as_ref().map(|m| &m.since))
    });
    newest.truncate(8);
    ok(
        &v,
        &HomePage {
            v: &v,
            figures: dir.figures(),
            newest,
            parts: &crate::parts::PARTS,
        },
    )
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage<'a> {
    v: &'a Viewer,
    states: Vec<&'a StateEntry>,
    regions: Vec<u16>,
    incomes: [IncomeGroup; 5],
    statuses: [MemberStatus; 3],
    q: String,
    region: u16,
    income: String,
    south: String,
    status: String,
}

/// The country part of a page's filter form (`country_filters.html`):
/// region, income group, Global South, standing; empty strings mean "any".
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct CountryQuery {
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub income_group: String,
    #[serde(default)]
    pub global_south: String,
    #[serde(default)]
    pub status: String,
}

impl CountryQuery {
    /// The directory filter it asks for, with `q` for a name.
    pub fn filter(&self, q: Option<String>) -> DirectoryFilter {
        DirectoryFilter {
            region: self.region.parse().ok(),
            income_group: Some(self.income_group.clone()).filter(|s| !s.is_empty()),
            global_south: match self.global_south.as_str() {
                "yes" => Some(GlobalSouth::Yes),
                "no" => Some(GlobalSouth::No),
                "unknown" => Some(GlobalSouth::Unknown),
                _ => None,
            },
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
            q,
        }
    }
}

/// Query of the members page.
#[derive(Debug, Default, serde::Deserialize)]
struct MembersQuery {
    #[serde(flatten)]
    countries: CountryQuery,
    #[serde(default)]
    q: String,
}

async fn members(
    v: Viewer,
    State(state): State<AppState>,
    Query(query): Query<MembersQuery>,
) -> Response {
    let dir = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(d) => d,
        Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
    };
    let filter = query
        .countries
        .filter(Some(query.q.clone()).filter(|s| !s.trim().is_empty()));
    let mut states = dir.filter(&filter, false);
    let lang = v.lang();
    states.sort_by(|a, b| waico_i18n::collate(lang, a.name(lang), b.name(lang)));
    let page = MembersPage {
        v: &v,
        states,
        regions: waico_members::Countries::get()
            .regions()
            .iter()
            .map(|r| r.code)
            .collect(),
        incomes: IncomeGroup::ALL,
        statuses: MemberStatus::ALL,
        region: filter.region.unwrap_or(0),
        income: query.countries.income_group,
        south: query.countries.global_south,
        status: query.countries.status,
        q: query.q,
    };
    ok(&v, &page)
}

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage<'a> {
    v: &'a Viewer,
    s: &'a StateEntry,
    institutions: Vec<Institution>,
    delegates: Vec<String>,
}

async fn member(v: Viewer, State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let dir = match state
        .directory
        .get(&state.store, &state.settings.global_south)
        .await
    {
        Ok(d) => d,
        Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
    };
    let Some(s) = dir.state(&code) else {
        return render_error(&v, StatusCode::NOT_FOUND);
    };
    let country = waico_members::CountryCode::parse(&s.code).ok();
    let institutions = state
        .store
        .list_institutions(&InstitutionFilter {
            country,
            limit: 500,
            ..Default::default()
        })
        .await
        .map(|(rows, _)| rows)
        .unwrap_or_default();
    let delegates = state
        .store
        .list_users()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|u| {
            u.grants
                .iter()
                .any(|g| g.role() == Role::Delegate && g.scope() == s.code)
        })
        .map(|u| u.display_name)
        .collect();
    ok(
        &v,
        &MemberPage {
            v: &v,
            s,
            institutions,
            delegates,
        },
    )
}
