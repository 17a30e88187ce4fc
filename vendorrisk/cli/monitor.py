"""`vendorrisk monitor SUPPLIERS`: a thin shell around `vendorrisk.integrations.monitor`."""
from __future__ import annotations

import json
import sys

import click

from vendorrisk.cli import commands
from vendorrisk.cli.decide import DECISIONS_FILE, now_utc, one_line
from vendorrisk.config import load_settings


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--decisions", "decisions_path", type=click.Path(dir_okay=False), default=DECISIONS_FILE,
              show_default=True, help="Decisions file of reviewed outcomes (missing: no decisions).")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--name-column", help="Column holding the supplier name (detected when omitted).")
@click.option("--country-column", help="Column holding the supplier country (detected when omitted).")
@click.option("--profile", help="Policy profile (see `vendorrisk rules profiles`).")
@click.option("--dry-run", is_flag=True, help="Compare only; do not keep this run as the last one.")
def monitor(file, decisions_path, fmt, name_column, country_column, profile, dry_run):
    """Screen FILE and report only what changed since its last monitored run, honouring decisions.

    The last run is kept in the list store, keyed by FILE's absolute path. Exit codes:
    0 nothing new, 1 new or changed findings (a party gained a list or program, or a
    decision re-opened or expired), 2 input or configuration error.

    Example: vendorrisk monitor suppliers.csv --decisions .vendorrisk-decisions.yaml
    """
    from vendorrisk.decisions import load_decisions
    from vendorrisk.integrations.monitor import monitor as run
    from vendorrisk.screening.outcome import monitor_exit_code
    from vendorrisk.screening.pipeline import ReadOptions, screen_file
    from vendorrisk.screening.screener import Screener

    now = now_utc()
    settings = load_settings({"profile": profile})
    screener = Screener.open(settings, now)
    screened = screen_file(file, screener, now=now, read=ReadOptions(name_column=name_column,
                                                                     country_column=country_column),
                           decisions=load_decisions(decisions_path))
    result = run(screened.report, settings.home, file, now=now, keep=not dry_run)
    if fmt == "json":
        click.echo(json.dumps({"file": file, "previous_run": result.previous_at, "at": now.isoformat(),
                               "changes": [c.as_dict() for c in result.changes]}, indent=2, ensure_ascii=False))
    else:
        for c in result.changes:
            where = f"line {c.line}: " if c.line else ""
            click.echo(one_line(f"{c.kind:8} {where}{c.supplier} -> {c.party} ({c.party_name}): {c.detail}"))
    since = f"since the run of {result.previous_at}" if result.previous_at else "(first monitored run)"
    counts = {k: sum(c.kind == k for c in result.changes) for k in ("new", "changed", "gone", "decided")}
    click.echo(f"vendorrisk: {one_line(file)} {since}: " + ", ".join(f"{n} {k}" for k, n in counts.items()),
               err=True)
    sys.exit(monitor_exit_code(result.needs_review))


commands.ALL.extend([monitor])
