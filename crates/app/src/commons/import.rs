//! Bulk import of commons repositories from a folder or a `.tar` /
//! `.tar.gz` archive laid out as `<kind>/<owner>/<name>/<files…>` (`kind`:
//! `models`, `datasets` or `tools`). Each repository is created with all
//! its files as one first commit on `main`, all of it or nothing (a
//! savepoint of its own), under the rules the API applies (who may publish for the owner, paths
//! refused for a client's safety, size limits, names unique ignoring case,
//! the card read from `README.md`); a repository that breaks one is
//! reported and skipped, and the others go on.
//!
//! For speed, what can overlap does: files are read, hashed and written to
//! the artifact store for several repositories at once, before they are
//! written; the repositories prepared by the time the database is free are
//! written in one transaction (up to 64, one disk sync for them all), each
//! in a savepoint so that one that fails is rolled back alone; each is a
//! handful of statements (multi-row inserts); search indexing is queued,
//! off this path.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use futures::StreamExt;
use object_store::ObjectStoreExt;
use serde::Serialize;
use sha2::Digest;
use waico_commons::card::{Card, parse_card};
use waico_commons::repo::{Change, Commit, RepoId, RepoKind, RepoPath, Sha256, Visibility};
use waico_members::policy::{Action, Actor};
use waico_store::blobs;
use waico_store::commons::ImportedCard;
use waico_store::{NewRepo, StoreError};

use super::{MAX_CARD_BYTES, Owner, RESERVED_OWNERS, resolve_owner, search_doc_with};
use crate::AppState;
use crate::error::{OpError, require};

/// Files up to this size are read whole (hashed and stored in one write);
/// larger ones are streamed.
const IN_MEMORY_BYTES: u64 = 16 * 1024 * 1024;
/// Repositories prepared (files read and stored) at once.
const PREPARED_AHEAD: usize = 16;
/// The most repositories written in one transaction (each in a savepoint
/// of its own); fewer when fewer are prepared by then.
const REPOS_PER_TRANSACTION: usize = 64;

/// One repository imported.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportedRepo {
    /// `models/owner/name` (the folder it came from).
    pub repo: String,
    /// Its first commit.
    pub commit: String,
    pub files: usize,
}

/// One repository (or archive entry) left out, and why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SkippedRepo {
    /// `models/owner/name`, or the path of an entry that is no repository.
    pub repo: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub imported: Vec<ImportedRepo>,
    pub skipped: Vec<SkippedRepo>,
}

/// How the repositories are created.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// `public`, `gated` or `members_only`.
    pub visibility: String,
    /// The message of each first commit.
    pub message: String,
    /// Whether this process's search index takes the repositories in. The
    /// shell's import leaves it to the serving node, which follows other
    /// processes' writes (and rebuilds its index at start when it holds
    /// fewer repositories than the database).
    pub index: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            visibility: "public".into(),
            message: "Import".into(),
            index: true,
        }
    }
}

/// A repository folder found.
struct Source {
    label: String,
    kind: RepoKind,
    owner: String,
    name: String,
    /// Path inside the repository (with `/`), the file, its size.
    files: Vec<(String, PathBuf, u64)>,
    /// Why it cannot be imported, found while walking (a link, a name that
    /// is not UTF-8).
    broken: Option<String>,
}

fn kind_of_folder(name: &str) -> Option<RepoKind> {
    Some(match name {
        "models" => RepoKind::Model,
        "datasets" => RepoKind::Dataset,
        "tools" => RepoKind::Tool,
        _ => return None,
    })
}

fn name_of(path: &Path) -> Result<String, String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{}: the name is not UTF-8", path.display()))
}

/// Folders and files of `dir`, sorted by name (so that reports come in a
/// stable order).
fn entries(dir: &Path) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut list = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    list.sort_by_key(|e| e.file_name());
    Ok(list)
}

