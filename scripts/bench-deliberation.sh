#!/usr/bin/env bash
# Issue 11 benchmark: tally of a recorded vote of 193 states, an STV count of
# 10,000 ballots and 20 candidates, and the secret ballot (encrypt one
# ballot, verify one, verify a 193-ballot election) with the raw Ristretto255
# scalar multiplications — and, in the same run, ElectionGuard 1.4.0 (PyPI,
# needs Python 3.10: it fails to import on 3.11+) building and verifying the
# same three-choice ballot with its own primitives. Prints the ratios.
#
#   scripts/bench-deliberation.sh [electionguard-repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-20}"
python=""
for candidate in "$HOME/.pyenv/versions/3.10.13/bin/python" python3.10; do
  if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
    python="$candidate"; break
  fi
done
venv=target/py-venv-electionguard
if [ -n "$python" ] && [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet electionguard==1.4.0
fi

cargo bench -p waico-deliberation --bench deliberation -- --noplot 2>&1 | grep -E '^[a-z_/0-9]+|time:' || true
mean_ms() { # criterion id → mean in ms
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["mean"]["point_estimate"]/1e6)' \
    "${CARGO_TARGET_DIR:-target}/criterion/$1/new/estimates.json"
}
printf 'WAICO (Rust, Ristretto255), mean:\n'
for id in recorded_vote_193_states stv/stv_10000_ballots_20_candidates_5_seats \
          secret/encrypt_one_ballot_3_choices secret/verify_one_ballot_3_choices \
          secret/verify_election_193_ballots_3_trustees \
          ristretto/fixed_base_scalar_mult ristretto/variable_base_scalar_mult; do
  printf '  %-48s %12.6f ms\n' "$id" "$(mean_ms "$id")"
done

if [ -x "$venv/bin/python" ]; then
  eg=$("$venv/bin/python" scripts/bench_electionguard.py "$repeats")
  echo "ElectionGuard 1.4.0 (Python, 4096-bit group), mean: $eg"
  python3 - "$eg" "$(mean_ms secret/encrypt_one_ballot_3_choices)" \
    "$(mean_ms secret/verify_one_ballot_3_choices)" \
    "$(mean_ms secret/verify_election_193_ballots_3_trustees)" <<'PY'
import json, sys
eg = json.loads(sys.argv[1])
ours = [float(x) for x in sys.argv[2:5]]
theirs = [eg["encrypt_one_ballot_ms"], eg["verify_one_ballot_ms"], eg["verify_193_ballots_ms"]]
for name, a, b in zip(["encrypt one ballot", "verify one ballot", "verify 193 ballots"], ours, theirs):
    print(f"  {name:20} WAICO {a:10.3f} ms  ElectionGuard {b:10.1f} ms  WAICO takes {100*a/b:.2f}% of ElectionGuard's time")
PY
else
  echo "Python 3.10 not found: no ElectionGuard comparison; compare with the scalar multiplications above."
fi
