"""Records: built without pydantic, checked by it at the edges, and `decode` agreeing with it."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from vendorrisk.config import Settings
from vendorrisk.model import Citation, ListEntry, ListSnapshot, RelatedName
from vendorrisk.policy.conditions import Condition
from vendorrisk.policy.profiles import ProfilesFile
from vendorrisk.policy.rules import Rule, rule_files
from vendorrisk.policy.yamlfile import load_marked
from vendorrisk.record import DecodeError, InvalidRecord, Record, attr, decode, load_record
from vendorrisk.report import Report
from vendorrisk.resources import data_dir
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.manifest import Manifest

from tests.recordcheck import assert_exactly_typed

CITATION = {"document": "Addition of Certain Entities to the Entity List", "reference": "84 FR 54002",
            "date": "2019-10-09", "url": "https://federalregister.gov/d/2019-22210"}
ENTRY = {"id": "test:1", "source": "test", "name": "Example Vision Co., Ltd.", "aliases": ["ExVision"],
         "related": [{"name": "Example Vision UK Ltd", "relation": "subsidiary"}], "type": "entity",
         "countries": ["CN"], "programs": ["EAR 744.11"], "listed_on": "2019-10-09", "citation": CITATION}
SNAPSHOT = {"source": "us-csl", "title": "CSL", "publisher": "ITA", "retrieved_at": "2026-11-20T08:15:00Z",
            "snapshot_date": "2026-11-19", "sha256": "0" * 64, "records": 3, "bundled": False}


def both(cls, data):
    """`decode` and `model_validate` of the same data, which must agree."""
    decoded, validated = decode(cls, data), cls.model_validate(data)
    assert decoded == validated
    assert decoded.model_dump_json() == validated.model_dump_json()
    return decoded


def test_decode_builds_what_validation_builds():
    entry = both(ListEntry, ENTRY)
    assert entry.aliases == ("ExVision",) and entry.listed_on == dt.date(2019, 10, 9)
    assert entry.related == (RelatedName(name="Example Vision UK Ltd", relation="subsidiary"),)
    snapshot = both(ListSnapshot, SNAPSHOT)
    assert snapshot.retrieved_at == dt.datetime(2026, 11, 20, 8, 15, tzinfo=dt.timezone.utc)


def test_every_bundled_rule_and_profile_decodes_as_it_validates():
    folder = data_dir("rules")
    for path in rule_files(folder):
        both(Rule, load_marked(path).data)
    both(ProfilesFile, load_marked(folder / "profiles.yml").data)


def test_a_condition_may_hold_conditions_by_their_file_keys():
    condition = both(Condition, {"all": [{"sources": ["us-csl"]}, {"not": {"kinds": ["fuzzy"]}}]})
    assert condition.all_[1].not_ == Condition(kinds=("fuzzy",))


def test_a_screening_report_is_exactly_typed_and_decodes_from_its_json(tmp_path):
    screener = Screener(Settings(home=tmp_path))
    report = screener.screen(["Hikvision UK Ltd", "Huawei Technologies", "Acme Widgets"],
                             now=dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc))
    assert any(s.findings for s in report.suppliers)
    assert_exactly_typed(report)
    assert both(Report, json.loads(report.model_dump_json())) == report


def test_manifest_decodes_as_it_validates():
    record = {"source": "us-csl", "title": "CSL", "publisher": "ITA", "licence": None,
              "files": [{"url": "https://example.org/c.csv", "etag": None, "last_modified": None,
                         "name": "c.csv", "sha256": "1" * 64, "size": 10}],
              "sha256": "1" * 64, "retrieved_at": "2026-11-20T08:15:00+00:00", "snapshot_date": None,
              "parser_version": "1", "records": 3, "origin": "download", "dir": "us-csl/x", "entries_file": "e.jsonl"}
    assert both(Manifest, {"format": 1, "sources": {"us-csl": record}}).sources["us-csl"].files[0].size == 10


@pytest.mark.parametrize("data, loc", [
    ({**ENTRY, "citation": {"document": 5}}, ("citation", "document")),
    ({**ENTRY, "aliases": "ExVision"}, ("aliases",)),
    ({**ENTRY, "related": [{"name": "X", "relation": "cousin"}]}, ("related", 0, "relation")),
    ({**ENTRY, "listed_on": "9 October 2019"}, ("listed_on",)),
    ({**ENTRY, "colour": "red"}, ("colour",)),
    ({k: v for k, v in ENTRY.items() if k != "citation"}, ("citation",)),
])
def test_decode_refuses_and_names_the_place(data, loc):
    with pytest.raises(DecodeError) as caught:
        decode(ListEntry, data)
    assert caught.value.loc == loc
    with pytest.raises(ValidationError):
        ListEntry.model_validate(data)


@pytest.mark.parametrize("pattern, value", [("^[A-Z]{2}[0-9]{3}$", "VR101\n"), ("^[a-z]+$", "Abc")])
def test_decode_checks_patterns_to_the_very_end(pattern, value):
    rule = {**load_marked(data_dir("rules") / "VR001.yml").data, "code": value}
    with pytest.raises(DecodeError):
        decode(Rule, rule)
    with pytest.raises(ValidationError):
        Rule.model_validate(rule)


def test_load_record_hands_what_decode_refuses_to_pydantic(tmp_path):
    settings = load_record(Settings, {"home": str(tmp_path), "threshold": "85", "stale_after_days": "7"})
    assert settings == Settings(home=tmp_path, threshold=85.0, stale_after_days=7)
    with pytest.raises(InvalidRecord) as caught:
        load_record(Settings, {"home": str(tmp_path), "treshold": 85, "threshold": "high"})
    first = caught.value.errors()[0]
    assert first["type"] == "extra_forbidden" and first["loc"] == ("treshold",)
    assert first["msg"] == "Extra inputs are not permitted"
    assert "threshold" in str(caught.value.errors()[1]["loc"])


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
def test_the_exactness_check_catches_values_validation_would_change():
    for wrong in (dataclasses.replace(Citation(document="d"), date="2019-10-09"),
                  ListEntry(**{**decode(ListEntry, ENTRY).__dict__, "aliases": ["ExVision"]}),
                  Settings(home=Path("/tmp"), threshold=85)):
        with pytest.raises(AssertionError):
            assert_exactly_typed(wrong)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False, width=32) | st.text(max_size=4)
    | st.sampled_from(["2019-10-09", "20191009", "2026-11-20T08:15:00Z", "2026-11-20 08:15", "entity",
                       "subsidiary", "primary", "CN", "", "x" * 3]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["document", "name", "x"]),
                                                                inner, max_size=2),
    max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(ENTRY) + ["confidence", "addresses", "remarks"]), value=JSON_VALUES)
def test_what_decode_accepts_validation_accepts_alike(field, value):
    data = {**ENTRY, field: value}
    try:
        decoded = decode(ListEntry, data)
    except DecodeError:
        return
    validated = ListEntry.model_validate(data)
    assert decoded == validated and decoded.model_dump_json() == validated.model_dump_json()


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from(["min_score", "kinds", "sources", "not", "all", "relations"]), value=JSON_VALUES)
def test_what_decode_accepts_in_a_condition_validation_accepts_alike(key, value):
    data = {key: value}
    try:
        decoded = decode(Condition, data)
    except DecodeError:
        return
    assert decoded == Condition.model_validate(data)


class _Capped(Record):
    """A record with a constraint `decode` cannot check."""

    code: str = attr(max_length=3)


def test_decode_refuses_a_record_whose_constraints_it_cannot_check():
    with pytest.raises(TypeError, match="max_length"):  # loudly, rather than skip the check
        decode(_Capped, {"code": "ABC"})
    with pytest.raises(ValidationError, match="at most 3"):
        _Capped.model_validate({"code": "ABCD"})
