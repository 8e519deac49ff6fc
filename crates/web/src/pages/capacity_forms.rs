//! The capacity exchange's forms, so that the secretariat, providers and
//! researchers can do from the browser what the API does: offer hours and
//! change an offer in the pool, load export-control rules, open a call,
//! assign a reviewer, open a round with its weights, run and close it,
//! report usage per allocation or as an uploaded CSV file, set up a
//! fellowship match with its programs and run it. One template
//! (`capacity_form.html`) draws every form from a list of fields; a form
//! that fails comes back (422) with each field's message in the viewer's
//! language. The CSRF token is the router's layer's; rights are the
//! application layer's (the pages only hide what one may not do).

use std::collections::HashMap;

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use waico_app::OpError;
use waico_app::capacity::{self as cap, CapError};
use waico_capacity::AllocationPolicy;
use waico_members::Action;

use super::{FormErrors, page_error, render, see_other};
use crate::AppState;
use crate::auth::Viewer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/capacity/offers/new", get(new_offer).post(create_offer))
        .route(
            "/capacity/offers/{id}/edit",
            get(edit_offer).post(update_offer),
        )
        .route("/capacity/rules/new", get(new_rules).post(load_rules))
        .route("/capacity/calls/new", get(new_call).post(open_call))
        .route(
            "/capacity/requests/{id}/reviewers",
            get(new_reviewer).post(assign_reviewer),
        )
        .route("/capacity/rounds/new", get(new_round).post(open_round))
        .route("/capacity/rounds/{id}/usage", get(usage).post(report_usage))
        .route(
            "/capacity/rounds/{id}/usage/upload",
            get(usage_upload).post(upload_usage),
        )
        .route(
            "/capacity/rounds/{id}/close",
            get(closing).post(close_round),
        )
        .route("/capacity/matches/new", get(new_match).post(create_match))
        .route(
            "/capacity/matches/{id}/programs",
            get(new_program).post(put_program),
        )
        .route(
            "/capacity/matches/{id}/run",
            get(run_match).post(do_run_match),
        )
        .route("/capacity/licences", get(licences).post(grant_licence))
        .route(
            "/capacity/licences/revoke",
            get(revoking).post(revoke_licence),
        )
}

/// What the capacity pages offer the viewer to do (links to the forms).
impl Viewer {
    pub fn may_manage_capacity(&self) -> bool {
        self.may(Action::ManageCapacity)
    }

    pub fn may_offer_capacity(&self) -> bool {
        self.may(Action::OfferCapacity)
    }

    /// An offer in the pool that the viewer offered (or the secretariat).
    pub fn may_edit_offer(&self, o: &cap::OfferView) -> bool {
        o.round.is_none()
            && self.may(Action::EditCapacityOffer {
                provider: o.provider_user_id,
            })
    }

    /// Whether the viewer provided an offer of this round (or is the secretariat).
    pub fn may_report_usage(&self, r: &cap::RoundView) -> bool {
        r.status == "published"
            && self.user.is_some()
            && (self.may(Action::ManageCapacity) || self.may(Action::OfferCapacity))
    }
}

/// One field of a form as the template draws it.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    label: String,
    /// `text`, `number`, `date`, `textarea`, `select`, `country`, `checkbox` or `file`.
    kind: &'static str,
    value: String,
    required: bool,
    hint: String,
    options: Vec<(String, String)>,
    error: String,
}

#[derive(Template)]
#[template(path = "capacity_form.html")]
struct FormPage<'a> {
    v: &'a Viewer,
    title: String,
    intro: String,
    back_href: String,
    back_label: String,
    action: String,
    multipart: bool,
    fields: Vec<Field>,
    submit: String,
    general: String,
    /// A table above the form (the licences recorded), when not empty.
    table_head: Vec<String>,
    table: Vec<Vec<String>>,
    /// Whether the viewer may use the form (else only the table shows).
    show_form: bool,
    /// A link under the table (href, label), for those who may use the form.
    table_link: Option<(String, String)>,
}

/// The values typed into a form, by field name.
type Values = HashMap<String, String>;

/// Builds a form's fields with what was typed (or the defaults).
struct Fields<'a> {
    v: &'a Viewer,
    values: &'a Values,
    list: Vec<Field>,
}

impl<'a> Fields<'a> {
    fn new(v: &'a Viewer, values: &'a Values) -> Self {
        Fields {
            v,
            values,
            list: Vec::new(),
        }
    }

    fn add(mut self, name: &str, label: &str, kind: &'static str, required: bool) -> Self {
        self.list.push(Field {
            name: name.to_owned(),
            label: self.v.t(label),
            kind,
            value: self.values.get(name).cloned().unwrap_or_default(),
            required,
            hint: String::new(),
            options: Vec::new(),
            error: String::new(),
        });
        self
    }

    /// A hint under the last field added.
    fn hint(mut self, key: &str) -> Self {
        if let Some(f) = self.list.last_mut() {
            f.hint = self.v.t(key);
        }
        self
    }

    /// The choices of the last field added (a `select`).
    fn options(mut self, options: Vec<(String, String)>) -> Self {
        if let Some(f) = self.list.last_mut() {
            f.options = options;
        }
        self
    }

    fn done(self) -> Vec<Field> {
        self.list
    }
}

/// What a form page says around its fields.
struct Frame {
    title: String,
    intro: String,
    back: (String, String),
    action: String,
    submit: String,
    multipart: bool,
}

fn show(
    v: &Viewer,
    status: StatusCode,
    frame: Frame,
    fields: Vec<Field>,
    general: String,
) -> Response {
    show_page(v, status, frame, fields, general, Table::default())
}

