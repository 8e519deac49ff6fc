#!/usr/bin/env bash
# Issue 13 benchmark (not part of the test run): AVID import of 10 000
# reports (time, peak memory); report search p99 at 100 000 reports against
# SQLite FTS5 on the same texts, with and without the TLP filter, same run.
#
#   scripts/bench-safety.sh
#
# Sizes: WAICO_BENCH_AVID, WAICO_BENCH_REPORTS, WAICO_BENCH_QUERIES.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" cargo bench -p waico-safety --features unfiltered-search --bench safety_bench
