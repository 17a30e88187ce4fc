"""The plug point for official list sources: what a source declares and what a parser returns.

Each implementation module (e.g. `us_csl.py`) defines one `ListSource` subclass with a
stable kebab-case `id`, its publisher and official download URL(s), and a `parse`
method that turns the raw file(s) into `ListEntry` values. Registration is a plain
dict in `vendorrisk.lists.sources.SOURCES`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from vendorrisk.model import ListEntry


@dataclass(frozen=True)
class ParsedList:
    """What a parser returns: the entries and the date the publisher gives the list.

    Attributes:
        snapshot_date: the publication date the file gives itself; None when the
            format carries none (never a guess).
        published_on_or_after: a lower bound the format offers besides listing dates
            (e.g. the newest "last update" of any row), for an undated file.
    """

    entries: tuple[ListEntry, ...]
    snapshot_date: dt.date | None = None
    published_on_or_after: dt.date | None = None


class ListSource:
    """An official list: where it is published and how to read its format.

    Attributes:
        id: stable source id, e.g. ``us-csl``; entry ids are ``<id>:<official id>``.
        title / publisher / licence: shown in reports and `lists status`.
        urls: file name -> official download URL. A single-file source has one
            item; the OFAC CSV trio has three. `lists update` fetches every file
            into one folder and calls `parse` on that folder.
        parser_version: bump when parsing changes, so stored snapshots are re-parsed.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    licence: ClassVar[str]
    urls: ClassVar[dict[str, str]]
    parser_version: ClassVar[str] = "1"

    def parse(self, path: Path) -> ParsedList:
        """Parse a downloaded file, or a folder holding every file in `urls`.

        Raises:
            SourceError: the input is missing, malformed, truncated or empty.
        """
        raise NotImplementedError
