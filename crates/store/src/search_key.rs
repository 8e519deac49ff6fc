//! Case-insensitive substring search that gives the same answer on SQLite
//! and PostgreSQL. Neither database is asked to change case (SQLite's
//! `LOWER` and `LIKE` fold ASCII only; PostgreSQL's depend on the server's
//! locale): a search column holds the text lower-cased in Rust (Unicode
//! `to_lowercase`), written with the row, and the query is lower-cased the
//! same way and matched with `LIKE … ESCAPE '\'`, its `%`, `_` and `\`
//! escaped so that they match themselves.

use sqlx::Row;

use crate::query::Builder;
use crate::{Result, Store};

/// The escape character of every `LIKE` pattern this module writes.
const ESCAPE: char = '\\';

/// The form of `text` kept in a search column and compared with a query:
/// Unicode lower case, except that the capital I with dot (U+0130, as in
/// `TÜBİTAK`) becomes a plain `i` rather than `i` followed by a combining
/// dot (Unicode's SpecialCasing.txt lower case), so that `tübitak` finds it,
/// and the Greek final sigma `ς` becomes `σ` (as Unicode's CaseFolding.txt
/// does), so that a word typed in lower case finds it in capitals.
pub fn search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{130}' => key.push('i'),
            'ς' => key.push('σ'),
            c => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// The `LIKE` pattern that finds `query` anywhere in a search column.
pub fn contains_pattern(query: &str) -> String {
    let mut pattern = String::with_capacity(query.len() + 2);
    pattern.push('%');
    for c in search_key(query).chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            pattern.push(ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Pushes `column LIKE <pattern> ESCAPE '\'` for a query.
pub(crate) fn push_contains(builder: &mut Builder<'_>, column: &str, query: &str) {
    builder
        .push(column)
        .push(" LIKE ")
        .push_bind(contains_pattern(query))
        .push(" ESCAPE '\\'");
}

impl Store {
    /// Fills the search columns of rows that have none (stored before the
    /// columns existed, or restored from a backup made before them), in one
    /// transaction. Cheap when there are none.
    pub(crate) async fn fill_search_keys(&self) -> Result<()> {
        let institutions = sqlx::query("SELECT id, name FROM institutions WHERE name_key IS NULL")
            .fetch_all(&self.pool)
            .await?;
        let repos = sqlx::query(
            "SELECT id, owner, name, title FROM commons_repos \
             WHERE path_key IS NULL OR title_key IS NULL",
        )
        .fetch_all(&self.pool)
        .await?;
        if institutions.is_empty() && repos.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for row in &institutions {
            let name: String = row.try_get("name")?;
            sqlx::query("UPDATE institutions SET name_key = $1 WHERE id = $2")
                .bind(search_key(&name))
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
        }
        for row in &repos {
            let owner: String = row.try_get("owner")?;
            let name: String = row.try_get("name")?;
            let title: String = row.try_get("title")?;
            sqlx::query("UPDATE commons_repos SET path_key = $1, title_key = $2 WHERE id = $3")
                .bind(search_key(&format!("{owner}/{name}")))
                .bind(search_key(&title))
                .bind(row.try_get::<i64, _>("id")?)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(
            institutions = institutions.len(),
            repos = repos.len(),
            "search columns filled in for stored rows"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unicode_lower_case() {
        assert_eq!(search_key("Реферирование"), "реферирование");
        assert_eq!(search_key("TÜBİTAK"), "tübitak");
        assert_eq!(search_key("ΣΟΦΙΑΣ"), search_key("σοφιας"));
        assert_eq!(search_key("amina/My_Model"), "amina/my_model");
    }

    #[test]
    fn wildcards_in_a_query_match_only_themselves() {
        assert_eq!(contains_pattern("my_model"), "%my\\_model%");
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("a\\b"), "%a\\\\b%");
        assert_eq!(contains_pattern("Tübitak"), "%tübitak%");
    }
}
