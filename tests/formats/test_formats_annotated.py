"""The annotated copy: original cells kept, formula-like cells made inert, every row kept, workbook layout."""
from __future__ import annotations

import csv
import io

import pytest

from vendorrisk.formats import render, render_bytes
from vendorrisk.formats.annotated import ANNOTATION_COLUMNS, is_formula_like, original_cell


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+44 20 7946 0000", "-", "@SUM(A1)",
                                  "\tx", "\rx", "\uff1d1+1", "-2+3", "+cmd|' /C calc'!A0"])
def test_a_cell_a_spreadsheet_would_evaluate_gets_a_quote(cell):
    assert is_formula_like(cell) and original_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-120.50", "+3", "-1,200", "48200", "Acme", "", "a=b", " =x", "'quoted",
                                  "line one\nline two", "ACME\u202e LTD"])
def test_any_other_cell_is_kept_exactly(cell):
    assert not is_formula_like(cell) and original_cell(cell) == cell


def test_annotated_csv_keeps_every_row_in_line_order_with_skipped_rows(example_report):
    rows = list(csv.reader(io.StringIO(render(example_report, "annotated-csv"))))
    assert rows[0] == ["supplier_id", "name", "country", *ANNOTATION_COLUMNS]
    assert [r[0] for r in rows[1:]] == ["S-1002", "S-1003", "S-1004", "S-1005", "S-1006", "S-1007"]
    assert rows[-1][3] == "skipped" and rows[-1][-1] == "name column 'name' is empty"
    assert rows[5][1] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_render_refuses_a_binary_format_and_render_bytes_encodes_a_text_one(example_report):
    with pytest.raises(ValueError, match="render_bytes"):
        render(example_report, "annotated-xlsx")
    assert render_bytes(example_report, "annotated-csv") == render(example_report, "annotated-csv").encode()


def test_workbook_has_the_rows_as_string_cells_a_frozen_filtered_header_colours_and_findings(example_report):
    openpyxl = pytest.importorskip("openpyxl", reason="the annotated workbook needs the xlsx extra (openpyxl)")
    book = openpyxl.load_workbook(io.BytesIO(render_bytes(example_report, "annotated-xlsx")))
    assert book.sheetnames == ["screened", "findings", "warnings"]
    sheet = book["screened"]
    values = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    expected = list(csv.reader(io.StringIO(render(example_report, "annotated-csv"))))
    expected[5][1] = expected[5][1][1:]  # the workbook needs no quote: its cells are typed as text
    assert values == expected
    formula = sheet.cell(6, 2)
    assert formula.value == "=HYPERLINK(\"http://x\",\"y\")" and formula.data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    verdicts = {sheet.cell(r, 4).value: sheet.cell(r, 4).fill.start_color.rgb for r in range(2, 8)}
    assert verdicts["prohibited"].endswith("FFC7CE") and verdicts["clear"].endswith("C6EFCE")
    assert verdicts["skipped"].endswith("D9D9D9")
    findings = list(book["findings"].iter_rows(values_only=True))
    listings = sum(len(f.listings or (f.entry,)) for s in example_report.suppliers for f in s.findings)
    assert len(findings) == 1 + listings
    header = findings[0]
    assert all(row[header.index("evidence")] for row in findings[1:])
    assert {row[header.index("decision")] for row in findings[1:]} == {"open"}
    assert book["warnings"]["A2"].value == example_report.warnings[0]


def test_the_workbook_is_the_same_bytes_for_the_same_report(example_report):
    pytest.importorskip("openpyxl", reason="the xlsx extra is not installed (pip install 'vendorrisk[xlsx]')")
    import time

    first = render_bytes(example_report, "annotated-xlsx")
    time.sleep(2.1)  # the zip format stamps entries to the even second
    assert render_bytes(example_report, "annotated-xlsx") == first
