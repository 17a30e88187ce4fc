"""Token alignment: which supplier word answers which list word, and how closely.

Words are weighted by rarity across every list name (inverse document frequency)
times the weight of their class (core 1.0, generic 0.35, place 0.3, stop 0.05,
legal 0), so that "hikvision" carries a match and "technology" or "Hangzhou" only
support it. Typos (an insertion, deletion, substitution or swap of neighbours) are
tolerated in longer words only, as `vendorrisk.normalize.edits.similarity` says.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

from vendorrisk.normalize.classes import CLASS_WEIGHT, CORE, GENERIC, LEGAL, PLACE, STOP, WordClass
from vendorrisk.normalize.edits import TWO_TYPOS_MIN_LENGTH, TYPO_MIN_LENGTH, similarity


class Word(NamedTuple):
    """A token with its class and weight."""

    text: str
    cls: WordClass
    weight: float
    joined: bool = False


class Pair(NamedTuple):  # NOTE: named tuples, because a batch builds millions of words and pairs
    """A list word aligned to a supplier word (or to nothing, when `supplier` is None)."""

    listed: Word
    supplier: Word | None
    similarity: float


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning a list name with a supplier name."""

    pairs: tuple[Pair, ...]
    extras: tuple[Word, ...]
    list_coverage: float
    supplier_coverage: float

    @property
    def is_exact(self) -> bool:
        """Every weighted word on both sides matched letter for letter."""
        return self.list_coverage >= 0.999 and self.supplier_coverage >= 0.999

    @property
    def contains_listed(self) -> bool:
        """Every core and generic word of the list name is present in the supplier name."""
        return all(p.supplier is not None for p in self.pairs if p.listed.cls in (CORE, GENERIC))

    @property
    def contains_core_verbatim(self) -> bool:
        """Every core word of the list name is in the supplier name, letter for letter."""
        core = [p for p in self.pairs if p.listed.cls == CORE]
        return bool(core) and all(p.similarity == 1.0 for p in core)


class CoverageBounds(NamedTuple):
    """What an alignment of two names could reach at best, known without aligning them (`coverage_bounds`)."""

    list_coverage: float  # at least `Alignment.list_coverage`
    supplier_coverage: float  # at least `Alignment.supplier_coverage`
    supplier_all_same: bool  # every supplier word but stop words has the same word in the listed name
    # Which shapes the alignment could have (each is needed by a rule that scores above the coverages):
    supplier_same_but_places: bool = True  # every supplier word but places and stop words is in the listed name
    listed_same_but_places: bool = True  # every listed word but places and stop words is in the supplier name
    core_same: bool = True  # the listed name has core words, and each is in the supplier name
    joined: bool = False  # words written split on one side were joined, as `align` joins them


def coverage_bounds(listed: tuple[Word, ...], supplier: tuple[Word, ...]) -> CoverageBounds:
    """Upper bounds of `align(listed, supplier)`'s coverages, at a fraction of its cost.

    `align` pairs a word only with the same word or a tolerated typo of it on the other
    side (after joining split words the same way), so each side's weight of words that
    have such a partner bounds its coverage. Screening skips the alignment of a listed
    name whose bounds cannot reach a score (`scorer.can_reach`).
    """
    return SupplierBounds(supplier).bounds(listed)


