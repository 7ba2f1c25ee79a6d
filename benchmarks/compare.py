#!/usr/bin/env python3
"""Prints the cost of the C ABI relative to the C++ API from one benchmark run.

Usage: compare.py RESULTS.json [--max-overhead 0.10]

RESULTS.json is Google Benchmark's --benchmark_format=json output of
pmkit_io_benchmark. Each BM_*CAbi benchmark is paired with its BM_*Cpp twin
(same arguments) and their ratio printed; both ran in the same process, so
machine noise affects them alike. Exits 1 when any ratio exceeds
1 + max-overhead.
"""
import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--max-overhead", type=float, default=0.10)
    args = parser.parse_args()
    with open(args.results, encoding="utf-8") as f:
        runs = json.load(f)["benchmarks"]
    # With repetitions, use the medians; otherwise the single runs.
    medians = [r for r in runs if r.get("aggregate_name") == "median"]
    chosen = medians or [r for r in runs if r.get("run_type", "iteration") == "iteration"]
    times = {r.get("run_name", r["name"]): r["cpu_time"] for r in chosen}
    worst = 0.0
    rows = []
    for name, cabi_time in sorted(times.items()):
        if "CAbi" not in name:
            continue
        twin = name.replace("CAbi", "Cpp")
        if twin not in times:
            continue
        ratio = cabi_time / times[twin]
        worst = max(worst, ratio)
        rows.append((name.replace("BM_", ""), ratio))
    if not rows:
        print("no C ABI / C++ benchmark pairs found", file=sys.stderr)
        return 2
    for name, ratio in rows:
        print(f"{name:45s} C ABI / C++ = {ratio:.3f}")
    limit = 1 + args.max_overhead
    verdict = "within" if worst <= limit else "OVER"
    print(f"worst ratio {worst:.3f}: {verdict} the {limit:.2f} limit")
    return 0 if worst <= limit else 1


if __name__ == "__main__":
    sys.exit(main())
