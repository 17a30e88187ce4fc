"""How many edits apart two words are: the optimal string alignment (OSA) distance.

OSA counts insertions, deletions, substitutions and swaps of neighbouring letters,
editing no part of a word twice. rapidfuzz computes it in C, but importing rapidfuzz
loads ~8 MB of extension modules, which took longer than everything else a one-name
`vendorrisk search` spends on word distances. So each process starts with the small
pure-Python version below and hands over to rapidfuzz once it has compared enough
words to be screening in bulk. Both give exactly what
``rapidfuzz.distance.OSA.distance(a, b, score_cutoff=cutoff)`` gives.
"""
from __future__ import annotations

from collections.abc import Callable

# A search compares a few dozen words at most; a batch passes this within its first rows.
RAPIDFUZZ_AFTER = 500

_compared = 0
_rapidfuzz: Callable[..., int] | None = None


def osa_distance(a: str, b: str, cutoff: int) -> int:
    """The OSA distance between `a` and `b`, or `cutoff + 1` when it is greater than `cutoff`."""
    if _rapidfuzz is not None:
        return _rapidfuzz(a, b, score_cutoff=cutoff)
    return _counted(a, b, cutoff)


def _counted(a: str, b: str, cutoff: int) -> int:
    global _compared, _rapidfuzz  # noqa: PLW0603 - one switch per process
    _compared += 1
    if _compared > RAPIDFUZZ_AFTER:
        from rapidfuzz.distance import OSA

        _rapidfuzz = OSA.distance
    return python_osa_distance(a, b, cutoff)


def python_osa_distance(a: str, b: str, cutoff: int) -> int:
    """`osa_distance` in pure Python: the textbook dynamic programme, fine for words."""
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
