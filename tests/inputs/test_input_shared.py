"""The shared development supplier file, read in place: every row is read, none skipped."""
from __future__ import annotations

import csv

import pytest

from tests.conftest import SHARED
from vendorrisk.inputs import read_suppliers
from vendorrisk.model import SupplierRow

EVAL_SUPPLIERS = SHARED / "eval-dev" / "suppliers.csv"


@pytest.mark.shared
def test_eval_dev_suppliers_are_all_read():
    if not EVAL_SUPPLIERS.is_file():
        pytest.skip(f"shared evaluation file not found at {EVAL_SUPPLIERS}")
    with open(EVAL_SUPPLIERS, encoding="utf-8", newline="") as file:
        expected = list(csv.DictReader(file))
    stream = read_suppliers(EVAL_SUPPLIERS)
    rows = list(stream)
    assert (stream.name_column, stream.country_column) == ("name", "country")
    assert all(isinstance(r, SupplierRow) for r in rows)
    assert [r.fields for r in rows] == expected
    assert [r.name for r in rows] == [" ".join(e["name"].split()) for e in expected]
    assert len({r.line for r in rows}) == len(rows)
