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
    let mut state = AppState::new(store, artifacts, config.settings()?);
    let dir = config.search_index_dir();
    state.commons = std::sync::Arc::new(
        waico_web::commons::Commons::open_dir(&dir)
            .with_context(|| format!("opening the search index in {}", dir.display()))?,
    );
    // An index that does not match the database (new, or lost) is rebuilt.
    let (_, repos) = state
        .store
        .list_repos(&waico_store::RepoFilter {
            limit: 1,
            ..Default::default()
        })
        .await?;
    if state.commons.search.num_docs() != repos as u64 {
        let n = waico_web::commons::reindex(&state).await?;
        tracing::info!(repositories = n, "search index rebuilt");
    }
    Ok(state)
}
