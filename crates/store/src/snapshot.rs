//! The whole database as one serialisable value, for `waico backup` and
//! `waico restore` (which also moves a node between SQLite and PostgreSQL),
//! and the members registry alone for `waico export` / `waico import`.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};

use crate::rows::{TableRow, insert_all};
use crate::{Backend, Institution, Membership, Result, Store, StoreError};

pub const FORMAT: u32 = 1;

/// Every table's rows. Sessions are not kept: a restore signs everyone out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub format: u32,
    pub created_at: i64,
    pub memberships: Vec<Membership>,
    pub institutions: Vec<Institution>,
    pub users: Vec<UserRow>,
    pub user_roles: Vec<UserRoleRow>,
    pub api_tokens: Vec<TokenRow>,
    /// Framework uploads, AI systems and assessments.
    #[serde(default)]
    pub framework: crate::framework::FrameworkSnapshot,
    /// The governance ledger: entries, tree nodes, head, checkpoints,
    /// cosignatures (blobs as hex).
    #[serde(default)]
    pub ledger: crate::ledger::LedgerSnapshot,
    /// The commons tables (absent in backups made before the commons).
    #[serde(default)]
    pub commons: crate::commons_snapshot::CommonsTables,
    /// The deliberation tables (absent in backups made before them).
    #[serde(default)]
    pub deliberation: crate::deliberation::DeliberationTables,
    /// The capacity exchange tables (absent in backups made before it).
    #[serde(default)]
    pub capacity: crate::capacity::CapacitySnapshot,
    /// The safety tables (absent in backups made before the safety part).
    #[serde(default)]
    pub safety: crate::safety::SafetyTables,
    /// The record of changes of power over accounts (absent in backups
    /// made before it existed).
    #[serde(default)]
    pub account_events: Vec<crate::AccountEvent>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    pub country: Option<String>,
    pub institution_id: Option<i64>,
    pub language: String,
    pub created_at: i64,
    /// Absent in backups made before deactivation existed.
    #[serde(default)]
    pub deactivated_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRoleRow {
    pub user_id: i64,
    pub role: String,
    pub scope: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub token_hash: String,
    pub prefix: String,
    pub scope: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl TableRow for UserRow {
    const TABLE: &'static str = "users";
    const COLUMNS: &'static str = "id, username, display_name, email, password_hash, country, institution_id, language, created_at, deactivated_at";
    const ORDER: &'static str = "id";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(UserRow {
            id: r.try_get("id")?,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            email: r.try_get("email")?,
            password_hash: r.try_get("password_hash")?,
            country: r.try_get("country")?,
            institution_id: r.try_get("institution_id")?,
            language: r.try_get("language")?,
            created_at: r.try_get("created_at")?,
            deactivated_at: r.try_get("deactivated_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.username.clone())
            .push_bind(self.display_name.clone())
            .push_bind(self.email.clone())
            .push_bind(self.password_hash.clone())
            .push_bind(self.country.clone())
            .push_bind(self.institution_id)
            .push_bind(self.language.clone())
            .push_bind(self.created_at)
            .push_bind(self.deactivated_at);
    }
}

impl TableRow for UserRoleRow {
    const TABLE: &'static str = "user_roles";
    const COLUMNS: &'static str = "user_id, role, scope";
    const ORDER: &'static str = "user_id, role, scope";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(UserRoleRow {
            user_id: r.try_get("user_id")?,
            role: r.try_get("role")?,
            scope: r.try_get("scope")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.user_id)
            .push_bind(self.role.clone())
            .push_bind(self.scope.clone());
    }
}

impl TableRow for TokenRow {
    const TABLE: &'static str = "api_tokens";
    const COLUMNS: &'static str = "id, user_id, name, token_hash, prefix, scope, created_at, expires_at, revoked_at, last_used_at";
    const ORDER: &'static str = "id";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(TokenRow {
            id: r.try_get("id")?,
            user_id: r.try_get("user_id")?,
            name: r.try_get("name")?,
            token_hash: r.try_get("token_hash")?,
            prefix: r.try_get("prefix")?,
            scope: r.try_get("scope")?,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            revoked_at: r.try_get("revoked_at")?,
            last_used_at: r.try_get("last_used_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.user_id)
            .push_bind(self.name.clone())
            .push_bind(self.token_hash.clone())
            .push_bind(self.prefix.clone())
            .push_bind(self.scope.clone())
            .push_bind(self.created_at)
            .push_bind(self.expires_at)
            .push_bind(self.revoked_at)
            .push_bind(self.last_used_at);
    }
}

