"""One fixture per rule: tests/fixtures/rules/cases/VRnnn.yml, run through the real engine."""
from __future__ import annotations

import yaml
import pytest

from vendorrisk.model import ListEntry
from vendorrisk.policy import load_rules
from vendorrisk.policy import bundled_rules_dir
from vendorrisk.report import Match

from policyhelpers import FIXTURES, match

CASES_DIR = FIXTURES / "cases"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yml")):
        for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]):
            yield pytest.param(path.stem, case, id=f"{path.stem}-{index}")


def test_every_active_rule_has_a_case_file_that_fires_it():
    book = load_rules([bundled_rules_dir()])
    fired = set()
    for path in CASES_DIR.glob("*.yml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            fired.update(e["rule"] for e in case["expect"])
    active = {r.code for r in book.active()}
    assert active <= {p.stem for p in CASES_DIR.glob("*.yml")}, "a rule has no case file"
    assert active <= fired, f"rules never fired by a case: {sorted(active - fired)}"


@pytest.mark.parametrize(("code", "case"), list(_cases()))
def test_rule_case(code, case, policy_for, catalogue):
    book, _ = catalogue
    list_entry = ListEntry.model_validate(case["entry"])
    m: Match = match(list_entry, **case["match"])
    policy = policy_for(case["profile"])

    findings = policy.evaluate([m], {})

    assert [(f.rule, f.severity) for f in findings] == [(e["rule"], e["severity"]) for e in case["expect"]]
    assert policy.verdict(findings) == case["verdict"]
    for finding in findings:
        rule = book.get(finding.rule)
        assert finding.rule_name == rule.name
        assert finding.consequence == " ".join(rule.consequence.split())
        assert finding.kind == m.kind and finding.score == m.score
        assert finding.explanation == m.explanation and finding.evidence == m.evidence
        assert finding.entry.id == list_entry.id and finding.entry.citation == list_entry.citation
        assert finding.entry.matched_name == m.matched_name and finding.entry.relation == m.relation
