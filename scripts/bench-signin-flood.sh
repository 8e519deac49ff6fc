#!/usr/bin/env bash
# Issue 9 benchmark, as a script that any build of the node can be put
# through (the test `security::a_flood…` runs only on the current code):
# 100 parallel wrong sign-ins on one account (the demo's `admin`), each
# from its own loopback address (127.0.0.2 …) with its own cookie jar and
# the sign-in form's token, against `waico serve --demo`. While they run,
# the server's resident memory is read and `/healthz` timed every 20 ms.
# Reports the idle and peak resident memory, the worst `/healthz` and the
# answers' status codes.
#
#   WAICO_BIN=<waico binary> scripts/bench-signin-flood.sh [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100}"
bin="${WAICO_BIN:-${CARGO_TARGET_DIR:-target}/release/waico}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=18280
base="http://127.0.0.1:$port"
"$bin" --data-dir "$work/data" --config /nonexistent serve --demo --listen "127.0.0.1:$port" \
  > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -sf "$base/healthz" > /dev/null && break; sleep 0.1; done
sleep 2
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
idle_kb=$(rss_kb)

# Each client fetches the form first (its cookie and token).
for i in $(seq 1 "$n"); do
  addr="127.0.0.$((i + 1))"
  jar="$work/jar$i"
  csrf=$(curl -s --interface "$addr" -c "$jar" -b "$jar" "$base/signin" \
    | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
  printf '%s %s %s %s\n' "$addr" "$jar" "$csrf" "wrong-password-$i" >> "$work/clients"
done

# Watchers: peak memory and worst /healthz, every 20 ms, until told to stop.
( peak=0; while [ ! -f "$work/stop" ]; do
    kb=$(rss_kb); [ "$kb" -gt "$peak" ] && peak=$kb; echo "$peak" > "$work/peak"; sleep 0.02
  done ) &
( worst=0; while [ ! -f "$work/stop" ]; do
    t=$(curl -s -o /dev/null -m 30 -w '%{time_total}' "$base/healthz" || echo 30)
    worst=$(awk -v a="$worst" -v b="$t" 'BEGIN { print (b > a) ? b : a }'); echo "$worst" > "$work/worst"
    sleep 0.02
  done ) &
sleep 0.5

start=$(date +%s.%N)
# shellcheck disable=SC2016
xargs -P "$n" -L1 sh -c 'curl -s -o /dev/null -w "%{http_code}\n" --interface "$0" -c "$1" -b "$1" \
  --data-urlencode "csrf=$2" --data-urlencode "username=admin" --data-urlencode "password=$3" \
  --data-urlencode "next=/account" "'"$base"'/signin"' < "$work/clients" > "$work/codes"
end=$(date +%s.%N)
sleep 1
touch "$work/stop"
wait_kb=$(rss_kb)
sleep 0.2

echo "clients: $n, flood took $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"
echo "answers: $(sort "$work/codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
echo "resident memory: idle $((idle_kb / 1024)) MB, peak $(($(cat "$work/peak") / 1024)) MB (+$((($(cat "$work/peak") - idle_kb) / 1024)) MB), 1 s after $((wait_kb / 1024)) MB"
echo "worst /healthz during the flood: $(cat "$work/worst") s"
