"""The `--max-list-age` gate: refuse to screen against lists older than the user allows."""
from __future__ import annotations

import datetime as dt

from vendorrisk.errors import StoreError
from vendorrisk.lists.dates import age_in_days, too_old


class StaleListError(StoreError):
    """A list is older than `Settings.max_list_age_days`."""


def check_list_age(screener, now: dt.datetime) -> None:
    """Raise `StaleListError` when any official list is older than the allowed age, or undated.

    Bundled curated lists are dated by their facts, not downloaded, so they are
    shown with their age but never fail the gate.
    """
    limit = screener.settings.max_list_age_days
    if limit is None:
        return
    for snapshot in screener.snapshots:
        reason = too_old(snapshot, age_in_days(snapshot.snapshot_date, now), limit)
        if reason:
            raise StaleListError(reason)
