"""Profiles: selection, severity overrides, extends/exclude, verdict maps, and user configuration."""
from __future__ import annotations

import pytest

from vendorrisk.config import load_settings
from vendorrisk.errors import ConfigError
from vendorrisk.policy import load_policy

from policyhelpers import FIXTURES, entry, match

USER = FIXTURES / "user"


def test_default_selects_every_stable_rule(catalogue):
    book, profiles = catalogue
    assert set(profiles["default"].rules) == {r.code for r in book.active() if r.status == "stable"}


def test_profiles_raise_and_lower_the_same_rule(policy_for):
    s889 = match(entry("us-ndaa-889:huawei", name="Huawei Technologies Company"), kind="affiliate", score=90,
                 relation="affiliate")
    severities = {name: policy_for(name).evaluate([s889], {})[0].severity
                  for name in ("default", "us-federal", "us-exporter")}
    assert severities == {"default": "high", "us-federal": "critical", "us-exporter": "low"}


def test_a_profile_without_a_specific_rule_reports_through_the_catch_all(policy_for):
    s889 = match(entry("us-ndaa-889:huawei", name="Huawei Technologies Company"))
    assert [f.rule for f in policy_for("uk-public-sector").evaluate([s889], {})] == ["VR001"]


def _user_settings(tmp_path, profile="acme-uk", **extra):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.vendorrisk]\n"
        f'rules-dirs = ["{USER}"]\n'
        f'profiles-file = "{USER / "profiles.yml"}"\n'
        f'profile = "{profile}"\n', encoding="utf-8")
    return load_settings(extra, environ={"VENDORRISK_HOME": str(tmp_path / "home")}, cwd=tmp_path)


def test_user_rules_and_profile_from_pyproject(tmp_path):
    policy = load_policy(_user_settings(tmp_path))
    assert policy.profile.name == "acme-uk" and policy.profile.jurisdiction == "GB"
    assert set(policy.profile.rules) == {"VR001", "VR201", "VR202", "VR203", "VR205", "VR206", "VR302",
                                          "VR402", "ACME001", "VR103"}
    hc198 = entry("uk-fac-hc198:dahua", name="Dahua")
    by_kind = {kind: [rule for f in policy.evaluate([match(hc198, kind=kind)], {})
                      for rule in f.entry.rules.items()]
               for kind in ("exact", "fuzzy", "affiliate")}
    assert by_kind == {
        "exact": [("ACME001", "critical"), ("VR202", "high")],  # VR202 per-kind override: affiliate only
        "fuzzy": [("VR202", "high")],  # ACME001 is for exact and affiliate matches
        "affiliate": [("ACME001", "critical"), ("VR202", "critical")],
    }


def test_buyer_jurisdiction_argument_overrides_the_profile(tmp_path):
    policy = load_policy(_user_settings(tmp_path))
    hc198 = match(entry("uk-fac-hc198:dahua", name="Dahua"))
    assert [f.rules for f in policy.evaluate([hc198], {}, buyer="US")] == [("VR202",)]
    assert [f.rules for f in policy.evaluate([hc198], {}, buyer="gb")] == [("ACME001", "VR202")]


def test_preview_rules_in_force_are_reported_as_warnings(tmp_path, policy_for):
    assert load_policy(_user_settings(tmp_path)).warnings == (
        "profile 'acme-uk' uses preview rule ACME001 acme-no-named-surveillance-makers",)
    assert policy_for("default").warnings == ()


def test_user_verdict_map_and_lowered_rule(tmp_path):
    policy = load_policy(_user_settings(tmp_path))
    el = match(entry("us-csl:el-1", list_name="Entity List (EL) - Bureau of Industry and Security"))
    findings = policy.evaluate([el], {})
    assert [(f.rule, f.severity) for f in findings] == [("VR103", "low")]
    assert policy.verdict(findings) == "clear"


def test_flags_choose_the_profile_and_unknown_profiles_are_a_config_error(tmp_path):
    assert load_policy(_user_settings(tmp_path, profile="acme-uk", profile_flag=None)).profile.name == "acme-uk"
    assert load_policy(_user_settings(tmp_path, profile="eu")).profile.name == "eu"
    with pytest.raises(ConfigError, match="unknown profile 'us-fedral'; choose one of: acme-uk, default, development-finance, eu"):
        load_policy(_user_settings(tmp_path, profile="us-fedral"))


def test_a_user_profile_may_replace_a_bundled_one(tmp_path):
    replacement = tmp_path / "profiles.yml"
    replacement.write_text("profiles:\n  default:\n    description: Only sanctions.\n"
                           "    rules: [VR001, VR107]\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f'[tool.vendorrisk]\nprofiles-file = "{replacement}"\n',
                                             encoding="utf-8")
    settings = load_settings(environ={"VENDORRISK_HOME": str(tmp_path / "h")}, cwd=tmp_path)
    assert load_policy(settings).profile.rules == ("VR001", "VR107")
