//! The Hugging Face Hub's write API, as `huggingface_hub` (`HfApi`, the `hf`
//! command) calls it: repositories (`/api/repos/create`, `/api/repos/delete`),
//! `preupload`, the NDJSON commit (`/api/{kinds}/{owner}/{name}/commit/{rev}`),
//! the LFS batch endpoint (`/{owner}/{name}.git/info/lfs/objects/batch`) with
//! its ticketed upload and verify, branches, tags, refs, commit history,
//! `paths-info`, `whoami-v2`, `validate-yaml` and the owner's side of gated
//! access requests. Every handler reads the request, calls one operation of
//! `waico_app::commons` (rights, transactions and ledger records are there)
//! and answers in the Hub's shapes; errors are `{"error": …}` with
//! `X-Error-Code` / `X-Error-Message`, which the client turns into its
//! exceptions.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine as _;
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use waico_app::commons::manage::{self, HubChange};
use waico_app::commons::tickets::{self, Ticket};
use waico_app::commons::{self, PushError};
use waico_app::{FieldError, OpError};
use waico_commons::repo::{RepoKind, RepoPath};
use waico_members::Actor;
use waico_store::{AccessStatus, Repo};

use crate::AppState;
use crate::auth::ApiCaller;
use crate::hub::{HubRepo, Rev, hub_error, iso_ms, load, repo_not_found, resolved_kind, short};

/// How long an LFS upload address stays valid.
const TICKET_MS: i64 = 3_600_000;

/// Routes under the general body limit.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/whoami-v2", get(whoami))
        .route("/api/validate-yaml", post(validate_yaml))
        .route("/api/repos/create", post(create_repo))
        .route("/api/repos/delete", axum::routing::delete(delete_repo))
        .route(
            "/api/{kinds}/{owner}/{name}/preupload/{rev}",
            post(preupload),
        )
        .route(
            "/api/{kinds}/{owner}/{name}/branch/{rev}",
            post(create_branch).delete(delete_ref),
        )
        .route(
            "/api/{kinds}/{owner}/{name}/tag/{rev}",
            post(create_tag).delete(delete_ref),
        )
        .route("/api/{kinds}/{owner}/{name}/refs", get(refs))
        .route("/api/{kinds}/{owner}/{name}/commits/{rev}", get(commits))
        .route(
            "/api/{kinds}/{owner}/{name}/paths-info/{rev}",
            post(paths_info),
        )
        .route(
            "/api/{kinds}/{owner}/{name}/user-access-request/{rev}",
            get(access_requests),
        )
        .route(
            "/api/{kinds}/{owner}/{name}/user-access-request/handle",
            post(handle_access),
        )
        .route(
            "/api/{kinds}/{owner}/{name}/user-access-request/grant",
            post(grant_access),
        )
        .route("/api/{kinds}/{owner}/{name}/lfs-verify", post(lfs_verify))
        .route("/{owner}/{name}/info/lfs/objects/batch", post(lfs_batch))
        .route(
            "/datasets/{owner}/{name}/info/lfs/objects/batch",
            post(lfs_batch),
        )
        .route(
            "/tools/{owner}/{name}/info/lfs/objects/batch",
            post(lfs_batch),
        )
}

/// Routes that take file bytes: outside the general body limit (the
/// commons' per-file limit applies, checked by the operations).
pub fn upload_router() -> Router<AppState> {
    Router::new()
        .route("/api/{kinds}/{owner}/{name}/commit/{rev}", post(commit))
        .route(
            "/api/{kinds}/{owner}/{name}/lfs-upload/{oid}/{size}",
            put(lfs_upload),
        )
}

fn revision_not_found() -> Response {
    hub_error(
        StatusCode::NOT_FOUND,
        "RevisionNotFound",
        "Invalid rev id: revision not found",
    )
}

