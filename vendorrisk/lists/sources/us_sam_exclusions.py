"""The `us-sam-exclusions` source: the SAM.gov Public V2 exclusions extract (GSA).

SAM.gov publishes every active exclusion each day as
``SAM_Exclusions_Public_Extract_V2_<YYDDD>.ZIP`` (YY year, DDD day of the year),
holding one CSV of the same name: comma-separated, quoted, header ``Classification,
Name, Prefix, First, Middle, Last, Suffix, Address 1, Address 2, ..., City, State /
Province, Country, Zip Code, Open Data Flag, Unique Entity ID, Exclusion Program,
Excluding Agency, CT Code, Exclusion Type, Additional Comments, Active Date,
Termination Date, Record Status, Cross-Reference, SAM Number, CAGE, NPI,
Creation_Date``. Dates are ``MM/DD/YYYY``; ``Termination Date`` is a date or
``Indefinite``. The snapshot is dated by the ``<YYDDD>`` in the file name.

The extract is downloaded through the SAM.gov Extracts API, which needs a free
API key (``VENDORRISK_SAM_API_KEY``): the key goes into the request URL only (see
`vendorrisk.lists.updater.redact`). `lists import` takes the ZIP or the CSV.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections import Counter
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.model import Citation, ListEntry
from vendorrisk.lists.sources.common import (decode, locate, mdy_date, read_bytes, read_csv_table, split_multi,
                                              unique)
from vendorrisk.lists.sources.countries import country_code

_PUBLISHER = "US General Services Administration (SAM.gov)"
PAGE = "https://sam.gov/data-services/Exclusions/Public%20V2?privacy=Public"
_REQUIRED = ("Classification", "Name", "First", "Last", "Exclusion Type", "Excluding Agency", "Active Date",
             "Termination Date")
_JULIAN = re.compile(r"V2_(\d{2})(\d{3})\b", re.IGNORECASE)
_TYPES = {"individual": "individual", "vessel": "vessel"}
MAX_CSV_BYTES = 1024 * 1024 * 1024


class SamExclusionsSource(ListSource):
    """SAM.gov exclusions: parties excluded from US federal contracts and assistance."""

    id = "us-sam-exclusions"
    title = "SAM.gov Exclusions (Public V2 extract)"
    publisher = _PUBLISHER
    licence = "Public domain in the US (work of the US federal government)"
    urls = {"exclusions.zip": "https://api.sam.gov/data-services/v1/extracts?api_key={api_key}&fileType=EXCLUSION"}
    url_secrets = {"api_key": "VENDORRISK_SAM_API_KEY"}
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; dated by the Julian date in the extract's file name."""
        file = locate(path, ("exclusions.zip", "exclusions.csv"))
        name, data = _extract(file)
        _, header, rows = read_csv_table(decode(data, file, ("utf-8-sig", "cp1252")), file)
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise SourceError(f"{file}: not a SAM.gov exclusions extract (missing columns {', '.join(missing)})")
        if not rows:
            raise SourceError(f"{file}: holds a header but no exclusions")
        ids = _ids(rows, self.id)
        entries = tuple(self._entry(row, entry_id, file, n) for n, (row, entry_id) in enumerate(zip(rows, ids), 2))
        return ParsedList(entries, _julian(name) or _julian(file.name))

    def _entry(self, row: dict[str, str], entry_id: str, file: Path, line: int) -> ListEntry:
        name = _name(row)
        if not name:
            raise SourceError(f"{file}:{line}: an exclusion record with no name")
        ends = row["Termination Date"].strip()
        until = None if ends.lower() in ("", "indefinite") else mdy_date(ends)
        if ends.lower() not in ("", "indefinite") and until is None:
            raise SourceError(f"{file}:{line}: Termination Date {ends!r} is neither MM/DD/YYYY nor Indefinite")
        active = mdy_date(row["Active Date"])
        agency = row["Excluding Agency"].strip()
        kind = row["Exclusion Type"].strip()
        comments = " ".join(row.get("Additional Comments", "").split())
        address = ", ".join(p for p in (row.get(k, "").strip() for k in ("Address 1", "Address 2", "Address 3",
                                                                       "Address 4", "City", "State / Province",
                                                                       "Zip Code", "Country")) if p)
        return ListEntry(
            id=entry_id, source=self.id, name=name, aliases=_cross_references(row.get("Cross-Reference", ""), name),
            type=_TYPES.get(row["Classification"].strip().lower(), "entity"),
            countries=unique([country_code(row.get("Country"))]), addresses=unique([address]),
            programs=unique([row.get("Exclusion Program"), kind]), list_name="SAM.gov Exclusions",
            listed_on=active, until=until,
            citation=Citation(document="SAM.gov exclusion record", publisher=_PUBLISHER, date=active, url=PAGE,
                              reference=" ".join(p for p in (agency, row.get("CT Code", "").strip()) if p) or None,
                              paragraph=kind or None),
            remarks="; ".join(p for p in (f"excluded by {agency}" if agency else "",
                                          f"active {row['Active Date'].strip()}, terminates {ends or 'Indefinite'}",
                                          f"UEI {row['Unique Entity ID'].strip()}"
                                          if row.get("Unique Entity ID", "").strip() else "",
                                          f"CAGE {row['CAGE'].strip()}" if row.get("CAGE", "").strip() else "",
                                          comments) if p),
        )


