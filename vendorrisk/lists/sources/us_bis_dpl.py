"""The `us-bis-dpl` source: BIS's Denied Persons List, as published since 2025 and as before.

Current: the "Export as CSV" file linked from BIS's end-user guidance page
(``dpl.csv``; comma-separated, header ``Name and Address, Effective Date,
Expiration Date, Type of Denial, Appropriate Federal Register Citations``). The
name and the address share one field, split at the first comma (as BIS writes
them: ``NAME, street, city, country``). The old ``dpl.txt`` (tab-delimited, every
field quoted, separate address columns, ``Last_Update``) is read for imports of
old files; the format is told by the header, not the file name.

Both have one row per person *and* address, dates ``MM/DD/YYYY`` and no
identifiers, so an entry id is ``us-bis-dpl:<first 16 hex of
sha256(name|effective date|street|city|country)>`` (for the CSV: name|effective
date|address|| ): it stays the same across snapshots while the row is unchanged,
and differs for the rows of one person at different addresses. Two identical
rows get ``-2``, ``-3``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import decode, iso_date, locate, mdy_date, read_bytes, read_csv_table
from vendorrisk.lists.sources.countries import country_code, is_country
from vendorrisk.model import Citation, ListEntry

_REQUIRED = ("Name", "Street_Address", "City", "Country", "Effective_Date", "FR_Citation")
_CSV_REQUIRED = ("Name and Address", "Effective Date", "Expiration Date", "Type of Denial",
                 "Appropriate Federal Register Citations")
_LEGAL_FORM = re.compile(r"(co|corp|inc|ltd|limited|llc|l\.l\.c|plc|s\.a|s\.a\.s|gmbh|fze|fzco|b\.v|n\.v)\.?",
                         re.IGNORECASE)
_PUBLISHER = "US Department of Commerce, Bureau of Industry and Security (BIS)"
_PAGE = "https://www.bis.gov/licensing/end-user-guidance/denied-persons-list-dpl"


class DplSource(ListSource):
    """BIS Denied Persons List (persons whose export privileges are denied)."""

    id = "us-bis-dpl"
    title = "Denied Persons List"
    publisher = _PUBLISHER
    licence = "Public domain in the US (work of the US federal government)"
    # NOTE: the page, not the file: its "Export as CSV" link is followed (see `ListSource.link_texts`).
    urls = {"dpl.csv": _PAGE}
    link_texts = {"dpl.csv": "Export as CSV"}
    parser_version = "3"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; undated: the old file's newest ``Last_Update`` is a lower bound."""
        file = locate(path, ("dpl.csv", "dpl.txt"))
        text = decode(read_bytes(file), file, ("utf-8-sig", "cp1252"))
        if "Name and Address" in text.partition("\n")[0]:
            rows = [_split_name_and_address(row) for row in read_dpl_csv(text, file)]
        else:
            rows = read_dpl(file, text)
        ids = _entry_ids(rows, self.id)
        entries = tuple(self._entry(row, entry_id) for row, entry_id in zip(rows, ids))
        latest = _latest_plausible(rows)
        updates = [d for d in (iso_date(r.get("Last_Update")) for r in rows) if d and d <= latest]
        return ParsedList(entries, published_on_or_after=max(updates, default=None))

    def _entry(self, row: dict[str, str], entry_id: str) -> ListEntry:
        effective = mdy_date(row["Effective_Date"])
        address = ", ".join(row.get(k, "").strip() for k in ("Street_Address", "City", "State", "Postal_Code",
                                                             "Country") if row.get(k, "").strip())
        country = country_code(row["Country"])
        return ListEntry(
            id=entry_id, source=self.id, name=row["Name"].strip(), countries=(country,) if country else (),
            addresses=(address,) if address else (), list_name=self.title,
            listed_on=effective,
            citation=Citation(document="Denied Persons List",
                              reference=row["FR_Citation"].strip() or None, publisher=_PUBLISHER, date=effective,
                              url=_PAGE),
            remarks="; ".join(p for p in (row.get("Action", "").strip(), _expires(row)) if p) or None,
        )


