#!/usr/bin/env bash
# Issue 11 benchmark: votes accepted per second and their p50/p99 latency
# with DELEGATES delegates voting at once through the node's API (release
# `waico serve` on SQLite), against a bare SQLite read-rewrite-commit loop
# measured in the same run (crates/waico/examples/votes_http_bench.rs).
#
#   scripts/bench-deliberation-votes.sh [delegates] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p waico --bin waico --example votes_http_bench --target-dir target-rel
WAICO_BIN=target-rel/release/waico target-rel/release/examples/votes_http_bench "${1:-200}" "${2:-10}"
