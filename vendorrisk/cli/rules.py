"""The `vendorrisk rules` commands: list, explain and document the policy rules and profiles.

Thin click wrappers around `vendorrisk.policy` (loading) and `vendorrisk.policy.render`
(tables and Markdown).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from vendorrisk.cli import commands
from vendorrisk.config import load_settings
from vendorrisk.errors import ConfigError
from vendorrisk.policy import load_catalogue
from vendorrisk.policy.render import rule_docs, rule_markdown, rules_table, sync_docs
from vendorrisk.screening.outcome import EXIT_FINDINGS


@click.group("rules")
def rules_group() -> None:
    """Inspect the policy rules and the profiles that select them.

    Example: vendorrisk rules list --profile us-federal
    """


@rules_group.command("list")
@click.option("--profile", help="Only the rules of this profile, at its severities.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_command(profile: str | None, fmt: str) -> None:
    """List every rule (or a profile's rules) with status, severity and profiles.

    Example: vendorrisk rules list --profile uk-public-sector
    """
    book, profiles = load_catalogue(load_settings())
    if profile is not None and profile not in profiles:
        raise ConfigError(f"unknown profile {profile!r}; choose one of: {', '.join(sorted(profiles))}")
    rows = rules_table(book, profiles, profile)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    heading = {"code": "CODE", "name": "NAME", "status": "STATUS", "severity": "SEVERITY", "profiles": "PROFILES"}
    table = [heading, *rows]
    widths = {key: max(len(str(row[key])) for row in table) for key in ("code", "name", "status", "severity")}
    for row in table:
        cells = [str(row[key]).ljust(width) for key, width in widths.items()]
        click.echo("  ".join([*cells, str(row["profiles"])]).rstrip())


@rules_group.command("profiles")
def profiles_command() -> None:
    """List the profiles with their jurisdiction, rule count and description.

    Example: vendorrisk rules profiles
    """
    _, profiles = load_catalogue(load_settings())
    for name, profile in profiles.items():
        click.echo(f"{name:<18} {profile.jurisdiction or '-':<4} {len(profile.rules):>3} rules  "
                   f"{profile.description}")


@rules_group.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Show what a rule flags, why it matters, its consequence, condition and references.

    Example: vendorrisk rules explain VR101
    """
    book, profiles = load_catalogue(load_settings())
    click.echo(rule_markdown(book.get(code), book, profiles), nl=False)


# A developer command (docs/rules/ is generated in the repository): runnable, not in --help.
@rules_group.command("docs", hidden=True)
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/rules"),
              show_default=True, help="Folder of the generated Markdown pages.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the pages are out of date.")
def docs_command(output: Path, check: bool) -> None:
    """Generate docs/rules/*.md from the rule files, or check that they are in sync.

    Example: vendorrisk rules docs --check
    """
    book, profiles = load_catalogue(load_settings())
    changed = sync_docs(output, rule_docs(book, profiles), check=check)
    for path in changed:
        click.echo(f"{'out of date' if check else 'updated'}: {path}", err=True)
    if check and changed:
        click.echo("run `vendorrisk rules docs` to regenerate them", err=True)
        sys.exit(EXIT_FINDINGS)


commands.ALL.append(rules_group)
