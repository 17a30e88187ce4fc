"""Truncated official list files, every format: a `SourceError`, never a crash or a silent partial list.

tests/sources/test_src_fuzz.py damages samples at random; these sweeps are
deterministic. XML and JSON files are cut every few bytes along their whole
length: each cut must be refused. Line-based files (CSV, TSV) are cut in the
middle of every record: each cut must be refused. A cut exactly at a line break,
or inside the last field of a row, leaves a well-formed shorter file that no
parser can tell apart from a real one; downloads are protected from that by the
Content-Length check (tests/test_http.py) and every install by the store's
record-count floor (tests/test_store.py), and the last test here shows the latter
end to end. `lists import` of a truncated file is one error line and leaves the
store as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import tree_digest
from tests.fixtures.reliability.support import dpl_bytes
from vendorrisk.cli import main
from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
MARKUP = [("us-csl", "us-csl/consolidated.json"), ("us-ofac-sdn", "us-ofac-sdn/xml/sdn.invented.xml"),
          ("uk-sanctions", "uk-lists/fcdo-list.invented.xml"), ("eu-fsf", "eu-fsf/fsf-export.invented.xml"),
          ("un-sc", "un-sc/consolidated.invented.xml"), ("worldbank-debarred", "worldbank-debarred/debarred.json"),
          ("us-sam-exclusions", "us-sam-exclusions/SAM_Exclusions_Public_Extract_V2_26338.ZIP"),
          ("uk-debarment-list", "uk-debarment-list/debarment-list.html"),
          ("us-uflpa-entity-list", "us-uflpa-entity-list/uflpa-entity-list.html")]
LINES = [("us-csl", "us-csl/consolidated_2022.csv"), ("us-csl", "us-csl/consolidated_2025.csv"),
         ("us-ofac-sdn", "us-ofac-sdn/sdn.invented.csv"), ("us-ofac-nonsdn", "us-ofac-nonsdn/cons_prim.csv"),
         ("uk-sanctions", "uk-lists/sanctionsconlist_2018.csv"), ("uk-sanctions", "uk-lists/ConList_2020.csv"),
         ("uk-sanctions", "uk-lists/fcdo-list.invented.csv"), ("us-bis-dpl", "us-bis-dpl/dpl.invented.txt")]
# NOTE: the s.1260H transcription ends its rows with free text (Note, Source Url): most record midpoints
# fall in a last field, where a cut leaves a well-formed file; the store's record-count floor catches it.
UNSWEPT = {"us-dod-1260h"}
STRIDE = 11
HEADERLESS = {"sdn.invented.csv", "cons_prim.csv"}  # OFAC legacy CSV: every line is a record


def outcome(source_id: str, path: Path) -> str | int:
    """"refused" for a SourceError, else the number of entries parsed; anything else propagates."""
    try:
        return len(SOURCES[source_id].parse(path).entries)
    except SourceError:
        return "refused"


def record_midpoints(data: bytes, header: bool) -> list[int]:
    """The middle byte of every record line (a cut there is inside a record)."""
    starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
    lines = starts[1:] if header else starts
    return [(a + b) // 2 for a, b in zip(lines, lines[1:]) if b - a > 8]


def test_every_source_format_is_swept():
    assert {s for s, _ in MARKUP + LINES} | UNSWEPT == set(SOURCES)


@pytest.mark.parametrize(("source_id", "name"), MARKUP)
def test_xml_and_json_cut_anywhere_are_refused(tmp_path, source_id, name):
    data = (FIXTURES / name).read_bytes()
    path = tmp_path / Path(name).name
    full = outcome(source_id, FIXTURES / name)
    body = data.rstrip()
    accepted = []
    for cut in [*range(1, len(body), STRIDE), len(body) - 1]:
        path.write_bytes(body[:cut])
        if outcome(source_id, path) != "refused":
            accepted.append(cut)
    assert accepted == [], f"{name}: cuts at {accepted[:5]} parsed without error"
    path.write_bytes(body)
    assert outcome(source_id, path) == full  # only trailing white space may go


@pytest.mark.parametrize(("source_id", "name"), LINES)
def test_line_files_cut_inside_a_record_are_refused(tmp_path, source_id, name):
    data = (FIXTURES / name).read_bytes()
    path = tmp_path / Path(name).name
    cuts = record_midpoints(data, header=Path(name).name not in HEADERLESS)
    assert cuts, "the sample has no records to cut"
    accepted = []
    for cut in cuts:
        path.write_bytes(data[:cut])
        if outcome(source_id, path) != "refused":
            accepted.append(cut)
    assert accepted == [], f"{name}: cuts at {accepted} parsed without error"


@pytest.mark.parametrize(("source_id", "name"), [(s, n) for s, n in LINES if Path(n).name not in HEADERLESS])
def test_header_only_files_are_refused(tmp_path, source_id, name):
    data = (FIXTURES / name).read_bytes()
    path = tmp_path / Path(name).name
    path.write_bytes(data[: data.index(b"\n") + 1])
    assert outcome(source_id, path) == "refused"


def _import(source_id: str, path: Path):
    return CliRunner().invoke(main, ["lists", "import", source_id, str(path)], catch_exceptions=False)


@pytest.mark.parametrize(("source_id", "name"), MARKUP + LINES)
def test_importing_a_truncated_file_is_one_line_and_keeps_the_store(tmp_path, source_id, name):
    good = tmp_path / "good" / Path(name).name
    good.parent.mkdir()
    shutil.copyfile(FIXTURES / name, good)
    assert _import(source_id, good).exit_code == 0
    store = Path(os.environ["VENDORRISK_HOME"]) / "lists"
    before = tree_digest(store)
    data = good.read_bytes()
    bad = tmp_path / "bad" / good.name
    bad.parent.mkdir()
    bad.write_bytes(data[: len(data) * 3 // 5])
    result = _import(source_id, bad)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"vendorrisk: error: {source_id}: ") and str(bad) in line
    assert tree_digest(store) == before


def test_a_file_cut_at_a_line_break_is_stopped_by_the_record_floor(tmp_path):
    full = dpl_bytes(100)
    lines = full.split(b"\r\n")
    first, cut = tmp_path / "full" / "dpl.txt", tmp_path / "cut" / "dpl.txt"
    for path, body in ((first, full), (cut, b"\r\n".join(lines[:41]) + b"\r\n")):
        path.parent.mkdir()
        path.write_bytes(body)
    assert outcome("us-bis-dpl", cut) == 40  # well-formed: the parser cannot know
    assert _import("us-bis-dpl", first).exit_code == 0
    result = _import("us-bis-dpl", cut)
    assert result.exit_code == 2 and "40 records, fewer than 80% of the 100" in result.stderr
