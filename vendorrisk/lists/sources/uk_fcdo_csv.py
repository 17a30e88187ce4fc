"""Read the FCDO "UK Sanctions List" CSV (``UK-Sanctions-List.csv``).

Row 1 is ``Report Date: 08-Oct-2026`` (the snapshot date), row 2 the header
(``Last Updated, Unique ID, OFSI Group ID, UN Reference Number, Name 6, Name 1 ...
Name 5, Name type, Alias strength, ..., Regime Name, Designation Type, ...,
Address Country, ..., Date Designated, ...``). Like the old OFSI list it has one
row per name (and address) of a designation; rows are grouped by ``Unique ID``,
which is also the id used for the FCDO XML, so both formats give the same entry
ids (``uk-sanctions:RUS1801``). The "Primary Name" row gives the primary name.
An alias whose ``Alias strength`` is "Low quality a.k.a" is also a weak alias;
``UN Reference Number`` (e.g. ``QDe.115``) is kept as the entry's UN reference.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ParsedList
from vendorrisk.lists.sources.common import dmy_date, drop_contained, iso_date, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.sources.uk_fcdo import FCDO_PAGE, is_weak_alias
from vendorrisk.model import Citation, ListEntry

_REQUIRED = ("Unique ID", "Name 6", "Name type", "Regime Name")
_TYPES = {"individual": "individual", "entity": "entity", "ship": "vessel"}
_ADDRESS = tuple(f"Address Line {i}" for i in range(1, 7)) + ("Address Postal Code", "Address Country")


def parse_fcdo_csv(title: list[str] | None, header: list[str], rows: list[dict[str, str]], file: Path,
                   source: str) -> ParsedList:
    """Entries of a UK Sanctions List CSV, one per Unique ID, and its report date.

    Raises:
        SourceError: a required column is missing, or the file holds no designations.
    """
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise SourceError(f"{file}: not a UK Sanctions List CSV (missing columns {', '.join(missing)})")
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[row["Unique ID"].strip()].append(row)
    groups.pop("", None)
    if not groups:
        raise SourceError(f"{file}: holds a header but no designations")
    entries = tuple(_entry(uid, group, source, file) for uid, group in groups.items())
    return ParsedList(entries, report_date(title[0] if title else ""))


def report_date(text: str) -> dt.date | None:
    """The date of ``Report Date: 08-Oct-2026``; None when absent or unreadable."""
    value = text.partition(":")[2].strip()
    for pattern in ("%d-%b-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return iso_date(value)


def _name(row: dict[str, str]) -> str:
    return " ".join(p for p in (row.get(f"Name {i}", "").strip() for i in (1, 2, 3, 4, 5, 6)) if p)


def _entry(unique_id: str, rows: list[dict[str, str]], source: str, file: Path) -> ListEntry:
    names = [(row.get("Name type", "").strip().lower(), _name(row)) for row in rows]
    primary = next((n for kind, n in names if kind == "primary name" and n), next((n for _, n in names if n), ""))
    if not primary:
        raise SourceError(f"{file}: designation {unique_id} has no name")
    designated = next((d for d in (dmy_date(r.get("Date Designated")) for r in rows) if d), None)
    weak = [_name(r) for r in rows if is_weak_alias(r.get("Alias strength"))]
    return ListEntry(
        id=f"{source}:{unique_id}", source=source, name=primary,
        aliases=unique([n for _, n in names] + [r.get("Name non-latin script") for r in rows], exclude=[primary]),
        weak_aliases=unique(weak, exclude=[primary]),
        un_reference=next((r["UN Reference Number"].strip() for r in rows if r.get("UN Reference Number", "").strip()),
                          None),
        type=_TYPES.get(rows[0].get("Designation Type", "").strip().lower(), "entity"),
        countries=unique(country_code(r.get("Address Country")) for r in rows),
        addresses=drop_contained(unique(", ".join(p for p in (r.get(k, "").strip() for k in _ADDRESS) if p)
                                        for r in rows)),
        programs=unique(r.get("Regime Name") for r in rows), list_name="UK Sanctions List", listed_on=designated,
        citation=Citation(document="UK Sanctions List", reference=unique_id, date=designated, url=FCDO_PAGE,
                          publisher="Foreign, Commonwealth & Development Office (FCDO)"),
        remarks=next((r["Other Information"].strip() for r in rows if r.get("Other Information", "").strip()), None),
    )