impl TableRow for crate::AccountEvent {
    const TABLE: &'static str = "account_events";
    const COLUMNS: &'static str = "id, at, actor_id, subject_id, action, detail, ledger_index";
    const ORDER: &'static str = "id";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(crate::AccountEvent {
            id: r.try_get("id")?,
            at: r.try_get("at")?,
            actor_id: r.try_get("actor_id")?,
            subject_id: r.try_get("subject_id")?,
            action: r.try_get("action")?,
            detail: r.try_get("detail")?,
            ledger_index: r.try_get("ledger_index")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.at)
            .push_bind(self.actor_id)
            .push_bind(self.subject_id)
            .push_bind(self.action.clone())
            .push_bind(self.detail.clone())
            .push_bind(self.ledger_index);
    }
}

/// The members registry as exchanged between nodes: memberships and
/// institutions, no accounts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistryExport {
    pub format: u32,
    pub memberships: Vec<Membership>,
    pub institutions: Vec<Institution>,
}

impl Store {
    pub async fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            format: FORMAT,
            created_at: crate::now_ms(),
            memberships: self.dump().await?,
            institutions: self.dump().await?,
            users: self.dump().await?,
            user_roles: self.dump().await?,
            api_tokens: self.dump().await?,
            framework: self.framework_snapshot().await?,
            ledger: self.ledger_snapshot().await?,
            commons: self.dump_commons().await?,
            deliberation: self.dump_deliberation().await?,
            capacity: self.capacity_snapshot().await?,
            safety: self.safety_tables().await?,
            account_events: self.dump().await?,
        })
    }

    async fn is_empty(&self) -> Result<bool> {
        for table in [
            "memberships",
            "institutions",
            "users",
            "ledger_entries",
            "safety_reports",
        ] {
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Loads a snapshot into an empty, migrated store, all or nothing.
    pub async fn restore(&self, snapshot: &Snapshot) -> Result<()> {
        if snapshot.format != FORMAT {
            return Err(StoreError::Refused(format!(
                "backup format {} is not supported (expected {FORMAT})",
                snapshot.format
            )));
        }
        if !self.is_empty().await? {
            return Err(StoreError::Refused(
                "restore needs an empty database".into(),
            ));
        }
        let mut tx = self.write_tx().await?;
        insert_all(&mut tx, &snapshot.memberships).await?;
        insert_all(&mut tx, &snapshot.institutions).await?;
        insert_all(&mut tx, &snapshot.users).await?;
        insert_all(&mut tx, &snapshot.user_roles).await?;
        insert_all(&mut tx, &snapshot.api_tokens).await?;
        self.restore_framework(&mut tx, &snapshot.framework).await?;
        self.restore_ledger(&mut tx, &snapshot.ledger).await?;
        self.restore_commons(&mut tx, &snapshot.commons).await?;
        self.restore_deliberation(&mut tx, &snapshot.deliberation)
            .await?;
        self.restore_capacity(&mut tx, &snapshot.capacity).await?;
        self.restore_safety(&mut tx, &snapshot.safety).await?;
        insert_all(&mut tx, &snapshot.account_events).await?;
        if self.backend == Backend::Postgres {
            // Identity columns must continue after the restored ids.
            for table in ["institutions", "users", "api_tokens", "account_events"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        self.fill_search_keys().await?;
        Ok(())
    }

    pub async fn export_registry(&self) -> Result<RegistryExport> {
        let snapshot = self.snapshot().await?;
        Ok(RegistryExport {
            format: FORMAT,
            memberships: snapshot.memberships,
            institutions: snapshot.institutions,
        })
    }

    /// Merges an exported registry: memberships are upserted, institutions
    /// are matched by country and name (created when new, updated when the
    /// kind or website differs). All or nothing. Returns (memberships,
    /// institutions) written.
    pub async fn import_registry(&self, export: &RegistryExport) -> Result<(usize, usize)> {
        if export.format != FORMAT {
            return Err(StoreError::Refused(format!(
                "registry format {} is not supported",
                export.format
            )));
        }
        let mut tx = self.write_tx().await?;
        for m in &export.memberships {
            sqlx::query(
                "INSERT INTO memberships (country, status, since, updated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (country) DO UPDATE SET status = excluded.status, since = excluded.since, updated_at = excluded.updated_at",
            )
            .bind(m.country.as_str())
            .bind(m.status.slug())
            .bind(m.since.clone())
            .bind(crate::now_ms())
            .execute(&mut *tx)
            .await?;
        }
        for i in &export.institutions {
            waico_members::InstitutionName::parse(&i.name)
                .map_err(|e| StoreError::Refused(format!("institution {:?}: {e}", i.name)))?;
            sqlx::query(
                "INSERT INTO institutions (name, kind, country, website, created_at, name_key) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (country, name) DO UPDATE SET kind = excluded.kind, website = excluded.website",
            )
            .bind(i.name.clone())
            .bind(i.kind.slug())
            .bind(i.country.as_str())
            .bind(i.website.clone())
            .bind(i.created_at)
            .bind(crate::search_key::search_key(&i.name))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((export.memberships.len(), export.institutions.len()))
    }
}
