"""Downloads that cannot be starved or shrunk: four faults against a real 127.0.0.1 server.

Each ends in one `vendorrisk: error:` line within its deadline, and the store is
byte for byte what it was: a server trickling its body, a Retry-After beyond the
deadline, a run of updates each a little smaller, a body cut at a line break
(Content-Length matching the cut, a cut gzip stream, a connection closed early),
and a full disk (TMPDIR during the download, the store during the index build).

A full disk is a real one: a 64 KiB tmpfs mounted for the test (needs root, as in
CI's container; skipped with the reason otherwise). An RLIMIT_FSIZE child would
give EFBIG rather than ENOSPC, and a loop device needs the same privilege.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import tree_digest
from tests.fixtures.reliability.support import dpl_csv_bytes
from tests.httpserver import ListServer
from vendorrisk.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def home() -> Path:
    return Path(os.environ["VENDORRISK_HOME"])


def one_error_line(result, source: str) -> str:
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"vendorrisk: error: {source}: ")
    return line


@pytest.fixture
def server():
    with ListServer() as srv:
        yield srv


@pytest.fixture
def dpl_installed(server):
    """us-bis-dpl with 100 records installed from the server; returns the store digest."""
    server.serve("/dpl.csv", dpl_csv_bytes(100))
    assert run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index").exit_code == 0
    server.serve("/dpl.csv", dpl_csv_bytes(100, " NEW"))
    return tree_digest(home() / "lists")


# -- starved: the deadline ------------------------------------------------------------------

@pytest.mark.parametrize("retries", ["0", "3"])
def test_a_trickling_body_ends_at_the_deadline(server, dpl_installed, retries):
    server.fault("/dpl.csv", "trickle")
    started = time.monotonic()
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--timeout", "2",
                 "--retries", retries, "--deadline", "1.5", "--no-index")
    elapsed = time.monotonic() - started
    line = one_error_line(result, "us-bis-dpl")
    assert "gave up at the 1.5-second deadline (the body was still arriving)" in line
    assert elapsed < 4, elapsed  # the per-read timeout (2 s) never fires on a trickle; the deadline does
    assert tree_digest(home() / "lists") == dpl_installed


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(server, dpl_installed):
    server.fault("/dpl.csv", "503-retry-after")
    started = time.monotonic()
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--deadline", "2", "--no-index")
    line = one_error_line(result, "us-bis-dpl")
    assert "HTTP 503; not retrying, as waiting 3600 s more would pass the 2-second deadline" in line
    assert time.monotonic() - started < 2
    assert server.hits("/dpl.csv") == 2  # the install, then one refused attempt
    assert tree_digest(home() / "lists") == dpl_installed


def test_a_stall_before_the_headers_ends_at_the_deadline(server, dpl_installed):
    server.generating["/dpl.csv"] = 5
    started = time.monotonic()
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--deadline", "1",
                 "--no-index")
    assert "gave up at the 1-second deadline" in one_error_line(result, "us-bis-dpl")
    assert time.monotonic() - started < 3
    assert tree_digest(home() / "lists") == dpl_installed


# -- shrunk: the guard compares with the recent snapshots -----------------------------------

def test_a_run_of_small_shrinks_cannot_whittle_a_list_away(server, dpl_installed):
    counts = [81, 66, 53]  # each about 81 % of the one before: each alone passes an 80 % guard
    outcomes = []
    for count in counts:
        server.serve("/dpl.csv", dpl_csv_bytes(count))
        outcomes.append(run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index"))
    assert outcomes[0].exit_code == 0 and "updated, 81 records" in outcomes[0].stderr
    refused = one_error_line(outcomes[1], "us-bis-dpl")
    assert "66 records, fewer than 80% of the 100 in recent snapshots" in refused and "--allow-shrink" in refused
    assert outcomes[2].exit_code == 2
    allowed = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--allow-shrink", "--no-index")
    assert allowed.exit_code == 0 and "updated, 53 records" in allowed.stderr
    server.serve("/dpl.csv", dpl_csv_bytes(50))  # the history starts again from the allowed shrink
    again = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index")
    assert again.exit_code == 0


def test_the_reported_sequence_of_halvings_stops_at_the_first(server, dpl_installed):
    server.serve("/dpl.csv", dpl_csv_bytes(51))
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index")
    assert "51 records, fewer than 80% of the 100" in one_error_line(result, "us-bis-dpl")
    assert tree_digest(home() / "lists") == dpl_installed


def test_recent_counts_are_kept_in_the_manifest(server, dpl_installed):
    server.serve("/dpl.csv", dpl_csv_bytes(90))
    assert run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index").exit_code == 0
    record = json.loads((home() / "lists" / "manifest.json").read_text())["sources"]["us-bis-dpl"]
    assert record["recent_records"] == [100, 90] and record["records"] == 90


# -- shrunk: a body cut at a line break -----------------------------------------------------

XML_SOURCES = [("us-ofac-sdn", "us-ofac-sdn/xml/sdn.invented.xml"), ("un-sc", "un-sc/consolidated.invented.xml"),
               ("eu-fsf", "eu-fsf/fsf-export.invented.xml"), ("uk-sanctions", "uk-lists/fcdo-list.invented.xml")]


@pytest.mark.parametrize("cut", ["cut-lines", "cut-gzip", "cut-close"])
def test_a_csv_cut_at_a_line_break_is_never_installed(server, dpl_installed, cut):
    server.fault("/dpl.csv", cut)
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--retries", "0", "--no-index")
    line = one_error_line(result, "us-bis-dpl")
    expected = {"cut-lines": "59 records, fewer than 80% of the 100",  # no trailer: the shrink guard
                "cut-gzip": "the compressed stream ends after",  # no gzip end marker
                "cut-close": "59 records, fewer than 80% of the 100"}[cut]
    assert expected in line
    assert tree_digest(home() / "lists") == dpl_installed


@pytest.mark.parametrize("cut", ["cut-lines", "cut-gzip", "cut-close"])
@pytest.mark.parametrize("source, fixture", XML_SOURCES)
def test_an_xml_list_cut_at_a_line_break_is_never_installed(server, source, fixture, cut):
    url = server.serve("/list.xml", FIXTURES / fixture)
    assert run("lists", "update", source, "--url", url, "--no-index").exit_code == 0
    before = tree_digest(home() / "lists")
    server.serve("/list.xml", (FIXTURES / fixture).read_bytes() + b"\n")
    server.fault("/list.xml", cut)
    line = one_error_line(run("lists", "update", source, "--url", url, "--retries", "0", "--no-index"), source)
    assert ("malformed or truncated XML" in line) if cut != "cut-gzip" else ("compressed stream ends" in line)
    assert tree_digest(home() / "lists") == before


def test_a_well_formed_ofac_xml_missing_records_is_refused_by_its_record_count(server):
    full = (FIXTURES / "us-ofac-sdn/xml/sdn.invented.xml").read_text()
    assert run("lists", "update", "us-ofac-sdn", "--url", server.serve("/SDN.XML", full.encode()),
               "--no-index").exit_code == 0
    before = tree_digest(home() / "lists")
    start, end = full.index("  <sdnEntry>"), full.index("</sdnEntry>") + len("</sdnEntry>\n")
    server.serve("/SDN.XML", (full[:start] + full[end:]).encode())  # one whole entry gone, still well-formed
    result = run("lists", "update", "us-ofac-sdn", "--url", server.url("/SDN.XML"), "--no-index")
    assert "the file declares 2 records but holds 1" in one_error_line(result, "us-ofac-sdn")
    assert tree_digest(home() / "lists") == before


# -- a full disk ----------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs at a fresh folder, unmounted afterwards."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()[:80]}); needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_tmpdir_is_one_line_and_leaves_nothing(server, dpl_installed, tiny_disk, monkeypatch):
    server.serve("/dpl.csv", dpl_csv_bytes(2000, " NEW"))  # about 200 kB, over the 64 KiB disk
    monkeypatch.setenv("TMPDIR", str(tiny_disk))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    result = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.csv"), "--no-index")
    line = one_error_line(result, "us-bis-dpl")
    assert "No space left on device" in line and "TMPDIR" in line and "Traceback" not in result.output
    assert tree_digest(home() / "lists") == dpl_installed
    assert list(tiny_disk.iterdir()) == []


def test_a_full_store_during_the_index_build_is_one_line_and_does_not_break_later_runs(tiny_disk, tmp_path):
    (home() / "cache").symlink_to(tiny_disk, target_is_directory=True)
    dpl = tmp_path / "dpl.csv"
    dpl.write_bytes(dpl_csv_bytes(3000))
    imported = run("lists", "import", "us-bis-dpl", str(dpl), "--as-of", "2026-12-01")
    assert imported.exit_code == 0  # the list is installed; the index is a warning
    assert "vendorrisk: warning: the candidate index was not built (cannot build the candidate index" in \
        imported.stderr and "database or disk is full" in imported.stderr
    assert list(tiny_disk.iterdir()) == []  # no half-written index left to fill the disk
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text("name,country\nKestrel Orbital 0 Trading,AE\n")
    failed = run("check", str(suppliers))
    assert failed.exit_code == 2 and "cannot build the candidate index" in failed.stderr
    assert "Traceback" not in failed.output and list(tiny_disk.iterdir()) == []
    (home() / "cache").unlink()  # space again
    assert run("check", str(suppliers)).exit_code in (0, 1)