/// A table shown above a form.
#[derive(Default)]
struct Table {
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Only the table: the viewer may not use the form.
    read_only: bool,
    /// A link under the table for those who may use the form (href, label).
    link: Option<(String, String)>,
}

fn show_page(
    v: &Viewer,
    status: StatusCode,
    frame: Frame,
    fields: Vec<Field>,
    general: String,
    table: Table,
) -> Response {
    render(
        v,
        status,
        &FormPage {
            v,
            title: frame.title,
            intro: frame.intro,
            back_href: frame.back.0,
            back_label: frame.back.1,
            action: frame.action,
            multipart: frame.multipart,
            fields,
            submit: frame.submit,
            general,
            table_head: table.head,
            table: table.rows,
            show_form: !table.read_only,
            table_link: table.link.filter(|_| !table.read_only),
        },
    )
}

/// The form field an operation's field name speaks of: `offer[x].window.start`
/// is `window_start`, `usage[2].offer` the third usage row's.
fn form_name(field: &str) -> String {
    let field = match field.rfind("].") {
        Some(i) if field.starts_with("offer[") => &field[i + 2..],
        _ => field.strip_prefix("policy.").unwrap_or(field),
    };
    field.replace('.', "_")
}

/// A failed form's fields with their messages and the form's general
/// message; rights and missing things are the error page instead.
fn placed(
    v: &Viewer,
    mut fields: Vec<Field>,
    e: &CapError,
) -> Result<(Vec<Field>, String), Box<Response>> {
    let general = match e {
        CapError::Field(f) => {
            let message = v.tr.t_or(&f.code, &f.message);
            let detail = if message == f.message {
                message
            } else {
                format!("{message} ({})", f.message)
            };
            let name = form_name(&f.field);
            let mut at_field = false;
            for field in &mut fields {
                if field.name == name || field.name == f.field {
                    field.error = detail.clone();
                    at_field = true;
                }
            }
            if at_field {
                v.t("form-has-errors")
            } else {
                format!("{} {}: {detail}", v.t("form-has-errors"), f.field)
            }
        }
        CapError::Op(op) => match FormErrors::from_op(v, op) {
            Some(errors) => {
                for field in &mut fields {
                    let message = errors.get(&field.name);
                    if !message.is_empty() {
                        field.error = message;
                    }
                }
                errors.general
            }
            None => return Err(Box::new(page_error(v, op))),
        },
    };
    Ok((fields, general))
}

/// Re-shows a form that failed (422) with its messages.
fn failed(v: &Viewer, frame: Frame, fields: Vec<Field>, e: &CapError) -> Response {
    match placed(v, fields, e) {
        Ok((fields, general)) => show(v, StatusCode::UNPROCESSABLE_ENTITY, frame, fields, general),
        Err(page) => *page,
    }
}

/// The sign-in page for a visitor, the 403 page for one who may not.
fn guard(v: &Viewer, action: Action) -> Option<Response> {
    if v.user.is_none() {
        return Some(page_error(v, &OpError::Unauthenticated));
    }
    (!v.may(action)).then(|| page_error(v, &OpError::Forbidden))
}

fn not_found(v: &Viewer, e: &CapError) -> Response {
    match e {
        CapError::Op(op) => page_error(v, op),
        CapError::Field(_) => page_error(v, &OpError::NotFound),
    }
}

fn number_error(name: &str) -> CapError {
    CapError::Field(waico_app::FieldError {
        field: name.into(),
        code: "capacity-err-number".into(),
        message: "not a number".into(),
    })
}

fn num(values: &Values, name: &str) -> Result<f64, CapError> {
    values
        .get(name)
        .map(|s| s.trim())
        .unwrap_or_default()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| number_error(name))
}

fn whole(values: &Values, name: &str) -> Result<u64, CapError> {
    values
        .get(name)
        .map(|s| s.trim())
        .unwrap_or_default()
        .parse::<u64>()
        .map_err(|_| number_error(name))
}

fn value<'a>(values: &'a Values, name: &str) -> &'a str {
    values.get(name).map(|s| s.trim()).unwrap_or_default()
}

/// A country as the domain writes it (alpha-2), from a code or the form's alpha-3.
fn alpha2(raw: &str) -> String {
    waico_members::Countries::get()
        .find(raw.trim())
        .map(|c| c.alpha2.clone())
        .unwrap_or_else(|| raw.trim().to_owned())
}

/// A country as the form's select lists it (alpha-3).
fn alpha3(raw: &str) -> String {
    waico_members::Countries::get()
        .find(raw.trim())
        .map(|c| c.alpha3.to_string())
        .unwrap_or_else(|| raw.trim().to_owned())
}

