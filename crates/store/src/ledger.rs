//! The ledger's tables: entries (canonical record bytes), the complete
//! Merkle tree nodes, the head row that sequences appends, signed
//! checkpoints and witness cosignatures. Appends run in one transaction
//! that first updates the head row (a row lock on PostgreSQL, the write
//! lock on SQLite), so concurrent processes never get the same index.

use std::cell::RefCell;
use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;
use sqlx::{Any, AnyConnection, Row};
use waico_ledger::hash::Hash;
use waico_ledger::{HashReader, NodeId, StorageError, TreeBuilder};

use crate::query::{Builder, finish};
use crate::rows::{TableRow, insert_all};
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
/// Columns an entry is written with: its subject is derived from its body.
const ENTRY_INSERT_COLUMNS: &str = "idx, leaf_hash, body, kind, time_ms, subject";

/// What a record concerns, as stored in the `subject` column:
/// `<subject kind>:<subject id>` (e.g. `member:KEN`); empty when the body
/// is not a record.
pub fn subject_key(body: &[u8]) -> String {
    let Ok(record) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let subject = &record["subject"];
    format!(
        "{}:{}",
        subject["kind"].as_str().unwrap_or_default(),
        subject["id"].as_str().unwrap_or_default()
    )
}
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
        let mut insert = Builder::new(format!(
            "INSERT INTO ledger_entries ({ENTRY_INSERT_COLUMNS}) "
        ));
        insert.push_values(chunk.iter().enumerate(), |mut row, (i, e)| {
            row.push_bind((size + (n * CHUNK + i) as u64) as i64)
                .push_bind(e.leaf_hash.to_vec())
                .push_bind(e.body.clone())
                .push_bind(e.kind.clone())
                .push_bind(e.time_ms)
                .push_bind(subject_key(&e.body));
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
    /// `newest_first`), optionally of one kind and about one subject
    /// (`<kind>:<id>`, see [`subject_key`]).
    pub async fn ledger_entries(
        &self,
        start: u64,
        limit: i64,
        kind: Option<&str>,
        subject: Option<&str>,
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
        if let Some(s) = subject {
            select.push(" AND subject = ").push_bind(s.to_owned());
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

    /// The newest checkpoint with at least `quorum` witness cosignatures.
    pub async fn ledger_latest_cosigned_checkpoint(
        &self,
        quorum: u64,
    ) -> Result<Option<StoredCheckpoint>> {
        let row = sqlx::query(
            "SELECT c.size, c.root, c.note, c.created_at FROM ledger_checkpoints c \
             JOIN (SELECT size FROM ledger_cosignatures GROUP BY size HAVING COUNT(*) >= $1) s \
             ON s.size = c.size ORDER BY c.size DESC LIMIT 1",
        )
        .bind(quorum.min(i64::MAX as u64) as i64)
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

/// Every ledger row, for backups. Blobs are hex so the snapshot stays JSON;
/// each row is written as a JSON array in column order (the format of
/// backups made before the rows had a mapping of their own).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct LedgerSnapshot {
    pub entries: Vec<EntryRow>,
    pub nodes: Vec<NodeRow>,
    /// (size, root, updated_at)
    pub head: Option<(i64, String, i64)>,
    pub checkpoints: Vec<CheckpointRow>,
    pub cosignatures: Vec<CosignatureRow>,
}

/// Bytes written as lower-case hex in a backup.
mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(bytes))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        hex::decode(text).map_err(|_| serde::de::Error::custom("backup: a blob is not hex"))
    }
}

/// A `ledger_entries` row: index, leaf hash, canonical body, kind, time.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EntryRow(
    pub i64,
    #[serde(with = "hex_bytes")] pub Vec<u8>,
    #[serde(with = "hex_bytes")] pub Vec<u8>,
    pub String,
    pub i64,
);

/// A `ledger_nodes` row: level, index, hash.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NodeRow(pub i64, pub i64, #[serde(with = "hex_bytes")] pub Vec<u8>);

/// A `ledger_checkpoints` row: size, root, signed note, created_at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CheckpointRow(
    pub i64,
    #[serde(with = "hex_bytes")] pub Vec<u8>,
    pub String,
    pub i64,
);

/// A `ledger_cosignatures` row: size, witness, cosignature line, created_at.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CosignatureRow(pub i64, pub String, pub String, pub i64);

impl TableRow for EntryRow {
    const TABLE: &'static str = "ledger_entries";
    /// The subject is not in backups: it is derived from the body.
    const COLUMNS: &'static str = "idx, leaf_hash, body, kind, time_ms, subject";
    const ORDER: &'static str = "idx";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(EntryRow(
            r.try_get("idx")?,
            r.try_get("leaf_hash")?,
            r.try_get("body")?,
            r.try_get("kind")?,
            r.try_get("time_ms")?,
        ))
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.0)
            .push_bind(self.1.clone())
            .push_bind(self.2.clone())
            .push_bind(self.3.clone())
            .push_bind(self.4)
            .push_bind(subject_key(&self.2));
    }
}

