"""docs/reliability.md cites only tests that exist, and every reliability test file is cited.

A table cell names a test file (``test_x.py``) and optionally a test
(``test_x.py::test_name``); a bare ``::test_name`` refers to the file named last
in the same cell.
"""
from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DOC = TESTS.parent / "docs" / "reliability.md"
_REF = re.compile(r"`((?:[\w/]+\.py)?)(?:::(\w+))?`")


def cited() -> list[tuple[str, str | None]]:
    """(test file, test name or None) for every reference in the tables."""
    refs = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        for cell in line.split(" | "):
            current = None
            for file, name in _REF.findall(cell):
                current = file or current
                if current and (file or name):
                    refs.append((current, name or None))
    return refs


def test_every_cited_test_exists():
    refs = cited()
    assert len(refs) > 50
    missing = []
    for file, name in refs:
        path = TESTS / file
        if not path.is_file():
            missing.append(file)
        elif name and not re.search(rf"^def {name}\(", path.read_text(encoding="utf-8"), re.MULTILINE):
            missing.append(f"{file}::{name}")
    assert missing == []


def test_every_reliability_test_file_is_cited():
    files = {file for file, _ in cited()}
    ours = {p.name for p in TESTS.glob("test_reliability_*.py")} | {"test_properties.py"}
    assert ours - files <= {"test_reliability_docs.py"}