/// A comma-separated list of words.
fn list(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn countries(raw: &str) -> Vec<String> {
    list(raw).iter().map(|c| alpha2(c)).collect()
}

// ---- offers ----

fn offer_fields(v: &Viewer, values: &Values, new: bool) -> Vec<Field> {
    let terms = vec![
        ("free".to_owned(), v.t("capacity-f-terms-free")),
        ("cost_recovery".to_owned(), v.t("capacity-f-terms-cost")),
    ];
    let mut f = Fields::new(v, values);
    if new {
        f = f.add("id", "capacity-field-id", "text", true);
    }
    f.add("provider", "capacity-provider", "text", true)
        .add("site", "capacity-site", "text", true)
        .add("jurisdiction", "capacity-f-jurisdiction", "country", true)
        .add("accelerator", "capacity-accelerator", "text", true)
        .hint("capacity-f-accelerator-hint")
        .add("count", "capacity-f-count", "number", true)
        .add("hours", "capacity-hours", "number", true)
        .add("window_start", "capacity-window-start", "date", true)
        .add("window_end", "capacity-window-end", "date", true)
        .add("terms_kind", "capacity-f-terms", "select", true)
        .options(terms)
        .add("terms_price_per_hour", "capacity-f-price", "number", false)
        .add("terms_currency", "capacity-f-currency", "text", false)
        .add(
            "restrictions_destinations_excluded",
            "capacity-f-destinations-excluded",
            "text",
            false,
        )
        .hint("capacity-f-countries-hint")
        .add(
            "restrictions_destinations_allowed",
            "capacity-f-destinations-allowed",
            "text",
            false,
        )
        .hint("capacity-f-allowed-hint")
        .add(
            "restrictions_end_uses_excluded",
            "capacity-f-end-uses-excluded",
            "text",
            false,
        )
        .hint("capacity-f-list-hint")
        .done()
}

/// The offer as the API takes it.
fn offer_json(values: &Values, id: &str) -> Result<serde_json::Value, CapError> {
    let terms = if value(values, "terms_kind") == "cost_recovery" {
        serde_json::json!({
            "kind": "cost_recovery",
            "price_per_hour": num(values, "terms_price_per_hour")?,
            "currency": value(values, "terms_currency").to_ascii_uppercase(),
        })
    } else {
        serde_json::json!({ "kind": "free" })
    };
    let allowed = countries(value(values, "restrictions_destinations_allowed"));
    Ok(serde_json::json!({
        "id": id,
        "provider": value(values, "provider"),
        "site": value(values, "site"),
        "jurisdiction": alpha2(value(values, "jurisdiction")),
        "accelerator": value(values, "accelerator"),
        "count": whole(values, "count")?,
        "hours": num(values, "hours")?,
        "window": { "start": value(values, "window_start"), "end": value(values, "window_end") },
        "terms": terms,
        "restrictions": {
            "destinations_excluded": countries(value(values, "restrictions_destinations_excluded")),
            "destinations_allowed": (!allowed.is_empty()).then_some(allowed),
            "end_uses_excluded": list(value(values, "restrictions_end_uses_excluded")),
        },
    }))
}

fn offer_frame(v: &Viewer, id: Option<&str>) -> Frame {
    Frame {
        title: match id {
            Some(id) => format!("{} {id}", v.t("capacity-f-edit-offer")),
            None => v.t("capacity-f-new-offer"),
        },
        intro: v.t("capacity-f-offer-intro"),
        back: ("/capacity/offers".into(), v.t("capacity-offers")),
        action: match id {
            Some(id) => format!("/capacity/offers/{id}/edit"),
            None => "/capacity/offers/new".into(),
        },
        submit: v.t("capacity-f-save"),
        multipart: false,
    }
}

async fn new_offer(v: Viewer) -> Response {
    if let Some(r) = guard(&v, Action::OfferCapacity) {
        return r;
    }
    let values: Values = [
        ("window_start", "2027-01-01"),
        ("window_end", "2027-06-30"),
        ("terms_kind", "free"),
        ("count", "8"),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_owned(), x.to_owned()))
    .collect();
    let fields = offer_fields(&v, &values, true);
    show(
        &v,
        StatusCode::OK,
        offer_frame(&v, None),
        fields,
        String::new(),
    )
}

async fn create_offer(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let id = value(&values, "id").to_owned();
    let result = match offer_json(&values, &id) {
        Ok(json) => cap::create_offer(&state, &v.actor(), json).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other("/capacity/offers"),
        Err(e) => failed(
            &v,
            offer_frame(&v, None),
            offer_fields(&v, &values, true),
            &e,
        ),
    }
}

async fn edit_offer(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let view = match cap::get_offer(&state, &id).await {
        Ok(view) => view,
        Err(e) => return not_found(&v, &e),
    };
    if let Some(r) = guard(
        &v,
        Action::EditCapacityOffer {
            provider: view.provider_user_id,
        },
    ) {
        return r;
    }
    // The stored offer, back in the form's fields.
    let json = serde_json::to_value(&view.offer).unwrap_or_default();
    let s = |p: &str| {
        json.pointer(p)
            .map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                // `2000`, not `2000.0`.
                serde_json::Value::Number(n) => {
                    n.as_f64().map(|f| f.to_string()).unwrap_or_default()
                }
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let joined = |p: &str| {
        json.pointer(p)
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let values: Values = [
        ("provider", s("/provider")),
        ("site", s("/site")),
        ("jurisdiction", alpha3(&s("/jurisdiction"))),
        ("accelerator", s("/accelerator")),
        ("count", s("/count")),
        ("hours", s("/hours")),
        ("window_start", s("/window/start")),
        ("window_end", s("/window/end")),
        ("terms_kind", s("/terms/kind")),
        ("terms_price_per_hour", s("/terms/price_per_hour")),
        ("terms_currency", s("/terms/currency")),
        (
            "restrictions_destinations_excluded",
            joined("/restrictions/destinations_excluded"),
        ),
        (
            "restrictions_destinations_allowed",
            joined("/restrictions/destinations_allowed"),
        ),
        (
            "restrictions_end_uses_excluded",
            joined("/restrictions/end_uses_excluded"),
        ),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_owned(), x))
    .collect();
    let fields = offer_fields(&v, &values, false);
    show(
        &v,
        StatusCode::OK,
        offer_frame(&v, Some(&id)),
        fields,
        String::new(),
    )
}

async fn update_offer(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let result = match offer_json(&values, &id) {
        Ok(json) => cap::update_offer(&state, &v.actor(), &id, json).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => see_other("/capacity/offers"),
        Err(e) => failed(
            &v,
            offer_frame(&v, Some(&id)),
            offer_fields(&v, &values, false),
            &e,
        ),
    }
}

// ---- export-control rules ----

fn rules_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-f-load-rules"),
        intro: v.t("capacity-f-rules-intro"),
        back: ("/api/v1/capacity/rules".into(), v.t("capacity-rules")),
        action: "/capacity/rules/new".into(),
        submit: v.t("capacity-f-save"),
        multipart: false,
    }
}

