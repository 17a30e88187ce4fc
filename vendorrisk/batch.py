"""Streaming, parallel screening of large supplier files.

Rows are read lazily, screened in batches by `jobs` worker processes (each with its
own `Screener` over the same read-only index), and written out in input order as
they complete, so neither the rows nor the results of a 1,000,000-row file are ever
all in memory. At most `2 * jobs` batches are in flight at a time.

The JSON written here is byte for byte what `vendorrisk.formats.render(report,
"json")` gives for the same report: results are serialised once, in the worker.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO

from vendorrisk.config import Settings
from vendorrisk.formats.base import dump_json, report_data
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.report import SEVERITIES, VERDICTS, Report, Summary, SupplierResult, severity_rank, verdict_rank

BATCH_SIZE = 256
_INDENT = "    "
_worker_screener = None


@dataclass
class Tally:
    """What the CLI needs to know about a streamed screening: counts and the worst outcomes."""

    by_verdict: Counter = field(default_factory=Counter)
    rule_codes: set[str] = field(default_factory=set)
    screened: int = 0
    skipped: int = 0
    with_findings: int = 0
    findings: int = 0
    worst_verdict: str = "clear"
    worst_severity: str | None = None

    def add(self, verdict: str, severities: list[str], codes: list[str]) -> None:
        """Count one screened supplier."""
        self.screened += 1
        self.by_verdict[verdict] += 1
        self.findings += len(severities)
        self.with_findings += bool(severities)
        self.rule_codes.update(codes)
        if verdict_rank(verdict) > verdict_rank(self.worst_verdict):
            self.worst_verdict = verdict
        for severity in severities:
            if self.worst_severity is None or severity_rank(severity) > severity_rank(self.worst_severity):
                self.worst_severity = severity

    def summary(self) -> Summary:
        """The report summary for these counts."""
        return Summary(suppliers=self.screened + self.skipped, screened=self.screened, skipped=self.skipped,
                       with_findings=self.with_findings, findings=self.findings,
                       by_verdict={v: self.by_verdict.get(v, 0) for v in VERDICTS})

    def fails(self, fail_on: str) -> bool:
        """Whether any supplier reached `fail_on` (a severity or a verdict name)."""
        if fail_on in VERDICTS:
            return verdict_rank(self.worst_verdict) >= verdict_rank(fail_on)
        if fail_on in SEVERITIES:
            return self.worst_severity is not None and severity_rank(self.worst_severity) >= severity_rank(fail_on)
        return False


def _init_worker(settings: Settings) -> None:
    global _worker_screener
    from vendorrisk.screen import Screener  # noqa: PLC0415 - each worker builds its own

    _worker_screener = Screener(settings)
    _worker_screener.prepare_for_batch()


def _screen_batch(rows: list[SupplierRow]) -> list[tuple[str, str, list[str], list[str]]]:
    return [_serialise(_worker_screener.screen_row(row)) for row in rows]  # type: ignore[union-attr]


def _serialise(result: SupplierResult) -> tuple[str, str, list[str], list[str]]:
    text = json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2)
    return (text, result.verdict, [f.severity for f in result.findings], [f.rule for f in result.findings])


def _batches(rows: Iterable[SupplierRow | SkippedRow], skipped: list) -> Iterator[list[SupplierRow]]:
    batch: list[SupplierRow] = []
    for row in rows:
        if isinstance(row, SkippedRow):
            skipped.append(row)
            continue
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def screen_serialised(screener, rows: Iterable[SupplierRow | SkippedRow], skipped: list, *, jobs: int = 1,
                      progress: Callable[[int], None] | None = None) -> Iterator[tuple[str, str, list, list]]:
    """Screen rows in input order and yield each result already serialised as JSON.

    Skipped rows are appended to `skipped` as they are met. With `jobs > 1` the
    batches run in worker processes, at most `2 * jobs` at a time.
    """
    if jobs <= 1:
        screener.prepare_for_batch()
        for batch in _batches(rows, skipped):
            yield from (_serialise(screener.screen_row(row)) for row in batch)
            if progress:
                progress(len(batch))
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(screener.settings,)) as pool:
        pending: deque[tuple[Future, int]] = deque()
        for batch in _batches(rows, skipped):
            pending.append((pool.submit(_screen_batch, batch), len(batch)))
            if len(pending) >= 2 * jobs:
                yield from _collect(pending.popleft(), progress)
        while pending:
            yield from _collect(pending.popleft(), progress)


def _collect(item: tuple[Future, int], progress) -> list:
    future, size = item
    results = future.result()
    if progress:
        progress(size)
    return results


def write_json_report(screener, rows: Iterable[SupplierRow | SkippedRow], out: IO[str], *, now: dt.datetime,
                      input_path: str | None, jobs: int = 1, progress=None) -> Tally:
    """Screen `rows` and write the JSON report to `out`, streaming the supplier results.

    Results are spooled to a temporary file while the summary is counted, then the
    report is written in model order (summary before suppliers) without loading them.
    """
    tally, skipped = Tally(), []
    with tempfile.TemporaryFile("w+", encoding="utf-8", dir=os.environ.get("TMPDIR")) as spool:
        first = True
        for text, verdict, severities, codes in screen_serialised(screener, rows, skipped, jobs=jobs,
                                                                 progress=progress):
            spool.write(("" if first else ",\n") + _INDENT + text.replace("\n", "\n" + _INDENT))
            first = False
            tally.add(verdict, severities, codes)
        tally.skipped = len(skipped)
        frame = screener.report([], now=now, input_path=input_path)
        frame = frame.model_copy(update={"summary": tally.summary(), "skipped": tuple(skipped),
                                         "rules": screener.policy.rule_refs(tally.rule_codes)})
        head, tail = _split_at_suppliers(frame)
        out.write(head)
        if not first:
            out.write("[\n")
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                out.write(chunk)
            out.write("\n  ]")
        else:
            out.write("[]")
        out.write(tail)
    return tally


def _split_at_suppliers(frame: Report) -> tuple[str, str]:
    text = dump_json(report_data(frame))
    marker = '\n  "suppliers": []'
    at = text.index(marker) + len(marker) - 2
    return text[:at], text[at + 2:]
