"""Solves an LP-format allocation model with HiGHS (highspy) and prints one JSON line.

Usage: bench_capacity_highs.py MODEL.lp TIME_LIMIT_SECONDS
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
started, cpu_started = time.perf_counter(), time.process_time()
h.run()
solve, cpu = time.perf_counter() - started, time.process_time() - cpu_started
info = h.getInfo()
status = h.modelStatusToString(h.getModelStatus())
print(json.dumps({
    "status": status,
    "read_seconds": round(read, 3),
    "solve_seconds": round(solve, 3),
    "solve_cpu_seconds": round(cpu, 2),
    "objective": info.objective_function_value,
    "bound": getattr(info, "mip_dual_bound", None),
    "gap": getattr(info, "mip_gap", None),
}))
