"""The `us-dod-1260h` source: every edition of the DoD s.1260H list, from a transcription.

The Department of Defense publishes the list of "Chinese military companies
operating in the United States" only as a PDF per edition (3 Jun 2021, 5 Oct
2022, 31 Jan 2024, 7 Jan 2025, 8 Jun 2026), announced by a press release and a
Federal Register notice, with designations and removals between editions in the
Federal Register only. There is no official machine-readable file, so this source
reads a transcription CSV with one row per listing period:

``Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
Source Url`` (the layout OpenSanctions keeps for its transcription; ``Start
date`` is the edition or notice that listed the company, ``End date`` the one
that removed it, ISO dates) and an optional ``Citation`` column for a Federal
Register or release citation of one's own. `lists update us-dod-1260h --url URL`
downloads such a file; `lists import` installs one.

Rows are grouped by ``Clean Name``: one entry per company, listed since its first
``Start date``; a company whose every period has an ``End date`` has been removed,
and its ``until`` is the last one. The citation is the newest edition that lists
it, from `EDITIONS` (release date, PDF, Federal Register notice where known). The
file is undated (a lower bound is its newest date): give ``--as-of``, the day the
transcription was checked against DoD's latest edition.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import decode, iso_date, locate, read_bytes, read_csv_table, unique
from vendorrisk.model import Citation, ListEntry

_PUBLISHER = "US Department of Defense"
_DOCUMENT = "Entities Identified as Chinese Military Companies Operating in the United States"
_REQUIRED = ("Clean Name", "Alias", "Start date", "End date", "Source Url")
# Edition date -> (reference, URL). Federal Register citations as verified in the project's fact base
# (policy-sources.yaml, record us-dod-1260h-list); the others name the DoD release.
EDITIONS: dict[dt.date, tuple[str, str]] = {
    dt.date(2021, 6, 3): ("DoD release of 3 Jun 2021; 86 FR 33994 (28 Jun 2021, FR Doc. 2021-13753)",
                          "https://federalregister.gov/d/2021-13753"),
    dt.date(2022, 10, 5): ("DoD release of 5 Oct 2022", "https://www.defense.gov/News/Releases/Search/1260H/"),
    dt.date(2024, 1, 31): ("DoD release of 31 Jan 2024", "https://www.defense.gov/News/Releases/Search/1260H/"),
    dt.date(2025, 1, 7): ("DoD release of 7 Jan 2025; 90 FR 1105 (FR Doc. 2025-00070)",
                          "https://federalregister.gov/d/2025-00070"),
    dt.date(2026, 6, 8): ("DoD release of 8 Jun 2026",
                          "https://media.defense.gov/2026/Jun/08/2003945537/-1/-1/1/ENTITIES-IDENTIFIED-AS-CHINESE-"
                          "MILITARY-COMPANIES-OPERATING-IN-THE-UNITED-STATES-IN-ACCORDANCE-WITH-SECTION-1260H.PDF"),
}
_SLUG = re.compile(r"[^a-z0-9]+")


class Dod1260hSource(ListSource):
    """DoD s.1260H list of Chinese military companies, every edition with removals."""

    id = "us-dod-1260h"
    title = "Entities Identified as Chinese Military Companies Operating in the United States (s.1260H list)"
    publisher = _PUBLISHER
    licence = ("The list: public domain in the US (DoD publication); a transcription keeps its own licence "
               "(OpenSanctions': CC BY-NC 4.0)")
    urls = {"1260h.csv": "https://www.defense.gov/News/Releases/Search/1260H/"}
    needs_url = ("DoD publishes the s.1260H list only as a PDF per edition; give --url of a transcription CSV "
                 "(layout in docs/sources.md), or install one with `vendorrisk lists import us-dod-1260h FILE`")
    parser_version = "1"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; undated: the newest edition or removal date is a lower bound."""
        file = locate(path, tuple(self.urls))
        _, header, rows = read_csv_table(decode(read_bytes(file), file), file)
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise SourceError(f"{file}: not a s.1260H transcription (missing columns {', '.join(missing)})")
        groups: dict[str, list[tuple[int, dict[str, str]]]] = defaultdict(list)
        for line, row in enumerate(rows, start=2):
            name = " ".join(row["Clean Name"].split())
            if not name:
                raise SourceError(f"{file}:{line}: a row with no Clean Name")
            for key in ("Start date", "End date"):
                if row[key].strip() and iso_date(row[key]) is None:
                    raise SourceError(f"{file}:{line}: {key} {row[key]!r} is not a YYYY-MM-DD date")
            if iso_date(row["Start date"]) is None:
                raise SourceError(f"{file}:{line}: {name} has no Start date")
            groups[name].append((line, row))
        if not groups:
            raise SourceError(f"{file}: holds a header but no listings")
        entries = tuple(self._entry(name, [r for _, r in group]) for name, group in groups.items())
        dates = [d for rows_ in groups.values() for _, r in rows_ for d in (iso_date(r["Start date"]),
                                                                              iso_date(r["End date"])) if d]
        return ParsedList(entries, published_on_or_after=max(dates))

    def _entry(self, name: str, rows: list[dict[str, str]]) -> ListEntry:
        periods = sorted((iso_date(r["Start date"]), iso_date(r["End date"]), r) for r in rows)
        open_rows = [r for start, end, r in periods if end is None]
        until = None if open_rows else max(end for _, end, _ in periods)
        latest_start, _, latest = max(periods, key=lambda p: p[0])
        reference, url = EDITIONS.get(latest_start, (f"listing of {latest_start.isoformat()}", None))
        own = latest.get("Citation", "").strip()
        editions = ", ".join(f"{s.isoformat()}" + (f" to {e.isoformat()}" if e else "") for s, e, _ in periods)
        parents = unique(r.get("Parent Name") for r in rows)
        notes = unique(" ".join(r.get("Note", "").split()) for r in rows)
        return ListEntry(
            id=f"{self.id}:{_SLUG.sub('-', name.lower()).strip('-')}", source=self.id, name=name,
            aliases=unique([r["Alias"] for r in rows] + [r.get("Previous Name") for r in rows], exclude=[name]),
            countries=("CN",), programs=("NDAA FY2021 s.1260H", "NDAA FY2024 s.805"),
            list_name="s.1260H list" if until is None else "s.1260H list (removed)",
            listed_on=periods[0][0], until=until,
            citation=Citation(document=_DOCUMENT, reference=own or reference, publisher=_PUBLISHER,
                              paragraph=f"Listed: {editions}", date=latest_start,
                              url=latest.get("Source Url", "").strip() or url),
            remarks="; ".join(p for p in (f"listing periods {editions}",
                                          f"listed under parent {', '.join(parents)}" if parents else "",
                                          notes[-1] if notes else "") if p)[:2000],
        )
