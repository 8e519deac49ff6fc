//! Opening a node from its configuration: the database (migrated), the
//! artifact store, and the state the web layer shares.

use anyhow::Context;
use waico_store::Store;
use waico_web::AppState;

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
    let state = AppState::new(store, artifacts, config.settings()?);
    // The catalog: shipped frameworks and packs plus the stored uploads.
    state
        .framework
        .load_stored(&state.store)
        .await
        .context("loading stored framework uploads")?;
    Ok(state)
}
