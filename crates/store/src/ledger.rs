//! The ledger's tables: entries (canonical record bytes), the complete
//! Merkle tree nodes, the head row that sequences appends, signed
//! checkpoints and witness cosignatures. Appends run in one transaction
//! that first updates the head row (a row lock on PostgreSQL, the write
//! lock on SQLite), so concurrent processes never get the same index.

use std::cell::RefCell;
use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use waico_ledger::hash::Hash;
use waico_ledger::{HashReader, NodeId, StorageError, TreeBuilder};

use crate::query::{Builder, finish};
use crate::{Result, Store, StoreError, now_ms};

/// An entry to append: canonical record bytes and what the index shows.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub body: Vec<u8>,
    pub leaf_hash: Hash,
    /// Record kind (`member_admitted`, ..., `generic`), for filtering.
    pub kind: String,
    pub time_ms: i64,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub index: u64,
    pub leaf_hash: Hash,
    pub body: Vec<u8>,
    pub kind: String,
    pub time_ms: i64,
}

/// The sequenced tree: its size and root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerHead {
    pub size: u64,
    pub root: Hash,
}

/// A signed checkpoint as stored (the note carries the log's signature only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCheckpoint {
    pub size: u64,
    pub root: Hash,
    pub note: String,
    pub created_at: i64,
}

/// A witness's cosignature line on a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCosignature {
    pub size: u64,
    pub witness: String,
    pub line: String,
    pub created_at: i64,
}

fn hash_of(bytes: Vec<u8>) -> Result<Hash> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Refused("stored hash is not 32 bytes".into()))
}

fn entry_from(row: &AnyRow) -> Result<StoredEntry> {
    Ok(StoredEntry {
        index: row.try_get::<i64, _>("idx")? as u64,
        leaf_hash: hash_of(row.try_get("leaf_hash")?)?,
        body: row.try_get("body")?,
        kind: row.try_get("kind")?,
        time_ms: row.try_get("time_ms")?,
    })
}

fn checkpoint_from(row: &AnyRow) -> Result<StoredCheckpoint> {
    Ok(StoredCheckpoint {
        size: row.try_get::<i64, _>("size")? as u64,
        root: hash_of(row.try_get("root")?)?,
        note: row.try_get("note")?,
        created_at: row.try_get("created_at")?,
    })
}

const ENTRY_COLUMNS: &str = "idx, leaf_hash, body, kind, time_ms";
/// Rows per multi-row INSERT (keeps bound parameters well under limits).
const CHUNK: usize = 150;

/// Reads the nodes `ids` through `exec`; `None` where a node is missing.
async fn fetch_nodes(conn: &mut AnyConnection, ids: &[NodeId]) -> Result<Vec<Option<Hash>>> {
    let mut found: HashMap<NodeId, Hash> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let mut select = Builder::new("SELECT level, idx, hash FROM ledger_nodes WHERE ");
        let mut any_of = select.separated(" OR ");
        for id in chunk {
            any_of
                .push("(level = ")
                .push_bind_unseparated(i64::from(id.level))
                .push_unseparated(" AND idx = ")
                .push_bind_unseparated(id.index as i64)
                .push_unseparated(")");
        }
        let (sql, arguments) = finish(&mut select)?;
        let q = sqlx::query_with(&sql, arguments);
        for row in q.fetch_all(&mut *conn).await? {
            let level: i64 = row.try_get("level")?;
            let idx: i64 = row.try_get("idx")?;
            found.insert(
                NodeId::new(level as u8, idx as u64),
                hash_of(row.try_get("hash")?)?,
            );
        }
    }
    Ok(ids.iter().map(|id| found.get(id).copied()).collect())
}

/// Learns which nodes a computation reads (answering with zeros).
#[derive(Default)]
struct Recorder(RefCell<Vec<NodeId>>);

