"""The index page of docs/rules: every rule and profile, and how to write your own.

Rendered from the rule book, the profiles and the field descriptions of `Rule`,
`Condition` and `ProfileSpec`, so the reference cannot drift from the code.
"""
from __future__ import annotations

import inspect
from collections.abc import Mapping

from vendorrisk.policy import engine
from vendorrisk.policy.conditions import Condition
from vendorrisk.policy.profiles import DEFAULT_VERDICTS, Profile, ProfileSpec
from vendorrisk.policy.rules import Rule, RuleBook
from vendorrisk.record import Record, field_specs

CONFIG_EXAMPLE = """```toml
[tool.vendorrisk]
rules-dirs = ["policy/rules"]          # folders of your own rule files, e.g. ACME001.yml
profiles-file = "policy/profiles.yml"  # your profiles; may `extends` a bundled one
profile = "acme-uk"                    # or --profile / VENDORRISK_PROFILE
```"""


def _fields_table(model: type[Record]) -> list[str]:
    rows = ["| key | meaning |", "|---|---|"]
    for spec in field_specs(model):
        rows.append(f"| `{spec.key}` | {spec.description or ''} |")
    return rows


def _rules_table(book: RuleBook, profiles: Mapping[str, Profile]) -> list[str]:
    rows = ["| code | name | status | severity | profiles | summary |", "|---|---|---|---|---|---|"]
    for code, rule in sorted(book.rules.items()):
        used = ", ".join(f"`{n}`" for n, p in profiles.items() if code in p.rules) or "-"
        rows.append(f"| [{code}]({code}.md) | {rule.name} | {rule.status} | {rule.severity} | {used} "
                    f"| {rule.summary} |")
    return rows


def _profiles_table(profiles: Mapping[str, Profile]) -> list[str]:
    rows = ["| profile | jurisdiction | rules | description |", "|---|---|---|---|"]
    for name, p in profiles.items():
        rows.append(f"| `{name}` | {p.jurisdiction or '-'} | {', '.join(p.rules)} | {p.description} |")
    return rows


def index_markdown(book: RuleBook, profiles: Mapping[str, Profile]) -> str:
    """The ``docs/rules/README.md`` page."""
    semantics = inspect.cleandoc(engine.__doc__ or "").split("\n", 1)[1].strip()
    verdicts = ", ".join(f"{s} → {v}" for s, v in DEFAULT_VERDICTS.items())
    lines = [
        "# Policy rules", "",
        "Generated from `rules/` by `vendorrisk rules docs`; do not edit.", "",
        "## Rules", "", *_rules_table(book, profiles), "",
        "## Profiles", "", "Choose one with `--profile NAME`.", "", *_profiles_table(profiles), "",
        "## From matches to findings and verdicts", "", semantics, "",
        f"Default verdicts by worst severity: {verdicts}.", "",
        "## Writing rules", "",
        "One YAML file per rule, named by its code (`VR101.yml`). Fields:", "", *_fields_table(Rule), "",
        "Condition keys (ANDed; list values match any of the listed values):", "",
        *_fields_table(Condition), "",
        "## Writing profiles", "",
        "A profiles file has one key, `profiles`, mapping each name to:", "", *_fields_table(ProfileSpec), "",
        "Every profile must select a catch-all rule (such as VR001), so no match is dropped. "
        "A profile in a later file replaces a same-named one.", "",
        "## Your own rules and profiles", "", CONFIG_EXAMPLE, "",
    ]
    return "\n".join(lines)
