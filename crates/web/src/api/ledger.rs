//! `/api/v1/ledger/*`: checkpoints, entries, inclusion and consistency
//! proofs, witness cosignatures and generic records; and the C2SP
//! tlog-tiles face (`/checkpoint`, `/tile/...`) with the node's key at
//! `/.well-known/waico-ledger`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use waico_ledger::hash::{from_hex, to_hex};
use waico_ledger::tiles::{self, TilePath};
use waico_ledger::{NodeId, Record};
use waico_store::{StoredCheckpoint, StoredEntry};

use super::ApiQuery;
use crate::AppState;
use crate::auth::TokenHolder;
use crate::problem::{ApiJson, FieldError, Problem};

/// Most entries per page.
pub const MAX_ENTRIES: i64 = 1000;

fn field_problem(field: &str, message: impl Into<String>) -> Problem {
    Problem::invalid(vec![FieldError {
        field: field.into(),
        code: "err-range".into(),
        message: message.into(),
    }])
}

/// A well-formed request for something the log does not hold (yet): a
/// tree larger than the log, an entry beyond a tree, a proof from a larger
/// tree to a smaller one: 404, naming the parameter.
fn absent(field: &str, message: impl Into<String>) -> Problem {
    let mut p = Problem::new(StatusCode::NOT_FOUND, message.into());
    p.errors.push(FieldError {
        field: field.into(),
        code: "err-range".into(),
        message: p.detail.clone().unwrap_or_default(),
    });
    p
}

fn unavailable(e: impl std::fmt::Display) -> Problem {
    tracing::error!(error = %e, "ledger read failed");
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, None)
}

/// A signed checkpoint with its witnesses.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointView {
    pub origin: String,
    pub size: u64,
    /// Root hash, lower-case hex.
    pub root: String,
    /// The C2SP signed note, with the witnesses' cosignature lines.
    pub note: String,
    /// When the log signed it (ms since the epoch).
    pub created_at: i64,
    pub witnesses: Vec<WitnessView>,
    /// Cosigned by the quorum of configured witnesses. With witnesses
    /// configured, only such a checkpoint is served, except while none is
    /// yet (then the newest, with `witnessed: false`).
    pub witnessed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WitnessView {
    pub name: String,
    /// When the witness cosigned (POSIX seconds).
    pub timestamp: u64,
}

/// One log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub index: u64,
    /// RFC 6962 leaf hash, lower-case hex.
    pub leaf_hash: String,
    pub kind: String,
    pub time_ms: i64,
    /// The canonical (RFC 8785) bytes of the record, as text.
    pub canonical: String,
    /// The record, parsed (null when the stored bytes are not a record).
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

