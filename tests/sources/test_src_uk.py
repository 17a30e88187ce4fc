"""The `uk-sanctions` parser: OFSI ConList CSV (2018 and 2020 layouts) and FCDO UK Sanctions List XML."""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES

UK = SOURCES["uk-sanctions"]


def test_2018_windows_1252_rows_are_grouped_by_group_id(sample):
    parsed = UK.parse(sample("uk-lists/sanctionsconlist_2018.csv"))
    assert parsed.snapshot_date == dt.date(2018, 4, 13)
    entries = {e.id: e for e in parsed.entries}
    assert set(entries) == {"uk-sanctions:14801", "uk-sanctions:14790", "uk-sanctions:13911"}
    person = entries["uk-sanctions:14801"]
    assert person.name == "Anatoliy VOSTOK"  # the Prime Alias row, not the first row; leading space dropped
    assert person.aliases == ("Anatoly Petrovich VOSTOK",)
    assert person.type == "individual"
    assert person.listed_on == dt.date(2022, 3, 15)
    assert "\u2018MP\u2019" in person.remarks  # curly quotes decoded from Windows-1252
    company = entries["uk-sanctions:14790"]
    assert company.name == "MERIDIAN POLYMER JSC"
    assert set(company.aliases) == {"AO MERIDIAN POLYMER", "MERIDIAN POLIMER"}
    assert company.countries == ("RU",)
    assert company.addresses[0] == "12 ul. Zavodskaya, Perm, 614990, Russia"
    assert company.programs == ("Russia",)
    assert company.citation.publisher.startswith("HM Treasury")


def test_a_partial_listing_date_is_unknown_not_invented(sample):
    entries = {e.id: e for e in UK.parse(sample("uk-lists/sanctionsconlist_2018.csv")).entries}
    assert entries["uk-sanctions:13911"].listed_on is None


def test_2020_utf8_layout_with_non_latin_names(sample):
    parsed = UK.parse(sample("uk-lists/ConList_2020.csv"))
    assert parsed.snapshot_date == dt.date(2020, 4, 27)
    entries = {e.id: e for e in parsed.entries}
    person = entries["uk-sanctions:9101"]
    assert person.name == "Selim ARDALAN"
    assert {"Salim ARDALAAN", "سلیم اردلان"} <= set(person.aliases)
    # a group without a Prime Alias row takes its first row's name
    assert entries["uk-sanctions:15990"].name == "LANTING OPTOELECTRONICS CO., LTD."
    assert entries["uk-sanctions:15990"].countries == ("CN",)


def test_fcdo_uk_sanctions_list_xml(sample):
    parsed = UK.parse(sample("uk-lists/fcdo-list.invented.xml"))
    assert parsed.snapshot_date == dt.date(2026, 6, 10)
    entries = {e.id: e for e in parsed.entries}
    company = entries["uk-sanctions:RUS1801"]
    assert company.name == "MERIDIAN POLYMER JSC"
    assert {"AO MERIDIAN POLYMER", "MERIDIAN POLIMER", "АО Меридиан Полимер"} <= set(company.aliases)
    assert company.countries == ("RU",)
    assert company.listed_on == dt.date(2022, 3, 15)
    assert company.citation.reference == "RUS1801"
    assert "FCDO" in company.citation.publisher
    assert entries["uk-sanctions:RUS1802"].name == "Anatoly Petrovich VOSTOK"
    assert entries["uk-sanctions:RUS1803"].type == "vessel"


@pytest.mark.parametrize(("fixture", "message"), [
    ("ConList.truncated.csv", r"ConList\.truncated\.csv:4: expected 36 fields"),
    ("ConList.wrong-header.csv", "not an OFSI Consolidated List CSV"),
    ("ConList.header-only.csv", "no targets"),
    ("fcdo-list.truncated.xml", r"truncated\.xml:\d+:\d+: malformed or truncated XML"),
    ("fcdo-list.missing-unique-id.xml", "lacks its UniqueID"),
])
def test_broken_uk_files_are_refused_with_their_defect(sample, fixture, message):
    with pytest.raises(SourceError, match=message):
        UK.parse(sample(f"uk-lists/broken/{fixture}"))


def test_fcdo_uk_sanctions_list_csv_gives_the_same_entries_as_the_xml(sample):
    parsed = UK.parse(sample("uk-lists/fcdo-list.invented.csv"))
    assert parsed.snapshot_date == dt.date(2026, 10, 8)
    from_xml = {e.id: e for e in UK.parse(sample("uk-lists/fcdo-list.invented.xml")).entries}
    entries = {e.id: e for e in parsed.entries}
    assert set(entries) == set(from_xml) == {"uk-sanctions:RUS1801", "uk-sanctions:RUS1802", "uk-sanctions:RUS1803",
                                             "uk-sanctions:AQD0104"}
    for entry_id, entry in entries.items():
        xml = from_xml[entry_id]
        assert (entry.name, set(entry.aliases), entry.type, entry.countries, entry.listed_on, entry.programs,
                entry.weak_aliases, entry.un_reference) == \
            (xml.name, set(xml.aliases), xml.type, xml.countries, xml.listed_on, xml.programs, xml.weak_aliases,
             xml.un_reference)
    assert entries["uk-sanctions:RUS1801"].addresses == ("12 ul. Zavodskaya, Perm, 614990, Russia",)
    assert entries["uk-sanctions:RUS1801"].remarks == "Manufacturer of polymers for the defence sector."


def test_truncated_fcdo_csv_is_refused(sample):
    with pytest.raises(SourceError, match=r"fcdo-list\.truncated\.csv:\d+: expected 47 fields"):
        UK.parse(sample("uk-lists/broken/fcdo-list.truncated.csv"))


def test_fcdo_alias_strength_marks_weak_aliases_and_the_un_reference_is_kept(sample):
    for fixture in ("uk-lists/fcdo-list.invented.csv", "uk-lists/fcdo-list.invented.xml"):
        entries = {e.id: e for e in UK.parse(sample(fixture)).entries}
        un_listed = entries["uk-sanctions:AQD0104"]
        assert un_listed.aliases == ("AL-NUR MOVEMENT", "NUR")  # a weak alias is still an alias
        assert un_listed.weak_aliases == ("NUR",)  # "Low quality a.k.a"; "Good quality a.k.a" is strong
        assert un_listed.un_reference == "QDe.115"
        assert entries["uk-sanctions:RUS1801"].weak_aliases == () and entries["uk-sanctions:RUS1801"].un_reference is None
