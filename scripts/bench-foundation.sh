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
# WAICO_BIN measures another build of the node (e.g. the one before a
# change) against the same peer; BARE_BIN another build of the peer.
rel="${CARGO_TARGET_DIR:-target}/release"
cargo build --release --quiet --bin waico --example bare_axum
waico_bin="${WAICO_BIN:-$rel/waico}"
bare_bin="${BARE_BIN:-$rel/examples/bare_axum}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$waico_bin" --data-dir "$work/data" --config /nonexistent serve --demo --listen 127.0.0.1:18080 > "$work/waico.log" 2>&1 &
waico_pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.1; done
curl -sf http://127.0.0.1:18080/api/v1/members -o "$work/members.json"
sleep 2
idle_kb=$(awk '/VmRSS/ {print $2}' /proc/$waico_pid/status)

"$bare_bin" 127.0.0.1:18090 > /dev/null 2>&1 &
bare_pid=$!
"$bare_bin" 127.0.0.1:18091 "$work/members.json" > /dev/null 2>&1 &
bare_same_pid=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18091/ >/dev/null && break; sleep 0.1; done

# Requests/s depend on how the two cores are shared between wrk and the
# server (and with whatever else runs), so each run also reports the
# server's CPU time per request (user + system, from /proc), which is
# steadier on a shared machine.
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # name pid url
  local out t0 t1
  t0=$(ticks "$2")
  out=$(wrk -t1 -c32 -d"${secs}s" --latency "$3")
  t1=$(ticks "$2")
  local rps p50 p99 n
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.2f", d / hz * 1e6 / n }')
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99" "$cpu"
}

echo "members JSON: $(wc -c < "$work/members.json") bytes, $(grep -o '"alpha2"' "$work/members.json" | wc -l) states"
printf 'target\treq/s\tp50\tp99\tCPU µs/request\n'
bare=$(run "bare axum, 2-byte body" "$bare_pid" http://127.0.0.1:18090/)
echo "$bare"
bare_same=$(run "bare axum, same body as members" "$bare_same_pid" http://127.0.0.1:18091/)
echo "$bare_same"
health=$(run "GET /healthz" "$waico_pid" http://127.0.0.1:18080/healthz)
echo "$health"
api=$(run "GET /api/v1/members" "$waico_pid" http://127.0.0.1:18080/api/v1/members)
echo "$api"
page=$(run "GET /members (page)" "$waico_pid" "http://127.0.0.1:18080/members?lang=en")
echo "$page"
busy_kb=$(awk '/VmRSS/ {print $2}' /proc/$waico_pid/status)
ratio() { awk -v a="$(cut -f2 <<<"$1")" -v b="$(cut -f2 <<<"$2")" 'BEGIN { printf "%.0f%%", 100*a/b }'; }
echo "API vs bare (2-byte body): $(ratio "$api" "$bare")"
echo "API vs bare (same body):   $(ratio "$api" "$bare_same")"
echo "page vs bare (2-byte body): $(ratio "$page" "$bare")"
cpu_ratio() { awk -v a="$(cut -f5 <<<"$1")" -v b="$(cut -f5 <<<"$2")" 'BEGIN { printf "%.0f%%", 100*b/a }'; }
echo "by CPU per request, API vs bare (2-byte body): $(cpu_ratio "$api" "$bare"); vs bare (same body): $(cpu_ratio "$api" "$bare_same"); /healthz vs bare: $(cpu_ratio "$health" "$bare")"
echo "resident memory at idle after start: $((idle_kb / 1024)) MB; after the runs: $((busy_kb / 1024)) MB"
