"""Staleness: `--max-list-age DAYS` makes `check` and `search` exit 2 in one line; reports show list age.

The store holds an invented Denied Persons List, a format with no publication date
of its own, imported with the date chosen per test (`--as-of`) or undated; the
report time is pinned with SOURCE_DATE_EPOCH, so ages are exact. Bundled lists are switched off through a
``pyproject.toml`` in the working folder, to keep the index small.
"""
from __future__ import annotations

import datetime as dt
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

EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
STALE_LINE = ("vendorrisk: error: list us-bis-dpl is {age} days old (limit {limit}); "
              "run `vendorrisk lists update us-bis-dpl`")


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    (tmp_path / "suppliers.csv").write_text("name,country\nKestrel Orbital 0 Trading,AE\nAcme Widgets Ltd,GB\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def install_dated(workdir: Path, as_of: str | None, last_update: str | None = None) -> None:
    """Import a 10-row DPL published on `as_of` (ISO; None: undated) whose rows were last updated on `last_update`."""
    last_update = last_update or as_of
    path = dpl_file(workdir / f"{as_of}-{last_update}", 10, last_update=last_update)
    import_source(Store(Path(os.environ["VENDORRISK_HOME"])), SOURCES["us-bis-dpl"], path,
                  as_of=dt.date.fromisoformat(as_of) if as_of else None)


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
    ("text", "snapshot 2025-12-20 (dated by --as-of at import), 12 days old", "STALE"),
    ("json", '"age_days": 12', '"stale": true'),
    ("markdown", "| 2025-12-20 (dated by --as-of at import) | 12 days |", "**stale**"),
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


UNDATED_WARNING = ("vendorrisk: warning: list us-bis-dpl is undated (published on or after 2025-12-20), so it is "
                   "treated as stale; run `vendorrisk lists update us-bis-dpl`, or re-import it with "
                   "`vendorrisk lists import us-bis-dpl PATH --as-of DATE`")


def test_an_undated_list_fails_any_age_limit_however_recent_its_listings(workdir):
    install_dated(workdir, None, last_update="2025-12-31")
    result = run("check", "suppliers.csv", "--max-list-age", "3650", "--fail-on", "never")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "vendorrisk: error: list us-bis-dpl is undated (published on or after 2025-12-31), so its age is unknown "
        "(limit 3650 days); run `vendorrisk lists update us-bis-dpl`, or import it with `--as-of DATE` if you "
        "know its date"]


@pytest.mark.parametrize("fmt, shown", [
    ("text", "snapshot undated (published on or after 2025-12-20), age unknown, 10 records"),
    ("json", '"date_basis": "unknown"'),
    ("markdown", "| undated (published on or after 2025-12-20) | age unknown **stale** |"),
    ("html", "undated (published on or after 2025-12-20)"),
    ("sarif", '"published_on_or_after": "2025-12-20"'),
])
def test_every_report_format_shows_an_undated_list_as_undated_and_stale(workdir, fmt, shown):
    install_dated(workdir, None, last_update="2025-12-20")
    result = run("check", "suppliers.csv", "--format", fmt, "--fail-on", "never")
    assert result.exit_code == 0, result.stderr
    assert shown in result.stdout
    assert UNDATED_WARNING in result.stderr.splitlines()
    if fmt in ("json", "sarif"):
        text = result.stdout
        assert '"stale": true' in text and '"age_days": null' in text


def test_the_json_report_says_how_each_list_date_is_known(workdir):
    install_dated(workdir, "2025-12-20")
    lists = json.loads(run("check", "suppliers.csv", "--format", "json", "--fail-on", "never").stdout)["lists"]
    assert [(u["snapshot_date"], u["date_basis"], u["published_on_or_after"]) for u in lists] == [
        ("2025-12-20", "user", "2025-12-20")]
