"""One screening run, for every entry point: supplier rows in, a report out.

`check` calls `screen_file` with a path, `search` with one row, the hook with each
manifest, the Python API (`Screener.screen`, `vendorrisk.screen`) with any rows.
The flow is one-way:

    read rows (vendorrisk.inputs) -> assess each distinct name once (workers, in
    processes when jobs > 1) -> one sink: the in-memory report, or the streaming JSON
    writer (formats.json_stream) -> the rendered report -> a `Screened`

and the caller decides what it means (`outcome`: summary, fail-on, exit code).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from vendorrisk.decisions.apply import DecisionIndex
from vendorrisk.decisions.model import DecisionsFile
from vendorrisk.errors import InputError
from vendorrisk.formats.json_stream import JsonReportWriter, findings_json
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.report import Report, SupplierResult
from vendorrisk.screening.outcome import Tally
from vendorrisk.screening.workers import Assessment, assess_rows

if TYPE_CHECKING:
    from vendorrisk.screening.screener import Screener

Row = SupplierRow | SkippedRow
# A file of at least this size is worth loading the whole index into memory for.
PRELOAD_FROM_BYTES = 256 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How to read a supplier file (see `vendorrisk.inputs.read_suppliers`); `strict` refuses skipped rows."""

    name_column: str | None = None
    country_column: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    strict: bool = False


@dataclass(frozen=True)
class ReportOutput:
    """Where and how to write the report: a format name of `vendorrisk.formats.FORMATS`, and a stream.

    The stream is binary (`IO[bytes]`) for a format of `vendorrisk.formats.BINARY_FORMATS`, text otherwise.
    """

    format: str
    stream: IO[str] | IO[bytes]
    color: bool = False
    include_clean: bool = False


@dataclass(frozen=True)
class Screened:
    """A finished run: its report and its counts.

    Attributes:
        report: the whole report; when it was streamed as JSON, the report without
            its suppliers (they went straight to the output).
        tally: counts and the worst outcome, for the summary and `--fail-on`.
        input_warnings: what reading the file warned about (also in `report.warnings`), e.g.
            other sheets holding data, or manifest names read from a key other than `name`.
    """

    report: Report
    tally: Tally
    input_warnings: tuple[str, ...] = ()


def screen_file(source: str | Path | Iterable[Row | str], screener: Screener, *, now: dt.datetime,
                input_path: str | None = None, read: ReadOptions = ReadOptions(), jobs: int = 1,
                output: ReportOutput | None = None,
                progress: Callable[[int], None] | None = None, decisions: DecisionsFile | None = None) -> Screened:
    """Screen a supplier file (a path) or rows, and write the report to `output` when given.

    With `decisions`, each finding is marked with the reviewed decision that applies
    (`vendorrisk.decisions.apply`), and the counts (summary, `--fail-on`) leave out
    findings that a holding false-positive or accepted-risk decision closes.

    Raises:
        InputError: the file cannot be read, or (with `read.strict`) a row had to be skipped.
    """
    rows, input_path, preload = _rows(source, read, input_path, jobs)
    stream = rows  # its warnings are read once every row has been (an identifier may fail its check)
    rows = _strict(rows, input_path) if read.strict else rows
    decided = _Decided(screener, decisions, now.date()) if decisions and decisions.decisions else None
    if output is not None and output.format == "json":
        screened = _stream_json(screener, rows, output.stream, now=now, input_path=input_path, jobs=jobs,
                                preload=preload, progress=progress, warned=stream, decided=decided)
        return Screened(screened.report, screened.tally, tuple(getattr(stream, "warnings", ())))
    screened = _collect(screener, rows, now=now, input_path=input_path, jobs=jobs, preload=preload,
                        progress=progress, decided=decided)
    warned = tuple(getattr(stream, "warnings", ()))
    if warned:
        screened = Screened(_with_warnings(screened.report, warned), screened.tally, warned)
    if output is not None:
        _write_report(screened.report, output)
    return screened


def _write_report(report: Report, output: ReportOutput) -> None:
    from vendorrisk.formats import BINARY_FORMATS, render, render_bytes

    if output.format in BINARY_FORMATS:
        output.stream.write(render_bytes(report, output.format))  # type: ignore[arg-type]
    else:
        output.stream.write(render(report, output.format, color=output.color,  # type: ignore[arg-type]
                                   include_clean=output.include_clean))


