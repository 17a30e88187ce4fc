"""Group short names: a listed group's acronym written for its long name inside other names.

Lists name a state group with its acronym, at the end or inside a longer name
("China Aerospace Science and Technology Corporation (CASC) 8th Academy"), and name
its institutes and subsidiaries by the long name ("... Corporation 1st Academy 702
Research Institute"); buyers write them by the short one ("CASC 1st Academy 702
Research Institute"). `GroupAcronyms` learns, from the names the lists print with a
bracketed acronym, which acronym stands for which group name (compared as normalised
words, so "Corp." and "Corporation" agree), and gives each listed name that begins
with such a group name its short form too. Nothing is guessed: each pair is printed
in a list.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from vendorrisk.normalize import normalize_name
from vendorrisk.normalize.acronyms import acronym_forms

MIN_GROUP_WORDS = 3  # a shorter name is too common to stand for a group inside others
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")
_MID_ACRONYM = re.compile(r"^(?P<head>.*\S)\s*\((?P<acronym>[A-Z]{3,9})\)\s+(?P<rest>\S.*)$")


class GroupAcronyms:
    """The group names the lists print with an acronym, and the short forms of names beginning with one."""

    def __init__(self, names: Iterable[str]) -> None:
        self._groups: dict[tuple[str, ...], str] = {}
        for name in names:
            head_acronym = _printed_pair(name)
            if head_acronym is not None:
                head, acronym = head_acronym
                key = normalize_name(head).tokens
                if len(head.split()) >= MIN_GROUP_WORDS and len(key) >= MIN_GROUP_WORDS:
                    self._groups.setdefault(key, acronym)
        self._starts = {key[:2] for key in self._groups}

    def short_forms(self, name: str) -> tuple[str, ...]:
        """`name` with a listed group name it begins with written as that group's acronym.

        Example: "China Aerospace Science and Technology Corporation 1st Academy" gives
        "CASC 1st Academy" when a list prints "... Corporation (CASC) ...".
        """
        mid = _MID_ACRONYM.match(name)
        if mid is not None and len(mid["head"].split()) >= MIN_GROUP_WORDS:
            return _short(mid["acronym"], mid["rest"])
        words = name.split()
        if len(words) <= MIN_GROUP_WORDS or normalize_name(" ".join(words[:2])).tokens[:2] not in self._starts:
            return ()
        for size in range(len(words) - 1, MIN_GROUP_WORDS - 1, -1):  # the longest group name first
            acronym = self._groups.get(normalize_name(" ".join(words[:size])).tokens)
            if acronym is not None:
                return _short(acronym, " ".join(words[size:]))
        return ()


def _short(acronym: str, rest: str) -> tuple[str, ...]:
    """The short form, without a bracket at its end ("... Institute (CETC 14)")."""
    rest = _TRAILING_BRACKET.sub("", rest)
    return (f"{acronym} {rest}",) if rest else ()


def _printed_pair(name: str) -> tuple[str, str] | None:
    """(group name, acronym) when `name` prints one in brackets, at its end or inside it."""
    mid = _MID_ACRONYM.match(name)
    if mid is not None:
        return mid["head"], mid["acronym"]
    forms = acronym_forms(name)
    return forms if forms is not None and forms[1].isalpha() and len(forms[1]) >= 3 else None
