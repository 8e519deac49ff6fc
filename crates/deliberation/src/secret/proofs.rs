//! The zero-knowledge proofs of the secret ballot, all non-interactive by
//! Fiat-Shamir over a caller-supplied context:
//! - [`RangeProof`]: a disjunctive Chaum-Pedersen proof (Cramer, Damgård,
//!   Schoenmakers 1994) that a ciphertext encrypts an integer in `lo..=hi`;
//!   with `0..=1` it is the classic 0-or-1 proof;
//! - [`EqualityProof`]: a Chaum-Pedersen proof that two discrete logs are
//!   equal, used for correct partial decryption;
//! - [`SchnorrProof`]: knowledge of a trustee's secret key share.

use curve25519_dalek::ristretto::RistrettoPoint;
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::VartimeMultiscalarMul;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};

use super::group::{Ciphertext, Transcript, g_times, scalar_hex};

/// One branch of a disjunctive proof: its challenge and response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branch {
    #[serde(with = "scalar_hex")]
    pub c: Scalar,
    #[serde(with = "scalar_hex")]
    pub z: Scalar,
}

/// Proof that a ciphertext encrypts one of `lo..=hi`; one branch per value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeProof {
    pub lo: u64,
    pub branches: Vec<Branch>,
}

/// The commitments `(a, b)` a branch implies for value `j`:
/// `a = zG − cα`, `b = zK − c(β − jG)`.
fn commitments(
    branch: &Branch,
    j: u64,
    ciphertext: &Ciphertext,
    key: &RistrettoPoint,
) -> (RistrettoPoint, RistrettoPoint) {
    let a = RistrettoPoint::vartime_double_scalar_mul_basepoint(
        &-branch.c,
        &ciphertext.alpha,
        &branch.z,
    );
    let b = RistrettoPoint::vartime_multiscalar_mul(
        [branch.z, -branch.c],
        [*key, ciphertext.beta - g_times(j)],
    );
    (a, b)
}

fn range_challenge(
    context: &Transcript,
    ciphertext: &Ciphertext,
    lo: u64,
    hi: u64,
    commitments: &[(RistrettoPoint, RistrettoPoint)],
) -> Scalar {
    let mut t = context.clone();
    t.bytes(b"range").ciphertext(ciphertext).u64(lo).u64(hi);
    for (a, b) in commitments {
        t.point(a).point(b);
    }
    t.challenge()
}

impl RangeProof {
    /// Proves that `ciphertext = Enc(value; randomness)` with `value` in
    /// `range`. The caller guarantees the statement is true.
    pub(crate) fn prove(
        context: &Transcript,
        ciphertext: &Ciphertext,
        key: &RistrettoPoint,
        (value, randomness): (u64, &Scalar),
        range: std::ops::RangeInclusive<u64>,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Self {
        let (lo, hi) = (*range.start(), *range.end());
        debug_assert!((lo..=hi).contains(&value));
        let w = Scalar::random(rng);
        let mut branches: Vec<Branch> = Vec::new();
        let mut points = Vec::new();
        for j in lo..=hi {
            if j == value {
                branches.push(Branch {
                    c: Scalar::ZERO,
                    z: Scalar::ZERO,
                });
                points.push((RistrettoPoint::mul_base(&w), w * key));
            } else {
                let branch = Branch {
                    c: Scalar::random(rng),
                    z: Scalar::random(rng),
                };
                points.push(commitments(&branch, j, ciphertext, key));
                branches.push(branch);
            }
        }
        let challenge = range_challenge(context, ciphertext, lo, hi, &points);
        let real = (value - lo) as usize;
        let others: Scalar = branches
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != real)
            .map(|(_, b)| b.c)
            .sum();
        let c = challenge - others;
        branches[real] = Branch {
            c,
            z: w + c * randomness,
        };
        Self { lo, branches }
    }

    /// Checks the proof for `lo..=hi` (the proof must cover exactly that).
    pub(crate) fn verify(
        &self,
        context: &Transcript,
        ciphertext: &Ciphertext,
        key: &RistrettoPoint,
        lo: u64,
        hi: u64,
    ) -> bool {
        if self.lo != lo || hi < lo || self.branches.len() as u64 != hi - lo + 1 {
            return false;
        }
        let points: Vec<_> = self
            .branches
            .iter()
            .zip(lo..=hi)
            .map(|(branch, j)| commitments(branch, j, ciphertext, key))
            .collect();
        let sum: Scalar = self.branches.iter().map(|b| b.c).sum();
        sum == range_challenge(context, ciphertext, lo, hi, &points)
    }
}

/// Proof that `log_G(public) = log_base(share)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EqualityProof {
    #[serde(with = "scalar_hex")]
    pub c: Scalar,
    #[serde(with = "scalar_hex")]
    pub z: Scalar,
}

