"""Screening many rows: each distinct name once, in batches, in worker processes when asked.

Supplier masters repeat names (one supplier per business unit, per site), and a
result depends only on the name, country and aliases, so each distinct one is
assessed once: `assess_rows` remembers the last `REMEMBERED_NAMES` assessments and
sends only names it has not seen. With `jobs > 1` the batches run in worker
processes, at most `2 * jobs` at a time, and rows come back in input order as they
complete, so neither the rows nor the results of a 1,000,000-row file are ever all in
memory.

On Linux, where forking is safe and the default, the parent loads the index
into memory once and the workers are forked from it, so they share its pages copy-on-
write instead of each loading its own copy: the loaded objects are moved out of the
cyclic garbage collector's reach (`gc.freeze`), whose passes would otherwise write to
every object header and so copy the pages. Once they are started, the parent, which
screens nothing itself, unloads its own view: the pages stay the workers'. Elsewhere
each worker opens its own `Screener` over the same read-only index (macOS' system
libraries are not safe to use after fork, which is why Python spawns there).
"""
from __future__ import annotations

import contextlib
import gc
import sys
import warnings
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, NamedTuple

from vendorrisk.formats.json_stream import findings_json
from vendorrisk.lists.store import StoreWarning
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.report import Finding

BATCH_SIZE = 256  # distinct names sent to a worker at a time
MAX_CHUNK_ROWS = 4 * BATCH_SIZE  # rows held back per batch when most are repeats
REMEMBERED_NAMES = 100_000
FORK_SHARES_INDEX = sys.platform.startswith("linux")  # workers forked from a parent holding the index

Key = tuple[str, "str | None", tuple[str, ...], tuple[tuple[str, str], ...], tuple]
Pending = Callable[[], "list[Assessment]"]  # the assessments of a submitted batch, waited for when called
# "objects": findings as `Finding`s; "json": as the JSON text the streaming report writes.
Encoding = Literal["objects", "json"]
_worker_screener = None


class Assessment(NamedTuple):
    """What a supplier name is found to be: all that rows naming it alike share."""

    verdict: str
    findings: tuple[Finding, ...] | str  # a JSON list when assessed for the streaming writer
    severities: list[str]
    rules: list[str]


def assess_rows(screener, rows: Iterable[SupplierRow | SkippedRow], skipped: list[SkippedRow], *,
                jobs: int = 1, encoding: Encoding = "objects", preload: bool = False,
                progress: Callable[[int], None] | None = None) -> Iterator[tuple[SupplierRow, Assessment]]:
    """Each screened row with its assessment, in input order.

    Skipped rows are appended to `skipped` as they are met; `progress` is told how
    many rows each finished batch held. `preload` loads the whole index into memory
    first (worker processes always do): worth it for thousands of rows, not for a few.
    """
    if jobs <= 1:
        if preload:
            screener.prepare_for_batch()
        yield from _in_order(rows, skipped, _run_here(screener, encoding), 1, progress)
        return
    with _worker_pool(screener, encoding, jobs) as pool:
        yield from _in_order(rows, skipped, lambda keys: pool.submit(_assess_in_worker, keys).result,
                             2 * jobs, progress)


@contextlib.contextmanager
def _worker_pool(screener, encoding: Encoding, jobs: int):
    """`jobs` worker processes: on Linux, forked from a parent holding the loaded index."""
    import multiprocessing  # only here: `search` never starts processes
    from concurrent.futures import ProcessPoolExecutor

    global _worker_screener
    if not FORK_SHARES_INDEX:
        init = (type(screener), screener.settings, encoding)  # the class travels by name: no import cycle
        with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=init) as pool:
            yield pool
        return
    screener.prepare_for_batch()
    _import_what_batches_use()
    _worker_screener = (screener, encoding)
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_forked_worker) as pool:
            pool.submit(int).result()  # with fork, every worker is started at the first task
            screener.batch_done_here()  # the workers hold the loaded index; the parent needs none
            yield pool
    finally:
        gc.unfreeze()
        _worker_screener = None


def assess(screener, keys: Iterable[Key], encoding: Encoding = "objects") -> list[Assessment]:
    """Assess distinct (name, country, aliases, further names, identifiers) keys."""
    out = []
    for name, country, aliases, names, identifiers in keys:
        verdict, findings = screener.assess(name, country, aliases, names, identifiers)
        encoded = findings_json(findings) if encoding == "json" else findings
        out.append(Assessment(verdict, encoded, [f.severity for f in findings],
                              [c for f in findings for c in f.rules or (f.rule,)]))
    return out


