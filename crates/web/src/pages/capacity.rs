//! Capacity exchange pages: the overview, offers, requests and a request's
//! explained outcome (with the reviewer's form), a call with its request
//! form, a round with its result table, charts, delivered against
//! allocated and CSV export, and a fellowship match where an applicant
//! ranks programs and sees their match and why not each program ranked
//! higher. Each handler calls one operation of `waico_app::capacity`.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use waico_app::OpError;
use waico_app::capacity::{
    self as cap, CallView, CapError, MatchView, OfferView, RequestDetail, RequestSummary, RoundView,
};
use waico_capacity::allocation::{Binding, Explanation};
use waico_capacity::eligibility::Ineligibility;
use waico_capacity::export_control::Effect;
use waico_capacity::matching::WhyNot;
use waico_capacity::review::Decision;
use waico_members::Action;
use waico_store::capacity::{CallRow, MatchRow, RoundRow};

use super::{FormErrors, ok, page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/capacity", get(overview))
        .route("/capacity/offers", get(offers))
        .route("/capacity/requests", get(requests))
        .route("/capacity/requests/{id}", get(request))
        .route("/capacity/requests/{id}/review", post(review))
        .route("/capacity/calls/{id}", get(call).post(submit))
        .route("/capacity/rounds/{id}", get(round))
        .route("/capacity/rounds/{id}/run", post(run_round))
        .route("/capacity/matches/{id}", get(a_match).post(apply))
}

/// A capacity error on a page: field errors re-show the form, the rest the error page.
fn form_errors(v: &Viewer, e: &CapError) -> Option<FormErrors> {
    match e {
        CapError::Field(f) => {
            let message = v.tr.t_or(&f.code, &f.message);
            let detail = if message == f.message {
                message
            } else {
                format!("{message} ({})", f.message)
            };
            Some(FormErrors {
                fields: vec![(f.field.clone(), detail.clone())],
                general: format!("{} {}: {detail}", v.t("form-has-errors"), f.field),
            })
        }
        CapError::Op(op) => FormErrors::from_op(v, op),
    }
}

fn cap_error(v: &Viewer, e: &CapError) -> Response {
    match e {
        CapError::Op(op) => page_error(v, op),
        CapError::Field(_) => page_error(v, &OpError::Invalid(vec![])),
    }
}

fn hours(h: f64) -> String {
    format!("{:.0}", h)
}

impl Viewer {
    /// Hours as a whole number for tables.
    pub fn hours(&self, h: impl super::Plain<f64>) -> String {
        hours(h.plain())
    }

    /// A window as its first and last day.
    pub fn window(&self, w: &waico_capacity::primitives::Window) -> String {
        format!("{} – {}", String::from(w.start()), String::from(w.end()))
    }

    /// A review decision in the viewer's language.
    pub fn decision(&self, d: &Decision) -> String {
        match d {
            Decision::Advanced { merit } => self.tr.a(
                "capacity-decision-advanced",
                &[("value", &format!("{merit:.2}"))],
            ),
            Decision::Declined {
                merit, threshold, ..
            } => self.tr.a(
                "capacity-decision-declined",
                &[
                    ("value", &format!("{merit:.2}")),
                    ("min", &format!("{threshold:.2}")),
                ],
            ),
            Decision::Unreviewed => self.t("capacity-decision-unreviewed"),
        }
    }

    /// The constraint that bound an allocation, in the viewer's language.
    pub fn binding(&self, b: &Binding) -> String {
        match b {
            Binding::Met => self.t("capacity-binding-met"),
            Binding::MeritThreshold { merit, threshold } => self.tr.a(
                "capacity-binding-merit",
                &[
                    ("value", &format!("{merit:.2}")),
                    ("min", &format!("{threshold:.2}")),
                ],
            ),
            Binding::NoEligibleOffer => self.t("capacity-binding-no-offer"),
            Binding::CountryCap { country, cap_hours } => self.tr.a(
                "capacity-binding-cap",
                &[
                    ("country", &self.country_name(country.as_str())),
                    ("max", &hours(*cap_hours)),
                ],
            ),
            Binding::Minimum { minimum, reachable } => self.tr.a(
                "capacity-binding-minimum",
                &[("min", &hours(*minimum)), ("value", &hours(*reachable))],
            ),
            Binding::Capacity { offers } => self
                .tr
                .a("capacity-binding-capacity", &[("name", &offers.join(", "))]),
            Binding::Window { offers } => self
                .tr
                .a("capacity-binding-window", &[("name", &offers.join(", "))]),
        }
    }

