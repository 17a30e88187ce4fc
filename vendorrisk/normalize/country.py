"""Countries as supplier masters write them -> ISO 3166-1 alpha-2 codes.

Supplier files write a country as a code ("CN", "CHN"), an English name ("China",
"People's Republic of China"), a short form ("USA", "UK") or a name in their own
language or script ("Deutschland", "中国"). `country_code` reads all of them with the
table ``countries.json`` beside this module (its sources: `vendorrisk.normalize.country_build`).
A value the table does not know gives None: it is screened as no country, and the
report warns about it once (`unknown_country_warning`).
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

TABLE = Path(__file__).with_name("countries.json")
_DROPPED = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[^\w]+")
# "CN - China", "China (CN)", "Shenzhen / China": parts tried one by one when the whole is unknown.
_PARTS = re.compile(r"\s*(?:[()/|;,]|\s-\s)\s*")


def country_key(text: str) -> str:
    """`text` folded for lookup: case, accents, dots, apostrophes and other punctuation ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = unicodedata.normalize("NFC", "".join(ch for ch in folded if not unicodedata.combining(ch)))
    folded = _SEPARATORS.sub(" ", _DROPPED.sub("", folded)).replace("_", " ").strip()
    return folded.removeprefix("the ")


@functools.cache
def _names() -> dict[str, str]:
    return json.loads(TABLE.read_text(encoding="utf-8"))["names"]


@functools.lru_cache(maxsize=4096)
def country_code(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of `value`, or None when it is blank or not a known country.

    Example:
        >>> country_code("People's Republic of China"), country_code("chn"), country_code("Atlantis")
        ('CN', 'CN', None)
    """
    if not value or not value.strip():
        return None
    names = _names()
    code = names.get(country_key(value))
    if code is not None:
        return code
    found = {names.get(country_key(part)) for part in _PARTS.split(value) if part.strip()} - {None}
    return found.pop() if len(found) == 1 else None


def is_unknown_country(value: str | None) -> bool:
    """Whether `value` is given (not blank) but names no country the table knows."""
    return bool(value and value.strip()) and country_code(value) is None


def unknown_country_warning(value: str, rows: int) -> str:
    """The report's one warning about an unknown country value found in `rows` rows."""
    where = "1 row" if rows == 1 else f"{rows} rows"
    return (f"country {value!r} ({where}) is not a country name or ISO code vendorrisk knows; "
            "those rows were screened as if no country was given")
