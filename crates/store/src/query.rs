//! The one way to write a query whose shape depends on its input (filters,
//! `IN` lists, many rows at once): `sqlx::QueryBuilder`, which numbers the
//! placeholders as values are bound. Queries of a fixed shape stay plain
//! `sqlx::query` strings.
//!
//! sqlx's `Any` driver writes every placeholder as `?` (sqlx issue #3000,
//! still so in 0.9), which SQLite reads but PostgreSQL does not; [`finish`]
//! renumbers them `$1, $2, …`, which both backends read.

use sqlx::any::AnyArguments;
use sqlx::{Any, Execute, QueryBuilder};

use crate::{Result, StoreError};

/// A query being built.
pub(crate) type Builder<'args> = QueryBuilder<'args, Any>;

/// The finished SQL with numbered placeholders, and the bound values, for
/// `sqlx::query_with` (or `query_scalar_with`).
pub(crate) fn finish<'q, 'args: 'q>(
    builder: &'q mut Builder<'args>,
) -> Result<(String, AnyArguments<'q>)> {
    let mut query: sqlx::query::Query<'q, Any, AnyArguments<'q>> = builder.build();
    let sql = numbered(query.sql());
    let arguments = query
        .take_arguments()
        .map_err(|e| StoreError::Refused(format!("query arguments: {e}")))?
        .unwrap_or_default();
    Ok((sql, arguments))
}

/// Replaces each `?` placeholder outside quoted text with `$1`, `$2`, … in
/// order.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut quote: Option<char> = None;
    let mut n = 0;
    for c in sql.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (Some(q), c) if c == q => {
                // A doubled quote closes and reopens: same result.
                quote = None;
                out.push(c);
            }
            (None, '?') => {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order_outside_quotes() {
        assert_eq!(
            numbered("SELECT a FROM t WHERE b = ? AND c LIKE ? ESCAPE '\\' AND d = '?' LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c LIKE $2 ESCAPE '\\' AND d = '?' LIMIT $3"
        );
        assert_eq!(numbered("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
        assert_eq!(numbered("SELECT \"?\" FROM t"), "SELECT \"?\" FROM t");
    }

    #[test]
    fn a_built_query_keeps_its_values_in_order() {
        let mut builder = Builder::new("SELECT * FROM t WHERE a = ");
        builder.push_bind("x".to_owned()).push(" AND b IN (");
        let mut list = builder.separated(", ");
        for v in [1_i64, 2, 3] {
            list.push_bind(v);
        }
        builder.push(")");
        let (sql, arguments) = finish(&mut builder).unwrap();
        assert_eq!(sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3, $4)");
        assert_eq!(sqlx::Arguments::len(&arguments), 4);
    }
}
