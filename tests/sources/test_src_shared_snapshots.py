"""Integration: every real snapshot in ../shared/data/lists parses, with the counts PROVENANCE.md states.

The files are read in place (never copied into the project). Parse times are CPU
seconds of this process, so a busy machine does not make them flaky.
"""
from __future__ import annotations

import csv
import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest

from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.sources.base import ParsedList

from tests.recordcheck import assert_exactly_typed

pytestmark = pytest.mark.shared
_PARSED: dict[tuple[str, Path], tuple[ParsedList, float]] = {}


def parsed(source_id: str, path: Path) -> tuple[ParsedList, float]:
    """Parse once per test session; returns the result and the CPU seconds it took."""
    key = (source_id, path)
    if key not in _PARSED:
        start = time.process_time()
        result = SOURCES[source_id].parse(path)
        _PARSED[key] = (result, time.process_time() - start)
    return _PARSED[key]


def by_type(result: ParsedList) -> Counter:
    return Counter(e.type for e in result.entries)


@pytest.mark.slow
def test_full_csl_2022(shared_lists):
    result, seconds = parsed("us-csl", shared_lists / "us-csl" / "consolidated.csv")
    assert len(result.entries) == 14_160
    assert len({e.id for e in result.entries}) == 14_160
    lists = Counter(e.list_name.split(" (")[0] for e in result.entries)
    assert lists["Entity List"] == 2_001 and lists["Specially Designated Nationals"] == 10_026
    assert seconds < 3.0, f"CSL took {seconds:.2f} CPU s"


@pytest.mark.slow
def test_hikvision_entity_list_entry_cites_84_fr_54002(shared_lists):
    result, _ = parsed("us-csl", shared_lists / "us-csl" / "consolidated.csv")
    hikvision = [e for e in result.entries if e.name == "Hangzhou Hikvision Digital Technology Co., Ltd."]
    assert len(hikvision) == 1
    entry = hikvision[0]
    assert entry.list_name.startswith("Entity List (EL)")
    assert "84 FR 54002" in entry.citation.reference
    assert entry.listed_on == dt.date(2019, 10, 9)
    assert "Hikvision" in entry.aliases and "CN" in entry.countries


@pytest.mark.slow
def test_every_csl_name_is_kept_as_primary_or_alias(shared_lists):
    path = shared_lists / "us-csl" / "consolidated.csv"
    result, _ = parsed("us-csl", path)
    with path.open(encoding="utf-8") as handle:
        originals = [row["name"].strip() for row in csv.DictReader(handle)]
    assert all(name in entry.all_names() for name, entry in zip(originals, result.entries))
    assert not any(a.lower().startswith("and ") for e in result.entries for a in e.aliases)


def test_csl_2025_excerpt(shared_lists):
    result, _ = parsed("us-csl", shared_lists / "us-csl" / "fixtures" / "consolidated_excerpt_2025-06.csv")
    assert len(result.entries) == 13
    cetc = next(e for e in result.entries if e.name.startswith("China Electronics Technology Group Corporation 13th"))
    assert "CETC 13" in cetc.aliases and "CETC Research Institute 13" in cetc.aliases


@pytest.mark.slow
def test_sdn_2023_12_28_csv_set(shared_lists):
    result, seconds = parsed("us-ofac-sdn", shared_lists / "us-ofac-sdn" / "2023-12-28")
    assert len(result.entries) == 13_821
    assert by_type(result) == {"individual": 6_646, "vessel": 764, "aircraft": 378, "entity": 6_033}
    assert sum(1 for e in result.entries if e.addresses) > 11_000
    entries = {e.id: e for e in result.entries}
    with (shared_lists / "us-ofac-sdn" / "2023-12-28" / "alt.csv").open(newline="") as handle:
        alt_rows = [row for row in csv.reader(handle) if len(row) == 5]
    assert len(alt_rows) == 17_091
    missing = [r for r in alt_rows if r[3] not in entries[f"us-ofac-sdn:{r[0]}"].all_names()]
    assert not missing[:5]
    assert seconds < 3.0, f"SDN took {seconds:.2f} CPU s"


