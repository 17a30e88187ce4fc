"""Which of an entry's names the list prints, and how the others were derived from printed ones.

Parsers split and rewrite names so that matching finds them (an alias list cut at
"a.k.a.", a parenthetical dropped, OFAC's ``LAST, First`` turned round). A finding
must still quote the list, so each name that is not part of a printed text is
recorded with the printed name it comes from (`DerivedName`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from vendorrisk.lists.sources.common import natural_order
from vendorrisk.model import DerivedName

_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*")
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\?(?=[A-Za-z])")
_WORD = re.compile(r"\w+")
# (how, rewrite of a printed text): the first whose result contains the derived name says how.
_REWRITES = (
    ("spacing normalised", lambda text: " ".join(text.split())),
    ("parenthetical removed", lambda text: " ".join(_PARENTHETICAL.sub(" ", text).split())),
    ("'?' read as an apostrophe", lambda text: _LOST_APOSTROPHE.sub("'", " ".join(text.split()))),
    ("written given name first", lambda text: natural_order(" ".join(text.split()))),
)


def derivations(names: Iterable[str], printed: Iterable[str]) -> tuple[DerivedName, ...]:
    """The names that occur in none of the `printed` texts, each with its printed source.

    Args:
        names: an entry's primary name and aliases.
        printed: the texts the list prints for the entry (raw name and alias fields).
    """
    texts = [t for t in dict.fromkeys(t.strip() for t in printed) if t]
    out = []
    for name in dict.fromkeys(names):
        if not texts or any(name in text for text in texts):
            continue
        out.append(_derived(name, texts))
    return tuple(out)


def _derived(name: str, texts: list[str]) -> DerivedName:
    for how, rewrite in _REWRITES:
        source = next((text for text in texts if name in rewrite(text)), None)
        if source is not None:
            return DerivedName(name=name, printed=source, how=how)
    words = set(_WORD.findall(name.lower()))
    source = max(texts, key=lambda text: (len(words & set(_WORD.findall(text.lower()))), -len(text)))
    return DerivedName(name=name, printed=source, how="rewritten from the printed name")
