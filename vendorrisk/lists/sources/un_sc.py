"""The `un-sc` source: the UN Security Council Consolidated List (XML).

``CONSOLIDATED_LIST@dateGenerated`` is the snapshot date. ``INDIVIDUALS/INDIVIDUAL``
and ``ENTITIES/ENTITY`` records split names over FIRST_NAME..FOURTH_NAME; aliases
are ``INDIVIDUAL_ALIAS``/``ENTITY_ALIAS`` with a QUALITY (Good, Low, a.k.a.,
f.k.a.); empty alias placeholders are skipped, and a ``Low`` one is also a weak alias. Entry ids are
``un-sc:<REFERENCE_NUMBER>`` (e.g. ``un-sc:CDi.001``); UN_LIST_TYPE is the programme.
"""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import iso_date, locate, read_bytes, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.xmlsafe import child_text, children, parse_xml
from vendorrisk.model import Citation, ListEntry

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_PAGE = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
_PUBLISHER = "United Nations Security Council"


class UnScSource(ListSource):
    """UN Security Council Consolidated List of individuals and entities subject to sanctions."""

    id = "un-sc"
    title = "United Nations Security Council Consolidated List"
    publisher = _PUBLISHER
    licence = "United Nations; published for public use and implementation of sanctions (UN terms of use)"
    urls = {"consolidated.xml": "https://scsanctions.un.org/resources/xml/en/consolidated.xml"}
    parser_version = "2"

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`."""
        file = locate(path, tuple(self.urls))
        read_bytes(file)
        root = parse_xml(file, "CONSOLIDATED_LIST")
        records = [(node, "individual") for group in children(root, "INDIVIDUALS")
                   for node in children(group, "INDIVIDUAL")]
        records += [(node, "entity") for group in children(root, "ENTITIES") for node in children(group, "ENTITY")]
        if not records:
            raise SourceError(f"{file}: holds no INDIVIDUAL or ENTITY records")
        entries = tuple(self._entry(node, kind, file) for node, kind in records)
        return ParsedList(entries, iso_date(root.get("dateGenerated")))

    def _entry(self, node: Element, kind: str, file: Path) -> ListEntry:
        reference = child_text(node, "REFERENCE_NUMBER") or child_text(node, "DATAID")
        name = " ".join(p for p in (child_text(node, part) for part in _NAME_PARTS) if p)
        if not reference or not name:
            raise SourceError(f"{file}: an {kind} record lacks its reference number or name "
                              f"(DATAID {child_text(node, 'DATAID') or '?'})")
        tag = "INDIVIDUAL" if kind == "individual" else "ENTITY"
        aliases = [child_text(a, "ALIAS_NAME") for a in children(node, f"{tag}_ALIAS")]
        weak = [child_text(a, "ALIAS_NAME") for a in children(node, f"{tag}_ALIAS")
                if child_text(a, "QUALITY").lower() == "low"]
        addresses = children(node, f"{tag}_ADDRESS")
        listed_on = iso_date(child_text(node, "LISTED_ON"))
        program = child_text(node, "UN_LIST_TYPE")
        return ListEntry(
            id=f"{self.id}:{reference}", source=self.id, name=name,
            aliases=unique([*aliases, child_text(node, "NAME_ORIGINAL_SCRIPT")], exclude=[name]),
            weak_aliases=unique(weak, exclude=[name]), un_reference=reference,
            type=kind, countries=unique(country_code(child_text(a, "COUNTRY")) for a in addresses),
            addresses=unique(", ".join(p for p in (child_text(a, f) for f in _ADDRESS_PARTS) if p) for a in addresses),
            programs=(program,) if program else (), list_name=self.title, listed_on=listed_on,
            citation=Citation(document=f"{self.title} ({program} sanctions list)" if program else self.title,
                              reference=reference, publisher=_PUBLISHER, date=listed_on, url=_PAGE),
            remarks=child_text(node, "COMMENTS1") or None,
        )
