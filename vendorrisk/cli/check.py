"""`vendorrisk check FILE` and `vendorrisk search NAME`: thin shells around `Screener`."""
from __future__ import annotations

import os
import shutil
import sys
import warnings
from contextlib import contextmanager

import click

from vendorrisk.cli import commands
from vendorrisk.config import load_settings
from vendorrisk.errors import ConfigError, InputError
from vendorrisk.model import SupplierRow, has_visible
from vendorrisk.screening.outcome import DEFAULT_FAIL_ON, FAIL_ON, summary_line

FORMAT_NAMES = ("text", "json", "csv", "markdown", "html", "sarif")
# The user's own rows and columns with the verdict columns appended: `check` only (docs/formats.md).
ANNOTATED_NAMES = ("annotated-csv", "annotated-xlsx")


def screening_options(func):
    """Options shared by `check` and `search`."""
    for option in reversed((
        click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`)."),
        click.option("--threshold", type=click.FloatRange(0, 100), help="Minimum match score (default 80)."),
        click.option("--fail-on", type=click.Choice(FAIL_ON), default=DEFAULT_FAIL_ON, show_default=True,
                     help="Exit 1 when a finding has this severity or more, or a supplier this verdict or worse."),
        click.option("--max-list-age", type=click.IntRange(0), help="Fail (exit 2) when a list is older (days)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                     help="Write the report here instead of standard output."),
        click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False),
                     help="Decisions file of reviewed outcomes (default: .vendorrisk-decisions.yaml when present)."),
    )):
        func = option(func)
    return func


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES + ANNOTATED_NAMES), default="text",
              show_default=True, help="annotated-xlsx needs --output FILE.")
@click.option("--name-column", help="Column holding the supplier name (detected when omitted).")
@click.option("--country-column", help="Column holding the supplier country (detected when omitted).")
@click.option("--encoding", help="Text encoding of the file (detected when omitted).")
@click.option("--delimiter", help="Field delimiter, or 'tab' (sniffed when omitted).")
@click.option("--sheet", help="Worksheet of an .xlsx file to read (default: the first visible sheet).")
@click.option("--header-row", type=click.IntRange(1), help="Row of the header, when rows come before it "
                                                           "(a title in an ERP export); CSV and .xlsx.")
@click.option("--include-clean", is_flag=True, help="CSV/Markdown: also list suppliers without findings.")
@click.option("--strict", is_flag=True, help="Fail (exit 2) when any row has to be skipped.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for screening large files.")
@click.option("--no-hints", is_flag=True, help="No 'what next' note after the table on a terminal "
                                                "(also VENDORRISK_HINTS=0).")
@screening_options
def check(file, fmt, name_column, country_column, encoding, delimiter, sheet, header_row, include_clean, strict,
          jobs, no_hints, profile, threshold, fail_on, max_list_age, output, decisions_path):
    """Screen a supplier file (CSV, TSV, XLSX or a vendor manifest) against every list.

    JSON reports are streamed: a file of any size is screened without holding all
    rows or results in memory, and the bytes do not depend on --jobs.

    Example: vendorrisk check suppliers.csv --format json --output report.json --jobs 2
    """
    from vendorrisk.formats import BINARY_FORMATS
    from vendorrisk.screening.pipeline import ReadOptions, screen_file

    if fmt in BINARY_FORMATS and output is None:
        raise click.UsageError(f"--format {fmt} writes a workbook: give --output FILE.{fmt.rsplit('-', 1)[-1]}")

    now = _now()
    settings = load_settings({"profile": profile, "threshold": threshold, "max_list_age_days": max_list_age,
                              "hints": False if no_hints else None})
    read = ReadOptions(name_column=name_column, country_column=country_column, encoding=encoding,
                       delimiter=delimiter, sheet=sheet, header_row=header_row, strict=strict)
    line = _screening_line(file, fmt, output)
    try:  # an error line, too, starts on a clean line
        screener = _screener(settings, now, line)
        with _output(output, fmt, include_clean, line) as out:
            screened = screen_file(file, screener, now=now, read=read, jobs=jobs, output=out, progress=line,
                                   decisions=_decisions(decisions_path))
    finally:
        if line is not None:
            line.clear()
    to_terminal = output is None and sys.stdout.isatty()
    _summary_to_stderr(screened, quiet=to_terminal and fmt != "json")
    _format_notes(screened, fmt)
    if to_terminal and fmt == "text" and settings.hints:
        from vendorrisk.cli.hints import what_next

        click.echo("\n" + what_next(screened.report, min(shutil.get_terminal_size().columns, 88)))
    sys.exit(screened.tally.exit_code(fail_on))


def _screening_line(file: str, fmt: str, output: str | None):
    """The progress line of a screening on a terminal (stderr), or None.

    None too when a JSON report streams to that same terminal: its rows are the progress.
    """
    from vendorrisk.cli.progress import CountLine, on_terminal

    if not on_terminal() or (fmt == "json" and output is None and on_terminal(sys.stdout)):
        return None
    line = CountLine(sys.stderr, f"vendorrisk: {file}")
    line.say("loading the lists")
    return line


@click.command()
@click.argument("name")
@click.option("--country", help="Supplier's country (ISO code or name: CN, CHN, China), used as evidence.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("--explain", is_flag=True, help="Show how each score was reached, word by word.")
@screening_options
def search(name, country, fmt, explain, profile, threshold, fail_on, max_list_age, output, decisions_path):
    """Screen one supplier name and show every finding with its evidence.

    Example: vendorrisk search "Hikvision UK Ltd" --country GB --explain
    """
    from vendorrisk.screening.pipeline import screen_file

    if not has_visible(name):
        raise InputError("the name to search is empty (or only invisible characters); nothing to screen")
    now = _now()
    settings = load_settings({"profile": profile, "threshold": threshold, "max_list_age_days": max_list_age})
    screener = _screener(settings, now, _index_line())
    row = SupplierRow(name=name, country=country, fields={"name": name, **({"country": country} if country else {})})
    with _output(output, None if explain and fmt == "text" else fmt, include_clean=True) as out:
        screened = screen_file([row], screener, now=now, output=out, decisions=_decisions(decisions_path))
        if out is None:
            from vendorrisk.formats.explain import render_explanation

            _write(render_explanation(screened.report), output)
    if not (explain and fmt == "text"):
        _summary_to_stderr(screened, quiet=output is None and sys.stdout.isatty())
        _format_notes(screened, fmt)
    sys.exit(screened.tally.exit_code(fail_on))


def _index_line():
    """A progress line for an index build on a terminal (stderr), or None."""
    from vendorrisk.cli.progress import CountLine, on_terminal

    return CountLine(sys.stderr, "vendorrisk") if on_terminal() else None


def _screener(settings, now, line=None):
    """The screener for `settings`; on a terminal (`line`), a missing index is built with progress shown."""
    from vendorrisk.screening.screener import Screener

    shown = warnings.showwarning  # the command group's: one plain line per warning

    def show(*args, **kwargs) -> None:
        if line is not None:
            line.clear()
        shown(*args, **kwargs)

    with warnings.catch_warnings():
        warnings.showwarning = show
        if line is not None:
            _build_index(settings, line)
        return Screener.open(settings, now)


def _decisions(path: str | None):
    """The decisions file given, or the default one when it exists in the current folder; None without one."""
    if path is None and not os.path.isfile(".vendorrisk-decisions.yaml"):
        return None
    from vendorrisk.decisions import load_decisions

    return load_decisions(path or ".vendorrisk-decisions.yaml")


def _build_index(settings, line) -> None:
    """Build the index now when it is missing, showing how far along it is."""
    from vendorrisk.lists.catalog import ListCatalog

    catalog = ListCatalog(settings.home, include_bundled=settings.bundled_lists)
    if not catalog.has_index():
        index, _ = catalog.open_index(progress=line.entries)
        index.close()
        line.clear()


def _now():
    from vendorrisk.formats import report_timestamp

    return report_timestamp(os.environ)


@contextmanager
def _output(output: str | None, fmt: str | None, include_clean: bool, line=None):
    """Where the report goes: standard output or the --output file (None: the caller writes it).

    On a terminal, the progress `line` is erased before the report's first byte.
    """
    from vendorrisk.cli.progress import ClearsFirst, on_terminal
    from vendorrisk.screening.pipeline import ReportOutput

    if fmt is None:
        yield None
    elif output is None:
        # NOTE: only a report on the progress line's own terminal needs it erased first.
        stream = ClearsFirst(sys.stdout, line) if line is not None and on_terminal(sys.stdout) else sys.stdout
        yield ReportOutput(fmt, stream, color=fmt == "text" and sys.stdout.isatty(), include_clean=include_clean)
    else:
        from vendorrisk.formats import BINARY_FORMATS

        with _ReportFile(output, binary=fmt in BINARY_FORMATS) as handle:
            yield ReportOutput(fmt, handle, include_clean=include_clean)


class _ReportFile:
    """The --output file, created at its first write: a run that fails before its report leaves none.

    Its folder is checked at once, so a mistyped path fails before a long screening.
    """

    def __init__(self, output: str, binary: bool = False) -> None:
        folder = os.path.dirname(output) or "."
        if not os.path.isdir(folder):
            raise ConfigError(f"--output {output}: cannot write the report (no folder {folder})")
        self.output, self.binary, self.handle = output, binary, None

    def write(self, data: str | bytes) -> int:
        if self.handle is None:
            self.handle = _open_output(self.output, self.binary)
        return self.handle.write(data)

    def __enter__(self) -> _ReportFile:
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    with _open_output(output) as handle:
        handle.write(text)


def _open_output(output: str, binary: bool = False):
    try:
        if binary:
            return open(output, "wb")
        # NOTE: names and paths from argv may hold undecodable bytes (surrogate escapes); "?" them.
        return open(output, "w", encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot write the report ({exc.strerror})") from exc


def _format_notes(screened, fmt: str) -> None:
    """What the SARIF log leaves out or cannot place (also inside the log), one stderr line each."""
    if fmt == "sarif":
        from vendorrisk.formats.sarif import sarif_log

        for note in sarif_log(screened.report)[1]:
            click.echo(f"vendorrisk: note: {note}", err=True)


def _summary_to_stderr(screened, quiet: bool) -> None:
    """The summary line and the report's warnings, unless a text report on the terminal already said it all."""
    if quiet:
        return
    click.echo(summary_line(screened.tally.summary()), err=True)
    from vendorrisk.formats.base import one_line

    for warning in screened.report.warnings:
        click.echo(f"vendorrisk: warning: {one_line(warning)}", err=True)


commands.ALL.extend([check, search])
