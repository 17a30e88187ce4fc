"""Reviewed decisions in the text, Markdown, CSV, annotated and SARIF formats.

One report made by the real pipeline: a supplier file of invented rows screened
against the bundled lists, with a decisions file written and read back, holding one
decision of each kind that shows differently: a holding false positive (closes its
finding), an escalation (decided, stays open), an accepted risk past its end date
(expired), and a false positive recorded before the party gained a listing (re-opened).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from vendorrisk.config import Settings
from vendorrisk.decisions import DecisionsFile, load_decisions, save_decisions
from vendorrisk.decisions.decide import decision_for
from vendorrisk.formats import render, render_bytes
from vendorrisk.formats.decision_note import decision_note, decision_state
from vendorrisk.model import SupplierRow
from vendorrisk.screening.pipeline import screen_file
from vendorrisk.screening.screener import Screener

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
SUPPLIERS = {  # supplier id -> name; the first four match bundled lists, the last is clear
    "V-1": "Hikvision Europe B.V.", "V-2": "ZTE Corporation", "V-3": "Zhejiang Dahua Technology Co., Ltd.",
    "V-4": "Hangzhou Hikvision Digital Technology Co Ltd", "V-5": "Northbank Analytics Ltd",
}
NDAA = "us-ndaa-889:hikvision"
SCHEMA_FILE = Path(__file__).parent / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("home")))


def _first(screener: Screener, name: str):
    return screener.screen_row(SupplierRow(name=name)).findings[0]


def _decisions(screener: Screener) -> DecisionsFile:
    hik = next(f for f in screener.screen_row(SupplierRow(name=SUPPLIERS["V-1"])).findings if f.party.id == NDAA)
    made = {"reviewer": "Dana Okafor", "reason": "checked", "date": TODAY}
    reopening = decision_for(SUPPLIERS["V-4"], _first(screener, SUPPLIERS["V-4"]), outcome="false-positive",
                             supplier_id="V-4", **made)
    assert len(reopening.listings) > 1
    return DecisionsFile(decisions=(
        decision_for(SUPPLIERS["V-1"], hik, outcome="false-positive", supplier_id="V-1", **made),
        decision_for(SUPPLIERS["V-2"], _first(screener, SUPPLIERS["V-2"]), outcome="escalate", supplier_id="V-2",
                     reviewer="Sam Lee", reason="ask legal", date=TODAY),
        decision_for(SUPPLIERS["V-3"], _first(screener, SUPPLIERS["V-3"]), outcome="accepted-risk",
                     supplier_id="V-3", reviewer="Dana Okafor", reason="old stock", date=dt.date(2026, 6, 1),
                     expires=dt.date(2026, 10, 1)),
        reopening.model_copy(update={"listings": reopening.listings[:-1]}),
    ))


@pytest.fixture(scope="module")
def report(screener, tmp_path_factory):
    folder = tmp_path_factory.mktemp("decided")
    suppliers = folder / "suppliers.csv"
    suppliers.write_text("supplier_id,name,spend\n" + "".join(f'{k},"{v}",100\n' for k, v in SUPPLIERS.items()),
                         encoding="utf-8")
    save_decisions(_decisions(screener), folder / ".vendorrisk-decisions.yaml")
    decided = load_decisions(folder / ".vendorrisk-decisions.yaml")
    report = screen_file(suppliers, screener, now=NOW, decisions=decided).report
    by_party = {(s.name, f.party.id): f.decision.status for s in report.suppliers for f in s.findings if f.decision}
    assert sorted(by_party.values()) == ["decided", "decided", "expired", "reopened"]
    return report


def _supplier(report, key):
    return next(s for s in report.suppliers if s.input["supplier_id"] == key)


def _blocks(text: str) -> dict[tuple[str, str], list[str]]:
    """The text report's evidence lines by supplier line and party id: each finding's head line and
    the lines under it."""
    blocks, current, supplier = {}, None, None
    for line in text.splitlines():
        supplier = (re.match(r"  line (\d+): ", line) or [None, supplier])[1]
        head = re.match(r"    VR\d+ .*\(party (\S+), ", line)
        if head:
            current = blocks.setdefault((supplier, head[1]), [])
        elif not line.startswith("      "):
            current = None
        if current is not None:
            current.append(line)
    return blocks


def test_text_shows_each_decision_under_its_finding_and_counts_open_and_closed(report):
    text = render(report, "text")
    blocks = _blocks(text)
    assert blocks[("2", NDAA)][-1] == "      decided: false-positive by Dana Okafor 2026-11-28 (checked)"
    escalated = _supplier(report, "V-2").findings[0]
    assert blocks[("3", escalated.party.id)][-1] == \
        "      decided: escalate by Sam Lee 2026-11-28 (ask legal); stays open"
    expired = _supplier(report, "V-3").findings[0]
    assert blocks[("4", expired.party.id)][-1] == ("      expired 2026-10-01: review again (was accepted-risk by "
                                                   "Dana Okafor 2026-06-01: old stock)")
    reopened = _supplier(report, "V-4").findings[0]
    assert blocks[("5", reopened.party.id)][-1].startswith(
        "      re-opened: the party has new listings since the decision of 2026-11-28: ")
    assert blocks[("5", reopened.party.id)][-1].endswith("(was false-positive by Dana Okafor 2026-11-28: checked)")
    assert sum("decided:" in line or "re-opened:" in line or "expired 2026" in line for line in text.splitlines()) == 4
    total = sum(len(s.findings) for s in report.suppliers)
    headline = text.splitlines()[0]
    assert headline.endswith(f"; {total - 1} open findings on 4 suppliers, 1 closed by a decision"), headline
    hik_row = next(line for line in text.splitlines() if line.lstrip().startswith("2  Hikvision Europe"))
    assert hik_row.endswith(f"[1 of {len(_supplier(report, 'V-1').findings)} closed by decision]")


def test_markdown_shows_each_decision_and_counts_open_and_closed(report):
    plain = re.sub(r"\\(.)", r"\1", render(report, "markdown")).replace("&amp;", "&")
    assert "  - **Decision:** decided: false-positive by Dana Okafor 2026-11-28 (checked)" in plain.splitlines()
    assert "  - **Decision:** decided: escalate by Sam Lee 2026-11-28 (ask legal); stays open" in plain.splitlines()
    assert plain.count("**Decision:** expired 2026-10-01: review again") == 1
    assert plain.count("**Decision:** re-opened: the party has new listings") == 1
    total = sum(len(s.findings) for s in report.suppliers)
    assert f"**4** with open findings ({total - 1} open, 1 closed by a decision)" in plain
    assert f"(1 of {len(_supplier(report, 'V-1').findings)} closed by decision) |" in plain


def test_csv_has_the_decision_and_its_note_on_every_listing_row(report):
    rows = [r for r in csv.DictReader(io.StringIO(render(report, "csv"))) if r["verdict"] != "warning"]
    states = {(r["supplier"], r["party_id"]): (r["decision"], r["decision_note"]) for r in rows}
    assert states[(SUPPLIERS["V-1"], NDAA)] == ("decided false-positive",
                                                 "decided: false-positive by Dana Okafor 2026-11-28 (checked)")
    first = {k: _supplier(report, k).findings[0].party.id for k in ("V-2", "V-3", "V-4")}
    assert states[(SUPPLIERS["V-2"], first["V-2"])][0] == "decided escalate"
    assert states[(SUPPLIERS["V-3"], first["V-3"])][0] == "expired accepted-risk"
    assert states[(SUPPLIERS["V-4"], first["V-4"])][0] == "reopened false-positive"
    undecided = [v for k, v in states.items() if k not in {(SUPPLIERS["V-1"], NDAA), *(
        (SUPPLIERS[s], p) for s, p in first.items())}]
    assert undecided and set(undecided) == {("open", "")}
    assert list(rows[0]).index("decision") < list(rows[0]).index("explanation") == len(rows[0]) - 1


def test_annotated_csv_says_the_decision_state_of_each_row(report):
    rows = {r["supplier_id"]: r for r in csv.DictReader(io.StringIO(render(report, "annotated-csv")))}
    assert [(r["name"], r["spend"]) for r in rows.values()] == [(v, "100") for v in SUPPLIERS.values()]
    hik = len(_supplier(report, "V-1").findings)
    assert set(rows["V-1"]["vendorrisk_decision"].split(", ")) == {f"{hik - 1} open", "1 decided false-positive"}
    for key, state in (("V-2", "decided escalate"), ("V-3", "expired accepted-risk"),
                       ("V-4", "reopened false-positive")):
        findings = _supplier(report, key).findings
        expected = state if len(findings) == 1 else {f"1 {state}", f"{len(findings) - 1} open"}
        cell = rows[key]["vendorrisk_decision"]
        assert (cell if len(findings) == 1 else set(cell.split(", "))) == expected, key
    assert rows["V-5"]["vendorrisk_decision"] == "" and rows["V-5"]["vendorrisk_verdict"] == "clear"


def test_annotated_xlsx_findings_sheet_has_the_decision_columns(report):
    openpyxl = pytest.importorskip("openpyxl", reason="the xlsx extra (openpyxl) is not installed")
    book = openpyxl.load_workbook(io.BytesIO(render_bytes(report, "annotated-xlsx")))
    header, *rows = [[c.value for c in row] for row in book["findings"].iter_rows()]
    cells = [dict(zip(header, row)) for row in rows]
    ndaa = [c for c in cells if c["party_id"] == NDAA and c["supplier"] == SUPPLIERS["V-1"]]
    assert ndaa and {(c["decision"], c["decision_note"]) for c in ndaa} == {
        ("decided false-positive", "decided: false-positive by Dana Okafor 2026-11-28 (checked)")}
    assert header[-1] == "evidence" and "suppression" not in header
    assert {c["decision"] for c in cells} == {"open", "decided false-positive", "decided escalate",
                                              "expired accepted-risk", "reopened false-positive"}


def test_sarif_suppresses_only_findings_a_holding_decision_closes(report):
    log = json.loads(render(report, "sarif"))
    jsonschema.Draft4Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == sum(len(s.findings) for s in report.suppliers)
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["properties"]["party"]["id"] for r in suppressed] == [NDAA]
    assert suppressed[0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                              "justification": "false-positive by Dana Okafor on 2026-11-28: checked"}]
    statuses = sorted(r["properties"]["decision"]["status"] for r in results if "decision" in r["properties"])
    assert statuses == ["decided", "decided", "expired", "reopened"]
    escalated = next(r for r in results if r["properties"].get("decision", {}).get("outcome") == "escalate")
    assert "suppressions" not in escalated and escalated["properties"]["decision"]["reviewer"] == "Sam Lee"


def test_a_report_without_the_decision_field_still_shows_a_baseline_suppression(report):
    closed = next(f for f in _supplier(report, "V-1").findings if f.suppressed)
    legacy = closed.model_copy(update={"decision": None})
    assert decision_state(legacy) == "decided"
    assert decision_note(legacy) == "decided: false-positive by Dana Okafor on 2026-11-28: checked"
    lapsed = legacy.model_copy(update={"suppressed": False, "suppression": "decision expired on 2026-10-01"})
    assert (decision_state(lapsed), decision_note(lapsed)) == ("open", "note: decision expired on 2026-10-01")
    fresh = legacy.model_copy(update={"suppressed": False, "suppression": None})
    assert (decision_state(fresh), decision_note(fresh)) == ("open", None)