impl TableRow for NodeRow {
    const TABLE: &'static str = "ledger_nodes";
    const COLUMNS: &'static str = "level, idx, hash";
    const ORDER: &'static str = "level, idx";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(NodeRow(
            r.try_get("level")?,
            r.try_get("idx")?,
            r.try_get("hash")?,
        ))
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.0)
            .push_bind(self.1)
            .push_bind(self.2.clone());
    }
}

impl TableRow for CheckpointRow {
    const TABLE: &'static str = "ledger_checkpoints";
    const COLUMNS: &'static str = "size, root, note, created_at";
    const ORDER: &'static str = "size";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(CheckpointRow(
            r.try_get("size")?,
            r.try_get("root")?,
            r.try_get("note")?,
            r.try_get("created_at")?,
        ))
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.0)
            .push_bind(self.1.clone())
            .push_bind(self.2.clone())
            .push_bind(self.3);
    }
}

impl TableRow for CosignatureRow {
    const TABLE: &'static str = "ledger_cosignatures";
    const COLUMNS: &'static str = "size, witness, line, created_at";
    const ORDER: &'static str = "size, witness";
    fn from_row(r: &AnyRow) -> Result<Self> {
        Ok(CosignatureRow(
            r.try_get("size")?,
            r.try_get("witness")?,
            r.try_get("line")?,
            r.try_get("created_at")?,
        ))
    }
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>) {
        values
            .push_bind(self.0)
            .push_bind(self.1.clone())
            .push_bind(self.2.clone())
            .push_bind(self.3);
    }
}

impl Store {
    pub async fn ledger_snapshot(&self) -> Result<LedgerSnapshot> {
        let head = sqlx::query("SELECT size, root, updated_at FROM ledger_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?
            .map(|r| -> Result<(i64, String, i64)> {
                Ok((
                    r.try_get("size")?,
                    hex::encode(r.try_get::<Vec<u8>, _>("root")?),
                    r.try_get("updated_at")?,
                ))
            })
            .transpose()?;
        Ok(LedgerSnapshot {
            entries: self.dump().await?,
            nodes: self.dump().await?,
            head,
            checkpoints: self.dump().await?,
            cosignatures: self.dump().await?,
        })
    }

    /// Loads a ledger snapshot inside a restore transaction (the ledger
    /// tables are empty: restore checks that first).
    pub(crate) async fn restore_ledger(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        snap: &LedgerSnapshot,
    ) -> Result<()> {
        insert_all(tx, &snap.entries).await?;
        insert_all(tx, &snap.nodes).await?;
        if let Some((size, root, updated_at)) = &snap.head {
            let root = hex::decode(root)
                .map_err(|_| StoreError::Refused("backup: the ledger root is not hex".into()))?;
            sqlx::query(
                "UPDATE ledger_head SET size = $1, root = $2, updated_at = $3 WHERE id = 1",
            )
            .bind(*size)
            .bind(root)
            .bind(*updated_at)
            .execute(&mut **tx)
            .await?;
        }
        insert_all(tx, &snap.checkpoints).await?;
        insert_all(tx, &snap.cosignatures).await?;
        Ok(())
    }
}

#[cfg(test)]
mod snapshot_format {
    use super::*;

    /// Backups made before the ledger rows had their own mapping wrote each
    /// row as a JSON array with hex blobs; they still read, and new ones are
    /// written the same way.
    #[test]
    fn ledger_rows_read_and_write_the_backup_format_of_before() {
        let old = r#"{"entries":[[0,"00ff","7b7d","membership",1700000000000]],
            "nodes":[[0,0,"00ff"]],"head":[1,"00ff",1700000000001],
            "checkpoints":[[1,"00ff","note\n",1700000000002]],
            "cosignatures":[[1,"witness.example","— witness.example abc\n",1700000000003]]}"#;
        let snap: LedgerSnapshot = serde_json::from_str(old).unwrap();
        assert_eq!(
            snap.entries,
            vec![EntryRow(
                0,
                vec![0, 255],
                b"{}".to_vec(),
                "membership".into(),
                1_700_000_000_000
            )]
        );
        assert_eq!(snap.nodes, vec![NodeRow(0, 0, vec![0, 255])]);
        let again: serde_json::Value = serde_json::to_value(&snap).unwrap();
        let expected: serde_json::Value = serde_json::from_str(old).unwrap();
        assert_eq!(again, expected);
        let bad = old.replace("\"7b7d\"", "\"not hex\"");
        assert!(serde_json::from_str::<LedgerSnapshot>(&bad).is_err());
    }
}
