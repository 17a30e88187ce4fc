"""Rendering a rule as Markdown: the one text behind `rules explain` and `docs/rules/*.md`.

The output depends only on the rule files and profiles, never on the clock or the
machine, so that a test can check the committed docs are in sync.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from vendorrisk.model import Citation
from vendorrisk.policy.engine import Policy
from vendorrisk.policy.guide import index_markdown
from vendorrisk.policy.profiles import Profile
from vendorrisk.policy.rules import Rule, RuleBook

KINDS = ("exact", "fuzzy", "affiliate")
DOCS_HEADER = "<!-- Generated from rules/{file} by `vendorrisk rules docs`; do not edit. -->"


def _text(value: str) -> str:
    return " ".join(value.split())


def citation_line(citation: Citation) -> str:
    """One Markdown bullet naming a citation's document, reference, paragraph, date and URL."""
    parts = [f"*{citation.document}*"]
    parts += [p for p in (citation.reference, citation.paragraph, citation.publisher) if p]
    if citation.date:
        parts.append(citation.date.isoformat())
    line = ", ".join(parts)
    return f"- {line} <{citation.url}>" if citation.url else f"- {line}"


def severity_cell(policy: Policy, rule: Rule) -> str:
    """A rule's severity in a profile, e.g. ``high`` or ``high (affiliate: medium)``."""
    by_kind = {kind: policy.severity(rule, kind) for kind in KINDS}
    main = by_kind["exact"]
    others = [f"{k}: {s}" for k, s in by_kind.items() if s != main]
    return f"{main} ({', '.join(others)})" if others else main


def _profile_rows(rule: Rule, book: RuleBook, profiles: Mapping[str, Profile]) -> list[str]:
    rows = []
    for name, profile in profiles.items():
        if rule.code in profile.rules:
            rows.append(f"| `{name}` | {severity_cell(Policy(book, profile), rule)} |")
    return rows or ["| (none) | |"]


def rule_markdown(rule: Rule, book: RuleBook, profiles: Mapping[str, Profile]) -> str:
    """The full Markdown page of one rule."""
    condition = rule.condition.model_dump(by_alias=True, exclude_none=True)
    condition_text = "(none: applies to every match no other rule covers)" if rule.catch_all else (
        "```yaml\n" + yaml.safe_dump(condition, sort_keys=False, allow_unicode=True).rstrip() + "\n```")
    lines = [
        f"# {rule.code} {rule.name}", "",
        f"Status: **{rule.status}** · since {rule.since} · severity **{rule.severity}**"
        + "".join(f" · {k}: **{s}**" for k, s in rule.severity_by_kind.items())
        + (" · catch-all" if rule.catch_all else ""), "",
        "## What it flags", "", _text(rule.what_it_flags), "",
        "## Why it matters", "", _text(rule.why_it_matters), "",
        "## Consequence", "", _text(rule.consequence), "",
        "## Example", "", _text(rule.example), "",
        "## Condition", "", condition_text, "",
        "## Profiles", "", "| profile | severity |", "|---|---|", *_profile_rows(rule, book, profiles), "",
        "## References", "", *(citation_line(c) for c in rule.references), "",
    ]
    return "\n".join(lines)


def rule_docs(book: RuleBook, profiles: Mapping[str, Profile]) -> dict[str, str]:
    """File name -> content for every page of ``docs/rules/``."""
    pages = {"README.md": index_markdown(book, profiles)}
    for code, rule in sorted(book.rules.items()):
        header = DOCS_HEADER.format(file=Path(book.files[code]).name)
        pages[f"{code}.md"] = header + "\n\n" + rule_markdown(rule, book, profiles)
    return pages


def sync_docs(folder: Path, pages: Mapping[str, str], *, check: bool = False) -> list[Path]:
    """Write `pages` into `folder` and delete stale rule pages; return the files that changed.

    With ``check=True`` nothing is written: the return value lists the files that are
    missing, different or stale.
    """
    changed = [folder / name for name, text in pages.items()
               if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    stale = sorted(p for p in folder.glob("*.md") if p.name not in pages) if folder.is_dir() else []
    if not check:
        folder.mkdir(parents=True, exist_ok=True)
        for path in changed:
            path.write_text(pages[path.name], encoding="utf-8")
        for path in stale:
            path.unlink()
    return changed + stale


def rules_table(book: RuleBook, profiles: Mapping[str, Profile], profile: str | None = None) -> list[dict[str, str]]:
    """One row per rule for `vendorrisk rules list`: every rule, or the rules of `profile`.

    With a profile, the severity column is the profile's (after its overrides).
    """
    if profile is None:
        return [{"code": code, "name": r.name, "status": r.status, "severity": r.severity,
                 "profiles": ",".join(n for n, p in profiles.items() if code in p.rules),
                 "summary": r.summary} for code, r in sorted(book.rules.items())]
    policy = Policy(book, profiles[profile])
    return [{"code": r.code, "name": r.name, "status": r.status, "severity": severity_cell(policy, r),
             "profiles": profile, "summary": r.summary} for r in policy.rules]