impl From<StoredEntry> for EntryView {
    fn from(e: StoredEntry) -> Self {
        EntryView {
            index: e.index,
            leaf_hash: to_hex(&e.leaf_hash),
            kind: e.kind,
            time_ms: e.time_ms,
            record: serde_json::from_slice(&e.body).unwrap_or(serde_json::Value::Null),
            canonical: String::from_utf8_lossy(&e.body).into_owned(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntriesPage {
    /// Size of the sequenced tree (may be ahead of the latest checkpoint).
    pub tree_size: u64,
    pub entries: Vec<EntryView>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// First index (default 0; at most 2^63 - 1).
    #[param(maximum = 9_223_372_036_854_775_807_i64)]
    pub start: Option<u64>,
    /// Entries per page, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
    /// Only entries of this kind (`member_admitted`, `generic`, ...).
    pub kind: Option<String>,
    /// Only entries about this subject, `<kind>:<id>` as in the record's
    /// `subject` (e.g. `member:KEN`, `repo:models/who/tiny-bert`), at most
    /// 512 characters (empty: any).
    #[param(max_length = 512, pattern = "^([\\s\\S]*:[\\s\\S]*)?$")]
    pub subject: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InclusionProofView {
    pub index: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    /// Root at `tree_size`, hex.
    pub root: String,
    /// Sibling hashes from the leaf up, hex.
    pub proof: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    pub index: u64,
    /// Tree size (default: the latest checkpoint's).
    pub tree_size: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyProofView {
    pub first: u64,
    pub second: u64,
    pub first_root: String,
    pub second_root: String,
    pub proof: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    pub first: u64,
    /// Larger tree size (default: the latest checkpoint's).
    pub second: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppendedView {
    pub index: u64,
    pub leaf_hash: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CosignaturesAccepted {
    pub size: u64,
    pub accepted: usize,
}

/// The node's ledger identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerKeyView {
    pub origin: String,
    /// Verifier key in signed-note form (`name+id+base64`).
    pub key: String,
    /// Witness keys (cosignature/v1) whose cosignatures the log accepts.
    pub witnesses: Vec<String>,
    pub checkpoint_url: String,
    pub tiles_url: String,
}

/// The published checkpoint (see [`waico_app::ledger::Ledger::published_checkpoint`]).
pub async fn latest_checkpoint(state: &AppState) -> Result<StoredCheckpoint, Problem> {
    Ok(published(state).await?.0)
}

async fn published(state: &AppState) -> Result<(StoredCheckpoint, bool), Problem> {
    state
        .ledger
        .published_checkpoint()
        .await
        .map_err(unavailable)
}

pub async fn checkpoint_view(state: &AppState) -> Result<CheckpointView, Problem> {
    let (cp, witnessed) = published(state).await?;
    let note = state.ledger.cosigned_note(&cp).await.map_err(unavailable)?;
    let witnesses = state
        .ledger
        .witnessed_by(&cp)
        .await
        .into_iter()
        .map(|(name, timestamp)| WitnessView { name, timestamp })
        .collect();
    Ok(CheckpointView {
        origin: state.ledger.origin().to_owned(),
        size: cp.size,
        root: to_hex(&cp.root),
        note,
        created_at: cp.created_at,
        witnesses,
        witnessed,
    })
}

/// The latest signed checkpoint and its witnesses.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoint", tag = "ledger",
    responses((status = 200, description = "Latest checkpoint", body = CheckpointView)))]
pub async fn get_checkpoint(
    State(state): State<AppState>,
) -> Result<axum::Json<CheckpointView>, Problem> {
    checkpoint_view(&state).await.map(axum::Json)
}

/// Entries by index range, oldest first.
#[utoipa::path(get, path = "/api/v1/ledger/entries", tag = "ledger", params(EntriesQuery),
    responses(
        (status = 200, description = "A page of entries", body = EntriesPage),
        (status = 422, description = "A parameter is out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_entries(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<EntriesQuery>,
) -> Result<axum::Json<EntriesPage>, Problem> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_ENTRIES).contains(&limit) {
        return Err(field_problem(
            "limit",
            format!("limit must be between 1 and {MAX_ENTRIES}"),
        ));
    }
    let start = q.start.unwrap_or(0);
    if i64::try_from(start).is_err() {
        return Err(field_problem(
            "start",
            format!("start must be between 0 and {}", i64::MAX),
        ));
    }
    let kind = q.kind.as_deref().filter(|k| !k.is_empty());
    let subject = q.subject.as_deref().filter(|s| !s.is_empty());
    if subject.is_some_and(|s| s.chars().count() > 512 || !s.contains(':')) {
        return Err(field_problem(
            "subject",
            "subject must be <kind>:<id>, at most 512 characters",
        ));
    }
    let head = state.store.ledger_head().await.map_err(unavailable)?;
    let entries = state
        .store
        .ledger_entries(start, limit, kind, subject, false)
        .await
        .map_err(unavailable)?;
    Ok(axum::Json(EntriesPage {
        tree_size: head.size,
        entries: entries.into_iter().map(EntryView::from).collect(),
    }))
}

/// One entry by index.
#[utoipa::path(get, path = "/api/v1/ledger/entries/{index}", tag = "ledger",
    params(("index" = u64, Path, description = "Entry index")),
    responses(
        (status = 200, description = "The entry", body = EntryView),
        (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "index is not a number", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_entry(
    State(state): State<AppState>,
    Path(index): Path<String>,
) -> Result<axum::Json<EntryView>, Problem> {
    let index: u64 = index
        .parse()
        .map_err(|_| field_problem("index", "index must be a non-negative integer"))?;
    match state.store.ledger_entry(index).await.map_err(unavailable)? {
        Some(e) => Ok(axum::Json(e.into())),
        None => Err(Problem::new(
            StatusCode::NOT_FOUND,
            format!("no entry {index}"),
        )),
    }
}

/// One entry by its leaf hash.
#[utoipa::path(get, path = "/api/v1/ledger/leaves/{leaf_hash}", tag = "ledger",
    params(("leaf_hash" = String, Path, description = "Leaf hash, 64 hex digits", pattern = "^[0-9a-fA-F]{64}$")),
    responses(
        (status = 200, description = "The entry", body = EntryView),
        (status = 404, description = "No such entry", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "leaf_hash is not 64 hex digits", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_entry_by_hash(
    State(state): State<AppState>,
    Path(leaf_hash): Path<String>,
) -> Result<axum::Json<EntryView>, Problem> {
    let hash: [u8; 32] = from_hex(&leaf_hash.to_ascii_lowercase())
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| field_problem("leaf_hash", "leaf_hash must be 64 hex digits"))?;
    match state
        .store
        .ledger_entry_by_hash(&hash)
        .await
        .map_err(unavailable)?
    {
        Some(e) => Ok(axum::Json(e.into())),
        None => Err(Problem::new(
            StatusCode::NOT_FOUND,
            "no entry with this leaf hash".to_owned(),
        )),
    }
}

/// Inclusion proof of entry `index` in the tree of `tree_size`.
pub async fn inclusion(
    state: &AppState,
    index: u64,
    tree_size: Option<u64>,
) -> Result<InclusionProofView, Problem> {
    let size = match tree_size {
        Some(s) => s,
        None => latest_checkpoint(state).await?.size,
    };
    let head = state.store.ledger_head().await.map_err(unavailable)?;
    if size > head.size {
        return Err(absent(
            "tree_size",
            format!("tree_size must not exceed the log size {}", head.size),
        ));
    }
    if index >= size {
        return Err(absent(
            "index",
            format!("index must be below tree_size {size}"),
        ));
    }
    let (proof, root, leaf) = state
        .store
        .ledger_compute(|r| {
            let proof = waico_ledger::inclusion_proof(r, index, size).map_err(|e| e.to_string())?;
            let root = waico_ledger::proof::root_at(r, size).map_err(|e| e.to_string())?;
            let leaf = r
                .read_nodes(&[NodeId::new(0, index)])
                .map_err(|e| e.to_string())?[0];
            Ok::<_, String>((proof, root, leaf))
        })
        .await
        .map_err(unavailable)?;
    Ok(InclusionProofView {
        index,
        tree_size: size,
        leaf_hash: to_hex(&leaf),
        root: to_hex(&root),
        proof: proof.iter().map(|h| to_hex(h)).collect(),
    })
}

/// The inclusion proof of an entry.
#[utoipa::path(get, path = "/api/v1/ledger/proofs/inclusion", tag = "ledger", params(InclusionQuery),
    responses(
        (status = 200, description = "RFC 6962 audit path", body = InclusionProofView),
        (status = 400, description = "A parameter is missing or not a number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proof: `tree_size` beyond the log, or `index` not below it (the parameter is named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter is out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_inclusion(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> Result<axum::Json<InclusionProofView>, Problem> {
    inclusion(&state, q.index, q.tree_size)
        .await
        .map(axum::Json)
}

/// The consistency proof between two tree sizes.
#[utoipa::path(get, path = "/api/v1/ledger/proofs/consistency", tag = "ledger", params(ConsistencyQuery),
    responses(
        (status = 200, description = "RFC 6962 consistency proof", body = ConsistencyProofView),
        (status = 400, description = "A parameter is missing or not a number", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such proof: `second` beyond the log, or `first` above it (the parameter is named)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A parameter is out of range", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_consistency(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<axum::Json<ConsistencyProofView>, Problem> {
    let second = match q.second {
        Some(s) => s,
        None => latest_checkpoint(&state).await?.size,
    };
    let head = state.store.ledger_head().await.map_err(unavailable)?;
    if second > head.size {
        return Err(absent(
            "second",
            format!("second must not exceed the log size {}", head.size),
        ));
    }
    if q.first > second {
        return Err(absent("first", "first must not exceed second"));
    }
    let first = q.first;
    let (proof, a, b) = state
        .store
        .ledger_compute(|r| {
            let proof =
                waico_ledger::consistency_proof(r, first, second).map_err(|e| e.to_string())?;
            let a = waico_ledger::proof::root_at(r, first).map_err(|e| e.to_string())?;
            let b = waico_ledger::proof::root_at(r, second).map_err(|e| e.to_string())?;
            Ok::<_, String>((proof, a, b))
        })
        .await
        .map_err(unavailable)?;
    Ok(axum::Json(ConsistencyProofView {
        first,
        second,
        first_root: to_hex(&a),
        second_root: to_hex(&b),
        proof: proof.iter().map(|h| to_hex(h)).collect(),
    }))
}

/// Witness cosignatures: the body is this log's checkpoint as a signed
/// note carrying the cosignature lines of configured witnesses.
#[utoipa::path(post, path = "/api/v1/ledger/cosignatures", tag = "ledger",
    request_body(content = String, content_type = "text/plain", description = "Cosigned checkpoint note"),
    responses(
        (status = 200, description = "Cosignatures stored", body = CosignaturesAccepted),
        (status = 422, description = "Not a checkpoint of this log, or no valid cosignature of a configured witness", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_cosignatures(State(state): State<AppState>, body: Bytes) -> Response {
    let size = waico_ledger::note::Note::parse(&body)
        .ok()
        .and_then(|n| waico_ledger::Checkpoint::parse_text(&n.text).ok())
        .map(|c| c.size)
        .unwrap_or(0);
    match state.ledger.add_cosignatures(&body).await {
        Ok(accepted) => axum::Json(CosignaturesAccepted { size, accepted }).into_response(),
        Err(waico_app::ledger::LedgerError::Refused(m)) => field_problem("body", m).into_response(),
        Err(e) => unavailable(e).into_response(),
    }
}

/// A governance record as `POST /api/v1/ledger/records` takes it (the
/// body is read as [`waico_ledger::Record`]; this is its schema): a
/// generic kind (built-in kinds are written by their own operations),
/// what it is about, and a payload of any JSON whose integers stay within
/// ±(2^53-1); `time_ms` and `actor` must be present but are set by the
/// server.
pub struct RecordInput;

impl utoipa::PartialSchema for RecordInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AdditionalProperties, ObjectBuilder, Schema, SchemaType, Type,
        };
        let code = || {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[A-Za-z0-9._:-]{1,128}$"))
        };
        let kind = ObjectBuilder::new()
            .property(
                "generic",
                ObjectBuilder::new()
                    .property("name", code().description(Some("The decision's name")))
                    .required("name"),
            )
            .required("generic")
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
            .description(Some("A generic kind: `{\"generic\": {\"name\": …}}`"));
        let subject = ObjectBuilder::new()
            .property("kind", code())
            .required("kind")
            .property(
                "id",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(256))
                    .description(Some("1 to 256 bytes")),
            )
            .required("id")
            .property(
                "content_hash",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[0-9a-f]{64}$"))
                    .description(Some("SHA-256, lower-case hex")),
            )
            .required("content_hash")
            .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
        Schema::Object(
            ObjectBuilder::new()
                .property("kind", kind)
                .required("kind")
                .property(
                    "time_ms",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(utoipa::openapi::schema::SchemaFormat::KnownFormat(
                            utoipa::openapi::schema::KnownFormat::Int64,
                        )))
                        .description(Some("Set by the server (the value sent is replaced)")),
                )
                .required("time_ms")
                .property(
                    "actor",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .description(Some("Set by the server (the value sent is replaced)")),
                )
                .required("actor")
                .property("subject", subject)
                .required("subject")
                .property(
                    "payload",
                    ObjectBuilder::new()
                        .schema_type(SchemaType::AnyValue)
                        .description(Some("Any JSON, its integers within ±(2^53-1)")),
                )
                .required("payload")
                .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)))
                .description(Some(
                    "A governance record; its canonical (RFC 8785) encoding must fit 65,535 bytes",
                ))
                .build(),
        )
        .into()
    }
}

impl utoipa::ToSchema for RecordInput {}

/// Appends a `generic` decision to the ledger (one that no operation of the
/// node takes). The actor is the caller's code and the time the server's
/// clock, whatever the request says; built-in kinds are refused (their
/// operations write them).
#[utoipa::path(post, path = "/api/v1/ledger/records", tag = "ledger",
    request_body = RecordInput,
    security(("token" = [])),
    responses(
        (status = 201, description = "Appended and durable", body = AppendedView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the secretariat", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid record (the field named), a built-in kind, an integer of the payload beyond ±(2^53-1), or a canonical encoding over 65,535 bytes", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn post_record(
    State(state): State<AppState>,
    TokenHolder(caller): TokenHolder,
    ApiJson(record): ApiJson<Record>,
) -> Result<(StatusCode, axum::Json<AppendedView>), Problem> {
    let record = waico_app::ledger::sent_decision(&caller.actor, record)?;
    // Field rules, and the canonical encoding fitting in an entry bundle.
    if let Err(e) = record.validate() {
        return Err(field_problem(e.field(), e.to_string()));
    }
    match state.ledger.append(&record).await {
        Ok(a) => Ok((
            StatusCode::CREATED,
            axum::Json(AppendedView {
                index: a.index,
                leaf_hash: to_hex(&a.leaf_hash),
            }),
        )),
        Err(waico_app::ledger::LedgerError::Record(e)) => {
            Err(field_problem(e.field(), e.to_string()))
        }
        Err(e) => Err(unavailable(e)),
    }
}

/// The node's ledger origin and public key.
#[utoipa::path(get, path = "/.well-known/waico-ledger", tag = "ledger",
    responses((status = 200, description = "Origin and verifier key", body = LedgerKeyView)))]
pub async fn well_known(State(state): State<AppState>) -> axum::Json<LedgerKeyView> {
    axum::Json(LedgerKeyView {
        origin: state.ledger.origin().to_owned(),
        key: state.ledger.verifier().to_key_string(),
        witnesses: state
            .ledger
            .witnesses()
            .iter()
            .map(|w| w.to_key_string())
            .collect(),
        checkpoint_url: "/checkpoint".into(),
        tiles_url: "/tile/".into(),
    })
}

/// The published checkpoint as a C2SP signed note (with cosignatures):
/// once witnesses are configured, the newest one they cosigned.
#[utoipa::path(get, path = "/checkpoint", tag = "ledger",
    responses((status = 200, description = "Signed checkpoint note", body = String, content_type = "text/plain")))]
pub async fn tlog_checkpoint(State(state): State<AppState>) -> Response {
    let result = async {
        let cp = latest_checkpoint(&state).await?;
        state.ledger.cosigned_note(&cp).await.map_err(unavailable)
    }
    .await;
    note_response(result)
}

/// The newest signed checkpoint, witnessed or not, as a signed note with
/// the cosignatures it has: what witnesses cosign before it is published.
#[utoipa::path(get, path = "/api/v1/ledger/checkpoint/pending", tag = "ledger",
    responses((status = 200, description = "Newest signed checkpoint note", body = String, content_type = "text/plain")))]
