//! Stored framework uploads (frameworks, crosswalks, rulepacks as the YAML
//! that was sent), the AI systems registry and assessments as they were run.
//! The store keeps text; parsing and validation belong to `waico-framework`.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};

use crate::rows::{TableRow, insert_all};
use crate::{Result, Store, StoreError, now_ms};

/// What an uploaded source defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Framework,
    /// A CISO Assistant framework library, imported as a framework for the
    /// jurisdiction stored with it.
    CisoAssistant,
    Crosswalk,
    /// A CISO Assistant mapping-set library, imported as crosswalks between
    /// a framework crosswalked to the unified controls and one that is not.
    CisoMappingSet,
    Rulepack,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Framework,
        SourceKind::CisoAssistant,
        SourceKind::Crosswalk,
        SourceKind::CisoMappingSet,
        SourceKind::Rulepack,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            SourceKind::Framework => "framework",
            SourceKind::CisoAssistant => "ciso_assistant",
            SourceKind::Crosswalk => "crosswalk",
            SourceKind::CisoMappingSet => "ciso_mapping_set",
            SourceKind::Rulepack => "rulepack",
        }
    }

    /// Whether the kind defines a framework (which crosswalks, mapping sets
    /// and rulepacks may name, never the other way round).
    pub fn defines_framework(self) -> bool {
        matches!(self, SourceKind::Framework | SourceKind::CisoAssistant)
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// One accepted upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkSource {
    pub id: i64,
    pub kind: SourceKind,
    /// Framework URN, the crosswalk's framework URN, the mapping-set
    /// library's URN, or the pack id.
    pub subject: String,
    pub version: String,
    pub file_name: String,
    pub source: String,
    /// `active`, or `superseded` by a later version of the same pack.
    pub status: String,
    pub loaded_by: Option<i64>,
    pub loaded_at: i64,
    /// The jurisdiction a CISO Assistant framework library was loaded for
    /// (`None` for other kinds, and for libraries stored before it could be
    /// chosen, which load as `INTL`; absent from older backups).
    #[serde(default)]
    pub jurisdiction: Option<String>,
}

/// How far the stored uploads go: their number and the newest id. Rows are
/// only ever added, so any new upload changes it. The count is there because
/// PostgreSQL hands out ids before commit: an upload that commits after a
/// newer one leaves the newest id as it was, but not the count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourcesWatermark {
    pub count: i64,
    pub newest_id: i64,
}

impl SourcesWatermark {
    /// The watermark of exactly these rows.
    pub fn of(sources: &[FrameworkSource]) -> Self {
        SourcesWatermark {
            count: sources.len() as i64,
            newest_id: sources.iter().map(|s| s.id).max().unwrap_or(0),
        }
    }

    /// The watermark after one more row, `id`.
    pub fn with(self, id: i64) -> Self {
        SourcesWatermark {
            count: self.count + 1,
            newest_id: self.newest_id.max(id),
        }
    }
}

/// An upload to record (already validated by the caller).
#[derive(Debug, Clone)]
pub struct NewFrameworkSource {
    pub kind: SourceKind,
    pub subject: String,
    pub version: String,
    pub file_name: String,
    pub source: String,
    pub loaded_by: Option<i64>,
    /// The jurisdiction of a CISO Assistant framework library.
    pub jurisdiction: Option<String>,
}

/// A registered AI system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AiSystem {
    pub id: i64,
    /// The profile's `id`, used in addresses.
    pub slug: String,
    pub name: String,
    pub owner_user_id: Option<i64>,
    pub owner_institution_id: Option<i64>,
    /// The profile as YAML.
    pub profile: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewAiSystem {
    pub slug: String,
    pub name: String,
    pub owner_user_id: Option<i64>,
    pub owner_institution_id: Option<i64>,
    pub profile: String,
}

/// An assessment as it was run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAssessment {
    pub id: i64,
    pub system_id: i64,
    /// JSON list of the packs used with their versions.
    pub packs: String,
    /// The assessment result as JSON.
    pub result: String,
    pub created_at: i64,
}

fn refused(e: impl std::fmt::Display) -> StoreError {
    StoreError::Refused(e.to_string())
}

fn source_from(row: &AnyRow) -> Result<FrameworkSource> {
    let kind: String = row.try_get("kind")?;
    Ok(FrameworkSource {
        id: row.try_get("id")?,
        kind: SourceKind::parse(&kind).ok_or_else(|| refused(format!("source kind {kind}")))?,
        subject: row.try_get("subject")?,
        version: row.try_get("version")?,
        file_name: row.try_get("file_name")?,
        source: row.try_get("source")?,
        status: row.try_get("status")?,
        loaded_by: row.try_get("loaded_by")?,
        loaded_at: row.try_get("loaded_at")?,
        jurisdiction: row.try_get("jurisdiction")?,
    })
}

