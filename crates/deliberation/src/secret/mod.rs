//! An end-to-end verifiable secret ballot, in the manner of Helios and
//! ElectionGuard: exponential ElGamal over Ristretto255 (`curve25519-dalek`),
//! one ciphertext per choice, disjunctive Chaum-Pedersen proofs that each
//! ciphertext encrypts 0 or 1 and that the selections add up to an allowed
//! number, a joint key held in additive shares by at least two trustees
//! (n-of-n: every trustee must take part in the decryption), a homomorphic
//! tally, partial decryptions with Chaum-Pedersen proofs, and a published
//! election record that [`verify_election`] checks from scratch.
//!
//! Proofs are made non-interactive by Fiat-Shamir with SHA-512 over a
//! length-prefixed transcript that binds the election's identity, question,
//! choices, limits and joint public key, the voter and all of the ballot's
//! ciphertexts ([`PublicElection::fingerprint`], `ballot_context`).
//!
//! Secrecy: the API decrypts only the sum of every accepted ballot
//! ([`EncryptedTally`] can be built only from verified ballots); there is no
//! function that decrypts a single ballot. As in any election, a tally of a
//! single ballot, or a unanimous one, reveals what was voted.

mod ballot;
mod election;
mod group;
mod proofs;
mod record;
mod trustee;

pub use ballot::{BallotBox, BallotError, EncryptedBallot, EncryptedTally, encrypt_ballot};
pub use election::{ElectionError, ElectionManifest, PublicElection, TrusteePublicKey};
pub use group::Ciphertext;
pub use proofs::{EqualityProof, RangeProof, SchnorrProof};
pub use record::{ElectionRecord, Tally, VerifyError, verify_election};
pub use trustee::{DecryptionShare, PartialDecryption, Trustee};

#[cfg(test)]
mod tests;
