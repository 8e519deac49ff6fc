//! WAICO's storage layer. One query layer (sqlx's `Any` driver, `$N`
//! placeholders in fixed queries, `sqlx::QueryBuilder` for the rest, see
//! [`query`]) serves both SQLite and PostgreSQL; only the migrations are
//! written per backend. The backend is chosen from the database URL.

pub mod accounts;
pub mod artifacts;
pub mod blobs;
pub mod capacity;
pub mod commons;
pub mod commons_snapshot;
pub mod deliberation;
pub mod framework;
pub mod ledger;
pub mod members;
mod query;
mod rows;
pub mod safety;
pub mod search_key;
pub mod second_factor;
pub mod single_sign_on;
pub mod snapshot;
pub mod work;

use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use accounts::{
    AccountChange, AccountEvent, ApiToken, Credentials, LinkPurpose, NewUser, SessionInfo,
    SessionSummary, TokenScope, User,
};
pub use commons::{
    AccessRequest, AccessStatus, BlobLease, CommitInfo, NewRepo, OwnerKind, RefInfo, Repo,
    RepoChange, RepoFilter, RepoOrder,
};
pub use deliberation::{
    AllocationPolicyRow, BallotRow, DeliberationTables, ElectionRow, NewProposalRow, NoticeRow,
    ProposalFilter, ProposalWrite, StoredBody, StoredProposal, TransitionRow,
};
pub use framework::{
    AiSystem, FrameworkSource, NewAiSystem, NewFrameworkSource, SourceKind, SourcesWatermark,
    StoredAssessment,
};
pub use ledger::{
    LedgerHead, NewEntry, StoredCheckpoint, StoredCosignature, StoredEntry, subject_key,
};
pub use members::{Institution, InstitutionFilter, Membership, NewInstitution};
pub use safety::{
    SafetyCommentRow, SafetyHistoryRow, SafetyOpeningRow, SafetyReportRow, SafetySourceRow,
    SafetyTables, StoredSafetyReport,
};
pub use snapshot::Snapshot;
pub use work::{Assignment, NewWorkEvent, WorkEvent, WorkEvidence, WorkItem, WorkTables};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; `field` names the column.
    #[error("{field} already exists")]
    Conflict { field: &'static str },
    #[error("{0}")]
    Refused(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Turns a unique violation into `Conflict` naming the field.
    pub(crate) fn from_write(err: sqlx::Error) -> StoreError {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            let text = format!("{} {}", db.constraint().unwrap_or_default(), db.message());
            let field = ["username", "email", "token_hash", "name", "country"]
                .into_iter()
                .find(|f| text.contains(f))
                .unwrap_or("id");
            return StoreError::Conflict { field };
        }
        StoreError::Database(err)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database: a pool and the backend it talks to.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

static DRIVERS: Once = Once::new();

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`). SQLite files are
    /// created on first use and run in WAL mode.
    pub async fn connect(url: &str) -> Result<Store> {
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Refused(format!(
                "unsupported database URL scheme in {}; use sqlite:// or postgres://",
                url.split("://").next().unwrap_or(url)
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { '&' } else { '?' })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Store { pool, backend })
    }

    /// Applies the migrations of this backend that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        self.backfill_repo_tags().await?;
        self.fill_search_keys().await?;
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`): a transaction that reads first and
    /// writes later could otherwise fail with "database is locked" when
    /// another connection wrote in between, without waiting for the busy
    /// timeout. PostgreSQL's row locks need no such care.
    pub async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
