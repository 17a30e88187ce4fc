"""Comparing the output a doc shows with the output a command printed.

The shown lines must match the printed lines one for one, except that ``…``
stands for whatever was left out: a line that is only ``…`` (indentation
allowed) stands for any number of lines, and ``…`` inside a line for any text
(so a line ending in ``…`` shows only the start of the printed line). Trailing
spaces are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tests.doc_blocks import ELLIPSIS


@dataclass(frozen=True)
class Mismatch:
    """Where shown and printed output part ways.

    Attributes:
        index: the shown line that matches nothing (0-based), or ``len(shown)``
            when the printed output goes on after the last shown line.
        reason: one line saying what differs.
    """

    index: int
    reason: str


def is_gap(line: str) -> bool:
    """Whether a shown line stands for any number of printed lines."""
    return line.strip() == ELLIPSIS


@lru_cache(maxsize=4096)
def _pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in line.rstrip().split(ELLIPSIS)), re.DOTALL)


def line_matches(shown: str, printed: str) -> bool:
    """Whether one printed line is what the shown line says, ``…`` standing for any text."""
    return _pattern(shown).fullmatch(printed.rstrip()) is not None


def mismatch(shown: list[str] | tuple[str, ...], printed: list[str]) -> Mismatch | None:
    """None when `printed` is what `shown` shows, else the first shown line that cannot match.

    Explores every way of filling the gaps, so the reported line is the furthest
    one any reading of the gaps could reach.
    """
    shown = [line.rstrip() for line in shown]
    printed = [line.rstrip() for line in printed]
    frontier, seen, furthest = [(0, 0)], {(0, 0)}, (0, 0)
    while frontier:
        i, j = frontier.pop()
        furthest = max(furthest, (i, j))
        if i == len(shown) and j == len(printed):
            return None
        steps = []
        if i < len(shown) and is_gap(shown[i]):
            steps += [(i + 1, j)] + ([(i, j + 1)] if j < len(printed) else [])
        elif i < len(shown) and j < len(printed) and line_matches(shown[i], printed[j]):
            steps.append((i + 1, j + 1))
        for step in steps:
            if step not in seen:
                seen.add(step)
                frontier.append(step)
    i, j = furthest
    if i == len(shown):
        return Mismatch(i, f"the output goes on after the last shown line: {printed[j]!r}")
    got = repr(printed[j]) if j < len(printed) else "the end of the output"
    return Mismatch(i, f"shown {shown[i]!r}, printed {got}")


def excerpt_mismatch(shown: list[str] | tuple[str, ...], printed: list[str]) -> Mismatch | None:
    """Like `mismatch`, but the shown lines need only appear in order, anything between them."""
    spaced = [ELLIPSIS]
    for line in shown:
        spaced += [line, ELLIPSIS]
    found = mismatch(spaced, printed)
    return None if found is None else Mismatch(max(0, (found.index - 1) // 2), found.reason)
