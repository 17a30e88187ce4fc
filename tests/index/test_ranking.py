"""The two ways of ranking candidates from posting lists agree exactly, name for name and in order."""
from __future__ import annotations

import random
from array import array
from bisect import bisect_right

import pytest

from vendorrisk.index.ranking import Lookup, rank_with_arrays, rank_with_dicts
from vendorrisk.index.storage import PostingList


class FakeIndex:
    """What the rankers read from a candidate index, over `_postings` and `name_weights`."""

    name_weights: array
    _postings: dict[str, array]

    def postings(self, token: str):
        ids = self._postings.get(token, array("I"))
        return PostingList(len(ids), ids, 0.0)

    def posting_set(self, token: str) -> dict[int, None]:
        return dict.fromkeys(self.postings(token).ids)

    def names_up_to(self, token: str, most: float):
        """As `MemoryRows.names_up_to` reads them: the lightest prefix of the list ordered by weight."""
        by_weight = sorted(self.postings(token).ids, key=lambda i: (self.name_weights[i], i))
        return array("I", by_weight[:bisect_right(by_weight, most, key=self.name_weights.__getitem__)])


class PostingLists(FakeIndex):
    """Random postings over random name weights."""

    def __init__(self, seed: int, names: int = 3000, tokens: int = 40) -> None:
        rng = random.Random(seed)
        self.name_weights = array("f", (rng.uniform(0.5, 30.0) for _ in range(names)))
        self._postings = {}
        for t in range(tokens):
            size = rng.choice([1, 3, 20, 200, 1500])
            self._postings[f"t{t}"] = array("I", sorted(rng.sample(range(names), size)))


@pytest.mark.parametrize("seed", range(40))
def test_arrays_and_dicts_rank_the_same_names(seed):
    index = PostingLists(seed)
    rng = random.Random(seed)
    tokens = rng.sample(sorted(index._postings), rng.randint(1, 8))
    weights = [round(rng.uniform(0.1, 12.0), rng.randint(1, 9)) for _ in tokens]
    lookups = [Lookup(t, w * rng.choice([1.0, 0.5]), w) for t, w in zip(tokens, weights)]
    split = rng.randint(1, len(lookups))
    adders, checks = lookups[:split], lookups[split:] + [Lookup("unknown", 1.0, 1.0)]
    fraction = rng.choice([0.0, 0.2, 0.45, 0.8])
    expected = rank_with_dicts(index, adders, checks, fraction)
    assert rank_with_arrays(index, adders, checks, fraction) == expected
    assert expected or fraction > 0.0  # with no cut-off every name found is kept


def test_no_lookups_rank_nothing():
    index = PostingLists(1)
    assert rank_with_arrays(index, [], [], 0.45) == rank_with_dicts(index, [], [], 0.45) == []


class TwoNames(FakeIndex):
    """Name 0 is "gazprom" alone; name 1 is "gazprom neft drilling", heavier but not all shared."""

    name_weights = array("f", [5.0, 20.0])
    _postings = {"gazprom": array("I", [0, 1]), "neft": array("I", [1])}


@pytest.mark.parametrize("ranker", [rank_with_dicts, rank_with_arrays])
def test_names_the_supplier_contains_whole_come_first(ranker):
    lookups = [Lookup("gazprom", 5.0, 5.0), Lookup("neft", 9.0, 9.0)]
    assert ranker(TwoNames(), lookups, [], 0.45) == [0, 1]


@pytest.mark.parametrize("ranker", [rank_with_dicts, rank_with_arrays])
def test_names_too_heavy_to_share_enough_are_not_candidates(ranker):
    lookups = [Lookup("gazprom", 0.1, 0.1), Lookup("neft", 0.1, 0.1)]
    assert ranker(TwoNames(), lookups, [], 0.45) == []
    assert ranker(TwoNames(), lookups[:1], lookups[1:], 0.45) == []
