"""Party identifiers (LEI, registration number, SWIFT/BIC, IMO): reading, checking, comparing.

Lists print identifiers under many labels ("SWIFT/BIC", "Legal Entity Number",
"Vessel Registration Identification", "Company Number"); `list_identifier` reads
one label and number into an `Identifier` of one of a few kinds. A supplier file's
identifier column is checked by `problem` (ISO 17442 check digits for an LEI, the
ISO 9362 shape of a BIC, the IMO check digit) so that a mistyped value is reported
and not used. `same` says whether two identifiers of one kind name one party.
"""
from __future__ import annotations

import re

from vendorrisk.model import Identifier, IdentifierKind

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_LEI = re.compile(r"[0-9A-Z]{18}[0-9]{2}")
# Labels lists print, by kind (compared case-folded, letters only). "Legal Entity Number" is
# OFAC's label for an LEI, but it also carries national numbers: only an LEI's shape makes it one.
_LABELS: dict[str, IdentifierKind] = {
    "swiftbic": "swift_bic", "swift": "swift_bic", "bic": "swift_bic", "swiftcode": "swift_bic",
    "legalentitynumber": "lei", "lei": "lei", "legalentityidentifier": "lei",
    "vesselregistrationidentification": "imo", "imo": "imo", "imonumber": "imo",
    "registrationnumber": "registration", "registrationid": "registration", "companynumber": "registration",
    "ukcompanynumber": "registration", "commercialregistrynumber": "registration",
    "businessregistrationnumber": "registration", "businessregistrationdocument": "registration",
    "publicregistrationnumber": "registration", "centralregistrationsystemnumber": "registration",
    "companyregistrationnumber": "registration",
    "taxidno": "tax_id", "taxid": "tax_id", "taxidentificationnumber": "tax_id",
}
# The labels as OFAC's CSV remarks print them before the number, longest first.
_REMARK_LABELS = ("Vessel Registration Identification", "Central Registration System Number",
                  "Business Registration Document #", "Business Registration Number", "Public Registration Number",
                  "Commercial Registry Number", "Legal Entity Number", "Registration Number", "UK Company Number",
                  "Registration ID", "Company Number", "Tax ID No.", "SWIFT/BIC")
_REMARK_COUNTRY = re.compile(r"\s*\(([^()]*)\)\s*$")
# Kinds a party holds one of, the world over: a different value is evidence against. A
# registration or tax number is compared only within one issuing country.
GLOBAL_KINDS: frozenset[str] = frozenset({"lei", "swift_bic", "imo"})


def normal_value(kind: str, printed: str) -> str:
    """The comparable form of an identifier: upper case, letters and digits only, no "IMO" prefix."""
    value = _NOT_ALNUM.sub("", printed.upper())
    return value[3:] if kind == "imo" and value.startswith("IMO") else value


def label_kind(label: str) -> IdentifierKind | None:
    """The kind of identifier a list's label names, or None for one vendorrisk does not compare."""
    return _LABELS.get(re.sub(r"[^a-z]+", "", label.casefold()))


def list_identifier(label: str, printed: str, country: str | None = None) -> Identifier | None:
    """The identifier a list prints as `label` and `printed`, or None when it is not one compared.

    An LEI label on a value without an LEI's shape is read as a registration number.
    """
    kind = label_kind(label)
    printed = " ".join(printed.split())
    if kind is None or not printed:
        return None
    value = normal_value(kind, printed)
    if kind == "lei" and not _LEI.fullmatch(value):
        kind = "registration"
    if not value:
        return None
    return Identifier(kind=kind, value=value, printed=printed, country=country or None)


def remark_identifiers(remarks: str, country_code) -> tuple[Identifier, ...]:
    """The identifiers in OFAC CSV remarks: "; "-separated "Label Number (Country)" items, e.g.
    "SWIFT/BIC QUILRUMM; Registration Number 1027700123456 (Russia)". `country_code` reads a country."""
    found: dict[tuple[str, str], Identifier] = {}
    for item in remarks.split(";"):
        item = item.strip().rstrip(".")
        label = next((lab for lab in _REMARK_LABELS if item.upper().startswith(lab.upper() + " ")), None)
        if label is None:
            continue
        rest, country = item[len(label):].strip(), None
        bracket = _REMARK_COUNTRY.search(rest)
        if bracket:
            rest, country = rest[:bracket.start()], country_code(bracket.group(1))
        identifier = list_identifier(label, rest, country)
        if identifier is not None:
            found.setdefault((identifier.kind, identifier.value), identifier)
    return tuple(found.values())


def problem(kind: str, printed: str) -> str | None:
    """Why a supplier's identifier fails its check, or None when it passes."""
    value = normal_value(kind, printed)
    if kind == "lei":
        if not _LEI.fullmatch(value):
            return "an LEI is 18 letters or digits and 2 check digits (ISO 17442)"
        if _mod97(value) != 1:
            return "its LEI check digits are wrong (ISO 17442, mod 97)"
    elif kind == "swift_bic":
        if not _BIC.fullmatch(value):
            return "a SWIFT/BIC is 4 letters, a 2-letter country, 2 letters or digits and an optional branch of 3"
    elif kind == "imo":
        if not re.fullmatch(r"[0-9]{7}", value):
            return "an IMO number is 7 digits"
        if sum(int(d) * w for d, w in zip(value[:6], range(7, 1, -1))) % 10 != int(value[6]):
            return "its IMO check digit is wrong"
    elif not value:
        return "it has no letters or digits"
    return None


def same(kind: str, one: str, other: str) -> bool:
    """Whether two normal values of `kind` name one party (a BIC's branch code is ignored)."""
    if kind == "swift_bic":
        return one[:8] == other[:8]
    return one == other


def _mod97(value: str) -> int:
    return int("".join(str(int(c, 36)) for c in value)) % 97