@pytest.mark.slow
def test_sdn_2024_05_03_csv_alone(shared_lists):
    result, seconds = parsed("us-ofac-sdn", shared_lists / "us-ofac-sdn" / "2024-05-03" / "sdn.csv")
    assert len(result.entries) == 14_965
    assert by_type(result) == {"individual": 6_854, "vessel": 851, "aircraft": 376, "entity": 6_884}
    assert seconds < 3.0, f"SDN took {seconds:.2f} CPU s"


def test_sdn_xml_excerpt(shared_lists):
    result, _ = parsed("us-ofac-sdn", shared_lists / "us-ofac-sdn" / "fixtures" / "sdn_xml_excerpt_2020-04-22")
    assert len(result.entries) == 8
    assert result.snapshot_date == dt.date(2020, 4, 22)


def test_nonsdn_with_hikvision_cmic_entry(shared_lists):
    result, _ = parsed("us-ofac-nonsdn", shared_lists / "us-ofac-nonsdn")
    assert len(result.entries) == 442
    entry = next(e for e in result.entries if e.id == "us-ofac-nonsdn:30946")
    assert entry.name == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert entry.programs == ("CMIC-EO13959",)
    assert entry.list_name.endswith("(NS-CMIC)")
    assert "HIKVISION" in entry.aliases


def test_denied_persons_list(shared_lists):
    result, _ = parsed("us-bis-dpl", shared_lists / "us-bis-dpl" / "dpl.txt")
    assert len(result.entries) == 665
    assert len({e.id for e in result.entries}) == 665
    assert (result.snapshot_date, result.published_on_or_after) == (None, dt.date(2023, 11, 28))
    assert not any(e.name != e.name.strip() for e in result.entries)


def test_un_consolidated_list(shared_lists):
    result, _ = parsed("un-sc", shared_lists / "un-sc" / "consolidated.xml")
    assert by_type(result) == {"individual": 730, "entity": 273}
    assert result.snapshot_date == dt.date(2026, 2, 27)
    assert len({e.id for e in result.entries}) == 1_003


def test_uk_ofsi_2018_full_list(shared_lists):
    result, _ = parsed("uk-sanctions", shared_lists / "uk-sanctions" / "sanctionsconlist.csv")
    assert len(result.entries) == 2_106
    assert result.snapshot_date == dt.date(2018, 4, 13)
    assert len({p for e in result.entries for p in e.programs}) == 26
    assert not any(e.name != e.name.strip() for e in result.entries)


def test_uk_ofsi_2020_excerpt(shared_lists):
    result, _ = parsed("uk-sanctions", shared_lists / "uk-sanctions" / "fixtures" / "ConList_excerpt_2020-04-27.csv")
    assert len(result.entries) == 6
    assert result.snapshot_date == dt.date(2020, 4, 27)


def test_eu_fsf_excerpt(shared_lists):
    result, _ = parsed("eu-fsf", shared_lists / "eu-fsf" / "fixtures" / "eu_fsf_excerpt_2020-04-15.xml")
    assert len(result.entries) == 7
    assert result.snapshot_date == dt.date(2020, 4, 15)


@pytest.mark.slow
@pytest.mark.parametrize("source_id, relative", [
    ("us-csl", "us-csl/consolidated.csv"),
    ("us-ofac-sdn", "us-ofac-sdn/2024-05-03/sdn.csv"),
    ("us-ofac-sdn", "us-ofac-sdn/fixtures/sdn_xml_excerpt_2020-04-22"),
    ("us-ofac-nonsdn", "us-ofac-nonsdn"),
    ("uk-sanctions", "uk-sanctions/sanctionsconlist.csv"),
    ("un-sc", "un-sc/consolidated.xml"),
    ("us-bis-dpl", "us-bis-dpl/dpl.txt"),
    ("eu-fsf", "eu-fsf/fixtures/eu_fsf_excerpt_2020-04-15.xml"),
])
def test_parsed_entries_hold_exactly_the_values_validation_gives(shared_lists, source_id, relative):
    result, _ = parsed(source_id, shared_lists / relative)
    assert result.entries
    assert_exactly_typed(*result.entries)