fn rules_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("source", "capacity-f-rules-yaml", "textarea", true)
        .done()
}

async fn new_rules(v: Viewer, State(state): State<AppState>) -> Response {
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    // The rules in force as the starting point: the last version loaded, or the shipped one.
    let source = match cap::list_rules(&state).await {
        Ok(rows) => rows
            .into_iter()
            .rev()
            .find(|r| r.status == "active")
            .map(|r| r.source)
            .unwrap_or_else(|| waico_capacity::export_control::SHIPPED_RULES.to_owned()),
        Err(e) => return not_found(&v, &e),
    };
    let values: Values = [("source".to_owned(), source)].into_iter().collect();
    show(
        &v,
        StatusCode::OK,
        rules_frame(&v),
        rules_fields(&v, &values),
        String::new(),
    )
}

async fn load_rules(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let source = values.get("source").cloned().unwrap_or_default();
    match cap::load_rules(&state, &v.actor(), &source).await {
        Ok(_) => see_other("/capacity"),
        Err(e) => {
            // The domain names the rule's own fields; the form has one.
            let e = match e {
                CapError::Field(mut f) => {
                    f.message = format!("{}: {}", f.field, f.message);
                    f.field = "source".into();
                    CapError::Field(f)
                }
                other => other,
            };
            failed(&v, rules_frame(&v), rules_fields(&v, &values), &e)
        }
    }
}

// ---- calls ----

fn call_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-f-new-call"),
        intro: String::new(),
        back: ("/capacity".into(), v.t("capacity-calls")),
        action: "/capacity/calls/new".into(),
        submit: v.t("capacity-f-open"),
        multipart: false,
    }
}

fn call_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "text", true)
        .add("title", "capacity-f-title", "text", true)
        .add("threshold", "capacity-threshold", "number", true)
        .hint("capacity-f-threshold-hint")
        .done()
}

async fn new_call(v: Viewer) -> Response {
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    let values: Values = [("threshold".to_owned(), "3".to_owned())]
        .into_iter()
        .collect();
    show(
        &v,
        StatusCode::OK,
        call_frame(&v),
        call_fields(&v, &values),
        String::new(),
    )
}

async fn open_call(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let result = match num(&values, "threshold") {
        Ok(threshold) => cap::open_call(
            &state,
            &v.actor(),
            value(&values, "id"),
            value(&values, "title"),
            threshold,
        )
        .await
        .map(|row| row.slug),
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => see_other(&format!("/capacity/calls/{id}")),
        Err(e) => failed(&v, call_frame(&v), call_fields(&v, &values), &e),
    }
}

// ---- reviewers ----

fn reviewer_frame(v: &Viewer, request: &str) -> Frame {
    Frame {
        title: format!("{} · {request}", v.t("capacity-f-assign-reviewer")),
        intro: v.t("capacity-f-reviewer-intro"),
        back: (format!("/capacity/requests/{request}"), request.to_owned()),
        action: format!("/capacity/requests/{request}/reviewers"),
        submit: v.t("capacity-f-assign"),
        multipart: false,
    }
}

fn reviewer_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("reviewer", "capacity-f-reviewer", "text", true)
        .hint("capacity-f-reviewer-hint")
        .done()
}

async fn new_reviewer(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    if let Err(e) = cap::get_request(&state, &id).await {
        return not_found(&v, &e);
    }
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    show(
        &v,
        StatusCode::OK,
        reviewer_frame(&v, &id),
        reviewer_fields(&v, &Values::new()),
        String::new(),
    )
}

async fn assign_reviewer(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    match cap::assign_reviewer(&state, &v.actor(), &id, value(&values, "reviewer")).await {
        Ok(()) => see_other(&format!("/capacity/requests/{id}")),
        Err(e) => failed(
            &v,
            reviewer_frame(&v, &id),
            reviewer_fields(&v, &values),
            &e,
        ),
    }
}

// ---- rounds ----

fn round_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-f-new-round"),
        intro: v.t("capacity-f-round-intro"),
        back: ("/capacity".into(), v.t("capacity-rounds")),
        action: "/capacity/rounds/new".into(),
        submit: v.t("capacity-f-open"),
        multipart: false,
    }
}

fn round_fields(v: &Viewer, values: &Values, calls: Vec<(String, String)>) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "text", true)
        .add("title", "capacity-f-title", "text", true)
        .add("call", "capacity-f-call", "select", true)
        .options(calls)
        .add("window_start", "capacity-window-start", "date", true)
        .add("window_end", "capacity-window-end", "date", true)
        .add("merit_power", "capacity-f-merit-power", "number", true)
        .hint("capacity-f-weight-hint")
        .add("global_south_bonus", "capacity-f-gs-bonus", "number", true)
        .add("first_time_bonus", "capacity-f-first-bonus", "number", true)
        .add("country_cap_share", "capacity-f-cap-share", "number", true)
        .hint("capacity-f-cap-hint")
        .add(
            "merit_threshold",
            "capacity-f-merit-threshold",
            "number",
            true,
        )
        .done()
}

