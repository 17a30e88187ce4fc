"""The `uk-debarment-list` source: the UK Debarment List (Procurement Act 2023, s.62).

The Cabinet Office publishes the list only as a GOV.UK web page, one table row
per debarred supplier. The page is the file: `lists update` saves it, and
`lists import` takes a copy saved from a browser. Columns are found by their
header words, not their position: the supplier's name (``supplier``/``name``),
address, company number, the exclusion ground(s) (``ground``), whether the ground
is mandatory or discretionary (a ``mandatory``/``discretionary``/``type`` column,
or those words in the ground), the date the entry was added (``added``/``date
of entry``/``start``) and its end date (``end``/``expir``). Dates are written
out (``24 February 2025``) or ``dd/mm/yyyy``. The page is dated by its
``Updated <date>`` line; without one it is undated.

The list may be empty: a page whose table has a header and no rows is a list of
no suppliers, not an error.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import locate, unique
from vendorrisk.lists.sources.html_tables import column, long_date, read_tables, updated_date
from vendorrisk.model import Citation, ListEntry

_PUBLISHER = "Cabinet Office (Procurement Review Unit), UK"
PAGE = "https://www.gov.uk/government/publications/debarment-list"
MANDATORY = "Procurement Act 2023 mandatory exclusion ground (Sch. 6)"
DISCRETIONARY = "Procurement Act 2023 discretionary exclusion ground (Sch. 7)"


class UkDebarmentSource(ListSource):
    """UK Debarment List: suppliers a Minister has put on the list under the Procurement Act 2023."""

    id = "uk-debarment-list"
    title = "UK Debarment List (Procurement Act 2023)"
    publisher = _PUBLISHER
    licence = "Crown copyright, Open Government Licence v3.0"
    urls = {"debarment-list.html": PAGE}
    page_files = ("debarment-list.html",)
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; dated by the page's ``Updated`` line."""
        file = locate(path, tuple(self.urls))
        tables, text = read_tables(file)
        table = next((t for t in tables if t.rows and column(t.rows[0], "supplier", "name") is not None
                      and column(t.rows[0], "ground") is not None), None)
        if table is None:
            raise SourceError(f"{file}: no table with a supplier name and an exclusion ground column "
                              "(not the Debarment List page?)")
        header, rows = table.rows[0], [r for r in table.rows[1:] if any(r)]
        cols = {key: column(header, *words) for key, words in (
            ("name", ("supplier", "name")), ("address", ("address",)), ("number", ("company number", "registration")),
            ("ground", ("ground",)), ("kind", ("mandatory", "discretionary", "type")),
            ("added", ("added", "date of entry", "start", "date included")), ("end", ("end", "expir")))}
        entries = []
        for number, row in enumerate(rows, start=1):
            if len(row) != len(header):
                raise SourceError(f"{file}: table row {number} has {len(row)} cells, the header {len(header)} "
                                  "(a page saved half-loaded?)")
            entries.append(self._entry({k: row[i] if i is not None else "" for k, i in cols.items()}, file, number))
        return ParsedList(tuple(entries), updated_date(text))

    def _entry(self, row: dict[str, str], file: Path, number: int) -> ListEntry:
        name = row["name"].strip()
        if not name:
            raise SourceError(f"{file}: table row {number} has no supplier name")
        kinds = f"{row['kind']} {row['ground']}".casefold()
        programs = tuple(p for p, word in ((MANDATORY, "mandatory"), (DISCRETIONARY, "discretionary")) if word in kinds)
        if not programs:
            raise SourceError(f"{file}: table row {number} ({name}) says neither mandatory nor discretionary")
        added, until = long_date(row["added"]), long_date(row["end"])
        for key, value, date in (("added", row["added"], added), ("end", row["end"], until)):
            if value.strip() and date is None:
                raise SourceError(f"{file}: table row {number} ({name}): {key} date {value!r} is not a date")
        key = f"{name.upper()}|{row['number'].strip().upper()}|{row['added'].strip()}"
        return ListEntry(
            id=f"{self.id}:{row['number'].strip() or hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}",
            source=self.id, name=name, countries=("GB",) if row["number"].strip() else (),
            addresses=unique([row["address"]]), programs=programs, list_name="UK Debarment List",
            listed_on=added, until=until,
            citation=Citation(document="Debarment list (Procurement Act 2023, s.62)", publisher=_PUBLISHER,
                              reference=f"Company number {row['number'].strip()}" if row["number"].strip() else None,
                              paragraph=row["ground"].strip() or None, date=added, url=PAGE),
            remarks="; ".join(p for p in (f"grounds: {row['ground'].strip()}" if row["ground"].strip() else "",
                                          f"{row['kind'].strip()}" if row["kind"].strip() else "",
                                          f"end date {until.isoformat()}" if until else "") if p) or None,
        )
