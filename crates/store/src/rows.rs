//! One mapping per table between its rows and a Rust value: the columns,
//! how a row reads into the value and how the value binds into a row. The
//! store's reads use it, and backup and restore use the same mapping for
//! every table they carry (the commons tables have theirs in
//! `commons_snapshot`).

use sqlx::Any;
use sqlx::any::AnyRow;
use sqlx::query_builder::Separated;

use crate::query::{Builder, finish};
use crate::{Result, Store};

/// A table's row as a Rust value.
pub(crate) trait TableRow: Sized {
    const TABLE: &'static str;
    /// The columns, comma-separated, in the order `bind` pushes them.
    const COLUMNS: &'static str;
    /// The order of a backup's rows (parents before children).
    const ORDER: &'static str;
    fn from_row(row: &AnyRow) -> Result<Self>;
    fn bind(&self, values: &mut Separated<'_, '_, Any, &'static str>);
}

/// Rows per multi-row `INSERT` (well under the bound-parameter limits).
const ROWS_PER_INSERT: usize = 100;

impl Store {
    /// Every row of the table, in backup order.
    pub(crate) async fn dump<T: TableRow>(&self) -> Result<Vec<T>> {
        sqlx::query(&format!(
            "SELECT {} FROM {} ORDER BY {}",
            T::COLUMNS,
            T::TABLE,
            T::ORDER
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(T::from_row)
        .collect()
    }
}

/// Inserts `rows` as they are (ids included), inside a restore's
/// transaction.
pub(crate) async fn insert_all<T: TableRow>(
    tx: &mut sqlx::Transaction<'_, Any>,
    rows: &[T],
) -> Result<()> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert = Builder::new(format!("INSERT INTO {} ({}) ", T::TABLE, T::COLUMNS));
        insert.push_values(chunk, |mut values, row| row.bind(&mut values));
        let (sql, arguments) = finish(&mut insert)?;
        sqlx::query_with(&sql, arguments).execute(&mut **tx).await?;
    }
    Ok(())
}