    /// Why an offer could not serve a request.
    pub fn exclusion(&self, why: &Ineligibility) -> String {
        match why {
            Ineligibility::AcceleratorNotAccepted { model } => {
                self.tr.a("capacity-excl-accelerator", &[("name", model)])
            }
            Ineligibility::WindowDisjoint => self.t("capacity-excl-window"),
            Ineligibility::DataResidency { site, .. } => self.tr.a(
                "capacity-excl-residency",
                &[("country", &self.country_name(site.as_str()))],
            ),
            Ineligibility::ExportControl(bar) => self.tr.a(
                match bar.effect {
                    Effect::Barred => "capacity-excl-export-barred",
                    Effect::LicenceRequired => "capacity-excl-export-licence",
                },
                &[("name", &bar.rule), ("value", &bar.version)],
            ),
            Ineligibility::DestinationExcluded { country } => self.tr.a(
                "capacity-excl-destination",
                &[("country", &self.country_name(country.as_str()))],
            ),
            Ineligibility::DestinationNotAllowed { country } => self.tr.a(
                "capacity-excl-not-allowed",
                &[("country", &self.country_name(country.as_str()))],
            ),
            Ineligibility::EndUseExcluded { end_use } => {
                self.tr.a("capacity-excl-end-use", &[("value", end_use)])
            }
        }
    }

    /// Why an applicant did not get a program ranked above their match.
    pub fn why_not(&self, why: &WhyNot) -> String {
        match why {
            WhyNot::Filled { with } => self
                .tr
                .a("capacity-whynot-filled", &[("name", &with.join(", "))]),
            WhyNot::CountryExcluded { country } => self.tr.a(
                "capacity-whynot-excluded",
                &[("country", &self.country_name(country.as_str()))],
            ),
            WhyNot::CountryNotAllowed { country } => self.tr.a(
                "capacity-whynot-not-allowed",
                &[("country", &self.country_name(country.as_str()))],
            ),
            WhyNot::NotRanked => self.t("capacity-whynot-not-ranked"),
        }
    }
}

#[derive(Template)]
#[template(path = "capacity_home.html")]
struct HomePage<'a> {
    v: &'a Viewer,
    pool_offers: usize,
    pool_hours: f64,
    calls: Vec<CallRow>,
    rounds: Vec<RoundRow>,
    matches: Vec<MatchRow>,
    /// The signed-in person's notices (published rounds and matches).
    notices: Vec<waico_app::capacity::notices::NoticeView>,
}

async fn overview(v: Viewer, State(state): State<AppState>) -> Response {
    let load = async {
        let offers = cap::list_offers(&state).await?;
        let pool: Vec<&OfferView> = offers.iter().filter(|o| o.round.is_none()).collect();
        Ok::<_, CapError>(HomePage {
            v: &v,
            pool_offers: pool.len(),
            pool_hours: pool.iter().map(|o| o.offer.hours()).sum(),
            calls: cap::list_calls(&state).await?,
            rounds: cap::list_rounds(&state).await?,
            matches: cap::list_matches(&state).await?,
            notices: match &v.user {
                Some(_) => {
                    waico_app::capacity::notices::my_notices(&state, &v.actor(), &v.tr).await?
                }
                None => Vec::new(),
            },
        })
    };
    match load.await {
        Ok(page) => ok(&v, &page),
        Err(e) => cap_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "capacity_offers.html")]
struct OffersPage<'a> {
    v: &'a Viewer,
    offers: Vec<OfferView>,
}

async fn offers(v: Viewer, State(state): State<AppState>) -> Response {
    match cap::list_offers(&state).await {
        Ok(offers) => ok(&v, &OffersPage { v: &v, offers }),
        Err(e) => cap_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "capacity_requests.html")]
struct RequestsPage<'a> {
    v: &'a Viewer,
    requests: Vec<RequestSummary>,
}

async fn requests(v: Viewer, State(state): State<AppState>) -> Response {
    match cap::list_requests(&state).await {
        Ok(requests) => ok(&v, &RequestsPage { v: &v, requests }),
        Err(e) => cap_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "capacity_request.html")]
struct RequestPage<'a> {
    v: &'a Viewer,
    d: RequestDetail,
    can_review: bool,
    errors: FormErrors,
}

