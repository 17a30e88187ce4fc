"""Blocks of the docs that are written from a real run: ``<!-- generated: COMMAND -->``.

Each generated block has a generator here, keyed by its command, that trims the
command's report (standard output) the way the doc shows it. The docs tests
compare; only ``python -m tests.refresh_docs`` writes.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from itertools import takewhile

from tests.doc_blocks import ELLIPSIS, Block
from tests.doc_session import DocSession

SAMPLE_ROWS = 9
SAMPLE_FINDINGS = 3
REFRESH = "python -m tests.refresh_docs"


def readme_sample(report: list[str]) -> list[str]:
    """The README's sample of a text report, trimmed.

    Keeps the headline and the first `SAMPLE_ROWS` rows of the supplier table;
    the first flagged supplier's evidence, its first `SAMPLE_FINDINGS` findings;
    under "Lists screened", the lists those findings cite; and the warnings.
    Everything else is replaced by a ``…`` line.
    """
    evidence, lists = report.index("Evidence"), report.index("Lists screened")
    table_end = report.index("", 2)
    rows = report[:3 + SAMPLE_ROWS] + ([ELLIPSIS] if table_end > 3 + SAMPLE_ROWS else [])
    head = evidence + 1
    findings = list(takewhile(lambda line: line.startswith("    "), report[head + 1:lists]))[:SAMPLE_FINDINGS]
    cited = {m.group(1) for m in (re.search(r": ([a-z0-9-]+):", f) for f in findings) if m}
    list_lines = [line for line in report[lists + 1:] if line.startswith("  ")]
    shown_lists = [line for line in list_lines if line.split(":")[0].strip() in cited]
    return (rows + ["", "Evidence", report[head], *findings, f"    {ELLIPSIS}", "", "Lists screened",
                    *shown_lists, *([f"  {ELLIPSIS}"] if len(shown_lists) < len(list_lines) else []),
                    *[line for line in report[lists + 1:] if not line.startswith("  ")]])


GENERATORS: dict[str, Callable[[list[str]], list[str]]] = {
    "vendorrisk check examples/suppliers.csv": readme_sample,
}


def generated_lines(block: Block, session: DocSession) -> list[str]:
    """What a generated block should hold now: its command run in `session`, then trimmed.

    Raises:
        KeyError: no generator is known for the block's command.
    """
    outcome = session.run(block.note)
    return GENERATORS[block.note](outcome.stdout)


def check_generated(block: Block, session: DocSession) -> list[str]:
    """One message when a generated block differs from what its generator writes now."""
    if block.note not in GENERATORS:
        return [f"{block.where}: no generator for `{block.note}` in tests/doc_generated.py"]
    fresh = generated_lines(block, session)
    if list(block.lines) == fresh:
        return []
    differs = next((i for i, (a, b) in enumerate(zip(block.lines, fresh)) if a != b), min(len(block.lines), len(fresh)))
    now = repr(fresh[differs]) if differs < len(fresh) else "nothing"
    was = repr(block.lines[differs]) if differs < len(block.lines) else "nothing"
    return [f"{block.path}:{block.line + 1 + differs}: generated from `{block.note}`, which now gives {now} "
            f"where the doc has {was}; run `{REFRESH}` and review the diff"]


def rewrite(text: str, fresh: dict[int, list[str]]) -> str:
    """`text` with the body of each block opening at line N (1-based) replaced by ``fresh[N]``."""
    lines = text.splitlines()
    for opening in sorted(fresh, reverse=True):
        end = opening
        while not lines[end].startswith(lines[opening - 1][:3]):
            end += 1
        lines[opening:end] = fresh[opening]
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