/// Every file under `dir` as (path relative to `top` with `/`, full path,
/// size); a link or a special file is an error (it is not imported, and
/// following it could read outside the folder).
fn walk_files(top: &Path, dir: &Path, out: &mut Vec<(String, PathBuf, u64)>) -> Result<(), String> {
    for entry in entries(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.path();
        let meta =
            std::fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let rel = path
            .strip_prefix(top)
            .map_err(|e| e.to_string())?
            .components()
            .map(|c| match c {
                Component::Normal(s) => s
                    .to_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{}: the name is not UTF-8", path.display())),
                _ => Err(format!("{}: not a plain path", path.display())),
            })
            .collect::<Result<Vec<_>, _>>()?
            .join("/");
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{rel}: a symbolic link (only plain files are imported)"
            ));
        } else if meta.is_dir() {
            walk_files(top, &path, out)?;
        } else if meta.is_file() {
            out.push((rel, path, meta.len()));
        } else {
            return Err(format!("{rel}: not a plain file"));
        }
    }
    Ok(())
}

/// The repositories of a folder laid out as `<kind>/<owner>/<name>/…`, and
/// what is there that is no repository.
fn scan(root: &Path) -> anyhow::Result<(Vec<Source>, Vec<SkippedRepo>)> {
    let mut sources = Vec::new();
    let mut skipped = Vec::new();
    let mut skip = |repo: String, reason: &str| {
        skipped.push(SkippedRepo {
            repo,
            reason: reason.to_owned(),
        })
    };
    for kind_entry in entries(root)? {
        let kind_name = kind_entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = kind_of_folder(&kind_name) else {
            skip(
                kind_name,
                "not a kind of repository: the top folders are models, datasets and tools",
            );
            continue;
        };
        if !kind_entry.file_type()?.is_dir() {
            skip(kind_name, "not a folder");
            continue;
        }
        for owner_entry in entries(&kind_entry.path())? {
            let owner = owner_entry.file_name().to_string_lossy().into_owned();
            if !owner_entry.file_type()?.is_dir() {
                skip(
                    format!("{kind_name}/{owner}"),
                    "not a folder: repositories are <kind>/<owner>/<name>/",
                );
                continue;
            }
            for repo_entry in entries(&owner_entry.path())? {
                let name = repo_entry.file_name().to_string_lossy().into_owned();
                let label = format!("{kind_name}/{owner}/{name}");
                if !repo_entry.file_type()?.is_dir() {
                    skip(
                        label,
                        "not a folder: repositories are <kind>/<owner>/<name>/",
                    );
                    continue;
                }
                let path = repo_entry.path();
                let mut files = Vec::new();
                let mut broken = walk_files(&path, &path, &mut files).err();
                if broken.is_none() {
                    broken = name_of(&owner_entry.path())
                        .and_then(|_| name_of(&path))
                        .err();
                }
                sources.push(Source {
                    label,
                    kind,
                    owner: owner.clone(),
                    name,
                    files,
                    broken,
                });
            }
        }
    }
    Ok((sources, skipped))
}

/// A repository ready to be written: its blobs are stored.
struct Prepared {
    label: String,
    new: NewRepo,
    commit: Commit,
    card: Card,
    owner: Owner,
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

/// Stores the file at `full` of `size` bytes in the artifact store;
/// returns its SHA-256.
async fn store_file(
    state: &AppState,
    full: &Path,
    size: u64,
) -> Result<(Sha256, Option<Vec<u8>>), String> {
    let show = |e: &dyn std::fmt::Display| format!("{}: {e}", full.display());
    if size <= IN_MEMORY_BYTES {
        let bytes = tokio::fs::read(full).await.map_err(|e| show(&e))?;
        if bytes.len() as u64 != size {
            return Err(show(&"the file changed while it was read"));
        }
        let sha = hex(&sha2::Sha256::digest(&bytes));
        state
            .artifacts
            .put(&blobs::blob_path(&sha), bytes.clone().into())
            .await
            .map_err(|e| show(&e))?;
        return Ok((Sha256::parse(&sha).map_err(|e| show(&e))?, Some(bytes)));
    }
    // Large: hash first (reading it once), then stream it in, verified.
    let path = full.to_owned();
    let sha = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut file = std::fs::File::open(&path)?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; 1024 * 1024];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        Ok(hex(&hasher.finalize()))
    })
    .await
    .map_err(|e| show(&e))?
    .map_err(|e| show(&e))?;
    if blobs::blob_exists(&state.artifacts, &sha).await != Some(size) {
        let file = tokio::fs::File::open(full).await.map_err(|e| show(&e))?;
        let body = futures::stream::unfold(file, |mut file| async move {
            use tokio::io::AsyncReadExt;
            let mut buf = vec![0u8; 1024 * 1024];
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buf)), file))
                }
                Err(e) => Some((Err(e), file)),
            }
        });
        blobs::put_verified(&state.artifacts, &sha, size, body)
            .await
            .map_err(|e| show(&e))?;
    }
    Ok((Sha256::parse(&sha).map_err(|e| show(&e))?, None))
}

