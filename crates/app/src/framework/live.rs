//! The live framework catalog: the shipped data plus the stored uploads,
//! swapped whole on a successful upload and rebuilt when another process
//! stored one.

use std::sync::{Arc, RwLock};

use waico_framework::{Catalog, LoadErrors};
use waico_store::{FrameworkSource, SourceKind, SourcesWatermark, Store, StoreError};

/// The catalog every assessment and page reads. Readers take a cheap
/// snapshot (`Arc`); an upload builds a new catalog and swaps it in.
#[derive(Clone)]
pub struct FrameworkState {
    catalog: Arc<RwLock<Arc<Catalog>>>,
    /// The watermark of the stored uploads the catalog holds. Its lock
    /// serialises uploads and reloads, so that none is lost between clone
    /// and swap.
    pub(crate) loaded: Arc<tokio::sync::Mutex<SourcesWatermark>>,
}

impl Default for FrameworkState {
    /// The shipped data alone: the catalog of an empty upload table.
    fn default() -> Self {
        FrameworkState {
            catalog: Arc::new(RwLock::new(Arc::new(shipped()))),
            loaded: Arc::default(),
        }
    }
}

fn shipped() -> Catalog {
    // The shipped data is checked by waico-framework's tests.
    Catalog::shipped().expect("shipped framework data loads")
}

impl FrameworkState {
    /// The current catalog.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn swap(&self, new: Catalog) {
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(new);
    }

    /// Rebuilds the catalog from the shipped data and the active stored
    /// uploads: the frameworks first, then the crosswalks, mapping sets and
    /// rulepacks that name them, each group in the order it was accepted
    /// (see [`replay_order`]). An upload that no longer
    /// loads (e.g. the shipped data now defines the same URN) is skipped
    /// with a warning; the rest still load. Returns the skipped sources.
    pub async fn load_stored(&self, store: &Store) -> Result<Vec<(i64, LoadErrors)>, StoreError> {
        let mut loaded = self.loaded.lock().await;
        self.rebuild(store, &mut loaded).await
    }

    /// Reloads the catalog if the store holds uploads it was not built from
    /// (stored by another process sharing the database); one cheap query
    /// otherwise. Returns whether it reloaded.
    pub async fn reload_if_changed(&self, store: &Store) -> Result<bool, StoreError> {
        let mut loaded = self.loaded.lock().await;
        if store.framework_sources_watermark().await? == *loaded {
            return Ok(false);
        }
        self.rebuild(store, &mut loaded).await?;
        Ok(true)
    }

    /// [`Self::load_stored`] with the lock held.
    pub(crate) async fn rebuild(
        &self,
        store: &Store,
        loaded: &mut SourcesWatermark,
    ) -> Result<Vec<(i64, LoadErrors)>, StoreError> {
        let sources = store.list_framework_sources().await?;
        let mut cat = shipped();
        let mut skipped = Vec::new();
        for s in replay_order(&sources) {
            if s.status != "active" {
                continue;
            }
            if let Err(e) = apply(
                &mut cat,
                s.kind,
                &s.file_name,
                &s.source,
                s.jurisdiction.as_deref(),
            ) {
                tracing::warn!(id = s.id, file = %s.file_name, errors = %e, "stored framework upload skipped");
                skipped.push((s.id, e));
            }
        }
        self.swap(cat);
        *loaded = SourcesWatermark::of(&sources);
        Ok(skipped)
    }
}

/// The order stored uploads are applied in: every framework (WAICO YAML
/// or CISO Assistant library) before the crosswalks, mapping sets and
/// rulepacks, which may name frameworks but are never named by one; within
/// each group, the order they were accepted in (by id), so that a mapping
/// set meets the crosswalks it was checked against at upload. A mapping set
/// is only accepted once its frameworks are loaded, so this is the order of
/// acceptance whenever ids follow it; it stays right when they do not (on
/// PostgreSQL an id is handed out before its upload commits).
pub(crate) fn replay_order(sources: &[FrameworkSource]) -> Vec<&FrameworkSource> {
    let mut order: Vec<&FrameworkSource> = sources.iter().collect();
    order.sort_by_key(|s| (!s.kind.defines_framework(), s.id));
    order
}

/// The jurisdiction of a CISO Assistant library stored without one (before
/// it could be chosen at upload).
pub const DEFAULT_CISO_JURISDICTION: &str = "INTL";

/// What an upload defined.
pub(crate) struct Applied {
    pub(crate) subject: String,
    pub(crate) version: String,
}

/// Loads one document into `cat`; on error `cat` is unchanged. A CISO
/// Assistant framework library is imported for `jurisdiction` (`INTL` when
/// `None`); other kinds carry their own or none.
pub(crate) fn apply(
    cat: &mut Catalog,
    kind: SourceKind,
    file: &str,
    src: &str,
    jurisdiction: Option<&str>,
) -> Result<Applied, LoadErrors> {
    match kind {
        SourceKind::Framework => {
            let fw = cat.add_framework_yaml(file, src)?;
            Ok(Applied {
                subject: fw.urn.clone(),
                version: fw.version.clone(),
            })
        }
        SourceKind::CisoAssistant => {
            let fw = waico_framework::framework::import_ciso_assistant(
                file,
                src,
                jurisdiction.unwrap_or(DEFAULT_CISO_JURISDICTION),
            )?;
            let fw = cat.add_framework(file, src, fw)?;
            Ok(Applied {
                subject: fw.urn.clone(),
                version: fw.version.clone(),
            })
        }
        SourceKind::Crosswalk => {
            let doc = waico_framework::crosswalk::CrosswalkDoc::from_yaml(file, src)?;
            cat.add_crosswalk_yaml(file, src)?;
            Ok(Applied {
                subject: doc.framework,
                version: doc.version,
            })
        }
        SourceKind::CisoMappingSet => {
            let added = cat.add_ciso_mapping_set(file, src)?;
            Ok(Applied {
                subject: added.urn,
                version: added.version,
            })
        }
        SourceKind::Rulepack => {
            let pack = cat.add_pack_yaml(file, src)?;
            Ok(Applied {
                subject: pack.doc.id.clone(),
                version: pack.doc.version.clone(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(id: i64, kind: SourceKind) -> FrameworkSource {
        FrameworkSource {
            id,
            kind,
            subject: format!("s{id}"),
            version: "1".into(),
            file_name: "f.yaml".into(),
            source: String::new(),
            status: "active".into(),
            loaded_by: None,
            loaded_at: 0,
            jurisdiction: None,
        }
    }

    #[test]
    fn frameworks_replay_before_what_names_them() {
        use SourceKind::*;
        // Ids out of acceptance order, as PostgreSQL may leave them.
        let stored = [
            source(1, Crosswalk),
            source(2, CisoMappingSet),
            source(3, CisoAssistant),
            source(4, Rulepack),
            source(5, Framework),
            source(6, CisoMappingSet),
        ];
        let order: Vec<(i64, SourceKind)> = replay_order(&stored)
            .into_iter()
            .map(|s| (s.id, s.kind))
            .collect();
        assert_eq!(
            order,
            [
                (3, CisoAssistant),
                (5, Framework),
                (1, Crosswalk),
                (2, CisoMappingSet),
                (4, Rulepack),
                (6, CisoMappingSet),
            ]
        );
    }
}