fn system_from(row: &AnyRow) -> Result<AiSystem> {
    Ok(AiSystem {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        owner_user_id: row.try_get("owner_user_id")?,
        owner_institution_id: row.try_get("owner_institution_id")?,
        profile: row.try_get("profile")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn assessment_from(row: &AnyRow) -> Result<StoredAssessment> {
    Ok(StoredAssessment {
        id: row.try_get("id")?,
        system_id: row.try_get("system_id")?,
        packs: row.try_get("packs")?,
        result: row.try_get("result")?,
        created_at: row.try_get("created_at")?,
    })
}

const SOURCE_COLUMNS: &str =
    "id, kind, subject, version, file_name, source, status, loaded_by, loaded_at, jurisdiction";
const SYSTEM_COLUMNS: &str =
    "id, slug, name, owner_user_id, owner_institution_id, profile, created_at, updated_at";
const ASSESSMENT_COLUMNS: &str = "id, system_id, packs, result, created_at";

impl TableRow for FrameworkSource {
    const TABLE: &'static str = "framework_sources";
    const COLUMNS: &'static str = SOURCE_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        source_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.kind.slug())
            .push_bind(self.subject.clone())
            .push_bind(self.version.clone())
            .push_bind(self.file_name.clone())
            .push_bind(self.source.clone())
            .push_bind(self.status.clone())
            .push_bind(self.loaded_by)
            .push_bind(self.loaded_at)
            .push_bind(self.jurisdiction.clone());
    }
}

impl TableRow for AiSystem {
    const TABLE: &'static str = "ai_systems";
    const COLUMNS: &'static str = SYSTEM_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        system_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.slug.clone())
            .push_bind(self.name.clone())
            .push_bind(self.owner_user_id)
            .push_bind(self.owner_institution_id)
            .push_bind(self.profile.clone())
            .push_bind(self.created_at)
            .push_bind(self.updated_at);
    }
}

impl TableRow for StoredAssessment {
    const TABLE: &'static str = "ai_assessments";
    const COLUMNS: &'static str = ASSESSMENT_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        assessment_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.system_id)
            .push_bind(self.packs.clone())
            .push_bind(self.result.clone())
            .push_bind(self.created_at);
    }
}

/// A unique violation on these tables: the version or slug is taken.
fn conflict(err: sqlx::Error, field: &'static str) -> StoreError {
    match StoreError::from_write(err) {
        StoreError::Conflict { .. } => StoreError::Conflict { field },
        other => other,
    }
}

/// Records an upload inside the caller's transaction (an upload's own, or
/// the decision of an adopted amendment): a rulepack supersedes the active
/// rows of the same pack id; the same (kind, subject, version) twice is a
/// conflict on `version`.
pub(crate) async fn insert_framework_source_in(
    tx: &mut sqlx::Transaction<'_, Any>,
    new: &NewFrameworkSource,
) -> Result<FrameworkSource> {
    if new.kind == SourceKind::Rulepack {
        sqlx::query(
            "UPDATE framework_sources SET status = 'superseded' \
             WHERE kind = $1 AND subject = $2 AND status = 'active'",
        )
        .bind(new.kind.slug())
        .bind(&new.subject)
        .execute(&mut **tx)
        .await?;
    }
    let row = sqlx::query(&format!(
        "INSERT INTO framework_sources (kind, subject, version, file_name, source, status, loaded_by, loaded_at, jurisdiction) \
         VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8) RETURNING {SOURCE_COLUMNS}"
    ))
    .bind(new.kind.slug())
    .bind(&new.subject)
    .bind(&new.version)
    .bind(&new.file_name)
    .bind(&new.source)
    .bind(new.loaded_by)
    .bind(now_ms())
    .bind(new.jurisdiction.clone())
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| conflict(e, "version"))?;
    source_from(&row)
}

impl Store {
    /// Records an upload. A rulepack supersedes the active rows of the same
    /// pack id; the same (kind, subject, version) twice is a conflict on `version`.
    /// Stores an upload and appends the ledger entry that `record` makes of
    /// it (none for `None`) in the same transaction: an adoption and its
    /// public record stand or fall together.
    pub async fn add_framework_source(
        &self,
        new: &NewFrameworkSource,
        record: impl FnOnce(&FrameworkSource) -> Result<Option<crate::ledger::NewEntry>>,
    ) -> Result<FrameworkSource> {
        let mut tx = self.write_tx().await?;
        let created = insert_framework_source_in(&mut tx, new).await?;
        if let Some(entry) = record(&created)? {
            crate::ledger::append_in(&mut tx, &[entry], None).await?;
        }
        tx.commit().await?;
        Ok(created)
    }

