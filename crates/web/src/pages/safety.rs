//! Safety pages: the list of the reports one may see (filters by taxonomy
//! values, level and state; full-text search), a report with its legal
//! deadlines' countdown, comments and workflow forms, the submit form and
//! the statistics with SVG charts. Each handler calls one operation of
//! `waico_app::safety`, which applies the TLP decision of the domain.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use waico_app::OpError;
use waico_app::safety::{
    self as app, CommentInput, LegalInput, ListFilter, MarkingInput, ReportSummary, ReportView,
    StepInput, SubmitInput,
};
use waico_members::Action;
use waico_safety::report::{AffectedVersions, ReportDraft, SourceDraft};
use waico_safety::taxonomy::{HARM_NAMESPACE, Taxonomies};

use super::{FormErrors, ok, page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/safety", get(list))
        .route("/safety/new", get(new_form))
        .route("/safety/reports", post(submit))
        .route("/safety/statistics", get(statistics))
        .route("/safety/reports/{id}", get(show))
        .route("/safety/reports/{id}/step", post(step))
        .route("/safety/reports/{id}/comment", post(comment))
        .route("/safety/reports/{id}/assign", post(assign))
        .route("/safety/reports/{id}/merge", post(merge))
        .route("/safety/reports/{id}/marking", post(remark))
}

/// The TLP levels as the forms offer them.
const LEVELS: [&str; 5] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];
const STATES: [&str; 8] = [
    "submitted",
    "triaged",
    "confirmed",
    "mitigated",
    "closed",
    "rejected",
    "duplicate",
    "withdrawn",
];
const STEPS: [&str; 7] = [
    "triage", "confirm", "mitigate", "close", "reject", "reopen", "withdraw",
];

