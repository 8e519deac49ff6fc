//! `waico commons push|pull|ls`: a client of a WAICO node's commons over
//! HTTP. Push hashes the folder, asks the server which blobs it lacks,
//! streams only those (so a re-run after an interruption skips what is
//! done), then commits on top of the branch head, retrying once if another
//! push moved it. Pull streams each file to a temporary name, verifies its
//! SHA-256 and moves it in place, skipping files already present.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use waico_commons::repo::{RepoId, RepoKind, RepoPath};

/// Where the node is and who the caller is.
#[derive(Debug, Clone)]
pub struct Remote {
    pub url: String,
    pub token: Option<String>,
    pub quiet: bool,
}

impl Remote {
    fn client(&self) -> anyhow::Result<reqwest::Client> {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(t) = &self.token {
            headers.insert(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {t}").parse().context("token")?,
            );
        }
        Ok(reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(concat!("waico-cli/", env!("CARGO_PKG_VERSION")))
            .build()?)
    }

    fn api(&self, kind: RepoKind, repo: &RepoId, rest: &str) -> String {
        format!(
            "{}/api/v1/commons/{}s/{}{}",
            self.url.trim_end_matches('/'),
            kind.as_str(),
            repo,
            rest
        )
    }

    fn resolve_url(&self, kind: RepoKind, repo: &RepoId, rev: &str, path: &str) -> String {
        let prefix = match kind {
            RepoKind::Model => "",
            RepoKind::Dataset => "/datasets",
            RepoKind::Tool => "/tools",
        };
        let path: Vec<String> = path.split('/').map(percent_encode).collect();
        format!(
            "{}{prefix}/{repo}/resolve/{}/{}",
            self.url.trim_end_matches('/'),
            percent_encode(rev),
            path.join("/")
        )
    }

    fn bar(&self, len: u64, what: &str) -> ProgressBar {
        if self.quiet {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:30!} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        bar
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

async fn check(response: reqwest::Response) -> anyhow::Result<reqwest::Response> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    bail!("the server answered {status}: {body}")
}

/// A local file to push.
#[derive(Debug, Clone)]
struct LocalFile {
    path: RepoPath,
    full: PathBuf,
    size: u64,
    sha256: String,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        if name == ".git" || name == ".cache" {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

/// SHA-256 and size of a file, read in 1 MiB chunks.
pub fn hash_file(path: &Path) -> anyhow::Result<(String, u64)> {
    use std::io::Read;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1024 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), size))
}

async fn local_files(dir: &Path) -> anyhow::Result<Vec<LocalFile>> {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut paths = Vec::new();
        walk(&dir, &mut paths)?;
        let mut files = Vec::new();
        for full in paths {
            let rel = full.strip_prefix(&dir).expect("under dir");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let path = RepoPath::parse(&rel)
                .with_context(|| format!("{} cannot be pushed", full.display()))?;
            let (sha256, size) = hash_file(&full)?;
            files.push(LocalFile {
                path,
                full,
                size,
                sha256,
            });
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    })
    .await?
}

#[derive(Debug, Deserialize)]
struct Tree {
    commit: String,
    files: Vec<TreeFile>,
}

#[derive(Debug, Deserialize)]
struct TreeFile {
    path: String,
    size: u64,
    sha256: String,
}

async fn head_files(
    client: &reqwest::Client,
    remote: &Remote,
    kind: RepoKind,
    repo: &RepoId,
    branch: &str,
) -> anyhow::Result<(Option<String>, BTreeMap<String, String>)> {
    let response = client
        .get(remote.api(kind, repo, &format!("/tree/{}", percent_encode(branch))))
        .send()
        .await?;
    if response.status() == reqwest::StatusCode::NOT_FOUND {
        return Ok((None, BTreeMap::new()));
    }
    let tree: Tree = check(response).await?.json().await?;
    Ok((
        Some(tree.commit),
        tree.files.into_iter().map(|f| (f.path, f.sha256)).collect(),
    ))
}

