//! The server-rendered web UI. Every page is an askama template compiled
//! into the binary, rendered in the viewer's language; forms work without
//! JavaScript and carry a CSRF token.

mod account;
mod accounts;
mod admin;
mod capacity;
mod capacity_forms;
mod commons;
mod commons_delete;
mod commons_history;
mod deliberation;
mod directory;
mod docs;
mod framework;
mod institutions;
mod ledger;
mod safety;
mod second_factor;
mod session;
mod work;

use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use waico_i18n::Lang;
use waico_members::{IncomeGroup, InstitutionKind, Invalid};

use crate::AppState;
use crate::auth::Viewer;
use waico_app::OpError;

/// Every page. The router (`web::app`) lays the CSRF guard
/// (`guard::csrf`) over all of them, so no handler checks a form token;
/// `PAGE_FORMS` in `crates/waico/tests/it/flows.rs` lists every form route
/// so that its test proves each one refused without the token and wrote with it.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/style.css", get(stylesheet))
        .merge(directory::router())
        .merge(institutions::router())
        .merge(session::router())
        .merge(second_factor::router())
        .merge(account::router())
        .merge(accounts::router())
        .merge(admin::router())
        .merge(docs::router())
        .merge(framework::router())
        .merge(work::router())
        .merge(ledger::router())
        .merge(commons::router())
        .merge(commons_history::router())
        .merge(commons_delete::router())
        .merge(deliberation::router())
        .merge(capacity::router())
        .merge(capacity_forms::router())
        .merge(safety::router())
}

const STYLE: &str = include_str!("../../assets/style.css");

async fn stylesheet() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLE,
    )
        .into_response()
}

