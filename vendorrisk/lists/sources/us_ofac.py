"""The `us-ofac-sdn` and `us-ofac-nonsdn` sources: OFAC's SDN and Consolidated (non-SDN) lists.

`lists update` downloads the legacy ``sdnList`` XML (``SDN.XML``, ``CONSOLIDATED.XML``)
from the Sanctions List Service's documented ``/api/download/{file}`` endpoint,
which redirects to a short-lived signed URL: unlike the CSV set, the XML carries
its publication date and its record count. Both sources also read the legacy CSV
set (a primary file plus addresses, aliases and remark overflow joined on
ent_num) for imports. `parse` takes the folder holding the files or any one of
them and finds its siblings. Entry ids are ``us-ofac-sdn:<ent_num>`` and
``us-ofac-nonsdn:<ent_num>``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from vendorrisk.identifiers import remark_identifiers
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.sources.common import find_sibling, first_char, locate, natural_order, read_bytes, unique
from vendorrisk.lists.sources.countries import country_code
from vendorrisk.lists.sources.ofac_csv import OfacTables, read_tables, split_programs
from vendorrisk.lists.sources.ofac_xml import parse_sdn_xml
from vendorrisk.lists.sources.printed import derivations
from vendorrisk.model import Citation, ListEntry

_OFAC = "US Department of the Treasury, Office of Foreign Assets Control (OFAC)"
_SLS = "https://sanctionslistservice.ofac.treas.gov/api/download/"
_REMARK_ALIAS = re.compile(r"\b[afn]\.k\.a\.,?\s*'([^']+)'", re.IGNORECASE)
_TYPES = {"individual": "individual", "vessel": "vessel", "aircraft": "aircraft"}
# NOTE: the non-SDN CSV has no sub-list column; the programme tag tells which list it is.
_NONSDN_LISTS = (
    ("CMIC", "Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)"),
    ("NS-PLC", "Non-SDN Palestinian Legislative Council List (NS-PLC)"),
    ("UKRAINE-EO13662", "Sectoral Sanctions Identifications List (SSI)"),
    ("FSE", "Foreign Sanctions Evaders List (FSE)"),
    ("MBS", "Non-SDN Menu-Based Sanctions List (NS-MBS)"),
    ("CAPTA", "Correspondent Account or Payable-Through Account Sanctions List (CAPTA)"),
    ("ISA", "Non-SDN Iran Sanctions Act List (NS-ISA)"),
)


class _OfacSource(ListSource):
    """Shared reading of OFAC's SDN-format files; subclasses name the files."""

    publisher = _OFAC
    licence = "Public domain in the US (work of the US federal government)"
    parser_version = "4"  # 4: identifiers from the XML's idList and the CSV remarks
    files: ClassVar[tuple[str, str, str, str]]  # primary, addresses, aliases, comments
    xml_name: ClassVar[str] = "sdn.xml"
    document: ClassVar[str]
    page: ClassVar[str]

    @property
    def other_files(self) -> tuple[str, ...]:  # type: ignore[override]
        """The legacy CSV set, which imports still read although updates fetch the XML."""
        return self.files

    def parse(self, path: Path) -> ParsedList:
        """See `ListSource.parse`; accepts the CSV set (folder or primary file) or the XML."""
        path = Path(path)
        xml = self._xml_file(path)
        if xml is not None:
            entries, published, declared = parse_sdn_xml(xml, self.id, self.citation())
            return ParsedList(tuple(self._with_list_name(e) for e in entries), published, declared_records=declared)
        primary = locate(path, (self.files[0],))
        folder = primary.parent
        tables = read_tables(primary, *(find_sibling(folder, (name,)) for name in self.files[1:]))
        citation = self.citation()
        return ParsedList(tuple(self._entry(row, tables, citation) for row in tables.primary))

    def _xml_file(self, path: Path) -> Path | None:
        if path.is_dir():
            if find_sibling(path, (self.files[0],)):
                return None
            return find_sibling(path, (self.xml_name,))
        return path if path.is_file() and first_char(read_bytes(path)) == "<" else None

    def citation(self) -> Citation:
        """The citation every entry of this list carries."""
        return Citation(document=self.document, publisher=_OFAC, url=self.page)

    def list_name(self, programs: tuple[str, ...]) -> str:
        """The sub-list an entry belongs to."""
        return self.title

    def _with_list_name(self, entry: ListEntry) -> ListEntry:
        return entry.model_copy(update={"list_name": self.list_name(entry.programs)})

    def _entry(self, row: list[str], tables: OfacTables, citation: Citation) -> ListEntry:
        ent_num, name, kind, program, *_, remarks = row
        remarks = " ".join([remarks, *tables.comments.get(ent_num, [])]).strip()
        aliases = [alias[3] for alias in tables.aliases.get(ent_num, [])]
        printed = [name, *aliases, remarks]
        if ".k.a." in remarks:
            aliases += _REMARK_ALIAS.findall(remarks)
        if kind.lower() == "individual":
            aliases += [natural_order(n) for n in [name, *aliases]]
        addresses = tables.addresses.get(ent_num, [])
        programs = split_programs(program)
        return ListEntry(
            id=f"{self.id}:{ent_num}", source=self.id, name=name, aliases=unique(aliases, exclude=[name]),
            derived=derivations([name, *aliases], printed), type=_TYPES.get(kind.lower(), "entity"),
            programs=programs, list_name=self.list_name(programs),
            addresses=unique(", ".join(p for p in a[2:5] if p) for a in addresses),
            countries=unique(country_code(a[4]) for a in addresses),
            citation=citation, remarks=remarks or None, identifiers=remark_identifiers(remarks, country_code),
        )


class OfacSdnSource(_OfacSource):
    """OFAC Specially Designated Nationals and Blocked Persons List (SDN)."""

    id = "us-ofac-sdn"
    title = "Specially Designated Nationals and Blocked Persons List (SDN)"
    urls = {"sdn.xml": _SLS + "SDN.XML"}
    files = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
    document = "Specially Designated Nationals and Blocked Persons List (SDN)"
    page = ("https://ofac.treasury.gov/specially-designated-nationals-and-blocked-persons-list-sdn-"
            "human-readable-lists")


class OfacNonSdnSource(_OfacSource):
    """OFAC Consolidated Sanctions List (non-SDN lists: NS-CMIC, SSI, FSE, NS-PLC, NS-MBS, CAPTA)."""

    id = "us-ofac-nonsdn"
    title = "Consolidated Sanctions List (Non-SDN Lists)"
    urls = {"consolidated.xml": _SLS + "CONSOLIDATED.XML"}
    files = ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv")
    xml_name = "consolidated.xml"
    document = "Consolidated Sanctions List (Non-SDN Lists)"
    page = "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"

    def list_name(self, programs: tuple[str, ...]) -> str:
        """The non-SDN sub-list named by the entry's first recognised programme."""
        for program in programs:
            for tag, name in _NONSDN_LISTS:
                if tag in program:
                    return name
        return self.title
