"""Parquet and CSV in and out of `vendorrisk.integrations.spark.screen`: what `spark-check` runs.

Reads a supplier file with Spark, picks the name and country columns the same way
`check` does, screens it, writes the findings (CSV cells made spreadsheet-safe as the
CSV report does) and counts what was written. Spark failures, including those raised
in the Python workers, become one `StoreError` line for the CLI.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from typing import Any

from vendorrisk.config import Settings
from vendorrisk.errors import StoreError
from vendorrisk.integrations.spark import require_pyspark, screen, worker_python

# NOTE: Spark's CSV default escapes quotes with a backslash; RFC 4180 (and every ERP
# export) doubles them, so `"` must be its own escape. Text only: no type inference.
CSV_OPTIONS = {"header": "true", "inferSchema": "false", "escape": '"', "encoding": "UTF-8"}
# Each task costs the workers and the JVM about a CPU second of its own (benchmarks/spark_batches.py):
# 8 tasks on 2 cores took 1.2 times the CPU per name of 2 tasks on 60,000 names, 16 tasks 1.5 times.
TASKS_PER_CORE = 1


def screen_file(input_path: str, in_format: str, output_path: str, out_format: str, *,
                settings: Settings, master: str | None = None, name_col: str | None = None,
                country_col: str | None = None, include_clean: bool = False,
                overwrite: bool = False, decisions=None,
                spark_log: str | None = None) -> tuple[dict[str, int], tuple[str, ...]]:
    """Read a Parquet/CSV file, screen it with `screen`, write the result, and count it.

    CSV input is read as text with a header row; CSV output has list columns joined
    with ``; ``, evidence and listings as JSON and formula-like cells neutralised, as the CSV report does.

    Args:
        decisions: reviewed decisions (`vendorrisk.decisions.DecisionsFile`) to mark findings with;
            rows a decision closes are counted as ``decided``, not by severity.
        spark_log: where a Spark started here writes its own log: a file, ``-`` for the
            terminal, or None to discard it.

    Returns:
        Output rows by severity, plus ``skipped``, ``clean`` and ``decided`` counts; and the warnings
        about the lists screened against (stale, or bundled lists only), as `check` gives.

    Raises:
        InputError: no name column can be found, or a chosen column does not exist.
    """
    require_pyspark()
    from vendorrisk.inputs.columns import choose_columns

    spark = _session(master, spark_log)
    reader = spark.read.options(**CSV_OPTIONS) if in_format == "csv" else spark.read
    with _spark_errors():
        df = reader.format(in_format).load(input_path)
        name_col, country_col = choose_columns(tuple(df.columns), name_col, country_col,
                                               path=input_path, line=None)
        df = by_name(df, name_col)
        result = screen(df, name_col, country_col, settings.profile, settings, include_clean=include_clean,
                        decisions=decisions)
        counts = _write_and_count(result, output_path, out_format, overwrite)
    return counts, list_warnings(settings)


def _write_and_count(result: Any, output_path: str, out_format: str, overwrite: bool) -> dict[str, int]:
    from pyspark.sql import functions as F

    table = for_csv(result) if out_format == "csv" else result
    writer = table.write.format(out_format).mode("overwrite" if overwrite else "errorifexists")
    (writer.options(**CSV_OPTIONS) if out_format == "csv" else writer).save(output_path)
    written = result.sparkSession.read.format(out_format).options(**CSV_OPTIONS).load(output_path)
    kind = F.when(F.col("suppressed").cast("boolean"), "decided").otherwise(
        F.coalesce("severity", F.when(F.col("verdict") == "skipped", "skipped").otherwise("clean")))
    return {row["k"]: row["count"] for row in written.groupBy(kind.alias("k")).count().collect()}


def by_name(df: Any, name_col: str) -> Any:
    """`df` spread over one task per core by its name column, so each distinct name meets one worker's cache.

    A file of a few megabytes is one input split, so one core would screen it all; and
    without this, each worker would screen every name again that the others screened.
    More tasks than cores only add each task's own cost; an input already split into
    more partitions keeps their number.
    """
    from pyspark.sql import functions as F

    spark = df.sparkSession
    tasks = max(spark.sparkContext.defaultParallelism * TASKS_PER_CORE, df.rdd.getNumPartitions())
    return df.repartition(tasks, F.col(f"`{name_col}`"))


def _session(master: str | None, spark_log: str | None) -> Any:
    """The active Spark session, or a new one whose JVM output goes to `spark_log`."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    if SparkContext._active_spark_context is None:
        conf = SparkConf().setAppName("vendorrisk spark-check")
        conf = conf.setMaster(master) if master else conf
        if spark_log != "-":
            conf.set("spark.ui.showConsoleProgress", "false")
        with _log_stream(spark_log) as stream:
            # NOTE: launch_gateway's popen_kwargs is pyspark's documented way to capture the JVM's output.
            gateway = launch_gateway(conf, popen_kwargs={} if stream is None else {"stdout": stream,
                                                                                    "stderr": stream})
        SparkContext(conf=conf, gateway=gateway)
    builder = SparkSession.builder.appName("vendorrisk spark-check")
    return (builder.master(master) if master else builder).getOrCreate()


@contextlib.contextmanager
def _log_stream(spark_log: str | None) -> Iterator[Any]:
    if spark_log == "-":
        yield None
    elif spark_log is None:
        yield subprocess.DEVNULL
    else:
        with open(spark_log, "ab") as stream:  # the JVM holds its own copy of the descriptor
            yield stream


def list_warnings(settings: Settings) -> tuple[str, ...]:
    """Plain-language warnings about the lists `settings` screens against (see `Screener.warnings`)."""
    from vendorrisk.screening.screener import Screener

    screener = Screener(settings)
    return screener.warnings(screener.lists_used(dt.datetime.now(dt.timezone.utc)))


def for_csv(df: Any) -> Any:
    """`df` with lists joined by ``; ``, evidence and listings as JSON, formula-like text neutralised."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType

    columns = []
    for field in df.schema.fields:
        col = F.col(f"`{field.name}`")
        if field.name in ("evidence", "listings"):
            col = F.to_json(col)
        elif isinstance(field.dataType, ArrayType):
            col = F.concat_ws("; ", col)
        elif isinstance(field.dataType, StringType):
            col = F.when(col.rlike("^[=+\\-@\t\r]"), F.concat(F.lit("'"), col)).otherwise(col)
        columns.append(col.alias(field.name))
    return df.select(*columns)


@contextlib.contextmanager
def _spark_errors() -> Iterator[None]:
    """Spark and worker failures as one `VendorRiskError` line (the last line of the cause)."""
    from pyspark.errors import PySparkException

    try:
        yield
    except PySparkException as exc:
        text = str(exc)
        missing = _MISSING_MODULE.search(text)
        if missing:
            raise StoreError(f"the Spark job failed: its Python workers cannot import {missing.group(1)!r}; "
                             f"they run {worker_python()!r}: set PYSPARK_PYTHON to a Python that has "
                             "vendorrisk[spark] installed") from exc
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        cause = next((line for line in reversed(lines) if line.startswith("vendorrisk.errors.")), lines[0])
        raise StoreError(f"the Spark job failed: {cause.removeprefix('vendorrisk.errors.')}") from exc


_MISSING_MODULE = re.compile(r"ModuleNotFoundError: No module named '([^']+)'")

