"""Identifiers as evidence (issue 19): LEI, registration number, SWIFT/BIC and IMO.

Lists: the CSL `ids` column and OFAC's XML `idList`, read from invented fixtures in the
official formats. Suppliers: identifier columns detected like the name column and
checked (a bad check digit is warned about once and not used). Scoring: an identifier
that is the entry's confirms a match and lifts the caps; a different one caps it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vendorrisk.config import Settings
from vendorrisk.identifiers import list_identifier, normal_value, problem, same
from vendorrisk.inputs import read_suppliers
from vendorrisk.inputs.columns import identifier_columns
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.model import Citation, Identifier, ListEntry, SupplierRow
from vendorrisk.policy.engine import EVIDENCE_CAPS
from vendorrisk.scoring.identifiers import confirmed, identifier_evidence
from vendorrisk.screening.screener import Screener

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"
CSL = FIXTURES / "us-csl" / "csl-identifiers.invented.csv"
SDN = FIXTURES / "us-ofac-sdn" / "xml-ids" / "sdn-ids.invented.xml"
NOW = dt.datetime(2024, 4, 1, tzinfo=dt.timezone.utc)
LEI = "5299007QX3NRB4KMZA70"  # invented, with valid ISO 17442 check digits
OTHER_LEI = "98450012KESTRELTST82"


# -- reading and checking -------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "printed", "why"), [
    ("lei", LEI, None), ("lei", "5299 007Q X3NR B4KM ZA70", None),
    ("lei", "5299007QX3NRB4KMZA71", "check digits"), ("lei", "5299007QX3", "18 letters"),
    ("swift_bic", "QUILRUMM", None), ("swift_bic", "quil ru mm 001", None), ("swift_bic", "QUIL1UMM", "SWIFT/BIC"),
    ("swift_bic", "QUILRUM", "SWIFT/BIC"), ("imo", "IMO 9123453", None), ("imo", "9123453", None),
    ("imo", "9123454", "check digit"), ("imo", "912345", "7 digits"), ("registration", "HRB 12345", None),
    ("registration", "--", "no letters or digits"),
])
def test_a_supplier_identifier_is_checked(kind, printed, why):
    found = problem(kind, printed)
    assert (found is None) == (why is None), found
    assert why is None or why in found


def test_list_labels_become_kinds_and_values_are_normalised():
    assert list_identifier("SWIFT/BIC", "QUIL RU MM") == Identifier(kind="swift_bic", value="QUILRUMM",
                                                                   printed="QUIL RU MM")
    assert list_identifier("Vessel Registration Identification", "IMO 9123453").value == "9123453"
    assert list_identifier("Legal Entity Number", LEI, "RU").kind == "lei"
    assert list_identifier("Legal Entity Number", "852000111", "NL").kind == "registration"  # not an LEI's shape
    assert list_identifier("Passport", "A123") is None and list_identifier("Gender", "Male") is None
    assert normal_value("registration", "1027700-123456") == "1027700123456"
    assert same("swift_bic", "QUILRUMM", "QUILRUMMXXX") and not same("swift_bic", "QUILRUMM", "QUILRUMA")


def test_csl_ids_column_gives_identifiers():
    entries = {e.id: e for e in SOURCES["us-csl"].parse(CSL).entries}
    bank = {(i.kind, i.value, i.country) for i in entries["us-csl:90001"].identifiers}
    assert bank == {("swift_bic", "QUILRUMM", None), ("lei", LEI, "RU"), ("registration", "1027700123456", "RU"),
                    ("tax_id", "7700123456", "RU")}
    assert [(i.kind, i.printed) for i in entries["us-csl:90002"].identifiers] == [("imo", "IMO 9123453")]
    assert {i.kind for i in entries["us-csl:90003"].identifiers} == {"registration"}
    assert entries["us-csl:abc"].identifiers == ()


def test_ofac_xml_id_list_gives_identifiers():
    entries = {e.id: e for e in SOURCES["us-ofac-sdn"].parse(SDN).entries}
    bank = {(i.kind, i.value, i.printed) for i in entries["us-ofac-sdn:91001"].identifiers}
    assert bank == {("swift_bic", "QUILRUMM", "QUIL RU MM"), ("lei", LEI, LEI),
                    ("registration", "1027700123456", "1027700-123456"), ("tax_id", "7700123456", "7700123456")}
    assert [i.value for i in entries["us-ofac-sdn:91002"].identifiers] == ["9123453"]


def test_ofac_csv_remarks_give_identifiers():
    entries = {e.id: e for e in SOURCES["us-ofac-sdn"].parse(FIXTURES / "us-ofac-sdn" / "csv-ids" / "sdn-ids.invented.csv").entries}
    bank = {(i.kind, i.value, i.country) for i in entries["us-ofac-sdn:91001"].identifiers}
    assert bank == {("swift_bic", "QUILRUMM", None), ("lei", LEI, "RU"), ("registration", "1027700123456", "RU"),
                    ("tax_id", "7700123456", "RU")}
    assert [i.printed for i in entries["us-ofac-sdn:91002"].identifiers] == ["IMO 9123453"]
    assert {(i.value, i.country) for i in entries["us-ofac-sdn:91003"].identifiers} == {("852000111", "NL"),
                                                                                        ("04123456", None)}


@pytest.mark.parametrize(("header", "kind"), [
    ("LEI", "lei"), ("LEI code", "lei"), ("swift", "swift_bic"), ("BIC", "swift_bic"), ("SWIFT/BIC", "swift_bic"),
    ("IMO", "imo"), ("IMO number", "imo"), ("Registration Number", "registration"),
    ("Company Number", "registration"), ("Reg No", "registration"),
])
def test_identifier_columns_are_detected_by_header(header, kind):
    columns = ("Supplier Name", "Country", header, "Notes")
    assert identifier_columns(columns, ("Supplier Name", "Country")) == ((header, kind),)


def test_no_identifier_column_in_an_ordinary_file():
    assert identifier_columns(("Name", "Country", "Vendor Number", "Company", "City"), ("Name", "Country")) == ()


def test_a_bad_identifier_is_kept_warned_about_once_and_not_used(tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_text("Supplier Name,Country,LEI code,IMO number\n"
                    f"Quillmere Investment Bank,RU,{LEI},\n"
                    "Brackwater Microsystems,CN,5299007QX3NRB4KMZA71,\n"
                    "Brackwater Microsystems Ltd,CN,5299007QX3NRB4KMZA71,9123454\n", encoding="utf-8")
    stream = read_suppliers(path)
    rows = list(stream)
    assert rows[0].identifiers == (Identifier(kind="lei", value=LEI, printed=LEI),)
    assert rows[1].identifiers == () and rows[1].fields["LEI code"] == "5299007QX3NRB4KMZA71"
    warnings = stream.warnings
    assert len(warnings) == 2, warnings
    assert "line 3: column 'LEI code': '5299007QX3NRB4KMZA71'" in warnings[0] and "(2 rows)" in warnings[0]
    assert "'IMO number': '9123454'" in warnings[1] and "check digit" in warnings[1]


# -- scoring --------------------------------------------------------------------------------------

def _entry(*identifiers: Identifier) -> ListEntry:
    return ListEntry(id="t:1", source="t", name="QUILLMERE INVESTMENT BANK", citation=Citation(document="t"),
                     identifiers=identifiers)


def _lei(value: str, country: str | None = None) -> Identifier:
    return Identifier(kind="lei", value=value, printed=value, country=country)


def test_equal_identifier_confirms_and_different_one_is_evidence_against():
    entry = _entry(_lei(LEI, "RU"))
    match = identifier_evidence((_lei(LEI),), entry)
    assert [e.feature for e in match] == ["identifier_match"] and confirmed(match)
    assert LEI in match[0].detail
    against = identifier_evidence((_lei(OTHER_LEI),), entry)
    assert [e.feature for e in against] == ["identifier_mismatch"] and not confirmed(against)
    assert EVIDENCE_CAPS["identifier_mismatch"] == "medium"


def test_only_the_same_kind_is_compared_and_registrations_only_within_one_country():
    reg = Identifier(kind="registration", value="1027700123456", printed="1027700123456", country="RU")
    entry = _entry(reg)
    assert identifier_evidence((_lei(LEI),), entry) == ()
    other = (Identifier(kind="registration", value="999", printed="999"),)
    assert identifier_evidence(other, entry, "Germany") == ()  # a German number says nothing of a Russian one
    assert identifier_evidence(other, entry, None) == ()
    assert [e.feature for e in identifier_evidence(other, entry, "Russia")] == ["identifier_mismatch"]


# -- end to end -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    home = tmp_path_factory.mktemp("ids-home")
    Store(home).install(SOURCES["us-csl"], CSL, SOURCES["us-csl"].parse(CSL), None)
    return Screener(Settings(home=home, bundled_lists=False))


def _worst(screener: Screener, row: SupplierRow):
    result = screener.screen_row(row)
    return result.verdict, result.findings


def test_a_matching_lei_lifts_the_country_cap(screener):
    lei = (_lei(LEI),)
    _, capped = _worst(screener, SupplierRow(name="Quillmere Investment Bank", country="Germany"))
    assert capped and capped[0].severity == "medium"
    _, confirmed_ = _worst(screener, SupplierRow(name="Quillmere Investment Bank", country="Germany", identifiers=lei))
    assert confirmed_[0].severity != "medium"
    assert any(e.feature == "identifier_match" and e.supplier_value == LEI for e in confirmed_[0].evidence)


def test_a_different_lei_caps_the_finding_at_a_review(screener):
    _, plain = _worst(screener, SupplierRow(name="Quillmere Investment Bank", country="Russia"))
    assert plain[0].severity not in ("medium", "low", "info")
    _, capped = _worst(screener, SupplierRow(name="Quillmere Investment Bank", country="Russia",
                                             identifiers=(_lei(OTHER_LEI),)))
    assert capped and capped[0].severity == "medium"
    assert any(e.feature == "identifier_mismatch" for e in capped[0].evidence)


def test_an_identifier_alone_finds_nothing(screener):
    """Out of scope: an identifier with an unrelated name is not a match (the name must match)."""
    assert _worst(screener, SupplierRow(name="Pelican Stationery", identifiers=(_lei(LEI),)))[1] == ()


def test_check_on_a_csv_with_an_lei_column(screener, tmp_path):
    from click.testing import CliRunner

    from vendorrisk.cli import main

    path = tmp_path / "suppliers.csv"
    path.write_text("Supplier Name,Country,LEI\n"
                    f"Quillmere Investment Bank,Germany,{LEI}\n"
                    f"Quillmere Investment Bank,Russia,{OTHER_LEI}\n"
                    "Quillmere Investment Bank,Russia,NOT-AN-LEI\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"],
                                env={"VENDORRISK_HOME": str(screener.settings.home)})
    assert result.exit_code in (0, 1, 2, 3, 4), result.output
    import json

    report = json.loads(result.stdout)
    first, second, third = report["suppliers"]
    assert any(e["feature"] == "identifier_match" for e in first["findings"][0]["evidence"])
    assert second["findings"][0]["severity"] == "medium"
    assert not any(e["feature"].startswith("identifier") for e in third["findings"][0]["evidence"])
    assert any("NOT-AN-LEI" in w for w in report["warnings"])


@pytest.fixture(scope="module")
def sdn_screener(tmp_path_factory) -> Screener:
    home = tmp_path_factory.mktemp("ids-sdn-home")
    Store(home).install(SOURCES["us-ofac-sdn"], SDN, SOURCES["us-ofac-sdn"].parse(SDN), None)
    return Screener(Settings(home=home, bundled_lists=False))


def test_a_matching_identifier_confirms_a_weak_alias_in_place_of_the_country(sdn_screener):
    """OFAC marks 'QIB' weak: alone it needs an agreeing country; the bank's own BIC confirms it too."""
    assert _worst(sdn_screener, SupplierRow(name="QIB"))[1] == ()
    bic = (Identifier(kind="swift_bic", value="QUILRUMMXXX", printed="QUILRUMMXXX"),)
    _, findings = _worst(sdn_screener, SupplierRow(name="QIB", identifiers=bic))
    assert [f.entry.id for f in findings] == ["us-ofac-sdn:91001"]
    features = {e.feature for e in findings[0].evidence}
    assert {"weak_alias", "identifier_match"} <= features
    assert "the supplier's identifier confirms it" in findings[0].explanation
    other = (Identifier(kind="swift_bic", value="QUILRUMA", printed="QUILRUMA"),)
    assert _worst(sdn_screener, SupplierRow(name="QIB", identifiers=other))[1] == ()


def test_a_matching_imo_number_on_a_vessel(sdn_screener):
    imo = (Identifier(kind="imo", value="9123453", printed="IMO 9123453"),)
    _, findings = _worst(sdn_screener, SupplierRow(name="Stormpetrel", identifiers=imo))
    assert any(e.feature == "identifier_match" and e.list_value == "IMO 9123453" for e in findings[0].evidence)
