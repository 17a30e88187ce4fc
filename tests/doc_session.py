"""A controlled place to run a doc's examples: a private store, a scratch folder, a fixed date.

One session per Markdown file: its examples run in order in the same folder and
store, as a reader following the page would run them. Commands run in-process
through click's `CliRunner`, which shows standard output and standard error
interleaved as a terminal would.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from tests.doc_blocks import Command

REPO = Path(__file__).resolve().parent.parent
# The date the docs were written against; ages ("1853 days old") are counted to it.
DOCS_DATE = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
# Copied into the scratch folder, so that examples can name them as from a clone of the repository.
WORKSPACE_COPIES = ("examples", "docs/rules")
# Official lists a page's examples need in the store: source id -> file under ../shared/data/lists.
PAGE_LISTS = {
    "docs/store.md": {"us-bis-dpl": "us-bis-dpl/dpl.txt", "us-csl": "us-csl/consolidated.csv"},
}


@dataclass(frozen=True)
class Outcome:
    """What a command did.

    Attributes:
        status: the exit status.
        lines: standard output and standard error, interleaved as on a terminal.
        stdout: standard output alone (the report).
    """

    status: int
    lines: list[str]
    stdout: list[str]


class DocSession:
    """A scratch folder and list store in which one doc's examples are run.

    Args:
        root: an empty folder that the session may fill.
    """

    def __init__(self, root: Path) -> None:
        self.work, self.home = root / "work", root / "home"
        self.home.mkdir(parents=True)
        for name in WORKSPACE_COPIES:
            shutil.copytree(REPO / name, self.work / name)
        self.env = {**{var: None for var in os.environ if var.startswith("VENDORRISK_")},
                    "VENDORRISK_HOME": str(self.home), "SOURCE_DATE_EPOCH": str(int(DOCS_DATE.timestamp())),
                    "NO_COLOR": "1"}

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Inside: the working folder is the scratch folder and the environment is the session's."""
        saved = dict(os.environ)
        try:
            for key, value in self.env.items():
                os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
            with contextlib.chdir(self.work):
                yield
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def run(self, command: Command | str) -> Outcome:
        """Run one ``vendorrisk ...`` command and return its status and output."""
        from vendorrisk.cli import main

        text = command.text if isinstance(command, Command) else command
        argv = Command(0, text).argv
        with self.active():
            result = CliRunner().invoke(main, argv[1:], prog_name="vendorrisk")
        lines = result.output.splitlines()
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            lines += traceback.format_exception(result.exception)
        return Outcome(result.exit_code, lines, result.stdout.splitlines())

    def add_lists(self, page: str, shared_lists: Path) -> None:
        """Import the official lists that `page` needs (`PAGE_LISTS`) from `shared_lists`.

        Raises:
            FileNotFoundError: a needed snapshot is not under `shared_lists`.
        """
        for source, name in PAGE_LISTS.get(page, {}).items():
            if not (shared_lists / name).is_file():
                raise FileNotFoundError(f"{page} needs {source}, but {shared_lists / name} is absent")
            self.import_list(source, shared_lists / name)

    def import_list(self, source: str, path: Path) -> None:
        """Put an official list in the store, as ``vendorrisk lists import`` does (no index).

        Raises:
            RuntimeError: the import failed; the message is its output.
        """
        outcome = self.run(f"vendorrisk lists import {source} {shlex.quote(str(path))} --no-index")
        if outcome.status != 0:
            raise RuntimeError(f"could not import {source} from {path}: " + "\n".join(outcome.lines))
