"""`kill -9` of a real `vendorrisk lists update` process leaves the previous snapshot intact.

Each test installs a small snapshot of us-bis-dpl, starts `python -m vendorrisk lists
update us-bis-dpl --url ...` against a loopback server, SIGKILLs it at a chosen
moment (mid-body, while parsing, while writing the new snapshot), and then checks
that the store is byte for byte what it was, still loads, and that the next update
repairs everything (leftovers of the killed writer are pruned).
"""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import tree_digest
from tests.fixtures.reliability.support import DripServer, dpl_bytes, dpl_file, spawn, wait_for
from vendorrisk.cli import main
from vendorrisk.lists.store import Store

SOURCE = "us-bis-dpl"
pytestmark = pytest.mark.slow  # each test starts a child interpreter and parses thousands of rows

ROWS = 6_000  # parsing takes ~0.5 s: time enough to kill it mid-parse
WRITE_ROWS = 12_000  # writing this snapshot takes ~0.3 s (measured 164 ms for 6,000): a wide window to kill in


@pytest.fixture
def home() -> Path:
    return Path(os.environ["VENDORRISK_HOME"])


@pytest.fixture
def previous(home, tmp_path) -> dict[str, str]:
    """A 12-record snapshot installed with `lists import`; returns its byte-for-byte digest."""
    result = CliRunner().invoke(main, ["lists", "import", SOURCE, str(dpl_file(tmp_path / "old", 12))],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return tree_digest(home / "lists")


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


def _assert_previous_intact(home: Path, before: dict[str, str], *, ignore_tmp: bool = False) -> None:
    after = tree_digest(home / "lists")
    if ignore_tmp:
        after = {k: v for k, v in after.items() if "/.tmp-" not in k and not k.endswith(".tmp")}
    assert after == before
    record, entries = Store(home).open(SOURCE)
    names = [e.name for e in entries]
    assert record.records == 12 == len(names) and all(not n.endswith(" NEW") for n in names)


def _assert_next_update_repairs(home: Path, url: str, rows: int = ROWS) -> None:
    done = CliRunner().invoke(main, ["lists", "update", SOURCE, "--url", url, "--retries", "0"],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.stderr
    assert f"{SOURCE}: updated, {rows} records" in done.stderr
    folders = [p.name for p in (home / "lists" / SOURCE).iterdir()]
    assert len(folders) == 1 and not folders[0].startswith(".tmp-")
    record, entries = Store(home).open(SOURCE)
    assert record.records == rows == sum(1 for _ in entries)


def test_kill_mid_download_leaves_the_previous_snapshot(home, previous, tmp_path):
    body = dpl_bytes(ROWS, " NEW")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    with DripServer(body, stall_at=len(body) // 2) as server:
        proc = spawn("lists", "update", SOURCE, "--url", server.url(), "--retries", "0", TMPDIR=str(tmpdir))
        assert server.sent_first_part.wait(30), "the update never asked for the file"
        part = wait_for(lambda: [p for p in tmpdir.glob("vendorrisk-*/dpl.csv.part") if p.stat().st_size > 0],
                        20, "the half-written download")
        _kill(proc)
        assert 0 < part[0].stat().st_size < len(body)
        _assert_previous_intact(home, previous)
        server.stall_at = None
        _assert_next_update_repairs(home, server.url())


def test_kill_while_parsing_leaves_the_previous_snapshot(home, previous, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    with DripServer(dpl_bytes(ROWS, " NEW")) as server:
        proc = spawn("lists", "update", SOURCE, "--url", server.url(), "--retries", "0", TMPDIR=str(tmpdir))
        wait_for(lambda: list(tmpdir.glob("vendorrisk-*/dpl.csv")), 30, "the completed download")
        assert proc.poll() is None, "the update finished before it could be killed"
        _kill(proc)
        assert not list((home / "lists" / SOURCE).glob(".tmp-*")), "the kill landed after parsing"
        _assert_previous_intact(home, previous)
        _assert_next_update_repairs(home, server.url())


def test_kill_while_writing_the_new_snapshot_leaves_the_previous_one(home, previous, tmp_path):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    folder = home / "lists" / SOURCE
    with DripServer(dpl_bytes(WRITE_ROWS, " NEW")) as server:
        proc = spawn("lists", "update", SOURCE, "--url", server.url(), "--retries", "0", TMPDIR=str(tmpdir))
        wait_for(lambda: list(folder.glob(".tmp-*/raw")), 60, "the new snapshot folder")
        _kill(proc)
        leftovers = list(folder.glob(".tmp-*"))
        assert leftovers, "the kill landed after the snapshot was renamed into place"
        _assert_previous_intact(home, previous, ignore_tmp=True)
        status = CliRunner().invoke(main, ["lists", "status", "--format", "json"], catch_exceptions=False)
        assert status.exit_code == 0 and '"records": 12' in status.stdout, status.stderr
        _assert_next_update_repairs(home, server.url(), WRITE_ROWS)
        assert not any(p.exists() for p in leftovers)
