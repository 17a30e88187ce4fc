"""Refresh every docs output that can be regenerated, then list what still needs a hand edit.

Run from the repository root, then review ``git diff``:

    python -m tests.refresh_docs

1. ``docs/rules/*.md`` from ``rules/*.yml`` (``vendorrisk rules docs``).
2. Every ``<!-- generated: COMMAND -->`` block (the README's sample output),
   from a real run of COMMAND in the docs tests' environment.
3. Every other example is checked as ``tests/test_docs_examples.py`` does; each
   difference is printed with what the command printed, for a hand edit (the
   trimming with ``…`` is a writer's choice, so those are not rewritten).

Exits 1 when a difference remains. The tests never write; only this does.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.doc_blocks import read_blocks
from tests.doc_check import check_page
from tests.doc_generated import generated_lines, rewrite
from tests.doc_session import REPO, DocSession

SHARED_LISTS = REPO.parent / "shared" / "data" / "lists"


def doc_pages() -> list[Path]:
    """The pages whose examples are checked, relative to the repository root."""
    return [Path("README.md"), *sorted(p.relative_to(REPO) for p in (REPO / "docs").glob("*.md"))]


def open_session(page: Path, root: Path) -> DocSession:
    """A fresh session for `page`, with the official lists it needs.

    Raises:
        FileNotFoundError: the page needs official lists and ../shared/data/lists lacks them.
    """
    session = DocSession(root)
    session.add_lists(page.as_posix(), SHARED_LISTS)
    return session


def refresh_generated(page: Path, session: DocSession) -> bool:
    """Rewrite the generated blocks of `page`; True when the file changed."""
    text = (REPO / page).read_text(encoding="utf-8")
    fresh = {b.line: generated_lines(b, session) for b in read_blocks(page, text) if b.marker == "generated"}
    new = rewrite(text, fresh) if fresh else text
    if new != text:
        (REPO / page).write_text(new, encoding="utf-8")
    return new != text


def main() -> int:
    """Refresh, check, report; the exit status is 1 when a hand edit is still needed."""
    from vendorrisk.cli import main as cli

    cli(["rules", "docs", "--output", str(REPO / "docs" / "rules")], standalone_mode=False)
    remaining = 0
    for page in doc_pages():
        with tempfile.TemporaryDirectory() as root:
            try:
                session = open_session(page, Path(root))
            except FileNotFoundError as exc:
                print(f"{page}: not checked: {exc}")
                continue
            if refresh_generated(page, session):
                print(f"{page}: rewrote its generated blocks")
            problems = check_page(page, session, (REPO / page).read_text(encoding="utf-8")).problems
        remaining += sum(1 for p in problems if not p.startswith(" "))
        print("\n".join(problems), end="\n" if problems else "")
    print(f"{remaining} difference(s) need a hand edit" if remaining else "every docs example matches")
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
