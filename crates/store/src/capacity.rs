//! Stored capacity exchange: export-control rule sets, offers, calls,
//! requests, reviewer assignments and reviews, rounds with their explained
//! results, allocations and usage, fellowship matches with their programs and
//! applications. The store keeps the JSON the domain crate writes next to the
//! columns rows are found by; parsing and deciding belong to `waico-capacity`
//! and the application layer.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};

use crate::ledger::NewEntry;
use crate::rows::{TableRow, insert_all};
use crate::{Result, Store, StoreError, now_ms};

/// Implements [`TableRow`] for a row struct whose fields are its columns, in order.
macro_rules! table_row {
    ($ty:ty, $table:literal, $order:literal, [$($field:ident),+ $(,)?]) => {
        impl TableRow for $ty {
            const TABLE: &'static str = $table;
            const COLUMNS: &'static str = stringify!($($field),+);
            const ORDER: &'static str = $order;
            fn from_row(row: &AnyRow) -> Result<Self> {
                Ok(Self { $($field: row.try_get(stringify!($field))?),+ })
            }
            fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
                $(values.push_bind(self.$field.clone());)+
            }
        }
    };
}

/// A version of the export-control rules (YAML as sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSetRow {
    pub id: i64,
    pub version: String,
    pub source: String,
    /// `active` or `superseded`.
    pub status: String,
    pub loaded_by: Option<i64>,
    pub loaded_at: i64,
}
table_row!(
    RuleSetRow,
    "capacity_rule_sets",
    "id",
    [id, version, source, status, loaded_by, loaded_at]
);

/// A compute offer; `body` is the domain `Offer` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferRow {
    pub id: i64,
    pub slug: String,
    pub provider_user_id: Option<i64>,
    pub body: String,
    /// The round whose pool took it; `None` while it waits for the next round.
    pub round_id: Option<i64>,
    /// The offer whose unused hours this one carries over.
    pub parent: Option<String>,
    pub created_at: i64,
}
table_row!(
    OfferRow,
    "capacity_offers",
    "id",
    [
        id,
        slug,
        provider_user_id,
        body,
        round_id,
        parent,
        created_at
    ]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub threshold: f64,
    /// `open` or `closed`.
    pub status: String,
    pub created_at: i64,
}
table_row!(
    CallRow,
    "capacity_calls",
    "id",
    [id, slug, title, threshold, status, created_at]
);

