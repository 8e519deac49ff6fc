//! Download counting rules: which file requests count as a download.
//!
//! * **Models** count one download per request (GET or HEAD, not a resumed
//!   range request) of the repository's *query file(s)*. By default that is
//!   `config.json`; a library can name its own (e.g. `model_index.json` for
//!   diffusers, every `*.gguf` file for llama.cpp-style repositories). When
//!   a repository holds none of its primary query files, fallbacks are used in
//!   order: `model.safetensors`, `pytorch_model.bin`, `*.gguf`, `*.onnx`.
//!   Loading a model fetches the query file once, so each load counts once
//!   and fetching other shards adds nothing.
//! * **Datasets and tools** count at most one download per client per
//!   repository per five minutes, whatever files are fetched. A client is the
//!   SHA-256 of IP address and user agent, so no raw IP is kept.
//!
//! The counter is pure logic with an injectable [`Clock`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};

use crate::repo::{RepoId, RepoKind, RepoPath, Sha256};

/// Source of the current time in milliseconds since the Unix epoch.
pub trait Clock {
    fn now_ms(&self) -> i64;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A clock moved by hand (tests, replays of logs).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start_ms: i64) -> Self {
        ManualClock(AtomicI64::new(start_ms))
    }
    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
    pub fn set_ms(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now_ms(&self) -> i64 {
        (**self).now_ms()
    }
}

/// A file-name pattern: an exact path or a `*.ext` suffix on any file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilePattern {
    Exact(String),
    Extension(String),
}

impl FilePattern {
    /// `*.gguf` → extension pattern; anything else is an exact repo path.
    pub fn parse(s: &str) -> Self {
        match s.strip_prefix("*.") {
            Some(ext) => FilePattern::Extension(format!(".{ext}")),
            None => FilePattern::Exact(s.to_string()),
        }
    }

    pub fn matches(&self, path: &RepoPath) -> bool {
        match self {
            FilePattern::Exact(p) => path.as_str() == p,
            FilePattern::Extension(ext) => path.file_name().ends_with(ext.as_str()),
        }
    }
}

/// Which files of a model repository are its query files.
#[derive(Debug, Clone)]
pub struct QueryFileRules {
    /// Used when no library rule applies.
    pub default: Vec<FilePattern>,
    /// `library_name` from the card → its query files.
    pub per_library: HashMap<String, Vec<FilePattern>>,
    /// Used, in order, when the repository holds none of the primary files.
    pub fallbacks: Vec<FilePattern>,
}

impl Default for QueryFileRules {
    fn default() -> Self {
        let p = |v: &[&str]| v.iter().map(|s| FilePattern::parse(s)).collect::<Vec<_>>();
        let per_library = [
            ("diffusers", p(&["model_index.json"])),
            ("gguf", p(&["*.gguf"])),
            ("llama.cpp", p(&["*.gguf"])),
            ("adapter-transformers", p(&["adapter_config.json"])),
            ("peft", p(&["adapter_config.json"])),
            ("sentence-transformers", p(&["config.json", "modules.json"])),
            (
                "open_clip",
                p(&["open_clip_config.json", "open_clip_pytorch_model.bin"]),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        QueryFileRules {
            default: p(&["config.json"]),
            per_library,
            fallbacks: p(&["model.safetensors", "pytorch_model.bin", "*.gguf", "*.onnx"]),
        }
    }
}

impl QueryFileRules {
    /// The patterns that count for a model with this library and these files.
    pub fn patterns_for<'a>(
        &'a self,
        library: Option<&str>,
        files: &[RepoPath],
    ) -> &'a [FilePattern] {
        let primary = library
            .and_then(|l| self.per_library.get(l))
            .unwrap_or(&self.default);
        let present =
            |pats: &[FilePattern]| files.iter().any(|f| pats.iter().any(|p| p.matches(f)));
        if present(primary) {
            return primary;
        }
        for fb in &self.fallbacks {
            if files.iter().any(|f| fb.matches(f)) {
                return std::slice::from_ref(fb);
            }
        }
        primary
    }

    /// Whether a request for `path` is a query-file request.
    pub fn is_query_file(
        &self,
        library: Option<&str>,
        files: &[RepoPath],
        path: &RepoPath,
    ) -> bool {
        self.patterns_for(library, files)
            .iter()
            .any(|p| p.matches(path))
    }
}

/// HTTP method of a file request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

