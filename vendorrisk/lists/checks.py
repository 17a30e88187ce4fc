"""Sanity checks a new list snapshot must pass before the store swaps it in.

Official list files are never empty and never HTML; a list that suddenly shrinks to
a fraction of its last size is far more likely a truncated or wrong download than a
mass delisting. Each check raises `SourceError` with a one-line reason.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vendorrisk.errors import SourceError

_HTML_STARTS = (b"<!doctype html", b"<html")


def is_html(head: bytes) -> bool:
    """True when the first bytes of a file look like an HTML page (an error or login page)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(_HTML_STARTS)


def check_raw_files(source: str, files: Iterable[Path]) -> None:
    """Refuse missing, empty and HTML files.

    Raises:
        SourceError: naming the file and what is wrong with it.
    """
    found = False
    for path in files:
        found = True
        with open(path, "rb") as fh:
            head = fh.read(512)
        if not head:
            raise SourceError(f"{source}: {path.name} is empty")
        if is_html(head):
            raise SourceError(f"{source}: {path.name} is an HTML page, not a list file")
    if not found:
        raise SourceError(f"{source}: no list files to install")


def check_record_count(source: str, new: int, previous: int | None, min_ratio: float) -> None:
    """Refuse a snapshot with fewer than `min_ratio` times the previous snapshot's records.

    Raises:
        SourceError: the new snapshot is suspiciously small.
    """
    if previous and new < previous * min_ratio:
        raise SourceError(
            f"{source}: new snapshot has {new} records, fewer than {min_ratio:.0%} of the "
            f"{previous} in the current one; keeping the current snapshot")