/// The calls a round may be opened over: the open ones.
async fn open_calls(state: &AppState) -> Vec<(String, String)> {
    cap::list_calls(state)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.status == "open")
        .map(|c| (c.slug.clone(), format!("{} ({})", c.title, c.slug)))
        .collect()
}

async fn new_round(v: Viewer, State(state): State<AppState>) -> Response {
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    let p = AllocationPolicy::default();
    let values: Values = [
        ("window_start", "2027-07-01".to_owned()),
        ("window_end", "2027-12-31".to_owned()),
        ("merit_power", p.merit_power.to_string()),
        ("global_south_bonus", p.global_south_bonus.to_string()),
        ("first_time_bonus", p.first_time_bonus.to_string()),
        ("country_cap_share", p.country_cap_share.to_string()),
        ("merit_threshold", p.merit_threshold.to_string()),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_owned(), x))
    .collect();
    let fields = round_fields(&v, &values, open_calls(&state).await);
    show(&v, StatusCode::OK, round_frame(&v), fields, String::new())
}

async fn open_round(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let policy = (|| {
        Ok::<_, CapError>(AllocationPolicy {
            merit_power: num(&values, "merit_power")?,
            global_south_bonus: num(&values, "global_south_bonus")?,
            first_time_bonus: num(&values, "first_time_bonus")?,
            country_cap_share: num(&values, "country_cap_share")?,
            merit_threshold: num(&values, "merit_threshold")?,
        })
    })();
    let result = match policy {
        Ok(policy) => cap::open_round(
            &state,
            &v.actor(),
            value(&values, "id"),
            value(&values, "call"),
            value(&values, "title"),
            (value(&values, "window_start"), value(&values, "window_end")),
            Some(policy),
        )
        .await
        .map(|row| row.slug),
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => see_other(&format!("/capacity/rounds/{id}")),
        Err(e) => {
            let fields = round_fields(&v, &values, open_calls(&state).await);
            failed(&v, round_frame(&v), fields, &e)
        }
    }
}

fn usage_frame(v: &Viewer, round: &str) -> Frame {
    Frame {
        title: format!("{} · {round}", v.t("capacity-f-usage")),
        intro: v.t("capacity-f-usage-intro"),
        back: (format!("/capacity/rounds/{round}"), round.to_owned()),
        action: format!("/capacity/rounds/{round}/usage"),
        submit: v.t("capacity-f-save"),
        multipart: false,
    }
}

/// A usage field's name: the allocation it reports on.
fn usage_name(request: &str, offer: &str) -> String {
    format!("used:{request}:{offer}")
}

/// One field per allocation the viewer may report on (their offers' or,
/// for the secretariat, all), filled with what was reported.
async fn usage_fields(
    v: &Viewer,
    state: &AppState,
    round: &str,
    typed: Option<&Values>,
) -> Result<Vec<Field>, CapError> {
    let view = cap::get_round(state, round).await?;
    let me = v.user.as_ref().map(|u| u.id);
    let mine: std::collections::BTreeSet<String> = cap::list_offers(state)
        .await?
        .into_iter()
        .filter(|o| o.round.as_deref() == Some(round))
        .filter(|o| {
            v.may(Action::ReportCapacityUsage {
                provider: o.provider_user_id,
            }) && (me.is_some())
        })
        .map(|o| o.offer.id().to_owned())
        .collect();
    let mut fields = Vec::new();
    for d in view.deliveries.iter().filter(|d| mine.contains(&d.offer)) {
        let name = usage_name(&d.request, &d.offer);
        let value = match typed {
            Some(values) => values.get(&name).cloned().unwrap_or_default(),
            None => d.used.map(|u| u.to_string()).unwrap_or_default(),
        };
        fields.push(Field {
            label: v.tr.a(
                "capacity-f-usage-row",
                &[
                    ("name", &d.request),
                    ("value", &d.offer),
                    ("max", &format!("{:.0}", d.allocated)),
                ],
            ),
            name,
            kind: "number",
            value,
            required: false,
            hint: String::new(),
            options: Vec::new(),
            error: String::new(),
        });
    }
    Ok(fields)
}

async fn usage(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if v.user.is_none() {
        return page_error(&v, &OpError::Unauthenticated);
    }
    match usage_fields(&v, &state, &id, None).await {
        Ok(fields) if fields.is_empty() => page_error(&v, &OpError::Forbidden),
        Ok(fields) => show(
            &v,
            StatusCode::OK,
            usage_frame(&v, &id),
            fields,
            String::new(),
        ),
        Err(e) => not_found(&v, &e),
    }
}

async fn report_usage(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let mut reports = Vec::new();
    let mut bad = None;
    let mut names: Vec<&String> = values.keys().collect();
    names.sort();
    for name in names {
        let Some(rest) = name.strip_prefix("used:") else {
            continue;
        };
        let typed = value(&values, name);
        if typed.is_empty() {
            continue;
        }
        let Some((request, offer)) = rest.split_once(':') else {
            continue;
        };
        match typed.parse::<f64>() {
            Ok(used_hours) if used_hours.is_finite() => reports.push(cap::Usage {
                request: request.to_owned(),
                offer: offer.to_owned(),
                used_hours,
            }),
            _ => bad = Some(name.clone()),
        }
    }
    let result = match bad {
        Some(name) => Err(number_error(&name)),
        None => cap::report_usage(&state, &v.actor(), &id, reports).await,
    };
    match result {
        Ok(_) => see_other(&format!("/capacity/rounds/{id}")),
        Err(e) => {
            // A row's error names `usage[i]`; the field is that row's.
            let e = match e {
                CapError::Field(mut f) => {
                    if let Some(i) = f
                        .field
                        .strip_prefix("usage[")
                        .and_then(|r| r.split(']').next())
                        .and_then(|i| i.parse::<usize>().ok())
                    {
                        let mut named: Vec<&String> = values
                            .iter()
                            .filter(|(k, x)| k.starts_with("used:") && !x.trim().is_empty())
                            .map(|(k, _)| k)
                            .collect();
                        named.sort();
                        if let Some(n) = named.get(i) {
                            f.message = format!("{}: {}", f.field, f.message);
                            f.field = (*n).clone();
                        }
                    }
                    CapError::Field(f)
                }
                other => other,
            };
            match usage_fields(&v, &state, &id, Some(&values)).await {
                Ok(fields) => failed(&v, usage_frame(&v, &id), fields, &e),
                Err(e) => not_found(&v, &e),
            }
        }
    }
}

