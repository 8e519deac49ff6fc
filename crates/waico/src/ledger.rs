//! The node's ledger key (kept in the data folder) and the shell side of
//! the ledger: `waico ledger verify` (independent verification of a log
//! over HTTP: signature, whole-tree recomputation, consistency with the
//! last checkpoint seen, k-of-n witnesses) and `waico ledger witness`.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use waico_ledger::hash::{Hash, from_hex, to_hex};
use waico_ledger::note::Note;
use waico_ledger::tiles::{BundleId, TileId, decode_bundle, split_tile};
use waico_ledger::{
    Checkpoint, LogVerifier, SignerKey, TreeHead, VerifierKey, Witness, open_checkpoint,
    verify_cosignatures,
};

/// File name of the node's Ed25519 key in the data folder.
pub const KEY_FILE: &str = "ledger.key";

/// Reads the node key from `<data_dir>/ledger.key`, creating it (mode
/// 0600) with name `origin` at first start. The key's name is the log's
/// origin for good: a configured origin that differs is an error.
pub fn load_or_create_key(data_dir: &Path, origin: &str) -> anyhow::Result<SignerKey> {
    let path = data_dir.join(KEY_FILE);
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating data folder {}", data_dir.display()))?;
    let read = |path: &Path| -> anyhow::Result<SignerKey> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        SignerKey::parse(text.trim()).map_err(|e| anyhow!("{}: {e}", path.display()))
    };
    if path.exists() {
        return read(&path);
    }
    let key = SignerKey::generate(origin).map_err(|e| anyhow!("ledger origin {origin:?}: {e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            use std::io::Write;
            writeln!(file, "{}", key.to_key_string())?;
            file.sync_all()?;
            tracing::info!(origin, path = %path.display(), "generated the node's ledger key");
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::thread::sleep(std::time::Duration::from_millis(50));
            read(&path)
        }
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

/// The last tree head trusted for a log, kept between runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedHead {
    pub origin: String,
    pub size: u64,
    /// Root hash, hex.
    pub root: String,
}

impl SavedHead {
    fn tree_head(&self) -> anyhow::Result<TreeHead> {
        let root: Hash = from_hex(&self.root)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| anyhow!("state file: bad root"))?;
        Ok(TreeHead {
            size: self.size,
            root,
        })
    }
}

fn read_state(path: &Path) -> anyhow::Result<Vec<SavedHead>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("state file {}", path.display()))
}

fn write_state(path: &Path, heads: &[SavedHead]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(heads)?)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn remember(path: &Path, origin: &str, head: TreeHead) -> anyhow::Result<()> {
    let mut heads = read_state(path)?;
    heads.retain(|h| h.origin != origin);
    heads.push(SavedHead {
        origin: origin.to_owned(),
        size: head.size,
        root: to_hex(&head.root),
    });
    write_state(path, &heads)
}

fn recalled(path: &Path, origin: &str) -> anyhow::Result<Option<TreeHead>> {
    read_state(path)?
        .iter()
        .find(|h| h.origin == origin)
        .map(SavedHead::tree_head)
        .transpose()
}

/// `$XDG_STATE_HOME/waico/ledger-state.json` or `~/.local/state/...`.
pub fn default_state_file() -> PathBuf {
    let base = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("waico").join("ledger-state.json")
}

async fn get(client: &reqwest::Client, url: &str) -> anyhow::Result<Vec<u8>> {
    let response = client
        .get(url)
        .send()
        .await
        .with_context(|| format!("fetching {url}"))?;
    if !response.status().is_success() {
        bail!("fetching {url}: HTTP {}", response.status());
    }
    Ok(response.bytes().await?.to_vec())
}

/// What `verify` is asked to check.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Base URL of the node.
    pub url: String,
    /// The log's pinned verifier key.
    pub key: String,
    /// A signed checkpoint seen before, to check consistency with.
    pub since: Option<PathBuf>,
    /// Where the last verified tree head is kept.
    pub state: PathBuf,
    /// Witness keys (cosignature/v1).
    pub witnesses: Vec<String>,
    pub min_witnesses: usize,
}

/// A log that verified.
#[derive(Debug, Clone)]
pub struct VerifiedLog {
    pub size: u64,
    pub root: Hash,
    pub witnesses: Vec<String>,
}

