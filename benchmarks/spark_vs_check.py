"""`spark-check` on a local master against `check --jobs N`, per distinct name, on the same files in one run.

Writes two supplier CSVs from the real names benchmarks/screening.py uses (benign
corpus plus eval-dev positives, fixed seed): `--rows` rows that repeat each distinct
name about twice, and a master with no repeated names (each distinct row once). Each
is screened by `vendorrisk check FILE --format json --jobs N` and by `vendorrisk
spark-check FILE OUT.parquet --master local[N]`, alternately, as a user runs them (the
console script beside this interpreter). A 200-row file gives each command's fixed
cost (interpreter, JVM and Spark session start, index load), so the steady rate is
distinct names / (wall - fixed wall). Prints one JSON line per run and a summary.

    python benchmarks/spark_vs_check.py --home HOME [--rows 200000] [--jobs 2] [--repeat 1]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import SHARED, base_rows, import_lists, vendorrisk_cmd, write_suppliers  # noqa: E402


def distinct_master(source: Path, path: Path) -> int:
    """Each distinct (name, country) row of `source` once; how many."""
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, rows = next(reader), list(dict.fromkeys(tuple(r) for r in reader))
    seen, kept = set(), []
    for row in rows:
        key = (row[1], row[2])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *kept])
    return len(kept)


def timed(command: list[str], home: Path) -> dict:
    """Wall time and exit status of one command."""
    env = {**os.environ, "VENDORRISK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1"}
    load, start = os.getloadavg()[0], time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return {"seconds": round(wall, 2), "load_before_after": [round(load, 2), round(os.getloadavg()[0], 2)]}


def run_both(file: Path, work: Path, home: Path, jobs: int) -> dict:
    """`check` and `spark-check` on one file."""
    script = vendorrisk_cmd()
    out = work / "out.parquet"
    shutil.rmtree(out, ignore_errors=True)
    check = timed([*script, "check", str(file), "--format", "json", "--output", str(work / "report.json"),
                   "--fail-on", "never", "--jobs", str(jobs)], home)
    spark = timed([*script, "spark-check", str(file), str(out), "--master", f"local[{jobs}]", "--overwrite",
                   "--fail-on", "never"], home)
    return {"check": check, "spark": spark}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="list store (filled once when empty)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    import_lists(args.home, args.shared / "data" / "lists")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        repeated = work / "repeated.csv"
        facts = write_suppliers(repeated, args.rows, *base_rows(args.shared))
        distinct = distinct_master(repeated, work / "distinct.csv")
        write_suppliers(work / "small.csv", 200, *base_rows(args.shared))
        files = {"small": (work / "small.csv", None), "repeated": (repeated, facts["distinct_rows"]),
                 "distinct": (work / "distinct.csv", distinct)}
        results: dict[str, list[dict]] = {name: [] for name in files}
        for _ in range(args.repeat):
            for name, (file, _) in files.items():
                found = run_both(file, work, args.home, args.jobs)
                results[name].append(found)
                print(json.dumps({"file": name, **found}), flush=True)
        print(json.dumps(summary(results, files, args)))
    return 0


def summary(results: dict, files: dict, args) -> dict:
    """Distinct names per second of each command, end to end and past its fixed cost, and their ratio."""
    def median(name: str, tool: str) -> float:
        values = sorted(r[tool]["seconds"] for r in results[name])
        return values[len(values) // 2]

    out = {"rows": args.rows, "jobs": args.jobs}
    for name in ("repeated", "distinct"):
        distinct = files[name][1]
        rates = {}
        for tool in ("check", "spark"):
            wall, fixed = median(name, tool), median("small", tool)
            rates[tool] = {"wall": wall, "fixed": fixed, "distinct_per_s": round(distinct / wall),
                           "steady_distinct_per_s": round(distinct / (wall - fixed)) if wall > fixed else None}
        steady = rates["check"]["steady_distinct_per_s"], rates["spark"]["steady_distinct_per_s"]
        out[name] = {"distinct_names": distinct, **rates,
                     "spark_over_check_end_to_end": round(rates["spark"]["distinct_per_s"]
                                                          / rates["check"]["distinct_per_s"], 2),
                     "spark_over_check_steady": round(steady[1] / steady[0], 2) if all(steady) else None}
    return out


if __name__ == "__main__":
    sys.exit(main())
