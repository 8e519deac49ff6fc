//! Where artifacts (commons files, backups' blobs) live: a local folder by
//! default, any S3-compatible bucket when configured, through `object_store`.

use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;

/// S3 settings; the secret key never appears in `Debug`.
#[derive(Clone, Default, serde::Deserialize, serde::Serialize)]
pub struct S3Config {
    pub bucket: String,
    pub region: Option<String>,
    /// For S3-compatible services (MinIO, Ceph, …).
    pub endpoint: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    #[serde(default)]
    pub allow_http: bool,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

/// Opens the artifact store: S3 when `s3` is given, else the folder `dir`
/// (created if missing).
pub fn open(
    dir: &std::path::Path,
    s3: Option<&S3Config>,
) -> Result<Arc<dyn ObjectStore>, object_store::Error> {
    if let Some(s3) = s3 {
        let mut builder = AmazonS3Builder::from_env()
            .with_bucket_name(&s3.bucket)
            .with_allow_http(s3.allow_http);
        if let Some(region) = &s3.region {
            builder = builder.with_region(region);
        }
        if let Some(endpoint) = &s3.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        if let Some(key) = &s3.access_key_id {
            builder = builder.with_access_key_id(key);
        }
        if let Some(secret) = &s3.secret_access_key {
            builder = builder.with_secret_access_key(secret);
        }
        return Ok(Arc::new(builder.build()?));
    }
    std::fs::create_dir_all(dir).map_err(|e| object_store::Error::Generic {
        store: "local",
        source: Box::new(e),
    })?;
    Ok(Arc::new(LocalFileSystem::new_with_prefix(dir)?))
}

#[cfg(test)]
mod tests {
    use object_store::path::Path;
    use object_store::{ObjectStoreExt, PutPayload};

    use super::*;

    #[tokio::test]
    async fn local_folder_round_trips_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir.path().join("artifacts"), None).unwrap();
        let path = Path::from("a/b.txt");
        store
            .put(&path, PutPayload::from_static(b"hello"))
            .await
            .unwrap();
        let bytes = store.get(&path).await.unwrap().bytes().await.unwrap();
        assert_eq!(&bytes[..], b"hello");
        assert!(dir.path().join("artifacts/a/b.txt").exists());
    }

    #[test]
    fn s3_secret_is_not_in_debug_output() {
        let cfg = S3Config {
            bucket: "b".into(),
            secret_access_key: Some("hunter2".into()),
            ..Default::default()
        };
        assert!(!format!("{cfg:?}").contains("hunter2"));
    }
}