/// A request for hours; `body` is the domain `Request` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRow {
    pub id: i64,
    pub slug: String,
    pub call_id: i64,
    pub submitted_by: Option<i64>,
    pub body: String,
    pub created_at: i64,
}
table_row!(
    RequestRow,
    "capacity_requests",
    "id",
    [id, slug, call_id, submitted_by, body, created_at]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignmentRow {
    pub request_id: i64,
    pub reviewer_id: i64,
    pub assigned_at: i64,
}
table_row!(
    AssignmentRow,
    "capacity_assignments",
    "request_id, reviewer_id",
    [request_id, reviewer_id, assigned_at]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub request_id: i64,
    pub reviewer_id: i64,
    pub score: i64,
    pub comment: String,
    pub reviewed_at: i64,
}
table_row!(
    ReviewRow,
    "capacity_reviews",
    "request_id, reviewer_id",
    [request_id, reviewer_id, score, comment, reviewed_at]
);

/// An allocation round; `result` is the domain `RoundResult` once published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundRow {
    pub id: i64,
    pub slug: String,
    pub call_id: i64,
    pub title: String,
    /// The domain `AllocationPolicy` as JSON.
    pub policy: String,
    pub window_start: String,
    pub window_end: String,
    /// `open`, `published` or `closed`.
    pub status: String,
    pub result: Option<String>,
    pub created_at: i64,
    pub published_at: Option<i64>,
    pub closed_at: Option<i64>,
}
table_row!(
    RoundRow,
    "capacity_rounds",
    "id",
    [
        id,
        slug,
        call_id,
        title,
        policy,
        window_start,
        window_end,
        status,
        result,
        created_at,
        published_at,
        closed_at
    ]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationRow {
    pub round_id: i64,
    pub request_slug: String,
    pub offer_slug: String,
    pub accelerator: String,
    pub accelerator_hours: f64,
    pub reference_hours: f64,
}
table_row!(
    AllocationRow,
    "capacity_allocations",
    "round_id, request_slug, offer_slug",
    [
        round_id,
        request_slug,
        offer_slug,
        accelerator,
        accelerator_hours,
        reference_hours
    ]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplanationRow {
    pub round_id: i64,
    pub request_slug: String,
    pub delivered: f64,
    /// The binding constraint's name (`capacity`, `minimum`, …).
    pub binding: String,
    /// The domain `Explanation` as JSON.
    pub body: String,
}
table_row!(
    ExplanationRow,
    "capacity_explanations",
    "round_id, request_slug",
    [round_id, request_slug, delivered, binding, body]
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageRow {
    pub round_id: i64,
    pub request_slug: String,
    pub offer_slug: String,
    pub used_hours: f64,
    pub reported_by: Option<i64>,
    pub reported_at: i64,
}
table_row!(
    UsageRow,
    "capacity_usage",
    "round_id, request_slug, offer_slug",
    [
        round_id,
        request_slug,
        offer_slug,
        used_hours,
        reported_by,
        reported_at
    ]
);

/// A fellowship match; `result` is the domain `MatchResult` once published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// `open` or `published`.
    pub status: String,
    pub result: Option<String>,
    pub created_at: i64,
    pub published_at: Option<i64>,
}
table_row!(
    MatchRow,
    "capacity_matches",
    "id",
    [id, slug, title, status, result, created_at, published_at]
);

/// A program of a match; `body` is the domain `Program` (with its ranking of applicants).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramRow {
    pub id: i64,
    pub match_id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub created_at: i64,
}
table_row!(
    ProgramRow,
    "capacity_programs",
    "id",
    [id, match_id, slug, title, body, created_at]
);

/// An applicant's ranking of programs (JSON list of program slugs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub match_id: i64,
    pub applicant: String,
    pub user_id: Option<i64>,
    pub country: String,
    pub ranking: String,
    pub submitted_at: i64,
}
table_row!(
    ApplicationRow,
    "capacity_applications",
    "match_id, applicant",
    [match_id, applicant, user_id, country, ranking, submitted_at]
);

/// What publishing a round writes besides its status and result.
#[derive(Debug, Clone, Default)]
pub struct PublishedRound {
    pub result: String,
    pub allocations: Vec<AllocationRow>,
    pub explanations: Vec<ExplanationRow>,
    /// The offers the round's pool was made of.
    pub offers: Vec<String>,
    /// Notices to the round's providers and requesters.
    pub notices: Vec<NewNotice>,
}

/// A notice to one person about a published round or match (`body`: JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewNotice {
    pub user_id: i64,
    pub body: String,
}

/// A stored notice; `mailed_at` is when a process claimed it for e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub id: i64,
    pub user_id: i64,
    /// `round` or `match`.
    pub kind: String,
    /// The round's or the match's id.
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub mailed_at: Option<i64>,
}
table_row!(
    NoticeRow,
    "capacity_notices",
    "id",
    [id, user_id, kind, subject, body, created_at, mailed_at]
);

/// An export licence granted; `body` is the domain `Licence` as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenceRow {
    pub id: i64,
    pub slug: String,
    pub body: String,
    pub granted_by: Option<i64>,
    pub created_at: i64,
    /// When the secretariat revoked it (Unix ms); a revoked licence lifts
    /// nothing.
    #[serde(default)]
    pub revoked_at: Option<i64>,
    #[serde(default)]
    pub revoked_by: Option<i64>,
    #[serde(default)]
    pub revoke_reason: Option<String>,
}
table_row!(
    LicenceRow,
    "capacity_licences",
    "id",
    [
        id,
        slug,
        body,
        granted_by,
        created_at,
        revoked_at,
        revoked_by,
        revoke_reason
    ]
);

