//! Stored safety reports: one row per report with the columns the node
//! filters on (TLP level, community, state, dates) and the report's JSON,
//! and a table each for its recipients, links to AI systems and commons
//! repositories, sources, comments (with their own TLP), history and
//! assignees, plus the openings of ledger commitments. The store keeps
//! text; what a report means and who may see it belong to `waico-safety`
//! and the application layer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};

use crate::ledger::{NewEntry, append_in};
use crate::rows::{TableRow, insert_all};
use crate::{Result, Store, StoreError};

/// A report's own row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyReportRow {
    pub id: String,
    pub author: String,
    pub org: String,
    /// `CLEAR`, `GREEN`, `AMBER`, `AMBER+STRICT` or `RED`.
    pub tlp: String,
    /// The community a TLP:AMBER report names.
    pub community: Option<String>,
    pub state: String,
    pub title: String,
    /// The report's JSON without sources, comments, history and assignees.
    pub document: String,
    pub submitted_at: i64,
    pub updated_at: i64,
}

/// A named recipient of a TLP:RED report, or an assignee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyMemberRow {
    pub report_id: String,
    pub member: String,
}

/// A link from a report to an AI system (`system`) or a commons repository (`repo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyLinkRow {
    pub report_id: String,
    pub kind: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetySourceRow {
    pub report_id: String,
    pub position: i64,
    pub url: String,
    pub title: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyCommentRow {
    pub id: String,
    pub report_id: String,
    pub position: i64,
    pub author: String,
    pub org: String,
    pub tlp: String,
    /// The comment's marking as JSON (names its community or recipients).
    pub marking: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyHistoryRow {
    pub report_id: String,
    pub position: i64,
    pub at: i64,
    pub actor: String,
    /// The event as JSON.
    pub event: String,
}

/// What opens the ledger commitment of a restricted report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyOpeningRow {
    pub report_id: String,
    pub commitment: String,
    pub nonce: String,
    pub document: String,
    pub created_at: i64,
}

/// A report with every row that belongs to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSafetyReport {
    pub report: Option<SafetyReportRow>,
    pub recipients: Vec<String>,
    pub links: Vec<(String, String)>,
    pub sources: Vec<SafetySourceRow>,
    pub comments: Vec<SafetyCommentRow>,
    pub history: Vec<SafetyHistoryRow>,
    pub assignees: Vec<String>,
}

impl StoredSafetyReport {
    /// The report's own row (always present in what the store returns).
    pub fn row(&self) -> &SafetyReportRow {
        self.report.as_ref().expect("a stored report has its row")
    }
}

/// Every safety table, for backup and restore.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SafetyTables {
    pub reports: Vec<SafetyReportRow>,
    pub recipients: Vec<SafetyRecipient>,
    pub links: Vec<SafetyLinkRow>,
    pub sources: Vec<SafetySourceRow>,
    pub comments: Vec<SafetyCommentRow>,
    pub history: Vec<SafetyHistoryRow>,
    pub assignees: Vec<SafetyAssignee>,
    pub openings: Vec<SafetyOpeningRow>,
}

/// A row of `safety_recipients`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyRecipient(pub SafetyMemberRow);
/// A row of `safety_assignees`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafetyAssignee(pub SafetyMemberRow);

const REPORT_COLUMNS: &str =
    "id, author, org, tlp, community, state, title, document, submitted_at, updated_at";

impl TableRow for SafetyReportRow {
    const TABLE: &'static str = "safety_reports";
    const COLUMNS: &'static str = REPORT_COLUMNS;
    const ORDER: &'static str = "submitted_at, id";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetyReportRow {
            id: r.try_get("id")?,
            author: r.try_get("author")?,
            org: r.try_get("org")?,
            tlp: r.try_get("tlp")?,
            community: r.try_get("community")?,
            state: r.try_get("state")?,
            title: r.try_get("title")?,
            document: r.try_get("document")?,
            submitted_at: r.try_get("submitted_at")?,
            updated_at: r.try_get("updated_at")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.id.clone())
            .push_bind(self.author.clone())
            .push_bind(self.org.clone())
            .push_bind(self.tlp.clone())
            .push_bind(self.community.clone())
            .push_bind(self.state.clone())
            .push_bind(self.title.clone())
            .push_bind(self.document.clone())
            .push_bind(self.submitted_at)
            .push_bind(self.updated_at);
    }
}

fn member_row(r: &AnyRow) -> Result<SafetyMemberRow> {
    Ok(SafetyMemberRow {
        report_id: r.try_get("report_id")?,
        member: r.try_get("member")?,
    })
}

