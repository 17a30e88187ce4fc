"""`spark-check` on a local master against `check --jobs N`, per distinct name, on the same files in one run.

Writes two supplier CSVs from the real names benchmarks/screening.py uses (benign
corpus plus eval-dev positives, fixed seed): `--rows` rows that repeat each distinct
name about twice, and a master with no repeated names: each distinct row once, or with
`--distinct-rows N` (e.g. 1,000,000) N rows of distinct names, the real ones followed
by variants of them written the ways registries vary names (list_scaling.py's `vary`,
fixed seed). `--only distinct` skips the repeating file. Each
is screened by `vendorrisk check FILE --format json --jobs N` and by `vendorrisk
spark-check FILE OUT.parquet --master local[N]`, alternately, as a user runs them (the
console script beside this interpreter). A 200-row file gives each command's fixed
cost (interpreter, JVM and Spark session start, index load), so the steady rate is
distinct names / (wall - fixed wall). Prints one JSON line per run and a summary.

    python benchmarks/spark_vs_check.py --home HOME [--rows 200000] [--jobs 2] [--repeat 1]
        [--distinct-rows 1000000] [--only distinct]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.list_scaling import SEED, vary  # noqa: E402
from benchmarks.screening import SHARED, base_rows, import_lists, vendorrisk_cmd, write_suppliers  # noqa: E402
from vendorrisk.integrations.spark_files import TASKS_PER_CORE  # noqa: E402

SPARK_DEFAULT_BATCH = 10_000  # spark.sql.execution.arrow.maxRecordsPerBatch, which spark-check leaves alone


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


def varied_master(rows: list[tuple[str, str]], count: int, path: Path) -> int:
    """`count` rows of distinct names: `rows`' own, then variants of them (`vary`, fixed seed); how many.

    Names count as the same when they differ only in case or spacing, so no row is a
    trivial copy of another; each variant keeps its original's country.
    """
    rng, seen, kept = random.Random(SEED), set(), []

    def add(name: str, country: str) -> None:
        key = " ".join(name.casefold().split())
        if key and key not in seen and len(kept) < count:
            seen.add(key)
            kept.append((name, country))

    for name, country in rows:
        add(name, country)
    for _ in range(1000):
        if len(kept) >= count:
            break
        for name, country in rows:
            add(vary(name, rng), country)
    rng.shuffle(kept)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["supplier_id", "name", "country"])
        out.writerows((f"D{i:07d}", name, country) for i, (name, country) in enumerate(kept, 1))
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
    parser.add_argument("--distinct-rows", type=int, default=0,
                        help="rows of the master without repeats, made by varying the real names (0: each real one once)")
    parser.add_argument("--only", choices=("repeated", "distinct"), help="run only this file (and the small one)")
    args = parser.parse_args()
    import_lists(args.home, args.shared / "data" / "lists")
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(Path(folder), args)
        results: dict[str, list[dict]] = {name: [] for name in files}
        for _ in range(args.repeat):
            for name, (file, _) in files.items():
                found = run_both(file, Path(folder), args.home, args.jobs)
                results[name].append(found)
                print(json.dumps({"file": name, **found}), flush=True)
        print(json.dumps(summary(results, files, args)))
    return 0


def write_files(work: Path, args) -> dict[str, tuple[Path, int | None]]:
    """The supplier files of the run, each with its number of distinct names."""
    benign, positives = base_rows(args.shared)
    repeated = work / "repeated.csv"
    facts = write_suppliers(repeated, args.rows, benign, positives)
    if args.distinct_rows:
        distinct = varied_master(list(dict.fromkeys(positives + benign)), args.distinct_rows, work / "distinct.csv")
    else:
        distinct = distinct_master(repeated, work / "distinct.csv")
    write_suppliers(work / "small.csv", 200, benign, positives)
    files = {"small": (work / "small.csv", None), "repeated": (repeated, facts["distinct_rows"]),
             "distinct": (work / "distinct.csv", distinct)}
    return {name: f for name, f in files.items() if args.only is None or name in ("small", args.only)}


def batch_rows() -> int | str:
    """The Arrow batch size spark-check runs with here: Spark's default unless PYSPARK_SUBMIT_ARGS sets one."""
    found = re.search(r"arrow\.maxRecordsPerBatch=(\S+)", os.environ.get("PYSPARK_SUBMIT_ARGS", ""))
    return found.group(1) if found else SPARK_DEFAULT_BATCH


def summary(results: dict, files: dict, args) -> dict:
    """Distinct names per second of each command, end to end and past its fixed cost, and their ratio."""
    def median(name: str, tool: str) -> float:
        values = sorted(r[tool]["seconds"] for r in results[name])
        return values[len(values) // 2]

    out = {"rows": args.rows, "jobs": args.jobs, "spark_tasks_per_core": TASKS_PER_CORE,
           "spark_arrow_batch_rows": batch_rows()}
    for name in (n for n in ("repeated", "distinct") if n in files):
        distinct = files[name][1]
        rows = args.rows if name == "repeated" else distinct
        rates = {}
        for tool in ("check", "spark"):
            wall, fixed = median(name, tool), median("small", tool)
            rates[tool] = {"wall": wall, "fixed": fixed, "rows_per_s": round(rows / wall),
                           "distinct_per_s": round(distinct / wall),
                           "steady_distinct_per_s": round(distinct / (wall - fixed)) if wall > fixed else None}
        steady = rates["check"]["steady_distinct_per_s"], rates["spark"]["steady_distinct_per_s"]
        out[name] = {"rows": rows, "distinct_names": distinct, **rates,
                     "spark_over_check_end_to_end": round(rates["spark"]["distinct_per_s"]
                                                          / rates["check"]["distinct_per_s"], 2),
                     "spark_over_check_steady": round(steady[1] / steady[0], 2) if all(steady) else None}
    return out


if __name__ == "__main__":
    sys.exit(main())