def _expires(row: dict[str, str]) -> str:
    expiry = row.get("Expiration_Date", "").strip()
    return f"denial expires {expiry}" if expiry else ""


def _latest_plausible(rows: list[dict[str, str]]):
    # NOTE: the source data carries a bogus Last_Update of 3033-09-30; ignore dates
    # later than the newest Effective_Date by more than a year.
    effective = [d for d in (mdy_date(r["Effective_Date"]) for r in rows) if d]
    newest = max(effective, default=None)
    return newest.replace(year=newest.year + 1) if newest else iso_date("9999-12-31")


def read_dpl_csv(text: str, file: Path) -> list[dict[str, str]]:
    """The rows of the current ``dpl.csv`` as dicts.

    Raises:
        SourceError: wrong header, a truncated or malformed row, or no rows.
    """
    _, header, rows = read_csv_table(text, file)
    missing = [c for c in _CSV_REQUIRED if c not in header]
    if missing:
        raise SourceError(f"{file}: not a Denied Persons List file (missing columns {', '.join(missing)})")
    if not rows:
        raise SourceError(f"{file}: holds a header but no records")
    for number, row in enumerate(rows, start=1):
        if not row["Name and Address"].strip():
            raise SourceError(f"{file}: record {number} has no name")
    return rows


def _split_name_and_address(row: dict[str, str]) -> dict[str, str]:
    """A current-layout row in the old layout's column names.

    The name ends at the first comma that is not followed by a legal form
    (``CO., LTD.``); the last part of the address is its country when it names one
    (US addresses end with a state and ZIP code instead).
    """
    parts = [p.strip() for p in row["Name and Address"].split(",")]
    cut = 1
    while cut < len(parts) and _LEGAL_FORM.fullmatch(parts[cut]):
        cut += 1
    name, address = ", ".join(parts[:cut]), [p for p in parts[cut:] if p]
    country = address[-1] if address and is_country(address[-1]) else ""
    return {"Name": name, "Street_Address": ", ".join(address[:-1] if country else address),
            "City": "", "State": "", "Postal_Code": "", "Country": country,
            "Effective_Date": row["Effective Date"], "Expiration_Date": row["Expiration Date"],
            "Action": f"type of denial: {row['Type of Denial'].strip()}" if row["Type of Denial"].strip() else "",
            "FR_Citation": row["Appropriate Federal Register Citations"]}


def read_dpl(file: Path, text: str | None = None) -> list[dict[str, str]]:
    """The rows of the old ``dpl.txt`` as dicts.

    Raises:
        SourceError: wrong header, a truncated or malformed row, or no rows.
    """
    text = decode(read_bytes(file), file, ("utf-8-sig", "cp1252")) if text is None else text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", strict=True)
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise SourceError(f"{file}: not a Denied Persons List file (missing columns {', '.join(missing)})")
        rows = []
        for fields in reader:
            if not fields:
                continue
            if len(fields) != len(header) or not fields[0].strip():
                raise SourceError(f"{file}:{reader.line_num}: expected {len(header)} fields with a name, "
                                  f"found {len(fields)} (truncated or malformed row)")
            rows.append(dict(zip(header, fields)))
    except csv.Error as exc:
        raise SourceError(f"{file}:{reader.line_num}: malformed file ({exc}); truncated download?") from exc
    if not rows:
        raise SourceError(f"{file}: holds a header but no records")
    return rows


def _entry_ids(rows: list[dict[str, str]], source: str) -> list[str]:
    ids: list[str] = []
    seen: Counter[str] = Counter()
    for row in rows:
        key = "|".join(row.get(k, "").strip().upper() for k in ("Name", "Effective_Date", "Street_Address",
                                                                  "City", "Country"))
        entry_id = f"{source}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"
        seen[entry_id] += 1
        ids.append(entry_id if seen[entry_id] == 1 else f"{entry_id}-{seen[entry_id]}")
    return ids
