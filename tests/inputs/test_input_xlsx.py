"""Excel input: a real .xlsx written with openpyxl, and the message when openpyxl is missing."""
from __future__ import annotations

import datetime as dt
import sys

import pytest

from tests.inputs.conftest import split_rows
from vendorrisk.errors import InputError
from vendorrisk.inputs import read_suppliers

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def workbook(tmp_path):
    """suppliers.xlsx: a header, typed cells, gaps and an empty-name row on the first sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Vendor No", "Company Name", "Country/Region", "Since", "Spend"])
    sheet.append([100234, "Helvetia  Sensorik AG", "CH", dt.datetime(2019, 4, 1), 1250.5])
    sheet.append([100235.0, "Kestrel Optics GmbH", "DE", None, 99])
    sheet.cell(row=6, column=2, value="After The Gap Ltd")
    sheet.cell(row=7, column=1, value=100237)
    sheet.cell(row=7, column=3, value="FR")
    book.create_sheet("Notes").append(["not read"])
    path = tmp_path / "suppliers.xlsx"
    book.save(path)
    return path


def test_xlsx_rows_have_sheet_row_numbers_and_text_cells(workbook):
    stream = read_suppliers(workbook)
    assert stream.columns == ("Vendor No", "Company Name", "Country/Region", "Since", "Spend")
    assert (stream.name_column, stream.country_column) == ("Company Name", "Country/Region")
    assert stream.encoding is None
    rows, skipped = split_rows(stream)
    assert [(r.line, r.name, r.country) for r in rows] == [
        (2, "Helvetia Sensorik AG", "CH"), (3, "Kestrel Optics GmbH", "DE"), (6, "After The Gap Ltd", None)]
    assert rows[0].fields == {"Vendor No": "100234", "Company Name": "Helvetia  Sensorik AG",
                              "Country/Region": "CH", "Since": "2019-04-01", "Spend": "1250.5"}
    assert rows[1].fields["Vendor No"] == "100235"
    assert [(s.line, s.reason) for s in skipped] == [(7, "empty name in column 'Company Name'")]
    assert stream.blank_rows == 2


def test_xlsx_content_is_recognised_whatever_the_suffix(workbook, tmp_path):
    renamed = tmp_path / "export.csv"
    renamed.write_bytes(workbook.read_bytes())
    assert [r.line for r in read_suppliers(renamed)][:1] == [2]


def test_xlsx_without_a_name_column_names_the_columns(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["id", "city"])
    path = tmp_path / "nameless.xlsx"
    book.save(path)
    with pytest.raises(InputError, match=r"nameless.xlsx:1: no supplier-name column found; the columns are 'id', 'city'"):
        read_suppliers(path)


def test_corrupt_xlsx_is_an_input_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_suppliers(path)


def test_legacy_xls_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(InputError, match="save the sheet as .xlsx or CSV"):
        read_suppliers(path)


def test_missing_openpyxl_says_how_to_install(workbook, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # makes `import openpyxl` fail
    with pytest.raises(InputError) as caught:
        read_suppliers(workbook)
    assert "pip install 'vendorrisk[xlsx]'" in str(caught.value)
    assert str(caught.value).startswith(str(workbook))
