"""Arrow batch size and task count for Spark screening: distinct names per second in one session.

Writes a master of distinct names (spark_vs_check.py's `varied_master`: the real names,
then realistic variants of them) and cuts it into disjoint slices of `--slice` rows.
In one Spark session on `--master` it screens one slice per configuration the way
`spark-check` does (CSV read, rows spread by a hash of the name over T tasks, `screen`,
Parquet written), with `spark.sql.execution.arrow.maxRecordsPerBatch` set to B. The
configurations are every `--batches` size at `--tasks`' first count, and every other
task count at Spark's default batch size; they alternate round by round. Each slice is
new to the workers, so their result caches serve nothing, and a warm-up slice first
starts the Python workers and loads the index, so the times are past start-up. Each run
is timed by wall clock and by the CPU time of this process and all its descendants (the
JVM, the Python workers): on a machine shared with other jobs, CPU seconds per name are
the steadier figure.

Last, a probe asks the session's Python workers for their process ids and the screeners
they hold, before and after the timed runs: whether the index loaded once per worker is
kept across tasks and jobs (`spark.python.worker.reuse`).

    python benchmarks/spark_batches.py --home HOME [--master local[2]] [--slice 100000] [--rounds 2]
        [--batches 1000 5000 10000 50000] [--tasks 8 2 32]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import SHARED, base_rows, import_lists  # noqa: E402
from benchmarks.spark_vs_check import varied_master  # noqa: E402
from vendorrisk.config import load_settings  # noqa: E402

BATCH_KEY = "spark.sql.execution.arrow.maxRecordsPerBatch"
SPARK_DEFAULT_BATCH = 10_000


def slices(master: Path, size: int, folder: Path) -> list[Path]:
    """`master` cut into CSV files of `size` rows each (the last, shorter one dropped)."""
    with master.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header, rows = next(reader), list(reader)
    paths = []
    for number, start in enumerate(range(0, len(rows) - size + 1, size)):
        path = folder / f"slice-{number:03d}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([header, *rows[start:start + size]])
        paths.append(path)
    return paths


def tree_cpu() -> float:
    """CPU seconds of this process and every live descendant (and the children they reaped), from /proc."""
    tick, parents, used = os.sysconf("SC_CLK_TCK"), {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
            used[int(entry.name)] = sum(int(v) for v in fields[11:15]) / tick
    tree, grew = {os.getpid()}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree, grew = tree | more, bool(more)
    return sum(used[pid] for pid in tree)


def screen_slice(spark, settings, path: Path, out: Path, batch: int, tasks: int) -> tuple[float, float]:
    """Wall and CPU seconds to screen one CSV slice as spark-check does, with this batch size and task count."""
    from pyspark.sql import functions as F

    from vendorrisk.integrations.spark import screen
    from vendorrisk.integrations.spark_files import CSV_OPTIONS

    spark.conf.set(BATCH_KEY, str(batch))
    start, cpu = time.perf_counter(), tree_cpu()
    df = spark.read.options(**CSV_OPTIONS).csv(str(path)).repartition(tasks, F.col("name"))
    screen(df, "name", "country", settings=settings).write.mode("overwrite").parquet(str(out))
    return time.perf_counter() - start, tree_cpu() - cpu


def probe(spark, tasks: int) -> list[tuple[int, int]]:
    """(process id, screeners held) of the Python workers that run `tasks` small tasks, distinct, sorted."""
    def report(batches):
        import pyarrow as pa

        from vendorrisk.integrations import spark as integration

        for _ in batches:
            yield pa.RecordBatch.from_pydict({"pid": [os.getpid()], "held": [len(integration._WORKERS)]})

    found = spark.range(0, tasks, numPartitions=tasks).mapInArrow(report, "pid long, held long").collect()
    return sorted({(row.pid, row.held) for row in found})


def configurations(batches: list[int], tasks: list[int]) -> list[tuple[int, int]]:
    """(batch, tasks): each batch size at the first task count, then each other task count at Spark's default."""
    default_batch = SPARK_DEFAULT_BATCH if SPARK_DEFAULT_BATCH in batches else batches[0]
    return [(b, tasks[0]) for b in batches] + [(default_batch, t) for t in tasks[1:]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="list store (filled once when empty)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--slice", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batches", type=int, nargs="+", default=[1_000, 5_000, 10_000, 50_000])
    parser.add_argument("--tasks", type=int, nargs="+", default=[8, 2, 32])
    args = parser.parse_args()
    import_lists(args.home, args.shared / "data" / "lists")
    settings = load_settings({"home": str(args.home)})
    configs = configurations(args.batches, args.tasks)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        benign, positives = base_rows(args.shared)
        needed = args.slice * (len(configs) * args.rounds + 1)
        varied_master(list(dict.fromkeys(positives + benign)), needed, work / "master.csv")
        parts = iter(slices(work / "master.csv", args.slice, work))
        results = run(args, settings, configs, parts, work)
    print(json.dumps(summary(results, args)))
    return 0


def run(args, settings, configs: list[tuple[int, int]], parts, work: Path) -> dict:
    """The warm-up, the timed rounds and the two probes of one session."""
    from vendorrisk.integrations.spark_files import _session

    spark = _session(args.master, None)
    reuse = spark.sparkContext.getConf().get("spark.python.worker.reuse", "true (Spark's default)")
    warm, _ = screen_slice(spark, settings, next(parts), work / "out.parquet", SPARK_DEFAULT_BATCH, args.tasks[0])
    before = probe(spark, 16)
    print(json.dumps({"warm_up_seconds": round(warm, 2), "worker_reuse": reuse, "workers_before": before}),
          flush=True)
    times: dict[tuple[int, int], list[tuple[float, float]]] = {c: [] for c in configs}
    for number in range(args.rounds):
        for batch, tasks in configs if number % 2 == 0 else configs[::-1]:
            load = os.getloadavg()[0]
            seconds, cpu = screen_slice(spark, settings, next(parts), work / "out.parquet", batch, tasks)
            times[(batch, tasks)].append((seconds, cpu))
            print(json.dumps({"round": number + 1, "batch": batch, "tasks": tasks, "seconds": round(seconds, 2),
                              "cpu_seconds": round(cpu, 2), "distinct_per_s": round(args.slice / seconds),
                              "cpu_us_per_name": round(cpu / args.slice * 1e6),
                              "load_before_after": [round(load, 2), round(os.getloadavg()[0], 2)]}), flush=True)
    after = probe(spark, 16)
    spark.stop()
    return {"times": times, "workers_before": before, "workers_after": after, "worker_reuse": reuse}


def summary(results: dict, args) -> dict:
    """Median distinct names per second and CPU per name of each configuration, and each against Spark's default."""
    rates = {c: args.slice / statistics.median(w for w, _ in t) for c, t in results["times"].items()}
    cpus = {c: statistics.median(u for _, u in t) / args.slice * 1e6 for c, t in results["times"].items()}
    default = (SPARK_DEFAULT_BATCH, args.tasks[0])
    base, base_cpu = rates.get(default), cpus.get(default)
    return {"slice_rows": args.slice, "master": args.master, "worker_reuse": results["worker_reuse"],
            "workers_before": results["workers_before"], "workers_after": results["workers_after"],
            "configurations": [{"batch": b, "tasks": t, "median_distinct_per_s": round(r),
                                "rate_vs_default": round(r / base, 3) if base else None,
                                "median_cpu_us_per_name": round(cpus[(b, t)]),
                                "cpu_vs_default": round(cpus[(b, t)] / base_cpu, 3) if base_cpu else None}
                               for (b, t), r in rates.items()],
            "load_end": [round(v, 2) for v in os.getloadavg()]}


if __name__ == "__main__":
    sys.exit(main())
