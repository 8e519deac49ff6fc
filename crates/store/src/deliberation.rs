//! Stored deliberation: bodies, proposals (the domain's JSON document beside
//! the columns that lists and the scheduler query), the log of applied
//! transitions, secret elections and their encrypted ballots.
//!
//! Every write of a proposal names the revision it read
//! ([`ProposalWrite::expected_revision`]) and is refused with
//! [`StoreError::Conflict`] (`field: "revision"`) when another writer got
//! there first. A decision, its effect on the membership registry or a body,
//! and its ledger entries are written in that same transaction, so two
//! schedulers racing on one database apply a transition and its effect once.

use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, Row};
use waico_members::{CountryCode, MemberStatus};

use crate::ledger::append_in;
use crate::query::{Builder, finish};
use crate::rows::{TableRow, insert_all};
use crate::{Membership, NewEntry, Result, Store, StoreError, now_ms};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBody {
    pub slug: String,
    pub kind: String,
    /// The domain's `Body` as JSON.
    pub doc: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProposal {
    pub id: i64,
    pub body: String,
    pub title: String,
    pub kind: String,
    pub procedure: String,
    pub stage: String,
    pub author: String,
    /// The domain's `Proposal` as JSON.
    pub doc: String,
    pub revision: i64,
    pub next_due_ms: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub decided_at: Option<i64>,
    /// Index in the ledger of the decision record, once decided.
    pub ledger_index: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionRow {
    pub proposal_id: i64,
    pub seq: i64,
    pub transition: String,
    pub actor: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionRow {
    pub proposal_id: i64,
    /// The public election (manifest and trustees' keys) as JSON.
    pub election: String,
    /// The published election record, once tallied.
    pub record: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRow {
    pub proposal_id: i64,
    pub state: String,
    pub tracker: String,
    pub ballot: String,
    pub cast_at: i64,
}

/// What a new proposal row holds; the store gives it its id.
#[derive(Debug, Clone)]
pub struct NewProposalRow {
    pub body: String,
    pub title: String,
    pub kind: String,
    pub procedure: String,
    pub stage: String,
    pub author: String,
    pub doc: String,
    pub next_due_ms: Option<i64>,
}

/// A change of a proposal and what goes with it in the same transaction.
#[derive(Debug, Clone, Default)]
pub struct ProposalWrite {
    pub id: i64,
    pub expected_revision: i64,
    pub stage: String,
    pub doc: String,
    pub next_due_ms: Option<i64>,
    pub decided_at: Option<i64>,
    /// Transitions applied by this write, appended to the log.
    pub transitions: Vec<(String, String, i64)>,
    /// The decision's ledger entry; its index is kept on the proposal.
    pub decision_entry: Option<NewEntry>,
    /// A membership the decision changes (admission, suspension,
    /// reinstatement): state, new status, since.
    pub membership: Option<(CountryCode, MemberStatus, time::Date)>,
    /// Bodies the decision changes (an election seats its winners).
    pub bodies: Vec<StoredBody>,
    /// The published record of a secret vote, kept with its result.
    pub election_record: Option<String>,
    /// The pack or framework version an adopted amendment installs (left
    /// out when that version is already stored).
    pub framework_source: Option<crate::framework::NewFrameworkSource>,
    /// The parameters (JSON object) of an adopted allocation policy.
    pub allocation_policy: Option<String>,
}

/// A notice to a delegate about a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub proposal_id: i64,
    /// `decision_open`, `deadline_near` or `result`.
    pub event: String,
    pub user_id: i64,
    /// The state the recipient is a delegate of.
    pub state: String,
    pub created_at: i64,
    pub mail_claimed_at: Option<i64>,
    pub mailed_at: Option<i64>,
}

const NOTICE_COLUMNS: &str =
    "proposal_id, event, user_id, state, created_at, mail_claimed_at, mailed_at";

impl TableRow for NoticeRow {
    const TABLE: &'static str = "deliberation_notices";
    const COLUMNS: &'static str = NOTICE_COLUMNS;
    const ORDER: &'static str = "proposal_id, event, user_id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(NoticeRow {
            proposal_id: row.try_get("proposal_id")?,
            event: row.try_get("event")?,
            user_id: row.try_get("user_id")?,
            state: row.try_get("state")?,
            created_at: row.try_get("created_at")?,
            mail_claimed_at: row.try_get("mail_claimed_at")?,
            mailed_at: row.try_get("mailed_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.proposal_id)
            .push_bind(self.event.clone())
            .push_bind(self.user_id)
            .push_bind(self.state.clone())
            .push_bind(self.created_at)
            .push_bind(self.mail_claimed_at)
            .push_bind(self.mailed_at);
    }
}

/// An allocation policy adopted by a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationPolicyRow {
    pub proposal_id: i64,
    /// The parameters as a JSON object.
    pub parameters: String,
    pub adopted_at: i64,
}

/// Which proposals a list shows.
#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    pub stages: Vec<String>,
    pub body: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

const PROPOSAL_COLUMNS: &str = "id, body, title, kind, procedure, stage, author, doc, revision, next_due_ms, created_at, updated_at, decided_at, ledger_index";

impl TableRow for StoredBody {
    const TABLE: &'static str = "deliberation_bodies";
    const COLUMNS: &'static str = "slug, kind, doc, updated_at";
    const ORDER: &'static str = "slug";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(StoredBody {
            slug: row.try_get("slug")?,
            kind: row.try_get("kind")?,
            doc: row.try_get("doc")?,
            updated_at: row.try_get("updated_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.slug.clone())
            .push_bind(self.kind.clone())
            .push_bind(self.doc.clone())
            .push_bind(self.updated_at);
    }
}

impl TableRow for StoredProposal {
    const TABLE: &'static str = "deliberation_proposals";
    const COLUMNS: &'static str = PROPOSAL_COLUMNS;
    const ORDER: &'static str = "id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(StoredProposal {
            id: row.try_get("id")?,
            body: row.try_get("body")?,
            title: row.try_get("title")?,
            kind: row.try_get("kind")?,
            procedure: row.try_get("procedure")?,
            stage: row.try_get("stage")?,
            author: row.try_get("author")?,
            doc: row.try_get("doc")?,
            revision: row.try_get("revision")?,
            next_due_ms: row.try_get("next_due_ms")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            decided_at: row.try_get("decided_at")?,
            ledger_index: row.try_get("ledger_index")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.id)
            .push_bind(self.body.clone())
            .push_bind(self.title.clone())
            .push_bind(self.kind.clone())
            .push_bind(self.procedure.clone())
            .push_bind(self.stage.clone())
            .push_bind(self.author.clone())
            .push_bind(self.doc.clone())
            .push_bind(self.revision)
            .push_bind(self.next_due_ms)
            .push_bind(self.created_at)
            .push_bind(self.updated_at)
            .push_bind(self.decided_at)
            .push_bind(self.ledger_index);
    }
}

