//! The whole database as one serialisable value, for `waico backup` and
//! `waico restore` (which also moves a node between SQLite and PostgreSQL),
//! and the members registry alone for `waico export` / `waico import`.

use serde::{Deserialize, Serialize};
use sqlx::Row;

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
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub created_at: i64,
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
        let (institutions, _) = self
            .list_institutions(&crate::InstitutionFilter {
                limit: i64::MAX / 2,
                ..Default::default()
            })
            .await?;
        let users = sqlx::query(
            "SELECT id, username, display_name, email, password_hash, country, institution_id, language, failed_logins, locked_until, created_at FROM users ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(UserRow {
                id: r.try_get("id")?,
                username: r.try_get("username")?,
                display_name: r.try_get("display_name")?,
                email: r.try_get("email")?,
                password_hash: r.try_get("password_hash")?,
                country: r.try_get("country")?,
                institution_id: r.try_get("institution_id")?,
                language: r.try_get("language")?,
                failed_logins: r.try_get("failed_logins")?,
                locked_until: r.try_get("locked_until")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()?;
        let user_roles = sqlx::query(
            "SELECT user_id, role, scope FROM user_roles ORDER BY user_id, role, scope",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(UserRoleRow {
                user_id: r.try_get("user_id")?,
                role: r.try_get("role")?,
                scope: r.try_get("scope")?,
            })
        })
        .collect::<std::result::Result<_, sqlx::Error>>()?;
        let api_tokens = sqlx::query(
            "SELECT id, user_id, name, token_hash, prefix, scope, created_at, expires_at, revoked_at, last_used_at FROM api_tokens ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
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
        })
        .collect::<std::result::Result<_, sqlx::Error>>()?;
        Ok(Snapshot {
            format: FORMAT,
            created_at: crate::now_ms(),
            memberships: self.list_memberships().await?,
            institutions,
            users,
            user_roles,
            api_tokens,
            framework: self.framework_snapshot().await?,
            ledger: self.ledger_snapshot().await?,
            commons: self.dump_commons().await?,
        })
    }

    async fn is_empty(&self) -> Result<bool> {
        for table in ["memberships", "institutions", "users", "ledger_entries"] {
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
        for m in &snapshot.memberships {
            sqlx::query("INSERT INTO memberships (country, status, since, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(m.country.as_str())
                .bind(m.status.slug())
                .bind(m.since.clone())
                .bind(m.updated_at)
                .execute(&mut *tx)
                .await?;
        }
        for i in &snapshot.institutions {
            sqlx::query("INSERT INTO institutions (id, name, kind, country, website, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(i.id)
                .bind(i.name.clone())
                .bind(i.kind.slug())
                .bind(i.country.as_str())
                .bind(i.website.clone())
                .bind(i.created_at)
                .execute(&mut *tx)
                .await?;
        }
        for u in &snapshot.users {
            sqlx::query(
                "INSERT INTO users (id, username, display_name, email, password_hash, country, institution_id, language, failed_logins, locked_until, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(u.id)
            .bind(u.username.clone())
            .bind(u.display_name.clone())
            .bind(u.email.clone())
            .bind(u.password_hash.clone())
            .bind(u.country.clone())
            .bind(u.institution_id)
            .bind(u.language.clone())
            .bind(u.failed_logins)
            .bind(u.locked_until)
            .bind(u.created_at)
            .execute(&mut *tx)
            .await?;
        }
        for r in &snapshot.user_roles {
            sqlx::query("INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3)")
                .bind(r.user_id)
                .bind(r.role.clone())
                .bind(r.scope.clone())
                .execute(&mut *tx)
                .await?;
        }
        for t in &snapshot.api_tokens {
            sqlx::query(
                "INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scope, created_at, expires_at, revoked_at, last_used_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(t.id)
            .bind(t.user_id)
            .bind(t.name.clone())
            .bind(t.token_hash.clone())
            .bind(t.prefix.clone())
            .bind(t.scope.clone())
            .bind(t.created_at)
            .bind(t.expires_at)
            .bind(t.revoked_at)
            .bind(t.last_used_at)
            .execute(&mut *tx)
            .await?;
        }
        self.restore_framework(&mut tx, &snapshot.framework).await?;
        self.restore_ledger(&mut tx, &snapshot.ledger).await?;
        self.restore_commons(&mut tx, &snapshot.commons).await?;
        if self.backend == Backend::Postgres {
            // Identity columns must continue after the restored ids.
            for table in ["institutions", "users", "api_tokens"] {
                sqlx::query(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table}), 1))"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
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
                "INSERT INTO institutions (name, kind, country, website, created_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (country, name) DO UPDATE SET kind = excluded.kind, website = excluded.website",
            )
            .bind(i.name.clone())
            .bind(i.kind.slug())
            .bind(i.country.as_str())
            .bind(i.website.clone())
            .bind(i.created_at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((export.memberships.len(), export.institutions.len()))
    }
}
