"""`vendorrisk check FILE` and `vendorrisk search NAME`: thin shells around `Screener`."""
from __future__ import annotations

import os
import sys
import warnings

import click

from vendorrisk.cli import commands
from vendorrisk.config import load_settings
from vendorrisk.errors import ConfigError, InputError
from vendorrisk.model import SupplierRow
from vendorrisk.report import SEVERITIES, VERDICTS, Report, severity_rank, verdict_rank

FORMAT_NAMES = ("text", "json", "csv", "markdown", "html", "sarif")
FAIL_ON = (*SEVERITIES, *VERDICTS[1:], "never")
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def screening_options(func):
    """Options shared by `check` and `search`."""
    for option in reversed((
        click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`)."),
        click.option("--threshold", type=click.FloatRange(0, 100), help="Minimum match score (default 80)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default="info", show_default=True,
                     help="Exit 1 when a finding has this severity or more, or a supplier this verdict or worse."),
        click.option("--max-list-age", type=click.IntRange(0), help="Fail (exit 2) when a list is older (days)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report here instead of standard output."),
    )):
        func = option(func)
    return func


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("--name-column", help="Column holding the supplier name (detected when omitted).")
@click.option("--country-column", help="Column holding the supplier country (detected when omitted).")
@click.option("--encoding", help="Text encoding of the file (detected when omitted).")
@click.option("--delimiter", help="Field delimiter, or 'tab' (sniffed when omitted).")
@click.option("--include-clean", is_flag=True, help="CSV/Markdown: also list suppliers without findings.")
@click.option("--strict", is_flag=True, help="Fail (exit 2) when any row has to be skipped.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for screening large files.")
@screening_options
def check(file, fmt, name_column, country_column, encoding, delimiter, include_clean, strict, jobs,
          profile, threshold, fail_on, max_list_age, output):
    """Screen a supplier file (CSV, TSV, XLSX or a vendor manifest) against every list.

    JSON reports are streamed: a file of any size is screened without holding all
    rows or results in memory, and the bytes do not depend on --jobs.

    Example: vendorrisk check suppliers.csv --format json --output report.json --jobs 2
    """
    from vendorrisk.inputs import read_suppliers

    screener = _screener(profile, threshold, max_list_age)
    stream = read_suppliers(file, name_column=name_column, country_column=country_column,
                            encoding=encoding, delimiter=delimiter)
    rows = _strict_rows(stream, file) if strict else stream
    if fmt == "json":
        _check_streaming(screener, rows, file, output, jobs, fail_on)
    report = _screen_in_memory(screener, rows, file, jobs)
    _emit(report, fmt, output, include_clean)
    sys.exit(_exit_code(report, fail_on))


def _strict_rows(rows, file):
    from vendorrisk.model import SkippedRow

    for row in rows:
        if isinstance(row, SkippedRow):
            raise InputError(f"row skipped: {row.reason}", path=file, line=row.line)
        yield row


def _check_streaming(screener, rows, file, output, jobs, fail_on) -> None:
    from vendorrisk.screening.workers import write_json_report

    progress = _progress()
    if output is None:
        tally = write_json_report(screener, rows, sys.stdout, now=_now(), input_path=file, jobs=jobs,
                                  progress=progress)
    else:
        with _open_output(output) as handle:
            tally = write_json_report(screener, rows, handle, now=_now(), input_path=file, jobs=jobs,
                                      progress=progress)
    if progress:
        click.echo("", err=True)
    summary = tally.summary()
    verdicts = ", ".join(f"{n} {v}" for v, n in summary.by_verdict.items() if n) or "none screened"
    click.echo(f"vendorrisk: {summary.suppliers} suppliers: {verdicts}; {summary.skipped} skipped", err=True)
    for warning in screener.warnings(tuple(screener.list_used(s, _now()) for s in screener.snapshots)):
        click.echo(f"vendorrisk: warning: {warning}", err=True)
    sys.exit(EXIT_FINDINGS if fail_on != "never" and tally.fails(fail_on) else EXIT_CLEAN)


def _screen_in_memory(screener, rows, file, jobs) -> Report:
    if jobs <= 1:
        return screener.screen(rows, now=_now(), input_path=file)
    from vendorrisk.screening.workers import screen_serialised
    from vendorrisk.report import SupplierResult

    skipped: list = []
    results = [SupplierResult.model_validate_json(text)
               for text, *_ in screen_serialised(screener, rows, skipped, jobs=jobs, progress=_progress())]
    return screener.report([*results, *skipped], now=_now(), input_path=file)


def _progress():
    """A stderr counter on a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        return None
    done = [0]

    def advance(count: int) -> None:
        done[0] += count
        click.echo(f"\rvendorrisk: screened {done[0]:,} suppliers", err=True, nl=False)
    return advance


@click.command()
@click.argument("name")
@click.option("--country", help="Supplier's country (ISO code), used as evidence.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("--explain", is_flag=True, help="Show how each score was reached, word by word.")
@screening_options
def search(name, country, fmt, explain, profile, threshold, fail_on, max_list_age, output):
    """Screen one supplier name and show every finding with its evidence.

    Example: vendorrisk search "Hikvision UK Ltd" --country GB --explain
    """
    screener = _screener(profile, threshold, max_list_age)
    row = SupplierRow(name=name, country=country, fields={"name": name, **({"country": country} if country else {})})
    report = screener.screen([row], now=_now())
    if explain and fmt == "text":
        from vendorrisk.formats.explain import render_explanation

        _write(render_explanation(report), output)
    else:
        _emit(report, fmt, output, include_clean=True)
    sys.exit(_exit_code(report, fail_on))


def _screener(profile, threshold, max_list_age):
    from vendorrisk.screening.screener import Screener
    from vendorrisk.screening.staleness import check_list_age

    flags = {"profile": profile, "threshold": threshold, "max_list_age_days": max_list_age}
    settings = load_settings(flags)
    with warnings.catch_warnings():  # e.g. a damaged store: one plain line, not Python's warning format
        warnings.showwarning = lambda message, *_a, **_k: click.echo(f"vendorrisk: warning: {message}", err=True)
        screener = Screener(settings)
    check_list_age(screener, _now())
    return screener


def _now():
    from vendorrisk.formats import report_timestamp

    return report_timestamp(os.environ)


def _emit(report: Report, fmt: str, output: str | None, include_clean: bool) -> None:
    from vendorrisk.formats import render

    color = fmt == "text" and output is None and sys.stdout.isatty()
    _write(render(report, fmt, color=color, include_clean=include_clean), output)
    _summary_to_stderr(report, output)


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    with _open_output(output) as handle:
        handle.write(text)


def _open_output(output: str):
    try:
        # NOTE: names and paths from argv may hold undecodable bytes (surrogate escapes); "?" them.
        return open(output, "w", encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot write the report ({exc.strerror})") from exc


def _summary_to_stderr(report: Report, output: str | None) -> None:
    if output is None and sys.stdout.isatty():
        return  # the text report on the terminal already says it all
    s = report.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s.by_verdict.items() if n) or "none screened"
    click.echo(f"vendorrisk: {s.suppliers} suppliers: {verdicts}; {s.skipped} skipped", err=True)
    for warning in report.warnings:
        click.echo(f"vendorrisk: warning: {warning}", err=True)


def _exit_code(report: Report, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_CLEAN
    for supplier in report.suppliers:
        if fail_on in VERDICTS and verdict_rank(supplier.verdict) >= verdict_rank(fail_on):
            return EXIT_FINDINGS
        if fail_on in SEVERITIES and any(severity_rank(f.severity) >= severity_rank(fail_on)
                                         for f in supplier.findings):
            return EXIT_FINDINGS
    return EXIT_CLEAN


commands.ALL.extend([check, search])