/// An operation's error in the Hub's shape.
fn op_error(actor: &Actor, e: OpError) -> Response {
    match e {
        OpError::NotFound => repo_not_found(actor),
        OpError::Unauthenticated => hub_error(
            StatusCode::UNAUTHORIZED,
            "",
            "Authentication required: send Authorization: Bearer <a WAICO API token>",
        ),
        OpError::Forbidden => hub_error(
            StatusCode::FORBIDDEN,
            "",
            "You don't have the rights to write to this repository (or your token is read-only)",
        ),
        OpError::Conflict { field } => hub_error(
            StatusCode::CONFLICT,
            "",
            &match field {
                "parent" => "The branch moved: parent commit is not its head".to_owned(),
                "name" => "You already created this repository".to_owned(),
                "branch" => "Reference already exists".to_owned(),
                other => format!("{other} already exists"),
            },
        ),
        OpError::Invalid(fields) if fields.iter().any(|f| f.field == "revision") => {
            revision_not_found()
        }
        OpError::Invalid(fields) => hub_error(
            StatusCode::BAD_REQUEST,
            "",
            &fields
                .iter()
                .map(|f| format!("{}: {}", f.field, waico_app::english(f.key)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        OpError::Refused(reason) => hub_error(StatusCode::BAD_REQUEST, "", &reason),
        OpError::Declined(key) => hub_error(StatusCode::BAD_REQUEST, "", &waico_app::english(key)),
        OpError::Internal(e) => {
            tracing::error!(error = %e, "hub write failed");
            hub_error(StatusCode::INTERNAL_SERVER_ERROR, "", "internal error")
        }
    }
}

fn fields_error(fields: &[FieldError]) -> Response {
    let message = fields
        .iter()
        .map(|f| format!("{}: {}", f.field, f.message))
        .collect::<Vec<_>>()
        .join("; ");
    if fields.iter().any(|f| f.code == "err-commons-no-such-file") {
        hub_error(StatusCode::NOT_FOUND, "EntryNotFound", &message)
    } else {
        hub_error(StatusCode::BAD_REQUEST, "", &message)
    }
}

fn push_error(actor: &Actor, e: PushError) -> Response {
    match e {
        PushError::Op(e) => op_error(actor, e),
        PushError::Fields(fields) => fields_error(&fields),
    }
}

/// Passes when the caller may manage `repo`; else 401 to an anonymous
/// caller, 403 to another.
async fn require_manager(
    state: &AppState,
    caller: &ApiCaller,
    repo: &Repo,
) -> Result<(), Response> {
    if commons::may_manage(state, &caller.actor, repo).await {
        return Ok(());
    }
    Err(op_error(
        &caller.actor,
        if caller.actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        },
    ))
}

/// Where the node is reached, for the addresses answers carry.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    crate::origin::origin_of(headers)
        .unwrap_or_else(|| state.settings.public_url.trim_end_matches('/').to_owned())
}

/// The web address of a repository as the Hub writes it (models without
/// a prefix).
fn repo_url(origin: &str, kind: RepoKind, id: &str) -> String {
    match kind {
        RepoKind::Model => format!("{origin}/{id}"),
        other => format!("{origin}/{}s/{id}", other.as_str()),
    }
}

/// `GET /api/whoami-v2`: the token's user.
async fn whoami(caller: ApiCaller) -> Response {
    let Some(user) = &caller.user else {
        return hub_error(StatusCode::UNAUTHORIZED, "", "Invalid user token.");
    };
    let Actor::User { can_write, .. } = caller.actor else {
        return hub_error(StatusCode::UNAUTHORIZED, "", "Invalid user token.");
    };
    axum::Json(json!({
        "type": "user",
        "id": user.id.to_string(),
        "name": user.username,
        "fullname": user.display_name,
        "isPro": false,
        "canPay": false,
        "orgs": [],
        "auth": {
            "type": "access_token",
            "accessToken": {
                "displayName": "WAICO API token",
                "role": if can_write { "write" } else { "read" },
            }
        },
        "roles": user.grants.iter().map(|g| {
            let scope = g.scope();
            if scope.is_empty() { g.role().slug().to_owned() } else { format!("{}:{scope}", g.role().slug()) }
        }).collect::<Vec<_>>(),
    }))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct YamlInput {
    content: String,
}

/// `POST /api/validate-yaml`: the card's problems as warnings (a card is
/// never refused; its problems are shown to its owner).
async fn validate_yaml(axum::Json(input): axum::Json<YamlInput>) -> Response {
    let card = waico_commons::card::parse_card(&input.content);
    let warnings: Vec<Value> = card
        .problems
        .iter()
        .map(|p| json!({ "message": serde_json::to_value(p).unwrap_or_default().to_string() }))
        .collect();
    axum::Json(json!({ "errors": [], "warnings": warnings })).into_response()
}

#[derive(Debug, Deserialize)]
struct RepoNameInput {
    name: String,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    visibility: Option<String>,
    #[serde(default)]
    private: Option<bool>,
}

impl RepoNameInput {
    fn owner(&self, caller: &ApiCaller) -> Option<String> {
        self.organization
            .clone()
            .filter(|o| !o.is_empty())
            .or_else(|| caller.user.as_ref().map(|u| u.username.clone()))
    }

    /// The kind named by `type` (default `model`); the message when it is
    /// not one of the node's.
    fn kind(&self) -> Result<RepoKind, String> {
        match self.kind.as_deref().unwrap_or("model") {
            "model" => Ok(RepoKind::Model),
            "dataset" => Ok(RepoKind::Dataset),
            "tool" => Ok(RepoKind::Tool),
            other => Err(format!(
                "repository type {other:?} is not hosted here: this node holds models, datasets and tools"
            )),
        }
    }
}

/// `POST /api/repos/create` `{name, organization, type, visibility|private}`:
/// `private` makes a members-only repository.
async fn create_repo(
    State(state): State<AppState>,
    caller: ApiCaller,
    headers: HeaderMap,
    axum::Json(input): axum::Json<RepoNameInput>,
) -> Response {
    let kind = match input.kind() {
        Ok(k) => k,
        Err(message) => return bad(message),
    };
    let Some(owner) = input.owner(&caller) else {
        return op_error(&caller.actor, OpError::Unauthenticated);
    };
    let private = input.private == Some(true) || input.visibility.as_deref() == Some("private");
    let visibility = if private { "members_only" } else { "public" };
    let id = format!("{owner}/{}", input.name);
    let url = repo_url(&origin(&state, &headers), kind, &id);
    let created = commons::create_repo(
        &state,
        &caller.actor,
        &commons::RepoInput {
            kind: kind.as_str().to_owned(),
            owner,
            name: input.name.clone(),
            visibility: Some(visibility.to_owned()),
        },
    )
    .await;
    match created {
        Ok(repo) => {
            axum::Json(json!({ "url": url, "name": id, "id": repo.id.to_string() })).into_response()
        }
        Err(OpError::Conflict { .. }) => {
            // `create_repo(exist_ok=True)` reads the address from this answer.
            let message = format!("You already created this {kind} repo");
            let mut r = (
                StatusCode::CONFLICT,
                axum::Json(json!({ "error": message, "url": url })),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&message) {
                r.headers_mut().insert("x-error-message", v);
            }
            r
        }
        Err(e) => op_error(&caller.actor, e),
    }
}

/// `DELETE /api/repos/delete` `{name, organization, type}`.
async fn delete_repo(
    State(state): State<AppState>,
    caller: ApiCaller,
    axum::Json(input): axum::Json<RepoNameInput>,
) -> Response {
    let kind = match input.kind() {
        Ok(k) => k,
        Err(message) => return bad(message),
    };
    let Some(owner) = input.owner(&caller) else {
        return op_error(&caller.actor, OpError::Unauthenticated);
    };
    let repo = match commons::find_repo(&state, &caller.actor, kind, &owner, &input.name).await {
        Ok(r) => r,
        Err(e) => return op_error(&caller.actor, e),
    };
    match manage::delete_repo(&state, &caller.actor, &repo).await {
        Ok(()) => axum::Json(json!({})).into_response(),
        Err(e) => op_error(&caller.actor, e),
    }
}

#[derive(Debug, Deserialize)]
struct PreuploadFile {
    path: String,
    size: u64,
}

#[derive(Debug, Deserialize)]
struct PreuploadInput {
    files: Vec<PreuploadFile>,
}

/// The head a write to `rev` starts from: the branch's head, none for the
/// `main` of an empty repository, `Err` for another unknown revision.
async fn write_head(state: &AppState, repo: &Repo, rev: &str) -> Result<Option<String>, Response> {
    match commons::resolve(state, repo, rev).await {
        Ok(c) => Ok(Some(c)),
        Err(OpError::NotFound) if rev == "main" => Ok(None),
        Err(_) => Err(revision_not_found()),
    }
}

/// `POST /api/{kinds}/{owner}/{name}/preupload/{rev}`: how each file is
/// sent. Up to `hub_inline_max_bytes` inside the commit (`regular`), above
/// through the LFS batch endpoint (`lfs`, with the stored `oid` when the
/// revision holds the path, so the client skips unchanged files).
async fn preupload(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    Path(Rev { rev }): Path<Rev>,
    axum::Json(input): axum::Json<PreuploadInput>,
) -> Response {
    if let Err(r) = require_manager(&state, &caller, &repo).await {
        return r;
    }
    let head = match write_head(&state, &repo, &rev).await {
        Ok(h) => h,
        Err(r) => return r,
    };
    let files = match &head {
        Some(h) => match state.store.commit_files(repo.id, h).await {
            Ok(f) => f,
            Err(e) => return op_error(&caller.actor, e.into()),
        },
        None => Vec::new(),
    };
    let mut out = Vec::with_capacity(input.files.len());
    for (i, f) in input.files.iter().enumerate() {
        let path = match RepoPath::parse(&f.path) {
            Ok(p) => p,
            Err(e) => {
                return hub_error(
                    StatusCode::BAD_REQUEST,
                    "",
                    &format!("files[{i}].path {:?}: {e}", f.path),
                );
            }
        };
        let lfs = f.size > state.settings.hub_inline_max_bytes;
        let oid = files
            .iter()
            .find(|e| e.path == path)
            .filter(|_| lfs)
            .map(|e| e.sha256.as_str().to_owned());
        out.push(json!({
            "path": f.path,
            "uploadMode": if lfs { "lfs" } else { "regular" },
            "shouldIgnore": false,
            "oid": oid,
        }));
    }
    axum::Json(json!({ "files": out, "commitOid": head.as_deref().map(short) })).into_response()
}

/// Splits a byte stream into lines of at most `max` bytes.
struct Lines {
    buffer: Vec<u8>,
    max: usize,
}

impl Lines {
    /// The complete lines in `buffer` after adding `chunk`; `Err` when a
    /// line grows past the limit.
    fn push(&mut self, chunk: &[u8]) -> Result<Vec<Vec<u8>>, ()> {
        let mut out = Vec::new();
        let mut rest = chunk;
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            self.buffer.extend_from_slice(&rest[..at]);
            if self.buffer.len() > self.max {
                return Err(());
            }
            out.push(std::mem::take(&mut self.buffer));
            rest = &rest[at + 1..];
        }
        self.buffer.extend_from_slice(rest);
        if self.buffer.len() > self.max {
            return Err(());
        }
        Ok(out)
    }
}

#[derive(Debug, Deserialize)]
struct CommitLine {
    key: String,
    value: Value,
}

/// What the NDJSON body of a commit said.
#[derive(Default)]
struct CommitBody {
    summary: String,
    description: String,
    parent: Option<String>,
    changes: Vec<HubChange>,
}

fn bad(message: String) -> Response {
    hub_error(StatusCode::BAD_REQUEST, "", &message)
}

/// `POST /api/{kinds}/{owner}/{name}/commit/{rev}`: the NDJSON commit. The
/// first line is the header (`summary`, `description`, `parentCommit`);
/// then `file` (content in base64, stored as it arrives, line by line),
/// `lfsFile` (an uploaded object by `oid` and `size`), `deletedFile` and
/// `deletedFolder`. Pull requests (`create_pr=1`) are not offered.
async fn commit(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    headers: HeaderMap,
    Path(Rev { rev }): Path<Rev>,
    RawQuery(query): RawQuery,
    body: Body,
) -> Response {
    let Some(author) = caller.user.clone() else {
        return op_error(&caller.actor, OpError::Unauthenticated);
    };
    if form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(k, v)| k == "create_pr" && (v == "1" || v.eq_ignore_ascii_case("true")))
    {
        return bad(
            "pull requests are not offered by this node: commit to a branch instead \
             (create_branch, then revision=<branch>)"
                .into(),
        );
    }
    if let Err(r) = require_manager(&state, &caller, &repo).await {
        return r;
    }
    // A base64 line of the largest inline file, and room for its path.
    let max_line = (state.settings.hub_inline_max_bytes as usize / 3 + 1) * 4 + 64 * 1024;
    let mut lines = Lines {
        buffer: Vec::new(),
        max: max_line,
    };
    let mut parsed = CommitBody::default();
    let mut seen_header = false;
    let mut stream = body.into_data_stream();
    let mut done = false;
    while !done {
        let chunk = match stream.next().await {
            Some(Ok(c)) => c,
            Some(Err(e)) => return bad(format!("reading the commit failed: {e}")),
            None => {
                done = true;
                Bytes::from_static(b"\n")
            }
        };
        let complete = match lines.push(&chunk) {
            Ok(l) => l,
            Err(()) => {
                return hub_error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "",
                    &format!(
                        "a commit line is over {max_line} bytes: files over {} bytes go through LFS (preupload says so)",
                        state.settings.hub_inline_max_bytes
                    ),
                );
            }
        };
        for line in complete {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if let Err(r) =
                commit_line(&state, &caller, &repo, &line, &mut parsed, &mut seen_header).await
            {
                return r;
            }
        }
    }
    if !seen_header {
        return bad("the commit has no header line".into());
    }
    let message = if parsed.description.trim().is_empty() {
        parsed.summary.clone()
    } else {
        format!("{}\n\n{}", parsed.summary, parsed.description)
    };
    let done = manage::hub_commit(
        &state,
        &caller.actor,
        &author,
        &repo,
        &rev,
        parsed.parent.as_deref(),
        &message,
        &parsed.changes,
    )
    .await;
    match done {
        Ok(info) => {
            let url = repo_url(&origin(&state, &headers), repo.kind, &repo.repo.to_string());
            axum::Json(json!({
                "success": true,
                "commitOid": short(&info.id),
                "commitUrl": format!("{url}/commit/{}", short(&info.id)),
                "pullRequestUrl": null,
            }))
            .into_response()
        }
        Err(e) => push_error(&caller.actor, e),
    }
}

