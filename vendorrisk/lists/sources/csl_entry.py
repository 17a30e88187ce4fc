"""Turn one Consolidated Screening List record (CSV row or JSON result) into a `ListEntry`.

The CSV joins multi-valued fields with ``"; "``; the JSON gives lists (addresses as
objects). `row_to_entry` accepts either. Names from BIS and State sub-lists are
split by `csl_names.split_name`; Treasury names are kept as OFAC prints them.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from vendorrisk.lists.sources.common import iso_date, natural_order, split_multi, unique
from vendorrisk.identifiers import list_identifier
from vendorrisk.lists.sources.countries import country_code, is_country
from vendorrisk.lists.sources.csl_names import clean_alias, split_name
from vendorrisk.lists.sources.printed import derivations
from vendorrisk.model import Citation, Identifier, ListEntry, RelatedName

SOURCE_ID = "us-csl"

_PUBLISHERS = {
    "bureau of industry and security": "US Department of Commerce, Bureau of Industry and Security (BIS)",
    "treasury department": "US Department of the Treasury, Office of Foreign Assets Control (OFAC)",
    "state department": "US Department of State",
}
# NOTE: the CSL `source` names a sub-list only by title; the EAR supplement that
# carries it is what a compliance officer quotes.
_EAR_SUPPLEMENTS = {
    "EL": "Supplement No. 4 to Part 744 of the EAR",
    "UVL": "Supplement No. 6 to Part 744 of the EAR",
    "MEU": "Supplement No. 7 to Part 744 of the EAR",
}
_ENTITY_TYPES = {"individual", "entity", "vessel", "aircraft"}
_EAR_SECTION = re.compile(r"\b(7\d\d\.\d+)")
_ABBREVIATION = re.compile(r"\(([^()]+)\)")
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
# NOTE: the 2022 CSL lost apostrophes to "?" ("Xi?an", "Academy?s 159 Factory").
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\?(?=[A-Za-z])")


def sublist_abbreviation(source: str) -> str:
    """``EL`` from ``Entity List (EL) - Bureau of Industry and Security``; the title if none."""
    title = source.split(" - ")[0]
    found = _ABBREVIATION.search(title)
    return (found[1] if found else title).strip()


@functools.lru_cache(maxsize=64)
def sublist_citation(source: str) -> tuple[str, str | None]:
    """(readable document name, publisher) for a CSL `source` value."""
    title, _, agency = source.partition(" - ")
    supplement = _EAR_SUPPLEMENTS.get(sublist_abbreviation(source))
    document = f"{title.strip()}, {supplement}" if supplement else title.strip()
    return document, _PUBLISHERS.get(agency.strip().lower(), agency.strip() or None)


def is_treasury(source: str) -> bool:
    """Whether a CSL sub-list comes from OFAC, whose names need no splitting."""
    return source.lower().endswith("treasury department")


def row_to_entry(row: Mapping[str, Any], entry_id: str) -> ListEntry:
    """The `ListEntry` for one CSL record; `entry_id` is decided by the caller."""
    source = _text(row.get("source"))
    name = _text(row.get("name"))
    if is_treasury(source):
        primary, aliases, parent = name, [], None
        if _entity_type(row.get("type")) == "individual":
            aliases = [natural_order(n) for n in [name, *_multi(row.get("alt_names"))]]
    else:
        split = split_name(name)
        primary, aliases, parent = split.primary, [name, *split.aliases], split.parent
    aliases += _alt_names(row.get("alt_names"), split_others=not is_treasury(source))
    aliases += [_LOST_APOSTROPHE.sub("'", n) for n in [primary, *aliases] if "?" in n]
    addresses, countries = _addresses(row.get("addresses"))
    document, publisher = sublist_citation(source)
    programs = _multi(row.get("programs")) or _ear_sections(_text(row.get("license_requirement")))
    aliases = list(unique(aliases, exclude=[primary]))
    return ListEntry(
        id=entry_id, source=SOURCE_ID, name=primary, aliases=tuple(aliases),
        derived=derivations([primary, *aliases], [name, *_multi(row.get("alt_names"))]),
        related=(RelatedName(name=parent, relation="parent"),) if parent else (),
        type=_entity_type(row.get("type")), countries=countries, addresses=addresses,
        programs=tuple(programs), list_name=source or None, listed_on=iso_date(_text(row.get("start_date"))),
        citation=Citation(document=document, publisher=publisher,
                          reference=_text(row.get("federal_register_notice")) or None,
                          date=iso_date(_text(row.get("start_date"))),
                          url=_text(row.get("source_list_url")) or _text(row.get("source_information_url")) or None),
        remarks=_text(row.get("remarks")) or None, identifiers=_identifiers(row.get("ids")),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def _multi(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    return split_multi(_text(value))


def _alt_names(value: Any, *, split_others: bool) -> list[str]:
    names = [clean_alias(a) for a in _multi(value)]
    if not split_others:
        return names
    out: list[str] = []
    for alt in names:
        split = split_name(alt)
        out += [alt, split.primary, *split.aliases]
    return out


def _addresses(value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    addresses: list[str] = []
    countries: list[str | None] = []
    items = value if isinstance(value, list) else split_multi(_text(value))
    for item in items:
        if isinstance(item, Mapping):
            parts = [_text(item.get(k)) for k in ("address", "city", "state", "postal_code", "country")]
            addresses.append(", ".join(p for p in parts if p))
            countries.append(country_code(_text(item.get("country"))))
        else:
            text = _LEADING_AND.sub("", _text(item))
            addresses.append(text)
            countries.append(country_code(text.rsplit(",", 1)[-1]) if "," in text or len(text) == 2 else None)
    return unique(addresses), unique(countries)


def _identifiers(value: Any) -> tuple[Identifier, ...]:
    """The compared identifiers among a record's ids: JSON objects (type, number, country) or the
    CSV's "Country, [dates,] Number, Type" items, e.g. "NL, 852496527, Legal Entity Number"."""
    found: dict[tuple[str, str], Identifier] = {}
    items = value if isinstance(value, list) else _text(value).split(";")
    for item in items:
        if isinstance(item, Mapping):
            label, number, country = _text(item.get("type")), _text(item.get("number")), _text(item.get("country"))
        else:
            parts = [p.strip() for p in _text(item).split(",")]
            if len(parts) < 2:
                continue
            label, number = parts[-1], parts[-2]
            country = parts[0] if len(parts) > 2 and is_country(parts[0]) else ""
        identifier = list_identifier(label, number, country_code(country))
        if identifier is not None:
            found.setdefault((identifier.kind, identifier.value), identifier)
    return tuple(found.values())


def _entity_type(value: Any) -> str:
    kind = _text(value).lower()
    return kind if kind in _ENTITY_TYPES else "entity"


def _ear_sections(requirement: str) -> list[str]:
    cited = requirement.partition("§")[2]
    return list(unique(f"EAR {section}" for section in _EAR_SECTION.findall(cited)))
