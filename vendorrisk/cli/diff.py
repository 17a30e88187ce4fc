"""The `vendorrisk diff` command: what changed between two JSON reports."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vendorrisk.cli import commands
from vendorrisk.diff import diff_files, render_diff
from vendorrisk.errors import InputError
from vendorrisk.screening.outcome import EXIT_CLEAN, EXIT_FINDINGS


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the diff to this file instead of stdout.")
def diff_command(old: Path, new: Path, format_name: str, output: Path | None) -> None:
    """Show what changed between two JSON reports OLD and NEW.

    Lists new findings (e.g. after a list update), cleared findings, verdict
    changes, suppliers added or removed, and list snapshots that changed.
    Findings are matched by supplier row, rule and list entry id, not by score
    or line. Exits 1 when there is a new finding or a worse verdict, else 0;
    2 when a report cannot be read.

    Example: vendorrisk diff last-month.json today.json --format json
    """
    result = diff_files(old, new)
    text = render_diff(result, format_name)
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the diff: {exc.strerror}", path=str(output)) from exc
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if result.has_new_risk else EXIT_CLEAN)


commands.ALL.append(diff_command)
