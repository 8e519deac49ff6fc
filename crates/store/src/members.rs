//! Stored memberships of states and the institutions registry.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};
use waico_members::{CountryCode, InstitutionKind, MemberStatus};

use crate::query::{Builder, finish};
use crate::rows::TableRow;
use crate::search_key::{push_contains, search_key};
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

impl TableRow for Membership {
    const TABLE: &'static str = "memberships";
    const COLUMNS: &'static str = "country, status, since, updated_at";
    const ORDER: &'static str = "country";
    fn from_row(row: &AnyRow) -> Result<Self> {
        membership_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.country.as_str().to_owned())
            .push_bind(self.status.slug())
            .push_bind(self.since.clone())
            .push_bind(self.updated_at);
    }
}

impl TableRow for Institution {
    const TABLE: &'static str = "institutions";
    const COLUMNS: &'static str = INSTITUTION_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        institution_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.name.clone())
            .push_bind(self.kind.slug())
            .push_bind(self.country.as_str().to_owned())
            .push_bind(self.website.clone())
            .push_bind(self.created_at);
    }
}

/// ` WHERE …` for the institutions `filter` names (nothing when it names none).
fn push_institution_conditions(builder: &mut Builder<'_>, filter: &InstitutionFilter) {
    let mut and = " WHERE ";
    let mut next = |builder: &mut Builder<'_>| {
        builder.push(and);
        and = " AND ";
    };
    if let Some(kind) = filter.kind {
        next(builder);
        builder.push("kind = ").push_bind(kind.slug());
    }
    if let Some(country) = filter.country {
        next(builder);
        builder
            .push("country = ")
            .push_bind(country.as_str().to_owned());
    }
    if let Some(q) = filter
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        next(builder);
        push_contains(builder, "name_key", q);
    }
    if let Some(countries) = &filter.countries {
        next(builder);
        if countries.is_empty() {
            builder.push("1 = 0");
        } else {
            builder.push("country IN (");
            let mut list = builder.separated(", ");
            for c in countries {
                list.push_bind(c.as_str().to_owned());
            }
            builder.push(")");
        }
    }
}

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
            "INSERT INTO institutions (name, kind, country, website, created_at, name_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {INSTITUTION_COLUMNS}"
        ))
        .bind(new.name.as_str())
        .bind(new.kind.slug())
        .bind(new.country.as_str())
        .bind(new.website.clone())
        .bind(now_ms())
        .bind(search_key(new.name.as_str()))
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
            "UPDATE institutions SET name = $1, kind = $2, country = $3, website = $4, name_key = $5 WHERE id = $6 RETURNING {INSTITUTION_COLUMNS}"
        ))
        .bind(new.name.as_str())
        .bind(new.kind.slug())
        .bind(new.country.as_str())
        .bind(new.website.clone())
        .bind(search_key(new.name.as_str()))
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
        let mut count = Builder::new("SELECT COUNT(*) AS n FROM institutions");
        push_institution_conditions(&mut count, filter);
        let (sql, arguments) = finish(&mut count)?;
        let total: i64 = sqlx::query_scalar_with(&sql, arguments)
            .fetch_one(&self.pool)
            .await?;

        let mut page = Builder::new(format!("SELECT {INSTITUTION_COLUMNS} FROM institutions"));
        push_institution_conditions(&mut page, filter);
        page.push(" ORDER BY name, id LIMIT ")
            .push_bind(filter.limit.max(0))
            .push(" OFFSET ")
            .push_bind(filter.offset.max(0));
        let (sql, arguments) = finish(&mut page)?;
        let rows = sqlx::query_with(&sql, arguments)
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