/// Fetches the checkpoint, all entries and level-0 tiles, recomputes the
/// tree and checks everything; the error names the first problem.
pub async fn verify(opts: &VerifyOptions) -> anyhow::Result<VerifiedLog> {
    let key = VerifierKey::parse(opts.key.trim()).map_err(|e| anyhow!("--key: {e}"))?;
    let client = reqwest::Client::new();
    let base = opts.url.trim_end_matches('/');
    let note = get(&client, &format!("{base}/checkpoint")).await?;

    let witness_keys = opts
        .witnesses
        .iter()
        .map(|w| VerifierKey::parse(w.trim()).map_err(|e| anyhow!("--witness {w}: {e}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let witnesses = if witness_keys.is_empty() && opts.min_witnesses == 0 {
        Vec::new()
    } else {
        let parsed = Note::parse(&note).map_err(|e| anyhow!("checkpoint: {e}"))?;
        verify_cosignatures(&parsed, &witness_keys, opts.min_witnesses)
            .map_err(|e| anyhow!("witnesses: {e}"))?
            .into_iter()
            .map(|c| c.name)
            .collect()
    };

    let trusted = match &opts.since {
        Some(file) => {
            let text =
                std::fs::read(file).with_context(|| format!("--since {}", file.display()))?;
            let (cp, _) = open_checkpoint(&text, &key)
                .map_err(|e| anyhow!("--since {}: {e}", file.display()))?;
            Some(TreeHead {
                size: cp.size,
                root: cp.root,
            })
        }
        None => recalled(&opts.state, key.name())?,
    };

    let mut verifier = LogVerifier::new(&key, &note, trusted)
        .map_err(|f| anyhow!("verification failed: {f}"))?
        .require_records(true);
    let size = verifier.checkpoint().size;
    for bundle in 0..size.div_ceil(256) {
        let start = bundle * 256;
        let width = (size - start).min(256) as u16;
        let tile = TileId {
            level: 0,
            index: bundle,
            width,
        };
        let entries_id = BundleId {
            index: bundle,
            width,
        };
        let hashes = split_tile(
            &tile,
            &get(&client, &format!("{base}/{}", tile.path())).await?,
        )
        .map_err(|e| anyhow!("{}: {e}", tile.path()))?;
        let entries = decode_bundle(&get(&client, &format!("{base}/{}", entries_id.path())).await?)
            .map_err(|e| anyhow!("{}: {e}", entries_id.path()))?;
        for (i, hash) in hashes.iter().enumerate() {
            let index = start + i as u64;
            match entries.get(i) {
                Some(entry) => verifier
                    .push_entry_with_hash(entry, hash)
                    .map_err(|f| anyhow!("verification failed: {f}"))?,
                None => {
                    bail!("verification failed: entry {index} is missing from the log's entries")
                }
            }
        }
        if entries.len() > hashes.len() {
            bail!(
                "verification failed: entry {} is served but not in the tree",
                start + hashes.len() as u64
            );
        }
    }
    let checkpoint: Checkpoint = verifier
        .finish()
        .map_err(|f| anyhow!("verification failed: {f}"))?;
    check_nothing_behind_the_tree(&client, base, size).await?;
    remember(
        &opts.state,
        key.name(),
        TreeHead {
            size: checkpoint.size,
            root: checkpoint.root,
        },
    )?;
    Ok(VerifiedLog {
        size: checkpoint.size,
        root: checkpoint.root,
        witnesses,
    })
}

#[derive(Deserialize)]
struct EntriesPage {
    tree_size: u64,
    entries: Vec<EntryIndex>,
}

#[derive(Deserialize)]
struct EntryIndex {
    index: u64,
}

/// Entries the log stores beyond its sequenced tree were written behind
/// its back (an honest append writes entry, nodes and head together).
async fn check_nothing_behind_the_tree(
    client: &reqwest::Client,
    base: &str,
    from: u64,
) -> anyhow::Result<()> {
    let mut start = from;
    loop {
        let body = get(
            client,
            &format!("{base}/api/v1/ledger/entries?start={start}&limit=1000"),
        )
        .await?;
        let page: EntriesPage = serde_json::from_slice(&body).context("entries page")?;
        if let Some(e) = page.entries.iter().find(|e| e.index >= page.tree_size) {
            bail!(
                "verification failed: entry {} is stored but not in the log's tree of size {} \
                 (appended behind the log's back)",
                e.index,
                page.tree_size
            );
        }
        match page.entries.last() {
            Some(last) if page.entries.len() == 1000 => start = last.index + 1,
            _ => return Ok(()),
        }
    }
}

#[derive(Deserialize)]
struct ConsistencyView {
    proof: Vec<String>,
}

/// Acts as a witness of the log at `url`: checks its checkpoint against
/// the last one this node cosigned (kept in `state`), cosigns it with
/// `key` and sends the cosignature back. Returns the cosigned size.
pub async fn witness(
    key: &SignerKey,
    url: &str,
    log_key: &str,
    state: &Path,
) -> anyhow::Result<u64> {
    let log_key = VerifierKey::parse(log_key.trim()).map_err(|e| anyhow!("--log-key: {e}"))?;
    let client = reqwest::Client::new();
    let base = url.trim_end_matches('/');
    let note_bytes = get(&client, &format!("{base}/checkpoint")).await?;
    let note = Note::parse(&note_bytes).map_err(|e| anyhow!("checkpoint: {e}"))?;
    let cp = Checkpoint::parse_text(&note.text).map_err(|e| anyhow!("checkpoint: {e}"))?;
    let latest = recalled(state, log_key.name())?;
    let proof = match latest {
        Some(l) if cp.size > l.size && l.size > 0 => {
            let body = get(
                &client,
                &format!(
                    "{base}/api/v1/ledger/proofs/consistency?first={}&second={}",
                    l.size, cp.size
                ),
            )
            .await?;
            let view: ConsistencyView = serde_json::from_slice(&body)?;
            view.proof
                .iter()
                .map(|h| {
                    from_hex(h)
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| anyhow!("bad proof hash"))
                })
                .collect::<anyhow::Result<Vec<Hash>>>()?
        }
        _ => Vec::new(),
    };
    let mut w = Witness::new(key.clone());
    w.follow(log_key.clone(), latest);
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let line = w
        .cosign(&note_bytes, &proof, now)
        .map_err(|e| anyhow!("refusing to cosign: {e}"))?;
    if let Some(head) = w.latest(log_key.name()) {
        remember(state, log_key.name(), head)?;
    }
    let mut signatures: Vec<_> = note
        .signatures
        .into_iter()
        .filter(|s| s.name != line.name || s.key_id != line.key_id)
        .collect();
    signatures.push(line);
    let cosigned = Note {
        text: note.text,
        signatures,
    };
    let response = client
        .post(format!("{base}/api/v1/ledger/cosignatures"))
        .header("content-type", "text/plain")
        .body(cosigned.to_string())
        .send()
        .await?;
    if !response.status().is_success() {
        let status = response.status();
        bail!(
            "the log refused the cosignature: HTTP {status} {}",
            response.text().await.unwrap_or_default()
        );
    }
    Ok(cp.size)
}
