"""ElectionGuard 1.4.0 (PyPI) as the reference for WAICO's secret-ballot
benchmark (issue 11): the same ballot — three choices, one selected — built
from ElectionGuard's own primitives: an ElGamal encryption and a disjunctive
Chaum-Pedersen 0-or-1 proof per choice, and a constant Chaum-Pedersen proof
of the sum. Prints JSON: mean milliseconds to encrypt one ballot, to verify
one ballot, and to verify 193 ballots (the proofs of a whole election)."""

import json
import logging
import sys
import time

# ElectionGuard logs every encryption at INFO; logging would dominate.
logging.disable(logging.CRITICAL)

from electionguard.chaum_pedersen import (
    make_constant_chaum_pedersen,
    make_disjunctive_chaum_pedersen,
)
from electionguard.elgamal import elgamal_add, elgamal_encrypt, elgamal_keypair_random
from electionguard.group import add_q, rand_q

CHOICES = 3


def encrypt(selections, key, base_hash):
    nonces = [rand_q() for _ in selections]
    ciphertexts = [elgamal_encrypt(s, r, key) for s, r in zip(selections, nonces)]
    proofs = [
        make_disjunctive_chaum_pedersen(c, r, key, base_hash, rand_q(), s)
        for c, r, s in zip(ciphertexts, nonces, selections)
    ]
    total = elgamal_add(*ciphertexts)
    sum_proof = make_constant_chaum_pedersen(
        total, sum(selections), add_q(*nonces), key, rand_q(), base_hash
    )
    return ciphertexts, proofs, sum_proof


def verify(ballot, key, base_hash):
    ciphertexts, proofs, sum_proof = ballot
    ok = all(p.is_valid(c, key, base_hash) for c, p in zip(ciphertexts, proofs))
    return ok and sum_proof.is_valid(elgamal_add(*ciphertexts), key, base_hash)


def mean_ms(action, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) * 1000 / repeat


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    key = elgamal_keypair_random().public_key
    base_hash = rand_q()
    selections = [1, 0, 0]
    ballot = encrypt(selections, key, base_hash)
    assert verify(ballot, key, base_hash)
    election = [encrypt(selections, key, base_hash) for _ in range(193)]
    result = {
        "electionguard_version": "1.4.0",
        "encrypt_one_ballot_ms": mean_ms(lambda: encrypt(selections, key, base_hash), repeat),
        "verify_one_ballot_ms": mean_ms(lambda: verify(ballot, key, base_hash), repeat),
        "verify_193_ballots_ms": mean_ms(
            lambda: all(verify(b, key, base_hash) for b in election), 1
        ),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
