//! The Hugging Face Hub compatible face of the commons, so that
//! `huggingface_hub` and `hf-hub` with `HF_ENDPOINT` pointing at a WAICO node
//! can read it: repository info (`/api/models/{owner}/{name}`, with
//! `/revision/{rev}`), listings (`/api/models?search=&author=`), trees
//! (`/api/models/{owner}/{name}/tree/{rev}`) and file resolution
//! (`/{owner}/{name}/resolve/{rev}/{path}`, `/datasets/…`) with the headers
//! the clients read (`ETag`, `X-Repo-Commit`, `Content-Length`,
//! `Accept-Ranges`, `Content-Range`). Errors carry `X-Error-Code`
//! (`RepoNotFound`, `RevisionNotFound`, `EntryNotFound`, `GatedRepo`).

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Path, Query, RawQuery, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};
use waico_commons::repo::{FileEntry, RepoKind, RepoPath};
use waico_members::Actor;
use waico_store::{Repo, RepoFilter, RepoOrder};

use crate::AppState;
use crate::auth::ApiCaller;
use crate::conditional;
use crate::range::{ByteRange, parse_range};
use crate::repo_ref::kind_of;
use waico_app::OpError;
use waico_app::commons::{self, ClientInfo, FileAccess};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/models", get(list))
        .route("/api/datasets", get(list))
        .route("/api/tools", get(list))
        .route("/api/{kinds}/{owner}/{name}", get(info))
        .route("/api/{kinds}/{owner}/{name}/revision/{rev}", get(info_at))
        .route("/api/{kinds}/{owner}/{name}/tree/{rev}", get(tree))
        .route(
            "/api/{kinds}/{owner}/{name}/tree/{rev}/{*path}",
            get(tree_under),
        )
        .route("/{owner}/{name}/resolve/{rev}/{*path}", get(resolve))
        .route(
            "/datasets/{owner}/{name}/resolve/{rev}/{*path}",
            get(resolve),
        )
        .route("/tools/{owner}/{name}/resolve/{rev}/{*path}", get(resolve))
}

/// A Hub-style error: JSON `{"error": …}` and the `X-Error-Code` header.
pub fn hub_error(status: StatusCode, code: &str, message: &str) -> Response {
    let mut response = (status, axum::Json(json!({ "error": message }))).into_response();
    let headers = response.headers_mut();
    if !code.is_empty() {
        headers.insert(
            "x-error-code",
            HeaderValue::from_str(code).expect("ascii code"),
        );
    }
    if let Ok(v) = HeaderValue::from_str(message) {
        headers.insert("x-error-message", v);
    }
    response
}

pub(crate) fn repo_not_found(actor: &Actor) -> Response {
    let status = if *actor == Actor::Anonymous {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::NOT_FOUND
    };
    hub_error(status, "RepoNotFound", "Repository not found")
}

fn op_response(actor: &Actor, e: OpError) -> Response {
    match e {
        OpError::NotFound => repo_not_found(actor),
        OpError::Invalid(_) => hub_error(StatusCode::BAD_REQUEST, "", "invalid request"),
        other => crate::problem::Problem::from(other).into_response(),
    }
}

/// The 40-digit id the Hub clients expect for a commit.
pub fn short(commit: &str) -> &str {
    &commit[..40.min(commit.len())]
}

