//! `/api/v1/commons`: creating repositories, uploading blobs (streamed, by
//! hash, so a re-run skips what the server has), committing, history, tags,
//! gated access, and search with facets. Reading files goes through the
//! Hugging Face compatible routes of [`crate::hub`].

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waico_commons::repo::RepoKind;
use waico_commons::search::{Filters, Query, Sort};
use waico_store::{AccessRequest, CommitInfo, Repo, RepoFilter};

use super::ApiQuery;
use crate::AppState;
use crate::auth::ApiCaller;
use crate::hub::short;
use crate::problem::{ApiJson, FieldError, Problem};
use crate::repo_ref::{ApiRepo, RepoParams};
use waico_app::OpError;
use waico_app::commons::{self, CommitInput, PushError, RepoInput};

/// A repository as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepoView {
    /// model, dataset or tool.
    pub kind: String,
    /// `owner/name`.
    pub id: String,
    pub owner: String,
    pub name: String,
    /// state, institution or person.
    pub owner_kind: String,
    /// public, gated or members_only.
    #[schema(pattern = "^(public|gated|members_only)$")]
    pub visibility: String,
    pub title: String,
    pub summary: String,
    /// The card's metadata as parsed (licence, languages, tags, …).
    #[schema(value_type = Object)]
    pub card: serde_json::Value,
    /// Problems found in the card (shown to the owner).
    #[schema(value_type = Vec<Object>)]
    pub card_problems: serde_json::Value,
    pub downloads: i64,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&Repo> for RepoView {
    fn from(r: &Repo) -> Self {
        RepoView {
            kind: r.kind.as_str().to_owned(),
            id: r.repo.to_string(),
            owner: r.repo.owner().to_owned(),
            name: r.repo.name().to_owned(),
            owner_kind: r.owner_kind.slug().to_owned(),
            visibility: r.visibility.as_str().to_owned(),
            title: r.title.clone(),
            summary: r.summary.clone(),
            card: r.card_metadata.clone(),
            card_problems: r.card_problems.clone(),
            downloads: r.downloads,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitView {
    /// The full 64-digit id.
    pub id: String,
    /// The 40-digit id Hugging Face clients see (`X-Repo-Commit`).
    pub short_id: String,
    pub parent: Option<String>,
    pub author: String,
    pub message: String,
    /// Seconds since the Unix epoch.
    pub time: i64,
    pub branch: String,
}

impl From<CommitInfo> for CommitView {
    fn from(c: CommitInfo) -> Self {
        CommitView {
            short_id: short(&c.id).to_owned(),
            id: c.id,
            parent: c.parent,
            author: c.author,
            message: c.message,
            time: c.time,
            branch: c.branch,
        }
    }
}

fn op(e: OpError) -> Problem {
    e.into()
}

/// The caller's account; 401 without a token.
fn signed_in(caller: &ApiCaller) -> Result<&waico_store::User, Problem> {
    caller
        .user
        .as_ref()
        .ok_or_else(|| op(OpError::Unauthenticated))
}

fn push_problem(e: PushError) -> Problem {
    match e {
        PushError::Fields(errors) => Problem::invalid(errors),
        PushError::Op(OpError::Conflict { field: "parent" }) => {
            let mut p = Problem::new(
                StatusCode::CONFLICT,
                "the branch moved: the parent is not the branch head any more; fetch the head and retry".to_owned(),
            );
            p.errors.push(FieldError {
                field: "parent".into(),
                code: "err-commons-stale-parent".into(),
                message: "not the branch head".into(),
            });
            p
        }
        PushError::Op(e) => e.into(),
    }
}

/// Creates a repository owned by a member state, an institution or a person.
#[utoipa::path(
    post, path = "/api/v1/commons/repos", tag = "commons",
    request_body = RepoInput,
    security(("token" = [])),
    responses(
        (status = 404, description = "No such owner (the field `owner` is named)", body = Problem, content_type = "application/problem+json"),
        (status = 201, description = "Created", body = RepoView),
        (status = 401, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to publish for this owner", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Exists already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_repo(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<RepoInput>,
) -> Result<(StatusCode, axum::Json<RepoView>), Problem> {
    let repo = commons::create_repo(&state, &caller.actor, &input)
        .await
        .map_err(op)?;
    Ok((StatusCode::CREATED, axum::Json(RepoView::from(&repo))))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// model, dataset or tool (empty: any).
    #[param(pattern = "^(|model|dataset|tool)$")]
    kind: Option<String>,
    owner: Option<String>,
    /// Part of `owner/name` or the title.
    q: Option<String>,
    /// recent (default), downloads or created.
    sort: Option<String>,
    /// Items per page, 1 to 500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Items to skip (default 0).
    #[param(minimum = 0)]
    offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReposPage {
    pub items: Vec<RepoView>,
    pub total: i64,
}

/// Repositories, newest or most downloaded first.
#[utoipa::path(
    get, path = "/api/v1/commons/repos", tag = "commons",
    security((), ("token" = [])),
    params(ListParams),
    responses((status = 200, description = "A page of repositories", body = ReposPage))
)]
pub async fn list_repos(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<ListParams>,
) -> Result<axum::Json<ReposPage>, Problem> {
    let (limit, offset) = super::PageParams {
        limit: q.limit,
        offset: q.offset,
    }
    .checked()?;
    let kind = match q.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(k.parse::<RepoKind>().map_err(|_| {
            Problem::invalid(vec![FieldError {
                field: "kind".into(),
                code: "err-commons-kind".into(),
                message: "expected model, dataset or tool".into(),
            }])
        })?),
    };
    let order = match q.sort.as_deref() {
        Some("downloads") => waico_store::RepoOrder::Downloads,
        Some("created") => waico_store::RepoOrder::Created,
        _ => waico_store::RepoOrder::Recent,
    };
    let public_only = !commons::lists_members_only(&state, &caller.actor, caller.user.as_ref())
        .await
        .map_err(op)?;
    let (repos, total) = state
        .store
        .list_repos(&RepoFilter {
            kind,
            owner: q.owner,
            query: q.q,
            public_only,
            order,
            limit,
            offset,
            ..RepoFilter::default()
        })
        .await
        .map_err(|e| op(e.into()))?;
    Ok(axum::Json(ReposPage {
        items: repos.iter().map(RepoView::from).collect(),
        total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RefView {
    pub name: String,
    /// branch or tag.
    pub kind: String,
    pub commit: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RepoDetail {
    pub repo: RepoView,
    pub refs: Vec<RefView>,
    /// Head of `main`, if any commit exists.
    pub head: Option<String>,
    /// Downloads per day (`YYYY-MM-DD`, count), oldest first.
    pub downloads_by_day: Vec<(String, i64)>,
}

/// One repository with its branches, tags and download history.
#[utoipa::path(
    get, path = "/api/v1/commons/{kinds}/{owner}/{name}", tag = "commons",
    params(RepoParams),
    responses(
        (status = 200, description = "The repository", body = RepoDetail),
        (status = 404, description = "No such repository", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_repo(
    State(state): State<AppState>,
    ApiRepo { repo, .. }: ApiRepo,
) -> Result<axum::Json<RepoDetail>, Problem> {
    let refs = state
        .store
        .list_refs(repo.id)
        .await
        .map_err(|e| op(e.into()))?;
    let head = refs
        .iter()
        .find(|r| r.name == "main" && r.kind == "branch")
        .map(|r| r.commit.clone());
    Ok(axum::Json(RepoDetail {
        repo: RepoView::from(&repo),
        refs: refs
            .into_iter()
            .map(|r| RefView {
                name: r.name,
                kind: r.kind,
                commit: r.commit,
            })
            .collect(),
        head,
        downloads_by_day: state
            .store
            .downloads_by_day(repo.id)
            .await
            .map_err(|e| op(e.into()))?,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RepoChangeInput {
    /// public, gated or members_only.
    pub visibility: String,
}

/// Changes who may see a repository (its managers only). A members-only
/// repository is then found only by the searches of those who may read
/// members-only content, of this process at once and of the others
/// sharing the database within their `search_follow_ms`.
#[utoipa::path(
    patch, path = "/api/v1/commons/{kinds}/{owner}/{name}", tag = "commons",
    params(RepoParams),
    request_body = RepoChangeInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Changed", body = RepoView),
        (status = 401, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to manage this repository", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such repository", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid visibility", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_repo(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    ApiJson(input): ApiJson<RepoChangeInput>,
) -> Result<axum::Json<RepoView>, Problem> {
    let changed = commons::set_visibility(&state, &caller.actor, &repo, &input.visibility)
        .await
        .map_err(op)?;
    Ok(axum::Json(RepoView::from(&changed)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct BlobCheck {
    /// Hex SHA-256 digests the client means to upload.
    pub sha256: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlobCheckResult {
    /// The digests the server does not hold yet (upload these).
    pub missing: Vec<String>,
}

/// Which blobs the server lacks, so that a push skips the others.
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/blobs/check", tag = "commons",
    params(RepoParams),
    request_body = BlobCheck,
    responses((status = 200, description = "Missing blobs", body = BlobCheckResult))
)]
pub async fn check_blobs(
    State(state): State<AppState>,
    _readable: ApiRepo,
    ApiJson(input): ApiJson<BlobCheck>,
) -> Result<axum::Json<BlobCheckResult>, Problem> {
    if input.sha256.len() > 100_000 {
        return Err(Problem::invalid(vec![FieldError {
            field: "sha256".into(),
            code: "err-too-many".into(),
            message: "at most 100000 digests per request".into(),
        }]));
    }
    let mut missing = Vec::new();
    for sha in input.sha256 {
        // Asking renews the lease of a stored blob, so that it is still
        // there when the client commits.
        let lease = state
            .store
            .touch_blob(&sha)
            .await
            .map_err(|e| op(e.into()))?;
        if !matches!(lease, waico_store::BlobLease::Held(_)) {
            missing.push(sha);
        }
    }
    Ok(axum::Json(BlobCheckResult { missing }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BlobStored {
    pub sha256: String,
    pub size: u64,
    /// False when the server already held this blob.
    pub created: bool,
}

/// The blob a route names after the repository (`…/blobs/{sha256}`).
#[derive(Debug, Deserialize)]
pub struct BlobPath {
    sha256: String,
}

/// Uploads one file's bytes, streamed, addressed by their SHA-256. The
/// body must be exactly `Content-Length` bytes hashing to the digest;
/// otherwise nothing is stored. The per-file limit of the commons applies
/// (not the general request body limit).
#[utoipa::path(
    put, path = "/api/v1/commons/{kinds}/{owner}/{name}/blobs/{sha256}", tag = "commons",
    params(RepoParams, ("sha256" = String, Path, description = "hex SHA-256 of the body")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Stored", body = BlobStored),
        (status = 200, description = "Already stored", body = BlobStored),
        (status = 409, description = "Over the per-file limit, or interrupted", body = Problem, content_type = "application/problem+json"),
        (status = 411, description = "Content-Length required", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Hash or size mismatch", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn upload_blob(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    Path(BlobPath { sha256 }): Path<BlobPath>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, axum::Json<BlobStored>), Problem> {
    let Some(size) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    else {
        return Err(Problem::new(
            StatusCode::LENGTH_REQUIRED,
            "send the file with a Content-Length".to_owned(),
        ));
    };
    let created = commons::upload_blob(
        &state,
        &caller.actor,
        &repo,
        &sha256,
        size,
        body.into_data_stream(),
    )
    .await
    .map_err(op)?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        axum::Json(BlobStored {
            sha256,
            size,
            created,
        }),
    ))
}

/// Appends a commit to a branch. `parent` must be the branch head, else
/// 409: two pushes never lose a commit.
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/commits", tag = "commons",
    params(RepoParams),
    request_body = CommitInput,
    security(("token" = [])),
    responses(
        (status = 201, description = "Committed", body = CommitView),
        (status = 409, description = "The parent is not the branch head", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid changes (paths, unknown blobs, limits)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_commit(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    ApiJson(input): ApiJson<CommitInput>,
) -> Result<(StatusCode, axum::Json<CommitView>), Problem> {
    let user = signed_in(&caller)?;
    let info = commons::push(&state, &caller.actor, user, &repo, &input)
        .await
        .map_err(push_problem)?;
    Ok((StatusCode::CREATED, axum::Json(info.into())))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryParams {
    /// Branch, tag or commit to start from (default main).
    rev: Option<String>,
    /// The next page: a commit id (64 digits or the first 40); the page
    /// lists the commits older than it, starting with its parent. The
    /// `Link: <…>; rel="next"` header of a full page carries it.
    before: Option<String>,
    /// At most this many commits (default 50, at most 500).
    limit: Option<usize>,
}

/// The history of a revision, newest first, a page at a time.
///
/// When older commits remain, the answer carries `Link: <…&before=ID>; rel="next"`,
/// `ID` being the last commit listed.
#[utoipa::path(
    get, path = "/api/v1/commons/{kinds}/{owner}/{name}/commits", tag = "commons",
    params(RepoParams, HistoryParams),
    responses(
        (status = 200, description = "Commits, newest first", body = Vec<CommitView>,
            headers(("Link" = String, description = "`<…&before=ID>; rel=\"next\"` when older commits remain"))),
        (status = 404, description = "No such repository, revision or `before` commit", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    ApiRepo { repo, .. }: ApiRepo,
    ApiQuery(q): ApiQuery<HistoryParams>,
) -> Result<(HeaderMap, axum::Json<Vec<CommitView>>), Problem> {
    let rev = q.rev.clone().unwrap_or_else(|| "main".into());
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let page = commons::history_page(&state, &repo, &rev, q.before.as_deref(), limit)
        .await
        .map_err(op)?;
    let mut headers = HeaderMap::new();
    if let Some(last) = &page.next_before {
        let query = serde_urlencoded::to_string([
            ("rev", rev.as_str()),
            ("before", last.as_str()),
            ("limit", &limit.to_string()),
        ])
        .unwrap_or_default();
        let link = format!(
            "</api/v1/commons/{}s/{}/commits?{query}>; rel=\"next\"",
            repo.kind.as_str(),
            repo.repo
        );
        if let Ok(value) = link.parse() {
            headers.insert(header::LINK, value);
        }
    }
    Ok((
        headers,
        axum::Json(page.commits.into_iter().map(Into::into).collect()),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FileView {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TreeView {
    pub commit: String,
    pub files: Vec<FileView>,
}

/// The revision a route names after the repository (`…/tree/{rev}`).
#[derive(Debug, Deserialize)]
pub struct RevPath {
    rev: String,
}

/// Every file of a revision.
#[utoipa::path(
    get, path = "/api/v1/commons/{kinds}/{owner}/{name}/tree/{rev}", tag = "commons",
    params(RepoParams, ("rev" = String, Path)),
    responses((status = 200, description = "Files", body = TreeView))
)]
pub async fn tree(
    State(state): State<AppState>,
    ApiRepo { repo, .. }: ApiRepo,
    Path(RevPath { rev }): Path<RevPath>,
) -> Result<axum::Json<TreeView>, Problem> {
    let commit = commons::resolve(&state, &repo, &rev).await.map_err(op)?;
    let files = state
        .store
        .commit_files(repo.id, &commit)
        .await
        .map_err(|e| op(e.into()))?;
    Ok(axum::Json(TreeView {
        commit,
        files: files
            .into_iter()
            .map(|f| FileView {
                path: f.path.to_string(),
                size: f.size,
                sha256: f.sha256.to_string(),
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TagInput {
    pub name: String,
    /// Branch, tag or commit the tag points at.
    pub revision: String,
}

/// Creates or moves a tag.
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/tags", tag = "commons",
    params(RepoParams),
    request_body = TagInput,
    security(("token" = [])),
    responses(
        (status = 201, description = "Tagged", body = RefView),
        (status = 409, description = "The name is taken by a branch or by a tag of another commit (tags never move)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_tag(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    ApiJson(input): ApiJson<TagInput>,
) -> Result<(StatusCode, axum::Json<RefView>), Problem> {
    let commit = commons::tag(&state, &caller.actor, &repo, &input.name, &input.revision)
        .await
        .map_err(push_problem)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(RefView {
            name: input.name,
            kind: "tag".into(),
            commit,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AccessInput {
    /// Why the caller needs the files.
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessView {
    pub username: String,
    pub reason: String,
    /// pending, approved or rejected.
    pub status: String,
    pub decision_reason: Option<String>,
    pub requested_at: i64,
}

impl From<AccessRequest> for AccessView {
    fn from(a: AccessRequest) -> Self {
        AccessView {
            username: a.username,
            reason: a.reason,
            status: a.status.slug().to_owned(),
            decision_reason: a.decision_reason,
            requested_at: a.requested_at,
        }
    }
}

/// The access request of `user` to `repo`, as it stands now.
async fn access_view(state: &AppState, repo: &Repo, user: i64) -> Result<AccessView, Problem> {
    let request = state
        .store
        .access_of(repo.id, user)
        .await
        .map_err(|e| op(e.into()))?
        .ok_or_else(|| op(OpError::NotFound))?;
    Ok(request.into())
}

/// Asks for access to a gated repository.
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/access", tag = "commons",
    params(RepoParams),
    request_body = AccessInput,
    security(("token" = [])),
    responses(
        (status = 202, description = "Requested", body = AccessView),
        (status = 409, description = "The repository is not gated", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A reason is required", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn request_access(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    ApiJson(input): ApiJson<AccessInput>,
) -> Result<(StatusCode, axum::Json<AccessView>), Problem> {
    let user = signed_in(&caller)?;
    commons::request_access(&state, &caller.actor, &repo, &input.reason)
        .await
        .map_err(op)?;
    let view = access_view(&state, &repo, user.id).await?;
    Ok((StatusCode::ACCEPTED, axum::Json(view)))
}

/// Access requests of a repository (its managers only).
#[utoipa::path(
    get, path = "/api/v1/commons/{kinds}/{owner}/{name}/access", tag = "commons",
    params(RepoParams),
    security(("token" = [])),
    responses((status = 200, description = "Requests, pending first", body = Vec<AccessView>))
)]
pub async fn list_access(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
) -> Result<axum::Json<Vec<AccessView>>, Problem> {
    if !commons::may_manage(&state, &caller.actor, &repo).await {
        return Err(op(if caller.user.is_none() {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        }));
    }
    let list = state
        .store
        .list_access(repo.id)
        .await
        .map_err(|e| op(e.into()))?;
    Ok(axum::Json(list.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    /// approve or reject.
    #[schema(pattern = "^(approve|reject)$")]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

/// The user whose request a route names (`…/access/{username}`).
#[derive(Debug, Deserialize)]
pub struct RequestPath {
    username: String,
}

/// Approves or rejects a user's request, with a reason.
#[utoipa::path(
    post, path = "/api/v1/commons/{kinds}/{owner}/{name}/access/{username}", tag = "commons",
    params(RepoParams, ("username" = String, Path)),
    request_body = DecisionInput,
    security(("token" = [])),
    responses(
        (status = 200, description = "Decided", body = AccessView),
        (status = 404, description = "No such request", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn decide_access(
    State(state): State<AppState>,
    ApiRepo { caller, repo }: ApiRepo,
    Path(RequestPath { username }): Path<RequestPath>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<axum::Json<AccessView>, Problem> {
    let approve = match input.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(Problem::invalid(vec![FieldError {
                field: "decision".into(),
                code: "err-invalid".into(),
                message: "approve or reject".into(),
            }]));
        }
    };
    let user = commons::decide_access(
        &state,
        &caller.actor,
        &repo,
        &username,
        approve,
        &input.reason,
    )
    .await
    .map_err(op)?;
    Ok(axum::Json(access_view(&state, &repo, user).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words in any of the six languages.
    q: Option<String>,
    /// model, dataset, tool (comma-separated to OR).
    #[param(pattern = "^(\\s*(model|dataset|tool)?\\s*)(,\\s*(model|dataset|tool)?\\s*)*$")]
    kind: Option<String>,
    /// Pipeline tag (task), comma-separated.
    task: Option<String>,
    /// Licence key (`apache-2.0`), comma-separated.
    license: Option<String>,
    /// Language code, comma-separated.
    language: Option<String>,
    owner: Option<String>,
    /// Owner's country, ISO alpha-2 (comma-separated).
    #[param(pattern = "^(\\s*([A-Za-z]{2})?\\s*)(,\\s*([A-Za-z]{2})?\\s*)*$")]
    country: Option<String>,
    /// UN M49 region code of the owner's country (`002` or `2` for Africa), comma-separated.
    region: Option<String>,
    /// true, false or unknown (the owner's country has an unclassified income group).
    global_south: Option<waico_members::GlobalSouth>,
    /// relevance (default), downloads or recent.
    #[param(pattern = "^(relevance|downloads|recent)?$")]
    sort: Option<String>,
    /// Hits per page (1 to 100; default 20; others are brought into range).
    limit: Option<usize>,
    /// Hits to skip, at most 10000.
    #[param(minimum = 0, maximum = 10_000)]
    offset: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    pub kind: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub task: Option<String>,
    pub license: Option<String>,
    pub languages: Vec<String>,
    pub owner_country: Option<String>,
    pub downloads: u64,
    pub updated_at: i64,
    pub score: Option<f32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Facet name → values with counts over the whole result set.
    #[schema(value_type = Object)]
    pub facets: serde_json::Value,
}

fn list_param(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Builds a search query from parameters; a problem names a bad one.
pub fn search_query(p: &SearchParams) -> Result<Query, Problem> {
    let mut kinds = Vec::new();
    for k in list_param(&p.kind) {
        kinds.push(k.parse::<RepoKind>().map_err(|_| {
            Problem::invalid(vec![FieldError {
                field: "kind".into(),
                code: "err-commons-kind".into(),
                message: "expected model, dataset or tool".into(),
            }])
        })?);
    }
    let countries = list_param(&p.country);
    if countries
        .iter()
        .any(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return Err(Problem::invalid(vec![FieldError {
            field: "country".into(),
            code: "err-country".into(),
            message: "two-letter ISO 3166-1 codes".into(),
        }]));
    }
    if p.offset.is_some_and(|o| o > 10_000) {
        return Err(Problem::invalid(vec![FieldError {
            field: "offset".into(),
            code: "err-range".into(),
            message: "at most 10000".into(),
        }]));
    }
    let sort = match p.sort.as_deref().unwrap_or("relevance") {
        "relevance" | "" => Sort::Relevance,
        "downloads" => Sort::Downloads,
        "recent" => Sort::Recent,
        _ => {
            return Err(Problem::invalid(vec![FieldError {
                field: "sort".into(),
                code: "err-invalid".into(),
                message: "relevance, downloads or recent".into(),
            }]));
        }
    };
    Ok(Query {
        text: p.q.clone().unwrap_or_default(),
        filters: Filters {
            kind: kinds,
            task: list_param(&p.task),
            license: list_param(&p.license),
            language: list_param(&p.language),
            owner: list_param(&p.owner),
            owner_country: countries
                .into_iter()
                .map(|c| c.to_ascii_uppercase())
                .collect(),
            region: list_param(&p.region),
            global_south: p.global_south,
            include_members_only: false,
        },
        sort,
        offset: p.offset.unwrap_or(0),
        limit: p.limit.unwrap_or(20).clamp(1, 100),
        facets: true,
    })
}

/// Full-text and faceted search across names, cards and tags. Members-only
/// repositories are found (and counted in facets) only by callers who may
/// read members-only content, as in the listings.
#[utoipa::path(
    get, path = "/api/v1/commons/search", tag = "commons",
    security((), ("token" = [])),
    params(SearchParams),
    responses(
        (status = 200, description = "Hits and facet counts", body = SearchResults),
        (status = 422, description = "Invalid parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<axum::Json<SearchResults>, Problem> {
    let mut query = search_query(&p)?;
    query.filters.include_members_only =
        commons::lists_members_only(&state, &caller.actor, caller.user.as_ref())
            .await
            .map_err(op)?;
    let results = commons::search(&state, &query).await.map_err(op)?;
    Ok(axum::Json(SearchResults {
        total: results.total,
        hits: results
            .hits
            .into_iter()
            .map(|h| SearchHit {
                kind: h.doc.kind.as_str().to_owned(),
                id: h.doc.id.to_string(),
                title: h.doc.title,
                summary: h.doc.summary,
                task: h.doc.task,
                license: h.doc.license,
                languages: h.doc.languages,
                owner_country: h.doc.owner_country,
                downloads: h.doc.downloads,
                updated_at: h.doc.updated_at,
                score: h.score,
            })
            .collect(),
        facets: serde_json::to_value(results.facets).unwrap_or_default(),
    }))
}
