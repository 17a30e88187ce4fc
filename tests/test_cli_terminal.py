"""The real `vendorrisk` on a pseudo-terminal: progress lines, warnings once, the "what next" note.

Each test runs the installed package in a child process whose stderr (and, where
the test says so, stdout) is a pseudo-terminal from the standard `pty` module, and
reads what that terminal received. The same commands with pipes instead must print
no progress and no note, so reports and logs stay byte for byte what they were.
"""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import read_terminal
from vendorrisk.config import Settings
from vendorrisk.screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent
SUPPLIERS = REPO / "examples" / "suppliers.csv"
SOURCES = REPO / "tests" / "fixtures" / "sources"
EPOCH = "1795867200"  # 2026-11-28 12:00 UTC
ERASE = "\r\x1b[K"


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("terminal-home")
    Screener(Settings(home=home))
    return home


@pytest.fixture(scope="module")
def many_rows(tmp_path_factory) -> Path:
    """600 invented suppliers: more than two screening batches."""
    path = tmp_path_factory.mktemp("rows") / "suppliers.csv"
    path.write_text("name,country\n" + "".join(f"Invented Supplier {n} Ltd,GB\n" for n in range(600))
                    + "Hikvision UK Ltd,GB\n", encoding="utf-8")
    return path


def on_a_terminal(*args: str, home: Path, stdout: Path | None = None, **env: str) -> tuple[int, str]:
    """Run `vendorrisk ARGS` with stderr, and stdout unless `stdout` names a file, on a pseudo-terminal.

    Returns the exit code and everything the terminal received.
    """
    leader, follower = pty.openpty()
    out = open(stdout, "wb") if stdout else follower  # noqa: SIM115 - closed below
    environ = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": EPOCH, "COLUMNS": "200", **env}
    proc = subprocess.Popen([sys.executable, "-m", "vendorrisk", *args], stdin=subprocess.DEVNULL, stdout=out,
                            stderr=follower, env=environ)
    os.close(follower)
    if stdout:
        out.close()
    received = read_terminal(leader, 60)
    return proc.wait(timeout=60), received


