"""`vendorrisk hook FILES...`, and `vendorrisk baseline`, which says what replaced it: thin shells.

The work is in `vendorrisk.integrations.hook` (screening, exit codes) and `vendorrisk.decisions`;
this module only parses options and prints.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess
import sys
from pathlib import Path

import click

from vendorrisk.cli import commands
from vendorrisk.cli.decide import DECISIONS_FILE, default_reviewer as _default_reviewer
from vendorrisk.config import load_settings
from vendorrisk.screening.outcome import DEFAULT_FAIL_ON, EXIT_CLEAN, FAIL_ON

decisions_option = click.option(
    "--decisions", "--baseline", "decisions_path", type=click.Path(dir_okay=False), default=DECISIONS_FILE,
    show_default=True, help="Decisions file of reviewed outcomes (--baseline is its old name; an old "
                            ".vendorrisk-baseline.yaml beside it is read when it is missing).")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@decisions_option
@click.option("--write-baseline", is_flag=True,
              help="Record every open finding as an accepted risk (until --expires, default a year), then exit 3.")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day the decisions written by --write-baseline hold (default: a year from today).")
@click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=DEFAULT_FAIL_ON, show_default=True,
              help="Exit 1 when an unsuppressed finding has this severity or more, or a vendor this verdict.")
@click.option("--reviewer", help="Reviewer recorded by --write-baseline (default: git user.name).")
@click.option("--reason", help="Reason recorded by --write-baseline.")
@click.option("--name-key", help="Manifest key (or CSV column) holding vendor names (detected when omitted; "
                                 "setting: name-key).")
@click.option("--allow-skipped", is_flag=True,
              help="Let vendors that could not be screened (no name, ...) pass instead of failing.")
def hook(files, decisions_path, write_baseline, expires, profile, fail_on, reviewer, reason, name_key, allow_skipped):
    """Screen vendor manifests (YAML, JSON, TOML, CSV) offline, as a pre-commit hook.

    Uses the bundled lists and the local store, never the network. Exit codes:
    0 clean, 1 unsuppressed findings or a vendor that could not be screened,
    2 input or configuration error, 3 decisions written.

    Example: vendorrisk hook vendors.yaml --decisions .vendorrisk-decisions.yaml
    """
    from vendorrisk.integrations.hook import HookOptions, run_hook

    if not files:
        click.echo("vendorrisk: no manifest files given; nothing to screen", err=True)
        sys.exit(EXIT_CLEAN)
    options = HookOptions(decisions=Path(decisions_path), fail_on=fail_on, write_baseline=write_baseline,
                          expires=expires.date() if expires else None,
                          reviewer=reviewer or _default_reviewer(), allow_skipped=allow_skipped,
                          name_key=name_key, **({"reason": reason} if reason else {}))
    outcome = run_hook(files, load_settings({"profile": profile}), options, now=_now())
    for line in outcome.lines:
        click.echo(line)
    for error in outcome.errors:
        click.echo(f"vendorrisk: error: {error}", err=True)
    for note in outcome.notes:
        click.echo(f"vendorrisk: {note}", err=True)
    sys.exit(outcome.exit_code)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def baseline(args) -> None:
    """Replaced: reviewed decisions now live in the decisions file (docs/decisions.md).

    `baseline add` is `vendorrisk decide`, `baseline list` and `baseline prune` are
    `vendorrisk decisions list|prune`, and `vendorrisk decisions migrate` converts an
    old `.vendorrisk-baseline.yaml`. The hook reads an old baseline until then.

    Example: vendorrisk decisions migrate .vendorrisk-baseline.yaml
    """
    from vendorrisk.errors import ConfigError

    replaced = {"add": "vendorrisk decide SUPPLIER PARTY... --outcome OUTCOME --reason TEXT",
                "list": "vendorrisk decisions list", "prune": "vendorrisk decisions prune"}
    now = replaced.get(args[0] if args else "", "vendorrisk decide, vendorrisk decisions list|log|prune")
    raise ConfigError(f"`vendorrisk baseline` was replaced by the decisions file: use `{now}`; convert an old "
                      "baseline with `vendorrisk decisions migrate .vendorrisk-baseline.yaml` (docs/decisions.md)")


def one_line(text: str) -> str:
    """Terminal-safe text (`formats.base.one_line`), imported only when something is printed."""
    from vendorrisk.formats.base import one_line as safe

    return safe(text)


def _now() -> dt.datetime:
    from vendorrisk.formats import report_timestamp

    return report_timestamp(os.environ)


commands.ALL.extend([hook, baseline])
