#!/usr/bin/env bash
# Capacity exchange benchmark (issue 12), run by hand, never in CI:
#   1. allocation of REQUESTS requests over OFFERS offers (seeded synthetic round):
#      WAICO's allocator (Lagrangian decomposition + exchange-improved greedy) against
#      HiGHS (highspy, from PyPI, in a venv under target/) solving the same MILP,
#      written by the allocator in LP format, in the same run;
#   2. fellowship matching of APPLICANTS applicants over PROGRAMS programs.
# Prints both results and the ratios (objective and time, WAICO / HiGHS).
#
# Usage: scripts/bench-capacity.sh   (env: REQUESTS OFFERS SEED LIMIT APPLICANTS PROGRAMS)
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${REQUESTS:-100000}
OFFERS=${OFFERS:-2000}
SEED=${SEED:-1}
LIMIT=${LIMIT:-600}
APPLICANTS=${APPLICANTS:-50000}
PROGRAMS=${PROGRAMS:-5000}
out=target/bench-capacity
mkdir -p "$out"

venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q highspy

cargo build --release -q -p waico-capacity --example capacity_bench
bench=target/release/examples/capacity_bench
timed() { /usr/bin/time -f '{"max_rss_kb":%M,"wall_seconds":%e,"cpu_seconds":%U}' -o "$1" "${@:2}"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
timed "$out/waico.time" "$bench" allocate "$REQUESTS" "$OFFERS" "$SEED" "$LIMIT" --lp "$out/model.lp" > "$out/waico.json"
timed "$out/highs.time" "$venv/bin/python" scripts/bench_capacity_highs.py "$out/model.lp" "$LIMIT" > "$out/highs.json"
timed "$out/match.time" "$bench" match "$APPLICANTS" "$PROGRAMS" "$SEED" > "$out/match.json"
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def load(name):
    with open(f"{out}/{name}") as f:
        return json.loads(f.read().strip().splitlines()[-1])
w, h, m = load("waico.json"), load("highs.json"), load("match.json")
wt, ht, mt = load("waico.time"), load("highs.time"), load("match.time")
print(f"allocation: {w['requests']} requests, {w['offers']} offers, {w['pairs']} eligible pairs")
print(f"  WAICO: objective {w['objective']:.1f}, bound {w['bound']:.1f} (gap {100*w['gap']:.3f}%), "
      f"solve {w['solve_seconds']:.2f} s wall / {w['solve_cpu_seconds']:.2f} s CPU, process max RSS {wt['max_rss_kb']/1024:.0f} MiB")
print(f"  HiGHS: status {h['status']}, objective {h['objective']:.1f}, bound {h['bound']}, "
      f"solve {h['solve_seconds']:.2f} s wall / {h['solve_cpu_seconds']:.2f} s CPU, process max RSS {ht['max_rss_kb']/1024:.0f} MiB")
print(f"  ratio objective WAICO/HiGHS = {w['objective']/h['objective']:.5f}  (floor >= 0.99)")
print(f"  ratio time      WAICO/HiGHS = {w['solve_cpu_seconds']/max(h['solve_cpu_seconds'], 0.01):.3f} CPU  (goal <= 1)")
print(f"matching: {m['applicants']} applicants, {m['programs']} programs, {m['matched']} matched, "
      f"{m['seconds']:.3f} s wall / {m['cpu_seconds']:.2f} s CPU (floor < 1 s), max RSS {mt['max_rss_kb']/1024:.0f} MiB")
PY
