#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for the given number of seconds each
# (default 60), with cargo-fuzz on the nightly toolchain, and says for each
# how many runs it made and whether it found a crash. Installs cargo-fuzz
# when missing. Findings land in fuzz/artifacts/<target>/, logs in
# fuzz/logs/<target>.log.
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi
mkdir -p logs
status=0
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  if cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 >"logs/$target.log" 2>&1; then
    printf '%-16s %ss  %s\n' "$target" "$seconds" "$(grep -E '^Done [0-9]+ runs' "logs/$target.log" | tail -n1)"
  else
    status=1
    printf '%-16s %ss  FOUND: %s\n' "$target" "$seconds" \
      "$(grep -E 'panicked|SUMMARY|Test unit written' "logs/$target.log" | head -n2 | tr '\n' ' ')"
  fi
done
exit "$status"
