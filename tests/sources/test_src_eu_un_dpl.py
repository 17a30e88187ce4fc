"""The `eu-fsf`, `un-sc` and `us-bis-dpl` parsers on trimmed official-format samples."""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES


def test_eu_financial_sanctions_file(sample):
    parsed = SOURCES["eu-fsf"].parse(sample("eu-fsf/fsf-export.invented.xml"))
    assert parsed.snapshot_date == dt.date(2024, 5, 2)
    entries = {e.id: e for e in parsed.entries}
    company = entries["eu-fsf:160101"]
    assert company.name == "Meridian Polymer Joint Stock Company"
    assert set(company.aliases) == {"AO Meridian Polymer", "Меридиан Полимер"}
    assert company.type == "entity" and company.countries == ("RU",)
    assert company.programs == ("UKR",)
    assert company.listed_on == dt.date(2022, 2, 28)
    # the citation is the regulation that first listed the entity
    assert company.citation.document == "Regulation 2022/330 (OJ L53)"
    assert company.citation.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022R0330"
    assert company.citation.reference == "EU.7001.11"
    person = entries["eu-fsf:160102"]
    assert person.type == "individual" and person.aliases == ("Salim Ardalaan",)
    assert person.listed_on == dt.date(2019, 4, 8)


def test_un_consolidated_list(sample):
    parsed = SOURCES["un-sc"].parse(sample("un-sc/consolidated.invented.xml"))
    assert parsed.snapshot_date == dt.date(2026, 2, 27)
    entries = {e.id: e for e in parsed.entries}
    assert set(entries) == {"un-sc:QDi.901", "un-sc:IRi.901", "un-sc:QDe.901"}
    person = entries["un-sc:QDi.901"]
    assert person.name == "YUSUF AHMAD AL-QAMAR" and person.type == "individual"
    assert {"Yousef al-Qamar", "Abu Qamar", "يوسف أحمد القمر"} <= set(person.aliases)
    assert person.programs == ("Al-Qaida",)
    assert person.listed_on == dt.date(2011, 5, 17)
    assert person.countries == ("PS",)
    assert person.citation.reference == "QDi.901"
    assert entries["un-sc:IRi.901"].aliases == ()  # the empty alias placeholder is skipped
    entity = entries["un-sc:QDe.901"]
    assert entity.type == "entity" and entity.countries == ("AE",)
    assert set(entity.aliases) == {"Kestrel General Trading", "Kestrel Trading LLC"}


def test_denied_persons_list(sample):
    parsed = SOURCES["us-bis-dpl"].parse(sample("us-bis-dpl/dpl.invented.txt"))
    # the file has no date of its own; the newest Last_Update is only a lower bound, and the
    # bogus 3033 Last_Update in the source data is not taken as one
    assert parsed.snapshot_date is None
    assert parsed.published_on_or_after == dt.date(2023, 11, 3)
    entries = parsed.entries
    assert len(entries) == 4 and len({e.id for e in entries}) == 4
    person = entries[0]
    assert person.name == "H. BRISTOW"
    assert person.listed_on == dt.date(2016, 2, 24)
    assert person.citation.reference == "81 F.R. 12345 3/1/16"
    assert person.countries == ("US",)
    assert "02/24/2026" in person.remarks
    assert {e.countries for e in entries if e.name == "KESTREL TRADING FZE"} == {("AE",), ("TR",)}


def test_dpl_ids_are_stable_hashes_of_the_row(sample, tmp_path):
    first = [e.id for e in SOURCES["us-bis-dpl"].parse(sample("us-bis-dpl/dpl.invented.txt")).entries]
    lines = sample("us-bis-dpl/dpl.invented.txt").read_text().splitlines(keepends=True)
    (tmp_path / "dpl.txt").write_text(lines[0] + "".join(reversed(lines[1:])))
    again = [e.id for e in SOURCES["us-bis-dpl"].parse(tmp_path / "dpl.txt").entries]
    assert sorted(first) == sorted(again)
    assert all(i.startswith("us-bis-dpl:") and len(i) == len("us-bis-dpl:") + 16 for i in first)