async fn request_page(
    v: &Viewer,
    state: &AppState,
    id: &str,
    status: StatusCode,
    errors: FormErrors,
) -> Response {
    match cap::get_request(state, id).await {
        Ok(d) => {
            let can_review = v
                .user
                .as_ref()
                .is_some_and(|u| d.summary.reviewers.contains(&u.username));
            render(
                v,
                status,
                &RequestPage {
                    v,
                    d,
                    can_review,
                    errors,
                },
            )
        }
        Err(e) => cap_error(v, &e),
    }
}

async fn request(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    request_page(&v, &state, &id, StatusCode::OK, FormErrors::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct ReviewForm {
    #[serde(default)]
    score: String,
    #[serde(default)]
    comment: String,
}

async fn review(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let score = f.score.trim().parse::<i64>().unwrap_or(0);
    match cap::review(&state, &v.actor(), &id, score, &f.comment).await {
        Ok(()) => see_other(&format!("/capacity/requests/{id}")),
        Err(e) => match form_errors(&v, &e) {
            Some(errors) => {
                request_page(&v, &state, &id, StatusCode::UNPROCESSABLE_ENTITY, errors).await
            }
            None => cap_error(&v, &e),
        },
    }
}

/// The request form's fields as typed.
#[derive(Debug, Default, Clone, serde::Deserialize)]
struct RequestForm {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    institution: String,
    #[serde(default)]
    country: String,
    /// `H100=1, A100=0.6`: accepted models with their equivalence factors.
    #[serde(default)]
    accelerators: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    minimum_hours: String,
    #[serde(default)]
    window_start: String,
    #[serde(default)]
    window_end: String,
    #[serde(default)]
    data_residency: String,
    #[serde(default)]
    end_use: String,
    #[serde(default)]
    first_time: Option<String>,
}

impl RequestForm {
    /// The request as the API takes it; a number that does not parse is a field error.
    fn to_json(&self) -> Result<serde_json::Value, CapError> {
        let num = |name: &str, s: &str| -> Result<f64, CapError> {
            let s = s.trim();
            if s.is_empty() && name == "minimum_hours" {
                return Ok(0.0);
            }
            s.parse::<f64>().map_err(|_| {
                CapError::Field(waico_app::FieldError {
                    field: name.into(),
                    code: "capacity-err-number".into(),
                    message: "not a number".into(),
                })
            })
        };
        let mut accelerators = Vec::new();
        for part in self.accelerators.split([',', ';', '\n']) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (model, factor) = match part.split_once('=') {
                Some((m, f)) => (m.trim(), num("accelerators", f)?),
                None => (part, 1.0),
            };
            accelerators.push(serde_json::json!({ "model": model, "factor": factor }));
        }
        let alpha2 = |raw: &str| {
            waico_members::Countries::get()
                .find(raw.trim())
                .map(|c| c.alpha2.clone())
                .unwrap_or_else(|| raw.trim().to_owned())
        };
        let residency: Vec<String> = self
            .data_residency
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(alpha2)
            .collect();
        Ok(serde_json::json!({
            "id": self.id.trim(),
            "title": self.title,
            "abstract": self.summary,
            "institution": self.institution,
            "country": alpha2(&self.country),
            "accelerators": accelerators,
            "hours": num("hours", &self.hours)?,
            "minimum_hours": num("minimum_hours", &self.minimum_hours)?,
            "window": { "start": self.window_start.trim(), "end": self.window_end.trim() },
            "data_residency": residency,
            "end_use": self.end_use,
            "first_time": self.first_time.is_some(),
        }))
    }
}

#[derive(Template)]
#[template(path = "capacity_call.html")]
struct CallPage<'a> {
    v: &'a Viewer,
    c: CallView,
    can_request: bool,
    form: RequestForm,
    errors: FormErrors,
}

async fn call_page(
    v: &Viewer,
    state: &AppState,
    id: &str,
    status: StatusCode,
    form: RequestForm,
    errors: FormErrors,
) -> Response {
    match cap::get_call(state, id).await {
        Ok(c) => {
            let can_request = c.status == "open" && v.may(Action::RequestCapacity);
            render(
                v,
                status,
                &CallPage {
                    v,
                    c,
                    can_request,
                    form,
                    errors,
                },
            )
        }
        Err(e) => cap_error(v, &e),
    }
}

async fn call(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let form = RequestForm {
        window_start: "2027-01-01".into(),
        window_end: "2027-06-30".into(),
        accelerators: "H100=1, A100=0.6".into(),
        ..RequestForm::default()
    };
    call_page(&v, &state, &id, StatusCode::OK, form, FormErrors::default()).await
}