impl TableRow for TransitionRow {
    const TABLE: &'static str = "deliberation_transitions";
    const COLUMNS: &'static str = "proposal_id, seq, transition, actor, at_ms";
    const ORDER: &'static str = "proposal_id, seq";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(TransitionRow {
            proposal_id: row.try_get("proposal_id")?,
            seq: row.try_get("seq")?,
            transition: row.try_get("transition")?,
            actor: row.try_get("actor")?,
            at_ms: row.try_get("at_ms")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.proposal_id)
            .push_bind(self.seq)
            .push_bind(self.transition.clone())
            .push_bind(self.actor.clone())
            .push_bind(self.at_ms);
    }
}

impl TableRow for ElectionRow {
    const TABLE: &'static str = "deliberation_elections";
    const COLUMNS: &'static str = "proposal_id, election, record";
    const ORDER: &'static str = "proposal_id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(ElectionRow {
            proposal_id: row.try_get("proposal_id")?,
            election: row.try_get("election")?,
            record: row.try_get("record")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.proposal_id)
            .push_bind(self.election.clone())
            .push_bind(self.record.clone());
    }
}

impl TableRow for BallotRow {
    const TABLE: &'static str = "deliberation_ballots";
    const COLUMNS: &'static str = "proposal_id, state, tracker, ballot, cast_at";
    const ORDER: &'static str = "proposal_id, state";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(BallotRow {
            proposal_id: row.try_get("proposal_id")?,
            state: row.try_get("state")?,
            tracker: row.try_get("tracker")?,
            ballot: row.try_get("ballot")?,
            cast_at: row.try_get("cast_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.proposal_id)
            .push_bind(self.state.clone())
            .push_bind(self.tracker.clone())
            .push_bind(self.ballot.clone())
            .push_bind(self.cast_at);
    }
}