fn upload_frame(v: &Viewer, round: &str) -> Frame {
    Frame {
        title: format!("{} · {round}", v.t("capacity-f-usage-upload")),
        intro: v.t("capacity-f-upload-intro"),
        back: (format!("/capacity/rounds/{round}"), round.to_owned()),
        action: format!("/capacity/rounds/{round}/usage/upload"),
        submit: v.t("capacity-f-upload"),
        multipart: true,
    }
}

fn upload_fields(v: &Viewer) -> Vec<Field> {
    Fields::new(v, &Values::new())
        .add("file", "capacity-f-csv-file", "file", true)
        .hint("capacity-f-csv-hint")
        .done()
}

async fn usage_upload(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    if let Err(e) = cap::get_round(&state, &id).await {
        return not_found(&v, &e);
    }
    if v.user.is_none() {
        return page_error(&v, &OpError::Unauthenticated);
    }
    show(
        &v,
        StatusCode::OK,
        upload_frame(&v, &id),
        upload_fields(&v),
        String::new(),
    )
}

async fn upload_usage(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let file = crate::multipart::parts_of(&headers, &body)
        .and_then(|parts| parts.into_iter().find(|p| p.name == "file"))
        .filter(|p| !p.data.is_empty());
    let result = match file.map(|p| String::from_utf8(p.data.to_vec())) {
        None => Err(CapError::Field(waico_app::FieldError {
            field: "file".into(),
            code: "err-required".into(),
            message: "choose a CSV file".into(),
        })),
        Some(Err(_)) => Err(CapError::Field(waico_app::FieldError {
            field: "file".into(),
            code: "capacity-err-invalid".into(),
            message: "the file is not UTF-8 text".into(),
        })),
        Some(Ok(csv)) => cap::report_usage_csv(&state, &v.actor(), &id, &csv).await,
    };
    match result {
        Ok(_) => see_other(&format!("/capacity/rounds/{id}")),
        Err(e) => {
            // Every error of the file's rows is the file field's.
            let e = match e {
                CapError::Field(mut f) if f.field != "file" => {
                    f.message = format!("{}: {}", f.field, f.message);
                    f.field = "file".into();
                    CapError::Field(f)
                }
                other => other,
            };
            failed(&v, upload_frame(&v, &id), upload_fields(&v), &e)
        }
    }
}

fn close_frame(v: &Viewer, round: &str) -> Frame {
    Frame {
        title: format!("{} · {round}", v.t("capacity-f-close-round")),
        intro: v.t("capacity-f-close-intro"),
        back: (format!("/capacity/rounds/{round}"), round.to_owned()),
        action: format!("/capacity/rounds/{round}/close"),
        submit: v.t("capacity-f-close"),
        multipart: false,
    }
}

fn close_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("next_window_start", "capacity-window-start", "date", true)
        .add("next_window_end", "capacity-window-end", "date", true)
        .done()
}

async fn closing(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Err(e) = cap::get_round(&state, &id).await {
        return not_found(&v, &e);
    }
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    let values: Values = [
        ("next_window_start".to_owned(), "2027-07-01".to_owned()),
        ("next_window_end".to_owned(), "2027-12-31".to_owned()),
    ]
    .into_iter()
    .collect();
    show(
        &v,
        StatusCode::OK,
        close_frame(&v, &id),
        close_fields(&v, &values),
        String::new(),
    )
}

async fn close_round(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let window = (
        value(&values, "next_window_start"),
        value(&values, "next_window_end"),
    );
    match cap::close_round(&state, &v.actor(), &id, window).await {
        Ok(_) => see_other(&format!("/capacity/rounds/{id}")),
        Err(e) => {
            // The domain checks the window as `window.end`; here it is the next one.
            let e = match e {
                CapError::Field(mut f) if f.field.starts_with("window.") => {
                    f.field = format!("next_{}", f.field);
                    CapError::Field(f)
                }
                other => other,
            };
            failed(&v, close_frame(&v, &id), close_fields(&v, &values), &e)
        }
    }
}

// ---- fellowship matches ----

fn match_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-f-new-match"),
        intro: String::new(),
        back: ("/capacity".into(), v.t("capacity-matches")),
        action: "/capacity/matches/new".into(),
        submit: v.t("capacity-f-open"),
        multipart: false,
    }
}

fn match_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "text", true)
        .add("title", "capacity-f-title", "text", true)
        .done()
}

async fn new_match(v: Viewer) -> Response {
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    show(
        &v,
        StatusCode::OK,
        match_frame(&v),
        match_fields(&v, &Values::new()),
        String::new(),
    )
}

async fn create_match(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    match cap::create_match(
        &state,
        &v.actor(),
        value(&values, "id"),
        value(&values, "title"),
    )
    .await
    {
        Ok(row) => see_other(&format!("/capacity/matches/{}", row.slug)),
        Err(e) => failed(&v, match_frame(&v), match_fields(&v, &values), &e),
    }
}

