"""The `us-csl` parser on trimmed CSL files in the 2022 and 2025 layouts and as JSON."""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES

CSL = SOURCES["us-csl"]


@pytest.fixture
def entries_2022(sample):
    return {e.id: e for e in CSL.parse(sample("us-csl/consolidated_2022.csv")).entries}


def test_every_row_becomes_one_entry_with_a_unique_id(entries_2022):
    assert len(entries_2022) == 9


def test_entity_list_row_is_cited_with_its_federal_register_notice(entries_2022):
    entry = entries_2022["us-csl:3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e"]
    assert entry.name == "Lanting Optoelectronics Co., Ltd."
    assert {"Lanting Optoelectronics Co., Ltd. (LTO)", "LTO", "Lanting Photonics", "Lanting Opto"} <= set(entry.aliases)
    assert entry.list_name == "Entity List (EL) - Bureau of Industry and Security"
    assert entry.listed_on == dt.date(2019, 10, 9)
    assert entry.countries == ("CN",)
    assert entry.programs == ("EAR 744.11",)
    assert entry.type == "entity"
    citation = entry.citation
    assert citation.reference == "84 FR 54002; 85 FR 44159"
    assert citation.document.startswith("Entity List (EL)")
    assert "Bureau of Industry and Security" in citation.publisher
    assert citation.url == "http://bit.ly/1L47xrV"
    assert citation.date == dt.date(2019, 10, 9)


def test_alt_names_lose_the_stray_leading_and(entries_2022):
    aliases = entries_2022["us-csl:3f1c0a9e5b7d2c4e6f8a0b1c2d3e4f5a6b7c8d9e"].aliases
    assert not any(a.lower().startswith("and ") for a in aliases)


def test_affiliated_entity_clause_names_the_affiliate_and_its_parent(entries_2022):
    entry = entries_2022["us-csl:8a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b"]
    assert entry.name == "Kestrel Cloud Computing Co., Ltd."
    assert entry.related[0].name == "Kestrel Microsystems Co., Ltd. (Kestrel)"
    assert entry.related[0].relation == "parent"
    original = ("Kestrel Microsystems Co., Ltd. (Kestrel).  Affiliated Entity:  Kestrel Cloud Computing Co., Ltd., "
                "Shenzhen, Guangdong")
    assert original in entry.aliases


def test_the_original_name_is_always_the_primary_or_an_alias(sample):
    import csv
    with sample("us-csl/consolidated_2022.csv").open(encoding="utf-8") as handle:
        originals = {row["name"].strip() for row in csv.DictReader(handle)}
    names = {n for e in CSL.parse(sample("us-csl/consolidated_2022.csv")).entries for n in e.all_names()}
    assert originals <= names


def test_inline_aka_list_becomes_aliases(entries_2022):
    entry = entries_2022["us-csl:c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3"]
    assert entry.name == "Saffron Avionics Ltd."
    assert {"Saffron Aero", "SAV Trading"} <= set(entry.aliases)
    assert entry.countries == ("HK",)


def test_treasury_rows_keep_ofac_names_types_and_programs(entries_2022):
    entry = entries_2022["us-csl:40001"]
    assert entry.name == "VOSTOK, Anatoly Petrovich"
    assert entry.type == "individual"
    assert entry.programs == ("SDGT", "IRGC")
    assert entry.aliases == ("Anatoly Petrovich VOSTOK", "Anatoliy VOSTOK", "VOSTOK, Anatoliy")
    assert "Office of Foreign Assets Control" in entry.citation.publisher


def test_a_party_on_two_treasury_sublists_gets_one_id_per_sublist(entries_2022):
    assert {"us-csl:40002:sdn", "us-csl:40002:ssi"} <= set(entries_2022)
    assert entries_2022["us-csl:40002:ssi"].list_name.startswith("Sectoral Sanctions Identifications")


def test_dpl_and_isn_names_are_split(entries_2022):
    dpl = entries_2022["us-csl:5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"]
    assert dpl.name == "HARLAN BRISTOW" and "HARRY QUILL" in dpl.aliases
    isn = entries_2022["us-csl:6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a"]
    assert isn.name == "Bluewater Import and Export Company"
    assert isn.citation.reference == "Vol. 85, No. 40, 02/28/2020"


def test_2025_layout_with_every_field_quoted(sample):
    entries = {e.id[:19]: e for e in CSL.parse(sample("us-csl/consolidated_2025.csv")).entries}
    el = entries["us-csl:a1b2c3d4e5f6"]
    assert el.name == "Qingshan Robotics Technology Research Institute"
    assert {"QRTRI", "Hebei Qingshan Automation", "QRI"} <= set(el.aliases)
    assert el.citation.url.startswith("https://www.bis.doc.gov/")
    assert not any(a.startswith("and ") for a in el.addresses)
    fse = entries["us-csl:41007"]
    assert fse.type == "individual" and fse.countries == ("TR",)


def test_json_download_reads_results_and_address_objects(sample):
    parsed = CSL.parse(sample("us-csl/consolidated.json"))
    assert parsed.snapshot_date == dt.date(2024, 6, 5)
    entry = next(e for e in parsed.entries if e.name == "Lanting Optoelectronics Co., Ltd.")
    assert entry.countries == ("CN",)
    assert entry.addresses == ("No. 12 Qiaobei Road, Binhai District, Tianjin, 300450, CN",)
    assert "Lanting Opto" in entry.aliases
    assert entry.citation.reference == "84 FR 54002; 85 FR 44159"


@pytest.mark.parametrize(("fixture", "message"), [
    ("consolidated.truncated.csv", ":4: expected 29 fields"),
    ("consolidated.unclosed-quote.csv", ":3: malformed CSV"),
    ("consolidated.wrong-header.csv", "not a Consolidated Screening List file"),
    ("consolidated.header-only.csv", "no records"),
    ("consolidated.truncated.json", "malformed or truncated JSON"),
])
def test_broken_csl_files_are_refused_with_their_defect(sample, fixture, message):
    with pytest.raises(SourceError, match=message.replace(".", r"\.")) as caught:
        CSL.parse(sample(f"us-csl/{fixture}"))
    assert fixture in str(caught.value)


def test_a_folder_with_the_download_is_accepted(sample, tmp_path):
    (tmp_path / "consolidated.csv").write_bytes(sample("us-csl/consolidated_2025.csv").read_bytes())
    (tmp_path / "manifest.json").write_text("{}")
    assert len(CSL.parse(tmp_path).entries) == 3


def test_an_apostrophe_lost_to_a_question_mark_is_repaired_in_an_alias():
    from vendorrisk.lists.sources.csl_entry import row_to_entry
    entry = row_to_entry({"source": "Entity List (EL) - Bureau of Industry and Security",
                          "name": "Lanting Aerospace Academy?s 159 Factory", "addresses": "Xi?an, CN"}, "us-csl:x")
    assert entry.name == "Lanting Aerospace Academy?s 159 Factory"
    assert "Lanting Aerospace Academy's 159 Factory" in entry.aliases