impl HashReader for Recorder {
    fn read_nodes(&self, ids: &[NodeId]) -> std::result::Result<Vec<Hash>, StorageError> {
        self.0.borrow_mut().extend_from_slice(ids);
        Ok(vec![[0; 32]; ids.len()])
    }
}

/// Answers from nodes fetched beforehand.
struct Fetched(HashMap<NodeId, Hash>);

impl HashReader for Fetched {
    fn read_nodes(&self, ids: &[NodeId]) -> std::result::Result<Vec<Hash>, StorageError> {
        ids.iter()
            .map(|id| self.0.get(id).copied().ok_or(StorageError::Missing(*id)))
            .collect()
    }
}

/// Why a ledger computation over stored nodes failed.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Tree(String),
}

impl Store {
    /// Appends `entries` at the end of the log in one transaction and
    /// returns the index of the first one and the tree after them.
    /// `cached` is the tree after the last append of this process; it is
    /// used when the head still matches it, otherwise the right edge of
    /// the tree is read back from the nodes.
    pub async fn ledger_append(
        &self,
        entries: &[NewEntry],
        cached: Option<TreeBuilder>,
    ) -> Result<(u64, TreeBuilder)> {
        let mut tx = self.write_tx().await?;
        let appended = append_in(&mut tx, entries, cached).await?;
        tx.commit().await?;
        Ok(appended)
    }

