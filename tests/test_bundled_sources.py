"""Every fact a bundled list states has its source (see tests/factcheck.py for the rules)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.factcheck import fact_base_ids, known_record_ids, unsourced_facts
from vendorrisk.resources import data_dir

LISTS = sorted(data_dir("lists").glob("*.yaml"))
POLICY_SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "policy-sources.yaml"
UNSOURCED = Path(__file__).parent / "fixtures" / "bundled" / "list.unsourced.yaml"


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_every_stated_fact_has_its_source(path):
    assert unsourced_facts(path) == []


@pytest.mark.parametrize("path", LISTS, ids=lambda p: p.name)
def test_header_records_exist_in_the_fact_base(path):
    if not POLICY_SOURCES.is_file():
        pytest.skip(f"fact base not found at {POLICY_SOURCES}; the header ids cannot be checked")
    known = known_record_ids(POLICY_SOURCES)
    assert fact_base_ids(path) and set(fact_base_ids(path)) <= known


def test_the_check_rejects_each_kind_of_unsourced_fact():
    """A list with one defect per entry: each is reported, and the well-sourced entry is not."""
    problems = unsourced_facts(UNSOURCED, known_ids={"uk-fac-2021-never-again"})
    assert problems == [
        "header: fact-base record 'no-such-record' does not exist",
        "references[0]: neither a reference nor a URL",
        "entries[1] (test-unsourced:no-date): citation has no date, no url or paragraph",
        "entries[2] (test-unsourced:unbacked-listing): listed_on 2023-06-30 is neither the citation date"
        " nor written in the citation or remarks",
        "entries[3] (test-unsourced:bare-relation): related[0] (Redcliff Imaging UK): no note saying where"
        " the relation is recorded",
        "entries[3] (test-unsourced:bare-relation): related[1] (Redcliff Optics): ended 2022-11-24 but the note"
        " does not say when",
        "entries[4] (test-unsourced:silent-rating): rated secondary without 'Confidence notes' saying what"
        " was not verified",
        "entries[5].remarks: starts with the placeholder 'None'",
    ]


def test_a_file_without_fact_base_lines_is_reported(tmp_path):
    path = tmp_path / "list.yaml"
    lines = UNSOURCED.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if "Fact base:" not in line), encoding="utf-8")
    assert unsourced_facts(path)[0].startswith("header: no '# Fact base:' line")


@pytest.mark.parametrize(("text", "flagged"), [
    ("None Licence needed", True), ("null", True), ("nan; no date", True),
    ("None of the subsidiaries is named", False), ("Nonetheless listed", False), ("Company named", False),
])
def test_placeholders_are_told_from_words(tmp_path, text, flagged):
    path = tmp_path / "list.yaml"
    source = UNSOURCED.read_text(encoding="utf-8").replace("None Licence needed for all items.", f"\"{text}\"")
    path.write_text(source, encoding="utf-8")
    assert any("placeholder" in p for p in unsourced_facts(path)) is flagged