pub(crate) fn iso_ms(ms: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

fn gated_value(repo: &Repo) -> Value {
    if repo.visibility == waico_commons::repo::Visibility::Gated {
        json!("manual")
    } else {
        json!(false)
    }
}

fn lfs(f: &FileEntry) -> Value {
    json!({ "size": f.size, "sha256": f.sha256.as_str(), "oid": f.sha256.as_str(), "pointerSize": 134 })
}

/// Hub-style tags of a repository (see `CardMetadata::hub_tags`).
fn hub_tags(repo: &Repo) -> Vec<String> {
    serde_json::from_value::<waico_commons::card::CardMetadata>(repo.card_metadata.clone())
        .unwrap_or_default()
        .hub_tags(repo.kind)
}

/// The Hub's model/dataset info object; `files` adds `siblings`.
pub fn info_json(repo: &Repo, sha: Option<&str>, files: Option<&[FileEntry]>) -> Value {
    let id = repo.repo.to_string();
    let m = &repo.card_metadata;
    let mut v = json!({
        "_id": format!("{}{:020}", repo.kind.as_str(), repo.id),
        "id": id,
        "author": repo.repo.owner(),
        "sha": sha.map(short),
        "lastModified": iso_ms(repo.updated_at),
        "createdAt": iso_ms(repo.created_at),
        "private": repo.visibility == waico_commons::repo::Visibility::MembersOnly,
        "gated": gated_value(repo),
        "disabled": false,
        "downloads": repo.downloads,
        "likes": 0,
        "tags": hub_tags(repo),
        "cardData": commons::hf_card_data(m),
    });
    let obj = v.as_object_mut().expect("object");
    if repo.kind == RepoKind::Model {
        obj.insert("modelId".into(), json!(repo.repo.to_string()));
        obj.insert(
            "pipeline_tag".into(),
            m.get("pipeline_tag").cloned().unwrap_or(Value::Null),
        );
        obj.insert(
            "library_name".into(),
            m.get("library_name").cloned().unwrap_or(Value::Null),
        );
    }
    if let Some(files) = files {
        obj.insert(
            "siblings".into(),
            Value::Array(
                files
                    .iter()
                    .map(|f| {
                        json!({
                            "rfilename": f.path.as_str(),
                            "size": f.size,
                            "blobId": short(f.sha256.as_str()),
                            "lfs": lfs(f),
                        })
                    })
                    .collect(),
            ),
        );
    }
    v
}

/// The repository a Hub route names with `{kinds}/{owner}/{name}`, read
/// with the caller's visibility check (as [`crate::repo_ref::ApiRepo`] does
/// for the API), and the caller; a refusal is answered in the Hub's shape
/// (`RepoNotFound`: 401 to an anonymous caller, else 404). Handlers take
/// their other path parameters (revision, branch, tag, …) with a `Path`
/// into a struct that names only those.
pub(crate) struct HubRepo {
    pub caller: ApiCaller,
    pub repo: Repo,
}

impl FromRequestParts<AppState> for HubRepo {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let caller = ApiCaller::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        match crate::repo_ref::named(parts, state, &caller.actor).await {
            Ok(repo) => Ok(HubRepo { caller, repo }),
            Err(e) => Err(op_response(&caller.actor, e)),
        }
    }
}

/// A revision a Hub route names (`…/{rev}`).
#[derive(Debug, Deserialize)]
pub(crate) struct Rev {
    pub rev: String,
}

/// The repository a Hub route names, with the caller's visibility check
/// (for the routes that name it otherwise than `{kinds}/{owner}/{name}`).
pub(crate) async fn load(
    state: &AppState,
    caller: &ApiCaller,
    kinds: &str,
    owner: &str,
    name: &str,
) -> Result<Repo, Response> {
    let kind = kind_of(kinds).ok_or_else(|| repo_not_found(&caller.actor))?;
    commons::find_repo(state, &caller.actor, kind, owner, name)
        .await
        .map_err(|e| op_response(&caller.actor, e))
}

async fn info_response(
    state: &AppState,
    HubRepo { caller, repo }: HubRepo,
    headers: &HeaderMap,
    rev: &str,
) -> Response {
    let commit = match commons::resolve(state, &repo, rev).await {
        Ok(c) => Some(c),
        Err(OpError::NotFound) if rev == "main" => None,
        Err(_) => {
            return hub_error(
                StatusCode::NOT_FOUND,
                "RevisionNotFound",
                "Revision not found",
            );
        }
    };
    let files = match &commit {
        Some(c) => match state.store.commit_files(repo.id, c).await {
            Ok(f) => f,
            Err(e) => return op_response(&caller.actor, e.into()),
        },
        None => Vec::new(),
    };
    conditional::json(headers, &info_json(&repo, commit.as_deref(), Some(&files)))
}

async fn info(State(state): State<AppState>, named: HubRepo, headers: HeaderMap) -> Response {
    info_response(&state, named, &headers, "main").await
}

async fn info_at(
    State(state): State<AppState>,
    named: HubRepo,
    headers: HeaderMap,
    Path(Rev { rev }): Path<Rev>,
) -> Response {
    info_response(&state, named, &headers, &rev).await
}

/// A Hub listing request: `search`, `author`, `filter` (repeatable: every
/// one must be a tag of the repository), `pipeline_tag`, `gated`, `sort`
/// (`downloads`, `createdAt`, `lastModified`), `limit`, `full` and the
/// `cursor` of a next page.
#[derive(Debug, Default, PartialEq)]
pub struct ListQuery {
    search: Option<String>,
    author: Option<String>,
    tags: Vec<String>,
    gated: Option<bool>,
    order: RepoOrder,
    limit: i64,
    full: bool,
    offset: i64,
}

