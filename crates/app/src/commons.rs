//! Operations of the commons shared by the API, the Hugging Face compatible
//! routes and the pages: owners and rights, creating repositories,
//! receiving blobs, pushing commits (with their cards), visibility, gated
//! access, the search index that follows every write (those of other
//! processes through [`follow`]), and download counting.

use std::collections::HashMap;

use bytes::Bytes;
use futures::Stream;
use serde::Deserialize;
use waico_commons::card::{Card, parse_card};
use waico_commons::downloads::{FileRequest, Method};
use waico_commons::repo::{
    Change, Commit, RepoId, RepoKind, RepoPath, Revision, Sha256, Visibility,
};
use waico_commons::search::RepoDoc;
use waico_members::policy::{Action, Actor, Affiliation, CommonsOwner, RepoFacts, Sharing};
use waico_members::{CountryCode, Invalid};
use waico_store::blobs::{self, BlobError};
use waico_store::{BlobLease, CommitInfo, NewRepo, OwnerKind, Repo, RepoFilter, StoreError, User};

use crate::AppState;
use crate::error::{FieldError, OpError, require};

pub mod follow;
pub mod followed;
pub mod import;
pub mod live;
pub mod manage;
pub mod purge;
pub mod tickets;

pub use live::Commons;

/// The largest README read to parse its card.
const MAX_CARD_BYTES: u64 = 1024 * 1024;

fn invalid(field: &'static str, key: &'static str) -> OpError {
    OpError::Invalid(vec![Invalid { field, key }])
}

/// An owner namespace resolved: a member state (`KEN`), a person (their
/// user name) or an institution (the slug of its name).
#[derive(Debug, Clone)]
pub struct Owner {
    pub kind: OwnerKind,
    pub policy: CommonsOwner,
    pub country: Option<CountryCode>,
    /// How pages name the owner.
    pub display: String,
}

/// The namespace slug of an institution's name: lowercase ASCII letters and
/// digits joined by `-` (`institution-<id>` when nothing is left).
pub fn institution_slug(id: i64, name: &str) -> String {
    let folded = waico_members::country::fold(name);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug
        .trim_end_matches('-')
        .chars()
        .take(90)
        .collect::<String>();
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        format!("institution-{id}")
    } else {
        slug
    }
}

pub async fn resolve_owner(state: &AppState, owner: &str) -> Result<Owner, OpError> {
    if owner.len() == 3
        && owner.bytes().all(|b| b.is_ascii_uppercase())
        && let Ok(code) = CountryCode::parse(owner)
    {
        return Ok(Owner {
            kind: OwnerKind::State,
            policy: CommonsOwner::State(code),
            country: Some(code),
            display: code.country().name(waico_members::Lang::En).to_owned(),
        });
    }
    if let Ok(user) = state.store.user_by_username(owner).await
        && user.username == owner
    {
        return Ok(Owner {
            kind: OwnerKind::Person,
            policy: CommonsOwner::Person(user.id),
            country: user.country,
            display: user.display_name.clone(),
        });
    }
    let (institutions, _) = state
        .store
        .list_institutions(&waico_store::InstitutionFilter {
            limit: 100_000,
            ..Default::default()
        })
        .await?;
    institutions
        .into_iter()
        .find(|i| institution_slug(i.id, &i.name) == owner)
        .map(|i| Owner {
            kind: OwnerKind::Institution,
            policy: CommonsOwner::Institution {
                id: i.id,
                country: i.country,
            },
            country: Some(i.country),
            display: i.name,
        })
        .ok_or_else(|| invalid("owner", "err-commons-owner"))
}

