"""A check that a record holds exactly the values validation would give it.

Records are built without validation, so a parser that put a list where a tuple
belongs, a date as text or an int in a float field would go unnoticed until a
report's bytes changed. Revalidating shows it: the copy's repr differs.
"""
from __future__ import annotations

from vendorrisk.record import Record


def assert_exactly_typed(*records: Record) -> None:
    """Fail on the first record that validation would change."""
    for record in records:
        again = type(record).model_validate(record.model_dump())
        # NOTE: repr, not ==, because 85 == 85.0 and ["a"] != ("a",) only by type.
        assert repr(again) == repr(record), f"not exactly typed: {record!r}"
