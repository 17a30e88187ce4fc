"""Size limits: over-long fields, runaway quotes and lines too long to hold are skipped rows."""
from __future__ import annotations

import tracemalloc

from tests.inputs.conftest import split_rows
from vendorrisk.inputs import read_suppliers
from vendorrisk.inputs.csv_input import CSV_FIELD_LIMIT


def test_runaway_quote_is_cut_at_the_field_limit_and_the_lines_reread(tmp_path):
    path = tmp_path / "runaway.csv"
    swallowed = [f"Swallowed Supplier {n} Ltd,GB,{'n' * 1000}\n" for n in range(CSV_FIELD_LIMIT // 1000 + 5)]
    path.write_text("name,country,notes\nFirst Ltd,GB,\n\"Stray Quote Ltd,FR,\n" + "".join(swallowed))
    rows, skipped = split_rows(read_suppliers(path))
    assert [(s.line, s.reason.split(";")[0]) for s in skipped] == [
        (3, f"column 1: a field longer than {CSV_FIELD_LIMIT:,} characters (a stray quote?)")]
    assert rows[0].name == "First Ltd"
    assert [r.line for r in rows[1:]] == list(range(4, 4 + len(swallowed)))
    assert rows[-1].name == f"Swallowed Supplier {len(swallowed) - 1} Ltd"


def test_line_too_long_to_hold_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "no-line-breaks.csv"
    huge = 12 * CSV_FIELD_LIMIT
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write("name,country\nBefore Ltd,GB\n")
        file.write("z" * huge)
        file.write("\nAfter Ltd,DE\n")
    tracemalloc.start()
    try:
        rows, skipped = split_rows(read_suppliers(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r.line, r.name) for r in rows] == [(2, "Before Ltd"), (4, "After Ltd")]
    assert [(s.line, s.reason) for s in skipped] == [
        (3, f"a line longer than {CSV_FIELD_LIMIT:,} characters (is this a text file?)")]
    assert skipped[0].fields["(raw line)"].startswith("zzz")
    # readline's own buffers cost a few times the limit, whatever the line's length
    assert peak < 6 * CSV_FIELD_LIMIT, f"peak {peak:,} bytes for a {huge:,}-character line"
