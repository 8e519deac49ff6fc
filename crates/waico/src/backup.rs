//! One-file backups: a tar archive holding `manifest.json`, the database
//! snapshot `database.json` (members, accounts, frameworks, the ledger),
//! every artifact under `artifacts/`, and the node's ledger key.
//! Restoring needs an empty node and works across SQLite and PostgreSQL.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};
use futures::TryStreamExt;
use object_store::ObjectStoreExt;
use object_store::path::Path as ObjectPath;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;
use waico_app::AppState;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    created_at: i64,
    artifacts: usize,
}

const FORMAT: &str = "waico-backup";

/// The node's ledger signing key travels with its ledger.
const KEY_FILE: &str = "ledger.key";

pub async fn write(state: &AppState, data_dir: &Path, output: &Path) -> anyhow::Result<String> {
    let snapshot = state.store.snapshot().await?;
    let objects: Vec<_> = state
        .artifacts
        .list(None)
        .try_collect()
        .await
        .context("listing artifacts")?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: 1,
        created_at: waico_store::now_ms(),
        artifacts: objects.len(),
    };

    let partial = output.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("creating {}", partial.display()))?;
    let mut tar = tar::Builder::new(file);
    let mut add = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_mtime((manifest.created_at / 1000) as u64);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes)?;
        Ok(())
    };
    add("manifest.json", &serde_json::to_vec_pretty(&manifest)?)?;
    add("database.json", &serde_json::to_vec(&snapshot)?)?;
    if let Ok(key) = std::fs::read(data_dir.join(KEY_FILE)) {
        add(KEY_FILE, &key)?;
    }
    // Artifacts (commons files can be many GB) go through a spool file, so
    // memory stays flat whatever their size.
    let spool = tempfile::NamedTempFile::new_in(output.parent().unwrap_or(Path::new(".")))?;
    for meta in &objects {
        let mut stream = state.artifacts.get(&meta.location).await?.into_stream();
        let mut out = tokio::fs::File::create(spool.path()).await?;
        while let Some(chunk) = stream.try_next().await? {
            out.write_all(&chunk).await?;
        }
        out.flush().await?;
        drop(out);
        let mut file = std::fs::File::open(spool.path())?;
        tar.append_file(format!("artifacts/{}", meta.location), &mut file)?;
    }
    tar.into_inner()?.sync_all()?;
    std::fs::rename(&partial, output)?;
    Ok(format!(
        "{} users, {} institutions, {} memberships, {} artifacts",
        snapshot.users.len(),
        snapshot.institutions.len(),
        snapshot.memberships.len(),
        objects.len()
    ))
}

pub async fn restore(state: &AppState, data_dir: &Path, input: &Path) -> anyhow::Result<String> {
    let file =
        std::fs::File::open(input).with_context(|| format!("opening {}", input.display()))?;
    let mut archive = tar::Archive::new(file);
    let mut manifest: Option<Manifest> = None;
    let mut snapshot: Option<waico_store::Snapshot> = None;
    // Artifacts are spooled to temporary files while the archive is read,
    // then streamed into the object store after the database is restored.
    let spool = tempfile::tempdir_in(data_dir.parent().unwrap_or(Path::new(".")))
        .or_else(|_| tempfile::tempdir())?;
    let mut artifacts: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut ledger_key: Option<Vec<u8>> = None;
    for entry in archive.entries().context("not a WAICO backup (tar)")? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if let Some(path) = name.strip_prefix("artifacts/") {
            if path.split('/').any(|s| s == ".." || s.is_empty()) {
                bail!("unexpected entry {name:?} in backup");
            }
            let spooled = spool.path().join(artifacts.len().to_string());
            std::io::copy(&mut entry, &mut std::fs::File::create(&spooled)?)?;
            artifacts.push((path.to_owned(), spooled));
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        match name.as_str() {
            "manifest.json" => {
                manifest = Some(serde_json::from_slice(&bytes).context("manifest.json")?)
            }
            "database.json" => {
                snapshot = Some(serde_json::from_slice(&bytes).context("database.json")?)
            }
            KEY_FILE => ledger_key = Some(bytes),
            other => bail!("unexpected entry {other:?} in backup"),
        }
    }
    let manifest = manifest.context("backup lacks manifest.json")?;
    if manifest.format != FORMAT || manifest.version != 1 {
        bail!(
            "unsupported backup format {} v{}",
            manifest.format,
            manifest.version
        );
    }
    let snapshot = snapshot.context("backup lacks database.json")?;
    if artifacts.len() != manifest.artifacts {
        bail!(
            "backup is truncated: {} of {} artifacts present",
            artifacts.len(),
            manifest.artifacts
        );
    }
    state.store.restore(&snapshot).await?;
    if let Some(key) = &ledger_key {
        // The restored ledger was signed with this key: it becomes the
        // node's key (the node had signed nothing, restore needs it empty).
        let path = data_dir.join(KEY_FILE);
        std::fs::create_dir_all(data_dir)?;
        std::fs::write(&path, key).with_context(|| format!("writing {}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    for (path, spooled) in &artifacts {
        let mut writer = object_store::buffered::BufWriter::new(
            state.artifacts.clone(),
            ObjectPath::from(path.as_str()),
        );
        let mut file = tokio::fs::File::open(spooled).await?;
        tokio::io::copy(&mut file, &mut writer).await?;
        writer.shutdown().await?;
    }
    state.directory.invalidate();
    Ok(format!(
        "{} users, {} institutions, {} memberships, {} artifacts",
        snapshot.users.len(),
        snapshot.institutions.len(),
        snapshot.memberships.len(),
        artifacts.len()
    ))
}
