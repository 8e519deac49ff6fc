//! Repository domain types of the Commons: what a repository is called, which
//! revision is meant, which file inside it, and how commits are built.
//!
//! Every type here has a validating constructor (`parse`/`new`/`FromStr`) and
//! can only hold values that passed it; serde goes through the same checks.
//! Commits are content-addressed: the commit id is the hex SHA-256 of a
//! canonical, length-prefixed encoding of parent, tree, author, message and
//! time, so the same inputs always give the same id.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256 as Sha256Hasher};

/// Why a repository value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoError {
    #[error("unknown repository kind {0:?} (expected model, dataset or tool)")]
    UnknownKind(String),
    #[error("unknown visibility {0:?} (expected public, gated or members_only)")]
    UnknownVisibility(String),
    #[error("invalid {what} {value:?}: {reason}")]
    InvalidName {
        what: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("invalid repository id {0:?}: expected owner/name")]
    InvalidRepoId(String),
    #[error("invalid revision {value:?}: {reason}")]
    InvalidRevision { value: String, reason: &'static str },
    #[error("invalid path {value:?}: {reason}")]
    InvalidPath { value: String, reason: &'static str },
    #[error("invalid sha256 {0:?}: expected 64 hexadecimal digits")]
    InvalidSha256(String),
}

macro_rules! serde_via_str {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_string())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// What a repository holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RepoKind {
    Model,
    Dataset,
    Tool,
}

impl RepoKind {
    pub const ALL: [RepoKind; 3] = [RepoKind::Model, RepoKind::Dataset, RepoKind::Tool];

    pub fn as_str(self) -> &'static str {
        match self {
            RepoKind::Model => "model",
            RepoKind::Dataset => "dataset",
            RepoKind::Tool => "tool",
        }
    }
}

impl fmt::Display for RepoKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RepoKind {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "model" => Ok(RepoKind::Model),
            "dataset" => Ok(RepoKind::Dataset),
            "tool" => Ok(RepoKind::Tool),
            other => Err(RepoError::UnknownKind(other.to_string())),
        }
    }
}
serde_via_str!(RepoKind);

/// Who may see a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Anyone may read.
    Public,
    /// Listed publicly; files are served after the user accepted the conditions.
    Gated,
    /// Only members of the owning organisation may see it at all.
    MembersOnly,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Gated => "gated",
            Visibility::MembersOnly => "members_only",
        }
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Visibility {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "public" => Ok(Visibility::Public),
            "gated" => Ok(Visibility::Gated),
            "members_only" => Ok(Visibility::MembersOnly),
            other => Err(RepoError::UnknownVisibility(other.to_string())),
        }
    }
}
serde_via_str!(Visibility);

/// Maximum length of an owner or repository name.
pub const MAX_NAME_LEN: usize = 96;

/// Checks one owner or repository name: `[A-Za-z0-9][A-Za-z0-9._-]{0,95}`,
/// no `..`, no trailing `.` or `-`, and (for names) no `.git` suffix, which
/// would confuse git clients.
fn check_name(what: &'static str, value: &str) -> Result<(), RepoError> {
    let err = |reason| RepoError::InvalidName {
        what,
        value: value.to_string(),
        reason,
    };
    if value.is_empty() {
        return Err(err("must not be empty"));
    }
    if value.len() > MAX_NAME_LEN {
        return Err(err("longer than 96 characters"));
    }
    let first = value.as_bytes()[0];
    if !first.is_ascii_alphanumeric() {
        return Err(err("must start with a letter or digit"));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(err("only letters, digits, '.', '_' and '-' are allowed"));
    }
    if value.contains("..") {
        return Err(err("must not contain '..'"));
    }
    if value.ends_with('.') || value.ends_with('-') {
        return Err(err("must not end with '.' or '-'"));
    }
    if what == "name" && value.to_ascii_lowercase().ends_with(".git") {
        return Err(err("must not end with '.git'"));
    }
    Ok(())
}

