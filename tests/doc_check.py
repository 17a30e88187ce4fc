"""Checking one Markdown page: run its examples, compare what they print with what it shows.

`check_page` is the whole check for one page; `tests/test_docs_examples.py` runs
it for every page and `python -m tests.refresh_docs` prints its findings after
rewriting the generated blocks.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.doc_blocks import Block, Command, commands, read_blocks
from tests.doc_generated import check_generated
from tests.doc_match import excerpt_mismatch, mismatch
from tests.doc_python import run_steps
from tests.doc_session import DocSession, Outcome

# Without a `$ echo $?` line, a command must exit with one of these: it ran
# (clean or with findings); a usage or input error (2) has to be shown.
RAN = (0, 1)


@dataclass
class PageResult:
    """What checking one page found.

    Attributes:
        counts: blocks by how they were handled: ``run``, ``illustrative``,
            ``generated``, ``excerpt``.
        problems: one message per failure, each starting ``file:line:``.
    """

    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def check_page(path: Path, session: DocSession, text: str | None = None) -> PageResult:
    """Run every example of one page in `session` and report each difference.

    Args:
        path: the page, as it should be named in messages.
        session: where to run; one per page, examples run in page order.
        text: the page's text, when not to be read from `path` (used by tests).
    """
    result, namespace = PageResult(), {"__name__": "__doc_example__"}
    for block in read_blocks(path, text):
        if block.marker == "illustrative":
            result.counts["illustrative"] += 1
            if not block.note:
                result.problems.append(f"{block.where}: `<!-- illustrative -->` needs a reason after a colon")
        elif block.marker == "excerpt":
            result.counts["excerpt"] += 1
            result.problems += check_excerpt(block, session)
        elif block.marker == "generated":
            result.counts["generated"] += 1
            result.problems += check_generated(block, session)
        elif block.kind == "python":
            result.counts["run"] += 1
            with session.active():
                result.problems += run_steps(block, namespace)
        elif block.kind is not None:
            result.counts["run"] += 1
            result.problems += check_console(block, session)
    return result


def check_console(block: Block, session: DocSession) -> list[str]:
    """Run a console or shell block's commands; one message per difference."""
    found = commands(block)
    foreign = [c for c in found if not c.is_vendorrisk]
    if foreign:
        return [f"{block.path}:{c.line}: `{c.text}` cannot be run by the docs tests; make the example a "
                f"`vendorrisk` command or mark the block `<!-- illustrative: why -->`" for c in foreign]
    problems = []
    for command in found:
        problems += compare(block.path, command, session.run(command))
    return problems


def compare(path: Path, command: Command, outcome: Outcome) -> list[str]:
    """The differences between what a doc shows for a command and what it did."""
    where = f"{path}:{command.line}: `{command.text}`"
    problems = []
    if command.status is not None and outcome.status != command.status:
        problems.append(f"{where} exited {outcome.status}, the doc shows {command.status}")
    elif command.status is None and outcome.status not in RAN:
        problems.append(f"{where} exited {outcome.status}; show it with `$ echo $?` if that is intended")
    if command.shows_output:
        found = mismatch(command.expected, outcome.lines)
        if found is not None:
            problems.append(f"{path}:{command.line + 1 + found.index}: output of `{command.text}`: {found.reason}")
    if problems:
        problems.append(_printed(outcome))
    return problems


def check_excerpt(block: Block, session: DocSession) -> list[str]:
    """Check that an excerpt block's lines appear, in order, in its command's output."""
    command = Command(block.line - 1, block.note)
    if not command.is_vendorrisk:
        return [f"{block.where}: excerpt of `{block.note}`, which is not a `vendorrisk` command"]
    outcome = session.run(command)
    found = excerpt_mismatch(block.lines, outcome.lines)
    if found is None:
        return []
    return [f"{block.path}:{block.line + 1 + found.index}: excerpt of `{block.note}`: {found.reason}",
            _printed(outcome)]


def _printed(outcome: Outcome) -> str:
    shown = "\n".join(f"    | {line}" for line in outcome.lines[:60])
    more = f"\n    | … ({len(outcome.lines) - 60} more lines)" if len(outcome.lines) > 60 else ""
    return f"  it printed (exit {outcome.status}):\n{shown}{more}"