def test_identical_dpl_rows_get_distinct_ids(sample, tmp_path):
    lines = sample("us-bis-dpl/dpl.invented.txt").read_text().splitlines(keepends=True)
    (tmp_path / "dpl.txt").write_text("".join(lines[:2] + lines[1:2]))
    ids = [e.id for e in SOURCES["us-bis-dpl"].parse(tmp_path / "dpl.txt").entries]
    assert ids[1] == ids[0] + "-2"


@pytest.mark.parametrize(("source", "fixture", "message"), [
    ("eu-fsf", "eu-fsf/broken/fsf-export.truncated.xml", r"truncated\.xml:\d+:\d+: malformed or truncated XML"),
    ("eu-fsf", "eu-fsf/broken/fsf-export.wrong-root.xml", "expected root element <export>, found <sdnList>"),
    ("un-sc", "un-sc/broken/consolidated.truncated.xml", r"truncated\.xml:\d+:\d+: malformed or truncated XML"),
    ("un-sc", "un-sc/broken/consolidated.no-records.xml", "no INDIVIDUAL or ENTITY records"),
    ("un-sc", "un-sc/broken/consolidated.missing-reference.xml", "lacks its reference number"),
    ("us-bis-dpl", "us-bis-dpl/broken/dpl.truncated.txt", r"dpl\.truncated\.txt:4: malformed"),
    ("us-bis-dpl", "us-bis-dpl/broken/dpl.truncated-mid-row.txt", r":4: expected 12 fields"),
    ("us-bis-dpl", "us-bis-dpl/broken/dpl.wrong-header.txt", "not a Denied Persons List file"),
])
def test_broken_files_are_refused_with_their_defect(sample, source, fixture, message):
    with pytest.raises(SourceError, match=message):
        SOURCES[source].parse(sample(fixture))


def test_dpl_current_csv_layout_splits_name_and_address(sample):
    parsed = SOURCES["us-bis-dpl"].parse(sample("us-bis-dpl/dpl.invented.csv"))
    assert parsed.snapshot_date is None  # the CSV carries no publication date
    entries = {e.name: e for e in parsed.entries}
    assert set(entries) == {"KESTREL TRADING FZE", "HARBIN LANTING AVIONICS CO., LTD.", "H. BRISTOW",
                            "VOSTOK POLYMER LLC"}
    harbin = entries["HARBIN LANTING AVIONICS CO., LTD."]  # the legal form's comma does not end the name
    assert harbin.addresses == ("9 XUEFU ROAD, HARBIN, CHINA",) and harbin.countries == ("CN",)
    assert harbin.listed_on == dt.date(2025, 3, 14)
    assert harbin.citation.reference == "90 F.R. 12001 3/18/2025"
    assert harbin.remarks == "type of denial: Standard; denial expires 03/14/2035"
    bristow = entries["H. BRISTOW"]  # a US address ends with state and ZIP, not a country
    assert bristow.addresses == ("41 ELM STREET, DAYTON, OH 45402",) and bristow.countries == ()
    assert entries["VOSTOK POLYMER LLC"].remarks == "type of denial: Standard"


@pytest.mark.parametrize("body, message", [
    ("Name and Address,Effective Date\n\"X, Y\",01/01/2026\n", "missing columns Expiration Date"),
    ("Name and Address,Effective Date,Expiration Date,Type of Denial,Appropriate Federal Register Citations\n",
     "holds a header but no records"),
    ("Name and Address,Effective Date,Expiration Date,Type of Denial,Appropriate Federal Register Citations\n"
     "\"X, 1 ROAD, CHINA\",01/01/2026,,Standard\n", r"dpl\.csv:2: expected 5 fields, found 4"),
])
def test_broken_dpl_csv_is_one_line(tmp_path, body, message):
    (tmp_path / "dpl.csv").write_text(body)
    with pytest.raises(SourceError, match=message):
        SOURCES["us-bis-dpl"].parse(tmp_path / "dpl.csv")


def test_un_low_quality_aliases_are_weak(sample):
    entries = SOURCES["un-sc"].parse(sample("un-sc/consolidated.invented.xml")).entries
    weak = [(e.id, e.weak_aliases) for e in entries if e.weak_aliases]
    assert weak and all(set(w) <= set(e.aliases) for e in entries for w in [e.weak_aliases])
    assert all(e.un_reference == e.id.removeprefix("un-sc:") for e in entries)