    /// Admits a state or changes its status, and appends the ledger entry
    /// that `record` makes of the change (none when nothing changed) in the
    /// same transaction: the decision and its record stand or fall together.
    pub async fn set_membership_recorded(
        &self,
        country: waico_members::CountryCode,
        status: waico_members::MemberStatus,
        since: time::Date,
        record: impl FnOnce(Option<&crate::Membership>, &crate::Membership) -> Result<Option<NewEntry>>,
    ) -> Result<crate::Membership> {
        let mut tx = self.write_tx().await?;
        let before = crate::members::membership_in(&mut tx, country).await?;
        let after = crate::members::set_membership_in(&mut tx, country, status, since).await?;
        if let Some(entry) = record(before.as_ref(), &after)? {
            append_in(&mut tx, &[entry], None).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    /// Ends a state's membership record and appends the ledger entry of it,
    /// in one transaction.
    pub async fn remove_membership_recorded(
        &self,
        country: waico_members::CountryCode,
        record: impl FnOnce(&crate::Membership) -> Result<NewEntry>,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let before = crate::members::membership_in(&mut tx, country)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query("DELETE FROM memberships WHERE country = $1")
            .bind(country.as_str())
            .execute(&mut *tx)
            .await?;
        append_in(&mut tx, &[record(&before)?], None).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Appends `entries` inside the caller's transaction.
pub(crate) async fn append_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entries: &[NewEntry],
    cached: Option<TreeBuilder>,
) -> Result<(u64, TreeBuilder)> {
    // Writing the head first takes the lock that sequences appends.
    sqlx::query("UPDATE ledger_head SET updated_at = $1 WHERE id = 1")
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query("SELECT size, root FROM ledger_head WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    let size = row.try_get::<i64, _>("size")? as u64;
    let root = hash_of(row.try_get("root")?)?;
    let mut builder = match cached {
        Some(b) if b.size() == size && b.root() == root => b,
        _ => {
            let ids = TreeBuilder::edge_ids(size);
            let edge = fetch_nodes(tx, &ids)
                .await?
                .into_iter()
                .collect::<Option<Vec<Hash>>>()
                .ok_or_else(|| StoreError::Refused("ledger tree edge is missing".into()))?;
            let b = TreeBuilder::from_edge(size, &edge)
                .map_err(|e| StoreError::Refused(format!("ledger tree edge: {e}")))?;
            if b.root() != root {
                return Err(StoreError::Refused(
                    "ledger head root disagrees with the stored tree".into(),
                ));
            }
            b
        }
    };
    let leaves: Vec<Hash> = entries.iter().map(|e| e.leaf_hash).collect();
    let result = builder.append(&leaves);
    for (n, chunk) in entries.chunks(CHUNK).enumerate() {
        let mut insert = Builder::new(format!("INSERT INTO ledger_entries ({ENTRY_COLUMNS}) "));
        insert.push_values(chunk.iter().enumerate(), |mut row, (i, e)| {
            row.push_bind((size + (n * CHUNK + i) as u64) as i64)
                .push_bind(e.leaf_hash.to_vec())
                .push_bind(e.body.clone())
                .push_bind(e.kind.clone())
                .push_bind(e.time_ms);
        });
        let (sql, arguments) = finish(&mut insert)?;
        sqlx::query_with(&sql, arguments)
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from_write)?;
    }
    for chunk in result.nodes.chunks(CHUNK) {
        let mut insert = Builder::new("INSERT INTO ledger_nodes (level, idx, hash) ");
        insert.push_values(chunk, |mut row, (id, hash)| {
            row.push_bind(i64::from(id.level))
                .push_bind(id.index as i64)
                .push_bind(hash.to_vec());
        });
        let (sql, arguments) = finish(&mut insert)?;
        sqlx::query_with(&sql, arguments)
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from_write)?;
    }
    sqlx::query("UPDATE ledger_head SET size = $1, root = $2 WHERE id = 1")
        .bind(result.size as i64)
        .bind(result.root.to_vec())
        .execute(&mut **tx)
        .await?;
    Ok((size, builder))
}

impl Store {
    pub async fn ledger_head(&self) -> Result<LedgerHead> {
        let row = sqlx::query("SELECT size, root FROM ledger_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(LedgerHead {
            size: row.try_get::<i64, _>("size")? as u64,
            root: hash_of(row.try_get("root")?)?,
        })
    }

    /// Hashes of stored nodes, `None` where missing.
    pub async fn ledger_nodes(&self, ids: &[NodeId]) -> Result<Vec<Option<Hash>>> {
        let mut conn = self.pool.acquire().await?;
        fetch_nodes(&mut conn, ids).await
    }

    /// Runs a computation of `waico_ledger` over the stored nodes: once to
    /// learn which nodes it reads, then with those nodes fetched in one
    /// query (every computation reads all its nodes in one call).
    pub async fn ledger_compute<T, E: std::fmt::Display>(
        &self,
        f: impl Fn(&dyn HashReader) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, ComputeError> {
        let ids = {
            let recorder = Recorder::default();
            let _ = f(&recorder);
            recorder.0.into_inner()
        };
        let hashes = self.ledger_nodes(&ids).await?;
        let map = ids
            .iter()
            .zip(hashes)
            .filter_map(|(id, h)| h.map(|h| (*id, h)))
            .collect();
        f(&Fetched(map)).map_err(|e| ComputeError::Tree(e.to_string()))
    }

    /// Entries from index `start` upward (or downward from `start` when
    /// `newest_first`), optionally of one kind.
    pub async fn ledger_entries(
        &self,
        start: u64,
        limit: i64,
        kind: Option<&str>,
        newest_first: bool,
    ) -> Result<Vec<StoredEntry>> {
        let (cmp, order) = if newest_first {
            ("<=", "DESC")
        } else {
            (">=", "ASC")
        };
        let mut select = Builder::new(format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE idx {cmp} "
        ));
        select.push_bind(start.min(i64::MAX as u64) as i64);
        if let Some(k) = kind {
            select.push(" AND kind = ").push_bind(k.to_owned());
        }
        select
            .push(format!(" ORDER BY idx {order} LIMIT "))
            .push_bind(limit);
        let (sql, arguments) = finish(&mut select)?;
        let q = sqlx::query_with(&sql, arguments);
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(entry_from)
            .collect()
    }

    /// Number of stored entries, optionally of one kind.
    pub async fn ledger_count(&self, kind: Option<&str>) -> Result<u64> {
        let row = match kind {
            Some(k) => {
                sqlx::query("SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = $1")
                    .bind(k.to_owned())
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT COUNT(*) AS n FROM ledger_entries")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(row.try_get::<i64, _>("n")? as u64)
    }

    pub async fn ledger_entry(&self, index: u64) -> Result<Option<StoredEntry>> {
        let row = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE idx = $1"
        ))
        .bind(index.min(i64::MAX as u64) as i64)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(entry_from).transpose()
    }

    /// The first entry with this leaf hash.
    pub async fn ledger_entry_by_hash(&self, leaf_hash: &Hash) -> Result<Option<StoredEntry>> {
        let row = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE leaf_hash = $1 ORDER BY idx LIMIT 1"
        ))
        .bind(leaf_hash.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(entry_from).transpose()
    }

