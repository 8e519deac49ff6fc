//! A test node: a fresh store (SQLite in a temp folder, or a fresh
//! PostgreSQL database), the real server on port 0, and an HTTP client.

use std::sync::Arc;

use waico_app::AppState;
use waico_app::accounts;
use waico_app::accounts::UserInput;
use waico_members::RoleGrant;

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub _dir: tempfile::TempDir,
}

pub enum Backend {
    Sqlite,
    Postgres(String),
}

/// SQLite always; PostgreSQL too when `WAICO_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut list = vec![Backend::Sqlite];
    if let Ok(url) = std::env::var("WAICO_TEST_POSTGRES_URL") {
        list.push(Backend::Postgres(url));
    }
    list
}

pub async fn fresh_postgres(base: &str) -> String {
    use sqlx::Executor;
    let admin = waico_store::Store::connect(base)
        .await
        .expect("PostgreSQL reachable");
    let db = format!("waico_it_{}", rand::random::<u32>());
    admin
        .pool()
        .execute(format!("CREATE DATABASE {db}").as_str())
        .await
        .unwrap();
    admin.close().await;
    format!("{}/{db}", base.rsplit_once('/').unwrap().0)
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_on(&Backend::Sqlite).await
    }

    pub async fn spawn_on(backend: &Backend) -> TestApp {
        Self::spawn_with(backend, |state| state).await
    }

    /// Like `spawn_on`, with the state adjusted before the server starts.
    pub async fn spawn_with(
        backend: &Backend,
        adjust: impl FnOnce(AppState) -> AppState,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::spawn_listening(backend, listener, adjust).await
    }

    /// As [`TestApp::spawn_with`], on a listener the test bound (its
    /// address known before the state is made).
    pub async fn spawn_listening(
        backend: &Backend,
        listener: tokio::net::TcpListener,
        adjust: impl FnOnce(AppState) -> AppState,
    ) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join("waico.db").display()),
            Backend::Postgres(base) => fresh_postgres(base).await,
        };
        let store = waico_store::Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        let artifacts = waico_store::artifacts::open(&dir.path().join("artifacts"), None).unwrap();
        let settings = waico_app::Settings {
            max_body_bytes: 64 * 1024,
            ..Default::default()
        };
        let state = adjust(AppState::new(store, Arc::clone(&artifacts), settings));
        Self::serve_on(listener, state, dir).await
    }

    /// Serves a state built by the test (e.g. with other settings).
    pub async fn serve(state: AppState, dir: tempfile::TempDir) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        Self::serve_on(listener, state, dir).await
    }

    async fn serve_on(
        listener: tokio::net::TcpListener,
        state: AppState,
        dir: tempfile::TempDir,
    ) -> TestApp {
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(waico_web::serve(listener, state.clone()));
        TestApp {
            base,
            state,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn user(
        &self,
        username: &str,
        password: &str,
        grants: &[RoleGrant],
    ) -> waico_store::User {
        self.user_from(username, password, grants, "", None).await
    }

    /// A user of `country` (alpha-3, or empty) working at `institution_id`.
    pub async fn user_from(
        &self,
        username: &str,
        password: &str,
        grants: &[RoleGrant],
        country: &str,
        institution_id: Option<i64>,
    ) -> waico_store::User {
        let input = UserInput {
            username: username.into(),
            display_name: format!("{username} (test)"),
            email: format!("{username}@test.waico.org"),
            password: password.into(),
            country: country.into(),
            institution_id,
            language: "en".into(),
        };
        accounts::create_user_in(&self.state.store, &input, grants)
            .await
            .unwrap()
    }

    /// Gives `country` (alpha-3) the membership `status`.
    pub async fn admit(&self, country: &str, status: waico_members::MemberStatus) {
        self.state
            .store
            .set_membership(
                waico_members::CountryCode::parse(country).unwrap(),
                status,
                time::macros::date!(2025 - 07 - 26),
            )
            .await
            .unwrap();
    }

    /// An API token of `user_id` with `scope`, expiring at `expires_at`
    /// (Unix ms); returns the secret.
    pub async fn token(
        &self,
        user_id: i64,
        scope: waico_store::TokenScope,
        expires_at: i64,
    ) -> String {
        let (secret, hash, prefix) = waico_app::accounts::secrets::new_api_token();
        self.state
            .store
            .create_token(user_id, "test", &hash, &prefix, scope, expires_at)
            .await
            .unwrap();
        secret
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The value of the first hidden `csrf` field in a page.
pub fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("page has a CSRF field")
        + "name=\"csrf\" value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// Signs in through the form; returns the client holding the session.
pub async fn sign_in(app: &TestApp, username: &str, password: &str) -> reqwest::Client {
    sign_in_at(&app.base, username, password).await
}

/// Signs in through the form of the node at `base`; returns the client
/// holding the session.
pub async fn sign_in_at(base: &str, username: &str, password: &str) -> reqwest::Client {
    let base = base.trim_end_matches('/');
    let client = browser();
    let page = client
        .get(format!("{base}/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let response = client
        .post(format!("{base}/signin"))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("username", username),
            ("password", password),
            ("next", "/account"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "sign-in of {username} failed");
    client
}
