"""`vendorrisk lists update` without network: fast, one line per source, then the way to `lists import`.

Unreachable servers are made locally (see tests/offline.py): names under `.invalid`
that fail to resolve, and loopback ports nothing listens on. The terminal progress
line is checked through a real pseudo-terminal.
"""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import FakePairSource, FakeSource, fake_list, tree_digest
from tests.fixtures.reliability.support import dpl_bytes
from tests.httpserver import ListServer
from tests.offline import closed_port, count_connects, unresolvable
from tests.terminal import read_terminal
from vendorrisk.cli import lists as lists_cli
from vendorrisk.cli import main

HINT = ("vendorrisk: hint: no list server could be reached; on a machine without internet access, install files "
        "downloaded elsewhere with `vendorrisk lists import SOURCE PATH` (see docs/store.md)")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def lists_dir() -> Path:
    return Path(os.environ["VENDORRISK_HOME"]) / "lists"


@pytest.fixture
def sources(monkeypatch):
    """The fake sources as the CLI's registry; tests point their URLs somewhere."""
    single, pair = FakeSource(), FakePairSource()
    registry = {single.id: single, pair.id: pair}
    monkeypatch.setattr(lists_cli, "source_registry", lambda: registry)
    return single, pair


def test_no_dns_fails_at_once_with_one_line_per_source_and_the_import_hint(sources, monkeypatch):
    single, pair = sources
    single.urls = {"fake.csv": "https://lists.invalid/fake.csv"}
    pair.urls = {name: f"https://pair.invalid/{name}" for name in ("prim.csv", "alt.csv")}
    lookups = unresolvable(monkeypatch)
    started = time.perf_counter()
    result = run("lists", "update")  # default --retries 3: none of them may be spent
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "vendorrisk: error: fake-list: https://lists.invalid/fake.csv: cannot resolve lists.invalid "
        "(Name or service not known)",
        "vendorrisk: error: fake-pair: https://pair.invalid/prim.csv: cannot resolve pair.invalid "
        "(Name or service not known)",
        HINT,
    ]
    assert lookups == ["lists.invalid", "pair.invalid"]


def test_a_refused_connection_fails_at_once_and_keeps_the_installed_list(sources, monkeypatch):
    single, _ = sources
    with ListServer() as server:
        single.urls = {"fake.csv": server.serve("/fake.csv", fake_list(200))}
        assert run("lists", "update", "fake-list", "--no-index").exit_code == 0
    before = tree_digest(lists_dir())
    port = closed_port()
    single.urls = {"fake.csv": f"http://127.0.0.1:{port}/fake.csv"}
    attempts = count_connects(monkeypatch, port)
    result = run("lists", "update", "fake-list", "--retries", "5")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"vendorrisk: error: fake-list: http://127.0.0.1:{port}/fake.csv: connection refused by 127.0.0.1:{port}",
        HINT,
    ]
    assert attempts == [port] and tree_digest(lists_dir()) == before


def test_the_hint_counts_the_unreachable_sources_when_others_update(sources, monkeypatch):
    single, pair = sources
    unresolvable(monkeypatch)
    single.urls = {"fake.csv": "https://lists.invalid/fake.csv"}
    with ListServer() as server:
        server.serve("/pair/prim.csv", fake_list(30))
        server.serve("/pair/alt.csv", b"1|Alias One\n")
        pair.urls = {name: server.url(f"/pair/{name}") for name in ("prim.csv", "alt.csv")}
        result = run("lists", "update", "--no-index")
    assert result.exit_code == 2
    error, updated, hint = result.stderr.splitlines()
    assert error.startswith("vendorrisk: error: fake-list: https://lists.invalid/fake.csv: cannot resolve")
    assert updated.startswith("fake-pair: updated, 30 records")
    assert hint == HINT.replace("no list server could be reached", "1 of 2 sources could not be reached")


def test_a_server_error_is_not_called_unreachable(sources):
    single, _ = sources
    with ListServer() as server:
        single.urls = {"fake.csv": server.serve("/fake.csv", fake_list(200))}
        server.fault("/fake.csv", "500")
        result = run("lists", "update", "fake-list", "--retries", "1")
    assert result.exit_code == 2 and server.hits("/fake.csv") == 2
    assert result.stderr.splitlines() == [f"vendorrisk: error: fake-list: {single.urls['fake.csv']}: "
                                          "server answered HTTP 500 after 2 attempts"]


def _on_a_terminal(*args: str) -> tuple[int, str]:
    """Run the real `vendorrisk` with stderr on a pseudo-terminal; returns its exit code and what the terminal got."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "vendorrisk", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ, "COLUMNS": "200"})
    os.close(follower)
    received = read_terminal(leader, 30)
    return proc.wait(timeout=30), received


def test_a_terminal_sees_a_progress_line_per_source_that_is_erased_before_the_outcome():
    port = closed_port()
    with ListServer() as server:
        url = server.serve("/dpl.txt", dpl_bytes(20))
        code, shown = _on_a_terminal("lists", "update", "us-bis-dpl", "--url", url, "--no-index")
        assert code == 0
        code, failed = _on_a_terminal("lists", "update", "us-bis-dpl", "--url", f"http://127.0.0.1:{port}/dpl.txt")
        assert code == 2
    assert "\r\x1b[Kus-bis-dpl: dpl.csv from 127.0.0.1 ...\r\x1b[K" in shown
    size = len(dpl_bytes(20)) // 1000
    assert (f"\r\x1b[Kus-bis-dpl: dpl.csv from 127.0.0.1 {size} kB of {size} kB (100%)\r\x1b[K"
            "us-bis-dpl: updated, 20 records") in shown
    assert "\r\x1b[Kus-bis-dpl: dpl.csv from 127.0.0.1 ...\r\x1b[Kvendorrisk: error: us-bis-dpl: " in failed
    assert _screen(failed) == [f"vendorrisk: error: us-bis-dpl: http://127.0.0.1:{port}/dpl.txt: "
                               f"connection refused by 127.0.0.1:{port}", HINT]


def _screen(received: str) -> list[str]:
    """The lines left on screen: each erase (CR, erase-to-end) wipes what was drawn on its line."""
    left = (re.split(r"\r\x1b\[K", line)[-1] for line in received.split("\n"))
    return [line for line in left if line]
