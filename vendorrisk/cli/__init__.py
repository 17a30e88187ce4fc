"""The `vendorrisk` command group: the only place that knows terminals and exit codes.

Each sub-module defines thin click commands around one public function each; this
module gathers them and turns `VendorRiskError` into one line on stderr and exit 2.
"""
from __future__ import annotations

import sys
import warnings

import click

from vendorrisk import __version__
from vendorrisk.errors import VendorRiskError
from vendorrisk.lazy import resolve
from vendorrisk.screening.outcome import EXIT_ERROR


# Commands are imported only when used, so `vendorrisk search` does not pay for the
# HTTP stack, Spark glue or report formats it never touches.
COMMANDS: dict[str, str] = {
    "check": "vendorrisk.cli.check:check",
    "search": "vendorrisk.cli.check:search",
    "lists": "vendorrisk.cli.lists:lists",
    "rules": "vendorrisk.cli.rules:rules_group",
    "diff": "vendorrisk.cli.diff:diff_command",
    "hook": "vendorrisk.cli.hook:hook",
    "baseline": "vendorrisk.cli.hook:baseline",
    "decide": "vendorrisk.cli.decide:decide",
    "decisions": "vendorrisk.cli.decide:decisions",
    "monitor": "vendorrisk.cli.monitor:monitor",
    "review": "vendorrisk.cli.review:review",
    "spark-check": "vendorrisk.cli.spark:spark_check",
}


class VendorRiskGroup(click.Group):
    """A click group that loads commands lazily and reports library errors as one line, exit 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: D102 - see click.Group
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: D102
        if cmd_name not in COMMANDS:
            return None
        return resolve(COMMANDS[cmd_name])

    def invoke(self, ctx: click.Context):  # noqa: D102 - see click.Group.invoke
        try:
            with warnings.catch_warnings():
                warnings.showwarning = _warning_line(set(), warnings.showwarning)
                return super().invoke(ctx)
        except VendorRiskError as exc:
            click.echo(f"vendorrisk: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)


def _warning_line(seen: set[str], others):
    """vendorrisk's own warnings (a damaged store, ...) as one `vendorrisk: warning:` line each, said once;
    other packages' warnings go to `others`, as before."""
    def show(message, category, *args, **kwargs) -> None:
        if not category.__module__.startswith("vendorrisk."):
            others(message, category, *args, **kwargs)
        elif str(message) not in seen:
            seen.add(str(message))
            click.echo(f"vendorrisk: warning: {message}", err=True)
    return show


@click.group(cls=VendorRiskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vendorrisk")
def main() -> None:
    """Screen suppliers against sanctions, export-control and procurement lists.

    Example: vendorrisk check suppliers.csv --format json
    """
