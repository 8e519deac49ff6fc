//! The commons end to end: pushing through the API, the real Hugging Face
//! clients (Python `huggingface_hub` in a virtual environment, Rust
//! `hf-hub`) reading from the real server, uploads that must not store bad
//! bytes, concurrent pushes, path attacks, ranges, gated access, search,
//! and the `waico commons` commands.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use waico_members::RoleGrant;

use crate::app::{Backend, TestApp, backends};

const PASSWORD: &str = "a long password";

pub(crate) fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn token(app: &TestApp, user_id: i64) -> String {
    app.token(
        user_id,
        waico_store::TokenScope::Write,
        waico_store::now_ms() + 3_600_000,
    )
    .await
}

/// A test client of the commons API with a token.
pub(crate) struct Api<'a> {
    pub(crate) app: &'a TestApp,
    pub(crate) token: String,
    pub(crate) http: reqwest::Client,
}

impl<'a> Api<'a> {
    /// The API as a delegate of Kenya (user `kenya`).
    pub(crate) async fn kenya_delegate(app: &'a TestApp) -> Api<'a> {
        let kenya = app
            .user(
                "kenya",
                PASSWORD,
                &[RoleGrant::Delegate {
                    country: waico_members::CountryCode::parse("KEN").unwrap(),
                }],
            )
            .await;
        Api::new(app, token(app, kenya.id).await)
    }

    pub(crate) fn new(app: &'a TestApp, token: String) -> Self {
        Api {
            app,
            token,
            http: reqwest::Client::new(),
        }
    }

    pub(crate) async fn create(
        &self,
        kind: &str,
        owner: &str,
        name: &str,
        visibility: &str,
    ) -> reqwest::Response {
        self.http
            .post(self.app.url("/api/v1/commons/repos"))
            .bearer_auth(&self.token)
            .json(&json!({ "kind": kind, "owner": owner, "name": name, "visibility": visibility }))
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn upload(&self, repo: &str, bytes: &[u8]) -> reqwest::Response {
        self.upload_as(repo, &sha(bytes), bytes).await
    }

    pub(crate) async fn upload_as(
        &self,
        repo: &str,
        sha256: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        self.http
            .put(
                self.app
                    .url(&format!("/api/v1/commons/{repo}/blobs/{sha256}")),
            )
            .bearer_auth(&self.token)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap()
    }

    pub(crate) async fn commit(
        &self,
        repo: &str,
        parent: Option<&str>,
        changes: Value,
        message: &str,
    ) -> reqwest::Response {
        self.commit_on(repo, "main", parent, changes, message).await
    }

    pub(crate) async fn commit_on(
        &self,
        repo: &str,
        branch: &str,
        parent: Option<&str>,
        changes: Value,
        message: &str,
    ) -> reqwest::Response {
        self.http
            .post(self.app.url(&format!("/api/v1/commons/{repo}/commits")))
            .bearer_auth(&self.token)
            .json(&json!({ "branch": branch, "parent": parent, "message": message, "changes": changes }))
            .send()
            .await
            .unwrap()
    }

    /// Uploads the files and commits them; returns the new commit id.
    pub(crate) async fn push(
        &self,
        repo: &str,
        parent: Option<&str>,
        files: &[(&str, &[u8])],
        message: &str,
    ) -> String {
        let mut changes = Vec::new();
        for (path, bytes) in files {
            let r = self.upload(repo, bytes).await;
            assert!(
                r.status().is_success(),
                "upload {path}: {}",
                r.text().await.unwrap()
            );
            changes.push(
                json!({ "op": "put", "path": path, "size": bytes.len(), "sha256": sha(bytes) }),
            );
        }
        let r = self
            .commit(repo, parent, Value::Array(changes), message)
            .await;
        assert_eq!(r.status(), 201, "commit: {}", r.text().await.unwrap());
        r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub(crate) async fn tag(&self, repo: &str, name: &str, revision: &str) {
        let r = self
            .http
            .post(self.app.url(&format!("/api/v1/commons/{repo}/tags")))
            .bearer_auth(&self.token)
            .json(&json!({ "name": name, "revision": revision }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "tag: {}", r.text().await.unwrap());
    }
}

const CARD: &str = "---\nlicense: apache-2.0\nlanguage:\n- sw\n- en\npipeline_tag: fill-mask\nlibrary_name: transformers\ntags:\n- swahili\n---\n# Swahili BERT\n\nA small masked language model for Kiswahili.\n";

fn weights() -> Vec<u8> {
    (0..40_000u32).map(|i| (i * 7 % 251) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huggingface_clients_download_from_the_commons() {
    // One repository per listing page, so that the client must follow the
    // `Link` header to list them all.
    let app = TestApp::spawn_with(&Backend::Sqlite, |mut state| {
        std::sync::Arc::make_mut(&mut state.settings).hub_page_size = 1;
        state
    })
    .await;
    // The reader is of a member state, so members-only models are listed
    // to them.
    app.admit("KEN", waico_members::MemberStatus::Member).await;
    let reader = app.user_from("reader", PASSWORD, &[], "KEN", None).await;
    let stranger = app.user("stranger", PASSWORD, &[]).await;
    let api = Api::kenya_delegate(&app).await;

    assert_eq!(
        api.create("model", "KEN", "swahili-bert", "public")
            .await
            .status(),
        201
    );
    let model = "models/KEN/swahili-bert";
    let v1_config = r#"{"hidden_size": 64}"#;
    let v1 = api
        .push(
            model,
            None,
            &[
                ("README.md", CARD.as_bytes()),
                ("config.json", v1_config.as_bytes()),
            ],
            "First",
        )
        .await;
    api.tag(model, "v1", "main").await;
    // The release is in the public ledger.
    assert_eq!(
        app.state
            .store
            .ledger_count(Some("commons_release_published"))
            .await
            .unwrap(),
        1
    );
    let main_config = r#"{"hidden_size": 128}"#;
    let weights = weights();
    let main = api
        .push(
            model,
            Some(&v1),
            &[
                ("config.json", main_config.as_bytes()),
                ("weights/model.safetensors", &weights),
            ],
            "Bigger",
        )
        .await;

    // A dataset, owned by a person.
    let amina = app.user("amina", PASSWORD, &[]).await;
    let amina_api = Api::new(&app, token(&app, amina.id).await);
    assert_eq!(
        amina_api
            .create("dataset", "amina", "kiswahili-news", "public")
            .await
            .status(),
        201
    );
    let csv = "id,text\n1,Habari za asubuhi\n2,Karibu sana\n";
    let dataset_sha = amina_api
        .push(
            "datasets/amina/kiswahili-news",
            None,
            &[
                (
                    "README.md",
                    b"---\nlicense: cc-by-4.0\nlanguage: sw\n---\n# News\n",
                ),
                ("data/train.csv", csv.as_bytes()),
            ],
            "Data",
        )
        .await;

    // A gated model; `reader` asks and is approved, `stranger` is not.
    assert_eq!(
        api.create("model", "KEN", "gated-model", "gated")
            .await
            .status(),
        201
    );
    let gated_config = r#"{"gated": true}"#;
    api.push(
        "models/KEN/gated-model",
        None,
        &[("config.json", gated_config.as_bytes())],
        "Gated",
    )
    .await;
    let reader_token = token(&app, reader.id).await;
    let reader_api = Api::new(&app, reader_token.clone());
    let r = reader_api
        .http
        .post(app.url("/api/v1/commons/models/KEN/gated-model/access"))
        .bearer_auth(&reader_token)
        .json(&json!({ "reason": "Research on Kiswahili NLP" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let r = api
        .http
        .post(app.url("/api/v1/commons/models/KEN/gated-model/access/reader"))
        .bearer_auth(&api.token)
        .json(&json!({ "decision": "approve", "reason": "welcome" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    // A model larger than the client's 10 MiB read chunk, so that a download
    // cut in the middle leaves whole chunks to resume from.
    let large: Vec<u8> = (0..24 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_246_822_519) >> 23) as u8)
        .collect();
    assert_eq!(
        api.create("model", "KEN", "large-model", "public")
            .await
            .status(),
        201
    );
    api.push(
        "models/KEN/large-model",
        None,
        &[("model.bin", &large)],
        "Large",
    )
    .await;

    // A members-only model: listed to a signed-in member, not to the public.
    assert_eq!(
        api.create("model", "KEN", "internal-model", "members_only")
            .await
            .status(),
        201
    );

    let cfg = json!({
        "model": "KEN/swahili-bert",
        "main_sha": &main[..40],
        "v1_sha": &v1[..40],
        "main_files": ["README.md", "config.json", "weights/model.safetensors"],
        "main_config": main_config,
        "v1_config": v1_config,
        "weights_hex": hex::encode(&weights),
        "dataset": "amina/kiswahili-news",
        "dataset_sha": &dataset_sha[..40],
        "csv": csv,
        "gated": "KEN/gated-model",
        "gated_config": gated_config,
        "approved_token": reader_token,
        "unapproved_token": token(&app, stranger.id).await,
        "large": "KEN/large-model",
        "large_sha256": sha(&large),
    });
    let home = tempfile::tempdir().unwrap();
    let base = app.base.clone();
    let output = tokio::task::spawn_blocking(move || {
        let python = crate::python::python();
        Command::new(python)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/hf_client.py"))
            .arg(cfg.to_string())
            .env("HF_ENDPOINT", &base)
            .env("HF_HOME", home.path())
            .env("HF_HUB_DISABLE_TELEMETRY", "1")
            .env("HF_HUB_DISABLE_XET", "1")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env_remove("HF_TOKEN")
            .output()
            .expect("the client runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("HF CLIENT OK"),
        "huggingface_hub client failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // The Rust client, hf-hub, with its endpoint set to the node.
    let cache = tempfile::tempdir().unwrap();
    let hub = hf_hub::api::tokio::ApiBuilder::new()
        .with_endpoint(app.base.clone())
        .with_cache_dir(cache.path().to_owned())
        .with_progress(false)
        .build()
        .unwrap();
    let path = hub
        .model("KEN/swahili-bert".into())
        .get("weights/model.safetensors")
        .await
        .unwrap();
    assert_eq!(std::fs::read(path).unwrap(), weights);

    // Downloads were counted: config.json is the query file of a model.
    let detail: Value = reqwest::get(app.url("/api/v1/commons/models/KEN/swahili-bert"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        detail["repo"]["downloads"].as_i64().unwrap() >= 2,
        "{detail}"
    );
}

#[tokio::test]
async fn a_wrong_hash_or_size_stores_nothing_and_limits_apply() {
    let app = TestApp::spawn().await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, user.id).await);
    assert_eq!(
        api.create("model", "amina", "m", "public").await.status(),
        201
    );
    let bytes = b"real bytes".to_vec();
    let claimed = sha(b"other bytes");
    let r = api.upload_as("models/amina/m", &claimed, &bytes).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "sha256", "{body}");
    assert!(
        waico_store::blobs::blob_exists(&app.state.artifacts, &claimed)
            .await
            .is_none()
    );
    assert!(
        waico_store::blobs::blob_exists(&app.state.artifacts, &sha(&bytes))
            .await
            .is_none()
    );
    // A commit cannot name a blob that was never stored.
    let r = api
        .commit(
            "models/amina/m",
            None,
            json!([{ "op": "put", "path": "a.bin", "size": 10, "sha256": claimed }]),
            "x",
        )
        .await;
    assert_eq!(r.status(), 422);
    // An upload larger than the general body limit (64 KiB in tests) is
    // accepted: uploads take the commons' per-file limit.
    let big = vec![7u8; 200 * 1024];
    assert_eq!(api.upload("models/amina/m", &big).await.status(), 201);
    assert_eq!(
        api.upload("models/amina/m", &big).await.status(),
        200,
        "dedup"
    );
    // Someone else may not upload to amina's repository.
    let other = app.user("other", PASSWORD, &[]).await;
    let other_api = Api::new(&app, token(&app, other.id).await);
    assert_eq!(other_api.upload("models/amina/m", b"x").await.status(), 403);
    // A malformed digest names the field.
    let r = api.upload_as("models/amina/m", "not-a-digest", b"x").await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn the_per_file_limit_is_configurable() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        waico_store::Store::connect(&format!("sqlite://{}", dir.path().join("w.db").display()))
            .await
            .unwrap();
    store.migrate().await.unwrap();
    let artifacts = waico_store::artifacts::open(&dir.path().join("artifacts"), None).unwrap();
    let mut settings = waico_app::Settings::default();
    settings.commons_limits.default.max_file_bytes = 1000;
    let state = waico_app::AppState::new(store, artifacts, settings);
    let app = TestApp::serve(state, dir).await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, user.id).await);
    assert_eq!(
        api.create("model", "amina", "m", "public").await.status(),
        201
    );
    let r = api.upload("models/amina/m", &[1u8; 1001]).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("limit per file"));
    assert_eq!(
        api.upload("models/amina/m", &[1u8; 1000]).await.status(),
        201
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_pushes_to_one_branch_never_lose_a_commit() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let user = app.user("amina", PASSWORD, &[]).await;
        let api = Api::new(&app, token(&app, user.id).await);
        assert_eq!(
            api.create("model", "amina", "m", "public").await.status(),
            201
        );
        let base = api
            .push(
                "models/amina/m",
                None,
                &[("a.txt", b"a".as_slice())],
                "base",
            )
            .await;
        for (i, body) in [b"one".as_slice(), b"two".as_slice(), b"three".as_slice()]
            .iter()
            .enumerate()
        {
            assert!(
                api.upload("models/amina/m", body)
                    .await
                    .status()
                    .is_success(),
                "{i}"
            );
        }
        let change =
            |b: &[u8]| json!([{ "op": "put", "path": "b.txt", "size": b.len(), "sha256": sha(b) }]);
        let (r1, r2) = tokio::join!(
            api.commit("models/amina/m", Some(&base), change(b"one"), "one"),
            api.commit("models/amina/m", Some(&base), change(b"two"), "two"),
        );
        let mut statuses = vec![r1.status().as_u16(), r2.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, vec![201, 409], "exactly one wins");
        // The loser retries on the new head and is appended.
        let head = app
            .state
            .store
            .branch_head(
                app.state
                    .store
                    .repo(
                        waico_commons::repo::RepoKind::Model,
                        &"amina/m".parse().unwrap(),
                    )
                    .await
                    .unwrap()
                    .id,
                "main",
            )
            .await
            .unwrap()
            .unwrap();
        assert_ne!(head, base);
        let r = api
            .commit("models/amina/m", Some(&head), change(b"three"), "retry")
            .await;
        assert_eq!(r.status(), 201);
        let history: Value = reqwest::get(app.url("/api/v1/commons/models/amina/m/commits"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let messages: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["message"].as_str().unwrap())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert_eq!(messages[0], "retry");
        assert_eq!(messages[2], "base");
        // A stale parent is a 409 problem naming the field.
        let r = api
            .commit("models/amina/m", Some(&base), change(b"one"), "stale")
            .await;
        assert_eq!(r.status(), 409);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "parent");
    }
}

#[tokio::test]
async fn path_attacks_are_refused_naming_the_field() {
    let app = TestApp::spawn().await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, user.id).await);
    assert_eq!(
        api.create("model", "amina", "m", "public").await.status(),
        201
    );
    assert!(
        api.upload("models/amina/m", b"x")
            .await
            .status()
            .is_success()
    );
    let long = "a".repeat(300);
    for bad in [
        "../etc/passwd",
        "/abs",
        "a/../b",
        "a\u{0}b",
        "a\nb",
        "dir/",
        "a\\b",
        long.as_str(),
    ] {
        let r = api
            .commit(
                "models/amina/m",
                None,
                json!([{ "op": "put", "path": bad, "size": 1, "sha256": sha(b"x") }]),
                "bad",
            )
            .await;
        assert_eq!(r.status(), 422, "{bad:?}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["field"], "changes[0].path",
            "{bad:?}: {body}"
        );
    }
    // Bad repository names and owners.
    for (owner, name) in [
        ("amina", "../x"),
        ("amina", &"n".repeat(200)),
        ("amina", "a b"),
    ] {
        let r = api.create("model", owner, name, "public").await;
        assert_eq!(r.status(), 422, "{owner}/{name}");
        assert_eq!(
            r.json::<Value>().await.unwrap()["errors"][0]["field"],
            "name"
        );
    }
    // An owner the node does not know: 404 naming the field.
    let r = api.create("model", "nobody-known", "m2", "public").await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["field"],
        "owner"
    );
    // Publishing for someone else's namespace is forbidden.
    app.user("bob", PASSWORD, &[]).await;
    assert_eq!(
        api.create("model", "bob", "m", "public").await.status(),
        403
    );
    // A bad revision or path in a download is a 404 the client understands.
    let r = reqwest::get(app.url("/amina/m/resolve/..%2F..%2Fx/config.json"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["x-error-code"], "RevisionNotFound");
    let _ = api
        .push("models/amina/m", None, &[("ok.txt", b"x")], "ok")
        .await;
    let r = reqwest::get(app.url("/amina/m/resolve/main/..%2Fok.txt"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["x-error-code"], "EntryNotFound");
    // The server keeps serving.
    assert_eq!(
        reqwest::get(app.url("/healthz")).await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn downloads_honour_range_and_send_etag() {
    let app = TestApp::spawn().await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, user.id).await);
    assert_eq!(
        api.create("dataset", "amina", "d", "public").await.status(),
        201
    );
    let data: Vec<u8> = (0..100u8).collect();
    let commit = api
        .push("datasets/amina/d", None, &[("data.bin", &data)], "d")
        .await;
    let http = reqwest::Client::new();
    let url = app.url("/datasets/amina/d/resolve/main/data.bin");
    let r = http.head(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["etag"], format!("\"{}\"", sha(&data)).as_str());
    assert_eq!(r.headers()["x-repo-commit"], &commit[..40]);
    assert_eq!(r.headers()["content-length"], "100");
    assert_eq!(r.headers()["accept-ranges"], "bytes");
    let r = http
        .get(&url)
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()["content-range"], "bytes 10-19/100");
    assert_eq!(&r.bytes().await.unwrap()[..], &data[10..20]);
    let r = http
        .get(&url)
        .header("range", "bytes=90-")
        .send()
        .await
        .unwrap();
    assert_eq!(&r.bytes().await.unwrap()[..], &data[90..]);
    let r = http
        .get(&url)
        .header("range", "bytes=-5")
        .send()
        .await
        .unwrap();
    assert_eq!(&r.bytes().await.unwrap()[..], &data[95..]);
    let r = http
        .get(&url)
        .header("range", "bytes=100-")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 416);
    assert_eq!(r.headers()["content-range"], "bytes */100");
    // The 40-digit commit prefix is a revision too.
    let r = http
        .get(app.url(&format!(
            "/datasets/amina/d/resolve/{}/data.bin",
            &commit[..40]
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(&r.bytes().await.unwrap()[..], &data[..]);
}

/// RFC 9110 ranges at the edge of u64 on every kind's `resolve` route (one
/// handler serves them all): a last position past the end means the end of
/// the file (these answered an empty 206 or dropped the connection), a
/// start past the end is 416, and several ranges get the whole file (200).
#[tokio::test]
async fn ranges_up_to_the_largest_position_answer_the_rest_of_the_file() {
    let app = TestApp::spawn().await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, user.id).await);
    let data: Vec<u8> = (0..185u32).map(|i| (i * 7 % 251) as u8).collect();
    let http = reqwest::Client::new();
    for (kind, prefix) in [("model", ""), ("dataset", "datasets/"), ("tool", "tools/")] {
        assert_eq!(api.create(kind, "amina", "r", "public").await.status(), 201);
        api.push(&format!("{kind}s/amina/r"), None, &[("f.bin", &data)], "f")
            .await;
        let url = app.url(&format!("/{prefix}amina/r/resolve/main/f.bin"));
        let get = |range: &'static str| http.get(&url).header("range", range).send();
        for (range, from) in [
            ("bytes=0-18446744073709551615", 0usize),
            ("bytes=5-18446744073709551615", 5),
            ("bytes=5-99999999999999999999999", 5),
        ] {
            let r = get(range).await.unwrap();
            assert_eq!(r.status(), 206, "{kind} {range}");
            assert_eq!(
                r.headers()["content-range"],
                format!("bytes {from}-184/185").as_str(),
                "{kind} {range}"
            );
            assert_eq!(
                &r.bytes().await.unwrap()[..],
                &data[from..],
                "{kind} {range}"
            );
        }
        for range in ["bytes=185-", "bytes=18446744073709551615-", "bytes=-0"] {
            let r = get(range).await.unwrap();
            assert_eq!(r.status(), 416, "{kind} {range}");
            assert_eq!(
                r.headers()["content-range"],
                "bytes */185",
                "{kind} {range}"
            );
        }
        let r = get("bytes=0-1, 5-9").await.unwrap();
        assert_eq!(r.status(), 200, "{kind}: several ranges get the whole file");
        assert_eq!(&r.bytes().await.unwrap()[..], &data[..]);
    }
}

/// Members-only means people affiliated with a state that takes part: a
/// user whose country, or whose institution's country, is a member or an
/// observer. Everyone else (suspended state, non-member, no country at all)
/// is refused the repository the same way on every surface: its page, the
/// JSON API, the Hugging Face routes, every listing, and search (the API
/// and the page, hits and facet counts).
#[tokio::test]
async fn members_only_repositories_are_for_people_of_member_and_observer_states() {
    use waico_members::MemberStatus::{Member, Observer, Suspended};
    let app = TestApp::spawn().await;
    app.admit("KEN", Member).await;
    app.admit("FRA", Observer).await;
    app.admit("VEN", Suspended).await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "internal-model", "members_only")
            .await
            .status(),
        201
    );
    api.push(
        "models/KEN/internal-model",
        None,
        &[
            ("README.md", CARD.as_bytes()),
            ("config.json", b"{\"internal\": 1}"),
        ],
        "first",
    )
    .await;
    let nairobi = app
        .state
        .store
        .create_institution(&waico_store::NewInstitution {
            name: waico_members::InstitutionName::parse("University of Nairobi").unwrap(),
            kind: waico_members::InstitutionKind::University,
            country: waico_members::CountryCode::parse("KEN").unwrap(),
            website: None,
        })
        .await
        .unwrap();

    // (user, country, institution, reads)
    let people = [
        ("amina", "KEN", None, true),
        ("claire", "FRA", None, true),
        ("jordan", "USA", Some(nairobi.id), true),
        ("outsider", "USA", None, false),
        ("suspended", "VEN", None, false),
        ("nobody", "", None, false),
    ];
    for (name, country, institution, reads) in people {
        let user = app
            .user_from(
                name,
                PASSWORD,
                &[RoleGrant::Researcher],
                country,
                institution,
            )
            .await;
        let secret = app
            .token(
                user.id,
                waico_store::TokenScope::Read,
                waico_store::now_ms() + 3_600_000,
            )
            .await;
        let get = |path: &str| {
            reqwest::Client::new()
                .get(app.url(path))
                .bearer_auth(&secret)
                .send()
        };
        let found = if reads { 200 } else { 404 };
        let who = format!("{name} ({country:?}, institution {institution:?})");

        // The JSON API: the repository, and the listing.
        let r = get("/api/v1/commons/models/KEN/internal-model")
            .await
            .unwrap();
        assert_eq!(r.status(), found, "API detail for {who}");
        let listed = get("/api/v1/commons/repos")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            listed.contains("internal-model"),
            reads,
            "API list for {who}: {listed}"
        );

        // The Hugging Face routes: info, a file, the listing.
        let r = get("/api/models/KEN/internal-model").await.unwrap();
        assert_eq!(r.status(), found, "hub info for {who}");
        let r = get("/KEN/internal-model/resolve/main/config.json")
            .await
            .unwrap();
        assert_eq!(r.status(), found, "hub resolve for {who}");
        if reads {
            assert_eq!(r.text().await.unwrap(), "{\"internal\": 1}");
        }
        let listed = get("/api/models").await.unwrap().text().await.unwrap();
        assert_eq!(
            listed.contains("internal-model"),
            reads,
            "hub list for {who}: {listed}"
        );

        // The pages: the repository, the commons home, the owner's page.
        let browser = crate::app::sign_in(&app, name, PASSWORD).await;
        let page = |path: &str| browser.get(app.url(path)).send();
        let r = page("/commons/models/KEN/internal-model").await.unwrap();
        assert_eq!(r.status(), found, "page for {who}");
        for listing in ["/commons", "/commons/owners/KEN"] {
            let html = page(listing).await.unwrap().text().await.unwrap();
            assert_eq!(
                html.contains("internal-model"),
                reads,
                "{listing} for {who}"
            );
        }

        // Search finds it for those who may read it, and only for them.
        let r: Value = get("/api/v1/commons/search?q=swahili")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(r["total"], u64::from(reads), "API search for {who}: {r}");
        if reads {
            assert_eq!(r["hits"][0]["id"], "KEN/internal-model", "{who}: {r}");
        }
        let owners = r["facets"]["owner"].to_string();
        assert_eq!(
            owners.contains("KEN"),
            reads,
            "search facets for {who}: {r}"
        );
        let html = page("/commons/search?q=swahili")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            html.contains("internal-model"),
            reads,
            "search page for {who}"
        );
    }

    // Nobody signed in: search finds nothing, on the API or the page.
    let r: Value = reqwest::get(app.url("/api/v1/commons/search?q=swahili"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["total"], 0, "anonymous search: {r}");
    assert!(!r["facets"]["owner"].to_string().contains("KEN"), "{r}");
    let html = reqwest::get(app.url("/commons/search?q=swahili"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("internal-model"), "anonymous search page");

    // Nobody signed in: not found (the Hub's way for the anonymous is 401).
    let r = reqwest::get(app.url("/api/v1/commons/models/KEN/internal-model"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = reqwest::get(app.url("/KEN/internal-model/resolve/main/config.json"))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = reqwest::get(app.url("/commons/models/KEN/internal-model"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // Kenya's delegate manages the repository without an affiliation of
    // their own; a suspension of Kenya closes it to its people, not to them.
    app.admit("KEN", Suspended).await;
    let amina = app.state.store.user_by_username("amina").await.unwrap();
    let secret = token(&app, amina.id).await;
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/commons/models/KEN/internal-model"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "Kenya suspended");
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/commons/models/KEN/internal-model"))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "Kenya's delegate");
}

#[tokio::test]
async fn gated_access_request_approve_reject_and_token_download() {
    let app = TestApp::spawn().await;
    let owner = app.user("owner", PASSWORD, &[]).await;
    let asker = app.user("asker", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, owner.id).await);
    let asker_token = token(&app, asker.id).await;
    assert_eq!(
        api.create("model", "owner", "g", "gated").await.status(),
        201
    );
    api.push("models/owner/g", None, &[("config.json", b"{}")], "c")
        .await;
    let http = reqwest::Client::new();
    let url = app.url("/owner/g/resolve/main/config.json");
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["x-error-code"], "GatedRepo");
    let r = http
        .get(&url)
        .bearer_auth(&asker_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(r.headers()["x-error-code"], "GatedRepo");
    // A request needs a reason.
    let access = app.url("/api/v1/commons/models/owner/g/access");
    let r = http
        .post(&access)
        .bearer_auth(&asker_token)
        .json(&json!({ "reason": " " }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = http
        .post(&access)
        .bearer_auth(&asker_token)
        .json(&json!({ "reason": "evaluation for Swahili" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    // The asker cannot decide; the owner sees the request and rejects it.
    let decide = app.url("/api/v1/commons/models/owner/g/access/asker");
    let r = http
        .post(&decide)
        .bearer_auth(&asker_token)
        .json(&json!({ "decision": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let list: Value = http
        .get(&access)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["username"], "asker");
    assert_eq!(list[0]["status"], "pending");
    let r = http
        .post(&decide)
        .bearer_auth(&api.token)
        .json(&json!({ "decision": "reject", "reason": "not yet" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "rejected");
    assert_eq!(
        http.get(&url)
            .bearer_auth(&asker_token)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // Asked again and approved: the token downloads.
    http.post(&access)
        .bearer_auth(&asker_token)
        .json(&json!({ "reason": "second try" }))
        .send()
        .await
        .unwrap();
    let r = http
        .post(&decide)
        .bearer_auth(&api.token)
        .json(&json!({ "decision": "approve", "reason": "ok" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "approved");
    let r = http
        .get(&url)
        .bearer_auth(&asker_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..], b"{}");
}

#[tokio::test]
async fn search_finds_repositories_with_facets_in_several_languages() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    let cards: [(&str, &str, &str); 3] = [
        (
            "model",
            "ar-translate",
            "---\nlicense: mit\nlanguage: ar\npipeline_tag: translation\n---\n# الترجمة الآلية\n\nنموذج للترجمة.\n",
        ),
        (
            "model",
            "zh-mt",
            "---\nlicense: apache-2.0\nlanguage: zh\npipeline_tag: translation\n---\n# 机器翻译模型\n\n中文机器翻译。\n",
        ),
        (
            "dataset",
            "sw-news",
            "---\nlicense: cc-by-4.0\nlanguage: sw\ntask_categories:\n- text-classification\n---\n# Swahili news\n",
        ),
    ];
    for (kind, name, card) in cards {
        assert_eq!(api.create(kind, "KEN", name, "public").await.status(), 201);
        api.push(
            &format!("{kind}s/KEN/{name}"),
            None,
            &[("README.md", card.as_bytes())],
            "card",
        )
        .await;
    }
    let search = |q: &str| {
        let url = app.url(&format!("/api/v1/commons/search?{q}"));
        async move {
            reqwest::get(url)
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let ids = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Arabic without the article finds the word with it; Chinese is segmented.
    assert_eq!(ids(&search("q=ترجمة").await), vec!["KEN/ar-translate"]);
    assert_eq!(ids(&search("q=翻译").await), vec!["KEN/zh-mt"]);
    // Facets: all three from Kenya, in Africa (002), Global South.
    let all = search("").await;
    assert_eq!(all["total"], 3);
    let facet = |v: &Value, f: &str, value: &str| {
        v["facets"][f]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == value)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(facet(&all, "kind", "model"), Some(2));
    assert_eq!(facet(&all, "task", "translation"), Some(2));
    assert_eq!(facet(&all, "owner_country", "KE"), Some(3));
    assert_eq!(facet(&all, "global_south", "true"), Some(3));
    let filtered = search("task=translation&license=mit").await;
    assert_eq!(ids(&filtered), vec!["KEN/ar-translate"]);
    assert_eq!(search("kind=dataset&language=sw").await["total"], 1);
    // A bad parameter is a problem naming it.
    let r = reqwest::get(app.url("/api/v1/commons/search?sort=sideways"))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["errors"][0]["field"],
        "sort"
    );
}

/// A server on a shared database and a shared artifact folder (as processes
/// behind a load balancer share the object store), with its own data folder
/// and search index, following other processes' writes every `follow`
/// (zero: never).
pub(crate) async fn node_on(url: &str, artifacts: &Path, follow: std::time::Duration) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store = waico_store::Store::connect(url).await.unwrap();
    store.migrate().await.unwrap();
    let artifacts = waico_store::artifacts::open(artifacts, None).unwrap();
    let settings = waico_app::Settings {
        search_follow_every: follow,
        ..Default::default()
    };
    TestApp::serve(waico_app::AppState::new(store, artifacts, settings), dir).await
}

async fn search_on(app: &TestApp, query: &str) -> Value {
    let r = reqwest::get(app.url(&format!("/api/v1/commons/search?{query}")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Searches `app` until `found` holds, for at most 10 s.
async fn wait_for_search(app: &TestApp, query: &str, found: impl Fn(&Value) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let results = search_on(app, query).await;
        if found(&results) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the search {query:?} never showed the other process's write: {results}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// With nothing written, a look re-indexes at most the one repository it
/// may have caught between two writes, and then nothing: the steady state
/// costs no re-indexing.
async fn settles(app: &TestApp) {
    use waico_app::commons::follow::catch_up;
    assert!(catch_up(&app.state).await.unwrap() <= 1);
    assert_eq!(catch_up(&app.state).await.unwrap(), 0);
    assert_eq!(catch_up(&app.state).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_index_follows_writes_made_by_another_process() {
    use std::time::Duration;
    const REPO: &str = "models/KEN/swahili-bert";
    const QUERY: &str = "q=kiswahili";
    let shows = |results: &Value| {
        results["hits"].as_array().is_some_and(|hits| {
            hits.iter()
                .any(|h| h["id"] == "KEN/swahili-bert" && h["title"] == "Swahili BERT")
        })
    };
    for backend in backends() {
        let shared = tempfile::tempdir().unwrap();
        let url = match &backend {
            Backend::Sqlite => format!("sqlite://{}", shared.path().join("waico.db").display()),
            Backend::Postgres(base) => crate::app::fresh_postgres(base).await,
        };
        let artifacts = shared.path().join("artifacts");
        // Two processes on one database, each following the other every 50 ms.
        let a = node_on(&url, &artifacts, Duration::from_millis(50)).await;
        let b = node_on(&url, &artifacts, Duration::from_millis(50)).await;
        let kenya = a
            .user(
                "kenya",
                PASSWORD,
                &[RoleGrant::Delegate {
                    country: waico_members::CountryCode::parse("KEN").unwrap(),
                }],
            )
            .await;
        let secret = token(&a, kenya.id).await;
        let api = Api::new(&a, secret.clone());

        // A repository with a card pushed through A: A finds it at once…
        assert_eq!(
            api.create("model", "KEN", "swahili-bert", "public")
                .await
                .status(),
            201
        );
        api.push(REPO, None, &[("README.md", CARD.as_bytes())], "card")
            .await;
        assert!(shows(&search_on(&a, QUERY).await));
        // …and B within its interval, with the card read from the shared store.
        wait_for_search(&b, QUERY, shows).await;
        let facets = search_on(&b, "q=kiswahili&license=apache-2.0&language=sw").await;
        assert_eq!(facets["total"], 1, "{facets}");
        settles(&a).await;
        settles(&b).await;

        // Only its managers change who may see it, to a known visibility.
        let patch = |token: Option<&str>, visibility: &str| {
            let mut r = reqwest::Client::new()
                .patch(a.url(&format!("/api/v1/commons/{REPO}")))
                .json(&json!({ "visibility": visibility }));
            if let Some(t) = token {
                r = r.bearer_auth(t);
            }
            r.send()
        };
        assert_eq!(patch(None, "members_only").await.unwrap().status(), 401);
        let r = patch(Some(&secret), "secret").await.unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(
            r.json::<Value>().await.unwrap()["errors"][0]["field"],
            "visibility"
        );
        assert!(shows(&search_on(&b, QUERY).await), "nothing changed yet");

        // Made members-only through A: A's index flags it at once, B's
        // within its interval; searches of the anonymous no longer find it.
        let r = patch(Some(&secret), "members_only").await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            r.json::<Value>().await.unwrap()["visibility"],
            "members_only"
        );
        assert_eq!(search_on(&a, QUERY).await["total"], 0);
        wait_for_search(&b, QUERY, |r| r["total"] == 0).await;
        for app in [&a, &b] {
            settles(app).await;
            assert_eq!(app.state.commons.search.num_docs(), 1);
            let mut q = waico_commons::search::Query::text("kiswahili");
            q.filters.include_members_only = true;
            let r = app.state.commons.search.search(&q).unwrap();
            assert_eq!(r.total, 1);
            assert!(r.hits[0].doc.members_only, "flagged members-only");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_pushes_skips_unchanged_files_and_pulls_back() {
    let app = TestApp::spawn().await;
    let user = app.user("amina", PASSWORD, &[]).await;
    let secret = token(&app, user.id).await;
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("README.md"), CARD).unwrap();
    std::fs::write(src.join("sub/data.bin"), weights()).unwrap();
    let run = |args: Vec<String>| {
        let base = app.base.clone();
        let secret = secret.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                Command::new(env!("CARGO_BIN_EXE_waico"))
                    .args(&args)
                    .env("WAICO_URL", base)
                    .env("WAICO_TOKEN", secret)
                    .env("WAICO_CONFIG", "/nonexistent/waico.toml")
                    .output()
                    .unwrap()
            })
            .await
            .unwrap()
        }
    };
    let s = |p: &Path| p.display().to_string();
    let out = run(vec![
        "commons".into(),
        "push".into(),
        s(&src),
        "--repo".into(),
        "amina/cli-model".into(),
        "-q".into(),
    ])
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Unchanged: nothing to commit. Changed one file: only it is uploaded.
    let out = run(vec![
        "commons".into(),
        "push".into(),
        s(&src),
        "--repo".into(),
        "amina/cli-model".into(),
        "-q".into(),
    ])
    .await;
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
    std::fs::write(src.join("config.json"), "{\"v\": 2}").unwrap();
    let out = run(vec![
        "commons".into(),
        "push".into(),
        s(&src),
        "--repo".into(),
        "amina/cli-model".into(),
    ])
    .await;
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2 file(s) already on the server"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(vec![
        "commons".into(),
        "ls".into(),
        "amina/cli-model".into(),
    ])
    .await;
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.contains("sub/data.bin") && listing.contains("config.json"),
        "{listing}"
    );
    let dst = work.path().join("dst");
    let out = run(vec![
        "commons".into(),
        "pull".into(),
        "amina/cli-model@main".into(),
        s(&dst),
        "-q".into(),
    ])
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(dst.join("sub/data.bin")).unwrap(), weights());
    assert_eq!(
        std::fs::read_to_string(dst.join("config.json")).unwrap(),
        "{\"v\": 2}"
    );
    // The card was parsed on push.
    let detail: Value = reqwest::get(app.url("/api/v1/commons/models/amina/cli-model"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["repo"]["card"]["pipeline_tag"], "fill-mask");
    assert_eq!(detail["repo"]["title"], "Swahili BERT");
}

#[tokio::test]
async fn pages_show_cards_safely_with_problems_to_the_owner_and_take_access_requests() {
    let app = TestApp::spawn().await;
    let owner = app.user("owner", PASSWORD, &[]).await;
    app.user("asker", PASSWORD, &[]).await;
    let api = Api::new(&app, token(&app, owner.id).await);
    assert_eq!(
        api.create("model", "owner", "g", "gated").await.status(),
        201
    );
    let card = "---\nlicense: not-a-licence\nlanguage: ar\npipeline_tag: translation\n---\n# نموذج الترجمة\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **bold**\n";
    api.push(
        "models/owner/g",
        None,
        &[("README.md", card.as_bytes()), ("config.json", b"{}")],
        "c",
    )
    .await;

    // Anyone: rendered card without script, metadata panel, no problems, RTL in Arabic.
    let html = reqwest::get(app.url("/commons/models/owner/g?lang=ar"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("<strong>bold</strong>") && html.contains("نموذج الترجمة"));
    assert!(!html.contains("<script>alert") && !html.contains("javascript:"));
    assert!(html.contains("translation"));
    assert!(
        !html.contains("not-a-licence"),
        "problems are for the owner only"
    );
    // The owner sees the card's problems with their line.
    let owner_browser = crate::app::sign_in(&app, "owner", PASSWORD).await;
    let html = owner_browser
        .get(app.url("/commons/models/owner/g?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Problems in the card") && html.contains("not-a-licence"),
        "{html}"
    );
    // A signed-in user asks through the form; the owner approves through the page.
    let asker = crate::app::sign_in(&app, "asker", PASSWORD).await;
    let page = asker
        .get(app.url("/commons/models/owner/g"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"reason\""));
    let r = asker
        .post(app.url("/commons/models/owner/g/access"))
        .form(&[
            ("csrf", crate::app::csrf_of(&page).as_str()),
            ("reason", "للبحث"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = owner_browser
        .get(app.url("/commons/models/owner/g"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("للبحث"));
    let r = owner_browser
        .post(app.url("/commons/models/owner/g/access/asker"))
        .form(&[
            ("csrf", crate::app::csrf_of(&page).as_str()),
            ("decision", "approve"),
            ("reason", "ok"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = asker
        .get(app.url("/commons/models/owner/g?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Access granted.") && page.contains("/owner/g/resolve/"),
        "download links shown"
    );

    // Home, search with facets, owner page; a bogus kind is the 404 page.
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        let r = reqwest::get(app.url(&format!("/commons?lang={lang}")))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.text().await.unwrap().contains("owner/g"));
    }
    let html = reqwest::get(app.url("/commons/search?q=ترجمة&lang=en"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("owner/g") && html.contains("Task"), "{html}");
    let html = reqwest::get(app.url("/commons/owners/owner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("owner/g"));
    assert_eq!(
        reqwest::get(app.url("/commons/spaces/owner/g"))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        reqwest::get(app.url("/commons/owners/nobody-here"))
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn languages_and_tasks_read_as_names_in_the_viewers_language() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "names", "public").await.status(),
        201
    );
    let card = "---\nlanguage: [sw, zh-Hans, tlh]\npipeline_tag: fill-mask\n---\n# Names\n";
    api.push(
        "models/KEN/names",
        None,
        &[("README.md", card.as_bytes())],
        "card",
    )
    .await;
    let page = |path: &str| {
        let url = app.url(path);
        async move {
            let r = reqwest::get(url).await.unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    // The home's chips: names in French, raw codes only in the links; a code
    // without a name (Klingon) shows as itself.
    let html = page("/commons?lang=fr").await;
    for shown in [
        ">swahili</a> (1)",
        ">chinois simplifié</a>",
        ">Remplissage de masque</a> (1)",
        "?language=sw\"",
        "?language=zh-Hans\"",
        "?task=fill-mask\"",
        ">tlh</a> (1)",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    assert!(
        !html.contains(">fill-mask<") && !html.contains(">sw<"),
        "{html}"
    );
    assert!(
        !html.contains("lang=\"sw\""),
        "a French name is not marked as Swahili"
    );
    let html = page("/commons?lang=zh").await;
    assert!(
        html.contains(">斯瓦希里语</a>") && html.contains(">掩码填充</a>"),
        "{html}"
    );
    // The search page's facets and the repository's metadata panel.
    let html = page("/commons/search?lang=fr").await;
    let at = html.find("facet-language").unwrap();
    let section = &html[at..at + html[at..].find("</section>").unwrap()];
    assert!(
        section.contains("<bdi>swahili</bdi>") && section.contains("<bdi>tlh</bdi>"),
        "{section}"
    );
    // Equal counts are ordered by name in the viewer's collation: in French
    // "chinois simplifié" < "swahili" < "tlh".
    let pos = |s: &str| section.find(s).unwrap_or_else(|| panic!("{s}: {section}"));
    assert!(pos("chinois simplifié") < pos("swahili") && pos("swahili") < pos(">tlh<"));
    assert!(html.contains("<bdi>Remplissage de masque</bdi>"), "{html}");
    let html = page("/commons/search?language=sw&lang=ru").await;
    assert!(html.contains("<bdi>суахили</bdi>"), "{html}");
    let html = page("/commons/models/KEN/names?lang=ar").await;
    for shown in [
        ">السواحيلية</a>",
        ">الصينية المبسطة</a>",
        ">tlh</a>",
        ">ملء القناع</a>",
    ] {
        assert!(html.contains(shown), "{shown}: {html}");
    }
    assert!(html.contains("/commons/search?task=fill-mask\""), "{html}");
}

#[tokio::test]
async fn the_demo_fills_the_commons_across_owners_and_languages() {
    let app = TestApp::spawn().await;
    assert!(waico::demo::seed(&app.state).await.unwrap());
    let (repos, total) = app
        .state
        .store
        .list_repos(&waico_store::RepoFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(total >= 30, "{total}");
    let owner_kinds: std::collections::BTreeSet<&str> =
        repos.iter().map(|r| r.owner_kind.slug()).collect();
    assert_eq!(
        owner_kinds.len(),
        3,
        "states, institutions and people: {owner_kinds:?}"
    );
    assert!(
        repos
            .iter()
            .any(|r| r.visibility == waico_commons::repo::Visibility::Gated)
    );
    assert!(
        repos
            .iter()
            .all(|r| r.card_problems.as_array().is_some_and(|p| p.is_empty())),
        "demo cards are clean"
    );
    let langs: std::collections::BTreeSet<String> = repos
        .iter()
        .flat_map(|r| {
            r.card_metadata["language"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|l| l.as_str().map(str::to_owned))
        .collect();
    for l in ["ar", "zh", "en", "fr", "ru", "es", "sw"] {
        assert!(langs.contains(l), "{l} missing from {langs:?}");
    }
    // Searchable, and readable by the Hugging Face routes.
    let hits: Value = reqwest::get(app.url("/api/v1/commons/search?q=Kiswahili"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(hits["total"].as_u64().unwrap() >= 1, "{hits}");
    let info: Value = reqwest::get(app.url("/api/models/KEN/swahili-bert"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let files: Vec<&str> = info["siblings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rfilename"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        vec![
            "README.md",
            "config.json",
            "model.safetensors",
            "tokenizer.json"
        ]
    );
    let st = reqwest::get(app.url("/KEN/swahili-bert/resolve/main/model.safetensors"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let header_len = u64::from_le_bytes(st[..8].try_into().unwrap()) as usize;
    let header: Value = serde_json::from_slice(&st[8..8 + header_len]).unwrap();
    assert_eq!(
        header["weight"]["dtype"], "F32",
        "a real safetensors header"
    );
    let html = reqwest::get(app.url("/commons?lang=ar"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("arabic-dialect-id"),
        "the most downloaded is listed"
    );
    // Members-only repositories are neither found by search nor readable anonymously.
    let hidden: Value = reqwest::get(app.url("/api/v1/commons/search?q=chinese-legal-corpus"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(hidden["total"], 0, "{hidden}");
    let r = reqwest::get(app.url("/api/datasets/CHN/chinese-legal-corpus"))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["x-error-code"], "RepoNotFound");
    // Reindexing from the database gives the same index: all repositories,
    // members-only ones flagged.
    let before = app.state.commons.search.num_docs();
    assert_eq!(
        waico_app::commons::reindex(&app.state).await.unwrap(),
        before
    );
    assert_eq!(before, total as u64);
    // A member state's page leads to its repositories.
    let html = reqwest::get(app.url("/members/KEN"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("/commons/owners/KEN"));
    let html = reqwest::get(app.url("/commons/owners/KEN"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("KEN/swahili-bert") && html.contains("KEN/kiswahili-news"));
}

#[test]
fn reindex_rebuilds_while_admin_commands_run_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let waico = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_waico"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--config", "/nonexistent/waico.toml"])
            .args(args)
            .env("WAICO_NEW_PASSWORD", "a long password")
            .output()
            .unwrap()
    };
    let out = waico(&["reindex"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 repositories"));
    assert!(dir.path().join("search-index").is_dir());
    // An index of an older layout is replaced, not refused.
    let marker = dir
        .path()
        .join("search-index")
        .join(waico_commons::search::VERSION_FILE);
    std::fs::write(&marker, "1\n").unwrap();
    let out = waico(&["reindex"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&marker).unwrap().trim(),
        waico_commons::search::INDEX_VERSION.to_string()
    );
    // Shell commands other than serve and reindex do not take the index.
    let out = waico(&[
        "admin",
        "create-user",
        "--username",
        "reindexer",
        "--display-name",
        "U",
        "--email",
        "reindexer@example.org",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_blobs_deletes_only_uploads_that_no_commit_took() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "gc-model", "public")
            .await
            .status(),
        201
    );
    let repo = "models/KEN/gc-model";
    let kept: &[u8] = b"committed bytes";
    let dropped: &[u8] = b"uploaded, never committed";
    let head = api.push(repo, None, &[("kept.bin", kept)], "Keep").await;
    assert!(api.upload(repo, dropped).await.status().is_success());

    let missing = |api: &Api, shas: Vec<String>| {
        let request = api
            .http
            .post(app.url(&format!("/api/v1/commons/{repo}/blobs/check")))
            .bearer_auth(&api.token)
            .json(&json!({ "sha256": shas }));
        async move {
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()["missing"].clone()
        }
    };
    assert_eq!(
        missing(&api, vec![sha(kept), sha(dropped)]).await,
        json!([])
    );

    let dir = app._dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_waico"))
            .arg("--data-dir")
            .arg(&dir)
            .args(["--config", "/nonexistent/waico.toml"])
            .args(["admin", "gc-blobs", "--older-than-hours", "0"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 uncommitted blob(s) deleted"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The committed file still downloads; the dropped one must be sent again.
    assert_eq!(
        missing(&api, vec![sha(kept), sha(dropped)]).await,
        json!([sha(dropped)])
    );
    let r = reqwest::get(app.url(&format!("/KEN/gc-model/resolve/{head}/kept.bin")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..], kept);
    // A commit naming the collected blob is refused until it is uploaded again.
    let change =
        json!([{ "op": "put", "path": "late.bin", "size": dropped.len(), "sha256": sha(dropped) }]);
    let r = api.commit(repo, Some(&head), change.clone(), "Late").await;
    assert_eq!(r.status(), 422, "{}", r.text().await.unwrap());
    assert!(api.upload(repo, dropped).await.status().is_success());
    let r = api.commit(repo, Some(&head), change, "Late").await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

/// The escapes askama writes into attributes (`&#38;` for `&`, …), undone.
fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
}

/// The `href` of the link marked `rel="next"` in `html`, if any.
fn next_link(html: &str) -> Option<String> {
    let at = html.find("rel=\"next\"")?;
    let start = html[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + html[start..].find('"')?;
    Some(unescape(&html[start..end]))
}

/// The commit messages listed by a history page, in order.
fn history_messages(html: &str) -> Vec<String> {
    html.split("<tr><td><a href=\"/commons/models/KEN/long-history?rev=")
        .skip(1)
        .map(|row| {
            let start = row.find("<bdi>").unwrap() + "<bdi>".len();
            let end = start + row[start..].find("</bdi>").unwrap();
            row[start..end].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_history_page_lists_fifty_commits_a_page_from_any_revision() {
    for backend in backends() {
        history_pages_on(&backend).await;
    }
}

async fn history_pages_on(backend: &Backend) {
    use waico_commons::repo::{Change, Commit, RepoId, RepoKind, RepoPath};
    let app = TestApp::spawn_on(backend).await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "long-history", "public")
            .await
            .status(),
        201
    );
    let repo = app
        .state
        .store
        .repo(
            RepoKind::Model,
            &RepoId::new("KEN", "long-history").unwrap(),
        )
        .await
        .unwrap();
    // 65 commits straight through the store: the first adds two files,
    // each later one adds one.
    let mut parent: Option<Commit> = None;
    let mut ids = Vec::new();
    for i in 0..65 {
        let mut files = vec![(format!("{i}.txt"), format!("file {i}"))];
        if i == 0 {
            files.push(("README.md".into(), "# Long history\n".into()));
        }
        let mut changes = Vec::new();
        for (path, text) in &files {
            let sha256 = waico_commons::repo::Sha256::parse(&sha(text.as_bytes())).unwrap();
            app.state
                .store
                .record_blob(sha256.as_str(), text.len() as u64)
                .await
                .unwrap();
            changes.push(Change::Put {
                path: RepoPath::parse(path).unwrap(),
                size: text.len() as u64,
                sha256,
            });
        }
        let commit = Commit::build(
            parent.as_ref(),
            &changes,
            "kenya",
            &format!("Commit {i}"),
            1_700_000_000 + i,
        )
        .unwrap();
        app.state
            .store
            .push_commit(repo.id, "main", &commit)
            .await
            .unwrap();
        ids.push(commit.id.as_str().to_owned());
        parent = Some(commit);
    }
    api.tag("models/KEN/long-history", "v0.1", &ids[10]).await;
    let base = "/commons/models/KEN/long-history";
    let get = |path: String| {
        let url = app.url(&path);
        async move {
            let r = reqwest::get(url).await.unwrap();
            let status = r.status().as_u16();
            (status, r.text().await.unwrap())
        }
    };

    // The repository page links to the history.
    let (status, repo_page) = get(base.to_owned()).await;
    assert_eq!(status, 200);
    assert!(
        repo_page.contains(&format!("href=\"{base}/history?rev=main\"")),
        "{repo_page}"
    );

    // The newest 50, newest first, with the files each changed.
    let (status, first) = get(format!("{base}/history")).await;
    assert_eq!(status, 200);
    let messages = history_messages(&first);
    assert_eq!(messages.len(), 50, "{first}");
    assert_eq!(messages[0], "Commit 64");
    assert_eq!(messages[49], "Commit 15");
    assert!(first.contains(&format!("{base}?rev={}", ids[64])));
    assert!(first.contains(&format!("<code>{}</code>", &ids[64][..10])));
    assert!(first.contains("<td>1</td></tr>"));
    assert!(!first.contains("<td>2</td></tr>"));
    // The older link goes on from the last shown commit's parent.
    let older = next_link(&first).expect("an older-commits link");
    assert_eq!(older, format!("{base}/history?rev=main&before={}", ids[15]));
    let (status, second) = get(older).await;
    assert_eq!(status, 200);
    let messages = history_messages(&second);
    assert_eq!(messages.len(), 15, "{second}");
    assert_eq!(messages[0], "Commit 14");
    assert_eq!(messages[14], "Commit 0");
    // The first commit added two files.
    assert!(second.contains("<td>2</td></tr>"));
    assert!(next_link(&second).is_none(), "no page after the oldest");
    assert!(second.contains(&format!("href=\"{base}/history?rev=main\"")));

    // A tag starts from the tagged commit; so does a commit id.
    let (status, tagged) = get(format!("{base}/history?rev=v0.1")).await;
    assert_eq!(status, 200);
    let messages = history_messages(&tagged);
    assert_eq!(messages.len(), 11);
    assert_eq!(messages[0], "Commit 10");
    assert!(next_link(&tagged).is_none());
    let (_, by_id) = get(format!("{base}/history?rev={}", &ids[20][..40])).await;
    assert_eq!(history_messages(&by_id)[0], "Commit 20");

    // Unknown revisions (and pages after unknown commits) are the friendly 404.
    for path in [
        format!("{base}/history?rev=no-such-branch"),
        format!("{base}/history?rev=..%2Fbad"),
        format!("{base}/history?before={}", "ab".repeat(32)),
        "/commons/models/KEN/no-such-repo/history".to_owned(),
    ] {
        let (status, page) = get(path.clone()).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("Page not found"), "{path}: {page}");
    }

    // In Arabic the page is right to left, ids stay left to right.
    let (status, arabic) = get(format!("{base}/history?lang=ar")).await;
    assert_eq!(status, 200);
    assert!(arabic.contains("dir=\"rtl\""));
    assert!(arabic.contains("إيداعات أقدم"), "the older link in Arabic");
    assert!(arabic.contains("<bdi dir=\"ltr\"><code>"));
    assert_eq!(history_messages(&arabic).len(), 50);

    // The API pages the same way, with a Link header to the next page.
    let url = app.url("/api/v1/commons/models/KEN/long-history/commits?limit=50");
    let r = reqwest::get(url).await.unwrap();
    assert_eq!(r.status(), 200);
    let link = r.headers()["link"].to_str().unwrap().to_owned();
    let page: Vec<Value> = r.json().await.unwrap();
    assert_eq!(page.len(), 50);
    assert_eq!(page[0]["id"], ids[64].as_str());
    assert_eq!(
        link,
        format!(
            "</api/v1/commons/models/KEN/long-history/commits?rev=main&before={}&limit=50>; rel=\"next\"",
            ids[15]
        )
    );
    let target = link.trim_start_matches('<').split('>').next().unwrap();
    let r = reqwest::get(app.url(target)).await.unwrap();
    assert!(r.headers().get("link").is_none());
    let rest: Vec<Value> = r.json().await.unwrap();
    assert_eq!(rest.len(), 15);
    assert_eq!(rest[0]["id"], ids[14].as_str());
    assert_eq!(rest[14]["message"], "Commit 0");
    let r = reqwest::get(app.url(&format!(
        "/api/v1/commons/models/KEN/long-history/commits?rev=v0.1&before={}",
        ids[5]
    )))
    .await
    .unwrap();
    let tail: Vec<Value> = r.json().await.unwrap();
    assert_eq!(tail.len(), 5);
    assert_eq!(tail[0]["message"], "Commit 4");
    let r = reqwest::get(app.url(&format!(
        "/api/v1/commons/models/KEN/long-history/commits?before={}",
        "cd".repeat(32)
    )))
    .await
    .unwrap();
    assert_eq!(r.status(), 404);
}

/// The objects under `blobs/` of the artifact store (finished blobs; the
/// store's listing leaves out unfinished local uploads).
async fn blob_objects(app: &TestApp) -> Vec<String> {
    use futures::TryStreamExt;
    use object_store::ObjectStore;
    let prefix = object_store::path::Path::from("blobs");
    let mut out: Vec<String> = app
        .state
        .artifacts
        .list(Some(&prefix))
        .map_ok(|m| m.location.to_string())
        .try_collect()
        .await
        .unwrap();
    out.sort();
    out
}

/// Every file under `dir` (recursively), as paths; none when it is absent.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn the_same_bytes_in_two_repositories_are_stored_once() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    for name in ["first", "second"] {
        assert_eq!(
            api.create("model", "KEN", name, "public").await.status(),
            201
        );
    }
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    let r = api.upload("models/KEN/first", &bytes).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.unwrap()["created"], true);
    // The second repository's upload finds the bytes already there.
    let r = api.upload("models/KEN/second", &bytes).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["created"], false);
    let objects = blob_objects(&app).await;
    assert_eq!(
        objects,
        vec![format!("blobs/{}/{}", &sha(&bytes)[..2], sha(&bytes))],
        "one object for both repositories"
    );
    // Both commit it (under different paths) and both download it.
    let change = |path: &str| json!([{ "op": "put", "path": path, "size": bytes.len(), "sha256": sha(&bytes) }]);
    for (name, path) in [("first", "weights.bin"), ("second", "copy/model.bin")] {
        let r = api
            .commit(&format!("models/KEN/{name}"), None, change(path), "Add")
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let r = reqwest::get(app.url(&format!("/KEN/{name}/resolve/main/{path}")))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(&r.bytes().await.unwrap()[..], &bytes[..]);
    }
    assert_eq!(blob_objects(&app).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_upload_connection_leaves_nothing_and_the_server_goes_on() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "dropped", "public")
            .await
            .status(),
        201
    );
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i * 13 % 251) as u8).collect();
    let digest = sha(&bytes);
    let host = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "PUT /api/v1/commons/models/KEN/dropped/blobs/{digest} HTTP/1.1\r\n\
         Host: {host}\r\n\
         Authorization: Bearer {}\r\n\
         Content-Type: application/octet-stream\r\n\
         Content-Length: {}\r\n\r\n",
        api.token,
        bytes.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&bytes[..bytes.len() / 2]).await.unwrap();
    stream.flush().await.unwrap();
    // Once the server is writing the upload's temporary part, cut the
    // connection half way.
    let tmp = app._dir.path().join("artifacts").join("blobs").join("tmp");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while files_under(&tmp).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the upload never started"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    drop(stream);

    // Nothing is left: no row, no object, no temporary part (the local
    // store removes an abandoned part in the background, so wait a little).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !files_under(&tmp).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "a temporary part was left: {:?}",
            files_under(&tmp)
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(app.state.store.blob_size(&digest).await.unwrap(), None);
    assert!(
        waico_store::blobs::blob_exists(&app.state.artifacts, &digest)
            .await
            .is_none()
    );
    assert!(blob_objects(&app).await.is_empty());
    assert!(
        files_under(&app._dir.path().join("artifacts")).is_empty(),
        "{:?}",
        files_under(&app._dir.path().join("artifacts"))
    );

    // The server goes on serving, and the whole upload then succeeds.
    let r = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(r.status(), 200);
    let r = api.upload("models/KEN/dropped", &bytes).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_eq!(
        app.state.store.blob_size(&digest).await.unwrap(),
        Some(bytes.len() as u64)
    );
    let head = api
        .push(
            "models/KEN/dropped",
            None,
            &[("model.bin", &bytes[..])],
            "Again",
        )
        .await;
    let r = reqwest::get(app.url(&format!("/KEN/dropped/resolve/{head}/model.bin")))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..], &bytes[..]);
    assert!(files_under(&tmp).is_empty());
}

/// The ids of the hits of a search answer, in order.
fn hit_ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_and_sorts_over_http_and_the_page_shows_facet_counts() {
    let app = TestApp::spawn().await;
    let admin = app
        .user("secretariat", PASSWORD, &[RoleGrant::SecretariatAdmin])
        .await;
    let api = Api::new(&app, token(&app, admin.id).await);
    // Kenya (Africa, Global South), France (Europe, not), Brazil (the
    // Americas, Global South); pushed in that order.
    let repos: [(&str, &str, &str, &str); 3] = [
        (
            "model",
            "KEN",
            "sw-mt",
            "---\nlicense: mit\nlanguage: sw\npipeline_tag: translation\n---\n# Swahili translation\n",
        ),
        (
            "model",
            "FRA",
            "fr-asr",
            "---\nlicense: apache-2.0\nlanguage: fr\npipeline_tag: automatic-speech-recognition\n---\n# French speech\n",
        ),
        (
            "dataset",
            "BRA",
            "pt-news",
            "---\nlicense: cc-by-4.0\nlanguage: pt\n---\n# Portuguese news\n",
        ),
    ];
    for (kind, owner, name, card) in repos {
        let r = api.create(kind, owner, name, "public").await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        api.push(
            &format!("{kind}s/{owner}/{name}"),
            None,
            &[("README.md", card.as_bytes()), ("config.json", b"{}")],
            "card",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Downloads: Kenya's model three times, France's once.
    for (repo, times) in [("KEN/sw-mt", 3), ("FRA/fr-asr", 1)] {
        for _ in 0..times {
            let r = reqwest::get(app.url(&format!("/{repo}/resolve/main/config.json")))
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        }
    }
    // The index takes download counts with a change or a reindex.
    waico_app::commons::reindex(&app.state).await.unwrap();

    let search = |q: &str| {
        let url = app.url(&format!("/api/v1/commons/search?{q}"));
        async move {
            let r = reqwest::get(url).await.unwrap();
            assert_eq!(r.status(), 200);
            r.json::<Value>().await.unwrap()
        }
    };
    let all = search("").await;
    assert_eq!(all["total"], 3, "{all}");
    let sorted = |mut ids: Vec<String>| {
        ids.sort();
        ids
    };
    for (query, expected) in [
        ("license=mit", vec!["KEN/sw-mt"]),
        (
            "license=apache-2.0,cc-by-4.0",
            vec!["BRA/pt-news", "FRA/fr-asr"],
        ),
        ("language=fr", vec!["FRA/fr-asr"]),
        ("language=pt", vec!["BRA/pt-news"]),
        ("owner=BRA", vec!["BRA/pt-news"]),
        ("owner=KEN", vec!["KEN/sw-mt"]),
        ("country=FR", vec!["FRA/fr-asr"]),
        ("country=ke", vec!["KEN/sw-mt"]),
        ("country=KE,BR", vec!["BRA/pt-news", "KEN/sw-mt"]),
        ("region=150", vec!["FRA/fr-asr"]),
        ("region=002", vec!["KEN/sw-mt"]),
        ("region=019", vec!["BRA/pt-news"]),
        ("global_south=true", vec!["BRA/pt-news", "KEN/sw-mt"]),
        ("global_south=false", vec!["FRA/fr-asr"]),
        ("global_south=true&license=mit", vec!["KEN/sw-mt"]),
        ("owner=FRA&language=sw", vec![]),
    ] {
        let found = search(query).await;
        assert_eq!(sorted(hit_ids(&found)), expected, "{query}: {found}");
        assert_eq!(found["total"], expected.len(), "{query}");
    }
    assert_eq!(
        hit_ids(&search("sort=downloads").await),
        vec!["KEN/sw-mt", "FRA/fr-asr", "BRA/pt-news"]
    );
    assert_eq!(
        hit_ids(&search("sort=recent").await),
        vec!["BRA/pt-news", "FRA/fr-asr", "KEN/sw-mt"]
    );
    assert_eq!(
        hit_ids(&search("global_south=true&sort=downloads").await),
        vec!["KEN/sw-mt", "BRA/pt-news"]
    );
    assert_eq!(
        hit_ids(&search("global_south=true&sort=recent").await),
        vec!["BRA/pt-news", "KEN/sw-mt"]
    );
    // Facet counts follow the filters.
    let south = search("global_south=true").await;
    let count = |v: &Value, f: &str, value: &str| {
        v["facets"][f]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == value)
            .map(|c| c["count"].as_u64().unwrap())
    };
    assert_eq!(count(&all, "global_south", "true"), Some(2), "{all}");
    assert_eq!(count(&all, "global_south", "false"), Some(1));
    assert_eq!(count(&all, "region", "150"), Some(1));
    assert_eq!(count(&south, "kind", "model"), Some(1), "{south}");
    assert_eq!(count(&south, "kind", "dataset"), Some(1));
    assert_eq!(count(&south, "owner_country", "FR"), None);

    // The search page: the same filters as links with their counts.
    let page = |q: &str| {
        let url = app.url(&format!("/commons/search?{q}"));
        async move {
            let r = reqwest::get(url).await.unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    let html = page("").await;
    for (facet, count) in [
        ("facet-global_south", "(2)"),
        ("facet-owner_country", "(1)"),
        ("facet-license", "(1)"),
        ("facet-region", "(1)"),
        ("facet-kind", "(2)"),
    ] {
        let at = html
            .find(facet)
            .unwrap_or_else(|| panic!("{facet}: {html}"));
        let section = &html[at..at + html[at..].find("</section>").unwrap()];
        assert!(section.contains(count), "{facet} {count}: {section}");
    }
    assert!(html.contains("KEN/sw-mt") && html.contains("FRA/fr-asr"));
    for (query, shown, hidden) in [
        (
            "global_south=true",
            vec!["KEN/sw-mt", "BRA/pt-news"],
            vec!["FRA/fr-asr"],
        ),
        (
            "license=mit",
            vec!["KEN/sw-mt"],
            vec!["FRA/fr-asr", "BRA/pt-news"],
        ),
        (
            "language=fr",
            vec!["FRA/fr-asr"],
            vec!["KEN/sw-mt", "BRA/pt-news"],
        ),
        (
            "owner=BRA",
            vec!["BRA/pt-news"],
            vec!["KEN/sw-mt", "FRA/fr-asr"],
        ),
        (
            "country=FR",
            vec!["FRA/fr-asr"],
            vec!["KEN/sw-mt", "BRA/pt-news"],
        ),
        (
            "region=019",
            vec!["BRA/pt-news"],
            vec!["KEN/sw-mt", "FRA/fr-asr"],
        ),
        (
            "region=002",
            vec!["KEN/sw-mt"],
            vec!["FRA/fr-asr", "BRA/pt-news"],
        ),
    ] {
        let html = page(query).await;
        for id in &shown {
            assert!(html.contains(&format!("/{id}\"")), "{query} shows {id}");
        }
        for id in &hidden {
            assert!(!html.contains(&format!("/{id}\"")), "{query} hides {id}");
        }
        assert!(
            html.contains(&format!("Repositories: {}</p>", shown.len())),
            "{query}: the count"
        );
        // The chosen value is marked, with its count.
        assert!(html.contains("aria-current=\"true\""), "{query}");
    }
    // Sorting on the page orders the hits the same way.
    let html = page("sort=downloads").await;
    let at = |id: &str| html.find(&format!("/{id}\"")).unwrap();
    assert!(at("KEN/sw-mt") < at("FRA/fr-asr") && at("FRA/fr-asr") < at("BRA/pt-news"));
    let html = page("sort=recent").await;
    let at = |id: &str| html.find(&format!("/{id}\"")).unwrap();
    assert!(at("BRA/pt-news") < at("FRA/fr-asr") && at("FRA/fr-asr") < at("KEN/sw-mt"));
}

/// The Hugging Face listing's `search` (what `huggingface_hub.list_models(
/// search=…)` sends) matches `_` and `%` as themselves and ignores case in
/// every script.
#[tokio::test]
async fn hub_listing_search_takes_underscores_literally_and_ignores_case_in_every_script() {
    for backend in backends() {
        let app = TestApp::spawn_on(&backend).await;
        let api = Api::kenya_delegate(&app).await;
        for name in ["my_model", "myxmodel", "ru-summary"] {
            assert_eq!(
                api.create("model", "KEN", name, "public").await.status(),
                201
            );
        }
        api.push(
            "models/KEN/ru-summary",
            None,
            &[(
                "README.md",
                "---\nlicense: mit\nlanguage: ru\n---\n# Реферирование русских текстов\n"
                    .as_bytes(),
            )],
            "card",
        )
        .await;
        let found = |search: &str| {
            let url = app.url(&format!("/api/models?search={}", urlencode(search)));
            async move {
                let listed: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
                let mut ids: Vec<String> = listed
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m["id"].as_str().unwrap().to_owned())
                    .collect();
                ids.sort();
                ids
            }
        };
        assert_eq!(found("my_model").await, ["KEN/my_model"]);
        assert_eq!(found("MY_MODEL").await, ["KEN/my_model"]);
        assert_eq!(found("my%model").await, Vec::<String>::new());
        assert_eq!(found("Реферирование").await, ["KEN/ru-summary"]);
        assert_eq!(found("РУССКИХ").await, ["KEN/ru-summary"]);
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The real `huggingface_hub` client (hf_xet installed, not disabled) and
/// the `hf upload` command write through the Hub API: repositories, a
/// 50-file folder, a file through the LFS batch endpoint, branches from a
/// commit id, tags, deletions, refs, history, paths-info, whoami, access
/// requests; everything read back and compared (`it/hf_write.py`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_huggingface_client_writes_through_the_hub_api() {
    // Files over 1 MiB go through LFS, so a small test covers both paths.
    let app = TestApp::spawn_with(&Backend::Sqlite, |mut state| {
        std::sync::Arc::make_mut(&mut state.settings).hub_inline_max_bytes = 1024 * 1024;
        state
    })
    .await;
    let api = Api::kenya_delegate(&app).await;
    let requester = app.user("requester", PASSWORD, &[]).await;
    let requester_token = token(&app, requester.id).await;
    assert_eq!(
        api.create("model", "KEN", "gated-weights", "gated")
            .await
            .status(),
        201
    );
    let gated_config = r#"{"gated": true}"#;
    api.push(
        "models/KEN/gated-weights",
        None,
        &[("config.json", gated_config.as_bytes())],
        "Gated",
    )
    .await;
    let r = api
        .http
        .post(app.url("/api/v1/commons/models/KEN/gated-weights/access"))
        .bearer_auth(&requester_token)
        .json(&json!({ "reason": "Research on Kiswahili NLP" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let cfg = json!({
        "token": api.token,
        "user": "kenya",
        "owner": "KEN",
        "big_mib": 8,
        "gated": "KEN/gated-weights",
        "gated_config": gated_config,
        "requester": "requester",
        "requester_token": requester_token,
    });
    // huggingface_hub 2.4, then the last 0.x (0.36) on repositories of its
    // own (the access request was decided by the first).
    let older = json!({
        "token": api.token,
        "user": "kenya",
        "owner": "KEN",
        "big_mib": 3,
        "suffix": "-036",
    });
    for (venv, cfg) in [("2.4.0", cfg), ("0.36.0", older)] {
        let home = tempfile::tempdir().unwrap();
        let base = app.base.clone();
        let output = tokio::task::spawn_blocking(move || {
            let python = if venv == "2.4.0" {
                crate::python::python()
            } else {
                crate::python::python_hub_036()
            };
            Command::new(python)
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/hf_write.py"))
                .arg(cfg.to_string())
                .env("HF_ENDPOINT", &base)
                .env("HF_HOME", home.path())
                .env("HF_HUB_DISABLE_TELEMETRY", "1")
                .env("NO_PROXY", "127.0.0.1,localhost")
                .env_remove("HF_TOKEN")
                .env_remove("HF_HUB_DISABLE_XET")
                .output()
                .expect("the client runs")
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("HF WRITE OK"),
            "huggingface_hub {venv} writes failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The deleted repository left nothing behind in the store.
    assert!(matches!(
        app.state
            .store
            .repo(
                waico_commons::repo::RepoKind::Model,
                &waico_commons::repo::RepoId::new("KEN", "hf-written").unwrap()
            )
            .await,
        Err(waico_store::StoreError::NotFound)
    ));
}

/// Who may delete: a stranger's token cannot delete a repository, branch
/// or tag (403), an unknown one is 404, and an upload address whose
/// ticket was altered is refused.
#[tokio::test]
async fn only_managers_delete_and_lfs_tickets_cannot_be_altered() {
    for backend in backends() {
        managers_delete_and_tickets_hold_on(&backend).await;
    }
}

async fn managers_delete_and_tickets_hold_on(backend: &Backend) {
    let app = TestApp::spawn_on(backend).await;
    let api = Api::kenya_delegate(&app).await;
    let stranger = app.user("stranger", PASSWORD, &[]).await;
    let stranger_token = token(&app, stranger.id).await;
    assert_eq!(
        api.create("model", "KEN", "keep", "public").await.status(),
        201
    );
    let head = api
        .push(
            "models/KEN/keep",
            None,
            &[("a.txt", b"a".as_slice())],
            "first",
        )
        .await;
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, token: &str, body: Value| {
        http.request(method, app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let r = send(
        reqwest::Method::POST,
        "/api/models/KEN/keep/branch/dev",
        &api.token,
        json!({ "startingPoint": &head[..40] }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    api.tag("models/KEN/keep", "v1", &head).await;
    for (method, path, body) in [
        (
            reqwest::Method::DELETE,
            "/api/repos/delete",
            json!({ "name": "keep", "organization": "KEN" }),
        ),
        (
            reqwest::Method::DELETE,
            "/api/models/KEN/keep/branch/dev",
            json!({}),
        ),
        (
            reqwest::Method::DELETE,
            "/api/models/KEN/keep/tag/v1",
            json!({}),
        ),
    ] {
        let r = send(method.clone(), path, &stranger_token, body.clone())
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{method} {path}");
        assert!(r.headers().contains_key("x-error-message"));
    }
    let refs: Value = http
        .get(app.url("/api/models/KEN/keep/refs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(refs["branches"].as_array().unwrap().len(), 2, "{refs}");
    assert_eq!(refs["tags"][0]["name"], "v1");
    let r = send(
        reqwest::Method::DELETE,
        "/api/repos/delete",
        &api.token,
        json!({ "name": "nothing", "organization": "KEN" }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["x-error-code"], "RepoNotFound");

    // The LFS batch gives a ticketed address; altering any part is refused
    // and stores nothing.
    let bytes = vec![7u8; 1000];
    let r = http
        .post(app.url("/KEN/keep.git/info/lfs/objects/batch"))
        .bearer_auth(&api.token)
        .header("content-type", "application/vnd.git-lfs+json")
        .body(
            json!({ "operation": "upload", "transfers": ["basic"],
                    "objects": [{ "oid": sha(&bytes), "size": 1000 }] })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let batch: Value = r.json().await.unwrap();
    let href = batch["objects"][0]["actions"]["upload"]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    for altered in [
        href.replace("/1000?", "/999?"),
        href.replace("user=", "user=1"),
        href.replace("sig=", "sig=0"),
    ] {
        let r = http.put(&altered).body(bytes.clone()).send().await.unwrap();
        assert!(
            r.status() == 403 || r.status() == 400,
            "{altered}: {}",
            r.status()
        );
    }
    assert_eq!(app.state.store.blob_size(&sha(&bytes)).await.unwrap(), None);
    let r = http.put(&href).body(bytes.clone()).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(
        app.state.store.blob_size(&sha(&bytes)).await.unwrap(),
        Some(1000)
    );
    // Asked again, the stored object needs no upload.
    let again: Value = http
        .post(app.url("/KEN/keep.git/info/lfs/objects/batch"))
        .bearer_auth(&api.token)
        .json(&json!({ "operation": "upload", "objects": [{ "oid": sha(&bytes), "size": 1000 }] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(again["objects"][0].get("actions").is_none(), "{again}");
    // The owner deletes the repository; its rows go in one transaction.
    let r = send(
        reqwest::Method::DELETE,
        "/api/repos/delete",
        &api.token,
        json!({ "name": "keep", "organization": "KEN" }),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert!(matches!(
        app.state
            .store
            .repo(
                waico_commons::repo::RepoKind::Model,
                &waico_commons::repo::RepoId::new("KEN", "keep").unwrap()
            )
            .await,
        Err(waico_store::StoreError::NotFound)
    ));
    // The name is free again.
    assert_eq!(
        api.create("model", "KEN", "keep", "public").await.status(),
        201
    );
}

/// RFC 9110 conditional requests on file downloads and Hub JSON:
/// `If-None-Match` with the current tag is `304`, with another the file;
/// `If-Range` with the current tag keeps the range (`206`), a stale one
/// gets the whole file (`200`).
#[tokio::test]
async fn conditional_requests_follow_rfc_9110() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "cond", "public").await.status(),
        201
    );
    let body = b"0123456789abcdef".repeat(100);
    let head = api
        .push(
            "models/KEN/cond",
            None,
            &[("w.bin", body.as_slice())],
            "first",
        )
        .await;
    let http = reqwest::Client::new();
    let url = app.url("/KEN/cond/resolve/main/w.bin");
    let first = http.get(&url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", sha(&body)));
    let r = http
        .get(&url)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert_eq!(r.headers()["etag"], etag.as_str());
    assert!(r.headers().contains_key("x-repo-commit"));
    assert!(r.bytes().await.unwrap().is_empty());
    let r = http
        .get(&url)
        .header("if-none-match", "\"other\", W/\"more\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(&url)
        .header("range", "bytes=10-19")
        .header("if-range", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(&r.bytes().await.unwrap()[..], &body[10..20]);
    for stale in ["\"stale\"", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        let r = http
            .get(&url)
            .header("range", "bytes=10-19")
            .header("if-range", stale)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "If-Range {stale}");
        assert_eq!(r.bytes().await.unwrap().len(), body.len());
    }
    // Hub JSON: model info carries a validator and answers 304 to it.
    let info = http
        .get(app.url("/api/models/KEN/cond"))
        .send()
        .await
        .unwrap();
    let tag = info.headers()["etag"].to_str().unwrap().to_owned();
    let r = http
        .get(app.url("/api/models/KEN/cond"))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    // A new commit changes the info, so the old validator gets it whole.
    api.push(
        "models/KEN/cond",
        Some(&head),
        &[("x.txt", b"x".as_slice())],
        "second",
    )
    .await;
    let r = http
        .get(app.url("/api/models/KEN/cond"))
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_ne!(r.headers()["etag"].to_str().unwrap(), tag);
}

/// A README of 80 KB of ever deeper nested list items (25 s a view before)
/// renders bounded, and once per commit: further views reuse it.
#[tokio::test]
async fn a_pathological_readme_renders_bounded_and_once_per_commit() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "deep", "public").await.status(),
        201
    );
    let mut readme = String::from("# Deep\n\n");
    let mut i = 0;
    while readme.len() < 80 * 1024 {
        readme.push_str(&"- ".repeat(i % 400 + 1));
        readme.push_str("leaf\n");
        i += 1;
    }
    api.push(
        "models/KEN/deep",
        None,
        &[("README.md", readme.as_bytes())],
        "deep",
    )
    .await;
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    let page = http
        .get(app.url("/commons/models/KEN/deep"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let first = started.elapsed();
    assert!(html.contains("leaf"), "the card's text is shown");
    // Lists nest at most 12 deep on the page (400 in the README).
    let (mut depth, mut deepest, mut rest) = (0usize, 0usize, html.as_str());
    while let Some(at) = rest.find("ul>") {
        if rest[..at].ends_with("</") {
            depth = depth.saturating_sub(1);
        } else if rest[..at].ends_with('<') {
            depth += 1;
            deepest = deepest.max(depth);
        }
        rest = &rest[at + 3..];
    }
    assert!(deepest <= 13, "lists nested {deepest} deep on the page");
    assert!(
        first < std::time::Duration::from_secs(5),
        "first view {first:?}"
    );
    let started = std::time::Instant::now();
    for _ in 0..10 {
        let r = http
            .get(app.url("/commons/models/KEN/deep"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let ten = started.elapsed();
    assert!(ten < std::time::Duration::from_secs(5), "ten views {ten:?}");
}

/// `waico commons delete` removes a branch, a tag or the repository, only
/// with `--yes`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_deletes_branches_tags_and_repositories_when_confirmed() {
    let app = TestApp::spawn().await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "gone", "public").await.status(),
        201
    );
    let head = api
        .push(
            "models/KEN/gone",
            None,
            &[("a.txt", b"a".as_slice())],
            "first",
        )
        .await;
    api.tag("models/KEN/gone", "v1", &head).await;
    let r = api
        .http
        .post(app.url("/api/models/KEN/gone/branch/dev"))
        .bearer_auth(&api.token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let run = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let base = app.base.clone();
        let secret = api.token.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                Command::new(env!("CARGO_BIN_EXE_waico"))
                    .args(&args)
                    .env("WAICO_URL", base)
                    .env("WAICO_TOKEN", secret)
                    .env("WAICO_CONFIG", "/nonexistent/waico.toml")
                    .output()
                    .unwrap()
            })
            .await
            .unwrap()
        }
    };
    let refs = || async {
        let refs: Value = reqwest::get(app.url("/api/models/KEN/gone/refs"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            refs["branches"].as_array().map(Vec::len).unwrap_or(0),
            refs["tags"].as_array().map(Vec::len).unwrap_or(0),
        )
    };
    let out = run(&["commons", "delete", "KEN/gone", "--branch", "dev"]).await;
    assert!(!out.status.success(), "deleted without --yes");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(refs().await, (2, 1));
    let out = run(&["commons", "delete", "KEN/gone", "--branch", "dev", "--yes"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["commons", "delete", "KEN/gone", "--tag", "v1", "--yes"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(refs().await, (1, 0));
    let out = run(&["commons", "delete", "KEN/gone", "--yes"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = reqwest::get(app.url("/api/models/KEN/gone")).await.unwrap();
    assert_eq!(
        r.status(),
        401,
        "anonymous callers get 401 for a missing repository"
    );
    let out = run(&["commons", "delete", "KEN/gone", "--yes"]).await;
    assert!(!out.status.success(), "a second deletion fails");
}
