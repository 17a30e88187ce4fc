"""Staleness: `--max-list-age DAYS` makes `check` and `search` exit 2 in one line; reports show list age.

The store holds an invented Denied Persons List whose own date (its newest
``Last_Update``) is chosen per test; the report time is pinned with
SOURCE_DATE_EPOCH, so ages are exact. Bundled lists are switched off through a
``pyproject.toml`` in the working folder, to keep the index small.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fixtures.reliability.support import dpl_file
from vendorrisk.cli import main
from vendorrisk.sources import SOURCES
from vendorrisk.store import Store
from vendorrisk.updater import import_source

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
STALE_LINE = ("vendorrisk: error: list us-bis-dpl is {age} days old (limit {limit}); "
              "run `vendorrisk lists update us-bis-dpl`")


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    (tmp_path / "suppliers.csv").write_text("name,country\nKestrel Orbital 0 Trading,AE\nAcme Widgets Ltd,GB\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def install_dated(workdir: Path, last_update: str) -> None:
    """Import a 10-row DPL whose list date is `last_update` (ISO)."""
    path = dpl_file(workdir / last_update, 10, last_update=last_update)
    import_source(Store(Path(os.environ["VENDORRISK_HOME"])), SOURCES["us-bis-dpl"], path)


def run(*args: str, **env: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env={**EPOCH, **env})


@pytest.mark.parametrize("command", [("check", "suppliers.csv"), ("search", "Kestrel Orbital 0 Trading")])
def test_an_older_list_fails_with_one_line_and_no_report(workdir, command):
    install_dated(workdir, "2025-12-20")
    result = run(*command, "--max-list-age", "1", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [STALE_LINE.format(age=12, limit=1)]


def test_the_limit_is_inclusive(workdir):
    install_dated(workdir, "2025-12-31")
    assert run("check", "suppliers.csv", "--max-list-age", "1", "--fail-on", "never").exit_code == 0
    result = run("check", "suppliers.csv", "--max-list-age", "0", "--fail-on", "never")
    assert (result.exit_code, result.stderr.splitlines()) == (2, [STALE_LINE.format(age=1, limit=0)])


def test_the_environment_sets_the_limit_and_the_flag_overrides_it(workdir):
    install_dated(workdir, "2025-12-20")
    assert run("check", "suppliers.csv", VENDORRISK_MAX_LIST_AGE="5").exit_code == 2
    assert run("check", "suppliers.csv", "--max-list-age", "30", "--fail-on", "never",
               VENDORRISK_MAX_LIST_AGE="5").exit_code == 0


def test_without_the_flag_an_old_list_still_screens_and_warns(workdir):
    install_dated(workdir, "2023-11-03")
    result = run("check", "suppliers.csv", "--format", "json")
    assert result.exit_code == 1, result.stderr
    (used,) = json.loads(result.stdout)["lists"]
    assert (used["age_days"], used["stale"]) == (790, True)
    assert ("vendorrisk: warning: list us-bis-dpl is 790 days old (stale after 30); "
            "run `vendorrisk lists update us-bis-dpl`") in result.stderr.splitlines()


@pytest.mark.parametrize("fmt, shown, stale_mark", [
    ("text", "snapshot 2025-12-20, 12 days old", "STALE"),
    ("json", '"age_days": 12', '"stale": true'),
    ("markdown", "| 2025-12-20 | 12 days |", "**stale**"),
    ("html", "<td>12 days</td>", 'class="badge stale"'),
    ("sarif", '"age_days": 12', '"stale": true'),
])
def test_every_report_format_shows_the_age_of_a_fresh_list(workdir, fmt, shown, stale_mark):
    install_dated(workdir, "2025-12-20")
    result = run("check", "suppliers.csv", "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout and stale_mark not in result.stdout
    stale = run("check", "suppliers.csv", "--format", fmt, "--fail-on", "never", SOURCE_DATE_EPOCH="1777593600")
    assert stale_mark in stale.stdout  # 2026-05-01: 132 days old, past the 30-day default


def test_csv_report_names_the_snapshot_and_a_stale_list_is_warned_about_on_stderr(workdir):
    install_dated(workdir, "2023-11-03")
    result = run("check", "suppliers.csv", "--format", "csv", "--fail-on", "never")
    sha = Store(Path(os.environ["VENDORRISK_HOME"])).record("us-bis-dpl").sha256
    assert sha in result.stdout
    assert "list us-bis-dpl is 790 days old" in result.stderr
