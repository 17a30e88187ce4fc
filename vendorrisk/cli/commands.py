"""The list of command modules; each helper module appends its click commands here."""
from __future__ import annotations

import click

ALL: list[click.Command] = []
