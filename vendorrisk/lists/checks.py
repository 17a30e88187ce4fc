"""Sanity checks a new list snapshot must pass before the store swaps it in.

Official list files are never empty and never HTML; a file that declares how many
records it holds must hold that many; and a list that suddenly shrinks well below
its recent size is far more likely a truncated or wrong download than a mass
delisting. Each check raises `SourceError` with a one-line reason.
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


def check_raw_files(source: str, files: Iterable[Path], pages: Iterable[str] = ()) -> None:
    """Refuse missing, empty and HTML files (except `pages`: files a publisher offers only as a web page).

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
        if is_html(head) and path.name not in pages:
            raise SourceError(f"{source}: {path.name} is an HTML page, not a list file")
    if not found:
        raise SourceError(f"{source}: no list files to install")


def check_declared_count(source: str, found: int, declared: int | None) -> None:
    """Refuse a file whose own record count (e.g. OFAC's ``Record_Count``) differs from what was parsed.

    Raises:
        SourceError: the file is incomplete (or was trimmed by hand).
    """
    if declared is not None and declared != found:
        raise SourceError(f"{source}: the file declares {declared} records but holds {found}; a cut or trimmed "
                          "file is never installed; download it again")


def check_record_count(source: str, new: int, recent: int | None, min_ratio: float, *,
                       allow_shrink: bool = False) -> None:
    """Refuse a snapshot with fewer than `min_ratio` times the largest recent snapshot's records.

    Comparing with the largest recent count, not only the last one, stops a list from
    being whittled down by a run of updates that each lose a little under the limit.

    Args:
        recent: the largest record count of this source's recent snapshots.
        allow_shrink: the user confirmed the shrink is real (`--allow-shrink`).

    Raises:
        SourceError: the new snapshot is suspiciously small.
    """
    if recent and new < recent * min_ratio and not allow_shrink:
        raise SourceError(
            f"{source}: new snapshot has {new} records, fewer than {min_ratio:.0%} of the {recent} in recent "
            "snapshots (a cut download?); keeping the current snapshot; if the list really shrank, "
            "run again with --allow-shrink")
