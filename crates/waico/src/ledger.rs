//! The node's ledger key (kept in the data folder) and the shell side of
//! the ledger: `waico ledger verify` (independent verification of a log
//! over HTTP: signature, whole-tree recomputation, consistency with the
//! last checkpoint seen, k-of-n witnesses) and `waico ledger witness`.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use serde::{Deserialize, Serialize};
use waico_ledger::cosignature::WitnessError;
use waico_ledger::hash::{Hash, from_hex, to_hex};
use waico_ledger::note::Note;
use waico_ledger::tiles::{BundleId, TileId, decode_bundle, split_tile};
use waico_ledger::{
    Checkpoint, ForkProof, LogVerifier, SignerKey, TreeHead, VerifierKey, Witness, open_checkpoint,
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
    /// The log's signed checkpoint at this head (witnesses keep it, so
    /// that a later conflicting one proves a fork to anyone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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

fn remember(path: &Path, origin: &str, head: TreeHead, note: Option<String>) -> anyhow::Result<()> {
    let mut heads = read_state(path)?;
    heads.retain(|h| h.origin != origin);
    heads.push(SavedHead {
        origin: origin.to_owned(),
        size: head.size,
        root: to_hex(&head.root),
        note,
    });
    write_state(path, &heads)
}

fn recalled(path: &Path, origin: &str) -> anyhow::Result<Option<TreeHead>> {
    recalled_head(path, origin)?
        .map(|h| h.tree_head())
        .transpose()
}

fn recalled_head(path: &Path, origin: &str) -> anyhow::Result<Option<SavedHead>> {
    Ok(read_state(path)?.into_iter().find(|h| h.origin == origin))
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
        None,
    )?;
    Ok(VerifiedLog {
        size: checkpoint.size,
        root: checkpoint.root,
        witnesses,
    })
}

/// Follows the log: [`verify`] every `interval` (each run checks
/// consistency with the head the previous one saved). Prints a line when
/// the log grew; returns an error, after printing an alert, when the log
/// is inconsistent; a fetch error is reported and retried.
pub async fn monitor(
    opts: &VerifyOptions,
    interval: std::time::Duration,
    rounds: Option<u64>,
) -> anyhow::Result<()> {
    let mut seen = None;
    let mut round = 0;
    loop {
        match verify(opts).await {
            Ok(log) => {
                if seen != Some(log.size) {
                    println!("ok: {} entries, root {}", log.size, to_hex(&log.root));
                    seen = Some(log.size);
                }
            }
            Err(e) if is_inconsistency(&e) => {
                eprintln!("ALERT: the log at {} is inconsistent: {e:#}", opts.url);
                return Err(e.context("the log is inconsistent"));
            }
            Err(e) => eprintln!("warning: could not check the log: {e:#}"),
        }
        round += 1;
        if rounds.is_some_and(|r| round >= r) {
            return Ok(());
        }
        tokio::time::sleep(interval).await;
    }
}

/// Whether `verify` failed on the log's content (rather than on fetching).
fn is_inconsistency(e: &anyhow::Error) -> bool {
    let text = format!("{e:#}");
    text.contains("verification failed") || text.starts_with("checkpoint")
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
    first_root: String,
    proof: Vec<String>,
}

fn hash_of(hex: &str) -> anyhow::Result<Hash> {
    from_hex(hex)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| anyhow!("bad hash {hex:?}"))
}