impl TableRow for SafetyRecipient {
    const TABLE: &'static str = "safety_recipients";
    const COLUMNS: &'static str = "report_id, member";
    const ORDER: &'static str = "report_id, member";
    fn from_row(r: &AnyRow) -> Result<Self> {
        member_row(r).map(SafetyRecipient)
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.0.report_id.clone())
            .push_bind(self.0.member.clone());
    }
}

impl TableRow for SafetyAssignee {
    const TABLE: &'static str = "safety_assignees";
    const COLUMNS: &'static str = "report_id, member";
    const ORDER: &'static str = "report_id, member";
    fn from_row(r: &AnyRow) -> Result<Self> {
        member_row(r).map(SafetyAssignee)
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.0.report_id.clone())
            .push_bind(self.0.member.clone());
    }
}

impl TableRow for SafetyLinkRow {
    const TABLE: &'static str = "safety_links";
    const COLUMNS: &'static str = "report_id, kind, target";
    const ORDER: &'static str = "report_id, kind, target";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetyLinkRow {
            report_id: r.try_get("report_id")?,
            kind: r.try_get("kind")?,
            target: r.try_get("target")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.report_id.clone())
            .push_bind(self.kind.clone())
            .push_bind(self.target.clone());
    }
}

impl TableRow for SafetySourceRow {
    const TABLE: &'static str = "safety_sources";
    const COLUMNS: &'static str = "report_id, position, url, title, body";
    const ORDER: &'static str = "report_id, position";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetySourceRow {
            report_id: r.try_get("report_id")?,
            position: r.try_get("position")?,
            url: r.try_get("url")?,
            title: r.try_get("title")?,
            body: r.try_get("body")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.report_id.clone())
            .push_bind(self.position)
            .push_bind(self.url.clone())
            .push_bind(self.title.clone())
            .push_bind(self.body.clone());
    }
}

impl TableRow for SafetyCommentRow {
    const TABLE: &'static str = "safety_comments";
    const COLUMNS: &'static str =
        "id, report_id, position, author, org, tlp, marking, body, created_at";
    const ORDER: &'static str = "report_id, position";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetyCommentRow {
            id: r.try_get("id")?,
            report_id: r.try_get("report_id")?,
            position: r.try_get("position")?,
            author: r.try_get("author")?,
            org: r.try_get("org")?,
            tlp: r.try_get("tlp")?,
            marking: r.try_get("marking")?,
            body: r.try_get("body")?,
            created_at: r.try_get("created_at")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.id.clone())
            .push_bind(self.report_id.clone())
            .push_bind(self.position)
            .push_bind(self.author.clone())
            .push_bind(self.org.clone())
            .push_bind(self.tlp.clone())
            .push_bind(self.marking.clone())
            .push_bind(self.body.clone())
            .push_bind(self.created_at);
    }
}

impl TableRow for SafetyHistoryRow {
    const TABLE: &'static str = "safety_history";
    const COLUMNS: &'static str = "report_id, position, at, actor, event";
    const ORDER: &'static str = "report_id, position";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetyHistoryRow {
            report_id: r.try_get("report_id")?,
            position: r.try_get("position")?,
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            event: r.try_get("event")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.report_id.clone())
            .push_bind(self.position)
            .push_bind(self.at)
            .push_bind(self.actor.clone())
            .push_bind(self.event.clone());
    }
}

impl TableRow for SafetyOpeningRow {
    const TABLE: &'static str = "safety_openings";
    const COLUMNS: &'static str = "report_id, commitment, nonce, document, created_at";
    const ORDER: &'static str = "report_id, commitment";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(SafetyOpeningRow {
            report_id: r.try_get("report_id")?,
            commitment: r.try_get("commitment")?,
            nonce: r.try_get("nonce")?,
            document: r.try_get("document")?,
            created_at: r.try_get("created_at")?,
        })
    }
    fn bind(&self, v: &mut Separated<'_, '_, Any, &'static str>) {
        v.push_bind(self.report_id.clone())
            .push_bind(self.commitment.clone())
            .push_bind(self.nonce.clone())
            .push_bind(self.document.clone())
            .push_bind(self.created_at);
    }
}

/// The child tables a report's rewrite replaces (openings are only added).
const CHILD_TABLES: [&str; 6] = [
    "safety_recipients",
    "safety_links",
    "safety_sources",
    "safety_comments",
    "safety_history",
    "safety_assignees",
];

