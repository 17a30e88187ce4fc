"""Country names as official lists print them, mapped to ISO 3166-1 alpha-2 codes.

The table is the commented `countries.yaml` beside this module. Unknown names are
returned unchanged, because `ListEntry.countries` accepts a name when no code is known.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

_TABLE = Path(__file__).with_name("countries.yaml")
# NOTE: OFSI writes "Pakistan (location as at May 2008)"; the qualifier is not the country.
_QUALIFIER = re.compile(r"\s*\((?:location|as at|since|previous|formerly)[^()]*\)\s*$", re.IGNORECASE)


@functools.cache
def _names() -> dict[str, str]:
    data = yaml.safe_load(_TABLE.read_text(encoding="utf-8"))
    table = {code.casefold(): code for code in data}
    for code, names in data.items():
        table.update({str(name).casefold(): code for name in names})
    return table


def country_code(name: str | None) -> str | None:
    """The ISO alpha-2 code for `name` (a name or already a code), else `name` stripped.

    Returns None for a blank name.
    """
    name = _QUALIFIER.sub("", (name or "").strip()).strip(" .")
    if not name:
        return None
    return _names().get(name.casefold(), name)


def is_country(name: str) -> bool:
    """Whether `name` is a country name or code known to the table."""
    return name.strip().casefold() in _names()
