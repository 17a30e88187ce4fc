"""Read the FCDO "UK Sanctions List" XML (``UK-Sanctions-List.xml``).

The root ``<Designations>`` holds an optional ``<DateGenerated>`` and one
``<Designation>`` per target: ``UniqueID`` (e.g. ``RUS0123``, the entry id),
``IndividualEntityShip``, ``RegimeName``, ``DateDesignated`` (dd/mm/yyyy),
``Names/Name`` (Name1-Name6 with ``NameType`` "Primary Name", "Primary name
variation" or "Alias"), ``NonLatinNames``, ``Addresses/Address`` and
``OtherInformation``; an ``Alias`` name with ``AliasStrength`` "Low quality
a.k.a" is also a weak alias, and ``UNReferenceNumber`` is kept as the UN
reference. No official sample was available to this project; the element names
follow published descriptions of the format and OpenSanctions' crawler
(``gb/fcdo_sanctions``, which reads ``UNReferenceNumber``; ``AliasStrength`` is
inferred from the CSV's column), so a file that lacks them is refused rather
than half-read.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree.ElementTree import Element

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.common import dmy_date, iso_date, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.xmlsafe import child_text, children, descendants, parse_xml
from vendorrisk.model import Citation, ListEntry

FCDO_URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
FCDO_CSV_URL = "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"
FCDO_PAGE = "https://www.gov.uk/government/publications/the-uk-sanctions-list"
_TYPES = {"individual": "individual", "entity": "entity", "ship": "vessel"}
_ADDRESS_FIELDS = tuple(f"AddressLine{i}" for i in range(1, 7)) + ("AddressPostalCode", "AddressCountry")


def parse_fcdo_xml(path: Path, source: str) -> tuple[list[ListEntry], dt.date | None]:
    """Entries of a UK Sanctions List XML file and its generation date.

    Raises:
        SourceError: unsafe, malformed or truncated XML, or a designation without id or name.
    """
    root = parse_xml(path, "Designations")
    generated = _date(child_text(root, "DateGenerated"))
    entries = [_entry(node, source, path) for node in children(root, "Designation")]
    if not entries:
        raise SourceError(f"{path}: holds no Designation records")
    return entries, generated


def is_weak_alias(strength: str | None) -> bool:
    """Whether an ``Alias strength`` marks a weak alias ("Low quality a.k.a"; "Good quality a.k.a" is strong)."""
    return (strength or "").strip().lower().startswith("low")


def _date(text: str) -> dt.date | None:
    return dmy_date(text) or iso_date(text)


def name_text(node: Element) -> str:
    """Given names (Name1-Name5) then Name6 (surname or entity name), space-separated."""
    return " ".join(p for p in (child_text(node, f"Name{i}") for i in range(1, 7)) if p)


def _entry(node: Element, source: str, path: Path) -> ListEntry:
    unique_id = child_text(node, "UniqueID")
    names = [(child_text(n, "NameType").lower(), name_text(n)) for n in descendants(node, "Name")]
    names = [(kind, text) for kind, text in names if text]
    weak = [name_text(n) for n in descendants(node, "Name") if is_weak_alias(child_text(n, "AliasStrength"))]
    if not unique_id or not names:
        raise SourceError(f"{path}: a Designation lacks its UniqueID or names (UniqueID {unique_id or '?'})")
    primary = next((text for kind, text in names if kind == "primary name"), names[0][1])
    non_latin = [n.text for n in descendants(node, "NameNonLatinScript")]
    addresses = descendants(node, "Address")
    designated = _date(child_text(node, "DateDesignated"))
    return ListEntry(
        id=f"{source}:{unique_id}", source=source, name=primary,
        aliases=unique([text for _, text in names] + non_latin, exclude=[primary]), weak_aliases=unique(weak),
        un_reference=child_text(node, "UNReferenceNumber") or None,
        type=_TYPES.get(child_text(node, "IndividualEntityShip").lower(), "entity"),
        countries=unique(country_code(child_text(a, "AddressCountry")) for a in addresses),
        addresses=unique(", ".join(p for p in (child_text(a, f) for f in _ADDRESS_FIELDS) if p) for a in addresses),
        programs=unique(r.text for r in descendants(node, "RegimeName")), list_name="UK Sanctions List",
        listed_on=designated,
        citation=Citation(document="UK Sanctions List", reference=unique_id, date=designated, url=FCDO_PAGE,
                          publisher="Foreign, Commonwealth & Development Office (FCDO)"),
        remarks=child_text(node, "OtherInformation") or None,
    )
