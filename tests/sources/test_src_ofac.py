"""The `us-ofac-sdn` and `us-ofac-nonsdn` parsers: the legacy CSV sets and the SDN XML."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.sources.ofac_csv import split_programs
from vendorrisk.lists.sources.common import natural_order

SDN = SOURCES["us-ofac-sdn"]
NONSDN = SOURCES["us-ofac-nonsdn"]


def official_set(sample, folder: Path) -> Path:
    """The invented SDN fixture set laid out under OFAC's own file names, as a download is."""
    shutil.copy(sample("us-ofac-sdn/sdn.invented.csv"), folder / "sdn.csv")
    for name in ("add.csv", "alt.csv", "sdn_comments.csv"):
        shutil.copy(sample(f"us-ofac-sdn/{name}"), folder / name)
    return folder


@pytest.fixture
def sdn(sample, tmp_path):
    return {e.id: e for e in SDN.parse(official_set(sample, tmp_path)).entries}


def test_the_csv_set_is_joined_on_ent_num(sdn):
    assert set(sdn) == {"us-ofac-sdn:90001", "us-ofac-sdn:90002", "us-ofac-sdn:90003"}
    kestrel = sdn["us-ofac-sdn:90001"]
    assert kestrel.name == "KESTREL TRADING FZE"
    assert kestrel.type == "entity"
    assert kestrel.programs == ("SDGT", "IRGC")
    assert {"KESTREL GENERAL TRADING", "KESTREL TRADING LLC"} <= set(kestrel.aliases)
    assert kestrel.countries == ("AE", "TR")
    assert kestrel.addresses[0] == "Office 14, Jebel Ali Free Zone, Dubai, United Arab Emirates"
    assert kestrel.citation.document.startswith("Specially Designated Nationals")
    assert kestrel.citation.url.startswith("https://ofac.treasury.gov/")


def test_remarks_aliases_and_comment_overflow_are_kept(sdn):
    kestrel = sdn["us-ofac-sdn:90001"]
    assert "KTF" in kestrel.aliases
    assert kestrel.remarks.endswith("Subject to Secondary Sanctions.")


def test_null_marker_is_empty_and_types_are_lower_case(sdn):
    vessel = sdn["us-ofac-sdn:90003"]
    assert vessel.type == "vessel"
    assert vessel.addresses == () and vessel.countries == ()
    assert not any("-0-" in name for e in sdn.values() for name in e.all_names())


def test_individuals_are_also_named_in_natural_order(sdn):
    person = sdn["us-ofac-sdn:90002"]
    assert person.name == "ORLOV, Dmitri Ivanovich"
    assert {"Dmitri Ivanovich ORLOV", "ORLOFF, Dmitry", "Dmitry ORLOFF"} <= set(person.aliases)


def test_the_main_file_alone_finds_its_siblings(sample, sdn):
    assert {e.id: e for e in SDN.parse(sample("us-ofac-sdn/sdn.invented.csv")).entries} == sdn


def test_sdn_csv_without_companion_files_still_parses(sample, tmp_path):
    shutil.copy(sample("us-ofac-sdn/sdn.invented.csv"), tmp_path / "SDN.CSV")
    entries = SDN.parse(tmp_path).entries
    assert len(entries) == 3 and entries[0].addresses == ()


@pytest.mark.parametrize(("text", "programs"), [
    ("SDGT] [IRGC", ("SDGT", "IRGC")),
    ("UKRAINE-EO13662] [RUSSIA-EO14024", ("UKRAINE-EO13662", "RUSSIA-EO14024")),
    ("CUBA", ("CUBA",)),
    ("", ()),
])
def test_program_bracket_quirk(text, programs):
    assert split_programs(text) == programs


def test_natural_order():
    assert natural_order("ORLOV, Dmitri Ivanovich") == "Dmitri Ivanovich ORLOV"
    assert natural_order("KESTREL TRADING FZE") == "KESTREL TRADING FZE"


