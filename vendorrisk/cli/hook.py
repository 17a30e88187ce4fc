"""`vendorrisk hook FILES...` and the `vendorrisk baseline add|list|prune` group: thin shells.

The work is in `vendorrisk.integrations.hook` (screening, exit codes) and `vendorrisk.integrations.baseline`
(decisions); this module only parses options and prints.
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

from vendorrisk.integrations.baseline import (BASELINE_FILE, DECISIONS, decision_states, load_baseline,
                                              prune_baseline, save_baseline)
from vendorrisk.cli import commands
from vendorrisk.config import load_settings
from vendorrisk.screening.outcome import DEFAULT_FAIL_ON, EXIT_CLEAN, FAIL_ON

baseline_option = click.option(
    "--baseline", "baseline_path", type=click.Path(dir_okay=False), default=BASELINE_FILE, show_default=True,
    help="Baseline file of reviewed decisions.")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@baseline_option
@click.option("--write-baseline", is_flag=True,
              help="Record every unsuppressed finding as an accepted decision, then exit 3.")
@click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=DEFAULT_FAIL_ON, show_default=True,
              help="Exit 1 when an unsuppressed finding has this severity or more, or a vendor this verdict.")
@click.option("--reviewer", help="Reviewer recorded by --write-baseline (default: git user.name).")
@click.option("--reason", help="Reason recorded by --write-baseline.")
@click.option("--name-key", help="Manifest key (or CSV column) holding vendor names (detected when omitted; "
                                 "setting: name-key).")
@click.option("--allow-skipped", is_flag=True,
              help="Let vendors that could not be screened (no name, ...) pass instead of failing.")
def hook(files, baseline_path, write_baseline, profile, fail_on, reviewer, reason, name_key, allow_skipped):
    """Screen vendor manifests (YAML, JSON, TOML, CSV) offline, as a pre-commit hook.

    Uses the bundled lists and the local store, never the network. Exit codes:
    0 clean, 1 unsuppressed findings or a vendor that could not be screened,
    2 input or configuration error, 3 baseline written.

    Example: vendorrisk hook vendors.yaml --baseline .vendorrisk-baseline.yaml
    """
    from vendorrisk.integrations.hook import HookOptions, run_hook

    if not files:
        click.echo("vendorrisk: no manifest files given; nothing to screen", err=True)
        sys.exit(EXIT_CLEAN)
    options = HookOptions(baseline=Path(baseline_path), fail_on=fail_on, write_baseline=write_baseline,
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


@click.group()
def baseline() -> None:
    """Reviewed decisions about findings: add, list and prune the baseline file.

    Example: vendorrisk baseline list
    """


@baseline.command("add")
@click.argument("supplier")
@click.argument("entry_ids", nargs=-1)
@baseline_option
@click.option("--decision", type=click.Choice(DECISIONS), default="accepted", show_default=True)
@click.option("--reviewer", required=True, help="Who reviewed the finding.")
@click.option("--reason", required=True, help="Why the finding is accepted or a false positive.")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day the decision holds.")
@click.option("--country", help="Supplier's country, as in the manifest.")
@click.option("--profile", help="Policy profile the hook runs with.")
def add(supplier, entry_ids, baseline_path, decision, reviewer, reason, expires, country, profile):
    """Record a decision about SUPPLIER's findings on ENTRY_IDS (all its findings when none given).

    Example: vendorrisk baseline add "Hikvision Europe B.V." us-ndaa-889:hikvision --reviewer "J. Doe" --reason "legacy cameras, removal contract signed" --expires 2027-06-30
    """
    from vendorrisk.integrations.hook import HookOptions, add_decisions, open_screener

    options = HookOptions(baseline=Path(baseline_path), reviewer=reviewer, reason=reason)
    made = add_decisions(open_screener(load_settings({"profile": profile})), supplier, entry_ids, options,
                         decision=decision, expires=expires.date() if expires else None,
                         today=_now().date(), country=country)
    for d in made:
        click.echo(one_line(f"{d.fingerprint}  {d.supplier} -> {d.entry}: {d.describe()}"))
    click.echo(f"vendorrisk: recorded {len(made)} decision(s) in {baseline_path}", err=True)


@baseline.command("list")
@baseline_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--profile", help="Policy profile the hook runs with.")
def list_(baseline_path, fmt, profile):
    """Show every decision in the baseline and whether it is live, expired or orphaned.

    Orphaned: a list update changed or removed its entry, so it no longer suppresses anything
    (`vendorrisk baseline prune` removes it).

    Example: vendorrisk baseline list --format json
    """
    from vendorrisk.integrations.hook import open_screener
    from vendorrisk.model import SupplierRow

    today = _now().date()
    decisions = load_baseline(baseline_path)
    screener = open_screener(load_settings({"profile": profile})) if decisions.decisions else None
    states = decision_states(decisions, lambda name: screener.screen_row(SupplierRow(name=name)), today)
    if fmt == "json":
        rows = [{**d.model_dump(mode="json"), "expired": state == "expired", "state": state}
                for d, state, _ in states]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for d, state, _ in states:
        click.echo(one_line(f"{d.fingerprint}  {state:8}  {d.supplier} -> {d.entry}: {d.describe()}"))
    click.echo(f"vendorrisk: {len(states)} decision(s) in {one_line(baseline_path)}", err=True)


@baseline.command("prune")
@baseline_option
@click.option("--dry-run", is_flag=True, help="Only show what would be removed.")
@click.option("--profile", help="Policy profile the hook runs with.")
def prune(baseline_path, dry_run, profile):
    """Remove expired decisions and those that no longer match a finding of their supplier.

    Example: vendorrisk baseline prune --dry-run
    """
    from vendorrisk.integrations.hook import open_screener
    from vendorrisk.model import SupplierRow

    screener = open_screener(load_settings({"profile": profile}))
    kept, removed = prune_baseline(load_baseline(baseline_path),
                                   lambda name: screener.screen_row(SupplierRow(name=name)), _now().date())
    for d, why in removed:
        click.echo(one_line(f"{'would remove' if dry_run else 'removed'} {d.fingerprint}  {d.supplier} -> "
                            f"{d.entry}: {why}"))
    if removed and not dry_run:
        save_baseline(kept, baseline_path)
    click.echo(f"vendorrisk: {len(kept.decisions)} decision(s) kept, {len(removed)} removed", err=True)


def one_line(text: str) -> str:
    """Terminal-safe text (`formats.base.one_line`), imported only when something is printed."""
    from vendorrisk.formats.base import one_line as safe

    return safe(text)


def _default_reviewer() -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def _now() -> dt.datetime:
    from vendorrisk.formats import report_timestamp

    return report_timestamp(os.environ)


commands.ALL.extend([hook, baseline])