    /// The watermark of the stored uploads: one cheap query that tells a
    /// process whether another one has stored an upload since it looked.
    pub async fn framework_sources_watermark(&self) -> Result<SourcesWatermark> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS newest FROM framework_sources",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(SourcesWatermark {
            count: row.try_get("n")?,
            newest_id: row.try_get("newest")?,
        })
    }

    /// Every upload, oldest first (the order the catalog applies them in).
    pub async fn list_framework_sources(&self) -> Result<Vec<FrameworkSource>> {
        let rows = sqlx::query(&format!(
            "SELECT {SOURCE_COLUMNS} FROM framework_sources ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(source_from).collect()
    }

    pub async fn create_ai_system(&self, new: &NewAiSystem) -> Result<AiSystem> {
        let now = now_ms();
        let row = sqlx::query(&format!(
            "INSERT INTO ai_systems (slug, name, owner_user_id, owner_institution_id, profile, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {SYSTEM_COLUMNS}"
        ))
        .bind(&new.slug)
        .bind(&new.name)
        .bind(new.owner_user_id)
        .bind(new.owner_institution_id)
        .bind(&new.profile)
        .bind(now)
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        system_from(&row)
    }

    /// Replaces a system's name and profile (the slug and owners stay).
    pub async fn update_ai_system(&self, id: i64, name: &str, profile: &str) -> Result<AiSystem> {
        let row = sqlx::query(&format!(
            "UPDATE ai_systems SET name = $1, profile = $2, updated_at = $3 WHERE id = $4 RETURNING {SYSTEM_COLUMNS}"
        ))
        .bind(name)
        .bind(profile)
        .bind(now_ms())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(system_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    pub async fn ai_system(&self, slug: &str) -> Result<AiSystem> {
        let row = sqlx::query(&format!(
            "SELECT {SYSTEM_COLUMNS} FROM ai_systems WHERE slug = $1"
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(system_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    pub async fn ai_system_by_id(&self, id: i64) -> Result<AiSystem> {
        let row = sqlx::query(&format!(
            "SELECT {SYSTEM_COLUMNS} FROM ai_systems WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(system_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// A page of systems by name, and the total.
    pub async fn list_ai_systems(&self, limit: i64, offset: i64) -> Result<(Vec<AiSystem>, i64)> {
        let rows = sqlx::query(&format!(
            "SELECT {SYSTEM_COLUMNS} FROM ai_systems ORDER BY name, id LIMIT $1 OFFSET $2"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ai_systems")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        Ok((rows.iter().map(system_from).collect::<Result<_>>()?, total))
    }

    pub async fn add_assessment(
        &self,
        system_id: i64,
        packs: &str,
        result: &str,
    ) -> Result<StoredAssessment> {
        let row = sqlx::query(&format!(
            "INSERT INTO ai_assessments (system_id, packs, result, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING {ASSESSMENT_COLUMNS}"
        ))
        .bind(system_id)
        .bind(packs)
        .bind(result)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        assessment_from(&row)
    }

    pub async fn assessment(&self, id: i64) -> Result<StoredAssessment> {
        let row = sqlx::query(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM ai_assessments WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(assessment_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// The most recent assessment of a system, if any.
    pub async fn latest_assessment(&self, system_id: i64) -> Result<Option<StoredAssessment>> {
        let row = sqlx::query(&format!(
            "SELECT {ASSESSMENT_COLUMNS} FROM ai_assessments WHERE system_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(system_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(assessment_from).transpose()
    }
}

/// The framework tables in a backup.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FrameworkSnapshot {
    pub sources: Vec<FrameworkSource>,
    pub systems: Vec<AiSystem>,
    pub assessments: Vec<StoredAssessment>,
    /// Compliance work on the systems (absent from older backups).
    #[serde(default)]
    pub work: crate::work::WorkTables,
}

impl Store {
    pub(crate) async fn framework_snapshot(&self) -> Result<FrameworkSnapshot> {
        Ok(FrameworkSnapshot {
            sources: self.dump().await?,
            systems: self.dump().await?,
            assessments: self.dump().await?,
            work: self.work_tables().await?,
        })
    }

    /// Writes the framework tables of a backup inside the restore transaction.
    pub(crate) async fn restore_framework(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        s: &FrameworkSnapshot,
    ) -> Result<()> {
        insert_all(tx, &s.sources).await?;
        insert_all(tx, &s.systems).await?;
        insert_all(tx, &s.assessments).await?;
        self.restore_work(tx, &s.work).await?;
        if self.backend == crate::Backend::Postgres {
            for table in ["framework_sources", "ai_systems", "ai_assessments"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                ))
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }
}