def with_pipes(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.run([sys.executable, "-m", "vendorrisk", *args], capture_output=True, env=environ,
                          timeout=120)


def screen(received: str) -> list[str]:
    """What stays on the terminal: each progress line is erased by the next `ERASE`."""
    return [re.sub(r"^.*\r\x1b\[K", "", line) for line in received.split("\n")]


@pytest.mark.parametrize("fmt, jobs", [("text", "1"), ("csv", "1"), ("markdown", "1"), ("html", "1"),
                                       ("sarif", "1"), ("json", "1"), ("text", "2"), ("html", "2")])
def test_progress_on_a_terminal_for_every_format_and_none_in_the_report(fmt, jobs, built_home, many_rows, tmp_path):
    report = tmp_path / f"report.{fmt}"
    code, received = on_a_terminal("check", str(many_rows), "--format", fmt, "--jobs", jobs, home=built_home,
                                   stdout=report)
    assert code == 1
    assert f"{ERASE}vendorrisk: {many_rows}: loading the lists ..." in received
    assert re.search(rf"{re.escape(ERASE)}vendorrisk: {re.escape(str(many_rows))}: [\d,]+ suppliers screened "
                     r"\([\d,]+/s\)", received), received
    assert screen(received)[0] == "vendorrisk: 601 suppliers: 600 clear, 1 restricted; 0 skipped"
    assert ERASE + ERASE not in received  # a report going to a file does not blink the line away
    piped = with_pipes("check", str(many_rows), "--format", fmt, "--jobs", jobs, home=built_home)
    assert report.read_bytes() == piped.stdout
    assert b"\r" not in piped.stderr and b"suppliers screened" not in piped.stderr and b"loading" not in piped.stderr
    assert piped.stderr.decode().splitlines()[0] == "vendorrisk: 601 suppliers: 600 clear, 1 restricted; 0 skipped"


def test_a_text_report_on_the_terminal_starts_on_a_clean_line_and_ends_with_what_next(built_home, many_rows):
    code, received = on_a_terminal("check", str(many_rows), home=built_home)
    assert code == 1
    assert "suppliers screened" in received
    assert f"{ERASE}\x1b[1mvendorrisk 0.1.0: 601 suppliers in {many_rows} (601 screened, 0 skipped)" in received
    shown = screen(received)
    assert shown[0].startswith("\x1b[1mvendorrisk 0.1.0: 601 suppliers")
    start = next(i for i, line in enumerate(shown) if line.startswith("What next: "))
    note = " ".join(shown[start:]).strip()
    assert note.startswith("What next: a finding is a reason to review a supplier, with the listed name that matched "
                           "and the official citation as evidence;")
    assert "`vendorrisk search 'Hikvision UK Ltd' --explain`" in note
    assert "`vendorrisk review REPORT.json`" in note
    assert ("`vendorrisk decide 'Hikvision UK Ltd' us-ndaa-889:hikvision --country GB --outcome OUTCOME "
            "--reason TEXT`") in note
    assert "`vendorrisk lists update`" in note and "`--no-hints` or `VENDORRISK_HINTS=0` hides this note." in note


@pytest.mark.parametrize("silence", [("--no-hints",), ("env",)])
def test_what_next_can_be_silenced(silence, built_home):
    args, env = (silence, {}) if silence != ("env",) else ((), {"VENDORRISK_HINTS": "0"})
    code, received = on_a_terminal("check", str(SUPPLIERS), *args, home=built_home, **env)
    assert code == 1 and "Lists screened" in received and "What next" not in received


def test_no_note_and_no_progress_when_output_is_not_a_terminal(built_home, tmp_path):
    piped = with_pipes("check", str(SUPPLIERS), home=built_home)
    assert piped.returncode == 1
    assert b"What next" not in piped.stdout + piped.stderr and b"\r" not in piped.stdout + piped.stderr
    report = tmp_path / "report.txt"
    code, received = on_a_terminal("check", str(SUPPLIERS), "--output", str(report), home=built_home)
    assert code == 1 and "What next" not in received + report.read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_damaged_store_is_one_warning_on_the_terminal(jobs, tmp_path):
    home = tmp_path / "home"
    (home / "lists").mkdir(parents=True)
    (home / "lists" / "manifest.json").write_text("{damaged", encoding="utf-8")
    code, received = on_a_terminal("check", str(SUPPLIERS), "--jobs", jobs, "--format", "csv",
                                   home=home, stdout=tmp_path / "report.csv")
    assert code == 1
    assert received.count("manifest.json: damaged") == 1, received
    assert "StoreWarning" not in received
    assert [line for line in screen(received) if "damaged" in line] == [
        f"vendorrisk: warning: {home / 'lists' / 'manifest.json'}: damaged (invalid JSON: Expecting property name "
        "enclosed in double quotes, line 1); treating the store as empty"]


def test_an_index_build_shows_progress_on_a_terminal(tmp_path):
    code, received = on_a_terminal("search", "ZTE Corporation", "--format", "json", home=tmp_path / "fresh")
    assert code == 1
    assert re.search(r"vendorrisk: building the candidate index, [\d,]+ list entries read; writing it \.\.\.",
                     received), received
    assert screen(received)[0] == "{"


def test_importing_several_sources_builds_the_index_once_with_progress(tmp_path):
    dpl, un = SOURCES / "us-bis-dpl" / "dpl.invented.txt", SOURCES / "un-sc" / "consolidated.invented.xml"
    code, received = on_a_terminal("lists", "import", "us-bis-dpl", str(dpl), "un-sc", str(un), "--as-of",
                                   "2026-11-01", home=tmp_path / "home")
    assert code == 2 and "--as-of needs exactly one SOURCE" in received
    code, received = on_a_terminal("lists", "import", "us-bis-dpl", str(dpl), "un-sc", str(un),
                                   home=tmp_path / "home")
    assert code == 0, received
    assert f"{ERASE}us-bis-dpl: importing {dpl} ..." in received and f"{ERASE}un-sc: importing {un} ..." in received
    assert received.count("index: building the candidate index") >= 1
    shown = [line for line in screen(received) if line]
    assert [line.split(",")[0] for line in shown] == ["us-bis-dpl: imported", "un-sc: imported", "index: ready"]
    piped = with_pipes("lists", "import", "us-bis-dpl", str(dpl), "un-sc", str(un), home=tmp_path / "other")
    assert piped.returncode == 0 and b"\r" not in piped.stderr
    assert [line.split(",")[0] for line in piped.stderr.decode().splitlines()] == [
        "us-bis-dpl: imported", "un-sc: imported", "index: ready"]


def test_every_command_shows_a_damaged_store_as_one_plain_warning(tmp_path):
    home = tmp_path / "home"
    (home / "lists").mkdir(parents=True)
    (home / "lists" / "manifest.json").write_text("{damaged", encoding="utf-8")
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text("vendors:\n  - name: Invented Widgets Ltd\n", encoding="utf-8")
    for args in (("hook", str(manifest)), ("search", "Invented Widgets Ltd"), ("lists", "status")):
        code, received = on_a_terminal(*args, home=home)
        assert received.count("manifest.json: damaged") == 1, (args, received)
        assert "StoreWarning" not in received and "vendorrisk: warning: " in received, (args, received)


def test_an_error_after_the_progress_line_starts_on_a_clean_line(built_home, tmp_path):
    code, received = on_a_terminal("check", str(REPO / "examples" / "no-name-column.csv"), home=built_home)
    assert code == 2
    assert [line for line in screen(received) if line] == [
        f"vendorrisk: error: {REPO / 'examples' / 'no-name-column.csv'}:1: no supplier-name column found; the "
        "columns are 'supplier_id', 'country', 'category', 'annual_spend_gbp'; choose one with --name-column"]
    assert f"{ERASE}vendorrisk: error: " in received
    home = tmp_path / "home"  # an undated official list: too old for any --max-list-age, refused at loading
    assert with_pipes("lists", "import", "us-bis-dpl", str(SOURCES / "us-bis-dpl" / "dpl.invented.txt"),
                      home=home).returncode == 0
    code, received = on_a_terminal("check", str(SUPPLIERS), "--max-list-age", "30", home=home)
    assert code == 2
    assert f"loading the lists ...{ERASE}vendorrisk: error: " in received, received