impl ListQuery {
    /// Reads the query string; unknown parameters (`expand`, `cardData`,
    /// `config`, …) are accepted and have no effect on which repositories
    /// are listed (`cardData` is always included).
    /// `page` is the most repositories one page holds.
    pub fn parse(raw: &str, page: i64) -> ListQuery {
        let page = page.max(1);
        let mut q = ListQuery {
            limit: page,
            ..ListQuery::default()
        };
        let non_empty = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            match &*key {
                "search" if q.search.is_none() => q.search = non_empty(&value),
                "author" => q.author = non_empty(&value),
                "filter" | "pipeline_tag" | "library" | "language" => q
                    .tags
                    .extend(non_empty(&value).filter(|t| !q.tags.contains(t))),
                "gated" => q.gated = Some(truthy(&Some(value.into_owned()))),
                "sort" => {
                    q.order = match &*value {
                        "downloads" => RepoOrder::Downloads,
                        "createdAt" | "created_at" => RepoOrder::Created,
                        _ => RepoOrder::Recent,
                    }
                }
                "limit" => q.limit = value.parse::<i64>().unwrap_or(page).clamp(1, page),
                "full" => q.full = truthy(&Some(value.into_owned())),
                "cursor" => q.offset = value.parse::<i64>().unwrap_or(0).max(0),
                _ => {}
            }
        }
        q
    }
}

/// The URL of the next page: this request's, with the cursor moved on
/// (absolute, as the clients follow it as given).
fn next_page_url(headers: &HeaderMap, path: &str, raw: &str, offset: i64) -> Option<String> {
    let origin = crate::origin::origin_of(headers)?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        if k != "cursor" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair("cursor", &offset.to_string());
    Some(format!("{origin}{path}?{}", query.finish()))
}

/// `GET /api/models`, `/api/datasets`, `/api/tools`: the repositories of the
/// kind the route names, a page at a time (see [`ListQuery`]).
async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    route: MatchedPath,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let kind = kind_of(route.as_str().trim_start_matches("/api/")).unwrap_or(RepoKind::Model);
    let raw = raw.unwrap_or_default();
    let q = ListQuery::parse(&raw, state.settings.hub_page_size);
    let public_only =
        match commons::lists_members_only(&state, &caller.actor, caller.user.as_ref()).await {
            Ok(all) => !all,
            Err(e) => return op_response(&caller.actor, e),
        };
    let filter = RepoFilter {
        kind: Some(kind),
        owner: q.author.clone(),
        query: q.search.clone(),
        tags: q.tags.clone(),
        public_only,
        gated: q.gated,
        order: q.order,
        limit: q.limit,
        offset: q.offset,
    };
    let (repos, total) = match state.store.list_repos(&filter).await {
        Ok(r) => r,
        Err(e) => return op_response(&caller.actor, e.into()),
    };
    let mut out = Vec::with_capacity(repos.len());
    for repo in &repos {
        let head = state
            .store
            .branch_head(repo.id, "main")
            .await
            .ok()
            .flatten();
        let files = if q.full {
            match &head {
                Some(h) => state.store.commit_files(repo.id, h).await.ok(),
                None => Some(Vec::new()),
            }
        } else {
            None
        };
        out.push(info_json(repo, head.as_deref(), files.as_deref()));
    }
    let mut response = axum::Json(Value::Array(out)).into_response();
    let next = q.offset + repos.len() as i64;
    if !repos.is_empty() && next < total {
        let path = format!("/api/{}s", kind.as_str());
        if let Some(link) = next_page_url(&headers, &path, &raw, next)
            .and_then(|url| HeaderValue::from_str(&format!("<{url}>; rel=\"next\"")).ok())
        {
            response.headers_mut().insert(header::LINK, link);
        }
    }
    response
}

#[derive(Debug, Default, Deserialize)]
pub struct TreeQuery {
    recursive: Option<String>,
}

