//! The ledger pages: the latest checkpoint with its witnesses and the
//! node's key, the entries newest first with a filter by type, and each
//! entry with its record, leaf hash and inclusion proof. Both carry the
//! in-browser check (`/assets/ledger-verify.js`, WebCrypto, no CDN), which
//! trusts only the key the reader pinned and the checkpoints it saw before.

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
        .route("/ledger/feed.atom", get(feed))
        .route("/assets/ledger-verify.js", get(script))
}

const PER_PAGE: i64 = 50;

/// Record kinds, as stored in the `kind` column.
pub const KINDS: [&str; 7] = [
    "member_admitted",
    "member_status_changed",
    "framework_version_adopted",
    "rulepack_version_adopted",
    "commons_release_published",
    "commons_file_purged",
    "generic",
];

/// An entry as a row of the list.
pub struct Row {
    pub index: u64,
    pub kind: String,
    /// The decision in words of the viewer's language: the kind, or for a
    /// generic decision its own name.
    pub title: String,
    /// RFC 3339, for the `datetime` attribute.
    pub time: String,
    /// The same to the second, as people read it (`2026-11-29 04:47:38 UTC`).
    pub time_shown: String,
    pub actor: String,
    /// `<kind>:<id>`, as the `subject` filter takes it.
    pub subject: String,
    /// The subject as people read it (a member state's name in the
    /// viewer's language, a repository's path, ...).
    pub subject_shown: String,
    /// The page of the thing the entry concerns, if it has one.
    pub subject_href: String,
    pub leaf_hash: String,
}

/// The subject's name in `lang` and the page it links to.
fn subject_of(kind: &str, id: &str, lang: waico_members::Lang) -> (String, String) {
    let path = |prefix: &str| {
        let ok = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
            && !id.contains("..");
        if ok {
            format!("{prefix}{id}")
        } else {
            String::new()
        }
    };
    match kind {
        "member" => match waico_members::Countries::get().find(id) {
            Some(c) => (c.name(lang).to_owned(), path("/members/")),
            None => (id.to_owned(), String::new()),
        },
        "commons_repo" => (id.to_owned(), path("/commons/")),
        "proposal" => (id.to_owned(), path("/deliberation/proposals/")),
        "safety_report" => (id.to_owned(), path("/safety/reports/")),
        "system" => (id.to_owned(), path("/systems/")),
        _ => (format!("{kind}:{id}"), String::new()),
    }
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

fn row_of(e: &StoredEntry, v: &Viewer) -> Row {
    let record: serde_json::Value = serde_json::from_slice(&e.body).unwrap_or_default();
    let subject = &record["subject"];
    let (kind, id) = (
        subject["kind"].as_str().unwrap_or_default(),
        subject["id"].as_str().unwrap_or_default(),
    );
    let (subject_shown, subject_href) = subject_of(kind, id, v.lang());
    let title = match record["kind"]["generic"]["name"].as_str() {
        Some(name) => v.tr.t_or(
            &format!("ledger-generic-{}", name.replace('_', "-")),
            &name.replace('_', " "),
        ),
        None => v.ledger_kind(&e.kind),
    };
    Row {
        index: e.index,
        kind: e.kind.clone(),
        title,
        time: time_of(e.time_ms),
        time_shown: time_shown(e.time_ms),
        actor: record["actor"].as_str().unwrap_or_default().to_owned(),
        subject: waico_store::subject_key(&e.body),
        subject_shown,
        subject_href,
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
    kinds: [&'static str; 7],
    kind: String,
    /// The `subject` filter (`<kind>:<id>`), empty for all.
    subject: String,
    older: String,
    /// Empty: the in-browser check covers the checkpoint only.
    entry_index: String,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    before: String,
    #[serde(default)]
    subject: String,
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
    let subject: String = if q.subject.len() <= 512 && q.subject.contains(':') {
        q.subject.clone()
    } else {
        String::new()
    };
    let entries = match state
        .store
        .ledger_entries(
            before,
            PER_PAGE,
            Some(kind.as_str()).filter(|k| !k.is_empty()),
            Some(subject.as_str()).filter(|s| !s.is_empty()),
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
                ("subject", subject.as_str()),
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
        rows: entries.iter().map(|e| row_of(e, &v)).collect(),
        kinds: KINDS,
        kind,
        subject,
        older,
        entry_index: String::new(),
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
    /// The entry the in-browser check proves included.
    entry_index: String,
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
        row: row_of(&entry, &v),
        canonical: String::from_utf8_lossy(&entry.body).into_owned(),
        pretty,
        size,
        root,
        proof,
        entry_index: index.to_string(),
    };
    ok(&v, &page)
}

/// The newest entries as an Atom 1.0 feed (RFC 4287), in words and names
/// of the viewer's language (`?lang=`), optionally about one `subject`.
async fn feed(v: Viewer, State(state): State<AppState>, Query(q): Query<ListQuery>) -> Response {
    use crate::api::safety::xml_escape as x;
    let subject = Some(q.subject.as_str()).filter(|s| s.len() <= 512 && s.contains(':'));
    let entries = match state
        .store
        .ledger_entries(u64::MAX, PER_PAGE, None, subject, true)
        .await
    {
        Ok(e) => e,
        Err(e) => return page_error(&v, &OpError::from(e)),
    };
    let origin = state.ledger.origin();
    let updated = entries
        .first()
        .map(|e| time_of(e.time_ms))
        .unwrap_or_else(|| time_of(0));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <id>urn:waico:{}:ledger{}</id>\n  <title>{}</title>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <link rel=\"alternate\" href=\"/ledger\"/>\n",
        v.lang().code(),
        x(origin),
        subject.map(|s| format!(":{}", x(s))).unwrap_or_default(),
        x(&v.t("ledger-title")),
        x(origin),
    ));
    for e in &entries {
        let row = row_of(e, &v);
        out.push_str(&format!(
            "  <entry>\n    <id>urn:waico:{}:ledger:{}</id>\n    <title>{}: {}</title>\n    <updated>{}</updated>\n    <author><name>{}</name></author>\n    <link href=\"/ledger/entries/{}\"/>\n    <category term=\"{}\"/>\n  </entry>\n",
            x(origin),
            row.index,
            x(&row.title),
            x(&row.subject_shown),
            row.time,
            x(&row.actor),
            row.index,
            x(&row.kind),
        ));
    }
    out.push_str("</feed>\n");
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        out,
    )
        .into_response()
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
