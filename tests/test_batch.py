"""Streamed, parallel screening (`pipeline`, `workers`, `formats.json_stream`): the formatter's bytes, each name once."""
from __future__ import annotations

import datetime as dt
import gc
import io
import json

import pytest

from vendorrisk.config import Settings
from vendorrisk.formats import render
from vendorrisk.formats.json_stream import result_json
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.screening import workers
from vendorrisk.screening.pipeline import ReportOutput, screen_file
from vendorrisk.screening.screener import Screener

NOW = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)
NAMES = ["Hikvision UK Ltd", "Acme Widgets Ltd", "ZTE Corporation", "Huawei Technologies (UK) Co. Ltd",
         "Zhejiang Dahua Technology Co., Ltd.", "Bäckerei Müller GmbH", 'Quote "and" \\ backslash Ltd']


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("batch-home")))


def supplier_rows(count: int) -> list[SupplierRow | SkippedRow]:
    """Rows that repeat names, with and without countries and fields, and a skipped row."""
    rows: list[SupplierRow | SkippedRow] = []
    for i in range(count):
        name = NAMES[i % len(NAMES)]
        if i % 5 == 3:
            rows.append(SupplierRow(name=name, line=i + 2))  # no fields: reported as name (and country)
        else:
            rows.append(SupplierRow(name=name, country=["GB", None, "CN"][i % 3], line=i + 2,
                                    fields={"id": f"S{i}", "name": name, "note": "ünïcode, \"quoted\"\n2nd line"}))
        if i == 4:
            rows.append(SkippedRow(line=99, reason="empty name in column 'name'"))
    return rows


def streamed(screener: Screener, rows, jobs: int) -> str:
    out = io.StringIO()
    screen_file(rows, screener, now=NOW, input_path="suppliers.csv", jobs=jobs, output=ReportOutput("json", out))
    return out.getvalue()


def one_by_one(screener: Screener, rows):
    """The report built row by row with `screen_row`: no de-duplication, no workers, no streaming."""
    results = [row if isinstance(row, SkippedRow) else screener.screen_row(row) for row in rows]
    return screener.report(results, now=NOW, input_path="suppliers.csv")


@pytest.mark.parametrize("jobs", [1, 2])
def test_streamed_json_is_the_formatters_bytes(screener, jobs):
    rows = supplier_rows(40)
    assert streamed(screener, rows, jobs) == render(one_by_one(screener, rows), "json")


@pytest.mark.parametrize("forked", [True, False])
def test_workers_forked_with_the_index_or_started_alone_give_the_same_bytes(screener, monkeypatch, forked):
    monkeypatch.setattr(workers, "FORK_SHARES_INDEX", forked)
    rows = supplier_rows(40)
    assert streamed(screener, rows, 2) == render(one_by_one(screener, rows), "json")
    assert workers._worker_screener is None  # the parent forgets the screener it lent its workers


def test_a_parent_that_forked_its_workers_lets_go_of_the_loaded_index(screener, monkeypatch):
    """The forked workers hold the loaded pages; the parent unloads its own view and screens lazily if asked."""
    monkeypatch.setattr(workers, "FORK_SHARES_INDEX", True)
    rows = supplier_rows(40)
    expected = render(one_by_one(screener, rows), "json")
    loaded = []
    monkeypatch.setattr(screener, "batch_done_here", lambda: (loaded.append(screener.index.preloaded),
                                                             Screener.batch_done_here(screener)))
    assert streamed(screener, rows, 2) == expected
    assert loaded == [True] and not screener.index.preloaded
    assert render(one_by_one(screener, rows), "json") == expected  # read lazily again, the same findings


def test_assessments_without_findings_are_shared_by_verdict():
    """The parent remembers one instance per verdict for names without findings, and each finding list as sent."""
    clear = workers.Assessment("clear", "[]", [], [])
    again = workers.Assessment("clear", "[]", [], [])
    found = workers.Assessment("review", '[{"x": 1}]', ["medium"], ["VR001"])
    assert workers._shared_if_empty(clear) is workers._shared_if_empty(again)
    assert workers._shared_if_empty(found) is found
    assert workers._shared_if_empty(workers.Assessment("clear", (), [], [])) is not workers._shared_if_empty(clear)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_kept_in_memory_is_the_same_report(screener, jobs):
    rows = supplier_rows(40)
    screened = screen_file(rows, screener, now=NOW, input_path="suppliers.csv", jobs=jobs)
    assert screened.report == one_by_one(screener, rows)
    assert screened.tally.summary() == screened.report.summary


def test_a_repeated_name_is_screened_once(screener, monkeypatch):
    seen: list[tuple] = []
    assess = screener.assess

    def counting(name, country=None, aliases=(), names=(), identifiers=()):
        seen.append((name, country, aliases))
        return assess(name, country, aliases, names, identifiers)
    monkeypatch.setattr(screener, "assess", counting)
    rows = supplier_rows(60)
    report = json.loads(streamed(screener, rows, 1))
    assert len(report["suppliers"]) == 60
    distinct = {(r.name, r.country, r.aliases) for r in rows if isinstance(r, SupplierRow)}
    assert len(seen) == len(distinct) < 60 and set(seen) == distinct


def test_forgotten_names_are_screened_again_with_the_same_result(screener, monkeypatch):
    rows = supplier_rows(50)
    expected = streamed(screener, rows, 1)
    monkeypatch.setattr(workers, "REMEMBERED_NAMES", 2)
    monkeypatch.setattr(workers, "BATCH_SIZE", 3)
    assert streamed(screener, rows, 1) == expected


def test_result_json_matches_the_model_for_awkward_values(screener):
    row = SupplierRow(name='Tab\there "q" \\ é 中文', country=None, line=None,
                      fields={"": "", "名": "\u2028 line sep", "x": "\x00"})
    found = workers.assess(screener, [(row.name, row.country, row.aliases, row.names, row.identifiers)], "json")[0]
    expected = json.dumps(screener.screen_row(row).model_dump(mode="json"), ensure_ascii=False, indent=2)
    assert result_json(row, found.verdict, found.findings) == expected


def test_screening_makes_no_reference_cycles_so_a_worker_may_freeze_what_survives_its_batches(screener):
    """A worker freezes its batches' survivors (`assess_batch_in_worker`); a frozen cycle would never be freed."""
    keys = [(name, country, (), (), ()) for name in NAMES for country in ("GB", None, "CN")]
    keys += [(f"{name} Holdings {i}", None, (), (), ()) for i, name in enumerate(NAMES)]  # names not seen yet
    workers.assess(screener, keys[:3], "json")  # first use: imports, compiled patterns
    gc.collect()
    gc.disable()
    try:
        for encoding in ("json", "objects"):
            workers.assess(screener, keys, encoding)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_worker_batch_freezes_what_survives_it(screener):
    keys = [(name, None, (), (), ()) for name in NAMES]
    try:
        found = workers.assess_batch_in_worker(screener, keys, "json")
        assert gc.get_freeze_count() > 0 and gc.isenabled()  # the collector paused for the batch only
        assert found == workers.assess(screener, keys, "json")
    finally:
        gc.unfreeze()
