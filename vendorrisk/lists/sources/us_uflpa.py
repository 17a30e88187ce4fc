"""The `us-uflpa-entity-list` source: the complete UFLPA Entity List, from the DHS web page.

DHS publishes the list only as a web page (https://www.dhs.gov/uflpa-entity-list):
one table per category of the statute (s.2(d)(2)(B)(i), (ii), (iv), (v)), under a
heading naming it, each with the columns ``Name of Entity`` (or ``Entity Name``)
and ``Effective Date`` (``June 21, 2022``). A name cell may carry aliases
(``NAME (including two aliases: A; and B)``, ``NAME (also known as A)``) and the
subsidiaries it reaches (``NAME and its subsidiary B``). The page is the file:
`lists update` saves it, `lists import` takes a copy saved from a browser. It is
dated by its ``Last Updated: MM/DD/YYYY`` line.

Each addition is cited by the Federal Register notice that published it, from
`NOTICES` (effective date -> notice, as verified in the project's fact base); an
addition with no notice recorded there cites the page and its effective date.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import locate, unique
from vendorrisk.lists.sources.html_tables import column, long_date, read_tables, updated_date
from vendorrisk.model import Citation, ListEntry, RelatedName

_PUBLISHER = "US Department of Homeland Security (Forced Labor Enforcement Task Force)"
PAGE = "https://www.dhs.gov/uflpa-entity-list"
# Effective date -> (reference, URL) of the notice that added the entities (fact base: us-uflpa-entity-list).
NOTICES: dict[dt.date, tuple[str, str | None]] = {
    dt.date(2022, 6, 21): ("Initial Entity List, UFLPA Strategy of 17 Jun 2022 (Pub. L. 117-78 s.2(d))", PAGE),
    dt.date(2023, 8, 2): ("88 FR 50902 (FR Doc. 2023-16361)", "https://federalregister.gov/d/2023-16361"),
    dt.date(2024, 8, 9): ("89 FR 65374 (FR Doc. 2024-17509)", "https://federalregister.gov/d/2024-17509"),
}
_ALIASES = re.compile(r"\s*\((?:(?:and|including) \w+ alias(?:es)?:?|(?:also|formerly) known as)\s+(.+?)\)\s*",
                      re.IGNORECASE)
_SUBSIDIARIES = re.compile(r"\s+and its (?:\w+ [\w-]+-based subsidiaries, which include|subsidiary|subsidiaries)\s+(.+)$",
                           re.IGNORECASE)
_SUBORDINATES = re.compile(r"(?:,? and (?:its )?(?:subsidiaries|subordinate and affiliated entities))\s*$",
                           re.IGNORECASE)
_SPLIT = re.compile(r";\s*and\s+|,\s*and\s+|;\s*|,\s+(?!(?:ltd|co|inc|llc)\b)", re.IGNORECASE)
_SECTION = re.compile(r"section\s+2\s*\(d\)\s*\(2\)\s*\(B\)\s*\((i{1,3}|iv|v)\)", re.IGNORECASE)


class UflpaSource(ListSource):
    """UFLPA Entity List (Forced Labor Enforcement Task Force, DHS): every entity."""

    id = "us-uflpa-entity-list"
    title = "Uyghur Forced Labor Prevention Act Entity List"
    publisher = _PUBLISHER
    licence = "Public domain in the US (work of the US federal government)"
    urls = {"uflpa-entity-list.html": PAGE}
    page_files = ("uflpa-entity-list.html",)
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; dated by the page's ``Last Updated`` line."""
        file = locate(path, tuple(self.urls))
        tables, text = read_tables(file)
        entries: list[ListEntry] = []
        for table in tables:
            header = table.rows[0]
            name_col, date_col = column(header, "entity"), column(header, "effective")
            if name_col is None or date_col is None:
                continue
            section = _SECTION.search(table.heading)
            for number, row in enumerate(table.rows[1:], start=1):
                if not any(row):
                    continue
                if len(row) <= max(name_col, date_col):
                    raise SourceError(f"{file}: a row of the table under {table.heading!r} has {len(row)} cells "
                                      "(a page saved half-loaded?)")
                entries.append(self._entry(row[name_col], row[date_col], section, file, len(entries) + 1))
        if not entries:
            raise SourceError(f"{file}: no table with 'Name of Entity' and 'Effective Date' columns "
                              "(not the UFLPA Entity List page?)")
        return ParsedList(tuple(_unique_ids(entries)), updated_date(text))

    def _entry(self, cell: str, when: str, section: re.Match[str] | None, file: Path, number: int) -> ListEntry:
        effective = long_date(when)
        if effective is None:
            raise SourceError(f"{file}: entity {number} ({cell[:80]}): Effective Date {when!r} is not a date "
                              "like June 21, 2022")
        name, aliases, subsidiaries, note = _names(cell)
        if not name:
            raise SourceError(f"{file}: entity {number} has no name")
        reference, url = NOTICES.get(effective, (f"addition effective {effective:%d %b %Y}", PAGE))
        category = f"Pub. L. 117-78 s.2(d)(2)(B)({section.group(1)})" if section else None
        return ListEntry(
            id=f"{self.id}:{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}", source=self.id, name=name,
            aliases=aliases, related=tuple(RelatedName(name=s, relation="subsidiary",
                                                       note="Named in the same entry of the UFLPA Entity List.")
                                           for s in subsidiaries),
            countries=("CN",), programs=("UFLPA",), list_name="UFLPA Entity List", listed_on=effective,
            citation=Citation(document=self.title, reference=reference, paragraph=category, publisher=_PUBLISHER,
                              date=effective, url=url),
            remarks=note,
        )


def _names(cell: str) -> tuple[str, tuple[str, ...], tuple[str, ...], str | None]:
    """(name, aliases, subsidiaries, note) of one ``Name of Entity`` cell."""
    text = " ".join(cell.split())
    note = None
    if _SUBORDINATES.search(text):
        note = "The entry also reaches its subsidiaries or subordinate and affiliated entities."
        text = _SUBORDINATES.sub("", text)
    subsidiaries: list[str] = []
    found = _SUBSIDIARIES.search(text)
    if found:
        subsidiaries = [s.strip(" .") for s in _SPLIT.split(found.group(1)) if s.strip(" .")]
        text = text[:found.start()]
    aliases: list[str] = []
    for match in _ALIASES.finditer(text):
        aliases += [a.strip(" .") for a in _SPLIT.split(match.group(1)) if a.strip(" .")]
    name = _ALIASES.sub(" ", text).strip(" ,")
    return name, unique(aliases, exclude=[name]), unique(subsidiaries, exclude=[name]), note


def _unique_ids(entries: list[ListEntry]) -> list[ListEntry]:
    """Entries with ids made unique (``-2``): the same name may appear in two categories."""
    seen: dict[str, int] = {}
    out = []
    for entry in entries:
        seen[entry.id] = seen.get(entry.id, 0) + 1
        if seen[entry.id] > 1:
            entry = entry.model_copy(update={"id": f"{entry.id}-{seen[entry.id]}"})
        out.append(entry)
    return out
