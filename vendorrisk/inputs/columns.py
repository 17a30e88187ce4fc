"""Which header is the supplier name and which the country: detection and overrides.

Headers are compared by a key that ignores case, spaces, underscores and
punctuation, so "Supplier Name", "supplier_name" and "SUPPLIER-NAME" are one key.
Candidates are tried in order of how specific they are: "Supplier Name" wins over
a bare "Name" (often a contact person), which wins over a bare "Vendor" (in SAP
exports that is the vendor number, with the name in "Name 1").
"""
from __future__ import annotations

import re

from vendorrisk.errors import InputError

NAME_HEADERS: tuple[str, ...] = (
    "suppliername", "vendorname", "companyname", "legalname", "legalentityname",
    "organisationname", "organizationname", "partyname", "counterpartyname",
    "businessname", "entityname", "registeredname", "accountname", "firmname",
    "name", "name1", "fullname",
    "supplier", "vendor", "company", "legalentity", "organisation", "organization",
    "party", "counterparty", "entity", "business", "firm", "payee", "beneficiary",
    "creditor", "manufacturer", "lieferant", "fournisseur", "proveedor", "fornitore",
)
# Further names of the same supplier, screened too: trading, former and local-script names.
OTHER_NAME_HEADERS: tuple[str, ...] = (
    "tradingname", "tradename", "tradingas", "ta", "dba", "doingbusinessas", "brandname",
    "formername", "previousname", "priorname", "oldname", "formerlyknownas", "fka",
    "localname", "localscriptname", "namelocal", "namelocalscript", "nativename", "nameinlocallanguage",
    "originalname", "originalscriptname", "nonlatinname", "namenonlatinscript", "chinesename",
    "namechinese", "namecn", "cnname", "russianname", "nameru", "cyrillicname", "namecyrillic",
    "alternatename", "alternativename", "othername", "aliasname", "alias", "aka", "alsoknownas",
    "englishname", "nameenglish", "nameen", "legalname", "registeredname", "searchterm",
)
COUNTRY_HEADERS: tuple[str, ...] = (
    "country", "countrycode", "countryiso", "isocountry", "isocountrycode",
    "countryiso2", "countryname", "countryregion", "countryorregion", "ctry",
    "cntry", "nation", "nationality", "land", "pays", "pais",
)

# Identifier columns by header key, with the kind of identifier each holds (`vendorrisk.identifiers`).
IDENTIFIER_HEADERS: dict[str, str] = {
    **dict.fromkeys(("lei", "leicode", "leinumber", "legalentityidentifier"), "lei"),
    **dict.fromkeys(("swift", "bic", "swiftbic", "swiftcode", "biccode", "swiftbiccode"), "swift_bic"),
    **dict.fromkeys(("imo", "imonumber", "imono", "imocode"), "imo"),
    **dict.fromkeys(("registrationnumber", "registrationno", "regno", "regnumber", "companynumber",
                     "companyregistrationnumber", "companyregno", "companyregistrationno",
                     "businessregistrationnumber", "commercialregisternumber", "crn"), "registration"),
}


def header_key(header: str) -> str:
    """The comparison key of a header: case-folded letters and digits only."""
    return re.sub(r"[\W_]+", "", header.casefold())


def unique_columns(cells: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Header cells as usable, distinct field names.

    Surrounding spaces are removed; an empty header becomes ``(column N)`` and a
    repeated one gets `` (2)``, `` (3)``... so that no value is overwritten.
    """
    seen: set[str] = set()
    columns = []
    for number, cell in enumerate(cells, start=1):
        name = cell.strip() or f"(column {number})"
        base, copy = name, 1
        while name in seen:
            copy += 1
            name = f"{base} ({copy})"
        seen.add(name)
        columns.append(name)
    return tuple(columns)


def detect_column(columns: tuple[str, ...], candidates: tuple[str, ...]) -> str | None:
    """The first of `columns` whose key is among `candidates`, trying candidates in order."""
    keys = [header_key(c) for c in columns]
    for wanted in candidates:
        if wanted in keys:
            return columns[keys.index(wanted)]
    return None


def _chosen(columns: tuple[str, ...], wanted: str) -> str | None:
    if wanted in columns:
        return wanted
    matches = [c for c in columns if header_key(c) == header_key(wanted)]
    return matches[0] if len(matches) == 1 else None


def _listing(columns: tuple[str, ...], most: int = 20) -> str:
    shown = [repr(c if len(c) <= 40 else c[:40] + "…") for c in columns[:most]]
    if len(columns) > most:
        shown.append(f"… ({len(columns) - most} more)")
    return ", ".join(shown) if shown else "(none)"


def other_name_columns(columns: tuple[str, ...], chosen: tuple[str | None, ...],
                       wanted: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The columns holding further names of the supplier, in file order.

    Detected by header (`OTHER_NAME_HEADERS`: "Trading Name", "Former Name", "Local
    Name", "Chinese Name"...) unless `wanted` names them; never a column in `chosen`.

    Raises:
        InputError: a wanted column does not exist.
    """
    if wanted:
        found = [_chosen(columns, w) for w in wanted]
        missing = [w for w, f in zip(wanted, found) if f is None]
        if missing:
            raise InputError(f"--other-name-column {missing[0]!r} is not a column; the columns are "
                             f"{_listing(columns)}")
        return tuple(dict.fromkeys(f for f in found if f not in chosen))
    keys = set(OTHER_NAME_HEADERS)
    return tuple(c for c in columns if c not in chosen and header_key(c) in keys)


def identifier_columns(columns: tuple[str, ...], chosen: tuple[str | None, ...]) -> tuple[tuple[str, str], ...]:
    """The columns holding the supplier's identifiers, each with its kind, in file order.

    Detected by header (`IDENTIFIER_HEADERS`: "LEI", "LEI code", "SWIFT/BIC", "IMO number",
    "Registration Number", "Company Number", "Reg No"...); never a column in `chosen`.
    """
    return tuple((c, IDENTIFIER_HEADERS[header_key(c)]) for c in columns
                 if c not in chosen and header_key(c) in IDENTIFIER_HEADERS)


def choose_columns(columns: tuple[str, ...], name_column: str | None, country_column: str | None,
                   *, path: str, line: int | None) -> tuple[str, str | None]:
    """Pick the name and country columns, honouring explicit choices.

    Returns:
        ``(name column, country column or None)``, both exact entries of `columns`.

    Raises:
        InputError: no name column can be found, or a chosen column does not exist.
    """
    if name_column is None:
        name = detect_column(columns, NAME_HEADERS)
        if name is None:
            raise InputError(f"no supplier-name column found; the columns are {_listing(columns)}; "
                             "choose one with --name-column", path=path, line=line)
    else:
        name = _chosen(columns, name_column)
        if name is None:
            raise InputError(f"--name-column {name_column!r} is not a column; the columns are "
                             f"{_listing(columns)}", path=path, line=line)
    if country_column is None:
        return name, detect_column(tuple(c for c in columns if c != name), COUNTRY_HEADERS)
    country = _chosen(columns, country_column)
    if country is None:
        raise InputError(f"--country-column {country_column!r} is not a column; the columns are "
                         f"{_listing(columns)}", path=path, line=line)
    return name, country
