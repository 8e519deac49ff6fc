//! Password hashing off the async workers. Every Argon2id computation runs
//! on the blocking pool behind a semaphore of one permit per core, in memory
//! blocks taken from a pool that holds at most one buffer per permit: a flood
//! of sign-ins queues instead of growing memory or stalling other requests.
//! The cost is the OWASP recommendation for Argon2id (m = 19 MiB, t = 2,
//! p = 1; OWASP Password Storage Cheat Sheet), the `argon2` crate's default.

use std::sync::{Mutex, OnceLock};

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

/// The largest memory cost (KiB) a stored hash may ask for; a hash asking
/// more does not verify (it would let one row take the node's memory).
const MAX_M_COST_KIB: u32 = 256 * 1024;

struct Gate {
    permits: Semaphore,
    buffers: Mutex<Vec<Vec<Block>>>,
}

fn gate() -> &'static Gate {
    static GATE: OnceLock<Gate> = OnceLock::new();
    GATE.get_or_init(|| Gate {
        permits: Semaphore::new(concurrency()),
        buffers: Mutex::new(Vec::new()),
    })
}

/// How many hashes may run at once: one per core.
pub fn concurrency() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on the blocking pool once a permit is free, with a memory
/// buffer from the pool. The permit travels with the work, so a request
/// that is dropped while hashing still holds its permit until the hash ends.
async fn run<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Option<T> {
    let permit = gate().permits.acquire().await.ok()?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let take = || gate().buffers.lock().unwrap_or_else(|e| e.into_inner());
        let mut blocks = take().pop().unwrap_or_default();
        let result = work(&mut blocks);
        take().push(blocks);
        result
    })
    .await
    .ok()
}

/// Whether `password` matches the PHC string `phc`. With no stored hash
/// (an unknown user name) the same work is done against a dummy hash of
/// the same cost, so that the answer takes as long either way.
pub async fn verify(password: String, phc: Option<String>) -> bool {
    run(move |blocks| match phc {
        Some(phc) => verify_in(blocks, password.as_bytes(), &phc),
        None => {
            verify_in(blocks, password.as_bytes(), dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A new Argon2id PHC string for `password`.
pub async fn hash(password: String) -> Result<String, String> {
    run(move |blocks| hash_in(blocks, password.as_bytes()))
        .await
        .unwrap_or_else(|| Err("hashing task failed".into()))
}

fn fit(blocks: &mut Vec<Block>, params: &Params) {
    if blocks.len() < params.block_count() {
        blocks.resize(params.block_count(), Block::default());
    }
}

fn verify_in(blocks: &mut Vec<Block>, password: &[u8], phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    if params.m_cost() > MAX_M_COST_KIB {
        return false;
    }
    let mut salt_buf = [0u8; Salt::MAX_LENGTH];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    fit(blocks, &params);
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut out, blocks.as_mut_slice())
        .is_ok()
        && bool::from(out.ct_eq(expected.as_bytes()))
}

fn hash_in(blocks: &mut Vec<Block>, password: &[u8]) -> Result<String, String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    phc_of(blocks, password, salt.as_salt())
}

fn phc_of(blocks: &mut Vec<Block>, password: &[u8], salt: Salt<'_>) -> Result<String, String> {
    let params = Params::default();
    fit(blocks, &params);
    let mut salt_buf = [0u8; Salt::MAX_LENGTH];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(|e| e.to_string())?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(password, salt_bytes, &mut out, blocks.as_mut_slice())
        .map_err(|e| e.to_string())?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// A hash of the current cost that no password is known to match.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let params = Params::default();
        format!(
            "$argon2id$v=19$m={},t={},p={}$d2FpY28tZHVtbXktc2FsdA${}",
            params.m_cost(),
            params.t_cost(),
            params.p_cost(),
            "A".repeat(43)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_both_ways_with_the_argon2_crate() {
        let phc = hash("a long passphrase".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(crate::accounts::secrets::verify_password(
            "a long passphrase",
            &phc
        ));
        assert!(verify("a long passphrase".into(), Some(phc.clone())).await);
        assert!(!verify("a long passphrasE".into(), Some(phc)).await);
        let theirs = crate::accounts::secrets::hash_password("another one").unwrap();
        assert!(verify("another one".into(), Some(theirs.clone())).await);
        assert!(!verify("another two".into(), Some(theirs)).await);
    }

    #[tokio::test]
    async fn unknown_users_and_broken_hashes_never_verify() {
        assert!(!verify("anything".into(), None).await);
        assert!(PasswordHash::new(dummy_hash()).is_ok());
        assert!(!verify("x".into(), Some("not a hash".into())).await);
        let greedy = "$argon2id$v=19$m=4194304,t=2,p=1$d2FpY28tZHVtbXktc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(!verify("x".into(), Some(greedy.into())).await);
    }

    #[tokio::test]
    async fn the_buffer_pool_never_holds_more_than_one_buffer_per_permit() {
        let all: Vec<_> = (0..8)
            .map(|i| tokio::spawn(verify(format!("p{i}"), None)))
            .collect();
        for task in all {
            assert!(!task.await.unwrap());
        }
        let held = gate().buffers.lock().unwrap().len();
        assert!(held >= 1 && held <= concurrency(), "{held} buffers");
    }
}
