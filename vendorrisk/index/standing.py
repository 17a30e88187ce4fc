"""How one listed name stands on its entry, for the weak-name rules (`vendorrisk.scoring.weak`).

Whether a name is its entry's primary name, marked weak by the publisher, a name of
a curated entry, or of a vessel or an aircraft decides how a match on it is judged.
The index stores these facts with each name as bits, so that judging a candidate
name reads no entry.
"""
from __future__ import annotations

from vendorrisk.model import ListEntry
from vendorrisk.normalize.acronyms import acronym_forms

PRIMARY_NAME, MARKED_WEAK, CURATED_ENTRY, SHIP_ENTRY = 1, 2, 4, 8


def name_standing(entry: ListEntry, name: str) -> int:
    """What the weak-name rules need to know of `name` on `entry`, as bits: whether it is the primary
    name (`is_primary`), marked weak by the publisher, of a curated entry, of a vessel or an aircraft."""
    return ((PRIMARY_NAME if is_primary(entry, name) else 0) | (MARKED_WEAK if name in entry.weak_aliases else 0)
            | (CURATED_ENTRY if entry.confidence is not None else 0)
            | (SHIP_ENTRY if entry.type in ("vessel", "aircraft") else 0))


def is_primary(entry: ListEntry, name: str) -> bool:
    """Whether `name` is the entry's primary name, or that name without its bracketed acronym."""
    if name == entry.name:
        return True
    forms = acronym_forms(entry.name)
    return forms is not None and name == forms[0]
