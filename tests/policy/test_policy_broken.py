"""Broken rule and profile files fail to load with a RuleError naming file, line and reason.

Each fixture under tests/fixtures/rules/broken/ is named after its defect.
"""
from __future__ import annotations

import re

import pytest

from vendorrisk.errors import RuleError
from vendorrisk.policy import bundled_rules_dir, load_profiles, load_rules

from policyhelpers import FIXTURES

BROKEN = FIXTURES / "broken"

RULE_CASES = [
    ("bad-yaml", "VR900.yml", 8, "invalid YAML: "),
    ("unknown-field", "VR900.yml", 11, "unknown field 'severty' (expected one of: catch_all, code,"),
    ("unknown-condition-key", "VR900.yml", 8, "unknown condition key 'source_ids' (expected one of: all, any,"),
    ("bad-severity", "VR900.yml", 5, "severity: Input should be 'info', 'low', 'medium', 'high' or 'critical'"),
    ("bad-kind", "VR900.yml", 8, "condition.kinds.1: Input should be 'exact', 'fuzzy' or 'affiliate'"),
    ("missing-field", "VR900.yml", 1, "missing required field 'consequence'"),
    ("code-mismatch", "VR900.yml", 1, "code VR901 does not match the file name VR900.yml"),
    ("duplicate-code", "VR101.yml", 1, "duplicate rule code VR101 (also in "),
    ("duplicate-name", "VR900.yml", 2, "duplicate rule name 'ndaa-889-covered-company' (also VR101"),
    ("catch-all-with-condition", "VR900.yml", 7, "a catch_all rule applies to every uncovered match"),
    ("duplicate-key", "VR900.yml", 11, "key 'severity' appears twice"),
]


@pytest.mark.parametrize(("defect", "filename", "line", "reason"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_broken_rule_names_file_line_and_reason(defect, filename, line, reason):
    with pytest.raises(RuleError) as caught:
        load_rules([bundled_rules_dir(), BROKEN / defect])
    message = str(caught.value)
    assert message.startswith(f"{BROKEN / defect / filename}:{line}:"), message
    assert reason in message


def test_reusing_the_code_of_a_removed_rule_fails():
    removed, reuse = BROKEN / "reused-removed-code" / "removed", BROKEN / "reused-removed-code" / "reuse"
    assert load_rules([removed]).rules["VR900"].status == "removed"
    with pytest.raises(RuleError, match=r"reuse/VR900\.yml:1: code VR900 belonged to removed rule "
                                         r"'test-rule-vr900' .*codes are never reused"):
        load_rules([removed, reuse])


def test_missing_rules_directory_is_reported(tmp_path):
    with pytest.raises(RuleError, match="rules directory not found"):
        load_rules([tmp_path / "absent"])


PROFILE_CASES = [
    ("unknown-rule", 5, "profile 'mine' names unknown rule 'VR999'"),
    ("removed-rule", 9, "profile 'other' selects removed rule VR900"),
    ("no-catch-all", 2, "profile 'mine' selects no catch-all rule"),
    ("extends-cycle", 7, "extends cycle a -> b -> a"),
    ("unknown-extends", 4, "profile 'mine' extends unknown profile 'us-fedral'"),
    ("bad-severity", 6, "profiles.mine.severities.VR101: Input should be 'info'"),
    ("bad-verdict", 5, "profiles.mine.verdicts.high: Input should be 'clear', 'review'"),
    ("unknown-field", 5, "unknown field 'rule'"),
]


@pytest.mark.parametrize(("defect", "line", "reason"), PROFILE_CASES, ids=[c[0] for c in PROFILE_CASES])
def test_broken_profile_names_file_line_and_reason(defect, line, reason):
    book = load_rules([bundled_rules_dir(), BROKEN / "reused-removed-code" / "removed"])
    path = BROKEN / "profiles" / f"profiles.{defect}.yml"
    with pytest.raises(RuleError) as caught:
        load_profiles([bundled_rules_dir() / "profiles.yml", path], book)
    message = str(caught.value)
    assert re.match(rf"{re.escape(str(path))}:{line}: ", message), message
    assert reason in message


def test_every_broken_fixture_is_tested():
    tested = {c[0] for c in RULE_CASES} | {"reused-removed-code", "profiles"}
    assert {p.name for p in BROKEN.iterdir()} == tested
    assert {p.name for p in (BROKEN / "profiles").iterdir()} == {f"profiles.{c[0]}.yml" for c in PROFILE_CASES}