class SupplierBounds:
    """`coverage_bounds` of one supplier name against many listed names, memoised per listed word.

    A large list prints many variants of one name, so the same listed words come back
    name after name; which supplier words each is the same as or a typo of is worked
    out once, as a bit mask of supplier word positions, so that a listed name's bounds
    are one pass over its words.
    """

    def __init__(self, supplier: tuple[Word, ...]) -> None:
        self.supplier = supplier
        self._joined = {a.text + b.text for a, b in zip(supplier, supplier[1:])}
        self._total = sum(w.weight for w in supplier)
        self._same: dict[str, int] = {}  # each supplier text -> the positions holding it, as bits
        self._first: dict[str, int] = {}  # each first letter -> the positions of words starting with it
        self._last: dict[str, int] = {}  # ... ending with it
        self._long = 0  # positions of words of `TWO_TYPOS_MIN_LENGTH` letters or more
        for i, w in enumerate(supplier):
            bit = 1 << i
            self._same[w.text] = self._same.get(w.text, 0) | bit
            self._first[w.text[0]] = self._first.get(w.text[0], 0) | bit
            self._last[w.text[-1]] = self._last.get(w.text[-1], 0) | bit
            if len(w.text) >= TWO_TYPOS_MIN_LENGTH:
                self._long |= bit
        self._all = (1 << len(supplier)) - 1
        self._not_stop = sum(1 << i for i, w in enumerate(supplier) if w.cls != STOP)
        self._not_stop_place = sum(1 << i for i, w in enumerate(supplier) if w.cls not in (STOP, PLACE))
        self._lengths: dict[int, int] = {}  # a listed word's length -> positions of supplier words within two
        self._partners: dict[str, tuple[int, int]] = {}
        self._weights: dict[int, float] = {}

    def bounds(self, listed: tuple[Word, ...]) -> CoverageBounds:
        """`coverage_bounds(listed, supplier)`."""
        found = self._reach(listed, look_for_split=True)
        if found is None:  # split words are joined first, as `align` joins them
            joined = SupplierBounds(_join_split_words(self.supplier, listed))
            found = joined._reach(_join_split_words(listed, self.supplier), look_for_split=False)._replace(joined=True)
        return found

    def _reach(self, listed: tuple[Word, ...], look_for_split: bool) -> CoverageBounds | None:
        """The bounds, or None when `look_for_split` and one side writes as two words what the other writes
        as one."""
        listed_total = listed_reach = 0.0
        same = reached = 0
        previous = None
        has_core = False
        cores_same = listed_same = True
        for text, cls, weight, _ in listed:
            if look_for_split and (text in self._joined or previous is not None and previous + text in self._same):
                return None
            previous = text
            listed_total += weight
            partners = self._partners.get(text)
            if partners is None:
                partners = self._partners[text] = self._partners_of(text)
            same_at, reach_at = partners
            same |= same_at
            if reach_at:
                reached |= reach_at
                listed_reach += weight
            if cls == CORE:
                has_core = True
            if not same_at:
                if cls == CORE:
                    cores_same = False
                if cls != PLACE and cls != STOP:
                    listed_same = False
        if not listed_total or not self._total:
            return CoverageBounds(0.0, 0.0, False, False, False, False)
        supplier_reach = self._weights.get(reached)
        if supplier_reach is None:
            supplier_reach = self._weights[reached] = sum(w.weight for i, w in enumerate(self.supplier)
                                                          if reached >> i & 1)
        # NOTE: built by tuple.__new__, as `words` builds words: the named tuple's own constructor would be
        # a tenth of a bound's cost, and a batch bounds millions of names.
        return _new_bounds(CoverageBounds, (listed_reach / listed_total, supplier_reach / self._total,
                                            same & self._not_stop == self._not_stop,
                                            same & self._not_stop_place == self._not_stop_place, listed_same,
                                            has_core and cores_same, False))

    def _partners_of(self, text: str) -> tuple[int, int]:
        """The supplier positions holding `text`, and those holding it or a tolerated typo of it (none of
        which for short words), as bits."""
        same = self._same.get(text, 0)
        length = len(text)
        if length < TYPO_MIN_LENGTH - 1:
            return same, same
        # NOTE: a tolerated typo is at most two edits, so the lengths are within two; under
        # TWO_TYPOS_MIN_LENGTH letters it is one edit, which leaves the first or the last letter as it
        # was. As bit masks, these rule out most pairs before the similarity memo is consulted.
        near = self._lengths.get(length)
        if near is None:
            near = self._lengths[length] = sum(1 << i for i, w in enumerate(self.supplier)
                                               if abs(len(w.text) - length) <= 2)
        letters = self._first.get(text[0], 0) | self._last.get(text[-1], 0)
        maybe = near & (self._all if length >= TWO_TYPOS_MIN_LENGTH else letters | self._long) & ~same
        typos = 0
        while maybe:
            bit = maybe & -maybe
            maybe ^= bit
            if _similarity(text, self.supplier[bit.bit_length() - 1].text) > 0.0:
                typos |= bit
        return same, same | typos


