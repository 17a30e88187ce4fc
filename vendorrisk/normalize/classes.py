"""Word classes: what kind of word each normalised token is, and what it weighs in a match.

`normalize_name` gives every token one class from the curated tables beside this
module; the index looks words up by class and the scorer weighs them by it, so that
"hikvision" carries a match while "technology" or "Hangzhou" only support one.
"""
from __future__ import annotations

from enum import StrEnum


class WordClass(StrEnum):
    """The kind of a normalised word; its value is the word evidence shows users.

    Attributes:
        CORE: a distinctive word ("hikvision"), the one that carries a match.
        GENERIC: a word many companies use ("technology", "trading").
        PLACE: a place or a unit of one ("hangzhou", "uk", "branch").
        STOP: a function word ("of", "the").
        LEGAL: a legal form, canonicalised ("ltd"); never evidence of a match.
    """

    CORE = "core"
    GENERIC = "generic"
    PLACE = "place"
    STOP = "stop"
    LEGAL = "legal"


# NOTE: the members under plain names, for loops that test classes: in Python 3.11 reading
# `WordClass.CORE` goes through the enum's metaclass and costs ~200 ns, a plain name ~10 ns.
CORE, GENERIC, PLACE, STOP, LEGAL = (WordClass.CORE, WordClass.GENERIC, WordClass.PLACE, WordClass.STOP,
                                     WordClass.LEGAL)

CLASS_WEIGHT: dict[WordClass, float] = {CORE: 1.0, GENERIC: 0.35, PLACE: 0.3, STOP: 0.05, LEGAL: 0.0}

# The groups of weak_words.yaml, by the class their words get.
TABLE_GROUP_CLASS: dict[str, WordClass] = {"stopwords": STOP, "generic": GENERIC, "places": PLACE, "units": PLACE}
