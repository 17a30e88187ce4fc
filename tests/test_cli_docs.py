"""Every CLI command has help text, ends its docstring with an example, and is in docs/cli.md."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vendorrisk.cli import main

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
HEADING = re.compile(r"^#+ `(vendorrisk[^`]*)`\s*$", re.MULTILINE)


def walk(command: click.Command, path: str = "vendorrisk") -> Iterator[tuple[str, click.Command]]:
    """Every command under `command`, by its full invocation, e.g. ``vendorrisk lists update``."""
    yield path, command
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in sorted(command.list_commands(context)):
            yield from walk(command.get_command(context, name), f"{path} {name}")


COMMANDS = dict(walk(main))
SUBCOMMANDS = {path: cmd for path, cmd in COMMANDS.items() if path != "vendorrisk"}


def sections(text: str) -> dict[str, str]:
    """The text under each ``## `vendorrisk ...` `` heading, up to the next such heading."""
    marks = list(HEADING.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return {m.group(1): text[m.end():end] for m, end in zip(marks, ends)}


def option_names(command: click.Command) -> list[str]:
    return [max(p.opts, key=len) for p in command.params if isinstance(p, click.Option)]


def test_the_cli_has_the_expected_commands():
    assert {"vendorrisk check", "vendorrisk search", "vendorrisk diff", "vendorrisk lists update",
            "vendorrisk lists import", "vendorrisk lists status", "vendorrisk rules list"} <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_command_has_help_and_a_docstring_ending_with_an_example(path):
    command = COMMANDS[path]
    assert command.help and command.get_short_help_str().strip(), f"{path} has no help text"
    last_paragraph = command.help.strip().split("\n\n")[-1].strip()
    assert last_paragraph.startswith(f"Example: {path.split(' ')[0]}"), \
        f"{path}: the docstring must end with 'Example: vendorrisk ...', not {last_paragraph!r}"
    result = CliRunner().invoke(main, [*path.split()[1:], "--help"], catch_exceptions=False)
    assert result.exit_code == 0 and "Example:" in result.stdout


@pytest.mark.parametrize("path", sorted(SUBCOMMANDS))
def test_command_is_documented_with_its_options_and_an_example(path):
    documented = sections(CLI_MD.read_text(encoding="utf-8"))
    assert path in documented, f"docs/cli.md has no heading '## `{path}`'"
    section = documented[path]
    command = COMMANDS[path]
    missing = [name for name in option_names(command) if f"`{name}" not in section]
    assert not missing, f"docs/cli.md section for {path} does not mention {missing}"
    if not isinstance(command, click.Group):
        assert "Example:" in section and f"$ {path}" in section, f"{path}: no example in docs/cli.md"


def test_docs_headings_are_real_commands():
    extra = set(sections(CLI_MD.read_text(encoding="utf-8"))) - set(COMMANDS)
    assert extra == set(), f"docs/cli.md documents commands that do not exist: {sorted(extra)}"


def test_sections_parser_finds_each_heading():
    text = "# Title\n## `vendorrisk a`\nalpha `--x`\n### `vendorrisk a b`\nbeta\n## Other\n"
    assert sections(text) == {"vendorrisk a": "\nalpha `--x`\n", "vendorrisk a b": "\nbeta\n## Other\n"}


def test_developer_commands_are_hidden_from_help_but_run():
    """`rules docs` regenerates docs/rules/ in the repository: not a user's command, so not in --help."""
    assert COMMANDS["vendorrisk rules docs"].hidden
    shown = CliRunner().invoke(main, ["rules", "--help"], catch_exceptions=False).stdout
    assert "explain" in shown and "docs" not in shown.split("Commands:")[1]
    assert CliRunner().invoke(main, ["rules", "docs", "--help"], catch_exceptions=False).exit_code == 0