/// Fields of a new repository as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RepoInput {
    /// model, dataset or tool.
    #[schema(pattern = "^(model|dataset|tool)$")]
    pub kind: String,
    /// A member state's ISO alpha-3 code, an institution's slug or a user
    /// name (404 when there is no such owner).
    #[schema(
        max_length = 96,
        pattern = "^[A-Za-z0-9](([A-Za-z0-9_-]|\\.[A-Za-z0-9_-])*([A-Za-z0-9_]|\\.[A-Za-z0-9_]))?$"
    )]
    pub owner: String,
    /// Letters, digits, `.`, `_` or `-`, starting with a letter or digit,
    /// no `..`, not ending with `.`, `-` or `.git`; at most 96.
    #[schema(
        max_length = 96,
        pattern = "^[A-Za-z0-9](([A-Za-z0-9_-]|\\.[A-Za-z0-9_-])*([A-Za-z0-9_]|\\.[A-Za-z0-9_]))?$"
    )]
    pub name: String,
    /// public (default), gated or members_only.
    #[serde(default)]
    #[schema(pattern = "^(|public|gated|members_only)$")]
    pub visibility: Option<String>,
}

pub async fn create_repo(
    state: &AppState,
    actor: &Actor,
    input: &RepoInput,
) -> Result<Repo, OpError> {
    if *actor == Actor::Anonymous {
        return Err(OpError::Unauthenticated);
    }
    let mut errors = Vec::new();
    let kind = input
        .kind
        .parse::<RepoKind>()
        .map_err(|_| {
            errors.push(Invalid {
                field: "kind",
                key: "err-commons-kind",
            })
        })
        .ok();
    let repo = RepoId::new(&input.owner, &input.name)
        .map_err(|_| {
            errors.push(Invalid {
                field: "name",
                key: "err-commons-name",
            })
        })
        .ok();
    let visibility = input
        .visibility
        .as_deref()
        .filter(|v| !v.is_empty())
        .unwrap_or("public")
        .parse::<Visibility>()
        .map_err(|_| {
            errors.push(Invalid {
                field: "visibility",
                key: "err-commons-visibility",
            })
        })
        .ok();
    if !errors.is_empty() {
        return Err(OpError::Invalid(errors));
    }
    if RESERVED_OWNERS.contains(&input.owner.to_ascii_lowercase().as_str()) {
        return Err(invalid("owner", "err-commons-owner"));
    }
    let owner = resolve_owner(state, &input.owner).await?;
    require(
        actor,
        Action::ManageCommons {
            owner: owner.policy,
        },
    )?;
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    let created = state
        .store
        .create_repo(&NewRepo {
            kind: kind.expect("checked"),
            repo: repo.expect("checked"),
            owner_kind: owner.kind,
            visibility: visibility.expect("checked"),
            created_by: *id,
        })
        .await?;
    index_repo(state, &created).await;
    Ok(created)
}

