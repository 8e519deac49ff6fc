#!/usr/bin/env python3
"""Node-side benchmark of the capacity exchange: a round of N requests driven
through the JSON API end to end (submit, assign, review, open, run), timed by
phase, against solving the very same round offline with `waico capacity solve`
in the same run (the node's overhead as a ratio).

Usage: scripts/bench-capacity-node.py [WAICO_BINARY] [N]
Starts `waico serve --demo` on a fresh SQLite data directory (the demo's closed
round leaves carried-over offers in the pool for the second half of 2027).
"""

import json
import re
import subprocess
import sys
import tempfile
import time

import requests

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/debug/waico"
N = int(sys.argv[2]) if len(sys.argv) > 2 else 120
PORT = 18095
BASE = f"http://127.0.0.1:{PORT}"
COUNTRIES = ["KE", "NG", "GH", "ET", "ZA", "EG", "SN", "RW", "IN", "BD", "PK", "ID", "VN",
             "PH", "BR", "MX", "CO", "PE", "CL", "MA", "TN", "DE", "FR", "US", "JP", "PL",
             "FJ", "KZ", "JO", "QA"]


def token(user, password):
    s = requests.Session()
    page = s.get(f"{BASE}/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    s.post(f"{BASE}/signin", data={"csrf": csrf, "username": user, "password": password},
           allow_redirects=False)
    page = s.get(f"{BASE}/account").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    page = s.post(f"{BASE}/account/tokens",
                  data={"csrf": csrf, "name": "bench", "scope": "write", "days": "1"}).text
    return re.search(r'id="new-token">([^<]+)<', page).group(1)


def post(tok, path, body):
    r = requests.post(f"{BASE}{path}", json=body, headers={"authorization": f"Bearer {tok}"})
    if r.status_code >= 300:
        raise SystemExit(f"{path}: {r.status_code} {r.text}")
    return r.json() if r.content else None


def main():
    data = tempfile.mkdtemp(prefix="waico-bench-")
    t = time.perf_counter()
    server = subprocess.Popen([BIN, "serve", "--demo", "--data-dir", data,
                               "--listen", f"127.0.0.1:{PORT}"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for _ in range(600):
            try:
                if requests.get(f"{BASE}/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        print(f"server with demo up: {time.perf_counter() - t:.1f} s")
        admin = token("admin", "waico-admin-demo")
        reviewers = [("li.wei", token("li.wei", "waico-delegate-demo")),
                     ("lucia", token("lucia", "waico-delegate-demo"))]
        phases = {}
        t = time.perf_counter()
        post(admin, "/api/v1/capacity/calls", {"id": "bench-call", "title": "Bench", "threshold": 3})
        for i in range(N):
            c = COUNTRIES[i % len(COUNTRIES)]
            post(admin, "/api/v1/capacity/calls/bench-call/requests", {
                "id": f"bench-{i:04}", "title": f"Bench {i}", "abstract": "bench",
                "institution": f"Institute {i}", "country": c,
                "accelerators": [{"model": "H100", "factor": 1}, {"model": "A100", "factor": 0.6},
                                 {"model": "Ascend 910B", "factor": 0.8}, {"model": "L40S", "factor": 0.4}],
                "hours": [2000, 5000, 9000][i % 3], "minimum_hours": [0, 1000, 0][i % 3],
                "window": {"start": "2027-07-01", "end": "2027-12-31"}, "end_use": "research"})
        phases["submit"] = time.perf_counter() - t
        t = time.perf_counter()
        for i in range(N):
            for name, tok in reviewers:
                post(admin, f"/api/v1/capacity/requests/bench-{i:04}/reviewers", {"reviewer": name})
                post(tok, f"/api/v1/capacity/requests/bench-{i:04}/reviews",
                     {"score": 3 + (i + len(name)) % 3, "comment": "ok"})
        phases["review"] = time.perf_counter() - t
        t = time.perf_counter()
        post(admin, "/api/v1/capacity/rounds", {"id": "bench-round", "title": "Bench", "call": "bench-call",
                                                "window_start": "2027-07-01", "window_end": "2027-12-31"})
        result = post(admin, "/api/v1/capacity/rounds/bench-round/run", {"time_limit_seconds": 60})
        phases["open+run"] = time.perf_counter() - t
        # The same round offline: the pool, the reviewed requests with their merit, the policy.
        offers = [o["offer"] for o in requests.get(f"{BASE}/api/v1/capacity/offers").json()
                  if o["round"] == "bench-round"]
        reqs = []
        for e in result["result"]["explanations"]:
            d = requests.get(f"{BASE}/api/v1/capacity/requests/{e['request']}").json()["request"]
            d["abstract"] = d.pop("summary", d.get("abstract", ""))
            reqs.append({"request": d, "merit": e["merit"]})
        round_file = f"{data}/round.json"
        with open(round_file, "w") as f:
            json.dump({"id": "bench-round", "policy": result["policy"], "offers": offers,
                       "requests": reqs}, f)
        t = time.perf_counter()
        subprocess.run([BIN, "capacity", "solve", round_file, "--time-limit", "60"],
                       check=True, stdout=subprocess.DEVNULL)
        offline = time.perf_counter() - t
        print(f"requests {N}, offers in pool {len(offers)}, served {result['totals']['requests_served']}, "
              f"objective {result['result']['objective']:.0f}, gap {result['result']['gap']:.4%}")
        for k, v in phases.items():
            print(f"  {k:10} {v:7.2f} s")
        print(f"  offline solve of the same round (waico capacity solve, process): {offline:.2f} s")
        print(f"  open+run through the API / offline solve: {phases['open+run'] / offline:.2f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
