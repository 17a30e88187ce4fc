"""A memo of bounded size that forgets its oldest entries first.

For values remembered under a key derived from a richer argument (a spelling's number
for the name that has it, the facts a rule reads for a match), which
`functools.lru_cache` cannot key on. Lookups are the dict's own, so a hit costs what
a dict's does.
"""
from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V]):
    """A dict of at most `size` entries: `remember` adds one and forgets the oldest beyond `size`."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def remember(self, key: K, value: V) -> V:
        """Keep `value` under `key` and return it."""
        self[key] = value
        if len(self) > self.size:
            del self[next(iter(self))]
        return value
