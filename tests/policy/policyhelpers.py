"""Builders for policy tests: list entries and matches with just enough fields."""
from __future__ import annotations

from pathlib import Path

from vendorrisk.model import Citation, ListEntry
from vendorrisk.report import Evidence, Match

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def entry(id: str = "xx-test:1", source: str | None = None, name: str = "Northwind Optics Ltd",
          **fields) -> ListEntry:
    """A ListEntry with a minimal citation; `source` defaults to the id's prefix."""
    fields.setdefault("citation", Citation(document=f"Test list for {name}"))
    return ListEntry(id=id, source=source or id.split(":")[0], name=name, **fields)


def match(list_entry: ListEntry, kind: str = "exact", score: float = 100.0, matched_name: str | None = None,
          relation: str | None = None, party: tuple[str, str] | None = None) -> Match:
    """A Match on `list_entry` with one piece of evidence."""
    matched = matched_name or list_entry.name
    evidence = (Evidence(feature="name", score=score, supplier_value=matched, list_value=matched,
                         detail=f"{kind} match on {matched!r}"),)
    party_id, party_name = party or (None, None)
    return Match(entry=list_entry, kind=kind, score=score, matched_name=matched, relation=relation,
                 evidence=evidence, party_id=party_id, party_name=party_name)
