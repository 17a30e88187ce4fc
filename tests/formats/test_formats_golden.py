"""Golden-file tests: every registered format renders the fixed example byte for byte.

Regenerate on purpose (never by reflex) with `UPDATE_GOLDEN=1 pytest tests/formats`,
then read the diff of tests/formats/golden/ before committing it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from vendorrisk.formats import BINARY_FORMATS, FORMATS, render
from vendorrisk.formats.json_format import load_report

GOLDEN = Path(__file__).parent / "golden"
# The workbook (binary, zipped with the time of writing) is checked cell by cell in test_formats_annotated.
TEXT_FORMATS = sorted(set(FORMATS) - BINARY_FORMATS)
VARIANTS = [(name, {}, f"report.{cls.EXTENSION}") for name, cls in FORMATS.items()
            if name in TEXT_FORMATS and not name.startswith("annotated-")] + [
    ("annotated-csv", {}, "report.annotated.csv"),
    ("text", {"color": True}, "report.color.txt"),
    ("csv", {"include_clean": True}, "report.all.csv"),
    ("markdown", {"include_clean": True}, "report.all.md"),
]


def _check(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(data)
    assert path.is_file(), f"missing golden {path.name}; run with UPDATE_GOLDEN=1 and review it"
    assert data == path.read_bytes(), f"{path.name} differs from its golden; see the diff"


@pytest.mark.parametrize(("name", "options", "golden"), VARIANTS, ids=[v[2] for v in VARIANTS])
def test_format_matches_golden(example_report, name, options, golden):
    _check(GOLDEN / golden, render(example_report, name, **options))


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_format_is_deterministic_and_survives_a_json_round_trip(example_report, name, tmp_path):
    path = tmp_path / "report.json"
    path.write_text(render(example_report, "json"), encoding="utf-8")
    reloaded = load_report(path)
    assert reloaded == example_report
    assert render(reloaded, name) == render(example_report, name)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_format_declares_itself(name):
    cls = FORMATS[name]
    assert cls.NAME == name and "/" in cls.MEDIA_TYPE and cls.EXTENSION.isalnum()


def test_every_golden_file_belongs_to_a_variant():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(v[2] for v in VARIANTS)