def _init_worker(screener_class: type, settings, encoding: Encoding) -> None:
    global _worker_screener
    # NOTE: the parent opened the same store first and has said what was wrong with it (the CLI
    # prints it once); each worker saying it again printed it once more per worker.
    warnings.simplefilter("ignore", StoreWarning)
    _worker_screener = (screener_class(settings), encoding)
    _worker_screener[0].prepare_for_batch()


def _import_what_batches_use() -> None:
    """Import, before forking, the extension modules every worker would otherwise load for itself.

    numpy ranks long posting lists and rapidfuzz measures edit distances in bulk; each
    is imported on first use, which in a worker means a private copy of ~10-20 MB.
    """
    import numpy  # noqa: F401, PLC0415
    from rapidfuzz.distance import OSA  # noqa: F401, PLC0415


def _forked_worker() -> None:
    warnings.simplefilter("ignore", StoreWarning)  # as in `_init_worker`: the parent has said it
    _worker_screener[0].index.reopen()


def _assess_in_worker(keys: list[Key]) -> list[Assessment]:
    screener, encoding = _worker_screener
    return assess_batch_in_worker(screener, keys, encoding)


def assess_batch_in_worker(screener, keys: list[Key], encoding: Encoding) -> list[Assessment]:
    """`assess` one batch as a worker process does: with the cyclic collector paused, then the batch's young
    objects are collected once, and what survives them, mostly memo entries, is exempted from later
    collections (`gc.freeze`).

    A worker's memos (parsed names, listed words, word similarities) hold hundreds of
    thousands of objects at ten times today's lists, and every full collection walked
    them all: collecting cost 69 us per supplier there and 28 us with today's lists,
    and costs 5 and 2.5 us this way (gc callbacks, 5,000 names after 10,000). Frozen
    objects are still freed when their last reference goes, as a memo's evicted entry
    is; a reference cycle among them would never be, and screening makes none
    (`tests/test_batch.py`), which is also why pausing the collector loses nothing.
    Only in processes vendorrisk owns: a caller's would.
    """
    # NOTE: screening makes no reference cycles, so collecting during the batch only walks its survivors
    # again and again; garbage is freed by reference counting all the same.
    gc.disable()
    try:
        done = assess(screener, keys, encoding)
    finally:
        gc.enable()
    gc.collect(1)
    gc.freeze()
    return done


def _run_here(screener, encoding: Encoding) -> Callable[[list[Key]], Pending]:
    def run(keys: list[Key]) -> Pending:
        done = assess(screener, keys, encoding)
        return lambda: done
    return run


class _Chunk:
    """Consecutive rows and the distinct names among them not assessed before."""

    def __init__(self) -> None:
        self.rows: list[tuple[SupplierRow, list]] = []  # each row with the slot its assessment lands in
        self.new: list[tuple[Key, list]] = []
        self.pending: Pending | None = None

    def submit(self, run: Callable[[list[Key]], Pending]) -> _Chunk:
        if self.new:
            self.pending = run([key for key, _ in self.new])
        return self

    def results(self) -> Iterator[tuple[SupplierRow, Assessment]]:
        if self.pending is not None:
            for (_, slot), assessment in zip(self.new, self.pending()):
                slot.append(_shared_if_empty(assessment))
        for row, slot in self.rows:
            yield row, slot[0]


_EMPTY: dict[tuple[str, str], Assessment] = {}


def _shared_if_empty(assessment: Assessment) -> Assessment:
    """One shared instance for every assessment without findings of a verdict: most names have none, and
    the parent remembers `REMEMBERED_NAMES` of them (each arrives unpickled as a copy of its own)."""
    if assessment.severities or assessment.findings not in ("[]", ()):
        return assessment
    return _EMPTY.setdefault((assessment.verdict, type(assessment.findings).__name__), assessment)


class _Remembered:
    """The assessment slots of the most recently seen keys (least recently used are forgotten)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._slots: OrderedDict[Key, list] = OrderedDict()

    def slot(self, key: Key) -> tuple[list, bool]:
        """The key's slot, and whether it is new (its assessment still to come)."""
        slot = self._slots.get(key)
        if slot is not None:
            self._slots.move_to_end(key)
            return slot, False
        slot = self._slots[key] = []
        if len(self._slots) > self.size:
            self._slots.popitem(last=False)
        return slot, True


def _in_order(rows, skipped: list, run, in_flight: int, progress) -> Iterator[tuple[SupplierRow, Assessment]]:
    remembered, pending, chunk = _Remembered(REMEMBERED_NAMES), deque(), _Chunk()
    for row in rows:
        if isinstance(row, SkippedRow):
            skipped.append(row)
            continue
        key = (row.name, row.country, row.aliases, row.names, row.identifiers)
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


def _finish(chunk: _Chunk, progress) -> Iterator[tuple[SupplierRow, Assessment]]:
    yield from chunk.results()
    if progress:
        progress(len(chunk.rows))