/// Pushes `dir` to `repo`; returns the new commit id, or None when nothing changed.
pub async fn push(
    remote: &Remote,
    dir: &Path,
    repo: &RepoId,
    kind: RepoKind,
    message: &str,
    branch: &str,
) -> anyhow::Result<Option<String>> {
    let client = remote.client()?;
    let files = local_files(dir).await?;
    // The repository: created when missing.
    let response = client.get(remote.api(kind, repo, "")).send().await?;
    if response.status() == reqwest::StatusCode::NOT_FOUND {
        check(
            client
                .post(format!(
                    "{}/api/v1/commons/repos",
                    remote.url.trim_end_matches('/')
                ))
                .json(&json!({ "kind": kind.as_str(), "owner": repo.owner(), "name": repo.name() }))
                .send()
                .await?,
        )
        .await?;
        if !remote.quiet {
            eprintln!("created {kind} {repo}");
        }
    } else {
        check(response).await?;
    }
    // Blobs the server lacks.
    let wanted: Vec<&str> = files.iter().map(|f| f.sha256.as_str()).collect();
    #[derive(Deserialize)]
    struct Missing {
        missing: Vec<String>,
    }
    let missing: Missing = check(
        client
            .post(remote.api(kind, repo, "/blobs/check"))
            .json(&json!({ "sha256": wanted }))
            .send()
            .await?,
    )
    .await?
    .json()
    .await?;
    let mut to_send: Vec<&LocalFile> = Vec::new();
    for sha in &missing.missing {
        if let Some(f) = files.iter().find(|f| &f.sha256 == sha)
            && !to_send.iter().any(|s| s.sha256 == f.sha256)
        {
            to_send.push(f);
        }
    }
    let skipped = files.len() - to_send.len();
    if !remote.quiet && skipped > 0 {
        eprintln!("{skipped} file(s) already on the server, skipped");
    }
    for f in to_send {
        let bar = remote.bar(f.size, f.path.as_str());
        let file = tokio::fs::File::open(&f.full).await?;
        let progress = bar.clone();
        let stream =
            tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024).inspect(move |chunk| {
                if let Ok(c) = chunk {
                    progress.inc(c.len() as u64);
                }
            });
        check(
            client
                .put(remote.api(kind, repo, &format!("/blobs/{}", f.sha256)))
                .header(reqwest::header::CONTENT_LENGTH, f.size)
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .body(reqwest::Body::wrap_stream(stream))
                .send()
                .await?,
        )
        .await
        .with_context(|| format!("uploading {}", f.path))?;
        bar.finish();
    }
    // The commit, retried once if another push moved the branch.
    for attempt in 0..2 {
        let (head, remote_files) = head_files(&client, remote, kind, repo, branch).await?;
        let mut changes = Vec::new();
        for f in &files {
            if remote_files.get(f.path.as_str()) != Some(&f.sha256) {
                changes.push(json!({ "op": "put", "path": f.path.as_str(), "size": f.size, "sha256": f.sha256 }));
            }
        }
        for path in remote_files.keys() {
            if !files.iter().any(|f| f.path.as_str() == path) {
                changes.push(json!({ "op": "delete", "path": path }));
            }
        }
        if changes.is_empty() {
            if !remote.quiet {
                eprintln!("nothing to commit: {repo} is up to date");
            }
            return Ok(None);
        }
        let response = client
            .post(remote.api(kind, repo, "/commits"))
            .json(&json!({ "branch": branch, "parent": head, "message": message, "changes": changes }))
            .send()
            .await?;
        if response.status() == reqwest::StatusCode::CONFLICT && attempt == 0 {
            continue;
        }
        #[derive(Deserialize)]
        struct Created {
            id: String,
        }
        let created: Created = check(response).await?.json().await?;
        return Ok(Some(created.id));
    }
    bail!("the branch kept moving; try again")
}

