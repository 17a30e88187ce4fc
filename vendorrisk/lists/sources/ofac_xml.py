"""Read OFAC's legacy ``sdnList`` XML (namespace http://tempuri.org/sdnList.xsd).

Each ``sdnEntry`` carries its uid (the ent_num of the CSV files), first and last
name, type, programmes, aliases and addresses. ``publshInformation/Publish_Date``
(sic, OFAC's spelling) is ``MM/DD/YYYY`` and becomes the snapshot date; its
``Record_Count`` is the number of entries the file declares, which the store
checks (a hand-trimmed excerpt keeps the full list's count and is refused there,
not here). An ``aka`` with ``category`` ``weak`` is also a weak alias. Each ``idList/id``
whose ``idType`` is a compared kind (`vendorrisk.identifiers.label_kind`: "SWIFT/BIC",
"Legal Entity Number", "Vessel Registration Identification", "Registration Number"...)
becomes one of the entry's identifiers.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree.ElementTree import Element

from vendorrisk.errors import SourceError
from vendorrisk.identifiers import list_identifier
from vendorrisk.lists.sources.common import mdy_date, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.xmlsafe import child_text, children, descendants, parse_xml
from vendorrisk.model import Citation, Identifier, ListEntry

_TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}


def parse_sdn_xml(path: Path, source: str, citation: Citation) -> tuple[list[ListEntry], dt.date | None, int | None]:
    """Entries of an ``sdnList`` XML file, its publish date and its declared record count.

    Raises:
        SourceError: unsafe, malformed or truncated XML, another root, or no entries.
    """
    root = parse_xml(path, "sdnList")
    published, declared = None, None
    for info in children(root, "publshInformation"):
        published = mdy_date(child_text(info, "Publish_Date"))
        count = child_text(info, "Record_Count")
        declared = int(count) if count.isdigit() else None
    entries = [_entry(node, source, citation, path) for node in children(root, "sdnEntry")]
    if not entries:
        raise SourceError(f"{path}: holds no sdnEntry records")
    return entries, published, declared


def _full_name(node: Element) -> str:
    last, first = child_text(node, "lastName"), child_text(node, "firstName")
    return f"{last}, {first}" if last and first else (last or first)


def _entry(node: Element, source: str, citation: Citation, path: Path) -> ListEntry:
    uid, name = child_text(node, "uid"), _full_name(node)
    if not uid or not name:
        raise SourceError(f"{path}: an sdnEntry lacks its uid or name (uid {uid or '?'})")
    kind = _TYPES.get(child_text(node, "sdnType").lower(), "entity")
    aliases = [_full_name(aka) for aka in descendants(node, "aka")]
    weak = [_full_name(aka) for aka in descendants(node, "aka") if child_text(aka, "category").lower() == "weak"]
    if kind == "individual":
        aliases += [_natural(aka) for aka in [node, *descendants(node, "aka")]]
    addresses = descendants(node, "address")
    return ListEntry(
        id=f"{source}:{uid}", source=source, name=name, aliases=unique(aliases, exclude=[name]),
        weak_aliases=unique(weak, exclude=[name]), type=kind,
        programs=unique(p.text for p in descendants(node, "program")),
        addresses=unique(_address(a) for a in addresses),
        countries=unique(country_code(child_text(a, "country")) for a in addresses),
        citation=citation, remarks=child_text(node, "remarks") or None, identifiers=_identifiers(node),
    )


def _identifiers(node: Element) -> tuple[Identifier, ...]:
    found: dict[tuple[str, str], Identifier] = {}
    for item in descendants(node, "id"):
        identifier = list_identifier(child_text(item, "idType"), child_text(item, "idNumber"),
                                     country_code(child_text(item, "idCountry")))
        if identifier is not None:
            found.setdefault((identifier.kind, identifier.value), identifier)
    return tuple(found.values())


def _natural(node: Element) -> str:
    return " ".join(p for p in (child_text(node, "firstName"), child_text(node, "lastName")) if p)


def _address(node: Element) -> str:
    fields = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country")
    return ", ".join(p for p in (child_text(node, f) for f in fields) if p)
