"""Fake list sources for store, updater and CLI tests, with a tiny format of their own.

`fake.csv` starts with ``# fakelist YYYY-MM-DD`` and then ``id|name|alias;alias`` rows.
`FakeSource` reads one such file; `FakePairSource` reads a folder holding `prim.csv`
(same format) and `alt.csv` (``id|alias`` rows), like the OFAC CSV sets.
The names are invented. `tree_digest` fingerprints a store folder byte for byte.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.model import Citation, ListEntry
from vendorrisk.lists.sources.base import ListSource, ParsedList

_STEMS = ("Northwind Optics", "Kestrel Microsystems", "Bluewater Semiconductor", "Harbin Lanting Trading",
          "Vostok Polymer", "Meridian Avionics", "Saffron Logistics", "Qingshan Robotics")


def fake_list(n: int, date: str = "2024-03-01", tag: str = "") -> bytes:
    """A fake.csv with `n` rows; `tag` is added to every name so versions can be told apart."""
    rows = [f"# fakelist {date}"]
    for i in range(n):
        stem = _STEMS[i % len(_STEMS)]
        rows.append(f"{i + 1}|{stem} {i} Co., Ltd.{tag}|{stem} {i};{stem.split()[0].upper()}-{i}")
    return ("\n".join(rows) + "\n").encode()


def _parse_rows(path: Path, source: str) -> tuple[dt.date, list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or not lines[0].startswith("# fakelist "):
        raise SourceError(f"{path}:1: not a fakelist file")
    try:
        date = dt.date.fromisoformat(lines[0].split()[2])
    except (IndexError, ValueError) as exc:
        raise SourceError(f"{path}:1: bad date") from exc
    rows = [line.split("|") for line in lines[1:] if line.strip()]
    for n, row in enumerate(rows, 2):
        if len(row) < 2:
            raise SourceError(f"{path}:{n}: expected id|name")
    return date, rows


class FakeSource(ListSource):
    """One file, `fake.csv`."""

    id = "fake-list"
    title = "Fake Restricted Parties List"
    publisher = "Test Ministry of Lists"
    licence = "public domain (test data)"
    urls = {"fake.csv": "https://example.invalid/fake.csv"}
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`."""
        path = path / "fake.csv" if path.is_dir() else path
        date, rows = _parse_rows(path, self.id)
        return ParsedList(tuple(self._entry(row, date) for row in rows), date)

    def _entry(self, row: list[str], date: dt.date, extra: tuple[str, ...] = ()) -> ListEntry:
        aliases = tuple(a for a in (row[2].split(";") if len(row) > 2 else []) if a) + extra
        return ListEntry(id=f"{self.id}:{row[0]}", source=self.id, name=row[1], aliases=aliases,
                         listed_on=date, citation=Citation(document=self.title, publisher=self.publisher))


class FakePairSource(FakeSource):
    """Two files, `prim.csv` and `alt.csv`, parsed from one folder."""

    id = "fake-pair"
    title = "Fake Paired List"
    urls = {"prim.csv": "https://example.invalid/prim.csv", "alt.csv": "https://example.invalid/alt.csv"}

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`."""
        if not (path / "prim.csv").is_file() or not (path / "alt.csv").is_file():
            raise SourceError(f"{path}: needs prim.csv and alt.csv")
        date, rows = _parse_rows(path / "prim.csv", self.id)
        alts: dict[str, list[str]] = {}
        for line in (path / "alt.csv").read_text(encoding="utf-8").splitlines():
            key, _, alias = line.partition("|")
            alts.setdefault(key, []).append(alias)
        return ParsedList(tuple(self._entry(r, date, tuple(alts.get(r[0], ()))) for r in rows), date)


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by relative path."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
