"""The `us-csl` source: trade.gov's Consolidated Screening List as CSV, TSV or JSON.

Both column layouts in use are read by header name: the 2022 file (quoted only
where needed, bit.ly source URLs) and the 2025 file (every field quoted, SHA-224
ids). The JSON has the same fields in a ``results`` array. Every row becomes one
entry; entry ids are ``us-csl:<_id>``. A party that OFAC puts on several
sub-lists appears in several rows with the same ``_id``; those rows get
``us-csl:<_id>:<sub-list abbreviation>`` (e.g. ``us-csl:18725:ssi``) so ids stay unique.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import decode, first_char, iso_date, locate, read_bytes, read_csv_table
from vendorrisk.lists.sources.csl_entry import row_to_entry, sublist_abbreviation

_REQUIRED = ("source", "name")
_FILES = ("consolidated.csv", "consolidated.json", "consolidated.tsv")


class CslSource(ListSource):
    """US Consolidated Screening List (Commerce, State and Treasury lists in one file)."""

    id = "us-csl"
    title = "Consolidated Screening List"
    publisher = "International Trade Administration, US Department of Commerce"
    licence = "Public domain in the US (work of the US federal government, 17 U.S.C. 105)"
    urls = {"consolidated.csv": "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"}
    parser_version = "3"  # 3: identifiers (LEI, registration, SWIFT/BIC, IMO, tax id) from `ids`

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; accepts the CSV, TSV or JSON download."""
        file = locate(path, _FILES)
        data = read_bytes(file)
        if first_char(data) in "{[":
            rows, snapshot_date = read_json(data, file)
        else:
            rows, snapshot_date = read_csv(data, file), None
        ids = _entry_ids(rows)
        return ParsedList(tuple(row_to_entry(row, i) for row, i in zip(rows, ids)), snapshot_date)


def read_csv(data: bytes, file: Path) -> list[dict[str, str]]:
    """The rows of a CSL CSV/TSV as dicts, refusing a wrong header or a truncated row.

    Raises:
        SourceError: names the file and line of the first bad row.
    """
    text = decode(data, file)
    delimiter = "\t" if "\t" in text.split("\n", 1)[0] else ","
    _, _, rows = read_csv_table(text, file, delimiter=delimiter, check_header=lambda header: _check_header(header, file))
    return _nonempty(rows, file)


def read_json(data: bytes, file: Path) -> tuple[list[dict[str, Any]], Any]:
    """The ``results`` of a CSL JSON download and the newest ``source_last_updated``.

    Raises:
        SourceError: the JSON is malformed, truncated or not a CSL document.
    """
    try:
        doc = json.loads(decode(data, file))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{file}:{exc.lineno}:{exc.colno}: malformed or truncated JSON: {exc.msg}") from exc
    rows = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SourceError(f"{file}: not a CSL JSON document (no `results` array of records)")
    if rows:
        _check_header(list(rows[0]), file)
    used = doc.get("sources_used", []) if isinstance(doc, dict) else []
    dates = [iso_date(str(s.get("source_last_updated", ""))) for s in used if isinstance(s, dict)]
    return _nonempty(rows, file), max((d for d in dates if d), default=None)


def _check_header(header: list[str], file: Path) -> None:
    missing = [c for c in _REQUIRED if c not in header]
    if missing or not ({"_id", "id"} & set(header)):
        raise SourceError(f"{file}: not a Consolidated Screening List file (missing columns "
                          f"{', '.join(missing or ['_id'])}); wrong file or format?")


def _nonempty(rows: list, file: Path) -> list:
    if not rows:
        raise SourceError(f"{file}: holds a header but no records")
    return rows


def _entry_ids(rows: list[dict[str, Any]]) -> list[str]:
    raw = [str(row.get("_id") or row.get("id") or "").strip() for row in rows]
    counts = Counter(raw)
    ids: list[str] = []
    seen: Counter[str] = Counter()
    for row, official in zip(rows, raw):
        if not official:
            raise SourceError(f"CSL record {row.get('name')!r} has no _id")
        entry_id = f"us-csl:{official}"
        if counts[official] > 1:
            entry_id += ":" + sublist_abbreviation(str(row.get("source", ""))).lower().replace(" ", "-")
        seen[entry_id] += 1
        ids.append(entry_id if seen[entry_id] == 1 else f"{entry_id}:{seen[entry_id]}")
    return ids
