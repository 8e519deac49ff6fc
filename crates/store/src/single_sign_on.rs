//! Stored single sign-on: which account of the organization's OpenID
//! Connect provider (issuer and subject) is which user, and the sign-ins
//! sent to the provider that wait for its answer.

use sqlx::Row;

use crate::{Result, Store, StoreError, now_ms};

/// A sign-in sent to the provider, found again by the hash of its `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingExternalSignIn {
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go once signed in (already checked as a local path).
    pub next_path: String,
}

impl Store {
    /// Keeps a sign-in sent to the provider until `expires_at`; expired
    /// ones are dropped on the way.
    pub async fn create_pending_external_signin(
        &self,
        state_hash: &str,
        pending: &PendingExternalSignIn,
        expires_at: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM pending_external_signins WHERE expires_at < $1")
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO pending_external_signins (state_hash, nonce, pkce_verifier, next_path, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(state_hash)
        .bind(&pending.nonce)
        .bind(&pending.pkce_verifier)
        .bind(&pending.next_path)
        .bind(expires_at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes the live pending sign-in with this hash: it answers once.
    pub async fn take_pending_external_signin(
        &self,
        state_hash: &str,
    ) -> Result<Option<PendingExternalSignIn>> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT nonce, pkce_verifier, next_path FROM pending_external_signins \
             WHERE state_hash = $1 AND expires_at > $2",
        )
        .bind(state_hash)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM pending_external_signins WHERE state_hash = $1")
            .bind(state_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(|row| {
            Ok(PendingExternalSignIn {
                nonce: row.try_get("nonce")?,
                pkce_verifier: row.try_get("pkce_verifier")?,
                next_path: row.try_get("next_path")?,
            })
        })
        .transpose()
    }

    /// The user a provider account speaks for, and notes the sign-in.
    pub async fn external_identity_user(&self, issuer: &str, subject: &str) -> Result<Option<i64>> {
        let mut tx = self.write_tx().await?;
        let user: Option<i64> = sqlx::query(
            "SELECT user_id FROM external_identities WHERE issuer = $1 AND subject = $2",
        )
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get("user_id"))
        .transpose()?;
        if user.is_some() {
            sqlx::query(
                "UPDATE external_identities SET last_signin_at = $1 WHERE issuer = $2 AND subject = $3",
            )
            .bind(now_ms())
            .bind(issuer)
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    /// Links a provider account to a user. A user holds at most one
    /// account of each provider: a second one is a `Conflict` on `subject`.
    pub async fn link_external_identity(
        &self,
        issuer: &str,
        subject: &str,
        user_id: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let taken: Option<String> = sqlx::query(
            "SELECT subject FROM external_identities WHERE issuer = $1 AND user_id = $2",
        )
        .bind(issuer)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get("subject"))
        .transpose()?;
        if taken.is_some_and(|s| s != subject) {
            return Err(StoreError::Conflict { field: "subject" });
        }
        let now = now_ms();
        sqlx::query(
            "INSERT INTO external_identities (issuer, subject, user_id, linked_at, last_signin_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(issuer)
        .bind(subject)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    /// The providers (issuers) a user signs in through.
    pub async fn external_identities_of(&self, user_id: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT issuer FROM external_identities WHERE user_id = $1 ORDER BY issuer",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| Ok(row.try_get("issuer")?)).collect()
    }
}