/// Groups rows by report id.
fn by_report<T>(rows: Vec<T>, id: impl Fn(&T) -> &str) -> BTreeMap<String, Vec<T>> {
    let mut out: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for r in rows {
        out.entry(id(&r).to_owned()).or_default().push(r);
    }
    out
}

fn assemble(tables: SafetyTables) -> Vec<StoredSafetyReport> {
    let mut recipients = by_report(tables.recipients, |r| &r.0.report_id);
    let mut links = by_report(tables.links, |r| &r.report_id);
    let mut sources = by_report(tables.sources, |r| &r.report_id);
    let mut comments = by_report(tables.comments, |r| &r.report_id);
    let mut history = by_report(tables.history, |r| &r.report_id);
    let mut assignees = by_report(tables.assignees, |r| &r.0.report_id);
    tables
        .reports
        .into_iter()
        .map(|row| {
            let id = row.id.clone();
            StoredSafetyReport {
                recipients: recipients
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| r.0.member)
                    .collect(),
                links: links
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|l| (l.kind, l.target))
                    .collect(),
                sources: sources.remove(&id).unwrap_or_default(),
                comments: comments.remove(&id).unwrap_or_default(),
                history: history.remove(&id).unwrap_or_default(),
                assignees: assignees
                    .remove(&id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| r.0.member)
                    .collect(),
                report: Some(row),
            }
        })
        .collect()
}

async fn fetch_where<T: TableRow>(
    conn: &mut sqlx::AnyConnection,
    column: &str,
    value: &str,
) -> Result<Vec<T>> {
    sqlx::query(&format!(
        "SELECT {} FROM {} WHERE {column} = $1 ORDER BY {}",
        T::COLUMNS,
        T::TABLE,
        T::ORDER
    ))
    .bind(value.to_owned())
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(T::from_row)
    .collect()
}