/// One file request as seen by the file server.
#[derive(Debug, Clone)]
pub struct FileRequest<'a> {
    pub kind: RepoKind,
    pub repo: &'a RepoId,
    pub path: &'a RepoPath,
    pub method: Method,
    /// First byte asked for by a `Range` header; `None` without one.
    pub range_start: Option<u64>,
    /// `library_name` of the repository's card (models).
    pub library: Option<&'a str>,
    /// Files of the served revision (models: to pick fallback query files).
    pub files: &'a [RepoPath],
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// Why a request did or did not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Counted,
    NotQueryFile,
    /// A range request that resumes a transfer (does not start at byte 0).
    Continuation,
    /// Same client, same dataset, inside the deduplication window.
    RecentlyCounted,
}

impl Decision {
    pub fn counted(self) -> bool {
        self == Decision::Counted
    }
}

/// Anonymous client fingerprint: SHA-256 of IP and user agent.
pub fn client_fingerprint(ip: &str, user_agent: &str) -> Sha256 {
    let mut buf = Vec::with_capacity(ip.len() + user_agent.len() + 1);
    buf.extend_from_slice(ip.as_bytes());
    buf.push(0);
    buf.extend_from_slice(user_agent.as_bytes());
    Sha256::digest(&buf)
}

/// Default deduplication window for datasets and tools.
pub const DATASET_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Decides which requests count as downloads.
pub struct DownloadCounter<C: Clock> {
    clock: C,
    pub rules: QueryFileRules,
    pub window_ms: i64,
    /// (kind, repo, client) → time it was last counted.
    seen: HashMap<(RepoKind, RepoId, Sha256), i64>,
    last_prune: i64,
}

impl<C: Clock> DownloadCounter<C> {
    pub fn new(clock: C) -> Self {
        DownloadCounter {
            clock,
            rules: QueryFileRules::default(),
            window_ms: DATASET_WINDOW_MS,
            seen: HashMap::new(),
            last_prune: i64::MIN,
        }
    }

    /// Decides whether `req` counts and remembers it when it does.
    pub fn record(&mut self, req: &FileRequest<'_>) -> Decision {
        if req.range_start.is_some_and(|start| start > 0) {
            return Decision::Continuation;
        }
        match req.kind {
            RepoKind::Model => {
                if self.rules.is_query_file(req.library, req.files, req.path) {
                    Decision::Counted
                } else {
                    Decision::NotQueryFile
                }
            }
            RepoKind::Dataset | RepoKind::Tool => {
                let now = self.clock.now_ms();
                self.prune(now);
                let key = (
                    req.kind,
                    req.repo.clone(),
                    client_fingerprint(req.ip, req.user_agent),
                );
                match self.seen.get(&key) {
                    Some(&t) if now - t < self.window_ms => Decision::RecentlyCounted,
                    _ => {
                        self.seen.insert(key, now);
                        Decision::Counted
                    }
                }
            }
        }
    }

    /// Drops entries older than the window (at most once per window).
    fn prune(&mut self, now: i64) {
        if now.saturating_sub(self.last_prune) < self.window_ms {
            return;
        }
        let window = self.window_ms;
        self.seen.retain(|_, t| now - *t < window);
        self.last_prune = now;
    }

