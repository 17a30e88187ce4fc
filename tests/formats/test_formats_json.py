"""The JSON report: DESIGN.md §5 layout, the published schema, determinism, reading it back."""
from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from vendorrisk.errors import ConfigError, InputError
from vendorrisk.formats import render, report_timestamp
from vendorrisk.formats.base import json_text
from vendorrisk.formats.json_format import load_report
from vendorrisk.formats.json_stream import findings_json
from vendorrisk.formats.schema import SCHEMA_PATH, main, render_schema


def test_published_schema_is_in_sync_with_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "docs/report.schema.json is out of date; run `python -m vendorrisk.formats.schema`")
    assert main(["--check"]) == 0


def test_report_validates_against_the_published_schema(example_report):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    validator.validate(json.loads(render(example_report, "json")))


def test_schema_rejects_a_finding_without_its_entry(example_report):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    data = json.loads(render(example_report, "json"))
    del data["suppliers"][0]["findings"][0]["entry"]
    with pytest.raises(jsonschema.ValidationError, match="entry"):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_layout_follows_design_section_5(example_report):
    data = json.loads(render(example_report, "json"))
    assert list(data)[:4] == ["schema_version", "tool", "tool_version", "generated_at"]
    assert data["generated_at"] == "2026-11-28T12:00:00Z"
    assert [s["line"] for s in data["suppliers"]] == [2, 3, 4, 5, 6]
    finding = data["suppliers"][0]["findings"][1]
    assert {"rule", "severity", "kind", "score", "explanation", "entry"} <= set(finding)
    entry = finding["entry"]
    assert entry["id"] == "us-csl:9d2c41f7" and entry["matched_name"] == "Hikvision"
    assert entry["citation"]["reference"].startswith("84 FR 54002")
    assert entry["snapshot"]["sha256"] == data["lists"][0]["sha256"]
    assert data["lists"][0]["stale"] is True
    assert data["skipped"][0]["reason"] == "name column 'name' is empty"


def test_json_keeps_unicode_and_ends_with_one_newline(example_report):
    supplier = example_report.suppliers[1].model_copy(update={"name": "杭州海康威视 Ltd"})
    report = example_report.model_copy(update={"suppliers": (supplier,)})
    text = render(report, "json")
    assert "杭州海康威视 Ltd" in text and text.endswith("}\n") and not text.endswith("\n\n")


def test_load_report_names_the_file_and_problem(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not a vendorrisk JSON report"):
        load_report(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        load_report(bad)
    with pytest.raises(InputError, match="cannot read report"):
        load_report(tmp_path / "missing.json")


def test_report_timestamp_honours_source_date_epoch():
    assert report_timestamp({"SOURCE_DATE_EPOCH": "1764331200"}) == dt.datetime(
        2025, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
    now = report_timestamp({})
    assert now.tzinfo is dt.timezone.utc and now.microsecond == 0
    assert abs((dt.datetime.now(dt.timezone.utc) - now).total_seconds()) < 5
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH"):
        report_timestamp({"SOURCE_DATE_EPOCH": "yesterday"})


JSON_VALUES = [
    {"a": [], "b": {}, "c": [{"x": None, "y": True, "z": False}], "d": ""},
    ["Ünïcode 华为 😀", "quote \" backslash \\ slash /", "\x00\x01\x1f\x7f\u2028\u2029\b\f\n\r\t"],
    [0.0, -0.0, 85.0, 0.1 + 0.2, 1e16, 1.5e16, 1e22, 1e-4, 1.5e-05, 1e-05, 3e-09, 1e-10, 5e-324, 123456789.123],
    [0, -1, 2**63, -(2**70), 10**30],
    [float("nan"), float("inf"), float("-inf")],
    {"name": "Hangzhou Hikvision\udcff Digital", "deep": [[[[["\udc80"]]]]]},  # lone surrogates, kept from argv
]


@pytest.mark.parametrize("value", JSON_VALUES, ids=["shapes", "strings", "floats", "integers", "non-finite",
                                                    "surrogates"])
def test_json_text_writes_what_the_standard_library_writes(value):
    assert json_text(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_findings_json_of_records_is_their_dumped_data_as_the_standard_library_writes_it(example_report):
    findings = [r.findings for r in example_report.suppliers if r.findings]
    assert findings, "the example report has findings"
    for found in findings:
        data = [f.model_dump(mode="json") for f in found]
        assert findings_json(found) == json.dumps(data, ensure_ascii=False, indent=2)
    assert findings_json(()) == "[]"
