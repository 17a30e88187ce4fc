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
        declared_records: the number of records the file says it holds, where the
            format declares one; the store refuses a file holding another number.
        published_on_or_after: a lower bound the format offers besides listing dates
            (e.g. the newest "last update" of any row), for an undated file.
    """

    entries: tuple[ListEntry, ...]
    snapshot_date: dt.date | None = None
    published_on_or_after: dt.date | None = None
    declared_records: int | None = None


@dataclass(frozen=True)
class DownloadPolicy:
    """How patiently `lists update` downloads a source's files (the CLI flags override it).

    Attributes:
        read_timeout: seconds to wait for the next bytes before an attempt fails.
        retries: extra attempts after timeouts, dropped connections, 5xx and 429.
        backoff: first wait between attempts in seconds; doubles on each retry.
        deadline: seconds one file may take in all, attempts and waits included.
    """

    read_timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    deadline: float = 600.0


class ListSource:
    """An official list: where it is published and how to read its format.

    Attributes:
        id: stable source id, e.g. ``us-csl``; entry ids are ``<id>:<official id>``.
        title / publisher / licence: shown in reports and `lists status`.
        urls: file name -> official download URL. A single-file source has one
            item; the OFAC CSV trio has three. `lists update` fetches every file
            into one folder and calls `parse` on that folder.
        parser_version: bump when parsing changes, so stored snapshots are re-parsed.
        download: timeouts, retries and deadline for this source's server.
        other_files: names of files the parser also reads that `lists update` does not
            download (an older format still accepted by `lists import`), kept with a snapshot.
        link_texts: file name -> text of the link to follow when its URL answers with
            a web page rather than the file (a landing page whose file URL changes).
        page_files: names of files that *are* web pages (a publisher that offers only an
            HTML page): the page is saved as the file, and the HTML check does not apply.
        url_secrets: placeholder -> setting, for URLs that need a key the user holds (e.g.
            ``{api_key}`` -> ``sam_api_key``); the key is put into the URL only to send the
            request, and is never stored, printed or kept in an error message.
        needs_url: why `lists update` needs ``--url`` for this source (no official
            machine-readable file to download); None when its `urls` can be downloaded.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    publisher: ClassVar[str]
    licence: ClassVar[str]
    urls: ClassVar[dict[str, str]]
    parser_version: ClassVar[str] = "1"
    download: ClassVar[DownloadPolicy] = DownloadPolicy()
    link_texts: ClassVar[dict[str, str]] = {}
    page_files: ClassVar[tuple[str, ...]] = ()
    url_secrets: ClassVar[dict[str, str]] = {}
    needs_url: ClassVar[str | None] = None
    other_files: ClassVar[tuple[str, ...]] = ()

    def file_names(self) -> tuple[str, ...]:
        """Every file name of this source: those it downloads, then those only an import brings."""
        return (*self.urls, *self.other_files)

    def parse(self, path: Path) -> ParsedList:
        """Parse a downloaded file, or a folder holding every file in `urls`.

        Raises:
            SourceError: the input is missing, malformed, truncated or empty.
        """
        raise NotImplementedError