/// Checks a repository and stores its files; the reason it cannot be
/// imported otherwise.
async fn prepare(
    state: &AppState,
    actor: &Actor,
    author: &str,
    options: &ImportOptions,
    visibility: Visibility,
    owner: Result<Owner, String>,
    src: Source,
) -> Result<Prepared, SkippedRepo> {
    let label = src.label.clone();
    let skip = |reason: String| SkippedRepo {
        repo: label.clone(),
        reason,
    };
    if let Some(reason) = src.broken {
        return Err(skip(reason));
    }
    let repo = RepoId::new(&src.owner, &src.name).map_err(|e| skip(e.to_string()))?;
    if RESERVED_OWNERS.contains(&src.owner.to_ascii_lowercase().as_str()) {
        return Err(skip(format!("{} is a reserved name", src.owner)));
    }
    let owner = owner.map_err(skip)?;
    if !waico_members::may(
        actor,
        Action::ManageCommons {
            owner: owner.policy,
        },
    ) {
        return Err(skip(format!("you may not publish for {}", src.owner)));
    }
    if src.files.is_empty() {
        return Err(skip("no files".into()));
    }
    let mut paths = Vec::with_capacity(src.files.len());
    for (rel, _, size) in &src.files {
        let path = RepoPath::parse(rel).map_err(|e| skip(e.to_string()))?;
        state
            .settings
            .commons_limits
            .check_file(src.kind, &path, *size)
            .map_err(|e| skip(format!("{rel}: {e}")))?;
        paths.push(path);
    }
    let mut changes = Vec::with_capacity(src.files.len());
    let mut readme = None;
    for ((_, full, size), path) in src.files.iter().zip(paths) {
        let (sha256, bytes) = store_file(state, full, *size).await.map_err(skip)?;
        if path.as_str().eq_ignore_ascii_case("README.md") {
            let text = match bytes {
                Some(b) => {
                    let end = b.len().min(MAX_CARD_BYTES as usize);
                    String::from_utf8_lossy(&b[..end]).into_owned()
                }
                None => super::read_readme(
                    state,
                    &[waico_commons::repo::FileEntry {
                        path: path.clone(),
                        size: *size,
                        sha256: sha256.clone(),
                    }],
                )
                .await
                .unwrap_or_default(),
            };
            readme = Some(text);
        }
        changes.push(Change::Put {
            path,
            size: *size,
            sha256,
        });
    }
    state
        .settings
        .commons_limits
        .check_changes(src.kind, None, &changes)
        .map_err(|e| skip(e.to_string()))?;
    let time = time::OffsetDateTime::now_utc().unix_timestamp();
    let commit = Commit::build(None, &changes, author, &options.message, time)
        .map_err(|e| skip(e.to_string()))?;
    let card = readme.map(|t| parse_card(&t)).unwrap_or_default();
    let Actor::User { id, .. } = actor else {
        return Err(skip("sign in first".into()));
    };
    Ok(Prepared {
        label: src.label,
        new: NewRepo {
            kind: src.kind,
            repo,
            owner_kind: owner.kind,
            visibility,
            created_by: *id,
        },
        commit,
        card,
        owner,
    })
}

