"""Hostile and broken inputs, round two: manifests, spreadsheets, invisible names, baselines, output markup.

The bombs (alias fan-out, deep nesting, huge numbers, a 1.5 GiB sheet, a 1.2 GB
shared-strings part) are made at run time by `tests.hostile_inputs` and read in one
child process, which reports each read's seconds and its peak resident memory; each
must end in one line within 10 s and under 300 MB. The rest run in process.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fixtures.reliability.support import cli_env
from tests.formats.conftest import build_example_report
from tests.hostile_inputs import CASES
from vendorrisk.cli import main
from vendorrisk.errors import InputError
from vendorrisk.formats import render
from vendorrisk.formats.base import one_line
from vendorrisk.formats.csv_format import neutralise_cell
from vendorrisk.formats.html import _e as html_text
from vendorrisk.formats.markdown import md_text
from vendorrisk.formats.sarif import sarif_text
from vendorrisk.inputs import read_suppliers
from vendorrisk.inputs.rows import RawRecord, RowBuilder
from vendorrisk.model import SkippedRow, SupplierRow

TESTS = Path(__file__).resolve().parent
SECONDS, MEGABYTES = 10, 300
HAVE_OPENPYXL = importlib.util.find_spec("openpyxl") is not None
needs_openpyxl = pytest.mark.skipif(not HAVE_OPENPYXL, reason="the xlsx extra is not installed "
                                                                "(pip install 'vendorrisk[xlsx]')")
UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")
# Every control, format (bidi, zero-width, BOM, tags), surrogate and separator character.
UNSAFE_CHARS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in UNSAFE]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, dict]:
    """Every case of `tests.hostile_inputs`, read in one child process: case -> outcome."""
    folder = tmp_path_factory.mktemp("bombs")
    cases = [c for c in CASES if HAVE_OPENPYXL or not c.startswith("xlsx_")]  # workbooks need the xlsx extra
    done = subprocess.run([sys.executable, "-m", "tests.hostile_inputs", str(folder), *cases], cwd=TESTS.parent,
                          env=cli_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return {row["case"]: row for row in map(json.loads, done.stdout.splitlines())}


def _refused(bombs, case: str, message: str) -> None:
    row = bombs[case]
    assert "crash" not in row and "names" not in row, row
    assert message in row["error"] and "\n" not in row["error"], row
    assert row["seconds"] < SECONDS and row["peak_mb"] < MEGABYTES, row


# --- manifests -------------------------------------------------------------------------------------------

def test_a_yaml_alias_bomb_stops_at_the_value_budget(bombs):
    _refused(bombs, "yaml_alias_bomb", "vendors.yaml:9: over a manifest budget: more than 200,000 values once "
                                       "aliases are expanded")


@pytest.mark.parametrize("case", ["yaml_deep", "json_deep_arrays", "json_deep_objects", "toml_deep"])
def test_deep_nesting_is_one_line_not_a_recursion_error(bombs, case):
    _refused(bombs, case, "nest")


@pytest.mark.parametrize("case", ["json_huge_number", "toml_huge_number"])
def test_a_10000_digit_number_is_one_line(bombs, case):
    _refused(bombs, case, "over a manifest budget: a number longer than 100 characters")


def test_deep_block_yaml_below_the_parser_limit_meets_the_depth_budget(tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text("vendors:\n" + "".join("  " * i + "- \n" for i in range(1, 80)))
    with pytest.raises(InputError, match="nested more than 64 deep") as info:
        read_suppliers(path)
    assert info.value.line == 65


@pytest.mark.parametrize("name, text, line", [
    ("vendors.yaml", "vendors:\n  - name: Acme Widgets Ltd\n    country: GB\n    name: Hikvision Europe B.V.\n", 4),
    ("vendors.json", '{"vendors": [\n {"name": "Acme Widgets Ltd",\n  "name": "Hikvision Europe B.V."}]}', 2),
    ("vendors.yaml", "vendors: []\nvendors: [Hikvision Europe B.V.]\n", 2),
])
def test_a_repeated_key_is_an_error_not_a_silent_choice(tmp_path, name, text, line):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputError, match="appears twice") as info:
        read_suppliers(path)
    assert info.value.line == line


def test_a_manifest_over_the_size_budget_is_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr("vendorrisk.inputs.manifest.MAX_MANIFEST_BYTES", 100)
    path = tmp_path / "vendors.yaml"
    path.write_text("- name: Acme\n" * 20)
    with pytest.raises(InputError, match="over a manifest budget: larger than"):
        read_suppliers(path)


@pytest.mark.parametrize("key", ["company", "vendor", "supplier", "legal_name", "Supplier Name"])
def test_common_name_keys_are_detected_and_named(tmp_path, key):
    path = tmp_path / "vendors.yaml"
    path.write_text(f"suppliers:\n  - {key}: Hikvision Europe B.V.\n    country: NL\n")
    stream = read_suppliers(path)
    (row,) = stream
    assert (row.name, row.country, row.line) == ("Hikvision Europe B.V.", "NL", 2)
    assert stream.warnings == (f"vendor names were read from `{key}` (1 vendor(s)) (detected; choose the key "
                               "with --name-key)",)


def test_a_second_name_key_is_screened_as_an_alias(tmp_path):
    path = tmp_path / "vendors.json"
    path.write_text('[{"name": "Acme Widgets Ltd", "legal_name": "Hikvision Europe B.V."}]')
    (row,) = read_suppliers(path)
    assert row.name == "Hikvision Europe B.V." and row.aliases == ("Acme Widgets Ltd",)


# --- spreadsheets ----------------------------------------------------------------------------------------

@needs_openpyxl
def test_a_sheet_that_unpacks_to_gigabytes_is_refused_by_its_declared_size(bombs):
    _refused(bombs, "xlsx_whitespace_sheet", "over a workbook budget: part xl/worksheets/sheet1.xml unpacks to "
                                             "1,610,612,951 bytes, over the 512 MiB limit")


@needs_openpyxl
def test_a_huge_shared_strings_part_is_refused_by_its_declared_size(bombs):
    _refused(bombs, "xlsx_huge_shared_strings", "part xl/sharedStrings.xml unpacks to 1,200,000,157 bytes")


@needs_openpyxl
def test_a_part_under_the_size_limit_but_packed_too_tightly_is_refused(tmp_path):
    from tests.hostile_inputs import _workbook_with

    path = _workbook_with(tmp_path / "ratio.xlsx", "xl/worksheets/sheet1.xml", b"<worksheet><sheetData>", b" ",
                          64 << 20, b"</sheetData></worksheet>")
    with pytest.raises(InputError, match=r"times its packed size, over the 100:1 limit \(a zip bomb\?\)"):
        read_suppliers(path)


def _book(tmp_path, sheets: list[tuple[str, str, list[list[str]]]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, state, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state
        for row in rows:
            sheet.append(row)
    path = tmp_path / "suppliers.xlsx"
    book.save(path)
    return path


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one(tmp_path):
    path = _book(tmp_path, [("Junk", "hidden", [["name"], ["Acme Widgets Ltd"]]),
                            ("Suppliers", "visible", [["Supplier Name"], ["Hikvision Europe B.V."]])])
    stream = read_suppliers(path)
    assert [r.name for r in stream] == ["Hikvision Europe B.V."]
    assert stream.warnings == ("read sheet 'Suppliers' only; sheet(s) 'Junk' (hidden) also hold data and were not "
                               "screened (choose one with --sheet)",)


def test_data_on_another_sheet_is_warned_about_and_sheet_chooses_it(tmp_path):
    path = _book(tmp_path, [("EU", "visible", [["name"], ["Acme Widgets Ltd"]]),
                            ("Asia", "visible", [["name"], ["Hikvision Europe B.V."]]),
                            ("Empty", "visible", [])])
    assert read_suppliers(path).warnings == ("read sheet 'EU' only; sheet(s) 'Asia' also hold data and were not "
                                             "screened (choose one with --sheet)",)
    assert [r.name for r in read_suppliers(path, sheet="Asia")] == ["Hikvision Europe B.V."]
    with pytest.raises(InputError, match="--sheet 'Nope' is not a worksheet; the sheets are 'EU', 'Asia', 'Empty'"):
        read_suppliers(path, sheet="Nope")


def test_the_other_sheets_warning_reaches_the_report_and_stderr(tmp_path, monkeypatch):
    path = _book(tmp_path, [("EU", "visible", [["name"], ["Acme Widgets Ltd"]]),
                            ("Asia", "visible", [["name"], ["Hikvision Europe B.V."]])])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    monkeypatch.setenv("VENDORRISK_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["warnings"][0].startswith("read sheet 'EU' only; sheet(s) 'Asia' also hold")
    assert "vendorrisk: warning: read sheet 'EU' only" in result.stderr


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_header_row_skips_a_title_above_the_header(tmp_path, kind):
    rows = [["Supplier report; exported 2026-11-28"], [], ["id", "Supplier Name"], ["1", "Acme Widgets Ltd"]]
    if kind == "xlsx":
        path = _book(tmp_path, [("Export", "visible", rows)])
    else:
        path = tmp_path / "export.csv"
        path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    with pytest.raises(InputError, match="no supplier-name column found"):
        read_suppliers(path)
    stream = read_suppliers(path, header_row=3)
    assert stream.header_line == 3 and [(r.line, r.name) for r in stream] == [(4, "Acme Widgets Ltd")]
    with pytest.raises(InputError, match="--header-row 2: that row is empty"):
        read_suppliers(path, header_row=2)


def test_sheet_and_header_row_are_refused_where_they_do_not_apply(tmp_path):
    (tmp_path / "s.csv").write_text("name\nAcme\n")
    (tmp_path / "v.yaml").write_text("- Acme\n")
    with pytest.raises(InputError, match="--sheet applies to .xlsx workbooks only"):
        read_suppliers(tmp_path / "s.csv", sheet="Sheet1")
    with pytest.raises(InputError, match="--header-row applies to CSV files and workbooks"):
        read_suppliers(tmp_path / "v.yaml", header_row=2)


# --- names -----------------------------------------------------------------------------------------------

INVISIBLE = [c for c in UNSAFE_CHARS if c not in "\r\n"] + ["\u0301", "\u3164", "\u2800", "\u00a0", "\u3000"]


def test_a_name_of_only_invisible_characters_is_skipped_as_empty():
    builder = RowBuilder("s.csv", ("name",), "name", None)
    screened = [c for c in INVISIBLE if isinstance(builder.build(RawRecord(2, (f"{c}\u200b{c}",))), SupplierRow)]
    assert screened == []
    for name in ("\u200b\u200c\u200d", "\u200f", "\ufeff", "\u061c\u200e"):
        row = builder.build(RawRecord(2, (name,)))
        assert isinstance(row, SkippedRow) and row.reason == "empty name in column 'name' (only invisible characters)"
    assert isinstance(builder.build(RawRecord(2, ("\u200bAcme",))), SupplierRow)


def test_a_manifest_name_of_only_invisible_characters_is_skipped(tmp_path):
    path = tmp_path / "vendors.json"
    path.write_text(json.dumps({"vendors": [{"name": "\u200b\u200f\ufeff"}, {"name": "Acme"}]}))
    rows = list(read_suppliers(path))
    assert isinstance(rows[0], SkippedRow) and "only invisible characters" in rows[0].reason


@pytest.mark.parametrize("name", ["", "   ", "\u200b", "\u202e\u200f"])
def test_search_for_an_empty_name_is_exit_2(tmp_path, monkeypatch, name):
    monkeypatch.setenv("VENDORRISK_HOME", str(tmp_path))
    result = CliRunner().invoke(main, ["search", name], catch_exceptions=False)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("vendorrisk: error: the name to search is empty (or only invisible characters); "
                             "nothing to screen\n")


def test_a_header_of_a_million_columns_is_reported_on_its_own_line(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["x"] * 1_000_000) + "\nname\nAcme\n")
    with pytest.raises(InputError, match="cannot read the header row: a line longer than 1,000,000") as info:
        read_suppliers(path)
    assert info.value.line == 1


# --- baselines -------------------------------------------------------------------------------------------

DECISION = """version: 1
decisions:
- fingerprint: 0123456789abcdef0123
  supplier: Hikvision Europe B.V.
  entry: us-ndaa-889:hikvision
  entry_hash: 0123456789abcdef
  decision: accepted
  reviewer: Dana Okafor
  date: {date}
  reason: legacy cameras
  expires: {expires}