/// A repository id `owner/name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoId {
    owner: String,
    name: String,
}

impl RepoId {
    pub fn new(owner: &str, name: &str) -> Result<Self, RepoError> {
        check_name("owner", owner)?;
        check_name("name", name)?;
        Ok(RepoId {
            owner: owner.to_string(),
            name: name.to_string(),
        })
    }

    pub fn parse(s: &str) -> Result<Self, RepoError> {
        let (owner, name) = s
            .split_once('/')
            .ok_or_else(|| RepoError::InvalidRepoId(s.to_string()))?;
        if name.contains('/') {
            return Err(RepoError::InvalidRepoId(s.to_string()));
        }
        RepoId::new(owner, name)
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for RepoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

impl FromStr for RepoId {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RepoId::parse(s)
    }
}
serde_via_str!(RepoId);

/// Maximum length of a branch or tag name.
pub const MAX_REF_LEN: usize = 255;

/// Which state of a repository is meant.
///
/// A string of exactly 40 or 64 hexadecimal digits is always a commit id
/// (stored lowercase): 64 digits is a full native commit id, 40 digits is the
/// length git clients (and Hugging Face clients) use and is matched as a
/// prefix of a native id. Anything else is a branch or tag name following git's
/// ref-name rules (e.g. `main`, `v1.0`, `refs/pr/1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Revision {
    Commit(String),
    Named(String),
}

impl Revision {
    pub fn parse(s: &str) -> Result<Self, RepoError> {
        let err = |reason| RepoError::InvalidRevision {
            value: s.to_string(),
            reason,
        };
        if (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Revision::Commit(s.to_ascii_lowercase()));
        }
        if s.is_empty() {
            return Err(err("must not be empty"));
        }
        if s.len() > MAX_REF_LEN {
            return Err(err("longer than 255 bytes"));
        }
        if s.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\')
        }) {
            return Err(err(
                "contains a space, control character or one of ~^:?*[\\",
            ));
        }
        if s.contains("..") || s.contains("//") || s.contains("@{") || s == "@" {
            return Err(err("contains '..', '//' or '@{'"));
        }
        if s.starts_with('/') || s.starts_with('-') || s.ends_with('/') || s.ends_with('.') {
            return Err(err(
                "must not start with '/' or '-' nor end with '/' or '.'",
            ));
        }
        if s.split('/')
            .any(|c| c.starts_with('.') || c.ends_with(".lock"))
        {
            return Err(err("a component starts with '.' or ends with '.lock'"));
        }
        Ok(Revision::Named(s.to_string()))
    }

    /// The default branch.
    pub fn main() -> Self {
        Revision::Named("main".to_string())
    }

    /// Whether this revision names the given commit (full id or 40-digit prefix).
    pub fn matches_commit(&self, id: &Sha256) -> bool {
        match self {
            Revision::Commit(hex) => id.as_str().starts_with(hex.as_str()),
            Revision::Named(_) => false,
        }
    }
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Revision::Commit(s) | Revision::Named(s) => f.write_str(s),
        }
    }
}

impl FromStr for Revision {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Revision::parse(s)
    }
}
serde_via_str!(Revision);

/// Maximum length in bytes of a whole path inside a repository.
pub const MAX_PATH_LEN: usize = 1024;
/// Maximum length in bytes of one path segment.
pub const MAX_SEGMENT_LEN: usize = 255;

/// A relative file path inside a repository, using `/` as separator.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoPath(String);

