"""Streaming: rows are produced one at a time, so memory does not grow with the file."""
from __future__ import annotations

import tracemalloc

import pytest

from vendorrisk.inputs import read_suppliers


def write_suppliers(path, rows: int) -> int:
    """A generated supplier file of `rows` rows, with a quoted field every 10th row."""
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write("supplier_id,supplier_name,country,notes\n")
        for n in range(rows):
            note = '"line one\nline two"' if n % 10 == 0 else "net 30"
            file.write(f'S{n:07d},"Generated Supplier {n} Trading Co., Ltd.",CN,{note}\n')
    return path.stat().st_size


def peak_while_reading(path) -> tuple[int, int, int]:
    """(rows read, last line, peak bytes allocated) while streaming `path`."""
    tracemalloc.start()
    try:
        count = last = 0
        for row in read_suppliers(path):
            count, last = count + 1, row.line
        return count, last, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_row_count(tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    write_suppliers(small, 1_000)
    write_suppliers(large, 10_000)
    _, _, small_peak = peak_while_reading(small)
    count, last, large_peak = peak_while_reading(large)
    assert (count, last) == (10_000, 11_001)  # every 10th row spans two lines
    assert large_peak < small_peak * 1.5 + 64_000


@pytest.mark.slow
def test_200k_row_file_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "big.csv"
    size = write_suppliers(path, 200_000)
    count, last, peak = peak_while_reading(path)
    assert (count, last) == (200_000, 220_001)
    print(f"\n200k rows: {size:,} bytes, peak {peak:,} bytes")
    assert peak < size / 20, f"peak {peak:,} bytes for a {size:,}-byte file"