/// Writes a publication's notices inside its transaction (one per person).
async fn insert_notices(
    tx: &mut sqlx::Transaction<'_, Any>,
    kind: &str,
    subject: &str,
    notices: &[NewNotice],
) -> Result<()> {
    let at = now_ms();
    for n in notices {
        sqlx::query(
            "INSERT INTO capacity_notices (user_id, kind, subject, body, created_at, mailed_at) \
             VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT DO NOTHING",
        )
        .bind(n.user_id)
        .bind(kind)
        .bind(subject)
        .bind(&n.body)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn conflict(err: sqlx::Error, field: &'static str) -> StoreError {
    match StoreError::from_write(err) {
        StoreError::Conflict { .. } => StoreError::Conflict { field },
        other => other,
    }
}

async fn one<'q, T: TableRow>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    pool: &sqlx::AnyPool,
) -> Result<T> {
    q.fetch_optional(pool)
        .await?
        .as_ref()
        .map(T::from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn all<'q, T: TableRow>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    pool: &sqlx::AnyPool,
) -> Result<Vec<T>> {
    q.fetch_all(pool).await?.iter().map(T::from_row).collect()
}

fn select<T: TableRow>(rest: &str) -> String {
    format!("SELECT {} FROM {} {rest}", T::COLUMNS, T::TABLE)
}

impl Store {
    // ---- export-control rules ----

    /// Stores a rule set version as the active one (the previous active one
    /// is superseded) with its ledger entry, in one transaction.
    pub async fn add_capacity_rules(
        &self,
        version: &str,
        source: &str,
        loaded_by: Option<i64>,
        entry: NewEntry,
    ) -> Result<RuleSetRow> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE capacity_rule_sets SET status = 'superseded' WHERE status = 'active'")
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_rule_sets (version, source, status, loaded_by, loaded_at) \
             VALUES ($1, $2, 'active', $3, $4) RETURNING {}",
            RuleSetRow::COLUMNS
        ))
        .bind(version)
        .bind(source)
        .bind(loaded_by)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict(e, "version"))?;
        let created = RuleSetRow::from_row(&row)?;
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The active rule set, if any was stored.
    pub async fn active_capacity_rules(&self) -> Result<Option<RuleSetRow>> {
        match one(
            sqlx::query(&select::<RuleSetRow>("WHERE status = 'active'")),
            &self.pool,
        )
        .await
        {
            Ok(r) => Ok(Some(r)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn list_capacity_rules(&self) -> Result<Vec<RuleSetRow>> {
        all(
            sqlx::query(&select::<RuleSetRow>("ORDER BY id")),
            &self.pool,
        )
        .await
    }

    // ---- offers ----

    pub async fn add_capacity_offer(
        &self,
        slug: &str,
        provider_user_id: Option<i64>,
        body: &str,
    ) -> Result<OfferRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_offers (slug, provider_user_id, body, round_id, parent, created_at) \
             VALUES ($1, $2, $3, NULL, NULL, $4) RETURNING {}",
            OfferRow::COLUMNS
        ))
        .bind(slug)
        .bind(provider_user_id)
        .bind(body)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        OfferRow::from_row(&row)
    }

    pub async fn capacity_offer(&self, slug: &str) -> Result<OfferRow> {
        one(
            sqlx::query(&select::<OfferRow>("WHERE slug = $1")).bind(slug),
            &self.pool,
        )
        .await
    }

    /// Replaces the body of an offer still in the pool; an offer a round
    /// took is refused.
    pub async fn update_capacity_offer(&self, slug: &str, body: &str) -> Result<OfferRow> {
        let row = sqlx::query(&format!(
            "UPDATE capacity_offers SET body = $1 WHERE slug = $2 AND round_id IS NULL RETURNING {}",
            OfferRow::COLUMNS
        ))
        .bind(body)
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::Refused("the offer is no longer in the pool".into()))?;
        OfferRow::from_row(&row)
    }

    /// Every offer, oldest first.
    pub async fn list_capacity_offers(&self) -> Result<Vec<OfferRow>> {
        all(sqlx::query(&select::<OfferRow>("ORDER BY id")), &self.pool).await
    }

    /// The offers waiting for the next round.
    pub async fn pooled_capacity_offers(&self) -> Result<Vec<OfferRow>> {
        all(
            sqlx::query(&select::<OfferRow>("WHERE round_id IS NULL ORDER BY id")),
            &self.pool,
        )
        .await
    }

    /// The offers a round's pool was made of.
    pub async fn round_capacity_offers(&self, round_id: i64) -> Result<Vec<OfferRow>> {
        all(
            sqlx::query(&select::<OfferRow>("WHERE round_id = $1 ORDER BY id")).bind(round_id),
            &self.pool,
        )
        .await
    }

    // ---- calls, requests, review ----

    pub async fn add_capacity_call(
        &self,
        slug: &str,
        title: &str,
        threshold: f64,
    ) -> Result<CallRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_calls (slug, title, threshold, status, created_at) \
             VALUES ($1, $2, $3, 'open', $4) RETURNING {}",
            CallRow::COLUMNS
        ))
        .bind(slug)
        .bind(title)
        .bind(threshold)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        CallRow::from_row(&row)
    }

    pub async fn capacity_call(&self, slug: &str) -> Result<CallRow> {
        one(
            sqlx::query(&select::<CallRow>("WHERE slug = $1")).bind(slug),
            &self.pool,
        )
        .await
    }

    pub async fn capacity_call_by_id(&self, id: i64) -> Result<CallRow> {
        one(
            sqlx::query(&select::<CallRow>("WHERE id = $1")).bind(id),
            &self.pool,
        )
        .await
    }

    pub async fn list_capacity_calls(&self) -> Result<Vec<CallRow>> {
        all(sqlx::query(&select::<CallRow>("ORDER BY id")), &self.pool).await
    }

    /// Closes a call to further requests.
    pub async fn close_capacity_call(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE capacity_calls SET status = 'closed' WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn add_capacity_request(
        &self,
        slug: &str,
        call_id: i64,
        submitted_by: Option<i64>,
        body: &str,
    ) -> Result<RequestRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_requests (slug, call_id, submitted_by, body, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {}",
            RequestRow::COLUMNS
        ))
        .bind(slug)
        .bind(call_id)
        .bind(submitted_by)
        .bind(body)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        RequestRow::from_row(&row)
    }

    pub async fn capacity_request(&self, slug: &str) -> Result<RequestRow> {
        one(
            sqlx::query(&select::<RequestRow>("WHERE slug = $1")).bind(slug),
            &self.pool,
        )
        .await
    }

    pub async fn call_capacity_requests(&self, call_id: i64) -> Result<Vec<RequestRow>> {
        all(
            sqlx::query(&select::<RequestRow>("WHERE call_id = $1 ORDER BY id")).bind(call_id),
            &self.pool,
        )
        .await
    }

    pub async fn list_capacity_requests(&self) -> Result<Vec<RequestRow>> {
        all(
            sqlx::query(&select::<RequestRow>("ORDER BY id")),
            &self.pool,
        )
        .await
    }

    /// Assigns a reviewer (again: nothing changes).
    pub async fn assign_capacity_reviewer(&self, request_id: i64, reviewer_id: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO capacity_assignments (request_id, reviewer_id, assigned_at) VALUES ($1, $2, $3) \
             ON CONFLICT (request_id, reviewer_id) DO NOTHING",
        )
        .bind(request_id)
        .bind(reviewer_id)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .map_err(StoreError::from_write)?;
        Ok(())
    }

    /// The assignments of the requests of a call.
    pub async fn call_capacity_assignments(&self, call_id: i64) -> Result<Vec<AssignmentRow>> {
        all(
            sqlx::query(
                "SELECT a.request_id, a.reviewer_id, a.assigned_at FROM capacity_assignments a \
                 JOIN capacity_requests r ON r.id = a.request_id WHERE r.call_id = $1 \
                 ORDER BY a.request_id, a.reviewer_id",
            )
            .bind(call_id),
            &self.pool,
        )
        .await
    }

    /// Records a reviewer's score (a later one replaces theirs).
    pub async fn put_capacity_review(
        &self,
        request_id: i64,
        reviewer_id: i64,
        score: i64,
        comment: &str,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM capacity_reviews WHERE request_id = $1 AND reviewer_id = $2")
            .bind(request_id)
            .bind(reviewer_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO capacity_reviews (request_id, reviewer_id, score, comment, reviewed_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(request_id)
        .bind(reviewer_id)
        .bind(score)
        .bind(comment)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn call_capacity_reviews(&self, call_id: i64) -> Result<Vec<ReviewRow>> {
        all(
            sqlx::query(
                "SELECT v.request_id, v.reviewer_id, v.score, v.comment, v.reviewed_at FROM capacity_reviews v \
                 JOIN capacity_requests r ON r.id = v.request_id WHERE r.call_id = $1 \
                 ORDER BY v.request_id, v.reviewer_id",
            )
            .bind(call_id),
            &self.pool,
        )
        .await
    }

    // ---- rounds ----

    pub async fn add_capacity_round(
        &self,
        slug: &str,
        call_id: i64,
        title: &str,
        policy: &str,
        window: (&str, &str),
    ) -> Result<RoundRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_rounds (slug, call_id, title, policy, window_start, window_end, status, result, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'open', NULL, $7) RETURNING {}",
            RoundRow::COLUMNS
        ))
        .bind(slug)
        .bind(call_id)
        .bind(title)
        .bind(policy)
        .bind(window.0)
        .bind(window.1)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        RoundRow::from_row(&row)
    }

    pub async fn capacity_round(&self, slug: &str) -> Result<RoundRow> {
        one(
            sqlx::query(&select::<RoundRow>("WHERE slug = $1")).bind(slug),
            &self.pool,
        )
        .await
    }

    pub async fn list_capacity_rounds(&self) -> Result<Vec<RoundRow>> {
        all(sqlx::query(&select::<RoundRow>("ORDER BY id")), &self.pool).await
    }

    /// Publishes an open round: its result, allocations and explanations,
    /// the offers of its pool taken, the call closed, and the ledger entry,
    /// all in one transaction. A round that is no longer open is refused.
    pub async fn publish_capacity_round(
        &self,
        round_id: i64,
        published: &PublishedRound,
        entry: NewEntry,
    ) -> Result<RoundRow> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "UPDATE capacity_rounds SET status = 'published', result = $1, published_at = $2 \
             WHERE id = $3 AND status = 'open' RETURNING {}",
            RoundRow::COLUMNS
        ))
        .bind(&published.result)
        .bind(now_ms())
        .bind(round_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("the round is not open".into()))?;
        let round = RoundRow::from_row(&row)?;
        insert_all(&mut tx, &published.allocations).await?;
        insert_all(&mut tx, &published.explanations).await?;
        for slug in &published.offers {
            let taken = sqlx::query(
                "UPDATE capacity_offers SET round_id = $1 WHERE slug = $2 AND round_id IS NULL",
            )
            .bind(round_id)
            .bind(slug)
            .execute(&mut *tx)
            .await?;
            if taken.rows_affected() != 1 {
                return Err(StoreError::Refused(format!(
                    "offer {slug} is no longer in the pool"
                )));
            }
        }
        sqlx::query("UPDATE capacity_calls SET status = 'closed' WHERE id = $1")
            .bind(round.call_id)
            .execute(&mut *tx)
            .await?;
        insert_notices(&mut tx, "round", &round.slug, &published.notices).await?;
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        Ok(round)
    }

    pub async fn round_capacity_allocations(&self, round_id: i64) -> Result<Vec<AllocationRow>> {
        all(
            sqlx::query(&select::<AllocationRow>(
                "WHERE round_id = $1 ORDER BY request_slug, offer_slug",
            ))
            .bind(round_id),
            &self.pool,
        )
        .await
    }

    pub async fn round_capacity_explanations(&self, round_id: i64) -> Result<Vec<ExplanationRow>> {
        all(
            sqlx::query(&select::<ExplanationRow>(
                "WHERE round_id = $1 ORDER BY request_slug",
            ))
            .bind(round_id),
            &self.pool,
        )
        .await
    }

    /// The explanations of a request in every published round.
    pub async fn request_capacity_explanations(
        &self,
        request_slug: &str,
    ) -> Result<Vec<ExplanationRow>> {
        all(
            sqlx::query(&select::<ExplanationRow>(
                "WHERE request_slug = $1 ORDER BY round_id",
            ))
            .bind(request_slug),
            &self.pool,
        )
        .await
    }

    /// Records usage reports of a published round (each replaces an earlier
    /// report of the same allocation), all or none.
    pub async fn put_capacity_usage(&self, rows: &[UsageRow]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for r in rows {
            sqlx::query(
                "DELETE FROM capacity_usage WHERE round_id = $1 AND request_slug = $2 AND offer_slug = $3",
            )
            .bind(r.round_id)
            .bind(&r.request_slug)
            .bind(&r.offer_slug)
            .execute(&mut *tx)
            .await?;
        }
        insert_all(&mut tx, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn round_capacity_usage(&self, round_id: i64) -> Result<Vec<UsageRow>> {
        all(
            sqlx::query(&select::<UsageRow>(
                "WHERE round_id = $1 ORDER BY request_slug, offer_slug",
            ))
            .bind(round_id),
            &self.pool,
        )
        .await
    }

    /// Closes a published round: the carried-over offers (`(slug, parent,
    /// provider, body)`) go into the pool of the next round, with the
    /// ledger entry, in one transaction.
    pub async fn close_capacity_round(
        &self,
        round_id: i64,
        carried: &[(String, String, Option<i64>, String)],
        entry: NewEntry,
    ) -> Result<RoundRow> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        let row = sqlx::query(&format!(
            "UPDATE capacity_rounds SET status = 'closed', closed_at = $1 \
             WHERE id = $2 AND status = 'published' RETURNING {}",
            RoundRow::COLUMNS
        ))
        .bind(now)
        .bind(round_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("the round is not published".into()))?;
        for (slug, parent, provider, body) in carried {
            sqlx::query(
                "INSERT INTO capacity_offers (slug, provider_user_id, body, round_id, parent, created_at) \
                 VALUES ($1, $2, $3, NULL, $4, $5)",
            )
            .bind(slug)
            .bind(*provider)
            .bind(body)
            .bind(parent)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict(e, "id"))?;
        }
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        RoundRow::from_row(&row)
    }

    // ---- fellowship matches ----

    pub async fn add_capacity_match(&self, slug: &str, title: &str) -> Result<MatchRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_matches (slug, title, status, result, created_at) \
             VALUES ($1, $2, 'open', NULL, $3) RETURNING {}",
            MatchRow::COLUMNS
        ))
        .bind(slug)
        .bind(title)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| conflict(e, "id"))?;
        MatchRow::from_row(&row)
    }

    pub async fn capacity_match(&self, slug: &str) -> Result<MatchRow> {
        one(
            sqlx::query(&select::<MatchRow>("WHERE slug = $1")).bind(slug),
            &self.pool,
        )
        .await
    }

    pub async fn list_capacity_matches(&self) -> Result<Vec<MatchRow>> {
        all(sqlx::query(&select::<MatchRow>("ORDER BY id")), &self.pool).await
    }

    /// Adds a program to a match, or replaces its title and body.
    pub async fn put_capacity_program(
        &self,
        match_id: i64,
        slug: &str,
        title: &str,
        body: &str,
    ) -> Result<ProgramRow> {
        let mut tx = self.write_tx().await?;
        let updated = sqlx::query(&format!(
            "UPDATE capacity_programs SET title = $1, body = $2 WHERE match_id = $3 AND slug = $4 RETURNING {}",
            ProgramRow::COLUMNS
        ))
        .bind(title)
        .bind(body)
        .bind(match_id)
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await?;
        let row = match updated {
            Some(row) => row,
            None => sqlx::query(&format!(
                "INSERT INTO capacity_programs (match_id, slug, title, body, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING {}",
                ProgramRow::COLUMNS
            ))
            .bind(match_id)
            .bind(slug)
            .bind(title)
            .bind(body)
            .bind(now_ms())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| conflict(e, "id"))?,
        };
        let program = ProgramRow::from_row(&row)?;
        tx.commit().await?;
        Ok(program)
    }

    pub async fn match_capacity_programs(&self, match_id: i64) -> Result<Vec<ProgramRow>> {
        all(
            sqlx::query(&select::<ProgramRow>("WHERE match_id = $1 ORDER BY id")).bind(match_id),
            &self.pool,
        )
        .await
    }

    /// Records (or replaces) an applicant's ranking of programs.
    pub async fn put_capacity_application(&self, row: &ApplicationRow) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM capacity_applications WHERE match_id = $1 AND applicant = $2")
            .bind(row.match_id)
            .bind(&row.applicant)
            .execute(&mut *tx)
            .await?;
        insert_all(&mut tx, std::slice::from_ref(row)).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn match_capacity_applications(&self, match_id: i64) -> Result<Vec<ApplicationRow>> {
        all(
            sqlx::query(&select::<ApplicationRow>(
                "WHERE match_id = $1 ORDER BY applicant",
            ))
            .bind(match_id),
            &self.pool,
        )
        .await
    }

    /// Publishes an open match's result with its notices and its ledger
    /// entry, in one transaction.
    pub async fn publish_capacity_match(
        &self,
        match_id: i64,
        result: &str,
        notices: &[NewNotice],
        entry: NewEntry,
    ) -> Result<MatchRow> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "UPDATE capacity_matches SET status = 'published', result = $1, published_at = $2 \
             WHERE id = $3 AND status = 'open' RETURNING {}",
            MatchRow::COLUMNS
        ))
        .bind(result)
        .bind(now_ms())
        .bind(match_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("the match is not open".into()))?;
        let published = MatchRow::from_row(&row)?;
        insert_notices(&mut tx, "match", &published.slug, notices).await?;
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        Ok(published)
    }

    // ---- notices ----

    /// A person's notices, newest first.
    pub async fn user_capacity_notices(&self, user_id: i64) -> Result<Vec<NoticeRow>> {
        all(
            sqlx::query(&select::<NoticeRow>("WHERE user_id = $1 ORDER BY id DESC")).bind(user_id),
            &self.pool,
        )
        .await
    }

    /// Notices no process has claimed for e-mail, oldest first.
    pub async fn unmailed_capacity_notices(&self, limit: i64) -> Result<Vec<NoticeRow>> {
        all(
            sqlx::query(&select::<NoticeRow>(
                "WHERE mailed_at IS NULL ORDER BY id LIMIT $1",
            ))
            .bind(limit),
            &self.pool,
        )
        .await
    }

    /// Claims a notice for e-mail; `false` when another process has.
    pub async fn claim_capacity_notice(&self, id: i64, at_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE capacity_notices SET mailed_at = $1 WHERE id = $2 AND mailed_at IS NULL",
        )
        .bind(at_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives a claim back (sending failed), so that a later run retries.
    pub async fn release_capacity_notice(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE capacity_notices SET mailed_at = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    // ---- export licences ----

    /// Records a granted licence with its ledger entry, in one transaction.
    pub async fn add_capacity_licence(
        &self,
        slug: &str,
        body: &str,
        granted_by: Option<i64>,
        entry: NewEntry,
    ) -> Result<LicenceRow> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO capacity_licences (slug, body, granted_by, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING {}",
            LicenceRow::COLUMNS
        ))
        .bind(slug)
        .bind(body)
        .bind(granted_by)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict(e, "id"))?;
        let created = LicenceRow::from_row(&row)?;
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// Marks licence `slug` revoked with its ledger entry, in one
    /// transaction: `NotFound` when there is no such licence, `Conflict`
    /// on `id` when it was revoked already.
    pub async fn revoke_capacity_licence(
        &self,
        slug: &str,
        revoked_by: Option<i64>,
        reason: &str,
        entry: NewEntry,
    ) -> Result<LicenceRow> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(&format!(
            "UPDATE capacity_licences SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 \
             WHERE slug = $4 AND revoked_at IS NULL RETURNING {}",
            LicenceRow::COLUMNS
        ))
        .bind(now_ms())
        .bind(revoked_by)
        .bind(reason)
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            let exists = sqlx::query("SELECT id FROM capacity_licences WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            return Err(match exists {
                Some(_) => StoreError::Conflict { field: "id" },
                None => StoreError::NotFound,
            });
        };
        let revoked = LicenceRow::from_row(&row)?;
        crate::ledger::append_in(&mut tx, &[entry], None).await?;
        tx.commit().await?;
        Ok(revoked)
    }

    /// Every licence granted, oldest first.
    pub async fn list_capacity_licences(&self) -> Result<Vec<LicenceRow>> {
        all(
            sqlx::query(&select::<LicenceRow>("ORDER BY id")),
            &self.pool,
        )
        .await
    }
}

