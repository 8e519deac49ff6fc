#!/usr/bin/env bash
# Issue 8 benchmark: a commons push's latency now that the search index is
# written off the request path. In one run on this machine, N times: upload a
# model card that names a fresh word, commit it (the push: timed), then ask the
# search API for that word (timed; a search waits until the index holds what
# was queued before it). The push alone is what a client waits for now; push +
# the search that finds it bounds what it waited for when the index commit
# ran inside the push request.
#
#   scripts/bench-push.sh [pushes]   (default 100; release binary from
#                                     target/release or $WAICO_BIN)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100}"
WAICO_BIN="${WAICO_BIN:-./target/release/waico}"
[ -x "$WAICO_BIN" ] || cargo build --release --quiet --bin waico
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/bench-node.sh
start_node 18280
write_token
curl -sf "${auth[@]}" -H 'content-type: application/json' \
  -d '{"kind":"model","owner":"bench","name":"cards"}' "$base/api/v1/commons/repos" > /dev/null

: > "$work/push.ms"; : > "$work/found.ms"
parent=""
for i in $(seq 1 "$n"); do
  word="benchword$i"
  printf -- '---\nlicense: mit\nlanguage: [sw]\n---\n# Card %s\n\nA model that knows the word %s.\n' "$i" "$word" > "$work/README.md"
  sha=$(sha256sum "$work/README.md" | cut -d' ' -f1)
  size=$(stat -c %s "$work/README.md")
  curl -sf "${auth[@]}" -T "$work/README.md" -H 'content-type: application/octet-stream' \
    -o /dev/null "$base/api/v1/commons/models/bench/cards/blobs/$sha"
  push=$(curl -sf "${auth[@]}" -H 'content-type: application/json' -o "$work/commit.json" -w '%{time_total}' \
    -d "{${parent:+\"parent\":\"$parent\",}\"message\":\"card $i\",\"changes\":[{\"op\":\"put\",\"path\":\"README.md\",\"size\":$size,\"sha256\":\"$sha\"}]}" \
    "$base/api/v1/commons/models/bench/cards/commits")
  parent=$(grep -o '"id":"[0-9a-f]*"' "$work/commit.json" | head -n1 | cut -d'"' -f4)
  found=$(curl -sf -o "$work/hits.json" -w '%{time_total}' "$base/api/v1/commons/search?q=$word")
  grep -q '"total":1' "$work/hits.json" || { echo "push $i not found by its search"; cat "$work/hits.json"; exit 1; }
  awk -v t="$push" 'BEGIN { printf "%.3f\n", t * 1000 }' >> "$work/push.ms"
  awk -v t="$push" -v f="$found" 'BEGIN { printf "%.3f\n", (t + f) * 1000 }' >> "$work/found.ms"
done

pct() { sort -n "$1" | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'; }
echo "pushes: $n; machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| measure | p50 | p99 |\n|---|---|---|\n'
printf '| push (commit request; index queued) | %s ms | %s ms |\n' "$(pct "$work/push.ms" 50)" "$(pct "$work/push.ms" 99)"
printf '| push + the search that finds it | %s ms | %s ms |\n' "$(pct "$work/found.ms" 50)" "$(pct "$work/found.ms" 99)"