# A supplier's words meet the same listed words in many names (a large list holds many variants of one
# name), so word similarities are memoised: a lookup costs a tenth of computing one.
_similarity = functools.lru_cache(maxsize=1 << 14)(similarity)


def words(tokens: tuple[str, ...], classes: tuple[WordClass, ...], idf) -> tuple[Word, ...]:
    """Weighted words of a name; `idf` maps a token to its rarity weight."""
    # NOTE: built by tuple.__new__, as Word(...) builds it without the named tuple's Python-level
    # __new__: half the cost, for every listed spelling a batch meets.
    return tuple([_new_word(Word, (t, c, CLASS_WEIGHT[c] * idf(t), False))
                  for t, c in zip(tokens, classes) if c != LEGAL])


def weighed_words(tokens: tuple[str, ...], classes: tuple[WordClass, ...], weights) -> tuple[Word, ...]:
    """Words whose weights are known already (a listed name's, `IndexRows.compared_words`)."""
    return tuple([_new_word(Word, (t, c, w, False)) for t, c, w in zip(tokens, classes, weights)])


_new_word = _new_bounds = _new_pair = tuple.__new__


def align(listed: tuple[Word, ...], supplier: tuple[Word, ...]) -> Alignment:
    """Greedily pair each list word, heaviest first, with its most similar unused supplier word."""
    return align_as_written(_join_split_words(listed, supplier), _join_split_words(supplier, listed))


def align_as_written(listed: tuple[Word, ...], supplier: tuple[Word, ...]) -> Alignment:
    """`align` of names neither of which writes split what the other writes as one word (their bounds
    say so: `CoverageBounds.joined` is False), so that there is nothing to join."""
    used: set[int] = set()
    pairs = []
    position: dict[str, list[int]] = {}
    for i, candidate in enumerate(supplier):
        position.setdefault(candidate.text, []).append(i)
    for word in heaviest_first(listed):
        best, best_sim = None, 0.0
        for i in position.get(word.text, ()):
            if i not in used:
                best, best_sim = i, 1.0
                break
        else:
            for i, candidate in enumerate(supplier):
                if i not in used and len(word.text) >= TYPO_MIN_LENGTH - 1:
                    sim = _similarity(word.text, candidate.text)
                    if sim > best_sim:
                        best, best_sim = i, sim
        if best is not None:
            used.add(best)
        pairs.append(_new_pair(Pair, (word, supplier[best] if best is not None else None, best_sim)))
    extras = tuple(w for i, w in enumerate(supplier) if i not in used)
    return Alignment(tuple(pairs), extras, _coverage(pairs, listed), _supplier_coverage(pairs, supplier))


def heaviest_first(listed: tuple[Word, ...]) -> list[Word]:
    """The listed words in the order `align` pairs them (and `Alignment.pairs` keeps): heaviest first."""
    return sorted(listed, key=lambda w: -w.weight)


def _coverage(pairs: list[Pair], listed: tuple[Word, ...]) -> float:
    total = sum(w.weight for w in listed)
    return sum(p.listed.weight * p.similarity for p in pairs) / total if total else 0.0


def _supplier_coverage(pairs: list[Pair], supplier: tuple[Word, ...]) -> float:
    total = sum(w.weight for w in supplier)
    matched = sum(p.supplier.weight * p.similarity for p in pairs if p.supplier is not None)
    return matched / total if total else 0.0


def _join_split_words(side: tuple[Word, ...], other: tuple[Word, ...]) -> tuple[Word, ...]:
    """Join adjacent words of `side` that the other side writes as one ("hik vision")."""
    wanted = {w.text: w for w in other}
    out: list[Word] = []
    i = 0
    while i < len(side):
        if i + 1 < len(side) and side[i].text + side[i + 1].text in wanted:
            joined = wanted[side[i].text + side[i + 1].text]
            out.append(Word(joined.text, joined.cls, side[i].weight + side[i + 1].weight, joined=True))
            i += 2
        else:
            out.append(side[i])
            i += 1
    return tuple(out)