fn equality_challenge(
    context: &Transcript,
    base: &RistrettoPoint,
    public: &RistrettoPoint,
    share: &RistrettoPoint,
    a: &RistrettoPoint,
    b: &RistrettoPoint,
) -> Scalar {
    let mut t = context.clone();
    t.bytes(b"equality")
        .point(base)
        .point(public)
        .point(share)
        .point(a)
        .point(b);
    t.challenge()
}

impl EqualityProof {
    pub(crate) fn prove(
        context: &Transcript,
        secret: &Scalar,
        base: &RistrettoPoint,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Self {
        let w = Scalar::random(rng);
        let public = RistrettoPoint::mul_base(secret);
        let share = secret * base;
        let c = equality_challenge(
            context,
            base,
            &public,
            &share,
            &RistrettoPoint::mul_base(&w),
            &(w * base),
        );
        Self {
            c,
            z: w + c * secret,
        }
    }

    pub(crate) fn verify(
        &self,
        context: &Transcript,
        base: &RistrettoPoint,
        public: &RistrettoPoint,
        share: &RistrettoPoint,
    ) -> bool {
        let a = RistrettoPoint::vartime_double_scalar_mul_basepoint(&-self.c, public, &self.z);
        let b = RistrettoPoint::vartime_multiscalar_mul([self.z, -self.c], [*base, *share]);
        self.c == equality_challenge(context, base, public, share, &a, &b)
    }
}

/// Proof of knowledge of `s` with `public = sG`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchnorrProof {
    #[serde(with = "scalar_hex")]
    pub c: Scalar,
    #[serde(with = "scalar_hex")]
    pub z: Scalar,
}

fn schnorr_challenge(context: &Transcript, public: &RistrettoPoint, a: &RistrettoPoint) -> Scalar {
    let mut t = context.clone();
    t.bytes(b"schnorr").point(public).point(a);
    t.challenge()
}

impl SchnorrProof {
    pub(crate) fn prove(
        context: &Transcript,
        secret: &Scalar,
        rng: &mut (impl RngCore + CryptoRng),
    ) -> Self {
        let w = Scalar::random(rng);
        let public = RistrettoPoint::mul_base(secret);
        let c = schnorr_challenge(context, &public, &RistrettoPoint::mul_base(&w));
        Self {
            c,
            z: w + c * secret,
        }
    }

    pub(crate) fn verify(&self, context: &Transcript, public: &RistrettoPoint) -> bool {
        let a = RistrettoPoint::vartime_double_scalar_mul_basepoint(&-self.c, public, &self.z);
        self.c == schnorr_challenge(context, public, &a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::group::G;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn setup() -> (StdRng, Scalar, RistrettoPoint, Transcript) {
        let mut rng = StdRng::seed_from_u64(7);
        let secret = Scalar::random(&mut rng);
        let key = RistrettoPoint::mul_base(&secret);
        (rng, secret, key, Transcript::new("test"))
    }

    #[test]
    fn range_proofs_accept_the_truth_and_nothing_else() {
        let (mut rng, _, key, ctx) = setup();
        for value in 0..=3u64 {
            let r = Scalar::random(&mut rng);
            let c = Ciphertext::encrypt(value, &r, &key);
            let proof = RangeProof::prove(&ctx, &c, &key, (value, &r), 0..=3, &mut rng);
            assert!(proof.verify(&ctx, &c, &key, 0, 3));
            assert!(!proof.verify(&ctx, &c, &key, 0, 2), "wrong range");
            assert!(
                !proof.verify(&Transcript::new("other"), &c, &key, 0, 3),
                "other context"
            );
            let shifted = Ciphertext {
                alpha: c.alpha,
                beta: c.beta + G,
            };
            assert!(
                !proof.verify(&ctx, &shifted, &key, 0, 3),
                "other ciphertext"
            );
        }
        // A ciphertext of 2 cannot be proved to be 0 or 1: a cheating proof
        // built with the real value outside the range fails.
        let r = Scalar::random(&mut rng);
        let two = Ciphertext::encrypt(2, &r, &key);
        let forged = RangeProof::prove(&ctx, &two, &key, (1, &r), 0..=1, &mut rng);
        assert!(!forged.verify(&ctx, &two, &key, 0, 1));
    }

    #[test]
    fn equality_and_schnorr_proofs() {
        let (mut rng, secret, key, ctx) = setup();
        let base = RistrettoPoint::mul_base(&Scalar::random(&mut rng));
        let proof = EqualityProof::prove(&ctx, &secret, &base, &mut rng);
        assert!(proof.verify(&ctx, &base, &key, &(secret * base)));
        assert!(!proof.verify(&ctx, &base, &key, &(secret * base + G)));
        let schnorr = SchnorrProof::prove(&ctx, &secret, &mut rng);
        assert!(schnorr.verify(&ctx, &key));
        assert!(!schnorr.verify(&ctx, &(key + G)));
    }
}