def _with_warnings(report: Report, warned: tuple[str, ...]) -> Report:
    """The report with the input's warnings before the lists' and rules'."""
    return report.model_copy(update={"warnings": (*warned, *report.warnings)})


def _rows(source, read: ReadOptions, input_path: str | None, jobs: int) -> tuple[Iterable[Row], str | None, bool]:
    """The rows to screen, the path to name in the report, and whether to preload the index."""
    if isinstance(source, (str, Path)):
        from vendorrisk.inputs import read_suppliers

        rows = read_suppliers(source, name_column=read.name_column, country_column=read.country_column,
                              encoding=read.encoding, delimiter=read.delimiter, sheet=read.sheet,
                              header_row=read.header_row)
        preload = jobs == 1 and _size(source) >= PRELOAD_FROM_BYTES
        return rows, input_path or str(source), preload
    return (SupplierRow(name=r) if isinstance(r, str) else r for r in source), input_path, False


def _size(path: str | Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # reading it says why


def _strict(rows: Iterable[Row], path: str | None) -> Iterable[SupplierRow]:
    for row in rows:
        if isinstance(row, SkippedRow):
            raise InputError(f"row skipped: {row.reason}", path=path, line=row.line)
        yield row


class _Decided:
    """Reviewed decisions applied to each result as it arrives, and the counts that honour them."""

    def __init__(self, screener: Screener, decisions: DecisionsFile, today: dt.date) -> None:
        self.index, self.verdict = DecisionIndex(decisions, today), screener.policy.verdict

    def result(self, row: SupplierRow, found: Assessment) -> tuple[SupplierResult, tuple]:
        """The row's result with its findings marked, and the arguments of `Tally.add` for what is still open."""
        result = self.index.apply(SupplierResult(input=row.input_fields(), line=row.line, name=row.name,
                                                 country=row.country, verdict=found.verdict,
                                                 findings=found.findings))
        counted = tuple(f for f in result.findings if not f.suppressed)
        return result, (self.verdict(counted), [f.severity for f in counted],
                        [c for f in counted for c in f.rules or (f.rule,)], row.country)


def _collect(screener: Screener, rows: Iterable[Row], *, now: dt.datetime, input_path: str | None, jobs: int,
             preload: bool, progress, decided: _Decided | None = None) -> Screened:
    counts, skipped, results = Tally(), [], []
    for row, found in assess_rows(screener, rows, skipped, jobs=jobs, preload=preload, progress=progress):
        if decided is not None:
            result, counted = decided.result(row, found)
            results.append(result)
            counts.add(*counted)
            continue
        results.append(SupplierResult(input=row.input_fields(), line=row.line, name=row.name,
                                      country=row.country, verdict=found.verdict, findings=found.findings))
        counts.add(found.verdict, found.severities, found.rules, row.country)
    counts.skipped = len(skipped)
    report = screener.report_frame(counts, tuple(skipped), now=now, input_path=input_path,
                                   suppliers=tuple(results))
    return Screened(report, counts)


def _stream_json(screener: Screener, rows: Iterable[Row], out: IO[str], *, now: dt.datetime,
                 input_path: str | None, jobs: int, preload: bool, progress, warned: object,
                 decided: _Decided | None = None) -> Screened:
    """Write the report as rows are assessed; `warned` is the row source, whose warnings end it."""
    counts, skipped = Tally(), []
    encoding = "json" if decided is None else "objects"  # decisions are applied to objects, then encoded
    with JsonReportWriter(out) as writer:
        for row, found in assess_rows(screener, rows, skipped, jobs=jobs, encoding=encoding, preload=preload,
                                      progress=progress):
            if decided is not None:
                result, counted = decided.result(row, found)
                writer.add(row, found.verdict, findings_json(result.findings))
                counts.add(*counted)
                continue
            writer.add(row, found.verdict, found.findings)
            counts.add(found.verdict, found.severities, found.rules, row.country)
        counts.skipped = len(skipped)
        frame = screener.report_frame(counts, tuple(skipped), now=now, input_path=input_path)
        warnings = tuple(getattr(warned, "warnings", ()))
        frame = _with_warnings(frame, warnings) if warnings else frame
        writer.finish(frame)
    return Screened(frame, counts)
