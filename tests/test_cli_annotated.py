"""`vendorrisk check --format annotated-csv|annotated-xlsx`: the user's own sheet back, every cell kept."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorrisk.cli import main
from vendorrisk.config import Settings
from vendorrisk.formats.annotated import ANNOTATION_COLUMNS
from vendorrisk.screening.screener import Screener

SUPPLIERS = Path(__file__).resolve().parent.parent / "examples" / "suppliers.csv"
# Many columns: a formula, a negative number, a phone number, a quoted line break, unicode, an empty cell,
# a skipped row (no name) and a row with a cell past the header.
WIDE = (
    "id,name,country,spend,phone,notes,owner,région,tags,empty\r\n"
    "1,Acme Widgets Ltd,GB,-120.50,+44 20 7946 0000,\"two\nlines\",Zoë,Île-de-France,a;b,\r\n"
    "2,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",GB,1200,@SUM(A1),\"quoted, comma\",-,Nord,,\r\n"
    "3,,DE,5,,no name here,x,y,z,\r\n"
    "4,ZTE Corporation,CN,0,,,,,,,extra cell\r\n"
)


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("annotated-home")
    Screener(Settings(home=home))
    return home


@pytest.fixture(autouse=True)
def home(built_home, monkeypatch) -> Path:
    monkeypatch.setenv("VENDORRISK_HOME", str(built_home))
    return built_home


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def input_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_annotated_csv_of_the_example_keeps_all_six_columns_byte_for_byte(tmp_path):
    out = tmp_path / "annotated.csv"
    assert check(str(SUPPLIERS), "--format", "annotated-csv", "--output", str(out)).exit_code == 1
    original, annotated = input_rows(SUPPLIERS), input_rows(out)
    assert len(annotated) == len(original) == 49
    assert [row[:6] for row in annotated] == original
    assert annotated[0][6:] == list(ANNOTATION_COLUMNS)
    verdicts = {row[1]: row[6] for row in annotated[1:]}
    assert verdicts["ZTE Corporation"] == "restricted" and verdicts["Acme Widgets Ltd"] == "clear"


def test_annotated_xlsx_of_the_example_keeps_all_six_columns_exactly(tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="--format annotated-xlsx needs the xlsx extra (openpyxl)")
    out = tmp_path / "annotated.xlsx"
    assert check(str(SUPPLIERS), "--format", "annotated-xlsx", "--output", str(out)).exit_code == 1
    sheet = openpyxl.load_workbook(out)["screened"]
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[:6] for row in cells] == input_rows(SUPPLIERS)
    assert cells[0][6:] == list(ANNOTATION_COLUMNS)
    assert {row[1]: row[6] for row in cells[1:]}["ZTE Corporation"] == "restricted"


def test_a_wide_sheet_round_trips_every_cell_except_formulas_which_get_a_quote(tmp_path):
    source, out = tmp_path / "wide.csv", tmp_path / "wide.annotated.csv"
    source.write_bytes(WIDE.encode("utf-8"))
    assert check(str(source), "--format", "annotated-csv", "--output", str(out)).exit_code == 1
    original, annotated = input_rows(source), input_rows(out)
    width = len(original[0])
    assert annotated[0][:width] == original[0] and annotated[0][width] == "(column 11)"
    assert len(annotated) == len(original)
    for given, written in zip(original[1:], annotated[1:]):
        for cell, kept in zip(given, written):
            assert kept == ("'" + cell if cell[:1] in ("=", "@") or cell in ("-",) or cell.startswith("+44")
                            else cell)
    assert annotated[1][3] == "-120.50" and annotated[2][1] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert annotated[3][width + 1] == "skipped" and "empty name" in annotated[3][-1]
    assert annotated[4][width] == "extra cell" and annotated[4][width + 1] == "restricted"


def test_a_wide_sheet_round_trips_every_cell_exactly_into_the_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="--format annotated-xlsx needs the xlsx extra (openpyxl)")
    source, out = tmp_path / "wide.csv", tmp_path / "wide.xlsx"
    source.write_bytes(WIDE.encode("utf-8"))
    assert check(str(source), "--format", "annotated-xlsx", "--output", str(out)).exit_code == 1
    book = openpyxl.load_workbook(out)
    original = input_rows(source)
    cells = [[c.value if c.value is not None else "" for c in row] for row in book["screened"].iter_rows()]
    for given, written in zip(original, cells):
        assert written[:len(given)] == given
    assert all(c.data_type == "s" for row in book["screened"].iter_rows() for c in row if c.value)
    assert book["findings"].max_row > 1


def test_the_workbook_needs_an_output_file():
    result = check(str(SUPPLIERS), "--format", "annotated-xlsx")
    assert result.exit_code == 2
    assert "--format annotated-xlsx writes a workbook: give --output FILE.xlsx" in result.stderr
    assert result.stdout == ""


def test_the_annotated_csv_goes_to_standard_output_without_an_output_file():
    result = check(str(SUPPLIERS), "--format", "annotated-csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert result.exit_code == 1 and [row[:6] for row in rows] == input_rows(SUPPLIERS)