/// The deliberation tables in a backup (absent in backups made before).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeliberationTables {
    pub bodies: Vec<StoredBody>,
    pub proposals: Vec<StoredProposal>,
    pub transitions: Vec<TransitionRow>,
    pub elections: Vec<ElectionRow>,
    pub ballots: Vec<BallotRow>,
    /// Adopted allocation policies (absent in backups made before them).
    #[serde(default)]
    pub allocation_policies: Vec<AllocationPolicyRow>,
    /// Notices to delegates (absent in backups made before them).
    #[serde(default)]
    pub notices: Vec<NoticeRow>,
}

impl TableRow for AllocationPolicyRow {
    const TABLE: &'static str = "deliberation_allocation_policies";
    const COLUMNS: &'static str = "proposal_id, parameters, adopted_at";
    const ORDER: &'static str = "proposal_id";
    fn from_row(row: &AnyRow) -> Result<Self> {
        Ok(AllocationPolicyRow {
            proposal_id: row.try_get("proposal_id")?,
            parameters: row.try_get("parameters")?,
            adopted_at: row.try_get("adopted_at")?,
        })
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.proposal_id)
            .push_bind(self.parameters.clone())
            .push_bind(self.adopted_at);
    }
}

fn stale() -> StoreError {
    StoreError::Conflict { field: "revision" }
}

