//! Opening a node from its configuration: the database (migrated), the
//! artifact store, and the state the web layer shares.

use anyhow::Context;
use waico_app::AppState;
use waico_store::Store;

use crate::config::Config;

pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let url = config.database_url();
    if url.expose().starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
    }
    let store = Store::connect(url.expose())
        .await
        .with_context(|| format!("connecting to {}", url.redacted()))?;
    store.migrate().await.context("running migrations")?;
    Ok(store)
}

pub async fn open(config: &Config) -> anyhow::Result<AppState> {
    let store = open_store(config).await?;
    let artifacts = waico_store::artifacts::open(&config.artifacts_dir(), config.s3.as_ref())
        .context("opening artifact storage")?;
    refuse_a_lost_key(config, &store).await?;
    let ledger = open_ledger(config, &store)?;
    let state = AppState::new(store, artifacts, config.settings()?).with_ledger(ledger);
    // The catalog: shipped frameworks and packs plus the stored uploads.
    state
        .framework
        .load_stored(&state.store)
        .await
        .context("loading stored framework uploads")?;
    Ok(state)
}

/// A node whose log has entries but whose key file is gone must not make a
/// new key: its next checkpoints would be signed by a key no reader trusts,
/// and the old ones could no longer be extended. The key is restored from a
/// backup (`waico restore` carries it) instead.
async fn refuse_a_lost_key(config: &Config, store: &Store) -> anyhow::Result<()> {
    let path = config.data_dir.join(crate::ledger::KEY_FILE);
    if path.exists() {
        return Ok(());
    }
    let size = store
        .ledger_head()
        .await
        .context("reading the ledger head")?
        .size;
    if size > 0 {
        anyhow::bail!(
            "the ledger holds {size} entries but its signing key {} is missing; \
             put the key back (from a backup) instead of starting with a new one",
            path.display()
        );
    }
    Ok(())
}

/// The node's ledger: its key from the data folder, its settings.
pub fn open_ledger(config: &Config, store: &Store) -> anyhow::Result<waico_app::ledger::Ledger> {
    let key = crate::ledger::load_or_create_key(&config.data_dir, &config.ledger_origin())?;
    let witnesses = config
        .ledger_witnesses
        .iter()
        .map(|w| {
            waico_ledger::VerifierKey::parse(w.trim())
                .map_err(|e| anyhow::anyhow!("ledger_witnesses: {w:?}: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let settings = waico_app::ledger::LedgerSettings {
        checkpoint_every: std::time::Duration::from_millis(config.ledger_checkpoint_ms.max(10)),
        witnesses,
        witness_quorum: config.ledger_witness_quorum,
    };
    Ok(waico_app::ledger::Ledger::new(store.clone(), key, settings))
}

/// The node with its commons search index on disk (for `serve` and
/// `reindex`; one process at a time holds the index). An index that does
/// not match the database (new, or lost) is rebuilt.
pub async fn open_with_search(config: &Config) -> anyhow::Result<AppState> {
    let mut state = open(config).await?;
    let dir = config.search_index_dir();
    state.commons = std::sync::Arc::new(waico_app::commons::Commons::open_dir(&dir).with_context(
        || {
            format!(
                "opening the search index in {} (is another waico serving this data folder?)",
                dir.display()
            )
        },
    )?);
    if state.commons.search.num_docs() != waico_app::commons::indexed_count(&state).await? {
        let n = waico_app::commons::reindex(&state).await?;
        tracing::info!(repositories = n, "search index rebuilt");
    }
    Ok(state)
}