    /// Canonical bytes of the entries with index in `[start, end)`, in order.
    pub async fn ledger_bodies(&self, start: u64, end: u64) -> Result<Vec<Vec<u8>>> {
        let rows = sqlx::query(
            "SELECT body FROM ledger_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx",
        )
        .bind(start as i64)
        .bind(end.min(i64::MAX as u64) as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get("body").map_err(StoreError::from))
            .collect()
    }

    /// Stores a signed checkpoint; a second one of the same size is ignored.
    pub async fn ledger_add_checkpoint(&self, size: u64, root: &Hash, note: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (size) DO NOTHING",
        )
        .bind(size as i64)
        .bind(root.to_vec())
        .bind(note.to_owned())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn ledger_latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>> {
        let row = sqlx::query(
            "SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(checkpoint_from).transpose()
    }

    pub async fn ledger_checkpoint(&self, size: u64) -> Result<Option<StoredCheckpoint>> {
        let row = sqlx::query(
            "SELECT size, root, note, created_at FROM ledger_checkpoints WHERE size = $1",
        )
        .bind(size.min(i64::MAX as u64) as i64)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(checkpoint_from).transpose()
    }

    /// Stores (or replaces) a witness's cosignature on checkpoint `size`.
    pub async fn ledger_add_cosignature(&self, size: u64, witness: &str, line: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO ledger_cosignatures (size, witness, line, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (size, witness) DO UPDATE SET line = excluded.line, created_at = excluded.created_at",
        )
        .bind(size as i64)
        .bind(witness.to_owned())
        .bind(line.to_owned())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn ledger_cosignatures(&self, size: u64) -> Result<Vec<StoredCosignature>> {
        let rows = sqlx::query(
            "SELECT size, witness, line, created_at FROM ledger_cosignatures WHERE size = $1 ORDER BY witness",
        )
        .bind(size as i64)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredCosignature {
                    size: r.try_get::<i64, _>("size")? as u64,
                    witness: r.try_get("witness")?,
                    line: r.try_get("line")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }
}

/// Every ledger row, for backups. Blobs are hex so the snapshot stays JSON.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct LedgerSnapshot {
    /// (index, leaf hash, canonical body, kind, time)
    pub entries: Vec<(i64, String, String, String, i64)>,
    /// (level, index, hash)
    pub nodes: Vec<(i64, i64, String)>,
    /// (size, root, updated_at)
    pub head: Option<(i64, String, i64)>,
    /// (size, root, signed note, created_at)
    pub checkpoints: Vec<(i64, String, String, i64)>,
    /// (size, witness, cosignature line, created_at)
    pub cosignatures: Vec<(i64, String, String, i64)>,
}

fn unhex(field: &str, value: &str) -> Result<Vec<u8>> {
    hex::decode(value).map_err(|_| StoreError::Refused(format!("backup: {field} is not hex")))
}

impl Store {
    pub async fn ledger_snapshot(&self) -> Result<LedgerSnapshot> {
        let blob = |r: &AnyRow, c: &str| -> Result<String> {
            Ok(hex::encode(r.try_get::<Vec<u8>, _>(c)?))
        };
        let mut snap = LedgerSnapshot::default();
        for r in sqlx::query(
            "SELECT idx, leaf_hash, body, kind, time_ms FROM ledger_entries ORDER BY idx",
        )
        .fetch_all(&self.pool)
        .await?
        {
            snap.entries.push((
                r.try_get("idx")?,
                blob(&r, "leaf_hash")?,
                blob(&r, "body")?,
                r.try_get("kind")?,
                r.try_get("time_ms")?,
            ));
        }
        for r in sqlx::query("SELECT level, idx, hash FROM ledger_nodes ORDER BY level, idx")
            .fetch_all(&self.pool)
            .await?
        {
            snap.nodes
                .push((r.try_get("level")?, r.try_get("idx")?, blob(&r, "hash")?));
        }
        if let Some(r) = sqlx::query("SELECT size, root, updated_at FROM ledger_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
        {
            snap.head = Some((
                r.try_get("size")?,
                blob(&r, "root")?,
                r.try_get("updated_at")?,
            ));
        }
        for r in
            sqlx::query("SELECT size, root, note, created_at FROM ledger_checkpoints ORDER BY size")
                .fetch_all(&self.pool)
                .await?
        {
            snap.checkpoints.push((
                r.try_get("size")?,
                blob(&r, "root")?,
                r.try_get("note")?,
                r.try_get("created_at")?,
            ));
        }
        for r in sqlx::query("SELECT size, witness, line, created_at FROM ledger_cosignatures ORDER BY size, witness").fetch_all(&self.pool).await? {
            snap.cosignatures.push((r.try_get("size")?, r.try_get("witness")?, r.try_get("line")?, r.try_get("created_at")?));
        }
        Ok(snap)
    }

    /// Loads a ledger snapshot inside a restore transaction (the ledger
    /// tables are empty: restore checks that first).
    pub(crate) async fn restore_ledger(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        snap: &LedgerSnapshot,
    ) -> Result<()> {
        for (idx, leaf, body, kind, time_ms) in &snap.entries {
            sqlx::query("INSERT INTO ledger_entries (idx, leaf_hash, body, kind, time_ms) VALUES ($1, $2, $3, $4, $5)")
                .bind(*idx)
                .bind(unhex("leaf_hash", leaf)?)
                .bind(unhex("body", body)?)
                .bind(kind.clone())
                .bind(*time_ms)
                .execute(&mut **tx)
                .await?;
        }
        for (level, idx, hash) in &snap.nodes {
            sqlx::query("INSERT INTO ledger_nodes (level, idx, hash) VALUES ($1, $2, $3)")
                .bind(*level)
                .bind(*idx)
                .bind(unhex("hash", hash)?)
                .execute(&mut **tx)
                .await?;
        }
        if let Some((size, root, updated_at)) = &snap.head {
            sqlx::query(
                "UPDATE ledger_head SET size = $1, root = $2, updated_at = $3 WHERE id = 1",
            )
            .bind(*size)
            .bind(unhex("root", root)?)
            .bind(*updated_at)
            .execute(&mut **tx)
            .await?;
        }
        for (size, root, note, created_at) in &snap.checkpoints {
            sqlx::query("INSERT INTO ledger_checkpoints (size, root, note, created_at) VALUES ($1, $2, $3, $4)")
                .bind(*size)
                .bind(unhex("root", root)?)
                .bind(note.clone())
                .bind(*created_at)
                .execute(&mut **tx)
                .await?;
        }
        for (size, witness, line, created_at) in &snap.cosignatures {
            sqlx::query("INSERT INTO ledger_cosignatures (size, witness, line, created_at) VALUES ($1, $2, $3, $4)")
                .bind(*size)
                .bind(witness.clone())
                .bind(line.clone())
                .bind(*created_at)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}
