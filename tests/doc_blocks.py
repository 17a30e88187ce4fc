"""The examples in the Markdown docs: fenced blocks, their markers, and the commands in them.

A fenced block is an *example* when it is a console block (a line starts with
``$ ``), a shell block (``sh``, ``bash``, ``shell``: every line is a command) or
a ``python`` block. Each example is either run by ``tests/test_docs_examples.py``
or marked, on the line right before its fence, with one of:

- ``<!-- illustrative: why -->``: shown, not run (needs the internet, Spark, a
  file the reader has and the tests do not, ...). The reason is required.
- ``<!-- generated: COMMAND -->``: written by ``python -m tests.refresh_docs``
  from a real run of COMMAND; a test fails when it differs.
- ``<!-- excerpt: COMMAND -->`` (any block): each line of the block appears, in
  order, in the output of COMMAND (``…`` elides the rest of a line).

See the "Examples in the docs" section of docs/cli.md.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")
MARKER = re.compile(r"^<!--\s*(illustrative|generated|excerpt)\s*(?::\s*(.*?))?\s*-->\s*$")
SHELL_INFOS = {"sh", "bash", "shell"}
CONSOLE_INFOS = {"console", "text", "", *SHELL_INFOS}
PROMPT = "$ "
ELLIPSIS = "…"


@dataclass(frozen=True)
class Block:
    """One fenced block of a Markdown file.

    Attributes:
        path: the file, as given to `read_blocks`.
        line: 1-based line of the opening fence.
        info: the fence's info string (``console``, ``python``, ...), lower case.
        lines: the lines between the fences.
        marker: ``illustrative``, ``generated`` or ``excerpt`` from the comment
            right before the fence, else None.
        note: the text after the marker's colon (a reason or a command).
    """

    path: Path
    line: int
    info: str
    lines: tuple[str, ...]
    marker: str | None = None
    note: str = ""

    @property
    def where(self) -> str:
        """``file:line`` of the opening fence, for messages."""
        return f"{self.path}:{self.line}"

    @property
    def kind(self) -> str | None:
        """``console``, ``shell`` or ``python`` for an example, else None."""
        if self.info == "python":
            return "python"
        if self.info in CONSOLE_INFOS and any(line.startswith(PROMPT) for line in self.lines):
            return "console"
        if self.info in SHELL_INFOS and any(line.strip() for line in self.lines):
            return "shell"
        return None


@dataclass(frozen=True)
class Command:
    """One shell command of an example and what the doc says it does.

    Attributes:
        line: 1-based line of the command in the Markdown file.
        text: the command, continuation lines joined, without the prompt.
        expected: the output lines shown after it (console blocks only).
        status: the exit status shown by a following ``$ echo $?``, or None.
        shows_output: False for shell blocks, which show commands only.
    """

    line: int
    text: str
    expected: tuple[str, ...] = ()
    status: int | None = None
    shows_output: bool = True

    @property
    def argv(self) -> list[str]:
        """The command split as a POSIX shell would, comments dropped."""
        return shlex.split(self.text, comments=True)

    @property
    def is_vendorrisk(self) -> bool:
        """Whether this is a plain ``vendorrisk ...`` command (no pipes, no ``&&``, no variables)."""
        argv = self.argv
        return bool(argv) and argv[0] == "vendorrisk" and not any(
            token in ("|", "&&", "||", ";", ">", "<") or "$" in token for token in argv)


def read_blocks(path: Path, text: str | None = None) -> list[Block]:
    """Every fenced block of a Markdown file, with the marker comment before it."""
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, end = opening.group(1), i + 1
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        marker = MARKER.match(lines[i - 1]) if i else None
        blocks.append(Block(path=path, line=i + 1, info=opening.group(2).lower(), lines=tuple(lines[i + 1:end]),
                            marker=marker.group(1) if marker else None,
                            note=(marker.group(2) or "") if marker else ""))
        i = end + 1
    return blocks


def commands(block: Block) -> list[Command]:
    """The commands of a console or shell block, each with its shown output and status."""
    prompted = block.kind == "console"
    found: list[Command] = []
    i = 0
    while i < len(block.lines):
        raw = block.lines[i]
        if prompted and not raw.startswith(PROMPT) or not raw.strip() or raw.lstrip().startswith("#"):
            i += 1
            continue
        start, text = i, raw[len(PROMPT):] if prompted else raw
        while text.endswith("\\") and i + 1 < len(block.lines):
            i += 1
            text = text[:-1] + " " + block.lines[i].strip()
        i += 1
        output: list[str] = []
        while prompted and i < len(block.lines) and not block.lines[i].startswith(PROMPT):
            output.append(block.lines[i].rstrip())
            i += 1
        found.append(Command(line=block.line + 1 + start, text=text.strip(), expected=tuple(output),
                             shows_output=prompted))
    return _fold_status(found)


def _fold_status(found: list[Command]) -> list[Command]:
    """Turn each ``$ echo $?`` into the exit status of the command before it."""
    folded: list[Command] = []
    for command in found:
        if command.text == "echo $?" and folded and len(command.expected) == 1 and command.expected[0].isdigit():
            last = folded.pop()
            folded.append(Command(last.line, last.text, last.expected, int(command.expected[0]),
                                  last.shows_output))
        else:
            folded.append(command)
    return folded