/// The standing of the states `user` is affiliated with: their own
/// country and their institution's country. Anonymous: none.
pub async fn affiliation(state: &AppState, user: Option<&User>) -> Result<Affiliation, OpError> {
    let Some(user) = user else {
        return Ok(Affiliation::default());
    };
    let standing = |country: Option<CountryCode>| async move {
        Ok::<_, OpError>(match country {
            Some(c) => state.store.membership(c).await?.map(|m| m.status),
            None => None,
        })
    };
    let institution_country = match user.institution_id {
        Some(id) => match state.store.institution(id).await {
            Ok(i) => Some(i.country),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    Ok(Affiliation {
        country: standing(user.country).await?,
        institution_country: standing(institution_country).await?,
    })
}

/// The affiliation of the user behind `actor` (read from the store).
async fn actor_affiliation(state: &AppState, actor: &Actor) -> Result<Affiliation, OpError> {
    match actor {
        Actor::Anonymous => Ok(Affiliation::default()),
        Actor::User { id, .. } => {
            let user = state.store.user(*id).await?;
            affiliation(state, Some(&user)).await
        }
    }
}

/// Whether listings and searches shown to `actor` (the signed-in `user`,
/// if any) may hold members-only repositories; when not, listings are
/// asked with `RepoFilter::public_only`, and searches leave
/// `Filters::include_members_only` unset.
pub async fn lists_members_only(
    state: &AppState,
    actor: &Actor,
    user: Option<&User>,
) -> Result<bool, OpError> {
    let affiliation = affiliation(state, user).await?;
    Ok(waico_members::may(
        actor,
        Action::ReadMembersOnly { affiliation },
    ))
}

/// What the policy needs to know of `repo` and of `actor`'s relation to
/// it. The anonymous have no affiliation, manage nothing and have no
/// approved request, so nothing is looked up for them.
pub async fn repo_facts(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
) -> Result<RepoFacts, OpError> {
    let sharing = match repo.visibility {
        Visibility::Public => Sharing::Public,
        Visibility::Gated => Sharing::Gated,
        Visibility::MembersOnly => Sharing::MembersOnly,
    };
    let Actor::User { id, .. } = actor else {
        return Ok(RepoFacts {
            owner: None,
            sharing,
            affiliation: Affiliation::default(),
            approved: false,
        });
    };
    let owner = match resolve_owner(state, repo.repo.owner()).await {
        Ok(owner) => Some(owner.policy),
        Err(OpError::Invalid(_)) => None,
        Err(e) => return Err(e),
    };
    let approved = matches!(
        state.store.access_of(repo.id, *id).await?,
        Some(a) if a.status == waico_store::AccessStatus::Approved
    );
    Ok(RepoFacts {
        owner,
        sharing,
        affiliation: actor_affiliation(state, actor).await?,
        approved,
    })
}

/// The repository, if the actor may see that it exists (a members-only
/// repository is not found by those who may not read it).
pub async fn find_repo(
    state: &AppState,
    actor: &Actor,
    kind: RepoKind,
    owner: &str,
    name: &str,
) -> Result<Repo, OpError> {
    let id = RepoId::new(owner, name).map_err(|_| OpError::NotFound)?;
    let repo = state.store.repo(kind, &id).await?;
    let facts = repo_facts(state, actor, &repo).await?;
    if !waico_members::may(actor, Action::SeeRepo(facts)) {
        return Err(OpError::NotFound);
    }
    Ok(repo)
}

pub async fn may_manage(state: &AppState, actor: &Actor, repo: &Repo) -> bool {
    match resolve_owner(state, repo.repo.owner()).await {
        Ok(owner) => waico_members::may(
            actor,
            Action::ManageCommons {
                owner: owner.policy,
            },
        ),
        Err(_) => waico_members::may(actor, Action::ManageUsers),
    }
}

/// Whether the caller may read a repository's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAccess {
    Granted,
    /// Gated and the caller is not signed in.
    GatedAnonymous,
    /// Gated and the caller has no approved request.
    GatedNotApproved,
}

/// Whether `actor` may download `repo`'s files (the policy's
/// [`Action::ReadRepoFiles`]), and if not, what they lack.
pub async fn file_access(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
) -> Result<FileAccess, OpError> {
    let facts = repo_facts(state, actor, repo).await?;
    Ok(if waico_members::may(actor, Action::ReadRepoFiles(facts)) {
        FileAccess::Granted
    } else if *actor == Actor::Anonymous {
        FileAccess::GatedAnonymous
    } else {
        FileAccess::GatedNotApproved
    })
}

/// The commit a revision string names in a repository.
pub async fn resolve(state: &AppState, repo: &Repo, rev: &str) -> Result<String, OpError> {
    let rev = Revision::parse(rev).map_err(|_| invalid("revision", "err-commons-revision"))?;
    state
        .store
        .resolve_revision(repo.id, &rev)
        .await?
        .ok_or(OpError::NotFound)
}

/// One page of a revision's history.
pub struct HistoryPage {
    /// Newest first.
    pub commits: Vec<CommitInfo>,
    /// When older commits remain: the last listed commit, from whose
    /// parent the next page goes on (`before=` it).
    pub next_before: Option<String>,
}

/// Up to `limit` commits of `rev` (a branch, tag or commit), newest first;
/// with `before` (a commit), those older than it instead, starting with its
/// parent. An empty repository has an empty `main`; any other unknown
/// revision or `before` is `NotFound`.
pub async fn history_page(
    state: &AppState,
    repo: &Repo,
    rev: &str,
    before: Option<&str>,
    limit: usize,
) -> Result<HistoryPage, OpError> {
    let before = before.filter(|b| !b.is_empty());
    let head = match resolve(state, repo, rev).await {
        Ok(head) => Some(head),
        Err(OpError::NotFound) if rev == "main" && before.is_none() => None,
        Err(e) => return Err(e),
    };
    let start = match before {
        Some(b) => {
            let id = resolve(state, repo, b).await?;
            state.store.commit_info(repo.id, &id).await?.parent
        }
        None => head,
    };
    let commits = match &start {
        Some(start) => state.store.history(repo.id, start, limit).await?,
        None => Vec::new(),
    };
    let next_before = match commits.last() {
        Some(last) if commits.len() == limit && last.parent.is_some() => Some(last.id.clone()),
        _ => None,
    };
    Ok(HistoryPage {
        commits,
        next_before,
    })
}

/// Receives the blob `sha256` of `size` bytes for `repo` (only its
/// managers may upload). Returns false when the blob was already stored.
pub async fn upload_blob<S, E>(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    sha256: &str,
    size: u64,
    body: S,
) -> Result<bool, OpError>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: std::fmt::Display,
{
    if !may_manage(state, actor, repo).await {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        });
    }
    let sha = Sha256::parse(sha256).map_err(|_| invalid("sha256", "err-commons-sha256"))?;
    let limit = state
        .settings
        .commons_limits
        .for_kind(repo.kind)
        .max_file_bytes;
    if size > limit {
        return Err(OpError::Refused(format!(
            "the file is {} bytes; the limit per file is {} ({})",
            size,
            limit,
            waico_commons::limits::human(limit)
        )));
    }
    const COLLECTING: &str =
        "this file is being removed as an uncommitted upload; upload it again in a moment";
    match state.store.touch_blob(sha.as_str()).await? {
        BlobLease::Held(known)
            if known == size
                && blobs::blob_exists(&state.artifacts, sha.as_str())
                    .await
                    .is_some() =>
        {
            return Ok(false);
        }
        BlobLease::Collecting => return Err(OpError::Refused(COLLECTING.into())),
        _ => {}
    }
    match blobs::put_verified(&state.artifacts, sha.as_str(), size, body).await {
        Ok(()) => {}
        Err(e @ (BlobError::SizeMismatch { .. } | BlobError::HashMismatch { .. })) => {
            return Err(OpError::Invalid(vec![Invalid {
                field: if matches!(e, BlobError::SizeMismatch { .. }) {
                    "size"
                } else {
                    "sha256"
                },
                key: if matches!(e, BlobError::SizeMismatch { .. }) {
                    "err-commons-size-mismatch"
                } else {
                    "err-commons-hash-mismatch"
                },
            }]));
        }
        Err(BlobError::Interrupted(e)) => {
            return Err(OpError::Refused(format!("upload interrupted: {e}")));
        }
        Err(e) => return Err(OpError::Internal(e.to_string())),
    }
    match state.store.record_blob(sha.as_str(), size).await {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict { .. }) => Err(OpError::Refused(COLLECTING.into())),
        Err(e) => Err(e.into()),
    }
}

