"""Streaming, parallel screening of large supplier files.

Rows are read lazily, screened in batches by `jobs` worker processes (each with its
own `Screener` over the same read-only index), and written out in input order as
they complete, so neither the rows nor the results of a 1,000,000-row file are ever
all in memory. At most `2 * jobs` batches are in flight at a time.

Supplier masters repeat names (one supplier per business unit, per site), and a
result depends only on the name, country and aliases, so each distinct one is
screened once: the parent remembers the last `REMEMBERED_NAMES` outcomes and sends
the workers only names it has not seen. The workers return each outcome's findings
already serialised; the parent adds the row's own fields.

The JSON written here is byte for byte what `vendorrisk.formats.render(report,
"json")` gives for the same report.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import IO

from vendorrisk.config import Settings
from vendorrisk.formats.base import dump_json, report_data
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.report import SEVERITIES, VERDICTS, Report, Summary, severity_rank, verdict_rank

BATCH_SIZE = 256  # distinct names sent to a worker at a time
MAX_CHUNK_ROWS = 4 * BATCH_SIZE  # rows held back per batch when most are repeats
REMEMBERED_NAMES = 100_000
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


Key = tuple[str, "str | None", tuple[str, ...]]
Outcome = tuple[str, str, list[str], list[str]]  # verdict, findings as JSON, their severities, their rules
Serialised = tuple[str, str, list[str], list[str]]  # result as JSON, verdict, severities, rules


def _init_worker(settings: Settings) -> None:
    global _worker_screener
    from vendorrisk.screening.screener import Screener  # noqa: PLC0415 - each worker builds its own

    _worker_screener = Screener(settings)
    _worker_screener.prepare_for_batch()


def _assess_in_worker(keys: list[Key]) -> list[Outcome]:
    return assess_keys(_worker_screener, keys)


def assess_keys(screener, keys: Iterable[Key]) -> list[Outcome]:
    """Screen distinct (name, country, aliases) keys; each outcome carries its findings as JSON."""
    outcomes = []
    for name, country, aliases in keys:
        verdict, findings = screener.assess(name, country, aliases)
        findings_json = json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False,
                                   indent=2) if findings else "[]"
        outcomes.append((verdict, findings_json, [f.severity for f in findings], [f.rule for f in findings]))
    return outcomes


def result_json(row: SupplierRow, outcome: Outcome) -> str:
    """One supplier result exactly as `render(report, "json")` lays it out (before the report's indent).

    Written out by hand because `json.dumps(..., indent=2)` runs the pure-Python
    encoder, which would cost more than screening a repeated name; the strings go
    through json's own C escaping, and tests compare the bytes with the formatter's.
    """
    verdict, findings_json = outcome[0], outcome[1]
    fields = row.input_fields()
    inputs = "{\n" + ",\n".join(f"    {_dump(k)}: {_dump(v)}" for k, v in fields.items()) + "\n  }" if fields else "{}"
    findings = findings_json.replace("\n", "\n  ")
    return (f'{{\n  "input": {inputs},\n  "line": {_dump(row.line)},\n  "name": {_dump(row.name)},\n'
            f'  "country": {_dump(row.country)},\n  "verdict": {_dump(verdict)},\n  "findings": {findings}\n}}')


def _dump(value: str | int | None) -> str:
    """`json.dumps(value, ensure_ascii=False)` for the scalars of a row, without the encoder's set-up cost."""
    if isinstance(value, str):
        return encode_basestring(value)
    return "null" if value is None else str(int(value))


class _Chunk:
    """Consecutive rows and the distinct names among them not screened before."""

    def __init__(self) -> None:
        self.rows: list[tuple[SupplierRow, list]] = []  # each row with the slot its outcome lands in
        self.new: list[tuple[Key, list]] = []
        self.future: Future | None = None

    def submit(self, run: Callable[[list[Key]], Future]) -> _Chunk:
        if self.new:
            self.future = run([key for key, _ in self.new])
        return self

    def results(self) -> Iterator[Serialised]:
        if self.future is not None:
            for (_, slot), outcome in zip(self.new, self.future.result()):
                slot.append(outcome)
        for row, slot in self.rows:
            verdict, _, severities, rules = outcome = slot[0]
            yield result_json(row, outcome), verdict, severities, rules


class _Remembered:
    """The outcome slots of the most recently seen keys (least recently used are forgotten)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._slots: OrderedDict[Key, list] = OrderedDict()

    def slot(self, key: Key) -> tuple[list, bool]:
        """The key's slot, and whether it is new (its outcome still to be screened)."""
        slot = self._slots.get(key)
        if slot is not None:
            self._slots.move_to_end(key)
            return slot, False
        slot = self._slots[key] = []
        if len(self._slots) > self.size:
            self._slots.popitem(last=False)
        return slot, True


def screen_serialised(screener, rows: Iterable[SupplierRow | SkippedRow], skipped: list, *, jobs: int = 1,
                      progress: Callable[[int], None] | None = None) -> Iterator[Serialised]:
    """Screen rows in input order and yield each result already serialised as JSON.

    Skipped rows are appended to `skipped` as they are met. With `jobs > 1` the
    batches run in worker processes, at most `2 * jobs` at a time.
    """
    if jobs <= 1:
        screener.prepare_for_batch()
        yield from _screen_chunks(rows, skipped, _run_here(screener), 1, progress)
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(screener.settings,)) as pool:
        yield from _screen_chunks(rows, skipped, _run_in(pool), 2 * jobs, progress)


def _run_here(screener) -> Callable[[list[Key]], Future]:
    def run(keys: list[Key]) -> Future:
        future: Future = Future()
        future.set_result(assess_keys(screener, keys))
        return future
    return run


def _run_in(pool: Executor) -> Callable[[list[Key]], Future]:
    return lambda keys: pool.submit(_assess_in_worker, keys)


def _screen_chunks(rows, skipped: list, run, in_flight: int, progress) -> Iterator[Serialised]:
    remembered, pending, chunk = _Remembered(REMEMBERED_NAMES), deque(), _Chunk()
    for row in rows:
        if isinstance(row, SkippedRow):
            skipped.append(row)
            continue
        key = (row.name, row.country, row.aliases)
        slot, new = remembered.slot(key)
        if new:
            chunk.new.append((key, slot))
        chunk.rows.append((row, slot))
        if len(chunk.new) == BATCH_SIZE or len(chunk.rows) == MAX_CHUNK_ROWS:
            pending.append(chunk.submit(run))
            chunk = _Chunk()
            while len(pending) >= in_flight:
                yield from _finish(pending.popleft(), progress)
    if chunk.rows:
        pending.append(chunk.submit(run))
    while pending:
        yield from _finish(pending.popleft(), progress)


def _finish(chunk: _Chunk, progress) -> Iterator[Serialised]:
    yield from chunk.results()
    if progress:
        progress(len(chunk.rows))


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