fn program_frame(v: &Viewer, m: &str) -> Frame {
    Frame {
        title: format!("{} · {m}", v.t("capacity-f-program")),
        intro: v.t("capacity-f-program-intro"),
        back: (format!("/capacity/matches/{m}"), m.to_owned()),
        action: format!("/capacity/matches/{m}/programs"),
        submit: v.t("capacity-f-save"),
        multipart: false,
    }
}

fn program_fields(v: &Viewer, values: &Values) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "text", true)
        .add("title", "capacity-f-title", "text", true)
        .add("host_institution", "capacity-host", "text", true)
        .add("capacity", "capacity-places", "number", true)
        .add(
            "eligibility_countries_excluded",
            "capacity-f-countries-excluded",
            "text",
            false,
        )
        .hint("capacity-f-countries-hint")
        .add(
            "eligibility_countries_allowed",
            "capacity-f-countries-allowed",
            "text",
            false,
        )
        .hint("capacity-f-allowed-hint")
        .add("ranking", "capacity-f-program-ranking", "textarea", false)
        .hint("capacity-f-ranking-hint")
        .done()
}

async fn new_program(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Err(e) = cap::get_match(&state, &id).await {
        return not_found(&v, &e);
    }
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    let values: Values = [("capacity".to_owned(), "1".to_owned())]
        .into_iter()
        .collect();
    show(
        &v,
        StatusCode::OK,
        program_frame(&v, &id),
        program_fields(&v, &values),
        String::new(),
    )
}

async fn put_program(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Response {
    let program = whole(&values, "capacity").map(|capacity| {
        let allowed = countries(value(&values, "eligibility_countries_allowed"));
        serde_json::json!({
            "id": value(&values, "id"),
            "host_institution": value(&values, "host_institution"),
            "capacity": capacity,
            "eligibility": {
                "countries_excluded": countries(value(&values, "eligibility_countries_excluded")),
                "countries_allowed": (!allowed.is_empty()).then_some(allowed),
            },
            "ranking": list(value(&values, "ranking")),
        })
    });
    let result = match program {
        Ok(json) => cap::put_program(&state, &v.actor(), &id, value(&values, "title"), json)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => see_other(&format!("/capacity/matches/{id}")),
        Err(e) => failed(&v, program_frame(&v, &id), program_fields(&v, &values), &e),
    }
}

fn run_match_frame(v: &Viewer, m: &str) -> Frame {
    Frame {
        title: format!("{} · {m}", v.t("capacity-f-run-match")),
        intro: v.t("capacity-f-run-match-intro"),
        back: (format!("/capacity/matches/{m}"), m.to_owned()),
        action: format!("/capacity/matches/{m}/run"),
        submit: v.t("capacity-f-run-match"),
        multipart: false,
    }
}

async fn run_match(v: Viewer, State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if let Err(e) = cap::get_match(&state, &id).await {
        return not_found(&v, &e);
    }
    if let Some(r) = guard(&v, Action::ManageCapacity) {
        return r;
    }
    show(
        &v,
        StatusCode::OK,
        run_match_frame(&v, &id),
        Vec::new(),
        String::new(),
    )
}

async fn do_run_match(
    v: Viewer,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Response {
    match cap::run_match_op(&state, &v.actor(), &id).await {
        Ok(_) => see_other(&format!("/capacity/matches/{id}")),
        Err(e) => failed(&v, run_match_frame(&v, &id), Vec::new(), &e),
    }
}

// ---- export licences ----

fn licence_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-licences"),
        intro: v.t("capacity-licences-intro"),
        back: ("/capacity/offers".into(), v.t("capacity-offers")),
        action: "/capacity/licences".into(),
        submit: v.t("capacity-licence-record"),
        multipart: false,
    }
}

/// The `licence_required` rules in force, as choices.
async fn licence_rules(state: &AppState) -> Vec<(String, String)> {
    let Ok(rules) = cap::rules(state).await else {
        return Vec::new();
    };
    let mut out = vec![(String::new(), String::new())];
    for j in &rules.jurisdictions {
        for r in &j.rules {
            if r.effect == waico_capacity::export_control::Effect::LicenceRequired {
                out.push((r.id.clone(), format!("{} · {}", r.id, j.name)));
            }
        }
    }
    out
}

fn licence_fields(v: &Viewer, values: &Values, rules: Vec<(String, String)>) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "text", true)
        .add("rule", "capacity-licence-rule", "select", true)
        .options(rules)
        .add("jurisdiction", "capacity-f-jurisdiction", "country", true)
        .add(
            "destination",
            "capacity-licence-destination",
            "country",
            true,
        )
        .add("classes", "capacity-licence-classes", "text", true)
        .hint("capacity-licence-classes-hint")
        .add("valid_start", "capacity-licence-valid-from", "date", true)
        .add("valid_end", "capacity-licence-valid-to", "date", true)
        .add("reference", "capacity-licence-reference", "text", true)
        .done()
}

