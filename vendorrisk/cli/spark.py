"""`vendorrisk spark-check INPUT OUTPUT`: screen a Parquet or CSV file on Apache Spark.

A thin shell around `vendorrisk.integrations.spark.screen`. pyspark is imported only when the
command runs, so the rest of the CLI works without the ``spark`` extra.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vendorrisk.cli import commands
from vendorrisk.config import load_settings
from vendorrisk.errors import InputError
from vendorrisk.report import SEVERITIES
from vendorrisk.screening.outcome import EXIT_CLEAN, EXIT_FINDINGS, reaches

FORMATS = {".parquet": "parquet", ".csv": "csv"}


@click.command("spark-check")
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.argument("output_path", metavar="OUTPUT", type=click.Path())
@click.option("--name-column", help="Column holding the supplier name (detected when omitted).")
@click.option("--country-column", help="Column holding the supplier country (detected when omitted).")
@click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`).")
@click.option("--threshold", type=click.FloatRange(0, 100), help="Minimum match score (default 80).")
@click.option("--master", help="Spark master URL, e.g. local[2] (default: spark-submit's or local[*]).")
@click.option("--include-clean", is_flag=True, help="Also write one row per supplier without findings.")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT when it exists.")
@click.option("--max-list-age", type=click.IntRange(0), help="Fail (exit 2) when a list is older (days).")
@click.option("--spark-log", metavar="FILE", envvar="VENDORRISK_SPARK_LOG",
              help="Append Spark's own log and progress to FILE ('-': the terminal); discarded by default.")
@click.option("--fail-on", type=click.Choice((*SEVERITIES, "never")), default="info", show_default=True,
              help="Exit 1 when a finding has this severity or more.")
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False),
              help="Decisions file of reviewed outcomes, matched by supplier name (default: "
                   ".vendorrisk-decisions.yaml when present).")
def spark_check(input_path, output_path, name_column, country_column, profile, threshold, master,
                include_clean, overwrite, max_list_age, spark_log, fail_on, decisions_path):
    """Screen a large Parquet or CSV file on Apache Spark; one output row per finding.

    INPUT and OUTPUT are read and written as Parquet or CSV by their extension
    (OUTPUT is a Spark output folder). Needs `pip install 'vendorrisk[spark]'` and Java.

    Example: vendorrisk spark-check suppliers.parquet findings.parquet --master "local[2]"
    """
    in_format, out_format = _format_of(input_path), _format_of(output_path)
    if _is_local(input_path, master) and not Path(input_path).exists():
        raise InputError("no such file or folder", path=input_path)
    if _is_local(output_path, master) and Path(output_path).exists() and not overwrite:
        raise InputError("already exists; choose another OUTPUT or pass --overwrite", path=output_path)
    settings = load_settings({"profile": profile, "threshold": threshold, "max_list_age_days": max_list_age})
    from vendorrisk.integrations.spark_files import screen_file

    counts, warnings = screen_file(input_path, in_format, output_path, out_format, settings=settings,
                                   master=master, name_col=name_column, country_col=country_column,
                                   include_clean=include_clean, overwrite=overwrite,
                                   decisions=_decisions(decisions_path), spark_log=spark_log)
    found = sum(n for sev, n in counts.items() if sev in SEVERITIES)
    closed = f" ({counts['decided']} more closed by decisions)" if counts.get("decided") else ""
    click.echo(f"vendorrisk: {found} findings{closed}, {counts.get('skipped', 0)} rows skipped; "
               f"written to {output_path}", err=True)
    for warning in warnings:
        click.echo(f"vendorrisk: warning: {warning}", err=True)
    found_severities = [sev for sev in SEVERITIES if counts.get(sev)]
    sys.exit(EXIT_FINDINGS if reaches(fail_on, "clear", found_severities) else EXIT_CLEAN)


def _decisions(path: str | None):
    """The decisions file given, or the default one when it is in the current folder; None without one."""
    if path is None and not Path(".vendorrisk-decisions.yaml").is_file():
        return None
    from vendorrisk.decisions import load_decisions

    return load_decisions(path or ".vendorrisk-decisions.yaml")


def _is_local(path: str, master: str | None) -> bool:
    """Whether `path` is on this machine's disk (else Spark checks it, on its default filesystem)."""
    return "://" not in path and (master or "local").startswith("local")


def _format_of(path: str) -> str:
    suffix = Path(path.rstrip("/")).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"cannot tell the format from {suffix or 'no extension'!r}; "
                         "name the file *.parquet or *.csv", path=path)
    return FORMATS[suffix]


commands.ALL.append(spark_check)