async fn tree_response(
    state: &AppState,
    HubRepo { caller, repo }: HubRepo,
    rev: &str,
    under: &str,
    recursive: bool,
) -> Response {
    let Ok(commit) = commons::resolve(state, &repo, rev).await else {
        return hub_error(
            StatusCode::NOT_FOUND,
            "RevisionNotFound",
            "Revision not found",
        );
    };
    let files = match state.store.commit_files(repo.id, &commit).await {
        Ok(f) => f,
        Err(e) => return op_response(&caller.actor, e.into()),
    };
    let prefix = if under.is_empty() {
        String::new()
    } else {
        format!("{}/", under.trim_end_matches('/'))
    };
    let mut entries = Vec::new();
    let mut dirs = std::collections::BTreeSet::new();
    for f in &files {
        let Some(rest) = f.path.as_str().strip_prefix(&prefix) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        for depth in 1..parts.len() {
            if recursive || depth == 1 {
                dirs.insert(format!("{prefix}{}", parts[..depth].join("/")));
            }
        }
        if recursive || parts.len() == 1 {
            entries.push(json!({
                "type": "file",
                "oid": short(f.sha256.as_str()),
                "size": f.size,
                "path": f.path.as_str(),
                "lfs": lfs(f),
            }));
        }
    }
    if !prefix.is_empty() && entries.is_empty() && dirs.is_empty() {
        let mut r = hub_error(StatusCode::NOT_FOUND, "EntryNotFound", "Entry not found");
        if let Ok(v) = HeaderValue::from_str(short(&commit)) {
            r.headers_mut().insert("x-repo-commit", v);
        }
        return r;
    }
    let mut out: Vec<Value> = dirs
        .into_iter()
        .map(|d| json!({ "type": "directory", "oid": "0000000000000000000000000000000000000000", "size": 0, "path": d }))
        .collect();
    out.extend(entries);
    axum::Json(Value::Array(out)).into_response()
}

fn truthy(v: &Option<String>) -> bool {
    v.as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

async fn tree(
    State(state): State<AppState>,
    named: HubRepo,
    Path(Rev { rev }): Path<Rev>,
    Query(q): Query<TreeQuery>,
) -> Response {
    tree_response(&state, named, &rev, "", truthy(&q.recursive)).await
}

#[derive(Debug, Deserialize)]
struct RevPath {
    rev: String,
    path: String,
}

async fn tree_under(
    State(state): State<AppState>,
    named: HubRepo,
    Path(RevPath { rev, path }): Path<RevPath>,
    Query(q): Query<TreeQuery>,
) -> Response {
    tree_response(&state, named, &rev, &path, truthy(&q.recursive)).await
}

fn client_info(headers: &HeaderMap, connect: Option<&ConnectInfo<SocketAddr>>) -> ClientInfo {
    ClientInfo {
        ip: connect.map(|c| c.0.ip().to_string()).unwrap_or_default(),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
    }
}

/// Serves one file of a repository at a revision, honouring `Range`.
#[allow(clippy::too_many_arguments)]
pub async fn serve_file(
    state: &AppState,
    caller: &ApiCaller,
    kind: RepoKind,
    owner: &str,
    name: &str,
    rev: &str,
    path: &str,
    method: &Method,
    headers: &HeaderMap,
    client: ClientInfo,
) -> Response {
    let repo = match commons::find_repo(state, &caller.actor, kind, owner, name).await {
        Ok(r) => r,
        Err(e) => return op_response(&caller.actor, e),
    };
    match commons::file_access(state, &caller.actor, &repo).await {
        Ok(FileAccess::Granted) => {}
        Ok(FileAccess::GatedAnonymous) => {
            return hub_error(
                StatusCode::UNAUTHORIZED,
                "GatedRepo",
                &format!(
                    "Access to {} {} is restricted. You must be authenticated to access it.",
                    kind, repo.repo
                ),
            );
        }
        Ok(FileAccess::GatedNotApproved) => {
            return hub_error(
                StatusCode::FORBIDDEN,
                "GatedRepo",
                &format!(
                    "Access to {} {} is restricted and you are not in the authorized list. Visit the repository page to ask for access.",
                    kind, repo.repo
                ),
            );
        }
        Err(e) => return op_response(&caller.actor, e),
    }
    let Ok(commit) = commons::resolve(state, &repo, rev).await else {
        return hub_error(
            StatusCode::NOT_FOUND,
            "RevisionNotFound",
            "Revision not found",
        );
    };
    let commit_header = HeaderValue::from_str(short(&commit)).expect("hex");
    let files = match state.store.commit_files(repo.id, &commit).await {
        Ok(f) => f,
        Err(e) => return op_response(&caller.actor, e.into()),
    };
    let entry = RepoPath::parse(path)
        .ok()
        .and_then(|p| files.iter().find(|f| f.path == p).cloned());
    let Some(entry) = entry else {
        let mut r = hub_error(StatusCode::NOT_FOUND, "EntryNotFound", "Entry not found");
        r.headers_mut().insert("x-repo-commit", commit_header);
        return r;
    };
    let size = entry.size;
    let etag = format!("\"{}\"", entry.sha256.as_str());
    if conditional::none_match(headers, &etag) {
        let mut r = conditional::not_modified(&etag);
        r.headers_mut().insert("x-repo-commit", commit_header);
        return r;
    }
    // A Range under a stale If-Range validator gets the whole file.
    let range_header = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .filter(|_| conditional::range_applies(headers, &etag));
    let range = parse_range(range_header, size);
    let head = method == Method::HEAD;
    let mut builder = Response::builder()
        .header(header::ETAG, etag)
        .header("x-repo-commit", commit_header)
        .header("x-linked-size", size.to_string())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CACHE_CONTROL, "private, max-age=0, must-revalidate");
    let (status, start, end) = match range {
        ByteRange::Whole => (StatusCode::OK, 0, size),
        ByteRange::Part(a, b) => {
            if let Some(value) = range.content_range(size) {
                builder = builder.header(header::CONTENT_RANGE, value);
            }
            (StatusCode::PARTIAL_CONTENT, a, b)
        }
        ByteRange::Unsatisfiable => {
            return Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(
                    header::CONTENT_RANGE,
                    range.content_range(size).unwrap_or_default(),
                )
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"error\":\"range not satisfiable\"}"))
                .expect("valid response");
        }
    };
    let paths: Vec<RepoPath> = files.iter().map(|f| f.path.clone()).collect();
    commons::count_download(
        state,
        &repo,
        &paths,
        &entry.path,
        head,
        (status == StatusCode::PARTIAL_CONTENT).then_some(start),
        &client,
    )
    .await;
    builder = builder
        .status(status)
        .header(header::CONTENT_LENGTH, (end - start).to_string());
    if head {
        return builder.body(Body::empty()).expect("valid response");
    }
    match waico_store::blobs::get_range(&state.artifacts, entry.sha256.as_str(), start..end).await {
        Ok(stream) => builder
            .body(Body::from_stream(stream))
            .expect("valid response"),
        Err(e) => {
            tracing::error!(error = %e, sha256 = entry.sha256.as_str(), "blob missing from the artifact store");
            hub_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "",
                "file temporarily unavailable",
            )
        }
    }
}

