"""When a list snapshot was published, how that is known, and how old that makes it.

A snapshot is dated, in this order of trust, by the publication itself (a header or
generation date its parser read), by the user (`lists import --as-of`), or by the
server it was downloaded from (`Last-Modified`). Where none of these exists the
snapshot is *undated*: it keeps the latest listing date found in the file as a lower
bound ("published on or after"), has no age, and counts as stale, so an undated list
is never shown as fresh. Bundled curated lists are dated by the `as_of` of their facts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Protocol

from vendorrisk.errors import SourceError
from vendorrisk.model import DateBasis, ListSnapshot

DATE_BASIS_WORDS: dict[str, str] = {
    "file": "dated by the file",
    "user": "dated by --as-of at import",
    "server": "dated by the server's Last-Modified",
    "curated": "as of the curated facts",
    "unknown": "undated",
}


class Dated(Protocol):
    """Anything that carries a snapshot's date the way `ListSnapshot` does."""

    snapshot_date: dt.date | None
    date_basis: str
    published_on_or_after: dt.date | None


@dataclass(frozen=True)
class PublicationDate:
    """A snapshot's publication date and how it is known.

    Attributes:
        date: the publication date, or None when it is not known.
        basis: where `date` came from; ``unknown`` when `date` is None.
        on_or_after: the latest listing date in the file: a lower bound on the
            publication date (shown for undated snapshots).
    """

    date: dt.date | None
    basis: DateBasis
    on_or_after: dt.date | None = None


def date_publication(*, file_date: dt.date | None, listing_dates: Iterable[dt.date | None],
                     format_bound: dt.date | None = None, as_of: dt.date | None = None,
                     last_modified: Iterable[str | None] = (), today: dt.date) -> PublicationDate:
    """Decide a new snapshot's publication date.

    Args:
        file_date: the date the publication gives itself, as its parser read it.
        listing_dates: every entry's listing date; later than `today` is ignored as a typo.
        format_bound: a lower bound the format gives besides listing dates (e.g. DPL's
            newest ``Last_Update``).
        as_of: the date the user gave for an import.
        last_modified: the ``Last-Modified`` header of each downloaded file (None when
            a file had none); the oldest dates a download of several files.
        today: the day of the import or download.

    Raises:
        SourceError: `as_of` is in the future, earlier than a listing in the file, or
            contradicts the date the file gives itself.
    """
    bound = max((d for d in (*listing_dates, format_bound) if d and d <= today), default=None)
    if as_of is not None:
        _check_as_of(as_of, file_date, bound, today)
    if file_date is not None:
        return PublicationDate(file_date, "file", bound)
    if as_of is not None:
        return PublicationDate(as_of, "user", bound)
    served = _served_on(last_modified)
    if served is not None:
        return PublicationDate(served, "server", bound)
    return PublicationDate(None, "unknown", bound)


def age_in_days(date: dt.date | None, now: dt.datetime) -> int | None:
    """Whole days from `date` to `now` (never negative), or None for an undated snapshot."""
    return None if date is None else max((now.date() - date).days, 0)


def is_stale(age_days: int | None, stale_after_days: int, *, bundled: bool) -> bool:
    """An official list is stale when older than the limit or undated; curated lists never are."""
    return not bundled and (age_days is None or age_days > stale_after_days)


def describe_date(date: dt.date | None, basis: str, on_or_after: dt.date | None) -> str:
    """The date as every format words it, e.g. ``2022-05-16 (dated by the file)`` or
    ``undated (published on or after 2022-04-21)``."""
    if date is not None:
        return f"{date.isoformat()} ({DATE_BASIS_WORDS.get(basis, basis)})"
    if on_or_after is not None:
        return f"undated (published on or after {on_or_after.isoformat()})"
    return "undated (no date in the file)"


def _check_as_of(as_of: dt.date, file_date: dt.date | None, bound: dt.date | None, today: dt.date) -> None:
    if as_of > today:
        raise SourceError(f"--as-of {as_of.isoformat()} is in the future")
    if file_date is not None and file_date != as_of:
        raise SourceError(f"--as-of {as_of.isoformat()} contradicts the date the file gives itself "
                          f"({file_date.isoformat()}); leave --as-of out")
    if bound is not None and as_of < bound:
        raise SourceError(f"--as-of {as_of.isoformat()} is earlier than a listing in the file "
                          f"({bound.isoformat()}), so the file cannot have been published then")


def _served_on(headers: Iterable[str | None]) -> dt.date | None:
    """The oldest `Last-Modified` date, or None unless every file had a readable one."""
    dates = []
    for header in headers:
        try:
            stamp = parsedate_to_datetime(header) if header else None
        except (TypeError, ValueError):
            return None
        if stamp is not None and stamp.tzinfo is None:  # "-0000" parses naive; HTTP dates are UTC
            stamp = stamp.replace(tzinfo=dt.timezone.utc)
        dates.append(stamp.astimezone(dt.timezone.utc).date() if stamp else None)
    return min(dates) if dates and None not in dates else None


def stale_warning(snapshot: ListSnapshot, age_days: int | None, stale_after_days: int) -> str:
    """The report warning for a stale official list, saying how to refresh it."""
    source = snapshot.source
    if age_days is None:
        return (f"list {source} is {_undated(snapshot)}, so it is treated as stale; run `vendorrisk lists update "
                f"{source}`, or re-import it with `vendorrisk lists import {source} PATH --as-of DATE`")
    return (f"list {source} is {age_days} days old (stale after {stale_after_days}); "
            f"run `vendorrisk lists update {source}`")


def too_old(snapshot: ListSnapshot, age_days: int | None, limit: int) -> str | None:
    """Why `snapshot` fails `--max-list-age limit`, or None when it passes (curated lists always do)."""
    if snapshot.bundled or (age_days is not None and age_days <= limit):
        return None
    source = snapshot.source
    if age_days is None:
        return (f"list {source} is {_undated(snapshot)}, so its age is unknown (limit {limit} days); run "
                f"`vendorrisk lists update {source}`, or import it with `--as-of DATE` if you know its date")
    return f"list {source} is {age_days} days old (limit {limit}); run `vendorrisk lists update {source}`"


def _undated(snapshot: ListSnapshot) -> str:
    return describe_date(None, "unknown", snapshot.published_on_or_after)