    /// Number of remembered (client, repository) pairs.
    pub fn tracked_clients(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(v: &[&str]) -> Vec<RepoPath> {
        v.iter().map(|p| RepoPath::parse(p).unwrap()).collect()
    }

    struct Req {
        kind: RepoKind,
        repo: RepoId,
        files: Vec<RepoPath>,
    }

    impl Req {
        fn new(kind: RepoKind, files: &[&str]) -> Self {
            Req {
                kind,
                repo: RepoId::parse("waico/x").unwrap(),
                files: paths(files),
            }
        }
        fn get<'a>(
            &'a self,
            path: &'a RepoPath,
            ip: &'a str,
            library: Option<&'a str>,
        ) -> FileRequest<'a> {
            FileRequest {
                kind: self.kind,
                repo: &self.repo,
                path,
                method: Method::Get,
                range_start: None,
                library,
                files: &self.files,
                ip,
                user_agent: "hf-hub/1.0",
            }
        }
    }

    #[test]
    fn model_counts_only_query_file() {
        let clock = ManualClock::new(0);
        let mut c = DownloadCounter::new(&clock);
        let r = Req::new(
            RepoKind::Model,
            &["config.json", "model-00001.safetensors", "tokenizer.json"],
        );
        let cfg = RepoPath::parse("config.json").unwrap();
        let shard = RepoPath::parse("model-00001.safetensors").unwrap();
        assert_eq!(c.record(&r.get(&cfg, "1.1.1.1", None)), Decision::Counted);
        // Every load counts, even from the same client right away.
        assert_eq!(c.record(&r.get(&cfg, "1.1.1.1", None)), Decision::Counted);
        assert_eq!(
            c.record(&r.get(&shard, "1.1.1.1", None)),
            Decision::NotQueryFile
        );
        let mut head = r.get(&cfg, "1.1.1.1", None);
        head.method = Method::Head;
        assert!(c.record(&head).counted());
        let mut resumed = r.get(&cfg, "1.1.1.1", None);
        resumed.range_start = Some(100);
        assert_eq!(c.record(&resumed), Decision::Continuation);
        resumed.range_start = Some(0);
        assert!(c.record(&resumed).counted());
        assert_eq!(c.tracked_clients(), 0, "models keep no per-client state");
    }

    #[test]
    fn model_library_rules_and_fallbacks() {
        let rules = QueryFileRules::default();
        let gguf = paths(&["q4.gguf", "q8.gguf", "README.md"]);
        assert!(rules.is_query_file(Some("gguf"), &gguf, &gguf[0]));
        assert!(rules.is_query_file(Some("gguf"), &gguf, &gguf[1]));
        assert!(!rules.is_query_file(Some("gguf"), &gguf, &gguf[2]));
        // No library, no config.json: *.gguf fallback.
        assert!(rules.is_query_file(None, &gguf, &gguf[0]));

        let st = paths(&["model.safetensors", "tokenizer.json"]);
        assert!(rules.is_query_file(None, &st, &st[0]));
        assert!(!rules.is_query_file(None, &st, &st[1]));
        // With config.json present, the weights file is not a query file.
        let both = paths(&["config.json", "model.safetensors"]);
        assert!(!rules.is_query_file(None, &both, &both[1]));
        assert!(rules.is_query_file(None, &both, &both[0]));

        let diff = paths(&["model_index.json", "unet/config.json"]);
        assert!(rules.is_query_file(Some("diffusers"), &diff, &diff[0]));
        assert!(!rules.is_query_file(Some("diffusers"), &diff, &diff[1]));
        // Nested config.json is not the root query file.
        assert!(!rules.is_query_file(None, &diff, &diff[1]));
    }

    #[test]
    fn dataset_dedup_per_client_per_five_minutes() {
        let clock = ManualClock::new(1_000_000);
        let mut c = DownloadCounter::new(&clock);
        let r = Req::new(
            RepoKind::Dataset,
            &["data/train.parquet", "data/test.parquet"],
        );
        let train = RepoPath::parse("data/train.parquet").unwrap();
        let test = RepoPath::parse("data/test.parquet").unwrap();
        assert_eq!(
            c.record(&r.get(&train, "10.0.0.1", None)),
            Decision::Counted
        );
        assert_eq!(
            c.record(&r.get(&test, "10.0.0.1", None)),
            Decision::RecentlyCounted
        );
        // Another client counts separately; so does another user agent.
        assert!(c.record(&r.get(&train, "10.0.0.2", None)).counted());
        let mut other_ua = r.get(&train, "10.0.0.1", None);
        other_ua.user_agent = "curl/8";
        assert!(c.record(&other_ua).counted());
        // Another repository counts separately.
        let other = Req {
            repo: RepoId::parse("waico/y").unwrap(),
            ..Req::new(RepoKind::Dataset, &[])
        };
        assert!(c.record(&other.get(&train, "10.0.0.1", None)).counted());

        clock.advance_ms(DATASET_WINDOW_MS - 1);
        assert_eq!(
            c.record(&r.get(&test, "10.0.0.1", None)),
            Decision::RecentlyCounted
        );
        clock.advance_ms(1);
        assert_eq!(c.record(&r.get(&test, "10.0.0.1", None)), Decision::Counted);
    }

    #[test]
    fn old_entries_are_pruned() {
        let clock = ManualClock::new(0);
        let mut c = DownloadCounter::new(&clock);
        let r = Req::new(RepoKind::Tool, &["tool.py"]);
        let p = RepoPath::parse("tool.py").unwrap();
        for i in 0..50 {
            let ip = format!("192.0.2.{i}");
            assert!(c.record(&r.get(&p, &ip, None)).counted());
        }
        assert_eq!(c.tracked_clients(), 50);
        clock.advance_ms(DATASET_WINDOW_MS * 2);
        assert!(c.record(&r.get(&p, "192.0.2.1", None)).counted());
        assert_eq!(c.tracked_clients(), 1);
    }

    #[test]
    fn fingerprint_hides_ip() {
        let f = client_fingerprint("203.0.113.7", "ua");
        assert_eq!(f, client_fingerprint("203.0.113.7", "ua"));
        assert_ne!(f, client_fingerprint("203.0.113.7", "ua2"));
        // The separator keeps ("a","bc") and ("ab","c") apart.
        assert_ne!(client_fingerprint("a", "bc"), client_fingerprint("ab", "c"));
    }
}
