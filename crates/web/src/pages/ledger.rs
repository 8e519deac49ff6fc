//! The ledger pages: the latest checkpoint with its witnesses and the
//! node's key, the entries newest first with a filter by type, and each
//! entry with its record, leaf hash, inclusion proof and an in-browser
//! check (`/assets/ledger-verify.js`, WebCrypto, no CDN).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use waico_ledger::hash::to_hex;
use waico_store::StoredEntry;

use super::{ok, page_error, render_error};
use crate::AppState;
use crate::api::ledger::{CheckpointView, checkpoint_view, inclusion};
use crate::auth::Viewer;
use waico_app::OpError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ledger", get(list))
        .route("/ledger/entries/{index}", get(show))
        .route("/assets/ledger-verify.js", get(script))
}

const PER_PAGE: i64 = 50;

/// Record kinds, as stored in the `kind` column.
pub const KINDS: [&str; 6] = [
    "member_admitted",
    "member_status_changed",
    "framework_version_adopted",
    "rulepack_version_adopted",
    "commons_release_published",
    "generic",
];

/// An entry as a row of the list.
pub struct Row {
    pub index: u64,
    pub kind: String,
    /// RFC 3339, for the `datetime` attribute.
    pub time: String,
    /// The same to the second, as people read it (`2026-11-29 04:47:38 UTC`).
    pub time_shown: String,
    pub actor: String,
    pub subject: String,
    pub leaf_hash: String,
}

fn time_of(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

fn time_shown(ms: i64) -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

fn row_of(e: &StoredEntry) -> Row {
    let record: serde_json::Value = serde_json::from_slice(&e.body).unwrap_or_default();
    let subject = &record["subject"];
    Row {
        index: e.index,
        kind: e.kind.clone(),
        time: time_of(e.time_ms),
        time_shown: time_shown(e.time_ms),
        actor: record["actor"].as_str().unwrap_or_default().to_owned(),
        subject: format!(
            "{}:{}",
            subject["kind"].as_str().unwrap_or_default(),
            subject["id"].as_str().unwrap_or_default()
        ),
        leaf_hash: to_hex(&e.leaf_hash),
    }
}

impl Viewer {
    pub fn ledger_kind(&self, kind: &str) -> String {
        self.t(&format!("ledger-kind-{}", kind.replace('_', "-")))
    }
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct ListPage<'a> {
    v: &'a Viewer,
    cp: CheckpointView,
    key: String,
    /// This node's address as the reader reached it.
    url: String,
    rows: Vec<Row>,
    kinds: [&'static str; 6],
    kind: String,
    older: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    before: String,
}

async fn list(
    v: Viewer,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let cp = match checkpoint_view(&state).await {
        Ok(cp) => cp,
        Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
    };
    let kind = KINDS
        .iter()
        .find(|k| **k == q.kind)
        .map(|k| (*k).to_owned())
        .unwrap_or_default();
    let before = q.before.parse::<u64>().unwrap_or(u64::MAX);
    let entries = match state
        .store
        .ledger_entries(
            before,
            PER_PAGE,
            Some(kind.as_str()).filter(|k| !k.is_empty()),
            true,
        )
        .await
    {
        Ok(e) => e,
        Err(e) => return page_error(&v, &OpError::from(e)),
    };
    let older = match entries.last() {
        Some(last) if entries.len() as i64 == PER_PAGE && last.index > 0 => format!(
            "/ledger?{}",
            serde_urlencoded::to_string([
                ("kind", kind.as_str()),
                ("before", &(last.index - 1).to_string())
            ])
            .unwrap_or_default()
        ),
        _ => String::new(),
    };
    let page = ListPage {
        v: &v,
        cp,
        key: state.ledger.verifier().to_key_string(),
        url: crate::origin::origin_of(&headers).unwrap_or_else(|| "URL".into()),
        rows: entries.iter().map(row_of).collect(),
        kinds: KINDS,
        kind,
        older,
    };
    ok(&v, &page)
}

#[derive(Template)]
#[template(path = "ledger_entry.html")]
struct EntryPage<'a> {
    v: &'a Viewer,
    row: Row,
    canonical: String,
    pretty: String,
    /// Checkpoint size and root (hex) the proof leads to; size 0 = none.
    size: u64,
    root: String,
    proof: Vec<String>,
    proof_csv: String,
}

async fn show(v: Viewer, State(state): State<AppState>, Path(index): Path<String>) -> Response {
    let Ok(index) = index.parse::<u64>() else {
        return render_error(&v, StatusCode::NOT_FOUND);
    };
    let entry = match state.store.ledger_entry(index).await {
        Ok(Some(e)) => e,
        Ok(None) => return render_error(&v, StatusCode::NOT_FOUND),
        Err(e) => return page_error(&v, &OpError::from(e)),
    };
    let cp = match checkpoint_view(&state).await {
        Ok(cp) => cp,
        Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
    };
    let (size, root, proof) = if index < cp.size {
        match inclusion(&state, index, Some(cp.size)).await {
            Ok(p) => (cp.size, cp.root.clone(), p.proof),
            Err(_) => return render_error(&v, StatusCode::SERVICE_UNAVAILABLE),
        }
    } else {
        (0, String::new(), Vec::new())
    };
    let pretty = serde_json::from_slice::<serde_json::Value>(&entry.body)
        .ok()
        .and_then(|j| serde_json::to_string_pretty(&j).ok())
        .unwrap_or_default();
    let page = EntryPage {
        v: &v,
        row: row_of(&entry),
        canonical: String::from_utf8_lossy(&entry.body).into_owned(),
        pretty,
        size,
        root,
        proof_csv: proof.join(","),
        proof,
    };
    ok(&v, &page)
}

const SCRIPT: &str = include_str!("../../assets/ledger-verify.js");

async fn script() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        SCRIPT,
    )
        .into_response()
}