async fn licence_table(v: &Viewer, state: &AppState) -> Table {
    let rows = waico_app::capacity::licences::list_licences(state)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|view| {
            let status = match (view.revoked_at, &view.revoke_reason) {
                (Some(at), reason) => v.tr.a(
                    "capacity-licence-revoked-on",
                    &[
                        ("date", &day_of_ms(at)),
                        ("reason", reason.as_deref().unwrap_or_default()),
                    ],
                ),
                (None, _) => v.t("capacity-licence-in-force"),
            };
            let l = view.licence;
            vec![
                l.id.clone(),
                l.rule.clone(),
                v.country_name(l.jurisdiction.as_str()),
                v.country_name(l.destination.as_str()),
                l.classes.join(", "),
                v.window(&l.valid),
                l.reference.clone(),
                status,
            ]
        })
        .collect();
    Table {
        head: [
            "capacity-field-id",
            "capacity-licence-rule",
            "capacity-f-jurisdiction",
            "capacity-licence-destination",
            "capacity-licence-classes",
            "capacity-licence-valid",
            "capacity-licence-reference",
            "capacity-licence-status",
        ]
        .iter()
        .map(|k| v.t(k))
        .collect(),
        rows,
        read_only: !v.may_manage_capacity(),
        link: Some((
            "/capacity/licences/revoke".into(),
            v.t("capacity-licence-revoke"),
        )),
    }
}

async fn licences(v: Viewer, State(state): State<AppState>) -> Response {
    let values: Values = [
        ("classes", "*"),
        ("valid_start", "2027-01-01"),
        ("valid_end", "2027-12-31"),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_owned(), x.to_owned()))
    .collect();
    let fields = licence_fields(&v, &values, licence_rules(&state).await);
    let table = licence_table(&v, &state).await;
    show_page(
        &v,
        StatusCode::OK,
        licence_frame(&v),
        fields,
        String::new(),
        table,
    )
}

async fn grant_licence(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let json = serde_json::json!({
        "id": value(&values, "id"),
        "rule": value(&values, "rule"),
        "jurisdiction": alpha2(value(&values, "jurisdiction")),
        "destination": alpha2(value(&values, "destination")),
        "classes": list(value(&values, "classes")),
        "valid": { "start": value(&values, "valid_start"), "end": value(&values, "valid_end") },
        "reference": value(&values, "reference"),
    });
    match waico_app::capacity::licences::grant_licence(&state, &v.actor(), json).await {
        Ok(_) => see_other("/capacity/licences"),
        Err(e) => {
            // Serde names the whole licence; a window error is the validity's.
            let e = match e {
                CapError::Field(mut f) if f.field == "window.end" => {
                    f.field = "valid_end".into();
                    CapError::Field(f)
                }
                other => other,
            };
            let fields = licence_fields(&v, &values, licence_rules(&state).await);
            match placed(&v, fields, &e) {
                Ok((fields, general)) => {
                    let table = licence_table(&v, &state).await;
                    show_page(
                        &v,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        licence_frame(&v),
                        fields,
                        general,
                        table,
                    )
                }
                Err(page) => *page,
            }
        }
    }
}

/// The UTC day of a time in Unix milliseconds, as `2027-03-01`.
fn day_of_ms(ms: i64) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

fn revoke_frame(v: &Viewer) -> Frame {
    Frame {
        title: v.t("capacity-licence-revoke"),
        intro: v.t("capacity-licence-revoke-intro"),
        back: ("/capacity/licences".into(), v.t("capacity-licences")),
        action: "/capacity/licences/revoke".into(),
        submit: v.t("capacity-licence-revoke"),
        multipart: false,
    }
}

/// The licences in force, as choices.
async fn licences_in_force(state: &AppState) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), String::new())];
    for l in waico_app::capacity::licences::list_licences(state)
        .await
        .unwrap_or_default()
    {
        if l.revoked_at.is_none() {
            let label = format!("{} · {}", l.licence.id, l.licence.reference);
            out.push((l.licence.id, label));
        }
    }
    out
}

fn revoke_fields(v: &Viewer, values: &Values, choices: Vec<(String, String)>) -> Vec<Field> {
    Fields::new(v, values)
        .add("id", "capacity-field-id", "select", true)
        .options(choices)
        .add("reason", "capacity-licence-revoke-reason", "textarea", true)
        .done()
}

async fn revoking(v: Viewer, State(state): State<AppState>) -> Response {
    if let Some(refused) = guard(&v, Action::ManageCapacity) {
        return refused;
    }
    let fields = revoke_fields(&v, &Values::new(), licences_in_force(&state).await);
    show(&v, StatusCode::OK, revoke_frame(&v), fields, String::new())
}

async fn revoke_licence(
    v: Viewer,
    State(state): State<AppState>,
    Form(values): Form<Values>,
) -> Response {
    let id = value(&values, "id");
    let reason = value(&values, "reason");
    let revoked = if id.trim().is_empty() {
        Err(CapError::Field(waico_app::FieldError {
            field: "id".into(),
            code: "err-required".into(),
            message: "choose a licence".into(),
        }))
    } else {
        waico_app::capacity::licences::revoke_licence(&state, &v.actor(), id, reason).await
    };
    match revoked {
        Ok(_) => see_other("/capacity/licences"),
        Err(e) => {
            let fields = revoke_fields(&v, &values, licences_in_force(&state).await);
            failed(&v, revoke_frame(&v), fields, &e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_fields_map_to_form_fields() {
        assert_eq!(form_name("offer[gpu-1].window.start"), "window_start");
        assert_eq!(form_name("offer[gpu-1].hours"), "hours");
        assert_eq!(form_name("terms.currency"), "terms_currency");
        assert_eq!(form_name("next_window.start"), "next_window_start");
        assert_eq!(form_name("id"), "id");
        assert_eq!(form_name("policy.country_cap_share"), "country_cap_share");
    }

    #[test]
    fn lists_of_countries_become_alpha2() {
        assert_eq!(countries("KEN, br;  ,NGA"), vec!["KE", "BR", "NG"]);
        assert_eq!(alpha3("KE"), "KEN");
        assert!(list(" , ;").is_empty());
    }
}
