//! Commons files in the artifact store, content-addressed by SHA-256 under
//! `blobs/<aa>/<sha256>` and so shared by every repository that holds the
//! same bytes. Uploads stream through a hasher into a multipart upload under
//! a temporary key, and only a verified blob is moved to its final key: a
//! wrong hash or size, or a broken connection, leaves nothing visible.
//! Downloads stream too, in large chunks, any byte range.

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{
    GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt, WriteMultipart,
};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

/// Parts of this size are sent to the store; at most two are in flight, so
/// an upload holds a few tens of megabytes whatever the file size.
const PART_BYTES: usize = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT: usize = 2;
/// Chunk size of downloads from a local folder.
const READ_CHUNK: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("the content is {actual} bytes, not the declared {declared}")]
    SizeMismatch { declared: u64, actual: u64 },
    #[error("the content's SHA-256 is {actual}, not the declared {declared}")]
    HashMismatch { declared: String, actual: String },
    #[error("the upload was interrupted: {0}")]
    Interrupted(String),
    #[error("artifact store: {0}")]
    Store(#[from] object_store::Error),
}

/// Where a blob lives: `blobs/<first two hex digits>/<sha256>`.
pub fn blob_path(sha256: &str) -> Path {
    Path::from(format!("blobs/{}/{}", &sha256[..2], sha256))
}

/// Streams `body` into the store as the blob `sha256` of `size` bytes,
/// verifying both; returns whether it was new. On any failure nothing is
/// left under the blob's key.
pub async fn put_verified<S, E>(
    objects: &Arc<dyn ObjectStore>,
    sha256: &str,
    size: u64,
    body: S,
) -> Result<(), BlobError>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: std::fmt::Display,
{
    let tmp = Path::from(format!("blobs/tmp/{sha256}.{:016x}", rand_suffix()));
    let upload = objects.put_multipart(&tmp).await?;
    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
    let mut hasher = Sha256::new();
    let mut seen: u64 = 0;
    let mut body = std::pin::pin!(body);
    let failure = loop {
        match body.next().await {
            None => break None,
            Some(Err(e)) => break Some(BlobError::Interrupted(e.to_string())),
            Some(Ok(chunk)) => {
                seen += chunk.len() as u64;
                if seen > size {
                    break Some(BlobError::SizeMismatch {
                        declared: size,
                        actual: seen,
                    });
                }
                hasher.update(&chunk);
                if let Err(e) = writer.wait_for_capacity(PARTS_IN_FLIGHT).await {
                    break Some(BlobError::Store(e));
                }
                writer.put(chunk);
            }
        }
    };
    let failure = failure.or_else(|| {
        let actual = hex(&hasher.finalize());
        if seen != size {
            Some(BlobError::SizeMismatch {
                declared: size,
                actual: seen,
            })
        } else if actual != sha256 {
            Some(BlobError::HashMismatch {
                declared: sha256.to_owned(),
                actual,
            })
        } else {
            None
        }
    });
    if let Some(err) = failure {
        let _ = writer.abort().await;
        return Err(err);
    }
    writer.finish().await?;
    if let Err(e) = objects.rename(&tmp, &blob_path(sha256)).await {
        let _ = objects.delete(&tmp).await;
        return Err(e.into());
    }
    Ok(())
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos
        ^ (COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed) << 48)
        ^ std::process::id() as u64
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether the store holds the blob (and its size).
pub async fn blob_exists(objects: &Arc<dyn ObjectStore>, sha256: &str) -> Option<u64> {
    objects.head(&blob_path(sha256)).await.ok().map(|m| m.size)
}

/// A stream of the bytes `range` of a blob.
pub async fn get_range(
    objects: &Arc<dyn ObjectStore>,
    sha256: &str,
    range: Range<u64>,
) -> Result<BoxStream<'static, Result<Bytes, object_store::Error>>, BlobError> {
    if range.is_empty() {
        return Ok(futures::stream::empty().boxed());
    }
    let options = GetOptions {
        range: Some(GetRange::Bounded(range.clone())),
        ..Default::default()
    };
    let result = objects.get_opts(&blob_path(sha256), options).await?;
    match result.payload {
        GetResultPayload::File(file, path) => {
            // object_store reads local files 8 KiB at a time; read larger
            // chunks for throughput.
            let mut file = tokio::fs::File::from_std(file);
            file.seek(std::io::SeekFrom::Start(range.start))
                .await
                .map_err(|e| object_store::Error::Generic {
                    store: "local",
                    source: Box::new(e),
                })?;
            let reader = file.take(range.end - range.start);
            let shown = path.display().to_string();
            Ok(
                tokio_util::io::ReaderStream::with_capacity(reader, READ_CHUNK)
                    .map_err(move |e| object_store::Error::Generic {
                        store: "local",
                        source: format!("{shown}: {e}").into(),
                    })
                    .boxed(),
            )
        }
        GetResultPayload::Stream(s) => Ok(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    fn chunks(data: &'static [u8]) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
        futures::stream::iter(data.chunks(3).map(|c| Ok(Bytes::from_static(c))))
    }

    #[tokio::test]
    async fn verified_blobs_land_and_bad_ones_leave_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let objects = crate::artifacts::open(dir.path(), None).unwrap();
        let data: &'static [u8] = b"hello commons, hello world";
        let good = sha(data);
        // Wrong hash: nothing stored under either key.
        let wrong = sha(b"other");
        let err = put_verified(&objects, &wrong, data.len() as u64, chunks(data))
            .await
            .unwrap_err();
        assert!(matches!(err, BlobError::HashMismatch { .. }), "{err}");
        assert!(blob_exists(&objects, &wrong).await.is_none());
        // Wrong size: refused as soon as it is exceeded.
        let err = put_verified(&objects, &good, 5, chunks(data))
            .await
            .unwrap_err();
        assert!(matches!(err, BlobError::SizeMismatch { .. }), "{err}");
        // Interrupted stream.
        let broken = futures::stream::iter(vec![
            Ok(Bytes::from_static(b"hello")),
            Err(std::io::Error::other("connection reset")),
        ]);
        let err = put_verified(&objects, &good, data.len() as u64, broken)
            .await
            .unwrap_err();
        assert!(matches!(err, BlobError::Interrupted(_)), "{err}");
        assert!(blob_exists(&objects, &good).await.is_none());
        let listed: Vec<_> = objects.list(None).try_collect().await.unwrap();
        assert!(
            listed.is_empty(),
            "nothing visible after failures: {listed:?}"
        );
        // Good upload, then ranges.
        put_verified(&objects, &good, data.len() as u64, chunks(data))
            .await
            .unwrap();
        assert_eq!(blob_exists(&objects, &good).await, Some(data.len() as u64));
        let part: Vec<Bytes> = get_range(&objects, &good, 6..13)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(part.concat(), b"commons");
        let listed: Vec<_> = objects.list(None).try_collect().await.unwrap();
        assert_eq!(
            listed.len(),
            1,
            "only the blob, no temporary key: {listed:?}"
        );
        assert_eq!(listed[0].location, blob_path(&good));
    }
}