/// Imports every repository of the folder `root` (see the module's
/// documentation for the layout). Only the secretariat imports in bulk;
/// the report says what was imported and what was skipped, and why.
pub async fn import_dir(
    state: &AppState,
    actor: &Actor,
    root: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, OpError> {
    import_with(state, actor, root, options, Vec::new()).await
}

async fn import_with(
    state: &AppState,
    actor: &Actor,
    root: &Path,
    options: &ImportOptions,
    mut skipped: Vec<SkippedRepo>,
) -> Result<ImportReport, OpError> {
    require(actor, Action::ImportCommons)?;
    let Actor::User { id, .. } = actor else {
        return Err(OpError::Unauthenticated);
    };
    let author = state.store.user(*id).await?;
    let visibility = options
        .visibility
        .parse::<Visibility>()
        .map_err(|_| waico_members::Invalid::new("visibility", "err-commons-visibility"))?;
    if options.message.trim().is_empty() {
        return Err(waico_members::Invalid::new("message", "err-commons-message").into());
    }
    let dir = root.to_owned();
    let (sources, found_skipped) = tokio::task::spawn_blocking(move || scan(&dir))
        .await
        .map_err(|e| OpError::Internal(e.to_string()))?
        .map_err(|e| OpError::Internal(format!("reading {}: {e}", root.display())))?;
    skipped.extend(found_skipped);
    // Each owner is looked up once.
    let mut owners: HashMap<String, Result<Owner, String>> = HashMap::new();
    for src in &sources {
        if !owners.contains_key(&src.owner) {
            let found = match resolve_owner(state, &src.owner).await {
                Ok(o) => Ok(o),
                Err(OpError::Invalid(_)) => Err(format!(
                    "no owner {}: a member state's code, an institution's slug or a user name",
                    src.owner
                )),
                Err(e) => return Err(e),
            };
            owners.insert(src.owner.clone(), found);
        }
    }
    let mut report = ImportReport {
        imported: Vec::new(),
        skipped,
    };
    let author = author.username.as_str();
    let mut prepared = futures::stream::iter(sources.into_iter().map(|src| {
        let owner = owners[&src.owner].clone();
        prepare(state, actor, author, options, visibility, owner, src)
    }))
    .buffered(PREPARED_AHEAD)
    .ready_chunks(REPOS_PER_TRANSACTION);
    while let Some(batch) = prepared.next().await {
        let mut ready = Vec::with_capacity(batch.len());
        for next in batch {
            match next {
                Ok(p) => {
                    let card = ImportedCard {
                        metadata: p.card.metadata.clone(),
                        problems: serde_json::to_value(&p.card.problems).unwrap_or_default(),
                        title: p.card.title().unwrap_or_default(),
                        summary: p.card.summary(300),
                    };
                    ready.push((p, card));
                }
                Err(s) => report.skipped.push(s),
            }
        }
        if ready.is_empty() {
            continue;
        }
        let items: Vec<_> = ready
            .iter()
            .map(|(p, card)| (&p.new, &p.commit, card))
            .collect();
        let written = state.store.import_repos(&items).await?;
        for ((p, _), result) in ready.into_iter().zip(written) {
            match result {
                Ok(repo) => {
                    if options.index {
                        let doc = search_doc_with(state, &repo, &p.card, Some(&p.owner));
                        state.commons.enqueue(doc, repo.id, repo.updated_at);
                    }
                    report.imported.push(ImportedRepo {
                        repo: p.label,
                        commit: p.commit.id.as_str().to_owned(),
                        files: p.commit.files.len(),
                    });
                }
                Err(StoreError::Conflict { .. }) => report.skipped.push(SkippedRepo {
                    repo: p.label,
                    reason: "the name is taken (names are unique ignoring case)".into(),
                }),
                Err(e) => report.skipped.push(SkippedRepo {
                    repo: p.label,
                    reason: e.to_string(),
                }),
            }
        }
    }
    Ok(report)
}

/// Imports the repositories of a `.tar` or `.tar.gz` archive (told apart by
/// their first bytes) laid out as a folder is. Only plain files and
/// folders are unpacked (into a temporary folder); any other entry (a link,
/// a path leaving the archive) makes its repository skipped.
pub async fn import_archive(
    state: &AppState,
    actor: &Actor,
    archive: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, OpError> {
    require(actor, Action::ImportCommons)?;
    let archive = archive.to_owned();
    let (dir, bad) = tokio::task::spawn_blocking(move || unpack(&archive))
        .await
        .map_err(|e| OpError::Internal(e.to_string()))?
        .map_err(|e| {
            tracing::info!(error = %e, "an archive to import cannot be read");
            OpError::Invalid(vec![waico_members::Invalid::new(
                "body",
                "err-invalid-archive",
            )])
        })?;
    // A repository with a bad entry is not imported: its folder goes.
    let mut skipped = Vec::new();
    for (label, reason) in bad {
        let parts: Vec<&str> = label.split('/').collect();
        if parts.len() >= 3 && kind_of_folder(parts[0]).is_some() {
            let top = parts[..3].join("/");
            let _ = std::fs::remove_dir_all(dir.path().join(&top));
            skipped.push(SkippedRepo { repo: top, reason });
        } else {
            skipped.push(SkippedRepo {
                repo: label,
                reason,
            });
        }
    }
    skipped.dedup_by(|a, b| a.repo == b.repo);
    import_with(state, actor, dir.path(), options, skipped).await
}

/// Unpacks plain files and folders of the archive into a temporary folder;
/// answers it and the entries left out (their path and why).
fn unpack(archive: &Path) -> anyhow::Result<(tempfile::TempDir, Vec<(String, String)>)> {
    let mut file = std::fs::File::open(archive)?;
    let mut magic = [0u8; 2];
    let gz = file.read(&mut magic)? == 2 && magic == [0x1f, 0x8b];
    let file = std::fs::File::open(archive)?;
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)))
    } else {
        Box::new(std::io::BufReader::new(file))
    };
    let dir = tempfile::tempdir()?;
    let mut bad = Vec::new();
    let mut tar = tar::Archive::new(reader);
    for entry in tar.entries()? {
        let mut entry = entry?;
        let path = entry.path()?.into_owned();
        let shown = path.to_string_lossy().trim_start_matches("./").to_owned();
        let plain = path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        let kind = entry.header().entry_type();
        if !plain {
            bad.push((shown, "a path that leaves the archive's folder".to_owned()));
            continue;
        }
        if kind.is_dir() {
            std::fs::create_dir_all(dir.path().join(&path))?;
        } else if kind.is_file() {
            if let Some(parent) = dir.path().join(&path).parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut out = std::fs::File::create(dir.path().join(&path))?;
            std::io::copy(&mut entry, &mut out)?;
        } else if matches!(
            kind,
            tar::EntryType::XGlobalHeader | tar::EntryType::XHeader
        ) {
            // pax headers: read by the tar crate itself.
        } else {
            let reason = format!("{shown}: not a plain file (only plain files are imported)");
            bad.push((shown, reason));
        }
    }
    Ok((dir, bad))
}

