"""Damaged inputs never crash a parser: each either parses or raises `SourceError`.

Every sample is cut at random points and has random bytes overwritten; the
parser must not raise anything else (the CLI turns only `VendorRiskError` into a
one-line message).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

SAMPLES = {
    "us-csl": ["us-csl/consolidated_2022.csv", "us-csl/consolidated.json"],
    "us-ofac-sdn": ["us-ofac-sdn/sdn.invented.csv", "us-ofac-sdn/xml/sdn.invented.xml"],
    "us-ofac-nonsdn": ["us-ofac-nonsdn/cons_prim.csv"],
    "uk-sanctions": ["uk-lists/sanctionsconlist_2018.csv", "uk-lists/fcdo-list.invented.xml",
                     "uk-lists/fcdo-list.invented.csv"],
    "eu-fsf": ["eu-fsf/fsf-export.invented.xml"],
    "un-sc": ["un-sc/consolidated.invented.xml"],
    "us-bis-dpl": ["us-bis-dpl/dpl.invented.txt"],
}
CASES = [(source, name) for source, names in SAMPLES.items() for name in names]


def damage(data: bytes, cut: float, edits: list[tuple[float, int]]) -> bytes:
    out = bytearray(data[: max(1, int(len(data) * cut))])
    for where, value in edits:
        out[int(where * (len(out) - 1))] = value
    return bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize(("source_id", "name"), CASES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(0.0, 1.0), edits=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=3))
def test_damaged_file_parses_or_raises_source_error(tmp_path: Path, source_id, name, cut, edits):
    path = tmp_path / Path(name).name
    path.write_bytes(damage((FIXTURES / name).read_bytes(), cut, edits))
    try:
        parsed = SOURCES[source_id].parse(path)
    except SourceError:
        return
    assert all(entry.name for entry in parsed.entries)