fn text_of<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// Reads one line of a commit; a `file` line's bytes are stored at once.
async fn commit_line(
    state: &AppState,
    caller: &ApiCaller,
    repo: &Repo,
    line: &[u8],
    parsed: &mut CommitBody,
    seen_header: &mut bool,
) -> Result<(), Response> {
    let n = parsed.changes.len();
    let item: CommitLine = serde_json::from_slice(line)
        .map_err(|e| bad(format!("line {}: not a commit item: {e}", n + 1)))?;
    let path = || {
        text_of(&item.value, "path")
            .map(str::to_owned)
            .ok_or_else(|| format!("{}: a path is required", item.key))
    };
    match item.key.as_str() {
        "header" => {
            *seen_header = true;
            parsed.summary = text_of(&item.value, "summary").unwrap_or("").to_owned();
            parsed.description = text_of(&item.value, "description").unwrap_or("").to_owned();
            parsed.parent = text_of(&item.value, "parentCommit").map(str::to_owned);
        }
        "file" => {
            let path = path().map_err(bad)?;
            let content = text_of(&item.value, "content").unwrap_or("");
            let bytes = match text_of(&item.value, "encoding") {
                Some("base64") => base64::engine::general_purpose::STANDARD
                    .decode(content)
                    .map_err(|e| bad(format!("file {path:?}: bad base64: {e}")))?,
                _ => content.as_bytes().to_vec(),
            };
            let sha = hex::encode(Sha256::digest(&bytes));
            let size = bytes.len() as u64;
            let stream = futures::stream::once(async move {
                Ok::<_, std::convert::Infallible>(Bytes::from(bytes))
            });
            commons::upload_blob(state, &caller.actor, repo, &sha, size, stream)
                .await
                .map_err(|e| op_error(&caller.actor, e))?;
            parsed.changes.push(HubChange::Put {
                path,
                size,
                sha256: sha,
            });
        }
        "lfsFile" => {
            let path = path().map_err(bad)?;
            let oid = text_of(&item.value, "oid").unwrap_or("").to_owned();
            let size = item
                .value
                .get("size")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad(format!("lfsFile {path:?}: a size is required")))?;
            parsed.changes.push(HubChange::Put {
                path,
                size,
                sha256: oid,
            });
        }
        "deletedFile" => parsed.changes.push(HubChange::DeleteFile {
            path: path().map_err(bad)?,
        }),
        "deletedFolder" => parsed.changes.push(HubChange::DeleteFolder {
            path: path().map_err(bad)?,
        }),
        other => {
            return Err(bad(format!(
                "commit item {other:?} is not offered: use file, lfsFile, deletedFile or deletedFolder"
            )));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct LfsObject {
    oid: String,
    size: u64,
}

#[derive(Debug, Deserialize)]
struct LfsBatch {
    #[serde(default)]
    operation: String,
    objects: Vec<LfsObject>,
}

fn lfs_json(value: Value) -> Response {
    let mut r = axum::Json(value).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.git-lfs+json"),
    );
    r
}

/// `POST /[datasets/|tools/]{owner}/{name}.git/info/lfs/objects/batch`
/// (git LFS batch API, basic transfer, uploads only): objects already
/// stored are answered without actions; the others get an upload address
/// that carries a signed ticket (the client sends the bytes without its
/// token) and a verify address.
async fn lfs_batch(
    State(state): State<AppState>,
    caller: ApiCaller,
    route: MatchedPath,
    headers: HeaderMap,
    Path((owner, name)): Path<(String, String)>,
    axum::Json(batch): axum::Json<LfsBatch>,
) -> Response {
    let kind = resolved_kind(&route);
    let name = name.strip_suffix(".git").unwrap_or(&name).to_owned();
    let kinds = format!("{}s", kind.as_str());
    let repo = match load(&state, &caller, &kinds, &owner, &name).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    if batch.operation != "upload" {
        return bad(format!(
            "LFS operation {:?} is not offered: download files with /resolve/",
            batch.operation
        ));
    }
    let Actor::User { id: user, .. } = caller.actor else {
        return op_error(&caller.actor, OpError::Unauthenticated);
    };
    if !commons::may_manage(&state, &caller.actor, &repo).await {
        return op_error(&caller.actor, OpError::Forbidden);
    }
    let origin = origin(&state, &headers);
    let expires_ms = waico_store::now_ms() + TICKET_MS;
    let mut objects = Vec::with_capacity(batch.objects.len());
    for o in &batch.objects {
        if waico_commons::repo::Sha256::parse(&o.oid).is_err() {
            objects.push(json!({ "oid": o.oid, "size": o.size,
                "error": { "code": 422, "message": "oid must be 64 hex digits (sha256)" } }));
            continue;
        }
        let stored = matches!(state.store.touch_blob(&o.oid).await,
            Ok(waico_store::BlobLease::Held(size)) if size == o.size)
            && waico_store::blobs::blob_exists(&state.artifacts, &o.oid)
                .await
                .is_some();
        if stored {
            objects.push(json!({ "oid": o.oid, "size": o.size }));
            continue;
        }
        let ticket = Ticket {
            repo: format!("{kinds}/{}", repo.repo),
            oid: o.oid.clone(),
            size: o.size,
            user,
            expires_ms,
        };
        let sig = tickets::sign(&state, &ticket);
        let base = format!("{origin}/api/{kinds}/{}", repo.repo);
        objects.push(json!({
            "oid": o.oid,
            "size": o.size,
            "authenticated": true,
            "actions": {
                "upload": {
                    "href": format!("{base}/lfs-upload/{}/{}?user={user}&expires={expires_ms}&sig={sig}", o.oid, o.size),
                    "expires_in": TICKET_MS / 1000,
                },
                "verify": { "href": format!("{base}/lfs-verify"), "header": {} },
            }
        }));
    }
    lfs_json(json!({ "transfer": "basic", "objects": objects, "hash_algo": "sha256" }))
}

#[derive(Debug, Deserialize)]
struct TicketQuery {
    user: i64,
    expires: i64,
    sig: String,
}

/// `PUT /api/{kinds}/{owner}/{name}/lfs-upload/{oid}/{size}?user=&expires=&sig=`:
/// the bytes of one LFS object, with the ticket the batch answer gave.
async fn lfs_upload(
    State(state): State<AppState>,
    Path((kinds, owner, name, oid, size)): Path<(String, String, String, String, u64)>,
    Query(q): Query<TicketQuery>,
    body: Body,
) -> Response {
    let ticket = Ticket {
        repo: format!("{kinds}/{owner}/{name}"),
        oid: oid.clone(),
        size,
        user: q.user,
        expires_ms: q.expires,
    };
    if !tickets::valid(&state, &ticket, &q.sig, waico_store::now_ms()) {
        return hub_error(
            StatusCode::FORBIDDEN,
            "",
            "the upload address is not valid (expired, altered, or issued by another process): ask the batch endpoint again",
        );
    }
    let Ok(user) = state.store.user(q.user).await else {
        return hub_error(StatusCode::FORBIDDEN, "", "the user of this upload is gone");
    };
    // The ticket was issued to a caller with a write token.
    let actor = Actor::User {
        id: user.id,
        grants: user.grants.clone(),
        can_write: true,
    };
    let caller = ApiCaller {
        actor: actor.clone(),
        user: Some(user),
    };
    let repo = match load(&state, &caller, &kinds, &owner, &name).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    match commons::upload_blob(&state, &actor, &repo, &oid, size, body.into_data_stream()).await {
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => op_error(&actor, e),
    }
}

/// `POST /api/{kinds}/{owner}/{name}/lfs-verify` `{oid, size}`: whether the
/// object is stored with that size.
async fn lfs_verify(
    State(state): State<AppState>,
    HubRepo { caller, .. }: HubRepo,
    axum::Json(o): axum::Json<LfsObject>,
) -> Response {
    match state.store.blob_size(&o.oid).await {
        Ok(Some(size)) if size == o.size => lfs_json(json!({ "oid": o.oid, "size": size })),
        Ok(_) => hub_error(
            StatusCode::NOT_FOUND,
            "",
            "the object is not stored with that size; upload it again",
        ),
        Err(e) => op_error(&caller.actor, e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
struct BranchInput {
    #[serde(default, rename = "startingPoint")]
    starting_point: Option<String>,
}

/// `POST /api/{kinds}/{owner}/{name}/branch/{branch}` `{startingPoint}`: a
/// branch from any revision, a commit id included.
async fn create_branch(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    Path(Rev { rev: branch }): Path<Rev>,
    axum::Json(input): axum::Json<BranchInput>,
) -> Response {
    match manage::create_branch(
        &state,
        &caller.actor,
        &repo,
        &branch,
        input.starting_point.as_deref(),
    )
    .await
    {
        Ok(_) => axum::Json(json!({})).into_response(),
        Err(OpError::Invalid(f)) if f.iter().any(|f| f.field == "branch") => {
            bad(format!("{branch:?} is not a valid branch name"))
        }
        Err(e) => op_error(&caller.actor, e),
    }
}

/// `DELETE /api/{kinds}/{owner}/{name}/branch/{rev}` and `…/tag/{rev}`:
/// the branch or the tag the route names; `RevisionNotFound` when there is
/// none of that name.
async fn delete_ref(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    route: MatchedPath,
    Path(Rev { rev }): Path<Rev>,
) -> Response {
    let deleted = if route.as_str().ends_with("/tag/{rev}") {
        manage::delete_tag(&state, &caller.actor, &repo, &rev).await
    } else {
        manage::delete_branch(&state, &caller.actor, &repo, &rev).await
    };
    match deleted {
        Ok(()) => axum::Json(json!({})).into_response(),
        Err(OpError::NotFound) => revision_not_found(),
        Err(e) => op_error(&caller.actor, e),
    }
}

#[derive(Debug, Deserialize)]
struct TagInput {
    tag: String,
}

/// `POST /api/{kinds}/{owner}/{name}/tag/{revision}` `{tag, message}`: a
/// release (recorded in the ledger); tags never move.
async fn create_tag(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    Path(Rev { rev }): Path<Rev>,
    axum::Json(input): axum::Json<TagInput>,
) -> Response {
    match commons::tag(&state, &caller.actor, &repo, &input.tag, &rev).await {
        Ok(_) => axum::Json(json!({})).into_response(),
        Err(PushError::Op(OpError::Conflict { .. })) => hub_error(
            StatusCode::CONFLICT,
            "",
            &format!("Tag {} already exists (tags never move)", input.tag),
        ),
        Err(PushError::Fields(f)) if f.iter().any(|f| f.field == "revision") => {
            revision_not_found()
        }
        Err(e) => push_error(&caller.actor, e),
    }
}

/// `GET /api/{kinds}/{owner}/{name}/refs`: branches and tags.
async fn refs(State(state): State<AppState>, HubRepo { caller, repo }: HubRepo) -> Response {
    let refs = match state.store.list_refs(repo.id).await {
        Ok(r) => r,
        Err(e) => return op_error(&caller.actor, e.into()),
    };
    let of = |kind: &str, prefix: &str| -> Vec<Value> {
        refs.iter()
            .filter(|r| r.kind == kind)
            .map(|r| {
                json!({
                    "name": r.name,
                    "ref": format!("{prefix}{}", r.name),
                    "targetCommit": short(&r.commit),
                })
            })
            .collect()
    };
    axum::Json(json!({
        "branches": of("branch", "refs/heads/"),
        "tags": of("tag", "refs/tags/"),
        "converts": [],
        "pullRequests": [],
    }))
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
struct CommitsQuery {
    before: Option<String>,
}

/// The path of a history page, as the caller spelled it (the next page's
/// address repeats it).
#[derive(Debug, Deserialize)]
struct CommitsPath {
    kinds: String,
    owner: String,
    name: String,
    rev: String,
}

/// `GET /api/{kinds}/{owner}/{name}/commits/{rev}`: history, newest first,
/// 100 a page, further pages linked (`Link: <…?before=ID>; rel="next"`).
async fn commits(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    headers: HeaderMap,
    Path(CommitsPath {
        kinds,
        owner,
        name,
        rev,
    }): Path<CommitsPath>,
    Query(q): Query<CommitsQuery>,
) -> Response {
    let page = match commons::history_page(&state, &repo, &rev, q.before.as_deref(), 100).await {
        Ok(p) => p,
        Err(OpError::NotFound | OpError::Invalid(_)) => return revision_not_found(),
        Err(e) => return op_error(&caller.actor, e),
    };
    let out: Vec<Value> = page
        .commits
        .iter()
        .map(|c| {
            let (title, message) = c.message.split_once('\n').unwrap_or((&c.message, ""));
            json!({
                "id": short(&c.id),
                "authors": [{ "user": c.author }],
                "date": iso_ms(c.time * 1000),
                "title": title,
                "message": message.trim_start_matches('\n'),
            })
        })
        .collect();
    let mut response = axum::Json(Value::Array(out)).into_response();
    if let Some(before) = page.next_before {
        let url = format!(
            "{}/api/{kinds}/{owner}/{name}/commits/{}?before={}",
            origin(&state, &headers),
            urlencoding(&rev),
            before
        );
        if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"next\"")) {
            response.headers_mut().insert(header::LINK, v);
        }
    }
    response
}

fn urlencoding(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `POST /api/{kinds}/{owner}/{name}/paths-info/{rev}` (form: `paths`
/// repeated, `expand`): the files and folders among `paths`; others are
/// left out, as on the Hub.
async fn paths_info(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    Path(Rev { rev }): Path<Rev>,
    body: Bytes,
) -> Response {
    match commons::file_access(&state, &caller.actor, &repo).await {
        Ok(commons::FileAccess::Granted) => {}
        Ok(_) => {
            return hub_error(
                StatusCode::FORBIDDEN,
                "GatedRepo",
                "Access to this repository is restricted; ask for access on its page",
            );
        }
        Err(e) => return op_error(&caller.actor, e),
    }
    let Ok(commit) = commons::resolve(&state, &repo, &rev).await else {
        return revision_not_found();
    };
    let files = match state.store.commit_files(repo.id, &commit).await {
        Ok(f) => f,
        Err(e) => return op_error(&caller.actor, e.into()),
    };
    let mut out = Vec::new();
    for (key, value) in form_urlencoded::parse(&body) {
        if key != "paths" {
            continue;
        }
        let wanted = value.trim_matches('/');
        if let Some(f) = files.iter().find(|f| f.path.as_str() == wanted) {
            out.push(json!({
                "type": "file",
                "path": f.path.as_str(),
                "size": f.size,
                "oid": short(f.sha256.as_str()),
                "lfs": { "size": f.size, "sha256": f.sha256.as_str(), "oid": f.sha256.as_str(), "pointerSize": 134 },
            }));
        } else if !wanted.is_empty() {
            let prefix = format!("{wanted}/");
            if files.iter().any(|f| f.path.as_str().starts_with(&prefix)) {
                out.push(json!({
                    "type": "directory",
                    "path": wanted,
                    "oid": "0000000000000000000000000000000000000000",
                }));
            }
        }
    }
    axum::Json(Value::Array(out)).into_response()
}

/// `GET /api/{kinds}/{owner}/{name}/user-access-request/{pending|accepted|rejected}`:
/// the requests of a gated repository, for its managers.
async fn access_requests(
    State(state): State<AppState>,
    HubRepo { caller, repo }: HubRepo,
    Path(Rev { rev: status }): Path<Rev>,
) -> Response {
    let wanted = match status.as_str() {
        "pending" => AccessStatus::Pending,
        "accepted" => AccessStatus::Approved,
        "rejected" => AccessStatus::Rejected,
        _ => {
            return bad(format!(
                "status {status:?}: use pending, accepted or rejected"
            ));
        }
    };
    if !commons::may_manage(&state, &caller.actor, &repo).await {
        return op_error(&caller.actor, OpError::Forbidden);
    }
    let all = match state.store.list_access(repo.id).await {
        Ok(a) => a,
        Err(e) => return op_error(&caller.actor, e.into()),
    };
    let out: Vec<Value> = all
        .iter()
        .filter(|a| a.status == wanted)
        .map(|a| {
            json!({
                "user": { "user": a.username, "fullname": a.username },
                "requestId": a.user_id.to_string(),
                "status": status,
                "timestamp": iso_ms(a.decided_at.unwrap_or(a.requested_at)),
                "fields": { "reason": a.reason },
            })
        })
        .collect();
    axum::Json(Value::Array(out)).into_response()
}

#[derive(Debug, Deserialize)]
struct HandleInput {
    user: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, rename = "rejectionReason")]
    rejection_reason: Option<String>,
}

async fn decide(
    state: &AppState,
    HubRepo { caller, repo }: HubRepo,
    input: &HandleInput,
    approve: bool,
) -> Response {
    let reason = input.rejection_reason.as_deref().unwrap_or("");
    match commons::decide_access(state, &caller.actor, &repo, &input.user, approve, reason).await {
        Ok(_) => axum::Json(json!({})).into_response(),
        Err(OpError::NotFound) => hub_error(
            StatusCode::NOT_FOUND,
            "",
            &format!("no access request of user {:?}", input.user),
        ),
        Err(e) => op_error(&caller.actor, e),
    }
}

/// `POST …/user-access-request/handle` `{user, status: accepted|rejected}`.
async fn handle_access(
    State(state): State<AppState>,
    named: HubRepo,
    axum::Json(input): axum::Json<HandleInput>,
) -> Response {
    let approve = match input.status.as_deref() {
        Some("accepted") => true,
        Some("rejected") => false,
        other => {
            return bad(format!(
                "status {other:?}: use accepted or rejected (a decided request is not set back to pending here)"
            ));
        }
    };
    decide(&state, named, &input, approve).await
}

/// `POST …/user-access-request/grant` `{user}`: approves the user's request.
async fn grant_access(
    State(state): State<AppState>,
    named: HubRepo,
    axum::Json(input): axum::Json<HandleInput>,
) -> Response {
    decide(&state, named, &input, true).await
}

/// An `/api/…` route the node does not have, in the Hub's error shape with
/// a hint of what it offers.
pub fn unknown_route(path: &str) -> Response {
    hub_error(
        StatusCode::NOT_FOUND,
        "EndpointNotFound",
        &format!(
            "{path} is not offered by this WAICO node. It speaks the Hugging Face Hub API for \
             models, datasets and tools (info, listings, trees, resolve, repos/create|delete, \
             preupload, commit, LFS batch, branch, tag, refs, commits, paths-info, whoami-v2, \
             user-access-request); spaces, discussions, pull requests and Xet storage are not \
             offered. Its own API is under /api/v1 (see /api/v1/openapi.json)."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_across_chunks_and_refuse_long_ones() {
        let mut lines = Lines {
            buffer: Vec::new(),
            max: 8,
        };
        assert_eq!(lines.push(b"ab").unwrap(), Vec::<Vec<u8>>::new());
        assert_eq!(
            lines.push(b"c\nde\nf").unwrap(),
            vec![b"abc".to_vec(), b"de".to_vec()]
        );
        assert_eq!(lines.push(b"\n").unwrap(), vec![b"f".to_vec()]);
        assert!(lines.push(b"123456789").is_err());
        let mut lines = Lines {
            buffer: Vec::new(),
            max: 8,
        };
        assert!(lines.push(b"123456789\n").is_err());
    }

    #[test]
    fn repository_addresses_are_written_as_on_the_hub() {
        assert_eq!(
            repo_url("http://h", RepoKind::Model, "KEN/bert"),
            "http://h/KEN/bert"
        );
        assert_eq!(
            repo_url("http://h", RepoKind::Dataset, "KEN/news"),
            "http://h/datasets/KEN/news"
        );
    }
}
