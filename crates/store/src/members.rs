//! Stored memberships of states and the institutions registry.

use serde::{Deserialize, Serialize};
use sqlx::Row;
use sqlx::any::AnyRow;
use waico_members::{CountryCode, InstitutionKind, MemberStatus};

use crate::{Result, Store, StoreError, now_ms};

/// A state's membership as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub country: CountryCode,
    pub status: MemberStatus,
    /// The date the status took effect, `YYYY-MM-DD`.
    pub since: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Institution {
    pub id: i64,
    pub name: String,
    pub kind: InstitutionKind,
    pub country: CountryCode,
    pub website: Option<String>,
    pub created_at: i64,
}

/// A validated institution to create or to replace an existing one with.
#[derive(Debug, Clone)]
pub struct NewInstitution {
    pub name: waico_members::InstitutionName,
    pub kind: InstitutionKind,
    pub country: CountryCode,
    pub website: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct InstitutionFilter {
    pub kind: Option<InstitutionKind>,
    pub country: Option<CountryCode>,
    /// Only institutions of these countries (e.g. those of a region).
    pub countries: Option<Vec<CountryCode>>,
    /// Case-insensitive substring of the name.
    pub query: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

fn membership_from(row: &AnyRow) -> Result<Membership> {
    let country: String = row.try_get("country")?;
    let status: String = row.try_get("status")?;
    Ok(Membership {
        country: CountryCode::parse(&country).map_err(|e| StoreError::Refused(e.to_string()))?,
        status: MemberStatus::parse(&status).map_err(|e| StoreError::Refused(e.to_string()))?,
        since: row.try_get("since")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn institution_from(row: &AnyRow) -> Result<Institution> {
    let country: String = row.try_get("country")?;
    let kind: String = row.try_get("kind")?;
    Ok(Institution {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: InstitutionKind::parse(&kind).map_err(|e| StoreError::Refused(e.to_string()))?,
        country: CountryCode::parse(&country).map_err(|e| StoreError::Refused(e.to_string()))?,
        website: row.try_get("website")?,
        created_at: row.try_get("created_at")?,
    })
}

const INSTITUTION_COLUMNS: &str = "id, name, kind, country, website, created_at";

impl Store {
    pub async fn list_memberships(&self) -> Result<Vec<Membership>> {
        let rows = sqlx::query(
            "SELECT country, status, since, updated_at FROM memberships ORDER BY country",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(membership_from).collect()
    }

    pub async fn membership(&self, country: CountryCode) -> Result<Option<Membership>> {
        let mut conn = self.pool.acquire().await?;
        membership_in(&mut conn, country).await
    }

    /// Admits a state or changes its status (one row per state).
    pub async fn set_membership(
        &self,
        country: CountryCode,
        status: MemberStatus,
        since: time::Date,
    ) -> Result<Membership> {
        let mut conn = self.pool.acquire().await?;
        set_membership_in(&mut conn, country, status, since).await
    }

    pub async fn remove_membership(&self, country: CountryCode) -> Result<()> {
        let done = sqlx::query("DELETE FROM memberships WHERE country = $1")
            .bind(country.as_str())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    pub async fn create_institution(&self, new: &NewInstitution) -> Result<Institution> {
        let row = sqlx::query(&format!(
            "INSERT INTO institutions (name, kind, country, website, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {INSTITUTION_COLUMNS}"
        ))
        .bind(new.name.as_str())
        .bind(new.kind.slug())
        .bind(new.country.as_str())
        .bind(new.website.clone())
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        institution_from(&row)
    }

    pub async fn institution(&self, id: i64) -> Result<Institution> {
        let row = sqlx::query(&format!(
            "SELECT {INSTITUTION_COLUMNS} FROM institutions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        institution_from(&row)
    }

    pub async fn update_institution(&self, id: i64, new: &NewInstitution) -> Result<Institution> {
        let row = sqlx::query(&format!(
            "UPDATE institutions SET name = $1, kind = $2, country = $3, website = $4 WHERE id = $5 RETURNING {INSTITUTION_COLUMNS}"
        ))
        .bind(new.name.as_str())
        .bind(new.kind.slug())
        .bind(new.country.as_str())
        .bind(new.website.clone())
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::from_write)?
        .ok_or(StoreError::NotFound)?;
        institution_from(&row)
    }

    pub async fn delete_institution(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM institutions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    /// One page of institutions matching `filter`, and the total count.
    pub async fn list_institutions(
        &self,
        filter: &InstitutionFilter,
    ) -> Result<(Vec<Institution>, i64)> {
        let mut conditions = Vec::new();
        let mut binds: Vec<String> = Vec::new();
        if let Some(kind) = filter.kind {
            binds.push(kind.slug().to_owned());
            conditions.push(format!("kind = ${}", binds.len()));
        }
        if let Some(country) = filter.country {
            binds.push(country.to_string());
            conditions.push(format!("country = ${}", binds.len()));
        }
        if let Some(q) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
        {
            binds.push(format!("%{}%", q.to_lowercase().replace(['%', '_'], "")));
            conditions.push(format!("LOWER(name) LIKE ${}", binds.len()));
        }
        if let Some(countries) = &filter.countries {
            if countries.is_empty() {
                conditions.push("1 = 0".into());
            } else {
                let first = binds.len() + 1;
                binds.extend(countries.iter().map(|c| c.to_string()));
                let marks: Vec<String> = (first..=binds.len()).map(|n| format!("${n}")).collect();
                conditions.push(format!("country IN ({})", marks.join(", ")));
            }
        }
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };

        let count_sql = format!("SELECT COUNT(*) AS n FROM institutions{where_clause}");
        let mut count = sqlx::query(&count_sql);
        for b in &binds {
            count = count.bind(b.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;

        let page_sql = format!(
            "SELECT {INSTITUTION_COLUMNS} FROM institutions{where_clause} ORDER BY name, id LIMIT ${} OFFSET ${}",
            binds.len() + 1,
            binds.len() + 2
        );
        let mut page = sqlx::query(&page_sql);
        for b in &binds {
            page = page.bind(b.clone());
        }
        let rows = page
            .bind(filter.limit.max(0))
            .bind(filter.offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        Ok((
            rows.iter().map(institution_from).collect::<Result<_>>()?,
            total,
        ))
    }

    /// Institutions per country, for directory figures.
    pub async fn institution_counts(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query("SELECT country, COUNT(*) AS n FROM institutions GROUP BY country")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("country")?, r.try_get("n")?)))
            .collect()
    }
}

pub(crate) async fn membership_in(
    conn: &mut sqlx::AnyConnection,
    country: CountryCode,
) -> Result<Option<Membership>> {
    let row = sqlx::query(
        "SELECT country, status, since, updated_at FROM memberships WHERE country = $1",
    )
    .bind(country.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(membership_from).transpose()
}

pub(crate) async fn set_membership_in(
    conn: &mut sqlx::AnyConnection,
    country: CountryCode,
    status: MemberStatus,
    since: time::Date,
) -> Result<Membership> {
    let row = sqlx::query(
        "INSERT INTO memberships (country, status, since, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (country) DO UPDATE SET status = excluded.status, since = excluded.since, updated_at = excluded.updated_at \
         RETURNING country, status, since, updated_at",
    )
    .bind(country.as_str())
    .bind(status.slug())
    .bind(since.to_string())
    .bind(now_ms())
    .fetch_one(&mut *conn)
    .await
    .map_err(StoreError::from_write)?;
    membership_from(&row)
}