pub async fn pending_checkpoint(State(state): State<AppState>) -> Response {
    let result = async {
        let cp = state
            .ledger
            .latest_checkpoint()
            .await
            .map_err(unavailable)?;
        state.ledger.cosigned_note(&cp).await.map_err(unavailable)
    }
    .await;
    note_response(result)
}

fn note_response(result: Result<String, Problem>) -> Response {
    match result {
        Ok(note) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                ),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            note,
        )
            .into_response(),
        Err(p) => p.into_response(),
    }
}

/// The tlog-tiles routes that are not described in OpenAPI (binary tiles).
pub fn tiles_router() -> Router<AppState> {
    Router::new().route("/tile/{*path}", get(tile))
}

async fn tile(State(state): State<AppState>, Path(path): Path<String>) -> Response {
    let not_found = || Problem::new(StatusCode::NOT_FOUND, "no such tile".to_owned());
    let parsed = match tiles::parse_path(&format!("tile/{path}")) {
        Ok(p) => p,
        Err(_) => {
            return field_problem(
                "path",
                "not a canonical tile path: tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]",
            )
            .into_response();
        }
    };
    let head = match state.store.ledger_head().await {
        Ok(h) => h,
        Err(e) => return unavailable(e).into_response(),
    };
    let (body, full) = match parsed {
        TilePath::Hashes(t) => {
            let shift = u32::from(t.level) * u32::from(tiles::TILE_HEIGHT);
            let available = if shift >= 64 { 0 } else { head.size >> shift };
            let end = t
                .index
                .checked_mul(u64::from(tiles::TILE_WIDTH))
                .and_then(|s| s.checked_add(u64::from(t.width)));
            if end.is_none_or(|e| e > available) {
                return not_found().into_response();
            }
            match state
                .store
                .ledger_compute(|r| tiles::read_tile(r, &t))
                .await
            {
                Ok(bytes) => (bytes, !t.is_partial()),
                Err(e) => return unavailable(e).into_response(),
            }
        }
        TilePath::Entries(b) => {
            let (start, end) = b.leaf_range();
            if end > head.size {
                return not_found().into_response();
            }
            // Served as stored: a verifier must see what the database holds.
            let bodies = match state.store.ledger_bodies(start, end).await {
                Ok(b) => b,
                Err(e) => return unavailable(e).into_response(),
            };
            match tiles::encode_bundle(&bodies) {
                Ok(bytes) => (bytes, b.width == tiles::TILE_WIDTH),
                Err(e) => return unavailable(e).into_response(),
            }
        }
    };
    let cache = if full {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}