/// Renders `page` with the viewer's pending cookies.
pub fn render<T: Template>(viewer: &Viewer, status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => {
            let mut response = (status, Html(html)).into_response();
            for cookie in &viewer.set_cookies {
                response
                    .headers_mut()
                    .append(header::SET_COOKIE, cookie.clone());
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub fn ok<T: Template>(viewer: &Viewer, page: &T) -> Response {
    render(viewer, StatusCode::OK, page)
}

/// Redirect after a successful form (303 See Other).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    v: &'a Viewer,
    status: u16,
    title: String,
    message: String,
}

/// The friendly error page for `status`, in the viewer's language.
pub fn render_error(viewer: &Viewer, status: StatusCode) -> Response {
    let (title, message) = match status.as_u16() {
        404 => ("error-404-title", "error-404-text"),
        403 => ("error-403-title", "error-403-text"),
        413 => ("error-413-title", "error-413-text"),
        400 | 405 | 415 | 422 => ("error-400-title", "error-400-text"),
        s if s >= 500 => ("error-500-title", "error-500-text"),
        _ => ("error-400-title", "error-400-text"),
    };
    let page = ErrorPage {
        v: viewer,
        status: status.as_u16(),
        title: viewer.tr.t(title),
        message: viewer.tr.t(message),
    };
    render(viewer, status, &page)
}

/// The page a form gets when its CSRF token is missing or not the viewer's
/// (see `guard::csrf`): 403, saying the form expired.
pub fn render_csrf_refused(viewer: &Viewer) -> Response {
    let page = ErrorPage {
        v: viewer,
        status: 403,
        title: viewer.tr.t("error-403-title"),
        message: viewer.tr.t("err-csrf"),
    };
    render(viewer, StatusCode::FORBIDDEN, &page)
}

/// Turns an operation error into the response a page gives: the error page
/// for rights and missing things, `None` for validation (the caller re-shows
/// its form).
pub fn page_error(viewer: &Viewer, err: &OpError) -> Response {
    match err {
        OpError::Unauthenticated => see_other(&format!(
            "/signin?next={}",
            percent_encoding::utf8_percent_encode(&viewer.path, percent_encoding::NON_ALPHANUMERIC)
        )),
        OpError::Forbidden => render_error(viewer, StatusCode::FORBIDDEN),
        OpError::NotFound => render_error(viewer, StatusCode::NOT_FOUND),
        OpError::Internal(_) => render_error(viewer, StatusCode::INTERNAL_SERVER_ERROR),
        OpError::Invalid(_)
        | OpError::Conflict { .. }
        | OpError::Refused(_)
        | OpError::Declined(_) => render_error(viewer, StatusCode::BAD_REQUEST),
    }
}

/// Field messages of a form that failed, in the viewer's language.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    fields: Vec<(String, String)>,
    /// A message about the whole form.
    pub general: String,
}

impl FormErrors {
    pub fn from_op(viewer: &Viewer, err: &OpError) -> Option<FormErrors> {
        let tr = viewer.tr;
        match err {
            OpError::Invalid(list) => Some(FormErrors {
                fields: list
                    .iter()
                    .map(|Invalid { field, key }| (field.to_string(), tr.t(key)))
                    .collect(),
                general: tr.t("form-has-errors"),
            }),
            OpError::Conflict { field } => Some(FormErrors {
                fields: vec![(field.to_string(), tr.t("err-taken"))],
                general: tr.t("form-has-errors"),
            }),
            OpError::Refused(reason) => Some(FormErrors {
                fields: vec![],
                general: reason.clone(),
            }),
            OpError::Declined(key) => Some(FormErrors {
                fields: vec![],
                general: tr.t(key),
            }),
            _ => None,
        }
    }

    pub fn general(message: String) -> FormErrors {
        FormErrors {
            fields: vec![],
            general: message,
        }
    }

    pub fn get(&self, field: &str) -> String {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }

    pub fn any(&self) -> bool {
        !self.fields.is_empty() || !self.general.is_empty()
    }
}

/// A small `Copy` value however many references templates wrap it in.
pub trait Plain<T> {
    fn plain(&self) -> T;
}

impl<T: Copy> Plain<T> for T {
    fn plain(&self) -> T {
        *self
    }
}

impl<T: Copy> Plain<T> for &T {
    fn plain(&self) -> T {
        **self
    }
}

impl<T: Copy> Plain<T> for &&T {
    fn plain(&self) -> T {
        ***self
    }
}

/// Translations of enumerations and small view helpers for templates.
impl Viewer {
    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    pub fn same(&self, a: impl Plain<u16>, b: impl Plain<u16>) -> bool {
        a.plain() == b.plain()
    }

    pub fn is_lang(&self, lang: &Lang) -> bool {
        self.tr.lang == *lang
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// Whether a supplied URL may be rendered as a link (an allowed scheme,
    /// [`waico_members::WebLink`]); templates show any other as text, so a
    /// value stored before the rule existed cannot run when clicked.
    pub fn linkable(&self, url: impl AsRef<str>) -> bool {
        waico_members::WebLink::is_allowed(url.as_ref())
    }

    pub fn n(&self, key: &str, count: impl Plain<i64>) -> String {
        self.tr.n(key, count.plain() as f64)
    }

    pub fn region(&self, code: impl Plain<u16>) -> String {
        self.tr.t(&format!("region-{}", code.plain()))
    }

    pub fn income(&self, group: impl Plain<IncomeGroup>) -> String {
        self.tr.t(&format!(
            "income-{}",
            group.plain().slug().replace('_', "-")
        ))
    }

    pub fn status(&self, slug: &str) -> String {
        self.tr.t(&format!("status-{slug}"))
    }

    pub fn kind(&self, kind: impl Plain<InstitutionKind>) -> String {
        self.tr
            .t(&format!("kind-{}", kind.plain().slug().replace('_', "-")))
    }

    pub fn role(&self, slug: &str) -> String {
        self.tr.t(&format!("role-{}", slug.replace('_', "-")))
    }

    pub fn is_admin(&self) -> bool {
        self.may(waico_members::Action::ManageUsers)
    }

    pub fn country_name(&self, code: &str) -> String {
        waico_members::Countries::get()
            .find(code)
            .map(|c| c.name(self.tr.lang).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }

    /// Countries sorted by their name in the viewer's language, for selects
    /// (sorted once per language, then reused by every form).
    pub fn countries(&self) -> &'static [(String, String)] {
        static SORTED: std::sync::OnceLock<Vec<Vec<(String, String)>>> = std::sync::OnceLock::new();
        let all = SORTED.get_or_init(|| {
            Lang::ALL
                .iter()
                .map(|&lang| {
                    let mut list: Vec<(String, String)> = waico_members::Countries::get()
                        .all()
                        .iter()
                        .map(|c| (c.alpha3.to_string(), c.name(lang).to_owned()))
                        .collect();
                    list.sort_by(|a, b| waico_i18n::collate(lang, &a.1, &b.1));
                    list
                })
                .collect()
        });
        &all[Lang::ALL
            .iter()
            .position(|l| *l == self.tr.lang)
            .expect("listed")]
    }

    /// A moment (Unix milliseconds) as the viewer's language writes its
    /// date (CLDR through ICU4X), e.g. `3 déc. 2026`.
    pub fn date(&self, ms: impl Plain<i64>) -> String {
        time::OffsetDateTime::from_unix_timestamp(ms.plain().div_euclid(1000))
            .ok()
            .and_then(|t| waico_i18n::format_date(self.tr.lang, t.year(), t.month() as u8, t.day()))
            .unwrap_or_default()
    }

    /// A calendar date written `YYYY-MM-DD` as the viewer's language writes
    /// it; text that is not such a date is shown as it is.
    pub fn day(&self, iso: &str) -> String {
        let mut parts = iso.splitn(3, '-').map(str::parse::<i64>);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) if iso.len() == 10 => i32::try_from(y)
                .ok()
                .zip(u8::try_from(m).ok().zip(u8::try_from(d).ok()))
                .and_then(|(y, (m, d))| waico_i18n::format_date(self.tr.lang, y, m, d))
                .unwrap_or_else(|| iso.to_owned()),
            _ => iso.to_owned(),
        }
    }

    /// A count as the viewer's language groups its digits (`12,345`, `12 345`).
    pub fn number(&self, n: impl Plain<i64>) -> String {
        waico_i18n::format_integer(self.tr.lang, n.plain())
    }
}
