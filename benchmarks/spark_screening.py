"""Time `vendorrisk.integrations.spark.screen` on a local Spark session over the real shared lists.

Builds a supplier master of `--rows` rows (default 1,000,000) by cycling through the
50,290 real benign names of ../shared/data/corpora/benign_names.csv plus the labelled
positives of ../shared/eval-dev (about 1 row in 77 is a positive), screens it on
`--master` (default local[2]), writes the findings to Parquet, and prints the wall time
and rows/s. Because the master repeats its ~51,000 distinct names, each Python worker's
result cache serves most rows: the figure is for a master with that duplication, and
the single-machine rate on distinct names is printed beside it for comparison.

Finally it checks the Spark findings for `--verify` distinct positives against an
in-process `Screener` on the same index: they must be identical.

    python benchmarks/spark_screening.py --home HOME [--rows N] [--master local[2]] [--verify 300]

HOME is a list store with the shared lists imported (see benchmarks/import_lists.py
`--keep`); without --home, they are imported into a temporary store first.
"""
from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

from vendorrisk.config import Settings
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


Row = tuple[str, str | None]


def base_rows(shared: Path) -> tuple[list[Row], list[Row]]:
    """Distinct (name, country) rows (benign corpus, then eval-dev positives), and the positives alone."""
    with (shared / "data/corpora/benign_names.csv").open(encoding="utf-8") as handle:
        rows = [(r["name"], r["country"] or None) for r in csv.DictReader(handle)]
    with (shared / "eval-dev/labels.csv").open(encoding="utf-8") as handle:
        positive = {r["supplier_id"] for r in csv.DictReader(handle) if r["kind"] not in ("benign", "ambiguous")}
    with (shared / "eval-dev/suppliers.csv").open(encoding="utf-8") as handle:
        positives = [(r["name"], r["country"] or None) for r in csv.DictReader(handle) if r["supplier_id"] in positive]
    return list(dict.fromkeys(rows + positives)), list(dict.fromkeys(positives))


def supplier_master(spark, rows: list[Row], count: int, partitions: int):
    """`count` rows with ids 0..count-1, row i being `rows[i % len(rows)]`."""
    from pyspark.sql import functions as F

    base = spark.createDataFrame([(i, n, c) for i, (n, c) in enumerate(rows)], "k long, name string, country string")
    ids = spark.range(0, count, numPartitions=partitions).withColumn("k", F.col("id") % len(rows))
    return ids.join(F.broadcast(base), "k").select(F.col("id").alias("supplier_id"), "name", "country")


def single_machine_rate(settings: Settings, rows: list[Row], sample: int) -> float:
    """Rows/s of one in-process `Screener` (one core) on the first `sample` distinct rows of the master."""
    screener = Screener(settings)
    picked = rows[:sample]
    start = time.perf_counter()
    for name, country in picked:
        screener.screen_row(SupplierRow(name=name, country=country))
    return len(picked) / (time.perf_counter() - start)


def verify(spark, settings: Settings, positives: list[Row]) -> tuple[int, int]:
    """Spark findings vs in-process findings on the same rows; returns (rows, findings) and asserts equality."""
    from vendorrisk.integrations.spark import finding_values, screen

    df = spark.createDataFrame([(i, n, c) for i, (n, c) in enumerate(positives)], "i long, name string, country string")
    fields = ("rule", "severity", "kind", "score", "entry_id", "matched_name", "citation_reference", "listed_on")
    got = sorted((r.i, *(r[f] for f in fields)) for r in screen(df, "name", "country", settings=settings).collect())
    screener = Screener(settings)
    want = []
    for i, (name, country) in enumerate(positives):
        result = screener.screen_row(SupplierRow(name=name, country=country))
        want += [(i, *(finding_values(result, f)[k] for k in fields)) for f in result.findings]
    assert got == sorted(want), "Spark findings differ from the single-machine Screener"
    return len(positives), len(got)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="list store with the shared lists imported")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--verify", type=int, default=300, help="distinct positives to check against Screener")
    parser.add_argument("--baseline", type=int, default=1000, help="distinct rows for the single-machine rate")
    args = parser.parse_args()
    home = args.home or _imported_home(args.shared)
    settings = Settings(home=home)
    rows, positives = base_rows(args.shared)
    report(run(args, settings, rows, positives), args, len(rows), len(positives))


def run(args, settings: Settings, rows: list[Row], positives: list[Row]) -> dict[str, float]:
    """Every timing of one benchmark run."""
    from pyspark.sql import SparkSession

    from vendorrisk.integrations.spark import ship_index, screen

    t0 = time.perf_counter()
    spark = (SparkSession.builder.master(args.master).appName("vendorrisk-benchmark")
             .config("spark.ui.enabled", "false").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    t1 = time.perf_counter()
    ship_index(spark, settings)
    t2 = time.perf_counter()
    master = supplier_master(spark, rows, args.rows, args.partitions)
    with tempfile.TemporaryDirectory() as out:
        screen(master, "name", "country", settings=settings).write.parquet(f"{out}/findings.parquet")
        t3, load = time.perf_counter(), os.getloadavg()[1]
        found = spark.read.parquet(f"{out}/findings.parquet")
        findings, suppliers = found.count(), found.select("supplier_id").distinct().count()
    checked = verify(spark, settings, positives[: args.verify])
    rate = single_machine_rate(settings, rows, args.baseline)
    spark.stop()
    return {"session": t1 - t0, "index": t2 - t1, "screen": t3 - t2, "load": load, "findings": findings,
            "flagged": suppliers, "verified_rows": checked[0], "verified_findings": checked[1], "single": rate}


def report(t: dict[str, float], args, distinct: int, positives: int) -> None:
    """Print the figures as a small Markdown table."""
    print(f"| rows | {args.rows:,} ({distinct:,} distinct names, {positives:,} of them eval-dev positives) |")
    print(f"| master / partitions | {args.master} / {args.partitions} |")
    print(f"| Spark session start | {t['session']:.1f} s |")
    print(f"| index open/build + ship | {t['index']:.1f} s |")
    print(f"| screen + write Parquet (wall) | {t['screen']:.1f} s |")
    print(f"| throughput | {args.rows / t['screen']:,.0f} rows/s |")
    print(f"| machine load (5-min average when screening ended; {os.cpu_count()} CPUs) | {t['load']:.1f} |")
    print(f"| findings / suppliers flagged | {t['findings']:,.0f} / {t['flagged']:,.0f} |")
    print(f"| single-machine Screener, distinct names, 1 core | {t['single']:,.0f} rows/s |")
    print(f"| identical to Screener | yes, {t['verified_rows']:,} positives, {t['verified_findings']:,} findings |")


def _imported_home(shared: Path) -> Path:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    from import_lists import import_all
    from vendorrisk.lists.store import Store

    home = Path(tempfile.mkdtemp(prefix="vendorrisk-spark-bench-"))
    import_all(Store(home), shared / "data" / "lists")
    return home


if __name__ == "__main__":
    main()
