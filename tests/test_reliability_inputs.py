"""`vendorrisk check` on every broken supplier file: the right exit code, one line, never a traceback.

Each fixture in tests/fixtures/inputs is checked through the real CLI with
`catch_exceptions=False`, so any exception that is not a `VendorRiskError` fails
the test instead of being hidden. Screening runs against an empty store with the
bundled lists switched off (through a ``pyproject.toml`` in the working folder):
these tests are about reading the file, not about matching.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fixtures.reliability.support import cli_env
from vendorrisk.cli import main

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"

# fixture -> (suppliers in the report, lines of the skipped rows); every one exits 0.
SCREENED = {
    "suppliers.blank-and-duplicate-rows.csv": (3, []),
    "suppliers.blank-first-lines.csv": (1, []),
    "suppliers.broken-quote.csv": (3, [3]),
    "suppliers.control-characters.csv": (2, []),
    "suppliers.cp1252.csv": (5, []),
    "suppliers.crlf.csv": (4, []),
    "suppliers.duplicate-headers.csv": (1, []),
    "suppliers.empty-name.csv": (4, [3, 4]),
    "suppliers.excel-sep-line.csv": (1, []),
    "suppliers.extra-and-missing-cells.csv": (4, []),
    "suppliers.good.csv": (4, []),
    "suppliers.header-only.csv": (0, []),
    "suppliers.long-field.csv": (3, [3]),
    "suppliers.mostly-utf8.csv": (4, [4]),
    "suppliers.pipe.txt": (2, []),
    "suppliers.quoted-newline.csv": (4, []),
    "suppliers.repeated-header.csv": (3, [3]),
    "suppliers.sap-export.csv": (2, []),
    "suppliers.semicolon.csv": (2, []),
    "suppliers.tab.tsv": (2, []),
    "suppliers.undecodable-bytes.csv": (3, [3]),
    "suppliers.unterminated-quote.csv": (4, [3]),
    "suppliers.utf16-be.csv": (4, []),
    "suppliers.utf16-no-bom.csv": (4, []),
    "suppliers.utf16.csv": (4, []),
    "suppliers.utf8-bom.csv": (4, []),
}
# fixture -> what the one error line says after "<path>"
REFUSED = {
    "suppliers.empty.csv": ": the file is empty: no header row",
    "suppliers.gzip-compressed.csv": ":1: this does not look like a text or spreadsheet file",
    "suppliers.missing-name-column.csv": ":1: no supplier-name column found",
}


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory) -> Path:
    """One empty store for the module, so its (tiny) index is built once."""
    return tmp_path_factory.mktemp("inputs-home")


@pytest.fixture(autouse=True)
def workdir(tmp_path, monkeypatch, shared_home) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VENDORRISK_HOME", str(shared_home))
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and result.stdout == "" and len(lines) == 1, (result.exit_code, lines)
    assert lines[0].startswith("vendorrisk: error: ")
    return lines[0].removeprefix("vendorrisk: error: ")


def test_every_input_fixture_is_in_one_of_the_tables():
    assert sorted(p.name for p in INPUTS.iterdir()) == sorted([*SCREENED, *REFUSED])


@pytest.mark.parametrize("name", sorted(SCREENED))
def test_broken_rows_are_skipped_and_the_rest_screened(name):
    suppliers, skipped_lines = SCREENED[name]
    result = run(str(INPUTS / name), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["suppliers"] == suppliers
    assert [s["line"] for s in report["skipped"]] == skipped_lines
    assert all(s["reason"] for s in report["skipped"])
    assert f"; {len(skipped_lines)} skipped" in result.stderr


@pytest.mark.parametrize("name", sorted(n for n, (_, lines) in SCREENED.items() if lines))
def test_strict_turns_the_first_skipped_row_into_one_error_line(name):
    line = SCREENED[name][1][0]
    message = one_error_line(run(str(INPUTS / name), "--strict", "--format", "csv"))
    assert message.startswith(f"{INPUTS / name}:{line}: row skipped: ")


@pytest.mark.parametrize("name", sorted(n for n, (_, lines) in SCREENED.items() if not lines))
def test_strict_passes_files_without_skipped_rows(name):
    assert run(str(INPUTS / name), "--strict").exit_code == 0


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unreadable_files_are_one_line_naming_the_file(name):
    assert one_error_line(run(str(INPUTS / name))).startswith(f"{INPUTS / name}{REFUSED[name]}")


def test_files_that_are_not_there_or_not_files(workdir):
    (workdir / "folder").mkdir()
    assert one_error_line(run("missing.csv")) == "missing.csv: cannot open the file: No such file or directory"
    assert run("folder").exit_code == 2


def test_files_named_xlsx_that_are_not_workbooks(workdir):
    pytest.importorskip("openpyxl", reason="the xlsx extra is not installed (pip install 'vendorrisk[xlsx]')")
    (workdir / "zipped.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (workdir / "plain.xlsx").write_text("name\nAcme Widgets Ltd\n")
    assert one_error_line(run("zipped.xlsx")).startswith("zipped.xlsx: cannot read the workbook")
    assert one_error_line(run("plain.xlsx")).startswith("plain.xlsx: cannot read the workbook")


@pytest.mark.parametrize("args, message", [
    (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--encoding", "utf-16"], "--encoding utf-16 needs a byte-order mark and the file has none; try utf-16-le"),
    (["--encoding", "utf-32"], "--encoding utf-32 needs a byte-order mark and the file has none; try utf-32-le"),
    (["--delimiter", ";;"], "--delimiter must be one character"),
    (["--name-column", "nope"], ":1: --name-column 'nope' is not a column"),
    (["--country-column", "nope"], ":1: --country-column 'nope' is not a column"),
    (["--profile", "nope"], "unknown profile 'nope'"),
    (["--output", "no/such/folder/report.txt"], "--output no/such/folder/report.txt: cannot write the report"),
    (["--format", "json", "--output", "no/such/folder/report.json"], "--output no/such/folder/report.json: cannot"),
])
def test_bad_options_are_one_line(args, message):
    assert message in one_error_line(run(str(INPUTS / "suppliers.good.csv"), *args))


def test_utf16_without_a_bom_is_read_when_named_utf16():
    result = run(str(INPUTS / "suppliers.utf16-no-bom.csv"), "--encoding", "utf-16", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["summary"]["suppliers"] == 4


@pytest.mark.slow  # three child interpreters
def test_the_installed_program_prints_no_traceback_for_the_worst_inputs(workdir):
    good = str(INPUTS / "suppliers.good.csv")
    for args in ([good, "--encoding", "utf-16"], [good, "-o", "missing/out.txt"],
                 [str(INPUTS / "suppliers.gzip-compressed.csv")]):
        done = subprocess.run([sys.executable, "-m", "vendorrisk", "check", *args], cwd=workdir, env=cli_env(),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("vendorrisk: error: ")


FORMATS = ("text", "json", "csv", "markdown", "html", "sarif")


def test_escaped_lone_surrogates_in_a_json_manifest_skip_that_vendor(workdir):
    path = workdir / "vendors.json"
    path.write_text('{"vendors": [{"name": "Kestrel \\ud800 Ltd"}, {"name": "Acme Widgets Ltd", "note": "x\\udc00",'
                    ' "aliases": ["A\\ud800"]}, {"name": "Bob Ltd", "country": "\\udfff"}]}', encoding="utf-8")
    for fmt in FORMATS:
        assert run(str(path), "--format", fmt).exit_code == 0, fmt
    report = json.loads(run(str(path), "--format", "json").stdout)
    assert [s["reason"].split(" holds")[0] for s in report["skipped"]] == ["`name`", "`country`"]
    assert report["suppliers"][0]["input"] == {"name": "Acme Widgets Ltd", "note": "x\ufffd", "aliases": "A\ufffd"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_undecodable_bytes_from_the_command_line_never_break_a_report_file(workdir, fmt):
    # NOTE: Python hands a non-UTF-8 byte of argv (a Latin-1 file name or terminal) over as U+DCxx.
    odd = workdir / "suppliers-\udcff.csv"
    odd.write_text("name\nAcme Widgets Ltd\n", encoding="utf-8")
    for args in (["check", str(odd)], ["search", "Acme Widgets \udcff Ltd"]):
        result = CliRunner().invoke(main, [*args, "--format", fmt, "-o", f"report.{fmt}"], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert (workdir / f"report.{fmt}").read_text(encoding="utf-8")  # valid UTF-8


@pytest.mark.slow  # two child interpreters
def test_non_utf8_arguments_reach_stdout_without_a_traceback(workdir):
    (workdir / "suppliers-\udcff.csv").write_text("name\nAcme Widgets Ltd\n", encoding="utf-8")
    for args in ([b"check", b"suppliers-\xff.csv"], [b"search", b"Acme Widgets \xff Ltd"]):
        done = subprocess.run([sys.executable, "-m", "vendorrisk", *args, b"--format", b"sarif"], cwd=workdir,
                              env=cli_env(), capture_output=True, timeout=60)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        assert json.loads(done.stdout)["runs"]
