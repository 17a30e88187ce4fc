"""The `eu-fsf` source: the EU Financial Sanctions Files consolidated list (XML 1.1).

The root ``<export>`` (namespace http://eu.europa.ec/fpi/fsd/export) carries
``generationDate``; each ``sanctionEntity`` has a ``logicalId`` (entry id
``eu-fsf:<logicalId>``), an ``euReferenceNumber``, ``regulation`` elements (the
programme and the Official Journal publication that is the citation),
``subjectType``, ``nameAlias@wholeName`` (the first strong name is the primary) and
``address`` elements with ISO country codes.

The server generates the file (about 25 MB) on request: it takes over a minute
before the first byte and answers bursts of HTTP 500 meanwhile, so this source
downloads with a longer timeout, more retries, a longer backoff and a longer
deadline than the others (`DOWNLOAD`).
"""
from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources.base import DownloadPolicy, ListSource, ParsedList
from vendorrisk.lists.sources.common import iso_date, locate, read_bytes, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.xmlsafe import children, parse_xml
from vendorrisk.model import Citation, ListEntry

_PUBLISHER = "European Commission"
# NOTE: waits between attempts 5, 10, 20, 40, 80, 160 s: a burst of 500s lasts minutes.
DOWNLOAD = DownloadPolicy(read_timeout=300.0, retries=6, backoff=5.0, deadline=1800.0)
_TYPES = {"person": "individual", "enterprise": "entity", "vessel": "vessel", "aircraft": "aircraft"}


class EuFsfSource(ListSource):
    """EU consolidated list of persons, groups and entities subject to financial sanctions."""

    id = "eu-fsf"
    title = "EU Consolidated Financial Sanctions List"
    publisher = _PUBLISHER
    licence = "(c) European Union; reuse with acknowledgement under Commission Decision 2011/833/EU"
    urls = {"sanctions.xml": "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
                             "content?token=dG9rZW4tMjAxNw"}
    parser_version = "1"
    download = DOWNLOAD

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`."""
        file = locate(path, tuple(self.urls))
        read_bytes(file)
        root = parse_xml(file, "export")
        entries = [self._entry(node, file) for node in children(root, "sanctionEntity")]
        if not entries:
            raise SourceError(f"{file}: holds no sanctionEntity records")
        return ParsedList(tuple(entries), iso_date(root.get("generationDate")))

    def _entry(self, node: Element, file: Path) -> ListEntry:
        logical_id = (node.get("logicalId") or "").strip()
        names = [a.get("wholeName", "").strip() for a in children(node, "nameAlias")]
        strong = [a.get("wholeName", "").strip() for a in children(node, "nameAlias") if a.get("strong") == "true"]
        primary = next((n for n in strong + names if n), "")
        if not logical_id or not primary:
            raise SourceError(f"{file}: a sanctionEntity lacks its logicalId or names (logicalId {logical_id or '?'})")
        regulations = children(node, "regulation")
        subject = next(iter(children(node, "subjectType")), None)
        addresses = children(node, "address")
        return ListEntry(
            id=f"{self.id}:{logical_id}", source=self.id, name=primary, aliases=unique(names, exclude=[primary]),
            type=_TYPES.get(subject.get("code", "") if subject is not None else "", "entity"),
            countries=unique(country_code(a.get("countryIso2Code") or a.get("countryDescription")) for a in addresses),
            addresses=unique(_address(a) for a in addresses),
            programs=unique(r.get("programme") for r in regulations), list_name=self.title,
            listed_on=iso_date(node.get("designationDate")) or _first_publication(regulations),
            citation=_citation(node, regulations), remarks=None,
        )


def _first_publication(regulations: list[Element]):
    dates = [d for d in (iso_date(r.get("publicationDate")) for r in regulations) if d]
    return min(dates, default=None)


def _citation(node: Element, regulations: list[Element]) -> Citation:
    """The regulation that first listed the entity (its Official Journal reference and URL)."""
    first = min(regulations, key=lambda r: r.get("publicationDate") or "9999", default=None)
    if first is None:
        return Citation(document="EU Financial Sanctions Files", publisher=_PUBLISHER,
                        reference=node.get("euReferenceNumber"))
    url = next((u.text.strip() for u in children(first, "publicationUrl") if u.text), None)
    return Citation(document=f"Regulation {first.get('numberTitle', '').strip()}".strip(), publisher=_PUBLISHER,
                    reference=node.get("euReferenceNumber") or None, date=iso_date(first.get("publicationDate")),
                    url=url)


def _address(node: Element) -> str:
    keys = ("street", "city", "zipCode", "region", "place", "countryDescription")
    return ", ".join(p for p in ((node.get(k) or "").strip() for k in keys) if p)