/// One change of a commit as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ChangeInput {
    /// `put` or `delete`.
    pub op: String,
    pub path: String,
    /// Bytes (for `put`).
    #[serde(default)]
    pub size: Option<u64>,
    /// Hex SHA-256 of an uploaded blob (for `put`).
    #[serde(default)]
    pub sha256: Option<String>,
}

/// A commit as submitted.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CommitInput {
    /// Branch to append to (default `main`).
    #[serde(default)]
    pub branch: Option<String>,
    /// The branch head the changes were made on; absent for the first commit.
    #[serde(default)]
    pub parent: Option<String>,
    pub message: String,
    pub changes: Vec<ChangeInput>,
}

fn field_error(field: String, message: String) -> FieldError {
    FieldError {
        field,
        code: "err-invalid".into(),
        message,
    }
}

/// Why a push failed: an operation error, or field errors naming changes.
pub enum PushError {
    Op(OpError),
    Fields(Vec<FieldError>),
}

impl From<OpError> for PushError {
    fn from(e: OpError) -> Self {
        PushError::Op(e)
    }
}

impl From<StoreError> for PushError {
    fn from(e: StoreError) -> Self {
        PushError::Op(e.into())
    }
}

/// Appends a commit to a branch. The parent must be the branch head
/// (`Conflict { field: "parent" }` otherwise); every `put` must name a
/// stored blob of the declared size; limits are checked on the result.
pub async fn push(
    state: &AppState,
    actor: &Actor,
    author: &User,
    repo: &Repo,
    input: &CommitInput,
) -> Result<CommitInfo, PushError> {
    if !may_manage(state, actor, repo).await {
        return Err(OpError::Forbidden.into());
    }
    let mut errors = Vec::new();
    let branch = input.branch.clone().unwrap_or_else(|| "main".into());
    if !matches!(Revision::parse(&branch), Ok(Revision::Named(_))) {
        errors.push(field_error(
            "branch".into(),
            "not a valid branch name".into(),
        ));
    }
    if input.message.trim().is_empty() || input.message.len() > 10_000 {
        errors.push(field_error(
            "message".into(),
            "a message of 1 to 10000 bytes is required".into(),
        ));
    }
    let mut changes = Vec::new();
    for (i, c) in input.changes.iter().enumerate() {
        let path = match RepoPath::parse(&c.path) {
            Ok(p) => p,
            Err(e) => {
                errors.push(field_error(format!("changes[{i}].path"), e.to_string()));
                continue;
            }
        };
        match c.op.as_str() {
            "delete" => changes.push(Change::Delete { path }),
            "put" => {
                let sha = c.sha256.as_deref().map(Sha256::parse);
                match (sha, c.size) {
                    (Some(Ok(sha256)), Some(size)) => {
                        changes.push(Change::Put { path, size, sha256 })
                    }
                    (Some(Err(e)), _) => {
                        errors.push(field_error(format!("changes[{i}].sha256"), e.to_string()))
                    }
                    (None, _) => errors.push(field_error(
                        format!("changes[{i}].sha256"),
                        "required for put".into(),
                    )),
                    (_, None) => errors.push(field_error(
                        format!("changes[{i}].size"),
                        "required for put".into(),
                    )),
                }
            }
            other => errors.push(field_error(
                format!("changes[{i}].op"),
                format!("unknown op {other:?}; use put or delete"),
            )),
        }
    }
    let parent_id = match input.parent.as_deref().filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => match Sha256::parse(p) {
            Ok(s) => Some(s),
            Err(e) => {
                errors.push(field_error("parent".into(), e.to_string()));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(PushError::Fields(errors));
    }
    for (i, c) in changes.iter().enumerate() {
        if let Change::Put { sha256, size, .. } = c {
            match state.store.blob_size(sha256.as_str()).await? {
                Some(s) if s == *size => {}
                Some(_) => errors.push(field_error(
                    format!("changes[{i}].size"),
                    "differs from the uploaded blob's size".into(),
                )),
                None => errors.push(field_error(
                    format!("changes[{i}].sha256"),
                    "no such blob; upload it first".into(),
                )),
            }
        }
    }
    if !errors.is_empty() {
        return Err(PushError::Fields(errors));
    }
    let parent = match &parent_id {
        Some(p) => match state.store.commit(repo.id, p.as_str()).await {
            Ok(c) => Some(c),
            Err(StoreError::NotFound) => return Err(OpError::Conflict { field: "parent" }.into()),
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    if let Err(e) =
        state
            .settings
            .commons_limits
            .check_changes(repo.kind, parent.as_ref(), &changes)
    {
        return Err(PushError::Fields(vec![field_error(
            "changes".into(),
            e.to_string(),
        )]));
    }
    let time = time::OffsetDateTime::now_utc().unix_timestamp();
    let commit = Commit::build(
        parent.as_ref(),
        &changes,
        &author.username,
        input.message.trim(),
        time,
    )
    .map_err(|e| PushError::Fields(vec![field_error("changes".into(), e.to_string())]))?;
    state.store.push_commit(repo.id, &branch, &commit).await?;
    if branch == "main" {
        refresh_card(state, repo, &commit).await;
    } else if let Ok(fresh) = state.store.repo(repo.kind, &repo.repo).await {
        // The card stays; the index shows the new `updated_at`.
        index_repo(state, &fresh).await;
    }
    Ok(state.store.commit_info(repo.id, commit.id.as_str()).await?)
}

/// Tags `revision` of `repo` as `name`: a release, recorded in the ledger in
/// the same transaction. Answers the tagged commit.
pub async fn tag(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    name: &str,
    revision: &str,
) -> Result<String, PushError> {
    if !may_manage(state, actor, repo).await {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        }
        .into());
    }
    if !matches!(Revision::parse(name), Ok(Revision::Named(_))) {
        return Err(PushError::Fields(vec![FieldError {
            field: "name".into(),
            code: "err-commons-revision".into(),
            message: "not a valid tag name".into(),
        }]));
    }
    let commit = resolve(state, repo, revision).await.map_err(|e| match e {
        OpError::NotFound => PushError::Fields(vec![FieldError {
            field: "revision".into(),
            code: "err-commons-revision".into(),
            message: "no such revision".into(),
        }]),
        e => e.into(),
    })?;
    // A tag is a release: it goes into the public record with it.
    let release = crate::ledger::release_entry(
        &crate::ledger::actor_code(actor),
        &format!("{}s/{}", repo.kind, repo.repo),
        name,
        &commit,
    )
    .map_err(|e| PushError::Op(e.into()))?;
    state
        .store
        .set_tag(repo.id, name, &commit, Some(release))
        .await?;
    // Tags change nothing the search index shows.
    state.ledger.start_checkpoints();
    Ok(commit)
}

/// Reads the README of `commit` (if any) and stores its card.
pub async fn refresh_card(state: &AppState, repo: &Repo, commit: &Commit) {
    let card = match read_readme(state, &commit.files).await {
        Some(text) => parse_card(&text),
        None => Card::default(),
    };
    let problems = serde_json::to_value(&card.problems).unwrap_or_default();
    if let Err(e) = state
        .store
        .set_repo_card(
            repo.id,
            &card.metadata,
            &problems,
            &card.title().unwrap_or_default(),
            &card.summary(300),
        )
        .await
    {
        tracing::warn!(error = %e, "storing the card failed");
    }
    if let Ok(fresh) = state.store.repo(repo.kind, &repo.repo).await {
        index_with_card(state, &fresh, &card).await;
    }
}

/// The card body of `commit` of `repo` as sanitized HTML: rendered once
/// per commit in a process (a commit's README never changes), bounded in
/// depth and size by `render_markdown`.
pub fn card_html(state: &AppState, repo: &Repo, commit: &str, body: &str) -> std::sync::Arc<str> {
    state.commons.card(format!("{}:{commit}", repo.id), || {
        waico_commons::card::render_markdown(body)
    })
}

/// The README.md of a file list, as text (at most 1 MiB).
pub async fn read_readme(
    state: &AppState,
    files: &[waico_commons::repo::FileEntry],
) -> Option<String> {
    let readme = files
        .iter()
        .find(|f| f.path.as_str().eq_ignore_ascii_case("README.md"))?;
    let end = readme.size.min(MAX_CARD_BYTES);
    let stream = blobs::get_range(&state.artifacts, readme.sha256.as_str(), 0..end)
        .await
        .ok()?;
    use futures::TryStreamExt;
    let parts: Vec<Bytes> = stream.try_collect().await.ok()?;
    Some(String::from_utf8_lossy(&parts.concat()).into_owned())
}

/// The search document of a repository with the given card.
pub async fn search_doc(state: &AppState, repo: &Repo, card: &Card) -> RepoDoc {
    let owner = resolve_owner(state, repo.repo.owner()).await.ok();
    search_doc_with(state, repo, card, owner.as_ref())
}

/// The search document of a repository with the given card and its owner
/// already resolved (`None`: the owner no longer resolves).
pub fn search_doc_with(
    state: &AppState,
    repo: &Repo,
    card: &Card,
    owner: Option<&Owner>,
) -> RepoDoc {
    let mut doc = RepoDoc::new(repo.kind, repo.repo.clone()).with_card(card);
    doc.downloads = repo.downloads.max(0) as u64;
    doc.updated_at = repo.updated_at;
    doc.members_only = repo.visibility == Visibility::MembersOnly;
    if let Some(owner) = owner
        && let Some(code) = owner.country
    {
        let country = code.country();
        doc.owner_country = Some(country.alpha2.to_ascii_uppercase());
        doc.region = country.region.as_ref().map(|r| r.code.to_string());
        doc.global_south = Some(state.settings.global_south.classify(country));
    }
    doc
}

/// Queues the repository as read (`repo`, with `card`) for the index; a
/// members-only one is flagged so, and only searches of those who may read
/// members-only content find it. The indexer leaves out a state older than
/// the one the index holds.
async fn index_with_card(state: &AppState, repo: &Repo, card: &Card) {
    let doc = search_doc(state, repo, card).await;
    state.commons.enqueue(doc, repo.id, repo.updated_at);
}

/// Searches the commons index once it holds every change queued before
/// the call (one's own push is found by one's next search).
pub async fn search(
    state: &AppState,
    query: &waico_commons::search::Query,
) -> Result<waico_commons::search::Results, OpError> {
    state.commons.caught_up().await;
    state
        .commons
        .search
        .search(query)
        .map_err(|e| OpError::Internal(e.to_string()))
}

/// Re-indexes a repository (as read) from its stored main branch.
pub async fn index_repo(state: &AppState, repo: &Repo) {
    let card = match state.store.branch_head(repo.id, "main").await {
        Ok(Some(head)) => match state.store.commit_files(repo.id, &head).await {
            Ok(files) => read_readme(state, &files)
                .await
                .map(|t| parse_card(&t))
                .unwrap_or_default(),
            Err(_) => Card::default(),
        },
        _ => Card::default(),
    };
    index_with_card(state, repo, &card).await;
}

/// How many repositories the search index should hold (all of them,
/// members-only ones flagged).
pub async fn indexed_count(state: &AppState) -> anyhow::Result<u64> {
    Ok(state.store.count_indexable_repos().await? as u64)
}

/// Rebuilds the search index from the database; returns the count.
pub async fn reindex(state: &AppState) -> anyhow::Result<u64> {
    // What is queued now is older than what the rebuild reads.
    state.commons.caught_up().await;
    let mut docs = Vec::new();
    let mut offset = 0;
    loop {
        let (page, _) = state
            .store
            .list_repos(&RepoFilter {
                limit: 500,
                offset,
                ..Default::default()
            })
            .await?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        for repo in page {
            let card = match state.store.branch_head(repo.id, "main").await? {
                Some(head) => {
                    let files = state.store.commit_files(repo.id, &head).await?;
                    read_readme(state, &files)
                        .await
                        .map(|t| parse_card(&t))
                        .unwrap_or_default()
                }
                None => Card::default(),
            };
            docs.push(search_doc(state, &repo, &card).await);
        }
    }
    let mut followed = state.commons.followed();
    let n = state.commons.search.rebuild(docs)?;
    followed.rebuilt(state.commons.search.newest_updated_at()?);
    Ok(n)
}

/// Makes a repository public, gated or members-only (its managers only);
/// a members-only repository is then found only by searches of those who
/// may read members-only content.
pub async fn set_visibility(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    visibility: &str,
) -> Result<Repo, OpError> {
    if !may_manage(state, actor, repo).await {
        return Err(if *actor == Actor::Anonymous {
            OpError::Unauthenticated
        } else {
            OpError::Forbidden
        });
    }
    let visibility = visibility
        .parse::<Visibility>()
        .map_err(|_| invalid("visibility", "err-commons-visibility"))?;
    state.store.set_repo_visibility(repo.id, visibility).await?;
    let fresh = state.store.repo(repo.kind, &repo.repo).await?;
    index_repo(state, &fresh).await;
    Ok(fresh)
}

/// Who fetched a file, for download counting.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

/// Counts a file request as a download when the Hugging Face rules say so.
pub async fn count_download(
    state: &AppState,
    repo: &Repo,
    files: &[RepoPath],
    path: &RepoPath,
    head: bool,
    range_start: Option<u64>,
    client: &ClientInfo,
) {
    let library = repo
        .card_metadata
        .get("library_name")
        .and_then(|v| v.as_str())
        .map(str::to_owned);
    let decision = {
        let mut counter = state
            .commons
            .downloads
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        counter.record(&FileRequest {
            kind: repo.kind,
            repo: &repo.repo,
            path,
            method: if head { Method::Head } else { Method::Get },
            range_start,
            library: library.as_deref(),
            files,
            ip: &client.ip,
            user_agent: &client.user_agent,
        })
    };
    if decision.counted() {
        let day = time::OffsetDateTime::now_utc().date().to_string();
        if let Err(e) = state.store.record_download(repo.id, &day).await {
            tracing::warn!(error = %e, "counting a download failed");
        }
    }
}

/// The Hugging Face `cardData` of stored card metadata: the front-matter
/// keys as the Hub returns them.
pub fn hf_card_data(meta: &serde_json::Value) -> serde_json::Value {
    let card: waico_commons::card::CardMetadata =
        serde_json::from_value(meta.clone()).unwrap_or_default();
    let mut out: HashMap<String, serde_json::Value> = HashMap::new();
    for (k, v) in &card.extra {
        out.insert(k.clone(), v.clone());
    }
    match &card.license {
        Some(waico_commons::card::License::Spdx { expression }) => {
            out.insert("license".into(), expression.to_ascii_lowercase().into());
        }
        Some(waico_commons::card::License::Other { name, link }) => {
            out.insert("license".into(), "other".into());
            if let Some(n) = name {
                out.insert("license_name".into(), n.clone().into());
            }
            if let Some(l) = link {
                out.insert("license_link".into(), l.clone().into());
            }
        }
        None => {}
    }
    let list = |v: &Vec<String>| serde_json::Value::from(v.clone());
    if !card.language.is_empty() {
        out.insert("language".into(), list(&card.language));
    }
    if !card.tags.is_empty() {
        out.insert("tags".into(), list(&card.tags));
    }
    if !card.datasets.is_empty() {
        out.insert("datasets".into(), list(&card.datasets));
    }
    if !card.base_model.is_empty() {
        out.insert("base_model".into(), list(&card.base_model));
    }
    if !card.task_categories.is_empty() {
        out.insert("task_categories".into(), list(&card.task_categories));
    }
    if !card.size_categories.is_empty() {
        out.insert("size_categories".into(), list(&card.size_categories));
    }
    if let Some(p) = card.pipeline_tag {
        out.insert("pipeline_tag".into(), p.into());
    }
    if let Some(l) = card.library_name {
        out.insert("library_name".into(), l.into());
    }
    if let Some(p) = card.pretty_name {
        out.insert("pretty_name".into(), p.into());
    }
    if let Some(m) = card.model_index {
        out.insert("model-index".into(), m);
    }
    serde_json::to_value(out).unwrap_or_default()
}

/// Asks for access to a gated repository, with a reason.
pub async fn request_access(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    reason: &str,
) -> Result<(), OpError> {
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    if repo.visibility != Visibility::Gated {
        return Err(OpError::Declined("err-not-gated"));
    }
    let reason = reason.trim();
    if reason.is_empty()
        || reason.chars().count() > 2000
        || reason.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(invalid("reason", "err-commons-reason"));
    }
    state.store.request_access(repo.id, *id, reason).await?;
    Ok(())
}

/// Approves or rejects the request of `username`; returns the user's id.
pub async fn decide_access(
    state: &AppState,
    actor: &Actor,
    repo: &Repo,
    username: &str,
    approve: bool,
    reason: &str,
) -> Result<i64, OpError> {
    let Actor::User { id: decider, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    if !may_manage(state, actor, repo).await {
        return Err(OpError::Forbidden);
    }
    if reason.chars().count() > 2000 {
        return Err(invalid("reason", "err-commons-reason"));
    }
    let user = state.store.user_by_username(username).await?;
    state
        .store
        .decide_access(repo.id, user.id, approve, *decider, reason.trim())
        .await?;
    Ok(user.id)
}

/// Owner names that would shadow the node's own routes.
pub const RESERVED_OWNERS: &[&str] = &[
    "api",
    "assets",
    "admin",
    "account",
    "commons",
    "datasets",
    "tools",
    "models",
    "members",
    "institutions",
    "signin",
    "signout",
    "healthz",
    "readyz",
    "metrics",
    "docs",
    "spaces",
];
