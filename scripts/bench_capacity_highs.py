"""Solves an LP-format allocation model with HiGHS (highspy) and prints one JSON line.

Usage: bench_capacity_highs.py MODEL.lp TIME_LIMIT_SECONDS [--relax]
"""
import json
import sys
import time

import highspy

path, limit = sys.argv[1], float(sys.argv[2])
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("time_limit", limit)
h.setOptionValue("threads", 1)
started = time.perf_counter()
h.readModel(path)
read = time.perf_counter() - started
if "--relax" in sys.argv:
    h.setOptionValue("solver", "simplex")
    lp = h.getLp()
    import numpy as np
    lp.integrality_ = []
    h.passModel(lp)
started = time.perf_counter()
h.run()
solve = time.perf_counter() - started
info = h.getInfo()
status = h.modelStatusToString(h.getModelStatus())
print(json.dumps({
    "status": status,
    "read_seconds": round(read, 3),
    "solve_seconds": round(solve, 3),
    "objective": info.objective_function_value,
    "bound": getattr(info, "mip_dual_bound", None),
    "gap": getattr(info, "mip_gap", None),
}))