/// Imports an archive sent as a stream (the body of
/// `POST /api/v1/commons/import`): the caller's right is checked before a
/// byte is kept; the stream goes to a temporary file, then as
/// [`import_archive`].
pub async fn import_stream<S, E>(
    state: &AppState,
    actor: &Actor,
    body: S,
    options: &ImportOptions,
) -> Result<ImportReport, OpError>
where
    S: futures::Stream<Item = Result<bytes::Bytes, E>> + Send,
    E: std::fmt::Display,
{
    require(actor, Action::ImportCommons)?;
    let file = tempfile::NamedTempFile::new().map_err(|e| OpError::Internal(e.to_string()))?;
    let mut out = tokio::fs::File::from_std(
        file.reopen()
            .map_err(|e| OpError::Internal(e.to_string()))?,
    );
    let mut body = std::pin::pin!(body);
    let mut received = 0usize;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| OpError::Refused(format!("upload interrupted: {e}")))?;
        received += chunk.len();
        tokio::io::AsyncWriteExt::write_all(&mut out, &chunk)
            .await
            .map_err(|e| OpError::Internal(e.to_string()))?;
    }
    if received == 0 {
        return Err(OpError::Invalid(vec![waico_members::Invalid::new(
            "body",
            "err-required",
        )]));
    }
    tokio::io::AsyncWriteExt::flush(&mut out)
        .await
        .map_err(|e| OpError::Internal(e.to_string()))?;
    drop(out);
    import_archive(state, actor, file.path(), options).await
}
