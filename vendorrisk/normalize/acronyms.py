"""Names written with their acronym in brackets: "RECONNAISSANCE GENERAL BUREAU (RGB)".

Governments write the same body with and without its acronym, so such a name is
compared in both forms, on both sides: the name without the bracket ("X"), and, on
the list side, the acronym alone ("XYZ", a short alias, weak by rule: see
`vendorrisk.scoring.weak`). Only a trailing bracket of one upper-case word counts,
so "Hikvision (UK) Ltd" or "X (Group) Co." are left alone.
"""
from __future__ import annotations

import re

from vendorrisk.normalize.country import country_code

_TRAILING_ACRONYM = re.compile(r"^(?P<head>.*\S)\s*\((?P<acronym>[A-Z][A-Z0-9&.\-]{1,9})\)\s*$")
MIN_HEAD_WORDS = 2


def acronym_forms(name: str) -> tuple[str, str] | None:
    """(name without its trailing acronym, the acronym), or None when it ends in no acronym.

    The name without the acronym must have two words or more, so that "ZTE (USA)" is
    not taken for a name and its acronym.
    """
    if not name.endswith(")"):
        return None
    found = _TRAILING_ACRONYM.match(name)
    if found is None or len(found["head"].split()) < MIN_HEAD_WORDS:
        return None
    acronym = found["acronym"].strip(".-")
    if country_code(acronym) is not None:
        return None  # "Acme Ltd (UK)" names a place, not an acronym
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", found["head"]) if w[0].isupper())
    if len(acronym.replace(".", "")) > len(initials) + 1:
        return None  # more letters than the name has words: not its acronym ("X (HOLDINGS)")
    return found["head"], acronym
