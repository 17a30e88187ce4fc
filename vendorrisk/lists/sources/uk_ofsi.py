"""The `uk-sanctions` source: OFSI's Consolidated List CSV and the FCDO UK Sanctions List XML.

OFSI's ``ConList.csv`` (and its predecessor ``sanctionsconlist.csv``) has one row per
name variant of a target: row 1 is ``Last Updated,dd/mm/yyyy``, row 2 the header,
and the rows of one target share a ``Group ID``. Both layouts are read by header
name: the 2018 29-column file (Windows-1252) and the 2020+ 36-column file (UTF-8,
with non-Latin script names). Rows are grouped into one entry per target, id
``uk-sanctions:<Group ID>``; the "Prime Alias" row gives the primary name.

OFSI's Consolidated List closed on 28 January 2026; the FCDO "UK Sanctions List"
is the only UK list and the official download (the XML by default; its CSV with
``lists update uk-sanctions --url`` `FCDO_CSV_URL`). Its XML is read by `uk_fcdo`
and its CSV by `uk_fcdo_csv`; OFSI files still import, dated by their header.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.model import Citation, ListEntry
from vendorrisk.lists.sources.common import (decode, dmy_date, drop_contained, first_char, locate, read_bytes,
                                      read_csv_table, unique)
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.sources.uk_fcdo import FCDO_URL, parse_fcdo_xml
from vendorrisk.lists.sources.uk_fcdo_csv import parse_fcdo_csv

OFSI_CITATION = Citation(
    document="Consolidated List of Financial Sanctions Targets in the UK",
    publisher="HM Treasury, Office of Financial Sanctions Implementation (OFSI)",
    url="https://www.gov.uk/government/publications/financial-sanctions-consolidated-list-of-targets",
)
_TYPES = {"individual": "individual", "entity": "entity", "ship": "vessel"}
_REQUIRED = ("Name 6", "Group ID", "Group Type", "Alias Type", "Regime")
_FILES = ("UK-Sanctions-List.xml", "UK-Sanctions-List.csv", "ConList.csv", "sanctionsconlist.csv")


class UkSanctionsSource(ListSource):
    """UK financial sanctions targets (FCDO UK Sanctions List; OFSI Consolidated List)."""

    id = "uk-sanctions"
    title = "UK Sanctions List"
    publisher = "Foreign, Commonwealth & Development Office (FCDO); formerly HM Treasury OFSI"
    licence = "Crown copyright, Open Government Licence v3.0"
    urls = {"UK-Sanctions-List.xml": FCDO_URL}
    other_files = ("UK-Sanctions-List.csv", "ConList.csv", "sanctionsconlist.csv")
    parser_version = "2"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; accepts the FCDO XML or CSV, or an OFSI ConList CSV."""
        file = locate(path, _FILES)
        data = read_bytes(file)
        if first_char(data) == "<":
            entries, generated = parse_fcdo_xml(file, self.id)
            return ParsedList(tuple(entries), generated)
        title, header, rows = read_csv_table(decode(data, file, ("utf-8-sig", "cp1252")), file, titled=_is_title)
        if "Unique ID" in header:
            return parse_fcdo_csv(title, header, rows, file, self.id)
        return parse_conlist(title, header, rows, file, self.id)


def _is_title(row: list[str]) -> bool:
    return bool(row) and (row[0].strip() == "Last Updated" or row[0].startswith("Report Date"))


def parse_conlist(title: list[str] | None, header: list[str], rows: list[dict[str, str]], file: Path,
                  source: str) -> ParsedList:
    """Entries of an OFSI ConList CSV, one per Group ID; the title row's date is the snapshot date.

    Raises:
        SourceError: wrong header or no rows.
    """
    _check_header(header, file)
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[row["Group ID"].strip()].append(row)
    if not groups:
        raise SourceError(f"{file}: holds a header but no targets")
    updated = dmy_date(title[1]) if title and len(title) > 1 else None
    return ParsedList(tuple(_group_entry(gid, rows, source) for gid, rows in groups.items()), updated)


def _check_header(header: list[str], file: Path) -> None:
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise SourceError(f"{file}: not an OFSI Consolidated List CSV (missing columns {', '.join(missing)});"
                          " wrong file or format?")


def row_name(row: dict[str, str]) -> str:
    """The full name of one ConList row: given names (Name 1-5) then Name 6 (surname or entity)."""
    parts = [row.get(f"Name {i}", "").strip() for i in (1, 2, 3, 4, 5, 6)]
    return " ".join(p for p in parts if p)


def _group_entry(group_id: str, rows: list[dict[str, str]], source: str) -> ListEntry:
    prime = next((r for r in rows if r["Alias Type"].strip().lower() == "prime alias"), rows[0])
    name = row_name(prime)
    aliases = [row_name(r) for r in rows] + [r.get("Name Non-Latin Script", "") for r in rows]
    listed = [d for d in (dmy_date(r.get("Listed On")) for r in rows) if d]
    return ListEntry(
        id=f"{source}:{group_id}", source=source, name=name, aliases=unique(aliases, exclude=[name]),
        type=_TYPES.get(prime["Group Type"].strip().lower(), "entity"),
        countries=unique(country_code(r.get("Country")) for r in rows),
        addresses=drop_contained(unique(_address(r) for r in rows)),
        programs=unique(r["Regime"] for r in rows), list_name=OFSI_CITATION.document,
        listed_on=min(listed, default=None), citation=OFSI_CITATION,
        remarks=next((r["Other Information"].strip() for r in rows if r.get("Other Information", "").strip()), None),
    )


def _address(row: dict[str, str]) -> str:
    keys = [f"Address {i}" for i in range(1, 7)] + ["Post/Zip Code", "Country"]
    return ", ".join(p for p in (row.get(k, "").strip() for k in keys) if p)
