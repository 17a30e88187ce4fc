"""Candidate retrieval: the listed names worth scoring against one supplier name, best first.

Candidates come from the index's rarest shared words (and their one-edit typo
neighbours), so the cost per supplier stays flat as lists grow: postings are read
rarest first, and once `postings_budget` ids have been read, common words only add
weight to names already found (`ranking`). A name whose shared weight is under
`MIN_SHARED_FRACTION` of its own weight cannot score and is dropped before scoring.
"""
from __future__ import annotations

from collections.abc import Hashable
from typing import NamedTuple

from vendorrisk.index.ranking import Lookup, rank_with_arrays, rank_with_dicts
from vendorrisk.index.reader import CandidateIndex
from vendorrisk.index.words import lookup_words
from vendorrisk.normalize import NormalName
from vendorrisk.normalize.edits import similarity

POSTINGS_BUDGET = 1500  # ids read to bring in candidates, for lists of up to BUDGET_BASE_NAMES names
BUDGET_BASE_NAMES = 120_000  # about today's lists; larger ones read more (`postings_budget`)
MIN_SHARED_FRACTION = 0.45
ARRAYS_FROM_POSTINGS = 50  # below this many ids, numpy's fixed cost per call exceeds the dictionaries' (measured)
MAX_CANDIDATES = 40
TYPO_DISCOUNT = 0.5
MISSPELT_MAX_SHARE = 1e-4  # a listed word in at most this share of list names may be a printed misspelling
MISSPELT_RARITY = 10  # ... of a word one edit away that is this many times as common


class Posting(NamedTuple):
    """A posting list to read for one supplier word (or a typo of it); sorted, core words come first, rarest first."""

    weak: bool  # not a core word: adds weight but brings in no candidates when the supplier has a core word
    df: int
    token: str
    class_weight: float
    discount: float  # 1.0, or TYPO_DISCOUNT for a listed word one edit from the supplier's


def candidates(index: CandidateIndex, norm: NormalName) -> list[int]:
    """Names sharing enough of the supplier's weighted words, up to `MAX_CANDIDATES` spellings: the best
    first, then the others of its spelling, then the next spelling's best, and so on."""
    return [name_id for name_ids in candidates_by_spelling(index, norm).values() for name_id in name_ids]


def candidates_by_spelling(index: CandidateIndex, norm: NormalName) -> dict[Hashable, list[int]]:
    """`candidates` by spelling (`IndexRows.spellings`): each spelling's names, best spelling first.

    A preloaded index (a batch) sums long posting lists with numpy.
    """
    adders, checks, spent = _split_by_budget(index, _postings_to_read(index, norm))
    rank = rank_with_arrays if index.preloaded and spent >= ARRAYS_FROM_POSTINGS else rank_with_dicts
    return _by_spelling(index, rank(index, adders, checks, MIN_SHARED_FRACTION))


def supplier_idf(index: CandidateIndex, token: str) -> float:
    """Rarity weight of a supplier word; an unlisted one weighs as its rarest listed typo neighbour, if any."""
    df = index.df(token)
    if not df:
        known = [index.df(n) for n in index.neighbours(token)]
        df = min(known) if known else 0
    return index.idf(df)


def _postings_to_read(index: CandidateIndex, norm: NormalName) -> list[Posting]:
    """The supplier's looked-up words that are listed, and the listed typo neighbours of those that are
    not listed or are very rare (`_may_be_misspelt`)."""
    postings = []
    for token, class_weight in lookup_words(norm.tokens, norm.classes):
        df = index.df(token)
        if df:
            postings.append(Posting(class_weight < 1.0, df, token, class_weight, 1.0))
        if token not in norm.tokens or (df and not _may_be_misspelt(index, df)):
            continue  # a joined pair ("hik vision") is looked up as written, not for typos
        for neighbour in index.neighbours(token):
            neighbour_df = index.df(neighbour)
            if (not df or neighbour_df >= MISSPELT_RARITY * df) and similarity(token, neighbour):
                postings.append(Posting(class_weight < 1.0, neighbour_df, neighbour, class_weight, TYPO_DISCOUNT))
    postings.sort()
    return postings


def _may_be_misspelt(index: CandidateIndex, df: int) -> bool:
    """Whether a listed word is rare enough to be a misspelling the lists happen to print too.

    The more names a list holds, the likelier a supplier's typo ("Sberbank Lesaing") is
    itself printed somewhere; its listed neighbours are then looked up as well, but only
    those `MISSPELT_RARITY` times as common, as the word it misspells would be.
    """
    return df <= MISSPELT_MAX_SHARE * index.size


def postings_budget(names: int) -> int:
    """How many ids a supplier's lookups may read to bring in candidates, in an index of `names` names.

    A word's postings grow with the lists: at ten times today's lists a core word such
    as "huawei" is in ten times as many names, and with a fixed budget it would only add
    weight to names a rarer word (often a typo's neighbour) brought in, so the names
    sharing it were never found (eval-dev recall 0.973 instead of 0.986 at ten times).
    The budget grows as the square root of the list size: reading stays sublinear.
    """
    return round(POSTINGS_BUDGET * max(1.0, names / BUDGET_BASE_NAMES) ** 0.5)


def _split_by_budget(index: CandidateIndex, postings: list[Posting]) -> tuple[list[Lookup], list[Lookup], int]:
    """Lookups that bring in candidates (within the budget), lookups that only add weight, and ids spent."""
    # A listed name can match only if it shares a core word with a supplier that has one,
    # so core words (rarest first) bring in candidates and weaker words only add weight.
    has_core = any(not posting.weak for posting in postings)
    adders: list[Lookup] = []
    checks: list[Lookup] = []
    spent = 0
    budget = postings_budget(index.size)
    for weak, df, token, class_weight, discount in postings:
        weight = index.idf(df) * class_weight
        if not (weak and has_core) and (not spent or spent + df <= budget):
            spent += df
            adders.append(Lookup(token, weight * discount, weight))
        else:
            checks.append(Lookup(token, weight * discount, weight))
    return adders, checks, spent


def _by_spelling(index: CandidateIndex, ranked: list[int]) -> dict[Hashable, list[int]]:
    """The best-ranked names, up to `MAX_CANDIDATES` distinct spellings (`compared_spelling`), with every
    entry sharing one, grouped by spelling in rank order."""
    groups: dict[Hashable, list[int]] = {}
    for name_id, key in zip(ranked, index.spellings(ranked)):
        group = groups.get(key)
        if group is None:
            if len(groups) == MAX_CANDIDATES:
                break
            group = groups[key] = []
        group.append(name_id)
    return groups