impl Store {
    /// Creates or replaces a body.
    pub async fn put_body(&self, body: &StoredBody) -> Result<()> {
        sqlx::query(
            "INSERT INTO deliberation_bodies (slug, kind, doc, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO UPDATE SET kind = excluded.kind, doc = excluded.doc, updated_at = excluded.updated_at",
        )
        .bind(&body.slug)
        .bind(&body.kind)
        .bind(&body.doc)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn body(&self, slug: &str) -> Result<StoredBody> {
        let row = sqlx::query(
            "SELECT slug, kind, doc, updated_at FROM deliberation_bodies WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        StoredBody::from_row(&row)
    }

    pub async fn list_bodies(&self) -> Result<Vec<StoredBody>> {
        self.dump().await
    }

    /// Inserts a proposal made by `make` from the id it will have (the next
    /// free one) and returns the stored row.
    pub async fn create_proposal(
        &self,
        make: impl FnOnce(i64) -> std::result::Result<NewProposalRow, StoreError>,
    ) -> Result<StoredProposal> {
        let mut tx = self.write_tx().await?;
        let next: i64 =
            sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM deliberation_proposals")
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        let new = make(next)?;
        let now = now_ms();
        let row = sqlx::query(&format!(
            "INSERT INTO deliberation_proposals ({PROPOSAL_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10, NULL, NULL) RETURNING {PROPOSAL_COLUMNS}"
        ))
        .bind(next)
        .bind(&new.body)
        .bind(&new.title)
        .bind(&new.kind)
        .bind(&new.procedure)
        .bind(&new.stage)
        .bind(&new.author)
        .bind(&new.doc)
        .bind(new.next_due_ms)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from_write)?;
        tx.commit().await?;
        StoredProposal::from_row(&row)
    }

    pub async fn proposal(&self, id: i64) -> Result<StoredProposal> {
        let row = sqlx::query(&format!(
            "SELECT {PROPOSAL_COLUMNS} FROM deliberation_proposals WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        StoredProposal::from_row(&row)
    }

    /// One page of proposals, newest first, and the total count.
    pub async fn list_proposals(
        &self,
        filter: &ProposalFilter,
    ) -> Result<(Vec<StoredProposal>, i64)> {
        let conditions = |builder: &mut Builder<'_>| {
            builder.push(" WHERE 1 = 1");
            if !filter.stages.is_empty() {
                builder.push(" AND stage IN (");
                let mut list = builder.separated(", ");
                for s in &filter.stages {
                    list.push_bind(s.clone());
                }
                builder.push(")");
            }
            if let Some(body) = &filter.body {
                builder.push(" AND body = ").push_bind(body.clone());
            }
        };
        let mut count = Builder::new("SELECT COUNT(*) AS n FROM deliberation_proposals");
        conditions(&mut count);
        let (sql, arguments) = finish(&mut count)?;
        let total: i64 = sqlx::query_scalar_with(&sql, arguments)
            .fetch_one(&self.pool)
            .await?;
        let mut page = Builder::new(format!(
            "SELECT {PROPOSAL_COLUMNS} FROM deliberation_proposals"
        ));
        conditions(&mut page);
        page.push(" ORDER BY id DESC LIMIT ")
            .push_bind(filter.limit.max(0))
            .push(" OFFSET ")
            .push_bind(filter.offset.max(0));
        let (sql, arguments) = finish(&mut page)?;
        let rows = sqlx::query_with(&sql, arguments)
            .fetch_all(&self.pool)
            .await?;
        Ok((
            rows.iter()
                .map(StoredProposal::from_row)
                .collect::<Result<_>>()?,
            total,
        ))
    }

    /// Ids of proposals with a deadline at or before `now_ms`, oldest
    /// deadline first.
    pub async fn due_proposals(&self, now_ms: i64, limit: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT id FROM deliberation_proposals WHERE next_due_ms IS NOT NULL AND next_due_ms <= $1 \
             ORDER BY next_due_ms, id LIMIT $2",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get::<i64, _>("id").map_err(StoreError::from))
            .collect()
    }

    /// Writes a change of a proposal with everything that goes with it, in
    /// one transaction; refused with `Conflict { field: "revision" }` (and
    /// nothing written) when the proposal is no longer at the revision the
    /// caller read. `membership_record` makes the ledger entry of a
    /// membership change from its before and after. Returns the new row.
    pub async fn write_proposal(
        &self,
        write: &ProposalWrite,
        membership_record: impl FnOnce(Option<&Membership>, &Membership) -> Result<NewEntry>,
    ) -> Result<StoredProposal> {
        let mut tx = self.write_tx().await?;
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE deliberation_proposals SET stage = $1, doc = $2, next_due_ms = $3, decided_at = $4, \
             revision = revision + 1, updated_at = $5 WHERE id = $6 AND revision = $7",
        )
        .bind(&write.stage)
        .bind(&write.doc)
        .bind(write.next_due_ms)
        .bind(write.decided_at)
        .bind(now)
        .bind(write.id)
        .bind(write.expected_revision)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let exists = sqlx::query("SELECT id FROM deliberation_proposals WHERE id = $1")
                .bind(write.id)
                .fetch_optional(&mut *tx)
                .await?;
            return Err(if exists.is_some() {
                stale()
            } else {
                StoreError::NotFound
            });
        }
        if !write.transitions.is_empty() {
            let seq: i64 = sqlx::query(
                "SELECT COALESCE(MAX(seq), 0) AS n FROM deliberation_transitions WHERE proposal_id = $1",
            )
            .bind(write.id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            let rows: Vec<TransitionRow> = write
                .transitions
                .iter()
                .enumerate()
                .map(|(i, (transition, actor, at_ms))| TransitionRow {
                    proposal_id: write.id,
                    seq: seq + 1 + i as i64,
                    transition: transition.clone(),
                    actor: actor.clone(),
                    at_ms: *at_ms,
                })
                .collect();
            insert_all(&mut tx, &rows).await.map_err(|_| stale())?;
        }
        for body in &write.bodies {
            sqlx::query("UPDATE deliberation_bodies SET doc = $1, updated_at = $2 WHERE slug = $3")
                .bind(&body.doc)
                .bind(now)
                .bind(&body.slug)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(record) = &write.election_record {
            let done = sqlx::query(
                "UPDATE deliberation_elections SET record = $1 WHERE proposal_id = $2 AND record IS NULL",
            )
            .bind(record)
            .bind(write.id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::Conflict { field: "record" });
            }
        }
        if let Some(new) = &write.framework_source {
            let stored = sqlx::query(
                "SELECT id FROM framework_sources WHERE kind = $1 AND subject = $2 AND version = $3",
            )
            .bind(new.kind.slug())
            .bind(&new.subject)
            .bind(&new.version)
            .fetch_optional(&mut *tx)
            .await?;
            if stored.is_none() {
                crate::framework::insert_framework_source_in(&mut tx, new).await?;
            }
        }
        if let Some(parameters) = &write.allocation_policy {
            sqlx::query(
                "INSERT INTO deliberation_allocation_policies (proposal_id, parameters, adopted_at) \
                 VALUES ($1, $2, $3)",
            )
            .bind(write.id)
            .bind(parameters)
            .bind(write.decided_at.unwrap_or(now))
            .execute(&mut *tx)
            .await
            .map_err(|_| stale())?;
        }
        let mut entries = Vec::new();
        if let Some(entry) = &write.decision_entry {
            entries.push(entry.clone());
        }
        if let Some((country, status, since)) = write.membership {
            let before = crate::members::membership_in(&mut tx, country).await?;
            let after = crate::members::set_membership_in(&mut tx, country, status, since).await?;
            if before.as_ref().map(|b| b.status) != Some(after.status) {
                entries.push(membership_record(before.as_ref(), &after)?);
            }
        }
        if !entries.is_empty() {
            let (first, _) = append_in(&mut tx, &entries, None).await?;
            if write.decision_entry.is_some() {
                sqlx::query("UPDATE deliberation_proposals SET ledger_index = $1 WHERE id = $2")
                    .bind(first as i64)
                    .bind(write.id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let row = sqlx::query(&format!(
            "SELECT {PROPOSAL_COLUMNS} FROM deliberation_proposals WHERE id = $1"
        ))
        .bind(write.id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        StoredProposal::from_row(&row)
    }

    /// Stores notices that do not exist yet (one per proposal, event and
    /// recipient); answers how many were new.
    pub async fn add_notices(&self, notices: &[NoticeRow]) -> Result<usize> {
        let mut added = 0;
        for n in notices {
            let done = sqlx::query(
                "INSERT INTO deliberation_notices (proposal_id, event, user_id, state, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            )
            .bind(n.proposal_id)
            .bind(&n.event)
            .bind(n.user_id)
            .bind(&n.state)
            .bind(n.created_at)
            .execute(&self.pool)
            .await?;
            added += done.rows_affected() as usize;
        }
        Ok(added)
    }

    /// A user's notices, newest first.
    pub async fn notices_for(&self, user_id: i64, limit: i64) -> Result<Vec<NoticeRow>> {
        sqlx::query(&format!(
            "SELECT {NOTICE_COLUMNS} FROM deliberation_notices WHERE user_id = $1 \
             ORDER BY created_at DESC, proposal_id DESC, event LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(NoticeRow::from_row)
        .collect()
    }

    /// Notices made at or after `since` not mailed yet, whose mail nobody
    /// holds (a claim older than `stale_before` was abandoned), oldest first.
    pub async fn unmailed_notices(
        &self,
        since: i64,
        stale_before: i64,
        limit: i64,
    ) -> Result<Vec<NoticeRow>> {
        sqlx::query(&format!(
            "SELECT {NOTICE_COLUMNS} FROM deliberation_notices WHERE mailed_at IS NULL \
             AND created_at >= $1 AND (mail_claimed_at IS NULL OR mail_claimed_at < $2) \
             ORDER BY created_at, proposal_id, event, user_id LIMIT $3"
        ))
        .bind(since)
        .bind(stale_before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(NoticeRow::from_row)
        .collect()
    }

    /// Claims the e-mail of a notice: true when this call took it (send it
    /// now), false when it was mailed or another process holds it.
    pub async fn claim_notice_mail(
        &self,
        n: &NoticeRow,
        at_ms: i64,
        stale_before: i64,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE deliberation_notices SET mail_claimed_at = $1 \
             WHERE proposal_id = $2 AND event = $3 AND user_id = $4 AND mailed_at IS NULL \
             AND (mail_claimed_at IS NULL OR mail_claimed_at < $5)",
        )
        .bind(at_ms)
        .bind(n.proposal_id)
        .bind(&n.event)
        .bind(n.user_id)
        .bind(stale_before)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a claimed notice mailed (`Some(at)`), or gives the claim back
    /// (`None`: sending failed, a later run retries).
    pub async fn notice_mailed(&self, n: &NoticeRow, at_ms: Option<i64>) -> Result<()> {
        let sql = if at_ms.is_some() {
            "UPDATE deliberation_notices SET mailed_at = $1 \
             WHERE proposal_id = $2 AND event = $3 AND user_id = $4"
        } else {
            "UPDATE deliberation_notices SET mail_claimed_at = $1 \
             WHERE proposal_id = $2 AND event = $3 AND user_id = $4"
        };
        sqlx::query(sql)
            .bind(at_ms)
            .bind(n.proposal_id)
            .bind(&n.event)
            .bind(n.user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest adopted allocation policy, if any.
    pub async fn adopted_allocation_policy(&self) -> Result<Option<AllocationPolicyRow>> {
        sqlx::query(&format!(
            "SELECT {} FROM deliberation_allocation_policies \
             ORDER BY adopted_at DESC, proposal_id DESC LIMIT 1",
            AllocationPolicyRow::COLUMNS
        ))
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(AllocationPolicyRow::from_row)
        .transpose()
    }

    /// The transitions applied to a proposal, in order.
    pub async fn proposal_transitions(&self, id: i64) -> Result<Vec<TransitionRow>> {
        sqlx::query(&format!(
            "SELECT {} FROM deliberation_transitions WHERE proposal_id = $1 ORDER BY seq",
            TransitionRow::COLUMNS
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(TransitionRow::from_row)
        .collect()
    }

    /// Opens the secret election of a proposal.
    pub async fn put_election(&self, proposal_id: i64, election: &str) -> Result<()> {
        sqlx::query("INSERT INTO deliberation_elections (proposal_id, election, record) VALUES ($1, $2, NULL)")
            .bind(proposal_id)
            .bind(election)
            .execute(&self.pool)
            .await
            .map_err(StoreError::from_write)?;
        Ok(())
    }

    pub async fn election(&self, proposal_id: i64) -> Result<ElectionRow> {
        let row = sqlx::query(&format!(
            "SELECT {} FROM deliberation_elections WHERE proposal_id = $1",
            ElectionRow::COLUMNS
        ))
        .bind(proposal_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        ElectionRow::from_row(&row)
    }

    /// Keeps a state's encrypted ballot (replacing an earlier one) while
    /// the proposal is still at `expected_revision` and in its decision
    /// stage; the proposal's revision moves on, so a close that read the
    /// ballots before this one fails and retries.
    pub async fn cast_ballot(&self, ballot: &BallotRow, expected_revision: i64) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE deliberation_proposals SET revision = revision + 1, updated_at = $1 \
             WHERE id = $2 AND revision = $3 AND stage = 'decision'",
        )
        .bind(now_ms())
        .bind(ballot.proposal_id)
        .bind(expected_revision)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(stale());
        }
        sqlx::query(
            "INSERT INTO deliberation_ballots (proposal_id, state, tracker, ballot, cast_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (proposal_id, state) DO UPDATE SET tracker = excluded.tracker, ballot = excluded.ballot, cast_at = excluded.cast_at",
        )
        .bind(ballot.proposal_id)
        .bind(&ballot.state)
        .bind(&ballot.tracker)
        .bind(&ballot.ballot)
        .bind(ballot.cast_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn ballots(&self, proposal_id: i64) -> Result<Vec<BallotRow>> {
        sqlx::query(&format!(
            "SELECT {} FROM deliberation_ballots WHERE proposal_id = $1 ORDER BY state",
            BallotRow::COLUMNS
        ))
        .bind(proposal_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(BallotRow::from_row)
        .collect()
    }

    pub(crate) async fn dump_deliberation(&self) -> Result<DeliberationTables> {
        Ok(DeliberationTables {
            bodies: self.dump().await?,
            proposals: self.dump().await?,
            transitions: self.dump().await?,
            elections: self.dump().await?,
            ballots: self.dump().await?,
            allocation_policies: self.dump().await?,
            notices: self.dump().await?,
        })
    }

    pub(crate) async fn restore_deliberation(
        &self,
        tx: &mut sqlx::Transaction<'_, Any>,
        tables: &DeliberationTables,
    ) -> Result<()> {
        insert_all(tx, &tables.bodies).await?;
        insert_all(tx, &tables.proposals).await?;
        insert_all(tx, &tables.transitions).await?;
        insert_all(tx, &tables.elections).await?;
        insert_all(tx, &tables.ballots).await?;
        insert_all(tx, &tables.allocation_policies).await?;
        insert_all(tx, &tables.notices).await?;
        Ok(())
    }
}
