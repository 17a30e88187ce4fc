"""`lists update` of a real source against a misbehaving server: one error line, the store untouched.

tests/test_cli_lists.py runs the server faults against a fake source; this runs
them, plus the faults it leaves out (404, a dropped connection, a refused
connection, a name that does not resolve, a URL that is not http, a file of
another format), against the real `us-bis-dpl` parser with `--url`, so that
docs/reliability.md can quote what a user sees.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import tree_digest
from tests.fixtures.reliability.support import dpl_bytes
from tests.httpserver import ListServer
from tests.offline import closed_port, unresolvable
from vendorrisk.cli import main

SOURCE = "us-bis-dpl"


@pytest.fixture
def server():
    with ListServer() as srv:
        srv.serve("/dpl.txt", dpl_bytes(20))
        yield srv


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def installed(server) -> dict[str, str]:
    """us-bis-dpl downloaded once; the server then offers a changed file. Returns the store digest."""
    assert run("lists", "update", SOURCE, "--url", server.url("/dpl.txt")).exit_code == 0
    server.serve("/dpl.txt", dpl_bytes(22, " NEW"))
    return tree_digest(Path(os.environ["VENDORRISK_HOME"]) / "lists")


def assert_one_line_and_untouched(result, before: dict[str, str], *fragments: str) -> None:
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"vendorrisk: error: {SOURCE}: ")
    for fragment in fragments:
        assert fragment in line
    assert tree_digest(Path(os.environ["VENDORRISK_HOME"]) / "lists") == before


@pytest.mark.parametrize("fault, flags, fragment", [
    ("500", [], "server answered HTTP 500"),
    ("429", [], "server answered HTTP 429"),
    ("close", [], "connection failed"),
    ("truncate", [], "truncated body"),
    ("html", [], "the page has no link called 'Export as CSV'"),  # DPL's URL is a landing page
    ("html-body", [], "is an HTML page"),
    ("empty", [], "server sent an empty body"),
    ("slow", ["--timeout", "0.3"], "timed out"),
])
def test_server_faults(server, installed, fault, flags, fragment):
    server.fault("/dpl.txt", fault)
    result = run("lists", "update", SOURCE, "--url", server.url("/dpl.txt"), "--retries", "0", *flags)
    assert_one_line_and_untouched(result, installed, fragment)


@pytest.mark.parametrize("path, body, fragment", [
    ("/nope.txt", None, "server answered HTTP 404 Not Found"),
    ("/list.json", b'{"results": []}\n', "downloaded dpl.csv: not a Denied Persons List file (missing columns"),
    ("/short.txt", dpl_bytes(3), "3 records, fewer than 80% of the 20"),
])
def test_wrong_or_missing_files(server, installed, path, body, fragment):
    if body is not None:
        server.serve(path, body)
    result = run("lists", "update", SOURCE, "--url", server.url(path), "--retries", "0")
    assert_one_line_and_untouched(result, installed, fragment)


@pytest.mark.parametrize("url, fragment", [
    ("ftp://127.0.0.1/dpl.txt", "'ftp://127.0.0.1/dpl.txt' is not a usable URL: ftp:// is not supported"),
    ("not a url", "'not a url' is not a usable URL: it does not start with http:// or https://"),
])
def test_invalid_urls(installed, url, fragment):
    assert_one_line_and_untouched(run("lists", "update", SOURCE, "--url", url, "--retries", "0"), installed, fragment)


@pytest.mark.parametrize("url, fragment", [
    ("http://127.0.0.1:{port}/dpl.txt", "connection refused by 127.0.0.1:{port}"),
    ("https://dpl.invalid/dpl.txt", "cannot resolve dpl.invalid"),
])
def test_unreachable_servers(installed, monkeypatch, url, fragment):
    unresolvable(monkeypatch)
    port = closed_port()
    result = run("lists", "update", SOURCE, "--url", url.format(port=port))  # default retries: none spent
    assert result.exit_code == 2
    error, hint = result.stderr.splitlines()
    assert error.startswith(f"vendorrisk: error: {SOURCE}: ") and fragment.format(port=port) in error
    assert hint.startswith("vendorrisk: hint: ") and "`vendorrisk lists import SOURCE PATH`" in hint
    assert tree_digest(Path(os.environ["VENDORRISK_HOME"]) / "lists") == installed


def test_a_good_update_after_the_faults_installs_the_new_file(server, installed):
    server.fault("/dpl.txt", "500", times=1)
    result = run("lists", "update", SOURCE, "--url", server.url("/dpl.txt"), "--retries", "1")
    assert result.exit_code == 0 and f"{SOURCE}: updated, 22 records" in result.stderr
