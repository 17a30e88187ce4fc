"""SARIF against GitHub code scanning's documented rules, as well as the official schema.

The rules are those of docs.github.com, "SARIF support for code scanning" and its upload
limits: paths relative to the repository root, `primaryLocationLineHash` as the only
fingerprint GitHub reads, `security` tag and `precision` on rules, a physical location
on every result, at most 5,000 results shown per run and 10 MB gzipped per file.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import jsonschema
import pytest

from tests.formats.conftest import build_example_report
from tests.formats.test_formats_sarif import SCHEMA_FILE
from vendorrisk.formats import render
from vendorrisk.formats import sarif
from vendorrisk.formats.sarif import FINGERPRINT_KEY, MAX_RESULTS
from vendorrisk.report import Party

GITHUB_MAX_GZIP_BYTES = 10 * 1024 * 1024
PRECISIONS = {"very-high", "high", "medium", "low"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def _run(report, validator) -> dict:
    log = json.loads(render(report, "sarif"))
    validator.validate(log)
    return log["runs"][0]


def _notes(run: dict) -> list[str]:
    return [n["message"]["text"] for n in run.get("invocations", [{}])[0].get("toolExecutionNotifications", [])]


def _uris(run: dict) -> set[tuple[str, str | None]]:
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    return {(a["uri"], a.get("uriBaseId")) for a in (run["artifacts"][0]["location"], *locations)}


@pytest.mark.parametrize("given", ["vendors.csv", "ABSOLUTE"])
def test_from_a_subdirectory_the_uri_is_relative_to_the_repository_root(example_report, validator, tmp_path,
                                                                          monkeypatch, given):
    (tmp_path / "procurement data").mkdir()
    monkeypatch.chdir(tmp_path / "procurement data")
    path = str(tmp_path / "procurement data" / "vendors.csv") if given == "ABSOLUTE" else given
    run = _run(example_report.model_copy(update={"input": path}), validator)
    assert _uris(run) == {("procurement%20data/vendors.csv", "%SRCROOT%")}
    assert "git repository" in run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert not any("%SRCROOT%" in n or "URI" in n for n in _notes(run))


def test_outside_a_repository_the_uri_is_relative_to_the_working_directory_and_says_so(
        example_report, validator, tmp_path_factory, monkeypatch):
    plain = tmp_path_factory.mktemp("no-repository")
    (plain / "lists").mkdir()
    monkeypatch.chdir(plain)
    run = _run(example_report.model_copy(update={"input": "lists/vendors.csv"}), validator)
    assert _uris(run) == {("lists/vendors.csv", "%SRCROOT%")}
    assert "working directory" in run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert any(n.startswith("no git repository holds lists/vendors.csv") for n in _notes(run))


def test_a_file_outside_the_working_directory_and_any_repository_keeps_an_absolute_uri_and_a_note(
        example_report, validator, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("here"))
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "vendors.csv"
    run = _run(example_report.model_copy(update={"input": str(elsewhere)}), validator)
    assert _uris(run) == {(elsewhere.as_uri(), None)} and "originalUriBaseIds" not in run
    assert any("cannot place results on it" in n for n in _notes(run))


def test_primary_location_line_hash_is_the_supplier_party_hash_and_survives_a_moved_row(example_report, validator):
    before = _run(example_report, validator)["results"]
    assert all(r["partialFingerprints"]["primaryLocationLineHash"] == r["partialFingerprints"][FINGERPRINT_KEY]
               for r in before)
    moved = tuple(s.model_copy(update={"line": s.line + 30}) for s in example_report.suppliers)
    after = _run(example_report.model_copy(update={"suppliers": moved}), validator)["results"]
    assert [r["locations"] for r in after] != [r["locations"] for r in before]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]


def test_two_parties_on_one_line_under_one_rule_stay_two_alerts(example_report, validator):
    dahua = example_report.suppliers[3]
    other = dahua.findings[0].model_copy(update={"party": Party(id="us-csl:0000beef", name="Dahua Vision Co")})
    two = dahua.model_copy(update={"findings": (dahua.findings[0], other)})
    run = _run(example_report.model_copy(update={"suppliers": (two,)}), validator)
    keys = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["primaryLocationLineHash"]) for r in run["results"]}
    assert len(run["results"]) == 2 and len(keys) == 2 and len({k[:2] for k in keys}) == 1


def test_rules_carry_what_github_reads(example_report, validator):
    for rule in _run(example_report, validator)["tool"]["driver"]["rules"]:
        props = rule["properties"]
        assert "security" in props["tags"] and len(props["tags"]) <= 10
        assert 0.0 <= float(props["security-severity"]) <= 10.0
        assert props["precision"] in PRECISIONS
        assert rule["help"]["markdown"] and rule["helpUri"].startswith("https://")
        assert rule["help"]["markdown"].count("](https://") == 1


def test_every_result_has_a_file_and_a_start_line(example_report, validator):
    unknown = example_report.suppliers[0].model_copy(update={"line": None})
    run = _run(example_report.model_copy(update={"suppliers": (unknown, *example_report.suppliers[1:])}), validator)
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == [1, 1, 1, 5]


def _many(example_report, count: int):
    """`count` findings, one per long-named supplier: the last 50 low, every tenth other critical, the rest high."""
    template = example_report.suppliers[3]
    finding = template.findings[0]
    suppliers = []
    for i in range(count):
        severity = "low" if i >= count - 50 else "critical" if i % 10 == 0 else "high"
        suppliers.append(template.model_copy(update={
            "line": i + 2, "name": f"Supplier {i:05d} " + "Holding Company Limited " * 8,
            "findings": (finding.model_copy(update={"severity": severity}),)}))
    return example_report.model_copy(update={"suppliers": tuple(suppliers)})


def test_a_run_keeps_the_most_severe_results_up_to_the_limit_with_a_note(example_report, validator):
    report = _many(example_report, MAX_RESULTS + 40)
    text = render(report, "sarif")
    run = json.loads(text)["runs"][0]
    validator.validate(json.loads(text))
    assert len(run["results"]) == MAX_RESULTS and MAX_RESULTS <= 25_000
    assert sum(r["properties"]["severity"] == "low" for r in run["results"]) == 10
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == sorted(lines)
    assert any(n.startswith(f"40 of {MAX_RESULTS + 40} findings left out (the least severe, from low down)")
               for n in _notes(run))
    assert len(gzip.compress(text.encode("utf-8"))) < GITHUB_MAX_GZIP_BYTES
    assert len(text.encode("utf-8")) / MAX_RESULTS < 2_000


def test_a_log_over_the_gzipped_size_limit_keeps_the_most_severe_results_with_a_note(example_report, validator,
                                                                                      monkeypatch):
    report = _many(example_report, 400)
    full = render(report, "sarif")
    budget = len(gzip.compress(full.encode("utf-8"))) // 2
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", budget)
    text, notes = sarif.sarif_log(report)
    validator.validate(json.loads(text))
    run = json.loads(text)["runs"][0]
    assert len(gzip.compress(text.encode("utf-8"))) <= budget
    kept = len(run["results"])
    assert 100 < kept < 400
    assert sum(r["properties"]["severity"] == "low" for r in run["results"]) == 0  # the least severe went first
    assert notes == _notes(run)[-1:] == [
        f"{400 - kept} of 400 findings left out (the least severe, from high down): GitHub code scanning refuses a "
        f"file over {budget / 1e6:g} MB gzipped; use --format json to see them all"]


def test_every_bundled_rule_links_its_official_reference():
    """helpUri is the rule's first official web reference; only VR001, vendorrisk's own catch-all, has none."""
    from vendorrisk.config import Settings
    from vendorrisk.policy import load_policy

    policy = load_policy(Settings(home=Path("unused")))
    refs = policy.rule_refs(policy.book.rules)
    rules = {r["id"]: r for r in json.loads(sarif.SarifFormatter().render(
        build_example_report().model_copy(update={"rules": refs})))["runs"][0]["tool"]["driver"]["rules"]}
    assert len(rules) == len(refs) > 20
    assert sorted(code for code, rule in rules.items() if "helpUri" not in rule) == ["VR001"]
    assert all(rule["helpUri"].startswith("https://") for code, rule in rules.items() if code != "VR001")
    for rule in rules.values():
        assert rule["help"]["markdown"] and "security" in rule["properties"]["tags"]
        assert rule["properties"]["precision"] in PRECISIONS


def test_the_documented_workflow_uploads_the_sarif_file():
    page = (Path(__file__).parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    workflow = page[page.index("github/codeql-action/upload-sarif") - 2000:]
    assert "vendorrisk check" in workflow and "--format sarif" in workflow
    assert "security-events: write" in workflow and "sarif_file:" in workflow
