#!/usr/bin/env bash
# Issue 14 benchmark (not part of the test run): upload throughput of one
# file through the real huggingface_hub client against `waico commons push`
# of the same file, in one run on this machine, loopback, page cache warm:
#  * HfApi.upload_file(path): the file goes inside the NDJSON commit (base64),
#    which is what every client, hf_xet installed or not, does here up to
#    `hub_inline_max_bytes`;
#  * HfApi.upload_file(open file): the LFS batch endpoint, basic transfer
#    (PUT to the ticketed address, verify, commit);
#  * `waico commons push` of a folder holding the file (the peer).
# Each into a fresh repository, so nothing is skipped as already stored:
# the file differs per run (a different last byte).
#
#   scripts/bench-hf-upload.sh [size-in-MiB]   (default 200; WAICO_BIN, default
#                                              target/release/waico, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-200}"
WAICO_BIN="${WAICO_BIN:-./target/release/waico}"
[ -x "$WAICO_BIN" ] || cargo build --release --quiet --bin waico
PY=target/py-venv/bin/python
"$PY" -c "import huggingface_hub" 2>/dev/null || { python3 -m venv target/py-venv; target/py-venv/bin/pip install --quiet "huggingface_hub==2.4.0"; }
work="$(mktemp -d -p "${BENCH_DIR:-$PWD/target}" bench-hf.XXXXXX)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
. scripts/bench-node.sh
start_node 18380
write_token

mkfile() { head -c "$((mib * 1024 * 1024 - 1))" /dev/urandom > "$1"; printf '%s' "$2" >> "$1"; cat "$1" > /dev/null; }
mkdir -p "$work/push"
mkfile "$work/inline.bin" a
mkfile "$work/lfs.bin" b
mkfile "$work/push/model.bin" c

HF_ENDPOINT="$base" HF_HUB_DISABLE_TELEMETRY=1 NO_PROXY=127.0.0.1 "$PY" - "$token" "$work" > "$work/hf.txt" <<'PY'
import sys, time
from huggingface_hub import HfApi
token, work = sys.argv[1], sys.argv[2]
api = HfApi(token=token)
for name, source in (("inline", f"{work}/inline.bin"), ("lfs", None)):
    repo = f"bench/hf-{name}"
    api.create_repo(repo)
    t = time.perf_counter()
    if source:
        api.upload_file(path_or_fileobj=source, path_in_repo="model.bin", repo_id=repo)
    else:
        with open(f"{work}/lfs.bin", "rb") as f:
            api.upload_file(path_or_fileobj=f, path_in_repo="model.bin", repo_id=repo)
    print(name, time.perf_counter() - t)
PY
t0=$(date +%s.%N)
WAICO_URL="$base" WAICO_TOKEN="$token" "$WAICO_BIN" --config /nonexistent commons push "$work/push" --repo bench/pushed > /dev/null 2>&1
t1=$(date +%s.%N)
push=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
inline=$(awk '$1 == "inline" { print $2 }' "$work/hf.txt")
lfs=$(awk '$1 == "lfs" { print $2 }' "$work/hf.txt")
echo "file: $mib MiB; binary: $WAICO_BIN; machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| upload of one %s MiB file | seconds | MiB/s | ratio to waico commons push |\n|---|---|---|---|\n' "$mib"
for row in "HfApi.upload_file(path) (inline commit):$inline" "HfApi.upload_file(file object) (LFS batch):$lfs" "waico commons push:$push"; do
  label="${row%:*}"; secs="${row##*:}"
  awk -v l="$label" -v s="$secs" -v m="$mib" -v p="$push" 'BEGIN { printf "| %s | %.2f | %.1f | %.2f |\n", l, s, m / s, (m / s) / (m / p) }'
done
