"""The `vendorrisk` command group: the only place that knows terminals and exit codes.

Each sub-module defines thin click commands around one public function each; this
module gathers them and turns `VendorRiskError` into one line on stderr and exit 2.
"""
from __future__ import annotations

import sys

import click

from vendorrisk import __version__
from vendorrisk.errors import VendorRiskError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class VendorRiskGroup(click.Group):
    """A click group that reports library errors as one line and exit status 2."""

    def invoke(self, ctx: click.Context):  # noqa: D102 - see click.Group.invoke
        try:
            return super().invoke(ctx)
        except VendorRiskError as exc:
            click.echo(f"vendorrisk: error: {exc}", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=VendorRiskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vendorrisk")
def main() -> None:
    """Screen suppliers against sanctions, export-control and procurement lists.

    Example: vendorrisk check suppliers.csv --format json
    """


def _register() -> None:
    from vendorrisk.cli import check  # noqa: F401 - vendorrisk check / search
    from vendorrisk.cli import diff  # noqa: F401 - vendorrisk diff
    from vendorrisk.cli import hook  # noqa: F401 - vendorrisk hook and the `baseline` group
    from vendorrisk.cli import lists  # noqa: F401 - the `lists` group
    from vendorrisk.cli import rules  # noqa: F401 - the `rules` group
    from vendorrisk.cli import spark  # noqa: F401 - spark-check (pyspark imported lazily)
    from vendorrisk.cli import commands  # noqa: F401 - each module adds its commands

    for command in commands.ALL:
        main.add_command(command)


_register()