/// The kind of repository a `resolve` (or LFS batch) route serves, read
/// from the route it matched: `/datasets/…`, `/tools/…`, or a model (no
/// prefix, as on the Hub).
pub(crate) fn resolved_kind(route: &MatchedPath) -> RepoKind {
    let route = route.as_str();
    if route.starts_with("/datasets/") {
        RepoKind::Dataset
    } else if route.starts_with("/tools/") {
        RepoKind::Tool
    } else {
        RepoKind::Model
    }
}

/// `GET`/`HEAD /[datasets/|tools/]{owner}/{name}/resolve/{rev}/{*path}`: one
/// file of a repository of any kind, whole or by `Range`.
async fn resolve(
    State(state): State<AppState>,
    caller: ApiCaller,
    route: MatchedPath,
    method: Method,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Path((owner, name, rev, path)): Path<(String, String, String, String)>,
) -> Response {
    let client = client_info(&headers, extensions.get::<ConnectInfo<SocketAddr>>());
    let kind = resolved_kind(&route);
    serve_file(
        &state, &caller, kind, &owner, &name, &rev, &path, &method, &headers, client,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_dates_have_milliseconds_and_z() {
        assert_eq!(iso_ms(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn listing_queries_read_repeated_filters_and_clamp_pages() {
        let q = ListQuery::parse(
            "search=bert&author=KEN&filter=fill-mask&filter=sw&pipeline_tag=fill-mask\
             &gated=True&sort=downloads&limit=5000&full=true&cursor=40&expand=downloads",
            100,
        );
        assert_eq!(
            q,
            ListQuery {
                search: Some("bert".into()),
                author: Some("KEN".into()),
                tags: vec!["fill-mask".into(), "sw".into()],
                gated: Some(true),
                order: RepoOrder::Downloads,
                limit: 100,
                full: true,
                offset: 40,
            }
        );
        let q = ListQuery::parse("limit=0&cursor=-3&sort=createdAt&gated=false", 100);
        assert_eq!(
            (q.limit, q.offset, q.order, q.gated),
            (1, 0, RepoOrder::Created, Some(false))
        );
    }

    #[test]
    fn the_next_page_keeps_the_query_and_moves_the_cursor() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("hub.example:8080"));
        assert_eq!(
            next_page_url(&headers, "/api/models", "filter=a+b&cursor=2&limit=3", 5).as_deref(),
            Some("http://hub.example:8080/api/models?filter=a+b&limit=3&cursor=5")
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(
            next_page_url(&headers, "/api/models", "", 1)
                .unwrap()
                .starts_with("https://hub.example:8080/")
        );
        assert_eq!(next_page_url(&HeaderMap::new(), "/api/models", "", 1), None);
    }
}