/// Downloads `repo` at `rev` into `dir`; returns the number of files fetched.
pub async fn pull(
    remote: &Remote,
    repo: &RepoId,
    kind: RepoKind,
    rev: &str,
    dir: &Path,
) -> anyhow::Result<usize> {
    let client = remote.client()?;
    let response = client
        .get(remote.api(kind, repo, &format!("/tree/{}", percent_encode(rev))))
        .send()
        .await?;
    let tree: Tree = check(response).await?.json().await?;
    let mut fetched = 0;
    for f in &tree.files {
        let path = RepoPath::parse(&f.path)
            .with_context(|| format!("the server sent a bad path {:?}", f.path))?;
        let target = path
            .as_str()
            .split('/')
            .fold(dir.to_owned(), |p, s| p.join(s));
        if target.exists() {
            let t = target.clone();
            let (sha, _) = tokio::task::spawn_blocking(move || hash_file(&t)).await??;
            if sha == f.sha256 {
                continue;
            }
        }
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        let tmp = target.with_extension("waico-partial");
        let response = check(
            client
                .get(remote.resolve_url(kind, repo, &tree.commit, &f.path))
                .send()
                .await?,
        )
        .await?;
        let bar = remote.bar(f.size, &f.path);
        let mut out = tokio::fs::File::create(&tmp).await?;
        let mut hasher = Sha256::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            hasher.update(&chunk);
            out.write_all(&chunk).await?;
            bar.inc(chunk.len() as u64);
        }
        out.flush().await?;
        drop(out);
        bar.finish();
        if hex::encode(hasher.finalize()) != f.sha256 {
            let _ = tokio::fs::remove_file(&tmp).await;
            bail!(
                "{}: the downloaded bytes do not match the SHA-256 {}",
                f.path,
                f.sha256
            );
        }
        tokio::fs::rename(&tmp, &target).await?;
        fetched += 1;
    }
    Ok(fetched)
}

/// Lines `size  sha256  path` of a revision.
pub async fn ls(
    remote: &Remote,
    repo: &RepoId,
    kind: RepoKind,
    rev: &str,
) -> anyhow::Result<Vec<String>> {
    let client = remote.client()?;
    let response = client
        .get(remote.api(kind, repo, &format!("/tree/{}", percent_encode(rev))))
        .send()
        .await?;
    let tree: Tree = check(response).await?.json().await?;
    let mut lines = vec![format!("commit {}", tree.commit)];
    lines.extend(tree.files.iter().map(|f| {
        format!(
            "{:>12}  {}  {}",
            f.size,
            &f.sha256[..12.min(f.sha256.len())],
            f.path
        )
    }));
    Ok(lines)
}

/// What `waico commons delete` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deletion {
    Repo,
    Branch(String),
    Tag(String),
}

impl Deletion {
    pub fn describe(&self) -> String {
        match self {
            Deletion::Repo => "the repository with its whole history".into(),
            Deletion::Branch(b) => format!("branch {b}"),
            Deletion::Tag(t) => format!("tag {t}"),
        }
    }
}

/// Deletes a repository, a branch or a tag through the node's Hugging Face
/// routes (the same operations and rights as every other face).
pub async fn delete(
    remote: &Remote,
    repo: &RepoId,
    kind: RepoKind,
    what: &Deletion,
) -> anyhow::Result<()> {
    let client = remote.client()?;
    let base = remote.url.trim_end_matches('/');
    let request = match what {
        Deletion::Repo => {
            client
                .delete(format!("{base}/api/repos/delete"))
                .json(&serde_json::json!({
                    "name": repo.name(),
                    "organization": repo.owner(),
                    "type": kind.as_str(),
                }))
        }
        Deletion::Branch(b) => client.delete(format!(
            "{base}/api/{kind}s/{repo}/branch/{}",
            percent_encode(b)
        )),
        Deletion::Tag(t) => client.delete(format!(
            "{base}/api/{kind}s/{repo}/tag/{}",
            percent_encode(t)
        )),
    };
    check(request.send().await?).await?;
    Ok(())
}

/// Removes `path` from every revision of a repository on the node (the
/// secretariat's order), with the reason the ledger records. Answers the
/// node's account of it.
pub async fn purge(
    remote: &Remote,
    repo: &RepoId,
    kind: RepoKind,
    path: &str,
    reason: &str,
) -> anyhow::Result<serde_json::Value> {
    let client = remote.client()?;
    let response = client
        .post(remote.api(kind, repo, "/purge"))
        .json(&json!({ "path": path, "reason": reason }))
        .send()
        .await?;
    Ok(check(response).await?.json().await?)
}