/// Template helpers of the safety pages.
impl Viewer {
    /// The codes and names (in the viewer's language) of a field of the harm taxonomy.
    pub fn safety_values(&self, field: &str) -> Vec<(String, String)> {
        Taxonomies::builtin()
            .namespace(HARM_NAMESPACE)
            .and_then(|ns| ns.field(field))
            .map(|f| {
                f.values
                    .iter()
                    .map(|v| (v.code.clone(), self.safety_value(field, &v.code)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A taxonomy value's name in the viewer's language (the code when unknown).
    pub fn safety_value(&self, field: &str, code: impl AsRef<str>) -> String {
        let code = code.as_ref();
        Taxonomies::builtin()
            .value_name(HARM_NAMESPACE, field, code, self.lang().code())
            .map(str::to_owned)
            .unwrap_or_else(|| code.to_owned())
    }

    /// A workflow state, step or incident kind in the viewer's language.
    pub fn safety_word(&self, prefix: &str, code: impl AsRef<str>) -> String {
        let code = code.as_ref();
        self.t(&format!(
            "safety-{prefix}-{}",
            code.replace(['_', '+'], "-")
        ))
    }

    /// The CSS class of a TLP label (`TLP:AMBER+STRICT` → `tlp-amber-strict`).
    pub fn tlp_class(&self, label: impl AsRef<str>) -> String {
        let label = label.as_ref();
        format!(
            "tlp-{}",
            label
                .trim_start_matches("TLP:")
                .to_ascii_lowercase()
                .replace('+', "-")
        )
    }

    /// The date of a moment, as `date` writes it.
    pub fn safety_when(&self, at: &time::OffsetDateTime) -> String {
        self.date((at.unix_timestamp_nanos() / 1_000_000) as i64)
    }

    /// A history event in the viewer's language, with what it names.
    pub fn safety_event(&self, event: &waico_safety::workflow::Event) -> String {
        use waico_safety::workflow::Event;
        match event {
            Event::Submitted => self.t("safety-ev-submitted"),
            Event::Moved { from, to } => format!(
                "{} → {}",
                self.safety_word("state", from),
                self.safety_word("state", to)
            ),
            Event::Assigned { member } => format!("{} {member}", self.t("safety-ev-assigned")),
            Event::Unassigned { member } => format!("{} {member}", self.t("safety-ev-unassigned")),
            Event::Commented { .. } => self.t("safety-ev-commented"),
            Event::MergedInto { target } => format!("{} {target}", self.t("safety-ev-merged")),
            Event::Absorbed { duplicate, .. } => {
                format!("{} {duplicate}", self.t("safety-ev-absorbed"))
            }
            Event::Remarked { from, to } => format!("{from} → {to}"),
        }
    }

    /// Milliseconds of an RFC 3339 time, for `date`.
    pub fn ms_of(&self, rfc3339: impl AsRef<str>) -> i64 {
        time::OffsetDateTime::parse(
            rfc3339.as_ref(),
            &time::format_description::well_known::Rfc3339,
        )
        .map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64)
        .unwrap_or(0)
    }
}

#[derive(Template)]
#[template(path = "safety_list.html")]
struct ListPage<'a> {
    v: &'a Viewer,
    items: Vec<ReportSummary>,
    total: usize,
    f: ListFilter,
    levels: [&'static str; 5],
    states: [&'static str; 8],
    can_submit: bool,
    prev: String,
    next: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    harm_type: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    tlp: String,
    #[serde(default)]
    page: String,
}

const PER_PAGE: usize = 50;

async fn list(v: Viewer, State(state): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    let page = q.page.parse::<usize>().unwrap_or(1).max(1);
    let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let f = ListFilter {
        q: some(&q.q),
        harm_type: some(&q.harm_type),
        sector: some(&q.sector),
        country: some(&q.country),
        state: some(&q.state),
        tlp: some(&q.tlp),
        offset: Some(((page - 1).saturating_mul(PER_PAGE)).min(app::MAX_LIST_OFFSET)),
        limit: Some(PER_PAGE),
    };
    let list = match app::list(&state, &v.actor(), &f).await {
        Ok(l) => l,
        Err(e) => return page_error(&v, &e),
    };
    let link = |p: usize| {
        let params = [
            ("q", q.q.as_str()),
            ("harm_type", q.harm_type.as_str()),
            ("sector", q.sector.as_str()),
            ("country", q.country.as_str()),
            ("state", q.state.as_str()),
            ("tlp", q.tlp.as_str()),
            ("page", &p.to_string()),
        ];
        format!(
            "/safety?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let page_view = ListPage {
        v: &v,
        total: list.total,
        items: list.items,
        prev: if page > 1 {
            link(page - 1)
        } else {
            String::new()
        },
        next: if page * PER_PAGE < list.total {
            link(page + 1)
        } else {
            String::new()
        },
        f,
        levels: LEVELS,
        states: STATES,
        can_submit: v.may(Action::SubmitSafetyReport),
    };
    ok(&v, &page_view)
}

#[derive(Template)]
#[template(path = "safety_report.html")]
struct ReportPage<'a> {
    v: &'a Viewer,
    r: ReportView,
    levels: [&'static str; 5],
    steps: [&'static str; 7],
    can_comment: bool,
    can_triage: bool,
    /// The author or a triager: may change the marking.
    can_remark: bool,
    /// An EU Art. 73 duty applies: the EU report can be exported.
    eu_duty: bool,
    /// A duty due within a quarter of its period, due immediately, or overdue.
    warn: bool,
    errors: FormErrors,
}

async fn report_page(v: &Viewer, state: &AppState, id: &str, errors: FormErrors) -> Response {
    let r = match app::get(state, &v.actor(), id).await {
        Ok(r) => r,
        Err(e) => return page_error(v, &e),
    };
    let status = if errors.any() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    let warn = r.duties.iter().any(|d| d.warn);
    let eu_duty = r
        .duties
        .iter()
        .any(|d| d.jurisdiction == "EU" && d.citation.contains("73"));
    let is_author = v
        .user
        .as_ref()
        .is_some_and(|u| r.author == app::member_id(u.id).to_string());
    let can_triage = v.may(Action::TriageSafetyReports);
    render(
        v,
        status,
        &ReportPage {
            v,
            r,
            levels: LEVELS,
            steps: STEPS,
            can_comment: v.may(Action::SubmitSafetyReport),
            can_triage,
            can_remark: v.may(Action::SubmitSafetyReport) && (is_author || can_triage),
            eu_duty,
            warn,
            errors,
        },
    )
}

async fn show(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    report_page(&v, &state, &id, FormErrors::default()).await
}

/// After a form on the report page: back to it, or the page with the errors.
async fn after(v: &Viewer, state: &AppState, id: &str, result: Result<(), OpError>) -> Response {
    match result {
        Ok(()) => see_other(&format!("/safety/reports/{id}")),
        Err(e) => match FormErrors::from_op(v, &e) {
            Some(errors) => report_page(v, state, id, errors).await,
            None => page_error(v, &e),
        },
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct StepForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

async fn step(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Response {
    let input = StepInput {
        action: form.action,
        reason: Some(form.reason),
    };
    let r = app::step(&state, &v.actor(), &id, &input).await.map(|_| ());
    after(&v, &state, &id, r).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    tlp: String,
    #[serde(default)]
    community: String,
    #[serde(default)]
    recipients: String,
}

fn names(list: &str) -> Vec<String> {
    list.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn comment(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<CommentForm>,
) -> Response {
    let input = CommentInput {
        body: form.body,
        marking: MarkingInput {
            tlp: form.tlp,
            community: Some(form.community),
            recipients: names(&form.recipients),
        },
    };
    let r = app::comment(&state, &v.actor(), &id, &input)
        .await
        .map(|_| ());
    after(&v, &state, &id, r).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct AssignForm {
    #[serde(default)]
    username: String,
}

async fn assign(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<AssignForm>,
) -> Response {
    let r = app::assign(&state, &v.actor(), &id, &form.username)
        .await
        .map(|_| ());
    after(&v, &state, &id, r).await
}

#[derive(Debug, Default, serde::Deserialize)]
struct MergeForm {
    #[serde(default)]
    target: String,
}

async fn merge(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<MergeForm>,
) -> Response {
    let r = app::merge(&state, &v.actor(), &id, &form.target)
        .await
        .map(|_| ());
    after(&v, &state, &id, r).await
}

async fn remark(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<MarkingForm>,
) -> Response {
    let input = MarkingInput {
        tlp: form.tlp,
        community: Some(form.community),
        recipients: names(&form.recipients),
    };
    match app::remark(&state, &v.actor(), &id, &input).await {
        // No longer visible to the one who narrowed it: back to the list.
        Ok(None) => see_other("/safety"),
        r => after(&v, &state, &id, r.map(|_| ())).await,
    }
}

/// The marking form as sent.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct MarkingForm {
    tlp: String,
    community: String,
    recipients: String,
}

/// The submit form as sent (one value per taxonomy field: no JavaScript,
/// no multi-selects).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
struct SubmitForm {
    title: String,
    description: String,
    date: String,
    vulnerability: String,
    artifact: String,
    versions: String,
    deployers: String,
    developers: String,
    harmed: String,
    source_url: String,
    source_text: String,
    harm_type: String,
    severity: String,
    stakeholder: String,
    sector: String,
    country: String,
    system: String,
    repo: String,
    tlp: String,
    community: String,
    recipients: String,
    legal_kind: String,
    aware_at: String,
}

fn one(s: &str) -> Vec<String> {
    names(s)
}

impl SubmitForm {
    fn input(&self) -> SubmitInput {
        let report = ReportDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            date: Some(self.date.clone()),
            vulnerability: !self.vulnerability.is_empty(),
            affected: vec![AffectedVersions {
                artifact: self.artifact.clone(),
                versions: names(&self.versions),
            }],
            alleged_deployers: names(&self.deployers),
            alleged_developers: names(&self.developers),
            alleged_harmed_parties: names(&self.harmed),
            sources: if self.source_url.trim().is_empty() {
                Vec::new()
            } else {
                vec![SourceDraft {
                    url: self.source_url.clone(),
                    title: None,
                    text: self.source_text.clone(),
                }]
            },
            harm_types: one(&self.harm_type),
            severity: Some(self.severity.clone()),
            stakeholders: one(&self.stakeholder),
            sectors: one(&self.sector),
            countries: one(&self.country),
            systems: one(&self.system),
            repos: one(&self.repo),
            ..ReportDraft::default()
        };
        let legal = (!self.legal_kind.trim().is_empty()).then(|| LegalInput {
            kinds: vec![self.legal_kind.clone()],
            aware_at: self.aware_at.clone(),
            occurred_in: one(&self.country),
        });
        SubmitInput {
            marking: MarkingInput {
                tlp: self.tlp.clone(),
                community: Some(self.community.clone()),
                recipients: names(&self.recipients),
            },
            report,
            legal,
        }
    }
}

#[derive(Template)]
#[template(path = "safety_form.html")]
struct FormPage<'a> {
    v: &'a Viewer,
    form: SubmitForm,
    errors: FormErrors,
    levels: [&'static str; 5],
    kinds: [&'static str; 8],
}

fn form_page(v: &Viewer, form: SubmitForm, errors: FormErrors) -> Response {
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
            form,
            errors,
            levels: LEVELS,
            kinds: waico_safety::deadlines::IncidentKind::ALL
                .map(waico_safety::deadlines::IncidentKind::slug),
        },
    )
}

async fn new_form(v: Viewer) -> Response {
    if v.user.is_none() {
        return page_error(&v, &OpError::Unauthenticated);
    }
    let form = SubmitForm {
        tlp: "GREEN".into(),
        ..SubmitForm::default()
    };
    form_page(&v, form, FormErrors::default())
}

async fn submit(
    v: Viewer,
    State(state): State<AppState>,
    Form(form): Form<SubmitForm>,
) -> Response {
    match app::submit(&state, &v.actor(), &form.input()).await {
        Ok(r) => see_other(&format!("/safety/reports/{}", r.id)),
        Err(e) => match FormErrors::from_op(&v, &e) {
            Some(errors) => form_page(&v, form, errors),
            None => page_error(&v, &e),
        },
    }
}

#[derive(Template)]
#[template(path = "safety_stats.html")]
struct StatsPage<'a> {
    v: &'a Viewer,
    total: u64,
    by_harm: Vec<(String, i64)>,
    by_sector: Vec<(String, i64)>,
    by_region: Vec<(String, i64)>,
    by_month: Vec<(String, i64)>,
}

async fn statistics(v: Viewer, State(state): State<AppState>) -> Response {
    let s = match app::statistics(&state, &v.actor()).await {
        Ok(s) => s,
        Err(e) => return page_error(&v, &e),
    };
    let named = |field: &str, m: &std::collections::BTreeMap<String, u64>| -> Vec<(String, i64)> {
        m.iter()
            .map(|(k, n)| (v.safety_value(field, k), *n as i64))
            .collect()
    };
    // Regions: the UN M49 regions of the countries (alpha-2 in reports).
    let mut regions: std::collections::BTreeMap<String, i64> = Default::default();
    for (code, n) in &s.by_country {
        let name = waico_members::Countries::get()
            .all()
            .iter()
            .find(|c| c.alpha2.eq_ignore_ascii_case(code))
            .and_then(|c| c.region.as_ref().map(|r| v.region(r.code)))
            .unwrap_or_else(|| code.clone());
        *regions.entry(name).or_insert(0) += *n as i64;
    }
    let page = StatsPage {
        total: s.total,
        by_harm: named("harm_type", &s.by_harm_type),
        by_sector: named("sector", &s.by_sector),
        by_region: regions.into_iter().collect(),
        by_month: s
            .by_month
            .iter()
            .map(|(k, n)| (k.clone(), *n as i64))
            .collect(),
        v: &v,
    };
    ok(&v, &page)
}
