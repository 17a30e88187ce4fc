"""Tables read from a saved web page, for publishers that offer a list only as HTML.

`read_tables` returns every ``<table>`` of a page as rows of cell texts, each with
the text of the heading (``h1``-``h4``) last seen before it, and the page's plain
text (for a "Last updated" line). The page is untrusted: it is read with the
standard library's tolerant `html.parser` (no entities are fetched, no scripts run),
its size is bounded, and so are its tables' cells.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.common import decode

MAX_PAGE_BYTES = 16 * 1024 * 1024
MAX_CELLS = 500_000
_SKIP = {"script", "style", "template", "noscript"}
_HEADINGS = {"h1", "h2", "h3", "h4"}


@dataclass
class Table:
    """One table: the heading before it and its rows (header rows included), cells as plain text."""

    heading: str
    rows: list[list[str]] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.text: list[str] = []
        self.heading = ""
        self._open: list[Table] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None
        self._skip = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag == "table":
            self._open.append(Table(self.heading))
        elif tag == "tr" and self._open:
            self._open[-1].rows.append([])
        elif tag in ("td", "th") and self._open:
            self._close_cell()
            self._cell = []
        elif tag in _HEADINGS:
            self._heading = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(self._skip - 1, 0)
        elif tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "table" and self._open:
            self._close_cell()
            self.tables.append(self._open.pop())
        elif tag in _HEADINGS and self._heading is not None:
            self.heading = " ".join("".join(self._heading).split())
            self._heading = None
        if tag in ("p", "div", "li", "tr", "br") or tag in _HEADINGS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def _close_cell(self) -> None:
        if self._cell is None or not self._open:
            self._cell = None
            return
        if not self._open[-1].rows:
            self._open[-1].rows.append([])
        self._open[-1].rows[-1].append(" ".join("".join(self._cell).split()))
        self._cell = None
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise SourceError(f"more than {MAX_CELLS} table cells: not a list page")


def read_tables(file: Path) -> tuple[list[Table], str]:
    """(tables, plain text) of the saved page `file`.

    Raises:
        SourceError: the file is too large, not text, cut short (no closing ``</html>``), or
            holds no table.
    """
    try:
        size = file.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise SourceError(f"{file}: {size} bytes, over the {MAX_PAGE_BYTES}-byte limit for a list page")
        data = file.read_bytes()
    except OSError as exc:
        raise SourceError(f"{file}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise SourceError(f"{file}: file is empty")
    # NOTE: a page cut short may still hold whole tables; a whole page (saved or served) ends with </html>.
    if not data.rstrip().lower().endswith(b"</html>"):
        raise SourceError(f"{file}: the page does not end with </html>: cut short (download or save it again)")
    reader = _Reader()
    try:
        reader.feed(decode(data, file, ("utf-8-sig", "cp1252")))
        reader.close()
    except SourceError as exc:
        raise SourceError(f"{file}: {exc}") from None
    tables = [t for t in reader.tables if any(any(c for c in row) for row in t.rows)]
    if not tables:
        raise SourceError(f"{file}: the page holds no table (not the list page, or saved before it loaded?)")
    return tables, "".join(reader.text)


def column(header: list[str], *words: str) -> int | None:
    """The index of the first header cell containing one of `words` (case-insensitive), or None."""
    for index, cell in enumerate(header):
        if any(word in cell.casefold() for word in words):
            return index
    return None


_LONG_DATE = ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %b %Y", "%d/%m/%Y", "%Y-%m-%d")


def long_date(text: str) -> dt.date | None:
    """A date written out (``24 February 2025``, ``June 21, 2022``, ``24/02/2025``, ISO); None otherwise."""
    text = " ".join(text.replace("Sept.", "Sep.").split()).strip(" .")
    for pattern in _LONG_DATE:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def updated_date(text: str) -> dt.date | None:
    """The date of the page's ``Last updated`` / ``Updated`` line (``Last Updated: 01/15/2025`` is US style)."""
    found = re.search(r"(?:last\s+)?updated:?\s*(\d{1,2}/\d{1,2}/\d{4}|\d{1,2} \w+ \d{4}|\w+\.? \d{1,2}, \d{4})",
                      text, re.IGNORECASE)
    if not found:
        return None
    value = found.group(1)
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
        month, day, year = (int(p) for p in value.split("/"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return long_date(value)
