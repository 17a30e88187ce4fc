"""The bundled rules against the bundled curated lists (lists/): the issue's two "done when" cases.

Matches are built by hand from the real curated entries, so these tests do not depend
on the matching stage.
"""
from __future__ import annotations

import pytest

from vendorrisk.lists.bundled import load_bundled

from policyhelpers import match


@pytest.fixture(scope="module")
def bundled():
    lists = load_bundled()
    return ({bl.source: bl.snapshot for bl in lists},
            {e.id: e for bl in lists for e in bl.entries})


def _direct_matches(entries, name):
    return [match(e, matched_name=name) for e in entries.values() if name in e.all_names()]


def test_zte_corporation_under_us_federal(bundled, policy_for):
    snapshots, entries = bundled
    policy = policy_for("us-federal")
    findings = policy.evaluate(_direct_matches(entries, "ZTE Corporation"), snapshots)
    by_rule = {f.rule: f for f in findings}
    assert by_rule["VR101"].severity == by_rule["VR102"].severity == "critical"
    assert "Pub. L. 115-232" in by_rule["VR101"].entry.citation.reference
    assert "47 CFR 1.50002" in by_rule["VR102"].entry.citation.reference
    assert by_rule["VR102"].entry.snapshot.sha256 == snapshots["us-fcc-covered-list"].sha256
    assert policy.verdict(findings) == "prohibited"


def test_hikvision_uk_ltd_under_uk_public_sector_and_default(bundled, policy_for):
    snapshots, entries = bundled
    affiliates = [match(e, kind="affiliate", score=90, matched_name=r.name, relation=r.relation)
                  for e in entries.values() for r in e.related if r.name == "Hikvision UK & Ireland"]
    assert affiliates, "no bundled entry lists Hikvision UK & Ireland as a related name"
    uk = policy_for("uk-public-sector")
    findings = uk.evaluate(affiliates, snapshots)
    hc198 = [f for f in findings if f.rule == "VR202"]
    assert len(hc198) == 1 and hc198[0].severity == "high" and hc198[0].entry.relation == "subsidiary"
    assert "HC 198" in hc198[0].entry.citation.reference
    assert all(f.rule for f in findings) and uk.verdict(findings) == "restricted"
    default = policy_for("default")
    default_findings = default.evaluate(affiliates, snapshots)
    severities = {f.rule: f.severity for f in default_findings}
    assert severities["VR202"] == severities["VR203"] == "medium"
    assert default.verdict(default_findings) == ("restricted" if "high" in severities.values() else "review")