/// The capacity tables in a backup.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CapacitySnapshot {
    pub rule_sets: Vec<RuleSetRow>,
    pub offers: Vec<OfferRow>,
    pub calls: Vec<CallRow>,
    pub requests: Vec<RequestRow>,
    pub assignments: Vec<AssignmentRow>,
    pub reviews: Vec<ReviewRow>,
    pub rounds: Vec<RoundRow>,
    pub allocations: Vec<AllocationRow>,
    pub explanations: Vec<ExplanationRow>,
    pub usage: Vec<UsageRow>,
    pub matches: Vec<MatchRow>,
    pub programs: Vec<ProgramRow>,
    pub applications: Vec<ApplicationRow>,
    #[serde(default)]
    pub notices: Vec<NoticeRow>,
    #[serde(default)]
    pub licences: Vec<LicenceRow>,
}

impl Store {
    pub(crate) async fn capacity_snapshot(&self) -> Result<CapacitySnapshot> {
        Ok(CapacitySnapshot {
            rule_sets: self.dump().await?,
            offers: self.dump().await?,
            calls: self.dump().await?,
            requests: self.dump().await?,
            assignments: self.dump().await?,
            reviews: self.dump().await?,
            rounds: self.dump().await?,
            allocations: self.dump().await?,
            explanations: self.dump().await?,
            usage: self.dump().await?,
            matches: self.dump().await?,
            programs: self.dump().await?,
            applications: self.dump().await?,
            notices: self.dump().await?,
            licences: self.dump().await?,
        })
    }

    /// Writes the capacity tables of a backup inside the restore transaction.
    pub(crate) async fn restore_capacity(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        s: &CapacitySnapshot,
    ) -> Result<()> {
        insert_all(tx, &s.rule_sets).await?;
        insert_all(tx, &s.offers).await?;
        insert_all(tx, &s.calls).await?;
        insert_all(tx, &s.requests).await?;
        insert_all(tx, &s.assignments).await?;
        insert_all(tx, &s.reviews).await?;
        insert_all(tx, &s.rounds).await?;
        insert_all(tx, &s.allocations).await?;
        insert_all(tx, &s.explanations).await?;
        insert_all(tx, &s.usage).await?;
        insert_all(tx, &s.matches).await?;
        insert_all(tx, &s.programs).await?;
        insert_all(tx, &s.applications).await?;
        insert_all(tx, &s.notices).await?;
        insert_all(tx, &s.licences).await?;
        if self.backend == crate::Backend::Postgres {
            for table in [
                "capacity_rule_sets",
                "capacity_offers",
                "capacity_calls",
                "capacity_requests",
                "capacity_rounds",
                "capacity_matches",
                "capacity_programs",
                "capacity_notices",
                "capacity_licences",
            ] {
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
