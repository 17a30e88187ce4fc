"""A damaged or unusable list store: `check` warns in one line or fails in one line, never a traceback.

Each test installs an invented Denied Persons List, damages one part of the
store the way a full disk, a crash or a careless hand would, and runs the real
CLI. Bundled lists are off (``pyproject.toml`` in the working folder) so that
what is screened comes from the store alone.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fixtures.reliability.support import dpl_file
from vendorrisk.cli import main
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import import_source

SUPPLIERS = "name,country\nKestrel Orbital 0 Trading,AE\nAcme Widgets Ltd,GB\n"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A store holding a 10-row us-bis-dpl; the working folder screens the store only."""
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    (tmp_path / "suppliers.csv").write_text(SUPPLIERS)
    monkeypatch.chdir(tmp_path)
    home = Path(os.environ["VENDORRISK_HOME"])
    import_source(Store(home), SOURCES["us-bis-dpl"], dpl_file(tmp_path / "dpl", 10))
    return home


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def check_json(*extra: str) -> tuple[int, dict | None, list[str]]:
    result = run("check", "suppliers.csv", "--format", "json", *extra)
    return result.exit_code, json.loads(result.stdout) if result.stdout else None, result.stderr.splitlines()


def flagged(report: dict) -> list[str]:
    return [s["name"] for s in report["suppliers"] if s["findings"]]


def test_an_intact_store_finds_the_listed_supplier(home):
    code, report, _ = check_json()
    assert code == 1 and flagged(report) == ["Kestrel Orbital 0 Trading"]


def test_a_damaged_manifest_is_one_warning_line_and_the_report_says_no_official_list(home):
    (home / "lists" / "manifest.json").write_text('{"format": 1, "sources": {"us-bis-dpl": {"bogus": 1}}}')
    code, report, stderr = check_json()
    assert code == 0 and flagged(report) == [] and report["lists"] == []
    warning = [line for line in stderr if "manifest.json" in line]
    assert warning == [f"vendorrisk: warning: {home / 'lists' / 'manifest.json'}: damaged "
                       "(sources.us-bis-dpl.bogus: Extra inputs are not permitted); treating the store as empty"]
    assert any("only the bundled curated lists were screened" in w for w in report["warnings"])


def test_a_corrupt_entries_file_is_one_error_line(home):
    entries = next((home / "lists").rglob("entries.jsonl.gz"))
    entries.write_bytes(b"\x1f\x8b\x08\x00 this is not gzip")
    code, report, stderr = check_json()
    assert code == 2 and report is None
    assert stderr == [f"vendorrisk: error: {entries}:1: damaged entries file; run `vendorrisk lists update us-bis-dpl`"]


def test_a_missing_entries_file_warns_and_that_list_is_left_out(home):
    next((home / "lists").rglob("entries.jsonl.gz")).unlink()
    code, report, stderr = check_json()
    assert code == 0 and report["lists"] == []
    assert any(line.startswith("vendorrisk: warning: snapshot of us-bis-dpl is missing") for line in stderr)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_damaged_index_cache_is_rebuilt_silently(home, damage):
    code, before, _ = check_json()
    (index,) = (home / "cache").glob("index-*.sqlite")
    data = index.read_bytes()
    index.write_bytes({"garbage": b"not a database" * 100, "truncated": data[: len(data) // 3], "empty": b""}[damage])
    code_after, after, stderr = check_json()
    assert (code_after, flagged(after)) == (code, flagged(before))
    assert [line for line in stderr if "error" in line or "Traceback" in line] == []


def test_leftovers_of_a_crashed_writer_are_ignored(home):
    (home / "lists" / "manifest.json.tmp").write_text('{"half": ')
    (home / "lists" / "us-bis-dpl" / ".tmp-crashed").mkdir()
    (home / "lists" / "us-bis-dpl" / ".tmp-crashed" / "entries.jsonl.gz").write_bytes(b"partial")
    code, report, _ = check_json()
    assert code == 1 and flagged(report) == ["Kestrel Orbital 0 Trading"]


@pytest.mark.parametrize("args", [("check", "suppliers.csv"), ("search", "Acme"),
                                  ("lists", "import", "us-bis-dpl", "dpl/dpl.txt")])
def test_a_home_that_is_a_file_is_one_error_line(home, tmp_path, monkeypatch, args):
    not_a_folder = tmp_path / "home-file"
    not_a_folder.write_text("oops")
    monkeypatch.setenv("VENDORRISK_HOME", str(not_a_folder))
    result = run(*args)
    (line,) = result.stderr.splitlines()
    assert result.exit_code == 2 and line.startswith("vendorrisk: error: ")
    assert f"{not_a_folder}/" in line and line.endswith("cannot create the folder (Not a directory); "
                                                         "check VENDORRISK_HOME")
