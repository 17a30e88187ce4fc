"""100,000 suppliers end to end with `check --jobs N`, against brute-force rapidfuzz WRatio, in one run.

Writes the 100,000-row supplier file benchmarks/screening.py uses (fixed seed), then
alternates, `--runs` times: `vendorrisk check FILE --format json --output OUT --jobs N`
for each checkout given with `--checkout` (PYTHONPATH; the first is A, the others
are baselines), and brute force: rapidfuzz `process.cdist` with `fuzz.WRatio` of a
sample of normalised supplier names against every normalised list name, on all
cores. Brute force per supplier divided by `check` per supplier (end to end, start
and writing included) is the speed-up. Prints one JSON line per measurement and the
medians. The reports of every checkout are compared byte for byte.

    python benchmarks/throughput.py --home HOME --checkout /path/a --checkout /path/b [--runs 3]
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from benchmarks.screening import (EPOCH, SHARED, base_rows, import_lists, sample_rows,  # noqa: E402
                                  vendorrisk_cmd, write_suppliers)
from vendorrisk.config import load_settings  # noqa: E402
from vendorrisk.normalize import normalize_name  # noqa: E402
from vendorrisk.screening.screener import Screener  # noqa: E402


def timed_check(checkout: Path, home: Path, file: Path, out: Path, jobs: int) -> dict:
    env = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": str(EPOCH), "PYTHONPATH": str(checkout)}
    load, start = os.getloadavg()[0], time.perf_counter()
    subprocess.run([*vendorrisk_cmd(), "check", str(file), "--format", "json", "--output", str(out),
                    "--fail-on", "never", "--jobs", str(jobs)], env=env, check=True, capture_output=True)
    return {"seconds": round(time.perf_counter() - start, 2), "load_before": round(load, 2)}


def brute(queries: list[str], choices: list[str]) -> float:
    start = time.perf_counter()
    process.cdist(queries, choices, scorer=fuzz.WRatio, score_cutoff=80, workers=-1, dtype="uint8")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, nargs="+", required=True,
                        help="list store per checkout (one for all, or one each: index formats may differ)")
    parser.add_argument("--checkout", type=Path, action="append", required=True)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    homes = args.home if len(args.home) == len(args.checkout) else args.home[:1] * len(args.checkout)
    for home in dict.fromkeys(homes):
        import_lists(home, args.shared / "data" / "lists")
    benign, positives = base_rows(args.shared)
    screener = Screener(load_settings({"home": str(homes[0])}, environ={}))
    choices = [" ".join(screener.index.name(i).tokens) for i in range(screener.index.size)]
    queries = [" ".join(normalize_name(name).tokens) for name, _ in sample_rows(benign, positives, args.sample)]
    times: dict[str, list[float]] = {str(c): [] for c in args.checkout}
    brute_times: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        file = Path(work) / "suppliers.csv"
        write_suppliers(file, args.rows, benign, positives)
        for run in range(args.runs):
            for number, (checkout, home) in enumerate(zip(args.checkout, homes)):
                found = timed_check(checkout, home, file, Path(work) / f"report-{number}.json", args.jobs)
                times[str(checkout)].append(found["seconds"])
                print(json.dumps({"run": run, "checkout": str(checkout), **found}), flush=True)
            brute_times.append(round(brute(queries, choices), 2))
            print(json.dumps({"run": run, "brute_force_seconds": brute_times[-1], "sample": len(queries),
                              "list_names": len(choices), "load": round(os.getloadavg()[0], 2)}), flush=True)
        same = all(filecmp.cmp(Path(work) / "report-0.json", Path(work) / f"report-{n}.json", shallow=False)
                   for n in range(1, len(args.checkout)))
    brute_per_supplier = statistics.median(brute_times) / len(queries)
    summary = {"rows": args.rows, "jobs": args.jobs, "identical_reports": same,
               "brute_force_ms_per_supplier": round(brute_per_supplier * 1000, 1)}
    for checkout, walls in times.items():
        wall = statistics.median(walls)
        summary[checkout] = {"median_seconds": wall, "suppliers_per_second": round(args.rows / wall),
                             "times_faster_than_brute_force": round(brute_per_supplier / (wall / args.rows))}
    first = statistics.median(times[str(args.checkout[0])])
    summary["ratios_first_over_others"] = {c: round(first / statistics.median(w), 3)
                                           for c, w in list(times.items())[1:]}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
