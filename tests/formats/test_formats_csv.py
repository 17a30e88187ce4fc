"""CSV: one row per finding, optional clean rows, and no cell a spreadsheet would evaluate."""
from __future__ import annotations

import csv
import io

import pytest

from vendorrisk.formats import render
from vendorrisk.formats.csv_format import COLUMNS, neutralise_cell


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_finding_by_default_then_the_warnings(example_report):
    rows = _rows(render(example_report, "csv"))
    assert [(r["line"], r["rule"], r["verdict"]) for r in rows][-1] == ("", "", "warning")
    assert rows[-1]["explanation"] == example_report.warnings[0]
    rows = rows[:-1]
    assert [(r["line"], r["rule"]) for r in rows] == [
        ("2", "VR101"), ("2", "VR201"), ("2", "VR301"), ("5", "VR201")]
    assert rows[1]["citation_reference"].startswith("84 FR 54002")
    assert rows[1]["snapshot_sha256"] == example_report.lists[0].sha256


def test_hyperlink_supplier_opens_as_plain_text(example_report):
    rows = _rows(render(example_report, "csv", include_clean=True))
    cell = next(r["supplier"] for r in rows if "HYPERLINK" in r["supplier"])
    assert cell == '\'=HYPERLINK("http://x","y")'
    assert [r["verdict"] for r in rows].count("skipped") == 1
    assert all(set(r) == set(COLUMNS) for r in rows)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"])
def test_every_dangerous_first_character_is_neutralised(start):
    assert neutralise_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("start", ["\t", "\r"])
def test_a_leading_tab_or_line_break_is_neutralised_and_becomes_a_space(start):
    assert neutralise_cell(f"{start}=1+1") == "' =1+1"


@pytest.mark.parametrize("value", ["Hikvision", "1+1", " =x", "", "84 FR 54002", None, 5])
def test_harmless_cells_are_unchanged(value):
    assert neutralise_cell(value) == ("" if value is None else str(value))


def test_list_derived_text_is_neutralised_too(example_report):
    supplier = example_report.suppliers[0]
    finding = supplier.findings[0]
    entry = finding.entry.model_copy(update={
        "name": "@SUM(A1:A9)", "matched_name": "-2+3", "programs": ("+EAR",),
        "citation": finding.entry.citation.model_copy(update={"reference": "=cmd|' /C calc'!A0"})})
    hostile_finding = finding.model_copy(update={"entry": entry, "listings": (entry,)})
    hostile = supplier.model_copy(update={"findings": (hostile_finding,)})
    report = example_report.model_copy(update={"suppliers": (hostile,)})
    row = _rows(render(report, "csv"))[0]
    assert row["entry_name"] == "'@SUM(A1:A9)" and row["matched_name"] == "'-2+3"
    assert row["programs"] == "'+EAR" and row["citation_reference"].startswith("'=cmd")
