//! Compliance work on registered AI systems: one work item per obligation,
//! its events (the history) and its evidence files (the bytes live in the
//! artifact store under their SHA-256). Every change of an item and its
//! event are written in one transaction.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};

use crate::rows::{TableRow, insert_all};
use crate::{Result, Store, StoreError, now_ms};

/// A work item: an obligation of a system, its assignee, due date and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub id: i64,
    pub system_id: i64,
    pub obligation: String,
    pub jurisdiction: String,
    pub assignee_user_id: Option<i64>,
    /// YYYY-MM-DD.
    pub due_date: Option<String>,
    /// `open`, `in_progress`, `submitted`, `accepted` or `returned`.
    pub status: String,
    pub submitted_by: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One thing that happened to a work item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEvent {
    pub id: i64,
    pub item_id: i64,
    pub actor_user_id: Option<i64>,
    /// `assigned`, `status`, `comment` or `evidence`.
    pub kind: String,
    /// The item's status after it.
    pub status: String,
    /// The comment, the evidence's hash and name, or the assignment.
    pub detail: String,
    pub created_at: i64,
}

/// An evidence file attached to a work item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkEvidence {
    pub id: i64,
    pub item_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: i64,
}

/// An assignment to record: the item is created, or its assignee and due
/// date replaced (its status stays).
#[derive(Debug, Clone)]
pub struct Assignment {
    pub system_id: i64,
    pub obligation: String,
    pub jurisdiction: String,
    pub assignee_user_id: Option<i64>,
    pub due_date: Option<String>,
    pub by: Option<i64>,
    pub detail: String,
}

/// An event to record with a change.
#[derive(Debug, Clone)]
pub struct NewWorkEvent {
    pub actor_user_id: Option<i64>,
    pub kind: &'static str,
    pub detail: String,
}

const ITEM_COLUMNS: &str = "id, system_id, obligation, jurisdiction, assignee_user_id, due_date, status, submitted_by, created_by, created_at, updated_at";
const EVENT_COLUMNS: &str = "id, item_id, actor_user_id, kind, status, detail, created_at";
const EVIDENCE_COLUMNS: &str =
    "id, item_id, sha256, file_name, content_type, size, uploaded_by, uploaded_at";

fn item_from(row: &AnyRow) -> Result<WorkItem> {
    Ok(WorkItem {
        id: row.try_get("id")?,
        system_id: row.try_get("system_id")?,
        obligation: row.try_get("obligation")?,
        jurisdiction: row.try_get("jurisdiction")?,
        assignee_user_id: row.try_get("assignee_user_id")?,
        due_date: row.try_get("due_date")?,
        status: row.try_get("status")?,
        submitted_by: row.try_get("submitted_by")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn event_from(row: &AnyRow) -> Result<WorkEvent> {
    Ok(WorkEvent {
        id: row.try_get("id")?,
        item_id: row.try_get("item_id")?,
        actor_user_id: row.try_get("actor_user_id")?,
        kind: row.try_get("kind")?,
        status: row.try_get("status")?,
        detail: row.try_get("detail")?,
        created_at: row.try_get("created_at")?,
    })
}

fn evidence_from(row: &AnyRow) -> Result<WorkEvidence> {
    Ok(WorkEvidence {
        id: row.try_get("id")?,
        item_id: row.try_get("item_id")?,
        sha256: row.try_get("sha256")?,
        file_name: row.try_get("file_name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        uploaded_by: row.try_get("uploaded_by")?,
        uploaded_at: row.try_get("uploaded_at")?,
    })
}

impl TableRow for WorkItem {
    const TABLE: &'static str = "work_items";
    const COLUMNS: &'static str = ITEM_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        item_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.system_id)
            .push_bind(self.obligation.clone())
            .push_bind(self.jurisdiction.clone())
            .push_bind(self.assignee_user_id)
            .push_bind(self.due_date.clone())
            .push_bind(self.status.clone())
            .push_bind(self.submitted_by)
            .push_bind(self.created_by)
            .push_bind(self.created_at)
            .push_bind(self.updated_at);
    }
}

impl TableRow for WorkEvent {
    const TABLE: &'static str = "work_events";
    const COLUMNS: &'static str = EVENT_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        event_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.item_id)
            .push_bind(self.actor_user_id)
            .push_bind(self.kind.clone())
            .push_bind(self.status.clone())
            .push_bind(self.detail.clone())
            .push_bind(self.created_at);
    }
}

impl TableRow for WorkEvidence {
    const TABLE: &'static str = "work_evidence";
    const COLUMNS: &'static str = EVIDENCE_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        evidence_from(row)
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.item_id)
            .push_bind(self.sha256.clone())
            .push_bind(self.file_name.clone())
            .push_bind(self.content_type.clone())
            .push_bind(self.size)
            .push_bind(self.uploaded_by)
            .push_bind(self.uploaded_at);
    }
}