def _extract(file: Path) -> tuple[str, bytes]:
    """(name, bytes) of the CSV: the file itself, or the one CSV inside the ZIP.

    Raises:
        SourceError: a ZIP that is damaged, holds no or several CSVs, or inflates past the limit.
    """
    with open(file, "rb") as fh:
        magic = fh.read(4)
    if magic != b"PK\x03\x04":
        return file.name, read_bytes(file)
    try:
        with zipfile.ZipFile(file) as archive:
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if len(members) != 1:
                raise SourceError(f"{file}: a SAM.gov extract ZIP holds one CSV; this one holds {len(members)}")
            member = members[0]
            if member.file_size > MAX_CSV_BYTES:
                raise SourceError(f"{file}: {member.filename} inflates to {member.file_size} bytes, over the "
                                  f"{MAX_CSV_BYTES}-byte limit")
            with archive.open(member) as inner:
                data = inner.read(MAX_CSV_BYTES + 1)
            if len(data) > MAX_CSV_BYTES:
                raise SourceError(f"{file}: {member.filename} inflates past the {MAX_CSV_BYTES}-byte limit")
            return member.filename, data
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise SourceError(f"{file}: damaged ZIP ({exc}); truncated download?") from None


def _julian(name: str) -> dt.date | None:
    """The date of ``..._V2_26340.ZIP`` (2026, day 340); None when the name has none."""
    found = _JULIAN.search(name)
    if not found:
        return None
    year, day = 2000 + int(found.group(1)), int(found.group(2))
    if not 1 <= day <= (366 if year % 4 == 0 else 365):
        return None
    return dt.date(year, 1, 1) + dt.timedelta(days=day - 1)


def _name(row: dict[str, str]) -> str:
    if row["Name"].strip():
        return " ".join(row["Name"].split())
    parts = (row.get(k, "").strip() for k in ("Prefix", "First", "Middle", "Last", "Suffix"))
    return " ".join(p for p in parts if p)


def _cross_references(text: str, name: str) -> tuple[str, ...]:
    """Other names from ``(also  NAME ,  NAME )``."""
    text = " ".join(text.split())
    if not text.lower().startswith("(also"):
        return ()
    return unique(split_multi(text[5:].rstrip(")"), " , "), exclude=[name])


def _ids(rows: list[dict[str, str]], source: str) -> list[str]:
    """A hash of name, UEI, CAGE, agency, active date and place; stable while the record is unchanged."""
    ids, seen = [], Counter()
    for row in rows:
        key = "|".join(row.get(k, "").strip().upper() for k in ("Name", "First", "Middle", "Last",
                                                                  "Unique Entity ID", "CAGE", "Excluding Agency",
                                                                  "Active Date", "City", "Zip Code"))
        base = f"{source}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids
