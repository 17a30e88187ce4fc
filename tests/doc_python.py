"""Running a doc's ``python`` blocks and checking the results they show in comments.

The blocks of one page run in order in one namespace, like a reader's Python
session. A comment after a statement, on its last line or on the lines right
below it, shows what the statement prints; an expression statement prints its
value's repr, as at the interactive prompt:

    finding.score            # 96.9
    print(supplier.name)
    # Hikvision UK Ltd

When a statement prints nothing and is not an expression, its comment is prose
and is not compared; a blank line ends a statement's comments. ``…`` elides text
as in console examples.
"""
from __future__ import annotations

import ast
import contextlib
import io
import tokenize
import traceback
from dataclasses import dataclass

from tests.doc_blocks import Block
from tests.doc_match import mismatch


@dataclass(frozen=True)
class Step:
    """One top-level statement of a block and the output its comments show.

    Attributes:
        line: 1-based line of the statement in the Markdown file.
        source: the statement's source.
        is_expression: whether it is an expression statement (its value is shown).
        shown: the comment lines after it, without ``# ``.
    """

    line: int
    source: str
    is_expression: bool
    shown: tuple[str, ...]


def steps(block: Block) -> list[Step]:
    """The statements of a python block, each with the comments that follow it.

    Raises:
        SyntaxError: the block is not valid Python.
    """
    text = "\n".join(block.lines) + "\n"
    tree = ast.parse(text)
    comments = _comments(text)
    starts = [stmt.lineno for stmt in tree.body[1:]] + [len(block.lines) + 1]
    found = []
    for stmt, next_start in zip(tree.body, starts):
        first = stmt.lineno
        if getattr(stmt, "decorator_list", None):
            first = min(d.lineno for d in stmt.decorator_list)
        shown = _shown(block.lines, comments, stmt.end_lineno, next_start)
        found.append(Step(line=block.line + first, source="\n".join(block.lines[first - 1:stmt.end_lineno]),
                          is_expression=isinstance(stmt, ast.Expr), shown=shown))
    return found


def _shown(lines: tuple[str, ...], comments: dict[int, str], end: int, stop: int) -> tuple[str, ...]:
    """The comment on a statement's last line and the comment-only lines right below it."""
    shown = [comments[end]] if end in comments else []
    for n in range(end + 1, stop):
        if not lines[n - 1].lstrip().startswith("#"):
            break
        shown.append(comments[n])
    return tuple(shown)


def _comments(text: str) -> dict[int, str]:
    """Comment text by 1-based line, the ``#`` and one following space removed."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            body = token.string[1:]
            found[token.start[0]] = body[1:] if body.startswith(" ") else body
    return found


def run_steps(block: Block, namespace: dict) -> list[str]:
    """Run a block's statements in `namespace`; one message per statement that fails or differs."""
    try:
        block_steps = steps(block)
    except SyntaxError as exc:
        return [f"{block.path}:{block.line + (exc.lineno or 0)}: not valid Python: {exc.msg}"]
    problems = []
    for step in block_steps:
        printed = io.StringIO()
        try:
            code = compile(step.source, f"{block.path}:{step.line}", "single" if step.is_expression else "exec")
            with contextlib.redirect_stdout(printed):
                exec(code, namespace)  # noqa: S102 - the docs' own examples
        except Exception as exc:  # noqa: BLE001 - any failure of an example is reported, not raised
            detail = "".join(traceback.format_exception_only(exc)).strip()
            problems.append(f"{block.path}:{step.line}: `{step.source.splitlines()[0]}` raised {detail}")
            break
        lines = printed.getvalue().splitlines()
        if step.shown and (lines or step.is_expression):
            found = mismatch(step.shown, lines)
            if found is not None:
                problems.append(f"{block.path}:{step.line}: `{step.source.splitlines()[0]}`: {found.reason}")
    return problems
