"""Helpers for the supplier-input tests: the fixture folder and a row splitter."""
from __future__ import annotations

from pathlib import Path

import pytest

from vendorrisk.model import SkippedRow, SupplierRow

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"


@pytest.fixture
def fixture_path():
    """Path of a file in tests/fixtures/inputs, failing loudly if it is missing."""
    def locate(name: str) -> Path:
        path = FIXTURES / name
        assert path.is_file(), f"missing fixture {path}"
        return path
    return locate


def split_rows(rows) -> tuple[list[SupplierRow], list[SkippedRow]]:
    """Supplier rows and skipped rows of a stream, each in order."""
    rows = list(rows)
    good = [r for r in rows if isinstance(r, SupplierRow)]
    skipped = [r for r in rows if isinstance(r, SkippedRow)]
    assert len(good) + len(skipped) == len(rows)
    return good, skipped
