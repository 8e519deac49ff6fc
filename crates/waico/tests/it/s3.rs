//! S3 mode: commons files kept in an S3-compatible bucket instead of the
//! local folder. The bucket is served by `moto` (from PyPI), a real S3 API
//! server started for the test, and reached through the same
//! `object_store` client a node configured with `[s3]` uses.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use waico_store::artifacts::S3Config;

use crate::app::{Backend, TestApp};
use crate::commons::{Api, sha};

/// A moto S3 server; stopped when dropped.
struct S3Server {
    child: Child,
    endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_s3() -> S3Server {
    let python = tokio::task::spawn_blocking(crate::python::python)
        .await
        .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(python)
        .args([
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto starts");
    let server = S3Server {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "moto did not start in 60 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server
}

/// Every key in the bucket.
async fn keys(bucket: &Arc<dyn ObjectStore>) -> Vec<String> {
    let mut keys: Vec<String> = bucket
        .list(None)
        .map_ok(|meta| meta.location.to_string())
        .try_collect()
        .await
        .unwrap();
    keys.sort();
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commons_files_are_kept_in_an_s3_bucket_when_configured() {
    let server = start_s3().await;
    let created = reqwest::Client::new()
        .put(format!("{}/waico-artifacts", server.endpoint))
        .send()
        .await
        .unwrap();
    assert!(
        created.status().is_success(),
        "bucket: {}",
        created.status()
    );
    let config = S3Config {
        bucket: "waico-artifacts".into(),
        region: Some("us-east-1".into()),
        endpoint: Some(server.endpoint.clone()),
        access_key_id: Some("waico-test".into()),
        secret_access_key: Some("waico-test-secret".into()),
        allow_http: true,
    };
    let bucket = waico_store::artifacts::open(std::path::Path::new("/nonexistent"), Some(&config))
        .expect("the S3 store opens");
    let app = TestApp::spawn_with(&Backend::Sqlite, {
        let bucket = Arc::clone(&bucket);
        move |mut state| {
            state.artifacts = bucket;
            state
        }
    })
    .await;
    let api = Api::kenya_delegate(&app).await;
    assert_eq!(
        api.create("model", "KEN", "s3-model", "public")
            .await
            .status(),
        201
    );
    let repo = "models/KEN/s3-model";

    // 20 MiB: uploaded in 8 MiB multipart parts under a temporary key, then
    // moved to its content address.
    let weights: Vec<u8> = (0..20 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let config_json: &[u8] = br#"{"hidden_size": 8}"#;
    let head = api
        .push(
            repo,
            None,
            &[
                ("model.safetensors", &weights),
                ("config.json", config_json),
            ],
            "Weights in S3",
        )
        .await;
    let stored = keys(&bucket).await;
    for bytes in [&weights[..], config_json] {
        let digest = sha(bytes);
        let key = format!("blobs/{}/{digest}", &digest[..2]);
        assert!(stored.contains(&key), "{key} not in {stored:?}");
    }
    assert!(
        stored.iter().all(|k| !k.starts_with("blobs/tmp/")),
        "no temporary object is left: {stored:?}"
    );

    // Downloads read the bucket: whole, and a range.
    let url = app.url(&format!("/KEN/s3-model/resolve/{head}/model.safetensors"));
    let whole = reqwest::get(&url).await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(
        whole.headers()["etag"].to_str().unwrap(),
        format!("\"{}\"", sha(&weights))
    );
    assert!(whole.bytes().await.unwrap()[..] == weights[..]);
    let part = reqwest::Client::new()
        .get(&url)
        .header("range", "bytes=9000000-9000099")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        &part.bytes().await.unwrap()[..],
        &weights[9_000_000..9_000_100]
    );

    // A body that does not match its declared hash leaves nothing behind.
    let before = keys(&bucket).await;
    let r = api
        .upload_as(repo, &sha(b"what was promised"), b"what was sent")
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(keys(&bucket).await, before);

    // The objects are where the node says: read straight from the bucket.
    let digest = sha(config_json);
    let object = bucket
        .get(&ObjectPath::from(format!(
            "blobs/{}/{digest}",
            &digest[..2]
        )))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&object[..], config_json);
}
