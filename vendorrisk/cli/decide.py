"""`vendorrisk decide` and the `vendorrisk decisions list|log|prune|migrate` group: thin shells.

The work is in `vendorrisk.decisions` (the file, the audit log, migration); this
module only parses options and prints.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import subprocess

import click

from vendorrisk.cli import commands
from vendorrisk.config import load_settings

DECISIONS_FILE = ".vendorrisk-decisions.yaml"  # vendorrisk.decisions.DECISIONS_FILE, without importing it
OUTCOMES = ("false-positive", "accepted-risk", "escalate", "block")

decisions_option = click.option(
    "--decisions", "decisions_path", type=click.Path(dir_okay=False), default=DECISIONS_FILE, show_default=True,
    help="Decisions file of reviewed outcomes (the audit log is written beside it).")


@click.command()
@click.argument("supplier")
@click.argument("parties", nargs=-1)
@click.option("--outcome", type=click.Choice(OUTCOMES), required=True,
              help="false-positive and accepted-risk close the finding; escalate and block keep it open.")
@click.option("--reason", required=True, help="Why: what was checked, or what was agreed.")
@click.option("--reviewer", help="Who decided (default: git user.name, else the login name).")
@click.option("--expires", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Last day the decision holds (required for accepted-risk).")
@click.option("--all", "all_parties", is_flag=True, help="Decide every current finding of SUPPLIER.")
@click.option("--supplier-id", help="Key the decision to the supplier's own id (its id column) instead of its name.")
@click.option("--country", help="Supplier's country, as in the supplier file.")
@click.option("--profile", help="Policy profile to screen with.")
@decisions_option
def decide(supplier, parties, outcome, reason, reviewer, expires, all_parties, supplier_id, country, profile,
           decisions_path):
    """Record a reviewed decision about SUPPLIER and listed PARTIES (party ids, or ids of their listings).

    SUPPLIER is screened now to find each party's findings and record its listings,
    so that the decision re-opens by itself when the party gains a list or program.

    Example: vendorrisk decide "Hikvision Europe B.V." --all --outcome accepted-risk --expires 2027-06-30 --reviewer "Dana Okafor" --reason "legacy cameras at one site; removal contract signed"
    """
    from vendorrisk.decisions import record
    from vendorrisk.decisions.decide import decision_for, findings_on
    from vendorrisk.errors import InputError
    from vendorrisk.integrations.hook import open_screener
    from vendorrisk.model import SupplierRow

    if bool(parties) == all_parties:
        raise click.UsageError("name the PARTIES to decide, or give --all for every finding of SUPPLIER")
    now = now_utc()
    if expires is not None and expires.date() < now.date():
        raise InputError(f"--expires {expires.date()} is in the past; a decision must hold at least until today")
    result = open_screener(load_settings({"profile": profile})).screen_row(SupplierRow(name=supplier, country=country))
    made = [decision_for(supplier, f, outcome=outcome, reviewer=reviewer or default_reviewer(), reason=reason,
                         date=now.date(), expires=expires.date() if expires else None, supplier_id=supplier_id)
            for f in findings_on(result, parties)]
    record(decisions_path, made, now=now, action="decide")
    for d in made:
        click.echo(one_line(f"{d.supplier} -> {d.party} ({d.party_name}): {d.describe()}"))
    click.echo(f"vendorrisk: recorded {len(made)} decision(s) in {one_line(decisions_path)}", err=True)


@click.group()
def decisions() -> None:
    """The decisions file: list it, show its audit log, prune expired decisions, migrate an old baseline.

    Example: vendorrisk decisions log
    """


@decisions.command("list")
@decisions_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def list_(decisions_path, fmt):
    """Show every decision and whether it holds or has expired.

    Example: vendorrisk decisions list --format json
    """
    from vendorrisk.decisions import load_decisions

    today = now_utc().date()
    found = load_decisions(decisions_path).decisions
    if fmt == "json":
        rows = [{**d.model_dump(mode="json"), "state": "expired" if d.is_expired(today) else "holding"}
                for d in found]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for d in found:
        state = "expired" if d.is_expired(today) else "holding"
        click.echo(one_line(f"{state:8} {d.supplier} -> {d.party}: {d.describe()}"))
    click.echo(f"vendorrisk: {len(found)} decision(s) in {one_line(decisions_path)}", err=True)


@decisions.command("log")
@decisions_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def log(decisions_path, fmt):
    """Show the audit log: every decision change, who made it, when, and the value before.

    Example: vendorrisk decisions log --format json
    """
    from vendorrisk.decisions import read_log

    for entry in read_log(decisions_path):
        if fmt == "json":
            click.echo(json.dumps(entry, ensure_ascii=False, sort_keys=True))
            continue
        now, was = entry.get("decision"), entry.get("previous")
        line = f"{entry.get('at')}  {entry.get('by')}  {entry.get('action')}: {entry.get('change')} " \
               f"{entry.get('supplier')} -> {entry.get('party')}"
        line += f": {_outcome(now)}" if now else ""
        line += f" (was {_outcome(was)})" if was else ""
        click.echo(one_line(line))


def _outcome(decision: dict) -> str:
    until = f" until {decision['expires']}" if decision.get("expires") else ""
    return f"{decision.get('outcome')}{until} by {decision.get('reviewer')}: {decision.get('reason')}"


@decisions.command("prune")
@decisions_option
@click.option("--dry-run", is_flag=True, help="Only show what would be removed.")
def prune(decisions_path, dry_run):
    """Remove expired decisions (each removal goes to the audit log).

    Example: vendorrisk decisions prune --dry-run
    """
    from vendorrisk.decisions import load_decisions, record

    now = now_utc()
    expired = [d for d in load_decisions(decisions_path).decisions if d.is_expired(now.date())]
    for d in expired:
        click.echo(one_line(f"{'would remove' if dry_run else 'removed'} {d.supplier} -> {d.party}: "
                            f"expired on {d.expires}"))
    if expired and not dry_run:
        record(decisions_path, removed=expired, now=now, by=default_reviewer(), action="prune")
    click.echo(f"vendorrisk: {len(expired)} expired decision(s) {'to remove' if dry_run else 'removed'}", err=True)


@decisions.command("migrate")
@click.argument("baseline", type=click.Path(exists=True, dir_okay=False), default=".vendorrisk-baseline.yaml")
@decisions_option
@click.option("--profile", help="Policy profile the hook runs with.")
def migrate(baseline, decisions_path, profile):
    """Convert the hook's old baseline (version 1) into the decisions file, keyed to parties.

    Each old decision's supplier is screened now to find the party its list entry
    belongs to. The old file is left in place; delete it once the new one is committed.

    Example: vendorrisk decisions migrate .vendorrisk-baseline.yaml
    """
    from vendorrisk.decisions import record
    from vendorrisk.decisions.decide import migrate_baseline
    from vendorrisk.integrations.baseline import load_baseline
    from vendorrisk.integrations.hook import open_screener
    from vendorrisk.model import SupplierRow

    screener = open_screener(load_settings({"profile": profile}))
    made = migrate_baseline(load_baseline(baseline), lambda name: screener.screen_row(SupplierRow(name=name)))
    record(decisions_path, made, now=now_utc(), by=default_reviewer(), action="migrate")
    for d in made:
        click.echo(one_line(f"{d.supplier} -> {d.party}: {d.describe()}"))
    click.echo(f"vendorrisk: migrated {len(made)} decision(s) from {one_line(baseline)} to "
               f"{one_line(decisions_path)}", err=True)


def one_line(text: str) -> str:
    """Terminal-safe text (`formats.base.one_line`), imported only when something is printed."""
    from vendorrisk.formats.base import one_line as safe

    return safe(text)


def default_reviewer() -> str:
    """git user.name, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def now_utc() -> dt.datetime:
    """Now, or `SOURCE_DATE_EPOCH` when set (reproducible runs and tests)."""
    from vendorrisk.formats import report_timestamp

    return report_timestamp(os.environ)


commands.ALL.extend([decide, decisions])