async fn submit(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<RequestForm>,
) -> Response {
    let result = match f.to_json() {
        Ok(json) => cap::submit_request(&state, &v.actor(), &id, json).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(row) => see_other(&format!("/capacity/requests/{}", row.slug)),
        Err(e) => match form_errors(&v, &e) {
            Some(errors) => {
                call_page(&v, &state, &id, StatusCode::UNPROCESSABLE_ENTITY, f, errors).await
            }
            None => cap_error(&v, &e),
        },
    }
}

/// One row of a round's result table.
struct ResultRow {
    e: Explanation,
    offers: String,
}

#[derive(Template)]
#[template(path = "capacity_round.html")]
struct RoundPage<'a> {
    v: &'a Viewer,
    r: RoundView,
    rows: Vec<ResultRow>,
    by_region: Vec<(String, i64)>,
    by_class: Vec<(String, i64)>,
    global_south: Vec<(String, i64)>,
    delivery: Vec<(String, i64)>,
    gs_share: String,
    can_run: bool,
}

async fn round(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let r = match cap::get_round(&state, &id).await {
        Ok(r) => r,
        Err(e) => return cap_error(&v, &e),
    };
    let as_rows = |t: &[cap::Tally]| -> Vec<(String, i64)> {
        t.iter()
            .map(|t| (t.label.clone(), t.hours.round() as i64))
            .collect()
    };
    let rows = r
        .result
        .iter()
        .flat_map(|res| &res.explanations)
        .map(|e| ResultRow {
            offers: e
                .grants
                .iter()
                .map(|g| {
                    format!(
                        "{} ({} h {})",
                        g.offer,
                        hours(g.accelerator_hours),
                        g.accelerator
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            e: e.clone(),
        })
        .collect();
    let gs = r.totals.global_south_hours;
    let global_south = vec![
        (v.t("capacity-global-south"), gs.round() as i64),
        (
            v.t("capacity-other-countries"),
            (r.totals.allocated - gs).round() as i64,
        ),
    ];
    let delivery = vec![
        (
            v.t("capacity-allocated"),
            r.totals.allocated_accelerator_hours.round() as i64,
        ),
        (v.t("capacity-used"), r.totals.used.round() as i64),
    ];
    let gs_share = if r.totals.allocated > 0.0 {
        format!("{:.1} %", 100.0 * gs / r.totals.allocated)
    } else {
        "–".into()
    };
    let page = RoundPage {
        by_region: as_rows(&r.by_region),
        by_class: as_rows(&r.by_class),
        global_south,
        delivery,
        gs_share,
        can_run: r.status == "open" && v.may(Action::ManageCapacity),
        rows,
        v: &v,
        r,
    };
    ok(&v, &page)
}

async fn run_round(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match cap::run_round(&state, &v.actor(), &id, std::time::Duration::from_secs(30)).await {
        Ok(_) => see_other(&format!("/capacity/rounds/{id}")),
        Err(e) => cap_error(&v, &e),
    }
}

#[derive(Template)]
#[template(path = "capacity_match.html")]
struct MatchPage<'a> {
    v: &'a Viewer,
    m: MatchView,
    mine: Option<cap::ApplicantView>,
    can_apply: bool,
    errors: FormErrors,
}

async fn match_page(
    v: &Viewer,
    state: &AppState,
    id: &str,
    status: StatusCode,
    errors: FormErrors,
) -> Response {
    let m = match cap::get_match(state, id).await {
        Ok(m) => m,
        Err(e) => return cap_error(v, &e),
    };
    let mine = match &v.user {
        Some(u) => cap::applicant_view(state, id, &u.username).await.ok(),
        None => None,
    };
    let can_apply = m.status == "open" && v.may(Action::ApplyToProgram);
    render(
        v,
        status,
        &MatchPage {
            v,
            m,
            mine,
            can_apply,
            errors,
        },
    )
}

async fn a_match(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match_page(&v, &state, &id, StatusCode::OK, FormErrors::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct ApplyForm {
    #[serde(default)]
    first: String,
    #[serde(default)]
    second: String,
    #[serde(default)]
    third: String,
}

async fn apply(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(f): Form<ApplyForm>,
) -> Response {
    let ranking = vec![f.first, f.second, f.third];
    match cap::apply(&state, &v.actor(), &id, ranking).await {
        Ok(()) => see_other(&format!("/capacity/matches/{id}")),
        Err(e) => match form_errors(&v, &e) {
            Some(errors) => {
                match_page(&v, &state, &id, StatusCode::UNPROCESSABLE_ENTITY, errors).await
            }
            None => cap_error(&v, &e),
        },
    }
}
