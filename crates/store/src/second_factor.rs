//! Stored second factors: a user's TOTP secret (pending until confirmed),
//! the last step used so that a code works once, hashed one-time recovery
//! codes, and the sign-in challenges that wait for a code after a right
//! password. Removal by an admin is a recorded change of power
//! (`AccountChange::SecondFactorReset` of the accounts module).

use sqlx::Row;

use crate::{Result, Store, StoreError, now_ms};

/// A user's second factor as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactor {
    /// The shared secret in base32, as the authenticator app holds it.
    pub secret: String,
    pub created_at: i64,
    /// `None` while the enrolment awaits its first code.
    pub confirmed_at: Option<i64>,
    pub last_step: Option<i64>,
}

/// A sign-in waiting for its second factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInChallenge {
    pub user_id: i64,
    /// Where to go once signed in (already checked as a local path).
    pub next_path: String,
    pub failures: i64,
    /// The identity provider's ID token, when the password step was a
    /// sign-in through the provider.
    pub provider_id_token: Option<String>,
}

impl Store {
    /// Starts (or restarts) an enrolment with `secret`; a confirmed second
    /// factor is not replaced (`Conflict`).
    pub async fn begin_second_factor(&self, user_id: i64, secret: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let confirmed: Option<Option<i64>> =
            sqlx::query("SELECT confirmed_at FROM second_factors WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get("confirmed_at"))
                .transpose()?;
        if matches!(confirmed, Some(Some(_))) {
            return Err(StoreError::Conflict {
                field: "second_factor",
            });
        }
        sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(secret)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's second factor, confirmed or pending.
    pub async fn second_factor(&self, user_id: i64) -> Result<Option<SecondFactor>> {
        let row = sqlx::query(
            "SELECT secret, created_at, confirmed_at, last_step FROM second_factors WHERE user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(SecondFactor {
                secret: row.try_get("secret")?,
                created_at: row.try_get("created_at")?,
                confirmed_at: row.try_get("confirmed_at")?,
                last_step: row.try_get("last_step")?,
            })
        })
        .transpose()
    }

    /// Confirms a pending enrolment with the step its first code matched,
    /// and stores the hashes of the new recovery codes (any older ones
    /// go), in one transaction. `NotFound` when nothing is pending.
    pub async fn confirm_second_factor(
        &self,
        user_id: i64,
        step: i64,
        recovery_hashes: &[String],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "UPDATE second_factors SET confirmed_at = $1, last_step = $2 \
             WHERE user_id = $3 AND confirmed_at IS NULL",
        )
        .bind(now_ms())
        .bind(step)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for hash in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from_write)?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes `step` as used if it is later than the last one used: true
    /// once per step, however many requests race for it.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE second_factors SET last_step = $1 WHERE user_id = $2 \
             AND confirmed_at IS NOT NULL AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(user_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Uses the recovery code with this hash: true once, false after or for
    /// an unknown code.
    pub async fn use_recovery_code(&self, user_id: i64, code_hash: &str) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now_ms())
        .bind(user_id)
        .bind(code_hash)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Recovery codes not used yet.
    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Removes the user's own second factor and recovery codes (the owner
    /// turning it off; an admin's removal goes through
    /// `change_account_recorded`).
    pub async fn remove_second_factor(&self, user_id: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        remove_second_factor_in(&mut tx, user_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a challenge under the hash of its cookie, valid until
    /// `expires_at`; the user's older challenges go.
    pub async fn create_signin_challenge(
        &self,
        id_hash: &str,
        user_id: i64,
        next_path: &str,
        expires_at: i64,
        provider_id_token: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM signin_challenges WHERE user_id = $1 OR expires_at < $2")
            .bind(user_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO signin_challenges (id_hash, user_id, next_path, expires_at, provider_id_token) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(next_path)
        .bind(expires_at)
        .bind(provider_id_token)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    /// The live challenge with this hash, of an active user.
    pub async fn signin_challenge(&self, id_hash: &str) -> Result<Option<SignInChallenge>> {
        let row = sqlx::query(
            "SELECT c.user_id, c.next_path, c.failures, c.provider_id_token FROM signin_challenges c \
             JOIN users u ON u.id = c.user_id \
             WHERE c.id_hash = $1 AND c.expires_at > $2 AND u.deactivated_at IS NULL",
        )
        .bind(id_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(SignInChallenge {
                user_id: row.try_get("user_id")?,
                next_path: row.try_get("next_path")?,
                failures: i64::from(row.try_get::<i32, _>("failures")?),
                provider_id_token: row.try_get("provider_id_token")?,
            })
        })
        .transpose()
    }

    /// Counts a wrong code against the challenge; at `max` failures the
    /// challenge ends. Answers the failures so far.
    pub async fn fail_signin_challenge(&self, id_hash: &str, max: i64) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE signin_challenges SET failures = failures + 1 WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&mut *tx)
            .await?;
        let failures: i64 =
            sqlx::query("SELECT failures FROM signin_challenges WHERE id_hash = $1")
                .bind(id_hash)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get::<i32, _>("failures").map(i64::from))
                .transpose()?
                .unwrap_or(max);
        if failures >= max {
            sqlx::query("DELETE FROM signin_challenges WHERE id_hash = $1")
                .bind(id_hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(failures)
    }

    pub async fn end_signin_challenge(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM signin_challenges WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Deletes the user's second factor, recovery codes and challenges inside
/// `tx`; answers whether there was a second factor.
pub(crate) async fn remove_second_factor_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
) -> Result<u64> {
    let n = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM signin_challenges WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(n)
}
