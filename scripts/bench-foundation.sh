#!/usr/bin/env bash
# Issue 2 benchmark: requests/s and p50/p99 latency of GET /api/v1/members
# (all members) and of the members page, side by side with a bare axum
# handler on the same runtime setup, measured in one run with wrk; and the
# server's resident memory at idle. Needs `wrk` (Debian package).
#
#   scripts/bench-foundation.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-10}"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
# CARGO_TARGET_DIR is honoured (e.g. target-rel, shared with the other
# release benchmarks).
rel="${CARGO_TARGET_DIR:-target}/release"
cargo build --release --quiet --bin waico --example bare_axum
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$rel/waico" --data-dir "$work/data" --config /nonexistent serve --demo --listen 127.0.0.1:18080 > "$work/waico.log" 2>&1 &
waico_pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.1; done
curl -sf http://127.0.0.1:18080/api/v1/members -o "$work/members.json"
sleep 2
idle_kb=$(awk '/VmRSS/ {print $2}' /proc/$waico_pid/status)

"$rel/examples/bare_axum" 127.0.0.1:18090 > /dev/null 2>&1 &
"$rel/examples/bare_axum" 127.0.0.1:18091 "$work/members.json" > /dev/null 2>&1 &
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18091/ >/dev/null && break; sleep 0.1; done

run() { # name url
  local out
  out=$(wrk -t1 -c32 -d"${secs}s" --latency "$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99"
}

echo "members JSON: $(wc -c < "$work/members.json") bytes, $(grep -o '"alpha2"' "$work/members.json" | wc -l) states"
printf 'target\treq/s\tp50\tp99\n'
bare=$(run "bare axum, 2-byte body" http://127.0.0.1:18090/)
echo "$bare"
bare_same=$(run "bare axum, same body as members" http://127.0.0.1:18091/)
echo "$bare_same"
api=$(run "GET /api/v1/members" http://127.0.0.1:18080/api/v1/members)
echo "$api"
page=$(run "GET /members (page)" "http://127.0.0.1:18080/members?lang=en")
echo "$page"
busy_kb=$(awk '/VmRSS/ {print $2}' /proc/$waico_pid/status)
ratio() { awk -v a="$(cut -f2 <<<"$1")" -v b="$(cut -f2 <<<"$2")" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
echo "API vs bare (2-byte body): $(ratio "$api" "$bare")"
echo "API vs bare (same body):   $(ratio "$api" "$bare_same")"
echo "page vs bare (2-byte body): $(ratio "$page" "$bare")"
echo "resident memory at idle after start: $((idle_kb / 1024)) MB; after the runs: $((busy_kb / 1024)) MB"