def test_sdn_xml(sample):
    parsed = SDN.parse(sample("us-ofac-sdn/xml/sdn.invented.xml"))
    assert parsed.snapshot_date == dt.date(2024, 3, 14)
    entries = {e.id: e for e in parsed.entries}
    person = entries["us-ofac-sdn:90002"]
    assert person.name == "ORLOV, Dmitri Ivanovich" and person.type == "individual"
    assert {"ORLOFF, Dmitry", "Dmitri Ivanovich ORLOV"} <= set(person.aliases)
    assert person.countries == ("RU",)
    assert entries["us-ofac-sdn:90001"].programs == ("SDGT", "IRGC")


@pytest.mark.parametrize(("fixture", "message"), [
    ("sdn.truncated.csv", r"sdn\.truncated\.csv:3: malformed CSV"),
    ("sdn.truncated-mid-row.csv", r"sdn\.truncated-mid-row\.csv:3: expected 12 columns"),
    ("sdn.wrong-columns.csv", r":1: expected 12 columns"),
    ("sdn.html-error-page.csv", "HTML page"),
    ("sdn.empty.csv", "empty"),
    ("sdn.ctrl-z-only.csv", "empty"),
    ("sdn.truncated.xml", r"sdn\.truncated\.xml:\d+:\d+: malformed or truncated XML"),
    ("sdn.wrong-root.xml", "expected root element <sdnList>, found <html>"),
    ("sdn.no-entries.xml", "no sdnEntry"),
])
def test_broken_sdn_files_are_refused_with_their_defect(sample, fixture, message):
    with pytest.raises(SourceError, match=message):
        SDN.parse(sample(f"us-ofac-sdn/broken/{fixture}"))


def test_a_truncated_companion_file_fails_the_whole_set(sample, tmp_path):
    shutil.copy(sample("us-ofac-sdn/sdn.invented.csv"), tmp_path / "sdn.csv")
    shutil.copy(sample("us-ofac-sdn/alt.csv"), tmp_path / "alt.csv")
    (tmp_path / "add.csv").write_bytes(sample("us-ofac-sdn/add.csv").read_bytes()[:70])
    with pytest.raises(SourceError, match="add.csv"):
        SDN.parse(tmp_path)


def test_nonsdn_entries_name_their_sublist(sample):
    entries = {e.id: e for e in NONSDN.parse(sample("us-ofac-nonsdn")).entries}
    cmic = entries["us-ofac-nonsdn:95001"]
    assert cmic.name == "LANTING OPTOELECTRONICS CO., LTD."
    assert cmic.programs == ("CMIC-EO13959",)
    assert cmic.list_name == "Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)"
    assert {"LANTING OPTO", "LANTING OPTOELECTRONICS"} <= set(cmic.aliases)
    assert cmic.countries == ("CN",)
    assert cmic.citation.url == "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists"
    ssi = entries["us-ofac-nonsdn:95002"]
    assert ssi.list_name.startswith("Sectoral Sanctions Identifications")
    assert ssi.programs == ("UKRAINE-EO13662", "RUSSIA-EO14024")
    assert ssi.remarks.endswith("Subject to Directive 2.")
    assert entries["us-ofac-nonsdn:95003"].countries == ("PS",)


def test_ofac_xml_declares_its_record_count_and_weak_akas(sample):
    parsed = SOURCES["us-ofac-sdn"].parse(sample("us-ofac-sdn/xml/sdn.invented.xml"))
    assert parsed.snapshot_date == dt.date(2024, 3, 14) and parsed.declared_records == len(parsed.entries) == 2
    kestrel = {e.id: e for e in parsed.entries}["us-ofac-sdn:90001"]
    assert "KTF" in kestrel.aliases and kestrel.weak_aliases == ("KTF",)
    nonsdn = SOURCES["us-ofac-nonsdn"].parse(sample("us-ofac-nonsdn/consolidated.invented.xml"))
    assert nonsdn.declared_records == 3 and nonsdn.snapshot_date == dt.date(2026, 11, 20)
    assert {e.list_name for e in nonsdn.entries} >= {"Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)"}


def test_ofac_downloads_the_dated_xml_from_the_documented_endpoint():
    assert SOURCES["us-ofac-sdn"].urls == {"sdn.xml": "https://sanctionslistservice.ofac.treas.gov/api/download/SDN.XML"}
    assert SOURCES["us-ofac-nonsdn"].urls == {
        "consolidated.xml": "https://sanctionslistservice.ofac.treas.gov/api/download/CONSOLIDATED.XML"}
