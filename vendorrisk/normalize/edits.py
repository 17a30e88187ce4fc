"""How alike two words are: the optimal string alignment (OSA) distance and the typo rule.

OSA counts insertions, deletions, substitutions and swaps of neighbouring letters,
editing no part of a word twice. `similarity` turns it into the typo tolerance that
both candidate retrieval and scoring use: one edit from six letters, two from ten.

Which implementation computes the distance is a start-up choice (see
`vendorrisk.lazy`), made by `EditDistance` below.
"""
from __future__ import annotations

from collections.abc import Callable

# A search compares a few dozen words at most; a batch passes this within its first rows.
RAPIDFUZZ_AFTER = 500
TYPO_MIN_LENGTH = 6
TWO_TYPOS_MIN_LENGTH = 10


class EditDistance:
    """The OSA distance, computed in pure Python at first and by rapidfuzz once a process compares in bulk.

    rapidfuzz computes it in C, but importing it loads ~8 MB of extension modules,
    which takes longer than everything else a one-name `vendorrisk search` spends on
    word distances. So a process starts with `python_osa_distance` and, after
    `python_calls` comparisons (a batch, not a search), imports rapidfuzz and uses it
    from then on. Both give exactly what ``rapidfuzz.distance.OSA.distance(a, b,
    score_cutoff=cutoff)`` gives, so the choice changes speed only, never a result.
    """

    __slots__ = ("python_calls", "compared", "compiled")

    def __init__(self, python_calls: int) -> None:
        self.python_calls = python_calls
        self.compared = 0
        self.compiled: Callable[..., int] | None = None

    def distance(self, a: str, b: str, cutoff: int) -> int:
        """The OSA distance between `a` and `b`, or `cutoff + 1` when it is greater than `cutoff`."""
        if self.compiled is not None:
            return self.compiled(a, b, score_cutoff=cutoff)
        self.compared += 1
        if self.compared > self.python_calls:
            from rapidfuzz.distance import OSA  # noqa: PLC0415 - costly import, for bulk comparisons only

            self.compiled = OSA.distance
        return python_osa_distance(a, b, cutoff)


osa_distance = EditDistance(RAPIDFUZZ_AFTER).distance  # one choice per process


def similarity(a: str, b: str) -> float:
    """1.0 for equal words; 1 - edits/length for a tolerated typo; else 0.

    Typos are tolerated in longer words only: one from six letters (five in the
    shorter spelling), two from ten. Shorter words must be equal, because one edit in
    "Agora" already makes another company's name.
    """
    if a == b:
        return 1.0
    if max(len(a), len(b)) < TYPO_MIN_LENGTH or min(len(a), len(b)) < TYPO_MIN_LENGTH - 1:
        return 0.0
    if not (a.isalpha() and b.isalpha()):
        return 0.0
    allowed = 1 if max(len(a), len(b)) < TWO_TYPOS_MIN_LENGTH else 2
    edits = osa_distance(a, b, allowed)
    return 1.0 - edits / max(len(a), len(b)) if edits <= allowed else 0.0


def python_osa_distance(a: str, b: str, cutoff: int) -> int:
    """The OSA distance in pure Python, the textbook dynamic programme (fine for words)."""
    if abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous = previous, current
    return previous[-1] if previous[-1] <= cutoff else cutoff + 1