/// Why `witness` did not cosign.
#[derive(Debug, thiserror::Error)]
pub enum WitnessFailure {
    /// The log signed two checkpoints that conflict: the proof, which
    /// anyone with the log's key can check (`waico ledger check-fork`).
    #[error("the log forked: it signed two conflicting checkpoints")]
    Fork(Box<ForkProof>),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Acts as a witness of the log at `url`: fetches its newest signed
/// checkpoint (published or not), checks it against the last one this
/// node cosigned (kept in `state` with its signed note), cosigns it with
/// `key` and sends the cosignature back. Returns the cosigned size. When
/// the log contradicts a checkpoint it signed before, returns the proof.
pub async fn witness(
    key: &SignerKey,
    url: &str,
    log_key: &str,
    state: &Path,
) -> Result<u64, WitnessFailure> {
    let log_key = VerifierKey::parse(log_key.trim()).map_err(|e| anyhow!("--log-key: {e}"))?;
    let client = reqwest::Client::new();
    let base = url.trim_end_matches('/');
    let note_bytes = get(&client, &format!("{base}/api/v1/ledger/checkpoint/pending")).await?;
    let note = Note::parse(&note_bytes).map_err(|e| anyhow!("checkpoint: {e}"))?;
    let cp = Checkpoint::parse_text(&note.text).map_err(|e| anyhow!("checkpoint: {e}"))?;
    let saved = recalled_head(state, log_key.name())?;
    let latest = saved.as_ref().map(SavedHead::tree_head).transpose()?;
    let (prefix_root, proof) = match latest {
        Some(l) if cp.size > l.size && l.size > 0 => {
            let body = get(
                &client,
                &format!(
                    "{base}/api/v1/ledger/proofs/consistency?first={}&second={}",
                    l.size, cp.size
                ),
            )
            .await?;
            let view: ConsistencyView =
                serde_json::from_slice(&body).context("consistency proof")?;
            let proof = view
                .proof
                .iter()
                .map(|h| hash_of(h))
                .collect::<anyhow::Result<Vec<Hash>>>()?;
            (Some(hash_of(&view.first_root)?), proof)
        }
        _ => (None, Vec::new()),
    };
    let mut w = Witness::new(key.clone());
    w.follow(log_key.clone(), latest);
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let line = match w.cosign(&note_bytes, &proof, now) {
        Ok(line) => line,
        Err(e) => {
            // Only the log's own signed text goes into a proof, without
            // the cosignatures others added.
            let newer = waico_ledger::open_checkpoint(&note_bytes, &log_key)
                .ok()
                .and_then(|(_, n)| log_only(&n, &log_key));
            let candidate = match (&e, saved.as_ref().and_then(|s| s.note.clone()), newer) {
                (WitnessError::Fork { .. }, Some(older), Some(newer)) => {
                    Some(ForkProof::same_size(&older, &newer, log_key.name()))
                }
                (WitnessError::Inconsistent { .. }, Some(older), Some(newer)) => prefix_root
                    .map(|p| ForkProof::prefix(&older, &newer, log_key.name(), &p, &proof)),
                _ => None,
            };
            if let Some(p) = candidate.filter(|p| p.check(&log_key).is_ok()) {
                return Err(WitnessFailure::Fork(Box::new(p)));
            }
            return Err(anyhow!("refusing to cosign: {e}").into());
        }
    };
    if let Some(head) = w.latest(log_key.name()) {
        let (_, opened) = waico_ledger::open_checkpoint(&note_bytes, &log_key)
            .map_err(|e| anyhow!("checkpoint: {e}"))?;
        remember(state, log_key.name(), head, log_only(&opened, &log_key))?;
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
        .await
        .context("sending the cosignature")?;
    if !response.status().is_success() {
        let status = response.status();
        return Err(anyhow!(
            "the log refused the cosignature: HTTP {status} {}",
            response.text().await.unwrap_or_default()
        )
        .into());
    }
    Ok(cp.size)
}

/// Where `witness` writes a fork proof: next to its state file.
pub fn fork_proof_file(state: &Path, proof: &ForkProof) -> PathBuf {
    let origin: String = proof
        .origin
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = format!("fork-proof-{origin}.json");
    match state.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// The note with only the log's own signature.
fn log_only(note: &Note, log_key: &VerifierKey) -> Option<String> {
    let signatures: Vec<_> = note
        .signatures
        .iter()
        .filter(|s| s.name == log_key.name() && s.key_id == log_key.key_id())
        .cloned()
        .collect();
    (!signatures.is_empty()).then(|| {
        Note {
            text: note.text.clone(),
            signatures,
        }
        .to_string()
    })
}

/// Checks a fork proof (JSON, as `witness` prints it) against the log's
/// key; returns what it shows.
pub fn check_fork(proof_json: &[u8], log_key: &str) -> anyhow::Result<waico_ledger::Fork> {
    let key = VerifierKey::parse(log_key.trim()).map_err(|e| anyhow!("--key: {e}"))?;
    let proof: ForkProof = serde_json::from_slice(proof_json).context("not a fork proof")?;
    proof
        .check(&key)
        .map_err(|e| anyhow!("the proof does not show a fork: {e}"))
}
