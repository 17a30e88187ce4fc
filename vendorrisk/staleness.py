"""The `--max-list-age` gate: refuse to screen against lists older than the user allows."""
from __future__ import annotations

import datetime as dt

from vendorrisk.errors import StoreError


class StaleListError(StoreError):
    """A list is older than `Settings.max_list_age_days`."""


def check_list_age(screener, now: dt.datetime) -> None:
    """Raise `StaleListError` when any official list is older than the allowed age.

    Bundled curated lists are dated by their facts, not downloaded, so they are
    shown with their age but never fail the gate.
    """
    limit = screener.settings.max_list_age_days
    if limit is None:
        return
    for snapshot in screener.snapshots:
        used = screener.list_used(snapshot, now)
        if not used.bundled and used.age_days is not None and used.age_days > limit:
            raise StaleListError(f"list {used.source} is {used.age_days} days old (limit {limit}); "
                                 f"run `vendorrisk lists update {used.source}`")
