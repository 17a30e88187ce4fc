"""The `worldbank-debarred` source: the World Bank Listing of Ineligible Firms and Individuals.

The World Bank's "debarred firms" page fills its table from a JSON service
(``.../FIRM/SANCTIONED_FIRM``): ``{"response": {"ZPROCSUPP": [record, ...]}}``, one
record per debarment, with ``SUPP_ID``, ``SUPP_NAME`` (other names follow
``a.k.a.``, ``f/k/a``, ``d/b/a`` or ``formerly`` in the same field), ``SUPP_ADDR``,
``SUPP_CITY``, ``COUNTRY_NAME``, ``DEBAR_FROM_DATE`` / ``DEBAR_TO_DATE``
(``05-JUN-2023``) and ``DEBAR_REASON`` (the grounds: a paragraph of the
Procurement or Anti-Corruption Guidelines, or ``Cross Debarment: ADB`` for a
debarment of another multilateral development bank that the World Bank enforces).
An end date of 2999-12-31 means permanent ineligibility.

The file carries no publication date: it is dated by the server's Last-Modified
or by ``--as-of``; the newest "from" date is a lower bound.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import decode, iso_date, locate, read_bytes, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.model import Citation, ListEntry

_PUBLISHER = "The World Bank (Office of Suspension and Debarment)"
PAGE = "https://www.worldbank.org/en/projects-operations/procurement/debarred-firms"
_PERMANENT = dt.date(2999, 12, 31)
# NOTE: "also known as" forms as the Bank writes them inside SUPP_NAME.
_OTHER_NAME = re.compile(r"\s*(?:\(|,)?\s*\b(?:a\.k\.a\.?|aka|f/k/a|d/b/a|also known as|formerly(?: known as)?)\s+",
                         re.IGNORECASE)
_CROSS = re.compile(r"cross[- ]debar\w*\s*:?\s*(.*)", re.IGNORECASE)
MAX_RECORDS = 100_000


class WorldBankSource(ListSource):
    """World Bank Listing of Ineligible Firms and Individuals (with MDB cross-debarments)."""

    id = "worldbank-debarred"
    title = "World Bank Listing of Ineligible Firms and Individuals"
    publisher = _PUBLISHER
    licence = "World Bank terms of use (public information; cite the World Bank as the source)"
    urls = {"debarred.json": "https://apigwext.worldbank.org/dvsvc/v1.0/json/APPLICATION/ADOBE_EXPRNCE_MGR/"
                             "FIRM/SANCTIONED_FIRM"}
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; undated: the newest debarment start is a lower bound."""
        file = locate(path, tuple(self.urls))
        records = _records(file)
        rows = [_row(record, file, number) for number, record in enumerate(records, start=1)]
        ids = _ids(rows, self.id)
        entries = tuple(self._entry(row, entry_id) for row, entry_id in zip(rows, ids))
        return ParsedList(entries, published_on_or_after=max((r["from"] for r in rows if r["from"]), default=None))

    def _entry(self, row: dict[str, Any], entry_id: str) -> ListEntry:
        names = [n for n in _OTHER_NAME.split(row["name"]) if n.strip(" ()")]
        primary = names[0].strip(" ,()")
        grounds, cross = row["grounds"], _CROSS.match(row["grounds"])
        until = None if row["to"] in (None, _PERMANENT) else row["to"]
        period = f"ineligible from {_iso(row['from'])} " + ("permanently" if row["to"] == _PERMANENT else
                                                          f"to {_iso(row['to'])}")
        return ListEntry(
            id=entry_id, source=self.id, name=primary,
            aliases=unique((n.strip(" ,()") for n in names[1:]), exclude=[primary]),
            countries=unique([country_code(row["country"])]),
            addresses=unique([", ".join(p for p in (row["address"], row["city"], row["country"]) if p)]),
            programs=(f"MDB cross-debarment ({cross.group(1).strip() or 'unnamed bank'})" if cross
                      else "World Bank debarment",),
            list_name="Cross-debarment" if cross else "World Bank sanction",
            listed_on=row["from"], until=until,
            citation=Citation(document=self.title, reference=row["id"] or None, paragraph=grounds or None,
                              publisher=_PUBLISHER, date=row["from"], url=PAGE),
            remarks=f"{period}; grounds: {grounds or 'not given'}",
        )


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date else "an unknown date"


def _records(file: Path) -> list[Any]:
    text = decode(read_bytes(file), file)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); truncated download?") from None
    except RecursionError:
        raise SourceError(f"{file}: JSON nested too deeply to be the World Bank listing") from None
    response = doc.get("response") if isinstance(doc, dict) else None
    records = response.get("ZPROCSUPP") if isinstance(response, dict) else None
    if not isinstance(records, list):
        raise SourceError(f"{file}: not the World Bank listing (no response.ZPROCSUPP array)")
    if not records:
        raise SourceError(f"{file}: the listing holds no records")
    if len(records) > MAX_RECORDS:
        raise SourceError(f"{file}: {len(records)} records, more than the {MAX_RECORDS} a real listing holds")
    return records


def _row(record: Any, file: Path, number: int) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise SourceError(f"{file}: record {number} is not an object")

    def text(key: str) -> str:
        value = record.get(key)
        return " ".join(str(value).split()) if isinstance(value, (str, int)) else ""

    name = text("SUPP_NAME")
    if not name:
        raise SourceError(f"{file}: record {number} has no SUPP_NAME")
    start = _date(text("DEBAR_FROM_DATE"))
    if start is None:
        raise SourceError(f"{file}: record {number} ({name}): DEBAR_FROM_DATE {text('DEBAR_FROM_DATE')!r} is not "
                          "a date like 05-JUN-2023")
    end_text = text("DEBAR_TO_DATE")
    end = _date(end_text)
    if end_text and end is None:
        raise SourceError(f"{file}: record {number} ({name}): DEBAR_TO_DATE {end_text!r} is not a date")
    return {"id": text("SUPP_ID"), "name": name, "address": text("SUPP_ADDR"), "city": text("SUPP_CITY"),
            "country": text("COUNTRY_NAME"), "from": start, "to": end, "grounds": text("DEBAR_REASON")}


def _date(text: str) -> dt.date | None:
    """A date from ``05-JUN-2023`` (as the service writes it) or ISO; None when blank or unreadable."""
    for pattern in ("%d-%b-%Y", "%d-%B-%Y"):
        try:
            return dt.datetime.strptime(text.strip().title(), pattern).date()
        except ValueError:
            continue
    return iso_date(text)


def _ids(rows: list[dict[str, Any]], source: str) -> list[str]:
    """``<source>:<SUPP_ID>`` (a firm debarred twice gets ``-<from date>``), else a hash of name and dates."""
    per_id = Counter(r["id"] for r in rows if r["id"])
    ids, seen = [], Counter()
    for row in rows:
        if row["id"]:
            base = f"{source}:{row['id']}" + (f"-{row['from'].isoformat()}" if per_id[row["id"]] > 1 else "")
        else:
            key = f"{row['name'].upper()}|{row['from']}|{row['country'].upper()}"
            base = f"{source}:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}"
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids
