"""The bundled curated lists: every file loads, carries the cited facts, and bad files fail clearly."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import time
from pathlib import Path

import pytest

from vendorrisk.lists.bundled import BundledList, load_bundled, load_bundled_file
from vendorrisk.errors import SourceError
from vendorrisk.model import ListEntry

FIXTURES = Path(__file__).parent / "fixtures" / "bundled"
EXPECTED_SOURCES = {
    "uk-fac-hc198", "uk-sensitive-sites-2022", "uk-huawei-designation", "us-ndaa-889",
    "us-fcc-covered-list", "us-bis-entity-list", "us-ns-cmic", "us-dod-1260h", "us-uflpa-entity-list",
}


@pytest.fixture(scope="module")
def bundled() -> dict[str, BundledList]:
    return {item.source: item for item in load_bundled()}


def entry(lists: dict[str, BundledList], entry_id: str) -> ListEntry:
    source = entry_id.split(":", 1)[0]
    matches = [e for e in lists[source].entries if e.id == entry_id]
    assert matches, f"{entry_id} not found"
    return matches[0]


def related_names(item: ListEntry) -> set[str]:
    return {r.name for r in item.related}


# --- every bundled file -------------------------------------------------------------------

def test_every_expected_source_is_bundled_once(bundled):
    assert set(bundled) == EXPECTED_SOURCES
    assert [b.source for b in load_bundled()] == sorted(b.source for b in load_bundled())


def test_snapshot_records_provenance_of_the_file(bundled):
    for item in bundled.values():
        snap = item.snapshot
        assert snap.bundled is True and snap.retrieved_at is None
        assert snap.sha256 == hashlib.sha256(item.path.read_bytes()).hexdigest()
        assert snap.records == len(item.entries) > 0
        assert snap.snapshot_date is not None and snap.title and snap.publisher and snap.licence
        assert item.path.name == f"{item.source}.yaml"


def test_every_entry_is_citable(bundled):
    for item in bundled.values():
        assert item.effect.strip() and item.jurisdiction in {"UK", "US", "EU"}
        for e in item.entries:
            assert e.source == item.source and e.id.startswith(f"{item.source}:")
            assert e.citation.document and (e.citation.reference or e.citation.url), e.id
            assert e.confidence in {"primary", "secondary", "not-found"}, e.id
            assert e.remarks, e.id
            assert all(len(c) == 2 and c.isupper() for c in e.countries), e.id


def test_loading_is_deterministic_and_cached(bundled):
    first, second = load_bundled(), load_bundled()
    assert first == second
    assert first[0] is second[0]


def test_loading_every_file_takes_under_100_ms_of_cpu(tmp_path):
    copy = tmp_path / "lists"
    shutil.copytree(load_bundled()[0].path.parent, copy)
    started = time.process_time()
    lists = load_bundled(copy)  # fresh paths, so nothing comes from the cache
    elapsed = time.process_time() - started
    assert len(lists) == len(EXPECTED_SOURCES)
    assert elapsed < 0.100, f"loading took {elapsed * 1000:.0f} ms of CPU"


# --- required facts -----------------------------------------------------------------------

def test_hc198_recommendation_names_hikvision_and_dahua(bundled):
    item = bundled["uk-fac-hc198"]
    assert (item.jurisdiction, item.kind, item.binding) == ("UK", "parliamentary-recommendation", False)
    for slug in ("hikvision", "dahua"):
        e = entry(bundled, f"uk-fac-hc198:{slug}")
        assert "HC 198" in e.citation.reference
        assert e.citation.date == dt.date(2021, 7, 8)
        assert "not found" in e.citation.paragraph  # the paragraph number is unknown, not invented
        assert "should not be permitted to operate within the UK" in e.remarks
    assert {"EZVIZ", "Hikvision UK & Ireland"} <= related_names(entry(bundled, "uk-fac-hc198:hikvision"))


def test_s889_names_the_five_companies_with_their_related_names(bundled):
    item = bundled["us-ndaa-889"]
    names = {e.name for e in item.entries}
    assert names == {"Huawei Technologies Company", "ZTE Corporation", "Hytera Communications Corporation",
                     "Hangzhou Hikvision Digital Technology Company", "Dahua Technology Company"}
    assert all("Pub. L. 115-232" in e.citation.reference for e in item.entries)
    assert any("52.204-25" in (r.paragraph or "") for r in item.references)
    hik = entry(bundled, "us-ndaa-889:hikvision")
    assert {"EZVIZ", "HiLook", "HiWatch", "Hiksemi", "Pyronix", "Hikvision UK & Ireland",
            "Hikvision USA, Inc."} <= related_names(hik)
    dahua = entry(bundled, "us-ndaa-889:dahua")
    lorex = next(r for r in dahua.related if r.name == "Lorex")
    assert "2018" in lorex.note and "2022" in lorex.note
    assert "Imou" not in related_names(dahua) and "Imou" in dahua.remarks
    assert {"Huawei Technologies (UK) Co. Limited", "Huawei Device", "HiSilicon"} <= related_names(
        entry(bundled, "us-ndaa-889:huawei"))
    assert "ZTE Kangxun Telecommunications Ltd." in related_names(entry(bundled, "us-ndaa-889:zte"))


def test_entity_list_2019_rule_has_28_entities_citing_84_fr_54002(bundled):
    rule = [e for e in bundled["us-bis-entity-list"].entries if "84 FR 54002" in e.citation.reference]
    assert len(rule) == 28
    assert {e.listed_on for e in rule} == {dt.date(2019, 10, 9)}
    assert all(e.citation.url == "https://federalregister.gov/d/2019-22210" for e in rule)
    names = {e.name for e in rule}
    assert {"Hangzhou Hikvision Digital Technology Co., Ltd.", "Dahua Technology", "IFLYTEK",
            "Megvii Technology", "Yitu Technologies", "Xinjiang Police College"} <= names
    assert sum("Public Security Bureau" in n for n in names) == 19


def test_entity_list_huawei_and_later_rules(bundled):
    huawei = entry(bundled, "us-bis-entity-list:huawei")
    assert "84 FR 22961" in huawei.citation.reference and "84 FR 43493" in huawei.citation.reference
    assert "HiSilicon Technologies Co., Ltd." in related_names(huawei)
    entries = bundled["us-bis-entity-list"].entries
    haishi = [e for e in entries if "88 FR 18983" in e.citation.reference]
    assert len(haishi) == 5 and all("Haishi" in e.name for e in haishi)
    forced = [e for e in entries if "86 FR 33119" in e.citation.reference]
    assert {e.name for e in forced} >= {"Xinjiang Production and Construction Corps",
                                        "Hoshine Silicon Industry (Shanshan) Co., Ltd."}
    assert all("EAR 744.11" in e.programs for e in entries)


def test_fcc_covered_list_has_dates_of_inclusion(bundled):
    dates = {e.name: e.listed_on for e in bundled["us-fcc-covered-list"].entries}
    assert dates["Hangzhou Hikvision Digital Technology Company"] == dt.date(2021, 3, 12)
    assert dates["Dahua Technology Company"] == dt.date(2021, 3, 12)
    assert dates["AO Kaspersky Lab"] == dt.date(2022, 3, 25)
    assert dates["China Telecom (Americas) Corp."] == dt.date(2022, 3, 25)
    assert dates["China Unicom (Americas) Operations Limited"] == dt.date(2022, 9, 20)
    assert dates["ComNet (USA) LLC"] == dt.date(2022, 9, 20)
    assert len(dates) >= 11


def test_other_us_lists_keep_their_confidence(bundled):
    # NS-CMIC membership was checked against OFAC's own non-SDN file, hence primary.
    assert {e.confidence for e in bundled["us-ns-cmic"].entries} == {"primary"}
    assert {e.listed_on for e in bundled["us-ns-cmic"].entries} == {dt.date(2021, 6, 3)}
    assert entry(bundled, "us-dod-1260h:dahua").listed_on == dt.date(2022, 10, 5)
    assert "XPCC" in entry(bundled, "us-uflpa-entity-list:xpcc").aliases
    assert bundled["us-uflpa-entity-list"].kind == "forced-labour"
    assert entry(bundled, "uk-sensitive-sites-2022:hikvision").citation.reference == "HCWS386"
    assert entry(bundled, "uk-huawei-designation:huawei").countries == ("GB",)


def test_hikvision_1260h_record_cites_every_edition(bundled):
    hik = entry(bundled, "us-dod-1260h:hikvision")
    assert hik.listed_on == dt.date(2021, 6, 3) and hik.confidence == "secondary"
    for edition in ("3 Jun 2021", "5 Oct 2022", "31 Jan 2024", "7 Jan 2025", "8 Jun 2026"):
        assert edition in hik.citation.reference, edition
    assert "86 FR 33994" in hik.citation.reference and "90 FR 1105" in hik.citation.reference
    assert hik.citation.date == dt.date(2026, 6, 8) and hik.citation.url.startswith("https://media.defense.gov/")


def test_fcc_row_of_december_2025_covers_dji_and_autel(bundled):
    dji = entry(bundled, "us-fcc-covered-list:dji")
    autel = entry(bundled, "us-fcc-covered-list:autel-robotics")
    for item in (dji, autel):
        assert item.listed_on == dt.date(2025, 12, 22) and item.citation.date == dt.date(2025, 12, 22)
        assert "s.1709(a)(1)" in item.citation.reference and "Pub. L. 118-159" in item.citation.reference
    assert {"DJI", "SZ DJI Technology Co., Ltd."} <= set(dji.aliases)


def test_ended_relations_carry_their_end_date(bundled):
    for source in ("us-ndaa-889", "uk-fac-hc198"):
        dahua = entry(bundled, f"{source}:dahua")
        ended = {r.name: r.until for r in dahua.related if r.ended}
        assert ended == {"Lorex": dt.date(2022, 11, 24), "Dahua Technology USA": dt.date(2024, 1, 31)}


def test_corrected_statements_stay_corrected(bundled):
    """Facts an audit found wrong: the wrong wording must not come back."""
    huawei = entry(bundled, "us-bis-entity-list:huawei").remarks
    assert "85 FR 36720, 85 FR 51603" not in huawei and "standards organisations" in huawei
    far = {r.reference: r.paragraph for r in bundled["us-ndaa-889"].references}
    assert "added 52.204-26 from 26 Oct 2020" not in " ".join(filter(None, far.values()))
    assert any(ref.startswith("84 FR 68314") for ref in far)
    effect = bundled["uk-sensitive-sites-2022"].effect
    assert "must not connect" not in effect and "advised" in effect
    assert not entry(bundled, "us-bis-entity-list:yixin").remarks.startswith("None")


@pytest.mark.shared
def test_2019_rule_names_agree_with_the_official_entity_list(bundled, shared_lists):
    """Every CSL Entity List row citing 84 FR 54002 is one of the bundled entries."""
    with open(shared_lists / "us-csl" / "consolidated.csv", encoding="utf-8", newline="") as handle:
        official = {row["name"].replace("?", "'") for row in csv.DictReader(handle)
                    if row["source"].startswith("Entity List") and "84 FR 54002" in row["federal_register_notice"]}
    ours = {n for e in bundled["us-bis-entity-list"].entries for n in e.all_names()}
    assert len(official) == 27
    assert official <= ours


# --- the loader on small and broken files -------------------------------------------------

def test_valid_fixture_loads_with_source_filled_in():
    item = load_bundled_file(FIXTURES / "list.ok.yaml")
    assert item.source == "test-ok" and item.binding is True and item.kind == "procurement-ban"
    assert [e.id for e in item.entries] == ["test-ok:northwind", "test-ok:bluefield"]
    assert all(e.source == "test-ok" for e in item.entries)
    assert item.entries[0].related[0].relation == "subsidiary"
    assert item.snapshot.snapshot_date == dt.date(2024, 3, 1) and item.snapshot.records == 2


@pytest.mark.parametrize(("fixture", "expected"), [
    ("list.bad-yaml.yaml", ":7:13: invalid YAML"),
    ("list.missing-citation.yaml", ":14: entries[1].citation: Field required"),
    ("list.missing-citation-document.yaml", ":14: entries[0].citation.document: Field required"),
    ("list.wrong-type.yaml", ":13: entries[0].listed_on: Input should be a valid date"),
    ("list.missing-header.yaml", ":1: licence: Field required (also: effect)"),
    ("list.duplicate-id.yaml", ":17: entries[2].id: duplicate entry id 'test-duplicate:greenhill'"),
    ("list.wrong-id-prefix.yaml", ":14: entries[1].id: entry id 'other-source:redcliff' must start with"),
    ("list.unknown-field.yaml", ":14: entries[0].confidance: Extra inputs are not permitted"),
    ("list.bad-country.yaml", ":13: entries[0].countries: 'China' is not an ISO 3166 alpha-2 code"),
    ("list.not-a-mapping.yaml", ": a bundled list must be a mapping"),
    ("list.bad-source-id.yaml", ":2: source: String should match pattern"),
    ("list.relation-ends-after-as-of.yaml",
     ":15: entries[0].related[0].until: end date 2025-01-01 is after the file's as_of date 2024-03-01"),
    ("list.relation-starts-after-end.yaml",
     ":16: entries[0].related[1].since: relation starts (2022-05-01) after it ends (2021-01-01)"),
])
def test_broken_file_names_file_line_and_field(fixture, expected):
    with pytest.raises(SourceError) as caught:
        load_bundled_file(FIXTURES / fixture)
    message = str(caught.value)
    assert message.startswith(str(FIXTURES / fixture))
    assert expected in message
    assert "\n" not in message


def test_a_broken_file_stops_the_whole_folder(tmp_path):
    shutil.copy(FIXTURES / "list.ok.yaml", tmp_path / "a.yaml")
    shutil.copy(FIXTURES / "list.duplicate-id.yaml", tmp_path / "b.yaml")
    with pytest.raises(SourceError, match=r"b\.yaml:17: entries\[2\]\.id"):
        load_bundled(tmp_path)


def test_two_files_with_one_source_id_are_refused(tmp_path):
    shutil.copy(FIXTURES / "list.ok.yaml", tmp_path / "a.yaml")
    shutil.copy(FIXTURES / "list.ok.yaml", tmp_path / "b.yaml")
    with pytest.raises(SourceError, match="source 'test-ok' is also used by"):
        load_bundled(tmp_path)


def test_missing_folder_and_non_utf8_file_are_source_errors(tmp_path):
    with pytest.raises(SourceError, match="bundled list folder not found"):
        load_bundled(tmp_path / "absent")
    (tmp_path / "latin1.yaml").write_bytes("source: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError, match="not UTF-8"):
        load_bundled(tmp_path)


def test_an_edited_file_is_reloaded(tmp_path):
    path = tmp_path / "list.yaml"
    shutil.copy(FIXTURES / "list.ok.yaml", path)
    assert load_bundled_file(path).snapshot.records == 2
    path.write_text(path.read_text(encoding="utf-8").replace("entries:", "entries: []\nold:"), encoding="utf-8")
    with pytest.raises(SourceError, match="old: Extra inputs are not permitted"):
        load_bundled_file(path)
