"""The index's rules about words, each stated once for building and for querying.

Which words are worth looking up (and so worth indexing), how rare a word is
(inverse document frequency over every list name), and how word classes are
stored on disk (one letter each).
"""
from __future__ import annotations

import functools
import math
import operator
from collections.abc import Iterable

from vendorrisk.normalize.classes import CLASS_WEIGHT, LEGAL, WordClass

LOOKUP_MIN_WEIGHT = 0.3  # core, generic and place words; stop words and legal forms are never looked up
_CODE_OF = {cls: cls.value[0] for cls in WordClass}
_CLASS_OF_CODE = {code: cls for cls, code in _CODE_OF.items()}
_LOOKED_UP = frozenset(cls for cls in WordClass if CLASS_WEIGHT[cls] >= LOOKUP_MIN_WEIGHT)


def is_looked_up(cls: WordClass) -> bool:
    """Whether words of class `cls` are indexed, looked up and counted in a name's weight."""
    return CLASS_WEIGHT[cls] >= LOOKUP_MIN_WEIGHT


def lookup_words(tokens: tuple[str, ...], classes: tuple[WordClass, ...]) -> list[tuple[str, float]]:
    """Words worth looking up, with their class weight, sorted; adjacent ones also joined ("hik vision").

    A joined pair weighs as its lighter word. Building the index posts every one of
    these words, so a supplier's lookups find exactly what was posted.
    """
    useful = [(t, CLASS_WEIGHT[c]) for t, c in zip(tokens, classes) if is_looked_up(c)]
    joined = [(a + b, min(wa, wb)) for (a, wa), (b, wb) in zip(useful, useful[1:])]
    return sorted(set(useful) | set(joined))


def posted_words(tokens: tuple[str, ...], classes: tuple[WordClass, ...]) -> set[str]:
    """The words of `lookup_words`, without weights or order: what building posts for a name (cheaply)."""
    useful = [t for t, c in zip(tokens, classes) if c in _LOOKED_UP]
    return {*useful, *map(operator.add, useful, useful[1:])}


def compared_spelling(tokens: tuple[str, ...], classes: tuple[WordClass, ...]
                      ) -> tuple[tuple[str, ...], tuple[WordClass, ...]]:
    """The words of a name that scoring compares, with their classes: all but legal forms.

    Legal forms are never evidence, so names differing only in them ("Technopole Ltd",
    "Technopole LLC") score alike: they are aligned once and count as one spelling.
    """
    if LEGAL not in classes:
        return tokens, classes
    kept = [(t, c) for t, c in zip(tokens, classes) if c != LEGAL]
    return tuple(t for t, _ in kept), tuple(c for _, c in kept)


def idf(df: int, names: int) -> float:
    """Rarity weight of a word in `df` of `names` list names; an unknown word (df 0) weighs as the rarest."""
    return math.log(1 + names / df) if df else math.log(1 + names)


def word_weight(cls: WordClass, df: int, names: int) -> float:
    """What a listed word weighs in scoring: its class's weight times its rarity (`idf`)."""
    return CLASS_WEIGHT[cls] * idf(df, names)


def encode_classes(classes: Iterable[WordClass]) -> str:
    """Word classes as stored in the index: one letter each ("cgp")."""
    return "".join(_CODE_OF[c] for c in classes)


@functools.lru_cache(maxsize=4096)
def decode_classes(codes: str) -> tuple[WordClass, ...]:
    """The word classes stored as `codes` by `encode_classes` (a few hundred patterns: remembered)."""
    return tuple(_CLASS_OF_CODE[c] for c in codes)