/// Replaces every row of `report` inside the caller's transaction.
async fn write_report_in(
    tx: &mut sqlx::Transaction<'_, Any>,
    report: &StoredSafetyReport,
) -> Result<()> {
    let row = report
        .report
        .as_ref()
        .ok_or_else(|| StoreError::Refused("a safety report needs its row".into()))?;
    for table in CHILD_TABLES {
        sqlx::query(&format!("DELETE FROM {table} WHERE report_id = $1"))
            .bind(row.id.clone())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(&format!(
        "INSERT INTO safety_reports ({REPORT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (id) DO UPDATE SET author = excluded.author, org = excluded.org, tlp = excluded.tlp, \
         community = excluded.community, state = excluded.state, title = excluded.title, \
         document = excluded.document, updated_at = excluded.updated_at"
    ))
    .bind(row.id.clone())
    .bind(row.author.clone())
    .bind(row.org.clone())
    .bind(row.tlp.clone())
    .bind(row.community.clone())
    .bind(row.state.clone())
    .bind(row.title.clone())
    .bind(row.document.clone())
    .bind(row.submitted_at)
    .bind(row.updated_at)
    .execute(&mut **tx)
    .await?;
    let member = |m: &String| SafetyMemberRow {
        report_id: row.id.clone(),
        member: m.clone(),
    };
    let recipients: Vec<SafetyRecipient> = report
        .recipients
        .iter()
        .map(|m| SafetyRecipient(member(m)))
        .collect();
    insert_all(tx, &recipients).await?;
    let links: Vec<SafetyLinkRow> = report
        .links
        .iter()
        .map(|(kind, target)| SafetyLinkRow {
            report_id: row.id.clone(),
            kind: kind.clone(),
            target: target.clone(),
        })
        .collect();
    insert_all(tx, &links).await?;
    insert_all(tx, &report.sources).await?;
    insert_all(tx, &report.comments).await?;
    insert_all(tx, &report.history).await?;
    let assignees: Vec<SafetyAssignee> = report
        .assignees
        .iter()
        .map(|m| SafetyAssignee(member(m)))
        .collect();
    insert_all(tx, &assignees).await?;
    Ok(())
}

impl Store {
    /// Writes `reports` (each replacing its earlier rows), adds `openings`
    /// and appends `ledger` entries, all in one transaction: a report and
    /// the record of its publication stand or fall together.
    pub async fn safety_write(
        &self,
        reports: &[StoredSafetyReport],
        openings: &[SafetyOpeningRow],
        ledger: &[NewEntry],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        for r in reports {
            write_report_in(&mut tx, r).await?;
        }
        insert_all(&mut tx, openings).await?;
        if !ledger.is_empty() {
            append_in(&mut tx, ledger, None).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One report with its rows.
    pub async fn safety_report(&self, id: &str) -> Result<StoredSafetyReport> {
        let mut conn = self.pool.acquire().await?;
        let reports: Vec<SafetyReportRow> = fetch_where(&mut conn, "id", id).await?;
        if reports.is_empty() {
            return Err(StoreError::NotFound);
        }
        let tables = SafetyTables {
            reports,
            recipients: fetch_where(&mut conn, "report_id", id).await?,
            links: fetch_where(&mut conn, "report_id", id).await?,
            sources: fetch_where(&mut conn, "report_id", id).await?,
            comments: fetch_where(&mut conn, "report_id", id).await?,
            history: fetch_where(&mut conn, "report_id", id).await?,
            assignees: fetch_where(&mut conn, "report_id", id).await?,
            openings: Vec::new(),
        };
        Ok(assemble(tables).pop().expect("one report"))
    }

    /// Every report with its rows, oldest first.
    pub async fn safety_reports(&self) -> Result<Vec<StoredSafetyReport>> {
        Ok(assemble(self.safety_tables().await?))
    }

    /// The ids of the reports linked to an AI system (`system`, its slug)
    /// or a commons repository (`repo`).
    pub async fn safety_linked(&self, kind: &str, target: &str) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT report_id FROM safety_links WHERE kind = $1 AND target = $2 ORDER BY report_id",
        )
        .bind(kind.to_owned())
        .bind(target.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("report_id").map_err(StoreError::from))
            .collect()
    }

    /// The openings of a report's ledger commitments.
    pub async fn safety_openings(&self, report_id: &str) -> Result<Vec<SafetyOpeningRow>> {
        let mut conn = self.pool.acquire().await?;
        fetch_where(&mut conn, "report_id", report_id).await
    }

    pub async fn safety_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM safety_reports")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Every row of every safety table, in backup order.
    pub async fn safety_tables(&self) -> Result<SafetyTables> {
        Ok(SafetyTables {
            reports: self.dump().await?,
            recipients: self.dump().await?,
            links: self.dump().await?,
            sources: self.dump().await?,
            comments: self.dump().await?,
            history: self.dump().await?,
            assignees: self.dump().await?,
            openings: self.dump().await?,
        })
    }

    pub(crate) async fn restore_safety(
        &self,
        tx: &mut sqlx::Transaction<'_, Any>,
        t: &SafetyTables,
    ) -> Result<()> {
        insert_all(tx, &t.reports).await?;
        insert_all(tx, &t.recipients).await?;
        insert_all(tx, &t.links).await?;
        insert_all(tx, &t.sources).await?;
        insert_all(tx, &t.comments).await?;
        insert_all(tx, &t.history).await?;
        insert_all(tx, &t.assignees).await?;
        insert_all(tx, &t.openings).await?;
        Ok(())
    }
}

impl Store {
    /// Claims the deadline warning `(report, duty, level)` for a user: true
    /// when this call inserted it (send it now), false when it was already
    /// claimed by an earlier run or another process.
    pub async fn claim_safety_warning(
        &self,
        report_id: &str,
        duty: &str,
        level: &str,
        user_id: i64,
        at_ms: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO safety_warnings (report_id, duty, level, user_id, sent_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(report_id)
        .bind(duty)
        .bind(level)
        .bind(user_id)
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives a claimed warning back (sending it failed), so a later run retries.
    pub async fn release_safety_warning(
        &self,
        report_id: &str,
        duty: &str,
        level: &str,
        user_id: i64,
    ) -> Result<()> {
        sqlx::query(
            "DELETE FROM safety_warnings WHERE report_id = $1 AND duty = $2 AND level = $3 AND user_id = $4",
        )
        .bind(report_id)
        .bind(duty)
        .bind(level)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The reports changed at or after `since` (milliseconds), oldest change
    /// first, after the change `after` (`(updated_at, id)`) when paging.
    pub async fn safety_changed_since(
        &self,
        since: i64,
        after: Option<&(i64, String)>,
        limit: i64,
    ) -> Result<Vec<(i64, String)>> {
        let (after_time, after_id) = after.map_or((since, ""), |(t, id)| (*t, id.as_str()));
        let rows = sqlx::query(
            "SELECT id, updated_at FROM safety_reports \
             WHERE updated_at >= $1 AND (updated_at > $2 OR (updated_at = $2 AND id > $3)) \
             ORDER BY updated_at, id LIMIT $4",
        )
        .bind(since)
        .bind(after_time)
        .bind(after_id)
        .bind(limit.clamp(1, 10_000))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("updated_at")?, row.try_get("id")?)))
            .collect()
    }
}