async fn add_event(
    tx: &mut sqlx::Transaction<'_, Any>,
    item_id: i64,
    status: &str,
    event: &NewWorkEvent,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO work_events (item_id, actor_user_id, kind, status, detail, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(item_id)
    .bind(event.actor_user_id)
    .bind(event.kind)
    .bind(status.to_owned())
    .bind(event.detail.clone())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The work tables in a backup.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct WorkTables {
    pub items: Vec<WorkItem>,
    pub events: Vec<WorkEvent>,
    pub evidence: Vec<WorkEvidence>,
}

impl Store {
    /// Creates the work item of an obligation, or gives it a new assignee
    /// and due date; records the `assigned` event with it.
    pub async fn assign_work(&self, a: &Assignment) -> Result<WorkItem> {
        let now = now_ms();
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM work_items WHERE system_id = $1 AND obligation = $2"
        ))
        .bind(a.system_id)
        .bind(a.obligation.clone())
        .fetch_optional(&mut *tx)
        .await?;
        let row = match existing {
            Some(_) => {
                sqlx::query(&format!(
                    "UPDATE work_items SET assignee_user_id = $1, due_date = $2, updated_at = $3 \
                     WHERE system_id = $4 AND obligation = $5 RETURNING {ITEM_COLUMNS}"
                ))
                .bind(a.assignee_user_id)
                .bind(a.due_date.clone())
                .bind(now)
                .bind(a.system_id)
                .bind(a.obligation.clone())
                .fetch_one(&mut *tx)
                .await?
            }
            None => sqlx::query(&format!(
                "INSERT INTO work_items (system_id, obligation, jurisdiction, assignee_user_id, due_date, status, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $7) RETURNING {ITEM_COLUMNS}"
            ))
            .bind(a.system_id)
            .bind(a.obligation.clone())
            .bind(a.jurisdiction.clone())
            .bind(a.assignee_user_id)
            .bind(a.due_date.clone())
            .bind(a.by)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from_write)?,
        };
        let item = item_from(&row)?;
        add_event(
            &mut tx,
            item.id,
            &item.status,
            &NewWorkEvent {
                actor_user_id: a.by,
                kind: "assigned",
                detail: a.detail.clone(),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Moves an item from `from` to `to`, unless another write moved it
    /// first (`Conflict` on `status`); records the event with it. A move to
    /// `submitted` notes the submitter.
    pub async fn move_work(
        &self,
        item_id: i64,
        from: &str,
        to: &str,
        event: &NewWorkEvent,
    ) -> Result<WorkItem> {
        let now = now_ms();
        let mut tx = self.write_tx().await?;
        // The submitter is noted on a submission; other moves keep it.
        let submitter = if to == "submitted" {
            "submitted_by = $3"
        } else {
            "submitted_by = COALESCE($3, submitted_by)"
        };
        let submitted_by: Option<i64> = if to == "submitted" {
            event.actor_user_id
        } else {
            None
        };
        let row = sqlx::query(&format!(
            "UPDATE work_items SET status = $1, updated_at = $2, {submitter} \
             WHERE id = $4 AND status = $5 RETURNING {ITEM_COLUMNS}"
        ))
        .bind(to.to_owned())
        .bind(now)
        .bind(submitted_by)
        .bind(item_id)
        .bind(from.to_owned())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::Conflict { field: "status" })?;
        let item = item_from(&row)?;
        add_event(&mut tx, item.id, to, event, now).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Records a comment on an item.
    pub async fn comment_work(&self, item: &WorkItem, event: &NewWorkEvent) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        sqlx::query("UPDATE work_items SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(item.id)
            .execute(&mut *tx)
            .await?;
        add_event(&mut tx, item.id, &item.status, event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Attaches an evidence file (the same bytes twice to one item are
    /// kept once) and records the event. Returns whether it was new.
    pub async fn add_work_evidence(
        &self,
        item: &WorkItem,
        file: &WorkEvidence,
        event: &NewWorkEvent,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        let done = sqlx::query(
            "INSERT INTO work_evidence (item_id, sha256, file_name, content_type, size, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (item_id, sha256) DO NOTHING",
        )
        .bind(item.id)
        .bind(file.sha256.clone())
        .bind(file.file_name.clone())
        .bind(file.content_type.clone())
        .bind(file.size)
        .bind(file.uploaded_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let new = done.rows_affected() == 1;
        if new {
            sqlx::query("UPDATE work_items SET updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(item.id)
                .execute(&mut *tx)
                .await?;
            add_event(&mut tx, item.id, &item.status, event, now).await?;
        }
        tx.commit().await?;
        Ok(new)
    }

    pub async fn work_item(&self, id: i64) -> Result<WorkItem> {
        let row = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM work_items WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(item_from)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// A system's work items, by due date (none last), then id.
    pub async fn work_items(&self, system_id: i64) -> Result<Vec<WorkItem>> {
        let rows = sqlx::query(&format!(
            "SELECT {ITEM_COLUMNS} FROM work_items WHERE system_id = $1 \
             ORDER BY CASE WHEN due_date IS NULL THEN 1 ELSE 0 END, due_date, id"
        ))
        .bind(system_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(item_from).collect()
    }

    /// Every work item of every system, by id (for dashboards and feeds,
    /// which the caller filters by what the viewer may see).
    pub async fn all_work_items(&self) -> Result<Vec<WorkItem>> {
        self.dump().await
    }

    /// The evidence files of a system's items, oldest first.
    pub async fn work_evidence(&self, system_id: i64) -> Result<Vec<WorkEvidence>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM work_evidence e JOIN work_items i ON i.id = e.item_id \
             WHERE i.system_id = $1 ORDER BY e.id",
            EVIDENCE_COLUMNS
                .split(", ")
                .map(|c| format!("e.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .bind(system_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(evidence_from).collect()
    }

    /// The history of a system's work, newest first.
    pub async fn work_history(&self, system_id: i64) -> Result<Vec<WorkEvent>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM work_events e JOIN work_items i ON i.id = e.item_id \
             WHERE i.system_id = $1 ORDER BY e.id DESC",
            EVENT_COLUMNS
                .split(", ")
                .map(|c| format!("e.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .bind(system_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from).collect()
    }

    /// The ids and times of a system's assessments, newest first.
    pub async fn assessment_ids(&self, system_id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT id, created_at FROM ai_assessments WHERE system_id = $1 ORDER BY id DESC",
        )
        .bind(system_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("created_at")?)))
            .collect()
    }

    pub(crate) async fn work_tables(&self) -> Result<WorkTables> {
        Ok(WorkTables {
            items: self.dump().await?,
            events: self.dump().await?,
            evidence: self.dump().await?,
        })
    }

    /// Writes the work tables of a backup inside the restore transaction.
    pub(crate) async fn restore_work(
        &self,
        tx: &mut sqlx::Transaction<'_, Any>,
        w: &WorkTables,
    ) -> Result<()> {
        insert_all(tx, &w.items).await?;
        insert_all(tx, &w.events).await?;
        insert_all(tx, &w.evidence).await?;
        if self.backend == crate::Backend::Postgres {
            for table in ["work_items", "work_events", "work_evidence"] {
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
