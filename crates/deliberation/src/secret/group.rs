//! The Ristretto255 group as the secret ballot uses it: the generator,
//! exponential ElGamal ciphertexts, the Fiat-Shamir transcript, and hex
//! encodings for the published record.

use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha512};

pub(crate) const G: RistrettoPoint = RISTRETTO_BASEPOINT_POINT;

/// `value · G`, with the precomputed base-point table.
pub(crate) fn g_times(value: u64) -> RistrettoPoint {
    RistrettoPoint::mul_base(&Scalar::from(value))
}

/// An exponential ElGamal ciphertext `(α, β) = (rG, mG + rK)` of a small
/// integer `m` under the joint key `K`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ciphertext {
    #[serde(with = "point_hex")]
    pub alpha: RistrettoPoint,
    #[serde(with = "point_hex")]
    pub beta: RistrettoPoint,
}

impl Ciphertext {
    pub(crate) fn encrypt(value: u64, randomness: &Scalar, key: &RistrettoPoint) -> Self {
        Self {
            alpha: RistrettoPoint::mul_base(randomness),
            beta: g_times(value) + randomness * key,
        }
    }

    pub(crate) fn zero() -> Self {
        Self {
            alpha: RistrettoPoint::default(),
            beta: RistrettoPoint::default(),
        }
    }

    pub(crate) fn add(&self, other: &Ciphertext) -> Ciphertext {
        Ciphertext {
            alpha: self.alpha + other.alpha,
            beta: self.beta + other.beta,
        }
    }
}

/// A SHA-512 Fiat-Shamir transcript; every item is length-prefixed so that
/// no two different sequences hash alike.
#[derive(Clone)]
pub(crate) struct Transcript(Sha512);

impl Transcript {
    pub(crate) fn new(domain: &str) -> Self {
        let mut t = Transcript(Sha512::new());
        t.bytes(domain.as_bytes());
        t
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes(&value.to_le_bytes())
    }

    pub(crate) fn point(&mut self, point: &RistrettoPoint) -> &mut Self {
        self.bytes(point.compress().as_bytes())
    }

    pub(crate) fn ciphertext(&mut self, c: &Ciphertext) -> &mut Self {
        self.point(&c.alpha).point(&c.beta)
    }

    pub(crate) fn challenge(self) -> Scalar {
        Scalar::from_bytes_mod_order_wide(&self.0.finalize().into())
    }

    pub(crate) fn digest(self) -> [u8; 64] {
        self.0.finalize().into()
    }
}

pub(crate) mod point_hex {
    use super::*;
    use serde::{Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(point: &RistrettoPoint, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(point.compress().as_bytes()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RistrettoPoint, D::Error> {
        let raw = String::deserialize(d)?;
        let bytes: [u8; 32] = hex::decode(&raw)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| D::Error::custom("a point is 32 bytes in hex"))?;
        CompressedRistretto(bytes)
            .decompress()
            .ok_or_else(|| D::Error::custom("not a Ristretto255 point"))
    }
}

pub(crate) mod scalar_hex {
    use super::*;
    use serde::{Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(scalar: &Scalar, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(scalar.as_bytes()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        let raw = String::deserialize(d)?;
        let bytes: [u8; 32] = hex::decode(&raw)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| D::Error::custom("a scalar is 32 bytes in hex"))?;
        Option::from(Scalar::from_canonical_bytes(bytes))
            .ok_or_else(|| D::Error::custom("not a canonical scalar"))
    }
}