impl RepoPath {
    pub fn parse(s: &str) -> Result<Self, RepoError> {
        let err = |reason| RepoError::InvalidPath {
            value: s.to_string(),
            reason,
        };
        if s.is_empty() {
            return Err(err("must not be empty"));
        }
        if s.len() > MAX_PATH_LEN {
            return Err(err("longer than 1024 bytes"));
        }
        if s.chars().any(char::is_control) {
            return Err(err("contains NUL or a control character"));
        }
        if s.contains('\\') {
            return Err(err("contains a backslash"));
        }
        if s.starts_with('/') {
            return Err(err("must be relative"));
        }
        if s.contains(':') {
            // `C:x` is a drive on Windows, `name:stream` a hidden stream.
            return Err(err("contains a colon"));
        }
        for segment in s.split('/') {
            match segment {
                "" => return Err(err("contains an empty segment")),
                "." | ".." => return Err(err("contains a '.' or '..' segment")),
                seg if seg.len() > MAX_SEGMENT_LEN => {
                    return Err(err("a segment is longer than 255 bytes"));
                }
                // Windows drops trailing dots and spaces, so `.. .` would
                // be `..` there and `.git.` would be `.git`.
                seg if seg.ends_with(['.', ' ']) => {
                    return Err(err("a segment ends with a dot or a space"));
                }
                // A `.git` folder (any case, or its Windows short name)
                // would be read by git in the folder a client downloads to.
                seg if seg.eq_ignore_ascii_case(".git") || seg.eq_ignore_ascii_case("git~1") => {
                    return Err(err("contains a .git segment"));
                }
                _ => {}
            }
        }
        Ok(RepoPath(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last segment.
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// Every proper ancestor directory, shortest first (`a`, `a/b` for `a/b/c`).
    pub fn ancestors(&self) -> impl Iterator<Item = &str> {
        self.0.match_indices('/').map(move |(i, _)| &self.0[..i])
    }
}

impl fmt::Display for RepoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RepoPath {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RepoPath::parse(s)
    }
}
serde_via_str!(RepoPath);

/// A SHA-256 digest, held as 64 lowercase hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sha256(String);

impl Sha256 {
    pub fn parse(s: &str) -> Result<Self, RepoError> {
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Sha256(s.to_ascii_lowercase()))
        } else {
            Err(RepoError::InvalidSha256(s.to_string()))
        }
    }

    /// Digest of the given bytes.
    pub fn digest(bytes: &[u8]) -> Self {
        Sha256(hex::encode(Sha256Hasher::digest(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Sha256 {
    type Err = RepoError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sha256::parse(s)
    }
}
serde_via_str!(Sha256);

/// One file in a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: RepoPath,
    pub size: u64,
    pub sha256: Sha256,
}

/// A change requested for a new commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// Add a file, or replace it when the path already exists.
    Put {
        path: RepoPath,
        size: u64,
        sha256: Sha256,
    },
    /// Remove a file that exists in the parent.
    Delete { path: RepoPath },
}

impl Change {
    pub fn path(&self) -> &RepoPath {
        match self {
            Change::Put { path, .. } | Change::Delete { path } => path,
        }
    }
}

/// Why a commit could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitError {
    #[error("a commit needs at least one change")]
    NoChanges,
    #[error("{0} is changed more than once in the same commit")]
    DuplicateChange(RepoPath),
    #[error("cannot delete {0}: no such file in the parent commit")]
    DeleteMissing(RepoPath),
    #[error("{file} would be both a file and a directory (because of {other})")]
    FileDirectoryConflict { file: String, other: RepoPath },
    #[error("author must be non-empty and free of control characters")]
    InvalidAuthor,
}

/// A commit: the whole file list of a repository at one point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commit {
    pub id: Sha256,
    pub parent: Option<Sha256>,
    /// Digest of the canonical file list.
    pub tree: Sha256,
    pub author: String,
    pub message: String,
    /// Seconds since the Unix epoch (UTC).
    pub time: i64,
    /// Files sorted by path.
    pub files: Vec<FileEntry>,
}

/// Appends `len:bytes` so that no two different field values encode alike.
fn put_field(buf: &mut Vec<u8>, name: &str, value: &[u8]) {
    buf.extend_from_slice(name.as_bytes());
    buf.push(b' ');
    buf.extend_from_slice(value.len().to_string().as_bytes());
    buf.push(b':');
    buf.extend_from_slice(value);
    buf.push(b'\n');
}

