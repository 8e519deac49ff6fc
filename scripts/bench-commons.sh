#!/usr/bin/env bash
# Issue 4 benchmark (not part of the test run): in one run on this machine,
#  * download throughput of a 1 GiB file from WAICO's Hugging Face resolve
#    route versus nginx (Debian package) serving the very same blob file from
#    the same disk, both on loopback, page cache warm, best of 3 with curl;
#  * upload throughput of the same file (streamed PUT, hashed and verified);
#  * WAICO's peak resident memory during the upload and the downloads.
# Search latencies are measured by crates/commons/benches/search_bench.rs.
#
#   scripts/bench-commons.sh [size-in-MiB]   (default 1024)
#
# BENCH_DIR (default target/) holds the node's data folder and the nginx root:
# both servers read the same blob file from it. It needs twice the size free.
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-1024}"
command -v nginx >/dev/null || apt-get install -y -qq nginx >/dev/null
[ -x target/release/waico ] || cargo build --release --quiet --bin waico
work="$(mktemp -d -p "${BENCH_DIR:-$PWD/target}" bench-commons.XXXXXX)"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
WAICO_BIN=./target/release/waico
. scripts/bench-node.sh
start_node 18180 WAICO_COMMONS_MAX_FILE_BYTES=$((4 * 1024 * 1024 * 1024))
write_token
curl -sf "${auth[@]}" -H 'content-type: application/json' \
  -d '{"kind":"model","owner":"bench","name":"big"}' "$base/api/v1/commons/repos" > /dev/null

echo "generating $mib MiB of random bytes…"
head -c "$((mib * 1024 * 1024))" /dev/urandom > "$work/big.bin"
size=$(stat -c %s "$work/big.bin")
sha=$(sha256sum "$work/big.bin" | cut -d' ' -f1)
cat "$work/big.bin" > /dev/null # into the page cache

peak_kb=0
watch_rss() { # samples VmRSS of waico until the file $1 exists
  local max=0 kb
  while [ ! -f "$1" ]; do
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$waico_pid/status")
    [ "$kb" -gt "$max" ] && max=$kb
    sleep 0.05
  done
  echo "$max" > "$1.rss"
}

idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$waico_pid/status")
watch_rss "$work/up.done" &
up=$(curl -sf "${auth[@]}" -T "$work/big.bin" -H 'content-type: application/octet-stream' \
  -w '%{speed_upload} %{time_total}' -o /dev/null "$base/api/v1/commons/models/bench/big/blobs/$sha")
touch "$work/up.done"; wait $!
up_rss=$(cat "$work/up.done.rss")
curl -sf "${auth[@]}" -H 'content-type: application/json' \
  -d "{\"message\":\"big\",\"changes\":[{\"op\":\"put\",\"path\":\"big.bin\",\"size\":$size,\"sha256\":\"$sha\"}]}" \
  "$base/api/v1/commons/models/bench/big/commits" > /dev/null

blob="$work/data/artifacts/blobs/${sha:0:2}/$sha"
[ -f "$blob" ] || { echo "blob not where expected: $blob"; exit 1; }
mkdir -p "$work/nginx/root/bench/big/resolve/main" "$work/nginx/logs"
ln "$blob" "$work/nginx/root/bench/big/resolve/main/big.bin" 2>/dev/null || ln -s "$blob" "$work/nginx/root/bench/big/resolve/main/big.bin"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $work/nginx/tmp;
  proxy_temp_path $work/nginx/tmp;
  fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp;
  scgi_temp_path $work/nginx/tmp;
  server { listen 127.0.0.1:18190; root $work/nginx/root; }
}
EOF
mkdir -p "$work/nginx/tmp"
chmod -R a+rX "$work/nginx/root" && chmod a+x "$work" "$work/nginx" && chmod a+r "$blob"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"

best() { # url → best of three downloads, bytes/s
  local b=0 s
  for _ in 1 2 3; do
    s=$(curl -sf -o /dev/null -w '%{speed_download}' "$1")
    s=${s%.*}
    [ "$s" -gt "$b" ] && b=$s
  done
  echo "$b"
}
watch_rss "$work/down.done" &
waico_bps=$(best "$base/bench/big/resolve/main/big.bin")
touch "$work/down.done"; wait $!
down_rss=$(cat "$work/down.done.rss")
nginx_bps=$(best "http://127.0.0.1:18190/bench/big/resolve/main/big.bin")
range_ok=$(curl -sf -r 1000-1999 -o - "$base/bench/big/resolve/main/big.bin" | cmp - <(tail -c +1001 "$work/big.bin" | head -c 1000) && echo yes || echo NO)

mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB/s", b / 1e6 }'; }
echo
echo "file: $size bytes; machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| measure | value |\n|---|---|\n'
printf '| download, WAICO (resolve route, best of 3) | %s |\n' "$(mb "$waico_bps")"
printf '| download, nginx (same blob file, sendfile) | %s |\n' "$(mb "$nginx_bps")"
printf '| WAICO / nginx | %s |\n' "$(awk -v a="$waico_bps" -v b="$nginx_bps" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
printf '| upload, WAICO (streamed PUT, SHA-256 verified, %ss) | %s |\n' "$(cut -d' ' -f2 <<<"$up" | cut -c1-5)" "$(mb "$(cut -d' ' -f1 <<<"$up" | cut -d. -f1)")"
printf '| WAICO RSS idle | %s MB |\n' "$((idle_kb / 1024))"
printf '| WAICO peak RSS during the upload | %s MB |\n' "$((up_rss / 1024))"
printf '| WAICO peak RSS during the downloads | %s MB |\n' "$((down_rss / 1024))"
printf '| ranged read of 1000 bytes correct | %s |\n' "$range_ok"
