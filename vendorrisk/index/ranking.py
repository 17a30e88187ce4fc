"""Ranks candidates: sums, from posting lists, the weight each listed name shares with a supplier.

Part of candidate retrieval (`vendorrisk.index.query`). Two interchangeable
implementations: dictionaries, for a single `search` (numpy's import alone would
cost a quarter of its start-up), and numpy arrays, for batches,
where a posting list of 1,500 names is one vectorised call instead of 3,000
dictionary updates. Both add the same weights in the same order, so they keep and
rank exactly the same names (the tests compare them).
"""
from __future__ import annotations

import math
from array import array
from collections import defaultdict
from typing import NamedTuple, Protocol

from vendorrisk.index.storage import PostingList


COMPLETE = 1 - 1e-4  # shared / total weight of a name found whole (totals are stored as float32)


class PostingSource(Protocol):
    """What ranking reads from a candidate index."""

    name_weights: array  # each name's total weight of looked-up words ("f")

    def postings(self, token: str) -> PostingList:
        """The names containing `token`."""

    def posting_set(self, token: str) -> dict[int, None]:
        """The names containing `token`, as the keys of a dict."""

    def names_up_to(self, token: str, most: float) -> array | memoryview:
        """The names containing `token` whose total weight is at most `most`, in no particular order."""


class Lookup(NamedTuple):
    """One looked-up word and what it adds to each name containing it."""

    token: str
    rank_weight: float  # toward the order candidates are tried in (typos count less)
    shared_weight: float  # toward the weight a name shares with the supplier


def rank_with_dicts(index: PostingSource, adders: list[Lookup], checks: list[Lookup],
                    min_fraction: float) -> list[int]:
    """Names found by `adders`, also weighed by `checks`, that share `min_fraction` of their weight; best first.

    `checks` only add weight to names the adders found: their posting lists are
    too long to bring in candidates of their own. Names the supplier contains
    whole come first ("Gazprom" in "Gazprom Transgaz Makhachkala"), then the rest,
    each by shared weight.
    """
    rank: dict[int, float] = defaultdict(float)
    shared: dict[int, float] = defaultdict(float)
    for token, rank_weight, shared_weight in adders:
        for name_id in index.postings(token).ids:
            rank[name_id] += rank_weight
            shared[name_id] += shared_weight
    for token, rank_weight, shared_weight in checks:
        members = index.posting_set(token)
        for name_id in members.keys() & rank.keys() if len(rank) > 8 else [i for i in rank if i in members]:
            rank[name_id] += rank_weight
            shared[name_id] += shared_weight
    totals = index.name_weights
    kept = [(weight < COMPLETE * totals[i], -rank[i], i) for i, weight in shared.items()
            if weight >= min_fraction * totals[i]]
    kept.sort()
    return [name_id for *_, name_id in kept]


def rank_with_arrays(index: PostingSource, adders: list[Lookup], checks: list[Lookup],
                     min_fraction: float) -> list[int]:
    """`rank_with_dicts` computed on numpy arrays."""
    import numpy as np  # noqa: PLC0415 - only batches pay for the import

    if not adders:
        return []
    # A name is kept only if it shares `min_fraction` of its weight, and it can share at most every
    # lookup's weight: heavier names are never read (most of a long posting list).
    most = (sum(lookup.shared_weight for lookup in (*adders, *checks)) / min_fraction * (1 + 1e-9)
            if min_fraction > 0 else math.inf)
    found = [np.sort(np.frombuffer(index.names_up_to(lookup.token, most), dtype=np.uint32)) for lookup in adders]
    if len(found) == 1:  # one posting list: the sorted, distinct names
        names = found[0]
        rank, shared = np.full(len(names), adders[0].rank_weight), np.full(len(names), adders[0].shared_weight)
    else:
        # NOTE: weights are added word by word, as the dictionaries add them, so sums are equal;
        # finding each list's names by binary search costs less than unique's inverse. The lists are
        # sorted, so a stable sort (timsort) merges them: half the time of `np.unique`'s hashing at 10x.
        joined = np.sort(np.concatenate(found), kind="stable")
        names = joined[np.concatenate(([True], joined[1:] != joined[:-1]))] if len(joined) else joined
        rank, shared = np.zeros(len(names)), np.zeros(len(names))
        for ids, lookup in zip(found, adders):
            at = np.searchsorted(names, ids)
            rank[at] += lookup.rank_weight
            shared[at] += lookup.shared_weight
    for lookup in checks:
        members = np.frombuffer(index.postings(lookup.token).ids, dtype=np.uint32)
        if not len(members):
            continue
        at = np.minimum(np.searchsorted(members, names), len(members) - 1)
        hit = np.take(members, at) == names
        rank[hit] += lookup.rank_weight
        shared[hit] += lookup.shared_weight
    # NOTE: gathered as stored (float32, half the cache misses of a large list) and widened after, as the
    # dictionaries widen each total.
    totals = np.take(np.frombuffer(index.name_weights, dtype=np.float32), names).astype(np.float64)
    keep = shared >= min_fraction * totals
    names, rank, partial = names[keep], rank[keep], shared[keep] < COMPLETE * totals[keep]
    return names[np.lexsort((names, -rank, partial))].tolist()