"""


DECISIONS = """version: 2
decisions:
- supplier: Hikvision Europe B.V.
  party: us-ndaa-889:hikvision
  outcome: accepted-risk
  reviewer: Dana Okafor
  date: {date}
  reason: legacy cameras
  expires: {expires}
"""


@pytest.mark.parametrize("date, expires, line, field", [
    ("2026-02-30", "2027-01-01", 9, "date"), ("2026-13-45", "2027-01-01", 9, "date"),
    ("2026-01-01", "2027-02-30", 11, "expires"),
])
def test_an_impossible_date_in_an_old_baseline_is_one_line_with_its_line(tmp_path, monkeypatch, date, expires,
                                                                         line, field):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VENDORRISK_HOME", str(tmp_path / "home"))
    (tmp_path / ".vendorrisk-baseline.yaml").write_text(DECISION.format(date=date, expires=expires))
    (tmp_path / "vendors.yaml").write_text("- Acme Widgets Ltd\n")
    result = CliRunner().invoke(main, ["hook", "vendors.yaml"], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"vendorrisk: error: .vendorrisk-baseline.yaml:{line}: not a vendorrisk "
                                    f"baseline: decisions.0.{field}: ")
    assert f"(found '{date if field == 'date' else expires}')" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("date, expires, line, field", [
    ("2026-02-30", "2027-01-01", 7, "date"), ("2026-13-45", "2027-01-01", 7, "date"),
    ("2026-01-01", "2027-02-30", 9, "expires"),
])
@pytest.mark.parametrize("command", [["hook", "vendors.yaml"], ["decisions", "list"], ["check", "vendors.yaml"]])
def test_an_impossible_date_in_the_decisions_file_is_one_line_with_its_line(tmp_path, monkeypatch, date, expires,
                                                                            line, field, command):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VENDORRISK_HOME", str(tmp_path / "home"))
    (tmp_path / ".vendorrisk-decisions.yaml").write_text(DECISIONS.format(date=date, expires=expires))
    (tmp_path / "vendors.yaml").write_text("- Acme Widgets Ltd\n")
    result = CliRunner().invoke(main, command, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"vendorrisk: error: .vendorrisk-decisions.yaml:{line}: not a vendorrisk "
                                    f"decisions file: decisions.0.{field}: ")
    assert f"(found '{date if field == 'date' else expires}')" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# --- output markup ---------------------------------------------------------------------------------------

TEXT_FUNCTIONS = {"terminal": one_line, "markdown": md_text, "html": html_text, "csv": neutralise_cell,
                  "sarif": sarif_text}


@pytest.mark.parametrize("kind", sorted(TEXT_FUNCTIONS))
def test_no_control_or_format_character_survives_any_text_function(kind):
    function = TEXT_FUNCTIONS[kind]
    survived = {f"U+{ord(c):04X}" for c in UNSAFE_CHARS
                if any(unicodedata.category(o) in UNSAFE for o in function(f"A{c}B"))}
    assert survived == set()


def _hostile_report():
    report = build_example_report()
    first = report.suppliers[0]
    finding = first.findings[0]
    entry = finding.entry.model_copy(update={
        "name": "Hik\u200evision [click](javascript:alert(1)) \u200f\u061c",
        "citation": finding.entry.citation.model_copy(update={"url": "http://insecure.example/notice"})})
    party = finding.party.model_copy(update={"name": entry.name})
    hostile = first.model_copy(update={"name": "[x](javascript:alert(1)) \u202eUK\u2066", "findings": (
        finding.model_copy(update={"entry": entry, "listings": (entry,), "party": party}),)})
    return report.model_copy(update={"suppliers": (hostile, *report.suppliers[1:])})


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "sarif"])
def test_hostile_names_reach_no_format_as_markup_or_bidi(fmt):
    out = render(_hostile_report(), fmt)
    shown = out
    if fmt == "sarif":  # its `properties` are data, kept exactly as in the JSON report; messages are shown
        messages = [r["message"]["text"] for r in json.loads(out)["runs"][0]["results"]]
        shown = "\n".join(messages)
    assert not {"\u200e", "\u200f", "\u061c", "\u202e", "\u2066"} & set(shown)
    assert 'href="http://' not in out and "](http://" not in out
    if fmt == "sarif":
        assert "Supplier '\\[x\\](javascript:alert(1)) ?UK?' matches listed party Hik?vision \\[click\\](javascript" \
            in messages[0]
        assert all("](" not in m.replace("\\](", "") for m in messages)


def test_the_suggested_baseline_command_carries_no_bidi_controls():
    from vendorrisk.integrations.hook import _quote

    assert _quote("Hik\u202evision\u2066 Ltd") == "'Hik?vision? Ltd'"