/// The tree digest of a sorted file list.
pub fn tree_digest(files: &[FileEntry]) -> Sha256 {
    let mut buf = b"waico-tree-v1\n".to_vec();
    for file in files {
        put_field(&mut buf, "path", file.path.as_str().as_bytes());
        put_field(&mut buf, "size", file.size.to_string().as_bytes());
        put_field(&mut buf, "sha256", file.sha256.as_str().as_bytes());
    }
    Sha256::digest(&buf)
}

/// The commit id for the given fields.
pub fn commit_digest(
    parent: Option<&Sha256>,
    tree: &Sha256,
    author: &str,
    message: &str,
    time: i64,
) -> Sha256 {
    let mut buf = b"waico-commit-v1\n".to_vec();
    put_field(
        &mut buf,
        "parent",
        parent.map(Sha256::as_str).unwrap_or("").as_bytes(),
    );
    put_field(&mut buf, "tree", tree.as_str().as_bytes());
    put_field(&mut buf, "author", author.as_bytes());
    put_field(&mut buf, "message", message.as_bytes());
    put_field(&mut buf, "time", time.to_string().as_bytes());
    Sha256::digest(&buf)
}

impl Commit {
    /// Builds the commit that applies `changes` on top of `parent` (or on an
    /// empty repository). The result is deterministic: same inputs, same id.
    pub fn build(
        parent: Option<&Commit>,
        changes: &[Change],
        author: &str,
        message: &str,
        time: i64,
    ) -> Result<Commit, CommitError> {
        if changes.is_empty() {
            return Err(CommitError::NoChanges);
        }
        if author.trim().is_empty() || author.chars().any(char::is_control) {
            return Err(CommitError::InvalidAuthor);
        }
        let mut tree: BTreeMap<RepoPath, FileEntry> = parent
            .map(|p| {
                p.files
                    .iter()
                    .map(|f| (f.path.clone(), f.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut touched = std::collections::HashSet::new();
        for change in changes {
            if !touched.insert(change.path().clone()) {
                return Err(CommitError::DuplicateChange(change.path().clone()));
            }
            match change {
                Change::Put { path, size, sha256 } => {
                    tree.insert(
                        path.clone(),
                        FileEntry {
                            path: path.clone(),
                            size: *size,
                            sha256: sha256.clone(),
                        },
                    );
                }
                Change::Delete { path } => {
                    if tree.remove(path).is_none() {
                        return Err(CommitError::DeleteMissing(path.clone()));
                    }
                }
            }
        }
        // A path may not be a file and the ancestor directory of another file.
        let names: std::collections::HashSet<&str> = tree.keys().map(RepoPath::as_str).collect();
        for path in tree.keys() {
            if let Some(dir) = path.ancestors().find(|a| names.contains(a)) {
                return Err(CommitError::FileDirectoryConflict {
                    file: dir.to_string(),
                    other: path.clone(),
                });
            }
        }
        let files: Vec<FileEntry> = tree.into_values().collect();
        let tree = tree_digest(&files);
        let parent_id = parent.map(|p| p.id.clone());
        let id = commit_digest(parent_id.as_ref(), &tree, author, message, time);
        Ok(Commit {
            id,
            parent: parent_id,
            tree,
            author: author.to_string(),
            message: message.to_string(),
            time,
            files,
        })
    }

    /// Whether `id` and `tree` match the rest of the commit (e.g. after loading
    /// it from storage).
    pub fn verify(&self) -> bool {
        let sorted = self.files.windows(2).all(|w| w[0].path < w[1].path);
        let tree = tree_digest(&self.files);
        sorted
            && tree == self.tree
            && commit_digest(
                self.parent.as_ref(),
                &tree,
                &self.author,
                &self.message,
                self.time,
            ) == self.id
    }

    /// The entry for a path, if present.
    pub fn file(&self, path: &RepoPath) -> Option<&FileEntry> {
        self.files
            .binary_search_by(|f| f.path.cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Sum of all file sizes.
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(n: u8) -> Sha256 {
        Sha256::digest(&[n])
    }

    fn put(path: &str, size: u64, n: u8) -> Change {
        Change::Put {
            path: RepoPath::parse(path).unwrap(),
            size,
            sha256: sha(n),
        }
    }

    #[test]
    fn repo_id_rules() {
        let id = RepoId::parse("waico/Llama-3.1_8B").unwrap();
        assert_eq!(id.owner(), "waico");
        assert_eq!(id.name(), "Llama-3.1_8B");
        assert_eq!(id.to_string(), "waico/Llama-3.1_8B");
        for bad in [
            "noslash",
            "a/b/c",
            "/name",
            "owner/",
            "-owner/name",
            "owner/.name",
            "owner/name.",
            "owner/name-",
            "owner/na..me",
            "ow ner/name",
            "owner/näme",
            "owner/repo.git",
        ] {
            assert!(RepoId::parse(bad).is_err(), "{bad} accepted");
        }
        let long = "a".repeat(96);
        assert!(RepoId::new(&long, "x").is_ok());
        assert!(RepoId::new(&format!("{long}b"), "x").is_err());
    }

    #[test]
    fn repo_id_serde_validates() {
        let ok: RepoId = serde_json::from_str("\"a/b\"").unwrap();
        assert_eq!(ok, RepoId::parse("a/b").unwrap());
        assert!(serde_json::from_str::<RepoId>("\"a/../b\"").is_err());
        assert!(serde_json::from_str::<RepoKind>("\"space\"").is_err());
        assert_eq!(
            serde_json::to_string(&Visibility::MembersOnly).unwrap(),
            "\"members_only\""
        );
    }

    #[test]
    fn revisions() {
        let full = "A".repeat(64);
        assert_eq!(
            Revision::parse(&full).unwrap(),
            Revision::Commit("a".repeat(64))
        );
        assert!(matches!(
            Revision::parse(&"0".repeat(40)).unwrap(),
            Revision::Commit(_)
        ));
        assert_eq!(
            Revision::parse("refs/pr/1").unwrap(),
            Revision::Named("refs/pr/1".into())
        );
        assert_eq!(
            Revision::parse("v1.0").unwrap(),
            Revision::Named("v1.0".into())
        );
        for bad in [
            "", "a..b", "a b", "-x", "x/", "x.lock", "a//b", "x@{1}", "~1", "a\u{7}", ".hidden",
        ] {
            assert!(Revision::parse(bad).is_err(), "{bad:?} accepted");
        }
        let id = Sha256::digest(b"x");
        assert!(
            Revision::parse(&id.as_str()[..40])
                .unwrap()
                .matches_commit(&id)
        );
        assert!(!Revision::main().matches_commit(&id));
    }

    #[test]
    fn repo_paths() {
        for ok in [
            "config.json",
            "a/b/c.txt",
            "données/中文.csv",
            ".gitattributes",
            ".gitignore",
            "docs/.github/x.md",
            "v1.2/model.bin",
        ] {
            assert!(RepoPath::parse(ok).is_ok(), "{ok} refused");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a/./b",
            "a//b",
            "a/",
            "a\\b",
            "a\0b",
            "a\nb",
            "a\u{85}b",
            ".git/config",
            ".git/HEAD",
            "sub/.git/hooks/post-checkout",
            ".GIT/config",
            "Git~1/config",
            ".git./config",
            ".git /config",
            ".. ./x",
            "a/.. /b",
            "C:/x",
            "C:x",
            "file.txt:hidden",
        ] {
            assert!(RepoPath::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(RepoPath::parse(&"a".repeat(255)).is_ok());
        assert!(RepoPath::parse(&"a".repeat(256)).is_err());
        let long = vec!["a".repeat(200); 6].join("/");
        assert!(long.len() > 1024);
        assert!(RepoPath::parse(&long).is_err());
        let p = RepoPath::parse("a/b/c").unwrap();
        assert_eq!(p.ancestors().collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(p.file_name(), "c");
    }

    #[test]
    fn sha256_parse() {
        assert_eq!(
            Sha256::digest(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(Sha256::parse(&"g".repeat(64)).is_err());
        assert!(Sha256::parse(&"a".repeat(63)).is_err());
        assert_eq!(
            Sha256::parse(&"AB".repeat(32)).unwrap().as_str(),
            "ab".repeat(32)
        );
    }

    #[test]
    fn commit_build_is_deterministic_and_applies_changes() {
        let c1 = Commit::build(
            None,
            &[put("config.json", 10, 1), put("model.safetensors", 100, 2)],
            "alice",
            "init",
            1_700_000_000,
        )
        .unwrap();
        let again = Commit::build(
            None,
            &[put("model.safetensors", 100, 2), put("config.json", 10, 1)],
            "alice",
            "init",
            1_700_000_000,
        )
        .unwrap();
        assert_eq!(c1.id, again.id, "order of changes must not matter");
        assert!(c1.verify());
        assert_eq!(c1.total_size(), 110);
        assert_eq!(c1.files[0].path.as_str(), "config.json");

        let c2 = Commit::build(
            Some(&c1),
            &[
                put("config.json", 12, 3),
                Change::Delete {
                    path: RepoPath::parse("model.safetensors").unwrap(),
                },
                put("README.md", 5, 4),
            ],
            "bob",
            "update",
            1_700_000_100,
        )
        .unwrap();
        assert_eq!(c2.parent.as_ref(), Some(&c1.id));
        assert_ne!(c2.id, c1.id);
        assert!(c2.verify());
        let paths: Vec<_> = c2.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["README.md", "config.json"]);
        assert_eq!(
            c2.file(&RepoPath::parse("config.json").unwrap())
                .unwrap()
                .size,
            12
        );

        // Any field change changes the id.
        let other_msg = Commit::build(
            None,
            &[put("config.json", 10, 1), put("model.safetensors", 100, 2)],
            "alice",
            "init!",
            1_700_000_000,
        )
        .unwrap();
        assert_ne!(other_msg.id, c1.id);
        let mut tampered = c2.clone();
        tampered.files[0].size += 1;
        assert!(!tampered.verify());
    }

    #[test]
    fn commit_errors() {
        let c1 = Commit::build(None, &[put("a/b.txt", 1, 1)], "alice", "m", 0).unwrap();
        assert_eq!(
            Commit::build(Some(&c1), &[], "alice", "m", 1),
            Err(CommitError::NoChanges)
        );
        assert!(matches!(
            Commit::build(
                Some(&c1),
                &[Change::Delete {
                    path: RepoPath::parse("nope").unwrap()
                }],
                "alice",
                "m",
                1
            ),
            Err(CommitError::DeleteMissing(_))
        ));
        assert!(matches!(
            Commit::build(
                Some(&c1),
                &[put("x", 1, 1), put("x", 2, 2)],
                "alice",
                "m",
                1
            ),
            Err(CommitError::DuplicateChange(_))
        ));
        assert!(matches!(
            Commit::build(Some(&c1), &[put("a", 1, 1)], "alice", "m", 1),
            Err(CommitError::FileDirectoryConflict { .. })
        ));
        assert!(matches!(
            Commit::build(Some(&c1), &[put("a/b.txt/c", 1, 1)], "alice", "m", 1),
            Err(CommitError::FileDirectoryConflict { .. })
        ));
        assert_eq!(
            Commit::build(None, &[put("x", 1, 1)], " ", "m", 1),
            Err(CommitError::InvalidAuthor)
        );
    }
}
