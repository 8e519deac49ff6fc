#!/usr/bin/env bash
# Issue 14 benchmark: bulk import of commons repositories. Generates N small
# repositories (a README card and two small files each) laid out as
# models/<owner>/<name>/…, imports them with `waico commons import` (one
# transaction per repository) into a node's data folder while that node
# serves it, then creates the same number of repositories one by one through
# the API (POST create, PUT two blobs... three, POST commit: what a client
# does today), on one kept-alive connection, in the same run.
#
#   scripts/bench-commons-import.sh [N] [N_API]
#     N      repositories imported (default 2000)
#     N_API  repositories created through the API (default N)
#   WAICO_BIN: the binary (default target/release/waico if built, else
#   target/debug/waico; the script says which it used).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"
n_api="${2:-$n}"
if [ -z "${WAICO_BIN:-}" ]; then
  if [ -x ./target/release/waico ]; then WAICO_BIN=./target/release/waico
  else
    [ -x ./target/debug/waico ] || cargo build --quiet -p waico --bin waico
    WAICO_BIN=./target/debug/waico
  fi
fi
work="$(mktemp -d)"
trap 'cp "$work/waico.log" "${TMPDIR:-/tmp}/bench-commons-import.waico.log" 2>/dev/null; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/bench-node.sh
start_node 18290
write_token
"$WAICO_BIN" --data-dir "$work/data" --config /nonexistent admin grant --username bench \
  --role secretariat_admin > /dev/null

python3 - "$work/repos" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "models", "bench", f"imported-{i}")
    os.makedirs(d)
    open(os.path.join(d, "README.md"), "w").write(
        f"---\nlicense: mit\nlanguage: [sw]\ntags: [bulk]\n---\n# Imported {i}\n\nA small model card, number {i}.\n")
    open(os.path.join(d, "config.json"), "w").write(f'{{"hidden_size": {i}}}\n')
    open(os.path.join(d, "tokenizer.json"), "w").write(f'{{"vocab": {{"habari": {i}}}}}\n')
PY

echo "binary: $WAICO_BIN; machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
"$WAICO_BIN" --data-dir "$work/data" --config /nonexistent commons import "$work/repos" --as bench \
  | tail -n1 | tee "$work/import.out"
t1=$(date +%s.%N)
import_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')

python3 - "$base" "$token" "$n_api" > "$work/api.out" <<'PY'
import hashlib, http.client, json, sys, time, urllib.parse
base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
u = urllib.parse.urlparse(base)
c = http.client.HTTPConnection(u.hostname, u.port)
h = {"Authorization": f"Bearer {token}"}
def call(method, path, body=None, ctype="application/json"):
    global c
    headers = dict(h)
    if body is not None:
        headers["content-type"] = ctype
    for attempt in range(3):
        try:
            c.request(method, path, body=body, headers=headers)
            r = c.getresponse(); data = r.read()
            break
        except (ConnectionError, http.client.HTTPException):
            # The server closed the kept-alive connection: a new one.
            c.close(); c = http.client.HTTPConnection(u.hostname, u.port)
    else:
        sys.exit(f"{method} {path}: no answer")
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
    return data
t0 = time.time()
for i in range(n):
    name = f"api-{i}"
    call("POST", "/api/v1/commons/repos", json.dumps({"kind": "model", "owner": "bench", "name": name}))
    files = {
        "README.md": f"---\nlicense: mit\nlanguage: [sw]\ntags: [bulk]\n---\n# API {i}\n\nA small model card, number {i}.\n".encode(),
        "config.json": f'{{"hidden_size": {i}}}\n'.encode(),
        "tokenizer.json": f'{{"vocab": {{"habari": {i}}}}}\n'.encode(),
    }
    changes = []
    for path, data in files.items():
        sha = hashlib.sha256(data).hexdigest()
        call("PUT", f"/api/v1/commons/models/bench/{name}/blobs/{sha}", data, "application/octet-stream")
        changes.append({"op": "put", "path": path, "size": len(data), "sha256": sha})
    call("POST", f"/api/v1/commons/models/bench/{name}/commits",
         json.dumps({"message": "Upload", "changes": changes}))
dt = time.time() - t0
print(f"{n} {dt:.2f} {n / dt:.1f}")
PY
read -r api_n api_s api_rate < "$work/api.out"
import_rate=$(grep -o '([0-9]* a second)' "$work/import.out" | tr -dc 0-9)
found=$(curl -sf "$base/api/v1/commons/search?q=bulk&limit=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
echo "search index of the serving node holds $found repositories tagged bulk (of $((n + api_n)))"
printf '| way | repositories | seconds | per second | ratio |\n|---|---|---|---|---|\n'
printf '| `waico commons import` (inside the command) | %s | %s | %s | %.1f× |\n' "$n" \
  "$(grep -o 'in [0-9.]* s' "$work/import.out" | tr -dc 0-9.)" "$import_rate" \
  "$(awk -v a="$import_rate" -v b="$api_rate" 'BEGIN { print a / b }')"
printf '| `waico commons import` (wall, with start-up) | %s | %s | %.0f | |\n' "$n" "$import_wall" \
  "$(awk -v n="$n" -v s="$import_wall" 'BEGIN { print n / s }')"
printf '| API, one by one (create, 3 blob PUTs, commit) | %s | %s | %s | 1.0× |\n' "$api_n" "$api_s" "$api_rate"
