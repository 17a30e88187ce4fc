"""The shared data types every stage passes along: list entries, snapshots, supplier rows.

All are frozen records (`vendorrisk.record`) so that a value handed from one stage to
the next cannot be changed behind its back, and so that the JSON report and its schema
come from one definition. Report-level types (findings, results, the report itself)
live in `vendorrisk.report`.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal, NewType

from vendorrisk.record import Record, attr

SourceId = NewType("SourceId", str)
RuleCode = NewType("RuleCode", str)

EntityType = Literal["entity", "individual", "vessel", "aircraft", "unknown"]
Relation = Literal["subsidiary", "affiliate", "brand", "parent", "former-name"]
Confidence = Literal["primary", "secondary", "not-found"]
# How a snapshot's date is known (see vendorrisk.lists.dates).
DateBasis = Literal["file", "user", "server", "curated", "unknown"]

# Letters that draw nothing (Hangul fillers, the braille blank); with control, format,
# separator and combining-mark characters, a name made only of them is empty.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Mc", "Me"))


def has_visible(value: str) -> bool:
    """Whether `value` holds a character that shows: a letter, digit, punctuation or symbol
    (private-use and unassigned characters count: they draw something).

    A name of only zero-width characters, bidi marks (RLM, ALM), a byte-order mark,
    combining marks or spaces is no name and must not be screened as "clear".
    """
    for char in value:
        if char.isalnum() and char not in _BLANK_LETTERS:
            return True
        if char.isascii():
            if char.isprintable() and not char.isspace():
                return True
        elif char not in _BLANK_LETTERS and unicodedata.category(char) not in _INVISIBLE:
            return True
    return False


class Citation(Record):
    """The official authority for a listing, quotable in a finding.

    Example: document "Addition of Certain Entities to the Entity List",
    reference "84 FR 54002; FR Doc. 2019-22210", date 2019-10-09,
    url "https://federalregister.gov/d/2019-22210".
    """

    document: str = attr(description="Title of the notice, statute, report or list.")
    reference: str | None = attr(None, description="Official reference: FR page, statute section, HC number.")
    paragraph: str | None = attr(None, description="Paragraph, section or clause that carries the listing.")
    publisher: str | None = attr(None, description="Body that issued the document.")
    date: dt.date | None = attr(None, description="Date of the document.")
    url: str | None = attr(None, description="Where the official text can be read.")


class RelatedName(Record):
    """A subsidiary, affiliate, brand or former name that a listing reaches.

    A relation with an `until` date has ended: it is kept as history (a buyer may
    still hold equipment from those years) but screening does not match it.
    """

    name: str
    relation: Relation
    note: str | None = attr(None, description="Where the relation is recorded, and how well it was checked.")
    since: dt.date | None = attr(None, description="Date the relation began, when known.")
    until: dt.date | None = attr(None, description="Date the relation ended; unset while it holds.")

    @property
    def ended(self) -> bool:
        """True when the relation has ended, i.e. has an `until` date."""
        return self.until is not None


class DerivedName(Record):
    """A name a parser derived from one the list prints, so that matching finds it.

    Findings quote `printed`, never `name`: a reviewer who searches the official list
    must find the text. Example: name "Huawei Technologies Company Limited", printed
    "Huawei Technologies (Vietnam) Company Limited", how "parenthetical removed".
    """

    name: str
    printed: str = attr(description="The name or alias as the list prints it (after decoding only).")
    how: str = attr(description="How `name` was derived from `printed`.")


IdentifierKind = Literal["lei", "registration", "swift_bic", "imo", "tax_id"]


class Identifier(Record):
    """An identifier of a party: an LEI, a company registration number, a SWIFT/BIC, an IMO number.

    `value` is the comparable form (`vendorrisk.identifiers.normal_value`: upper case, letters
    and digits only, an IMO number without its "IMO" prefix); `printed` is the text as given.
    Example: kind "imo", value "9123454", printed "IMO 9123454".
    """

    kind: IdentifierKind
    value: str
    printed: str = attr(description="The identifier as the list or the supplier file prints it.")
    country: str | None = attr(None, description="Country that issued it (ISO alpha-2 where known).")


class ListEntry(Record):
    """One listed party (or one policy-source entity) with everything needed to cite it."""

    id: str = attr(description="`<source>:<official id>`, stable across snapshots.")
    source: str = attr(description="Source id, e.g. `us-csl` or `uk-fac-hc198`.")
    name: str = attr(description="Primary name as the list prints it.")
    aliases: tuple[str, ...] = attr((), description="Other names of the same party (a.k.a., f.k.a., acronyms).")
    weak_aliases: tuple[str, ...] = attr((), description=(
        "Those of `aliases` the publisher marks as weak or low quality (OFAC `weak`, UK `Low quality a.k.a.`); "
        "still in `aliases`."))
    derived: tuple[DerivedName, ...] = attr((), description=(
        "Those of `name` and `aliases` that the list does not print as such, with the printed name each comes "
        "from."))
    related: tuple[RelatedName, ...] = attr((), description="Names the listing reaches: subsidiaries, brands.")
    type: EntityType = "entity"
    countries: tuple[str, ...] = attr((), description="ISO 3166 alpha-2 codes where known, else country names.")
    addresses: tuple[str, ...] = ()
    programs: tuple[str, ...] = attr((), description="Sanctions programmes or legal bases, e.g. `SDGT`, `EAR 744.11`.")
    list_name: str | None = attr(None, description="Sub-list, e.g. `Entity List (EL)` inside the CSL.")
    listed_on: dt.date | None = None
    until: dt.date | None = attr(None, description=(
        "Date the listing ends or ended (a debarment's end date, an exclusion's termination, a removal "
        "from the list); unset while it is open-ended. From that day on the listing is history, not a "
        "current restriction (rules tell the two apart with the condition `in_force`)."))
    citation: Citation
    remarks: str | None = None
    un_reference: str | None = attr(None, description=(
        "The UN Security Council reference number (e.g. `QDi.001`) a national list gives for the same party."))
    confidence: Confidence | None = attr(None, description="For curated entries: how the fact was checked.")
    identifiers: tuple[Identifier, ...] = attr((), description=(
        "Identifiers the list publishes for the party (LEI, registration number, SWIFT/BIC, IMO), compared "
        "with the supplier's own as evidence."))

    def in_force(self, on: dt.date) -> bool:
        """Whether the listing still holds on the day `on` (it has no `until`, or a later one)."""
        return self.until is None or self.until > on

    def printed_name(self, name: str) -> DerivedName | None:
        """How `name` was derived from a printed name, or None when the list prints `name` itself."""
        return next((d for d in self.derived if d.name == name), None)

    def all_names(self) -> tuple[str, ...]:
        """The primary name followed by every alias, without duplicates."""
        seen: dict[str, None] = {self.name: None}
        for alias in self.aliases:
            seen.setdefault(alias, None)
        return tuple(seen)


class ListSnapshot(Record):
    """Provenance of one list as it was screened against."""

    source: str
    title: str
    publisher: str
    url: str | None = None
    licence: str | None = None
    snapshot_date: dt.date | None = attr(None, description="Publication date of this copy, when it is known.")
    date_basis: DateBasis = attr("unknown", description=(
        "How snapshot_date is known: the file's own date, the user's --as-of, the server's Last-Modified, "
        "a curated list's as_of; unknown when it is not known (the snapshot is then stale)."))
    published_on_or_after: dt.date | None = attr(None, description=(
        "The latest listing date in the file: a lower bound on the publication date."))
    retrieved_at: dt.datetime | None = attr(None, description="When this copy was downloaded or imported.")
    sha256: str = attr(description="SHA-256 of the raw file(s) the entries were parsed from.")
    records: int
    parser_version: str | None = None
    bundled: bool = attr(False, description="True for curated lists shipped inside vendorrisk.")


class SupplierRow(Record):
    """One supplier to screen, as read from an input file or given by a caller."""

    name: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    names: tuple[tuple[str, str], ...] = attr((), description=(
        "Further names from other name columns, each with its column: (\"Trading Name\", \"Acme\")."))
    identifiers: tuple[Identifier, ...] = attr((), description=(
        "The supplier's identifiers from identifier columns (LEI, SWIFT/BIC, IMO, registration number) that "
        "passed their checks."))
    line: int | None = attr(None, description="1-based line of the row in its file.")
    path: str | None = attr(None, description="File the row came from.")
    fields: dict[str, str] = attr(default_factory=dict, description="The row's own fields, unchanged.")

    def input_fields(self) -> dict[str, str]:
        """What a result reports as its input: the row's own fields, or its name and country."""
        return self.fields or {"name": self.name, **({"country": self.country} if self.country else {})}


class SkippedRow(Record):
    """A row that could not be screened, kept so that nothing is silently dropped."""

    line: int | None
    reason: str
    path: str | None = None
    fields: dict[str, str] = attr(default_factory=dict)
