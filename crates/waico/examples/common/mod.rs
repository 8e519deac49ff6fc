//! What the HTTP benchmarks share: a write token made straight in the
//! store, and a release `waico serve` started on a data folder and stopped
//! when dropped.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The node binary: `WAICO_BIN`, else the release build in `target-rel`.
pub fn bin() -> String {
    std::env::var("WAICO_BIN").unwrap_or_else(|_| "target-rel/release/waico".into())
}

/// A scratch folder under the current one, the node's data folder in it,
/// and the URL of the node's SQLite database there.
pub fn scratch() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir_in(".").unwrap();
    let data = dir.path().join("node");
    std::fs::create_dir_all(&data).unwrap();
    let url = format!("sqlite://{}", data.join("waico.db").display());
    (dir, data, url)
}

/// The peers' database: a new SQLite file at `path` with the node's
/// settings (WAL, `synchronous=FULL`), one connection.
pub async fn bare_sqlite(path: &std::path::Path) -> sqlx::SqliteConnection {
    use sqlx::ConnectOptions;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    use std::str::FromStr;
    SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .unwrap()
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await
        .unwrap()
}

/// A write token of `user_id`, valid for a day; answers the secret.
pub async fn write_token(store: &waico_store::Store, user_id: i64) -> String {
    let (secret, hash, prefix) = waico_app::accounts::secrets::new_api_token();
    store
        .create_token(
            user_id,
            "bench",
            &hash,
            &prefix,
            waico_store::TokenScope::Write,
            waico_store::now_ms() + 86_400_000,
        )
        .await
        .unwrap();
    secret
}

/// `waico serve` (the binary `bin`) on `data` and the database `url`, on
/// a free loopback port; killed when dropped.
pub struct Node {
    child: Child,
    pub base: String,
}

impl Node {
    pub async fn start(bin: &str, data: &std::path::Path, url: &str) -> Node {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(bin)
            .arg("--data-dir")
            .arg(data)
            .args(["--database-url", url, "--config", "/nonexistent"])
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if reqwest::get(format!("{base}/healthz")).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Node { child, base }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
