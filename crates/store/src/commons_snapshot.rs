//! The commons tables in a backup snapshot: every row of every commons
//! table as JSON values, column by column, so that `waico backup` and
//! `waico restore` carry repositories, commits, refs, blob records, access
//! requests and download counts (the blobs themselves are artifacts).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::Row;

use crate::query::{Builder, finish};
use crate::{Backend, Result, Store, StoreError};

#[derive(Clone, Copy)]
enum Col {
    Int,
    Text,
    OptInt,
    OptText,
}

use Col::{Int, OptInt, OptText, Text};

/// A table: its name, its columns with their types, its row order.
type Table = (&'static str, &'static [(&'static str, Col)], &'static str);

/// Tables in insertion order (parents first).
const TABLES: &[Table] = &[
    (
        "commons_repos",
        &[
            ("id", Int),
            ("kind", Text),
            ("owner", Text),
            ("name", Text),
            ("owner_kind", Text),
            ("visibility", Text),
            ("created_by", Int),
            ("card_metadata", Text),
            ("card_problems", Text),
            ("title", Text),
            ("summary", Text),
            ("created_at", Int),
            ("updated_at", Int),
            ("downloads", Int),
        ],
        "id",
    ),
    (
        "commons_commits",
        &[
            ("repo_id", Int),
            ("id", Text),
            ("short_id", Text),
            ("parent", OptText),
            ("tree", Text),
            ("author", Text),
            ("message", Text),
            ("time", Int),
            ("branch", Text),
        ],
        "repo_id, time, id",
    ),
    (
        "commons_commit_files",
        &[
            ("repo_id", Int),
            ("commit_id", Text),
            ("path", Text),
            ("size", Int),
            ("sha256", Text),
        ],
        "repo_id, commit_id, path",
    ),
    (
        "commons_refs",
        &[
            ("repo_id", Int),
            ("name", Text),
            ("kind", Text),
            ("commit_id", Text),
            ("updated_at", Int),
        ],
        "repo_id, name",
    ),
    (
        "commons_blobs",
        &[("sha256", Text), ("size", Int), ("created_at", Int)],
        "sha256",
    ),
    (
        "commons_access",
        &[
            ("repo_id", Int),
            ("user_id", Int),
            ("reason", Text),
            ("status", Text),
            ("requested_at", Int),
            ("decided_by", OptInt),
            ("decision_reason", OptText),
            ("decided_at", OptInt),
        ],
        "repo_id, user_id",
    ),
    (
        "commons_downloads",
        &[("repo_id", Int), ("day", Text), ("count", Int)],
        "repo_id, day",
    ),
];

/// Rows per table, each row a list of column values in `TABLES` order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommonsTables(pub BTreeMap<String, Vec<Vec<Value>>>);

impl CommonsTables {
    pub fn rows(&self, table: &str) -> usize {
        self.0.get(table).map_or(0, Vec::len)
    }
}

fn bad(table: &str) -> StoreError {
    StoreError::Refused(format!("the backup's {table} rows do not match the table"))
}

impl Store {
    pub async fn dump_commons(&self) -> Result<CommonsTables> {
        let mut out = BTreeMap::new();
        for (table, cols, order) in TABLES {
            let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
            let rows = sqlx::query(&format!(
                "SELECT {} FROM {table} ORDER BY {order}",
                names.join(", ")
            ))
            .fetch_all(&self.pool)
            .await?;
            let mut values = Vec::with_capacity(rows.len());
            for row in &rows {
                let mut v = Vec::with_capacity(cols.len());
                for (name, col) in *cols {
                    v.push(match col {
                        Int => Value::from(row.try_get::<i64, _>(*name)?),
                        Text => Value::from(row.try_get::<String, _>(*name)?),
                        OptInt => Value::from(row.try_get::<Option<i64>, _>(*name)?),
                        OptText => Value::from(row.try_get::<Option<String>, _>(*name)?),
                    });
                }
                values.push(v);
            }
            out.insert((*table).to_owned(), values);
        }
        Ok(CommonsTables(out))
    }

    /// Inserts the rows inside the restore's transaction.
    pub(crate) async fn restore_commons(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        tables: &CommonsTables,
    ) -> Result<()> {
        for (table, cols, _) in TABLES {
            let Some(rows) = tables.0.get(*table) else {
                continue;
            };
            let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
            for row in rows {
                if row.len() != cols.len() {
                    return Err(bad(table));
                }
                let mut insert = Builder::new(format!(
                    "INSERT INTO {table} ({}) VALUES (",
                    names.join(", ")
                ));
                let mut values = insert.separated(", ");
                for ((_, col), value) in cols.iter().zip(row) {
                    match col {
                        Int => values.push_bind(value.as_i64().ok_or_else(|| bad(table))?),
                        Text => {
                            values.push_bind(value.as_str().ok_or_else(|| bad(table))?.to_owned())
                        }
                        OptInt => values.push_bind(value.as_i64()),
                        OptText => values.push_bind(value.as_str().map(str::to_owned)),
                    };
                }
                insert.push(")");
                let (sql, arguments) = finish(&mut insert)?;
                sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
            }
        }
        if self.backend == Backend::Postgres {
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('commons_repos', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM commons_repos), 1))",
            )
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
