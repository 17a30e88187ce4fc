"""The policy stage: rules and profiles that turn matches into cited findings and verdicts.

Usage (this is what `vendorrisk.screening.screener` calls)::

    policy = load_policy(settings)
    findings = policy.evaluate(matches, snapshots)   # one supplier's matches
    verdict = policy.verdict(findings)
    refs = policy.rule_refs(f.rule for f in findings)

Rules live in the bundled ``rules/`` folder (one ``VRnnn.yml`` per rule) plus
`Settings.rules_dirs`; profiles in ``rules/profiles.yml`` plus `Settings.profiles_file`.
"""
from __future__ import annotations

from pathlib import Path

from vendorrisk.config import Settings
from vendorrisk.errors import ConfigError
from vendorrisk.policy.conditions import CONDITION_KEYS, Condition, is_met
from vendorrisk.policy.engine import Policy, finding_entry
from vendorrisk.policy.profiles import DEFAULT_VERDICTS, Profile, load_profiles
from vendorrisk.policy.rules import Rule, RuleBook, load_rule_file, load_rules
from vendorrisk.resources import data_dir

__all__ = [
    "CONDITION_KEYS", "Condition", "DEFAULT_VERDICTS", "Policy", "Profile", "Rule", "RuleBook",
    "bundled_rules_dir", "finding_entry", "is_met", "load_catalogue", "load_policy", "load_profiles", "load_rule_file",
    "load_rules",
]


def bundled_rules_dir() -> Path:
    """The ``rules/`` folder shipped with vendorrisk."""
    return data_dir("rules")


def load_catalogue(settings: Settings) -> tuple[RuleBook, dict[str, Profile]]:
    """Every rule and every profile: bundled ones, then the user's from `settings`.

    Raises:
        RuleError: a rule or profile file is invalid.
    """
    bundled = bundled_rules_dir()
    book = load_rules((bundled, *settings.rules_dirs))
    profile_files = [bundled / "profiles.yml"]
    if settings.profiles_file is not None:
        profile_files.append(settings.profiles_file)
    return book, load_profiles(profile_files, book)


def load_policy(settings: Settings) -> Policy:
    """The policy for `settings.profile`, with `settings.threshold` applied.

    Raises:
        RuleError: a rule or profile file is invalid.
        ConfigError: the profile does not exist.
    """
    book, profiles = load_catalogue(settings)
    if settings.profile not in profiles:
        choices = ", ".join(sorted(profiles))
        raise ConfigError(f"unknown profile {settings.profile!r}; choose one of: {choices}")
    return Policy(book, profiles[settings.profile], threshold=settings.threshold)
