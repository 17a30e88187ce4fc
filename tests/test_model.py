"""The shared data types: frozen, strict about unknown fields, validated at the edges, JSON round trips."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pydantic import ValidationError

from vendorrisk.model import Citation, ListEntry, ListSnapshot, RelatedName, SkippedRow, SupplierRow
from vendorrisk.report import (
    SEVERITIES, VERDICTS, Evidence, Finding, FindingEntry, Party, Report, ReportSettings, Summary, SupplierResult,
    severity_rank, verdict_rank,
)

CITATION = Citation(document="Addition of Certain Entities to the Entity List", reference="84 FR 54002",
                    date=dt.date(2019, 10, 9), url="https://federalregister.gov/d/2019-22210")


def entry(**changes) -> ListEntry:
    values = dict(id="us-bis-entity-list:example-vision", source="us-bis-entity-list",
                  name="Example Vision Technology Co., Ltd.", aliases=("Example Vision", "ExVision"),
                  related=(RelatedName(name="Example Vision UK Ltd", relation="subsidiary"),),
                  countries=("CN",), programs=("EAR 744.11",), listed_on=dt.date(2019, 10, 9),
                  citation=CITATION)
    values.update(changes)
    return ListEntry(**values)


def report() -> Report:
    finding = Finding(
        party=Party(id="us-bis-entity-list:example-vision", name="Example Vision Technology Co., Ltd."),
        rule="VR103", rule_name="bis-entity-list", severity="medium", kind="affiliate", score=96.5,
        consequence="An export licence is required.", explanation="'examplevision' ~ 'examplevision'",
        evidence=(Evidence(feature="word_match", score=100.0, supplier_value="examplevision",
                           list_value="examplevision", detail="'examplevision' ~ 'examplevision'"),),
        entry=FindingEntry(source="us-bis-entity-list", id="us-bis-entity-list:example-vision",
                           name="Example Vision Technology Co., Ltd.", matched_name="Example Vision",
                           listed_on=dt.date(2019, 10, 9), citation=CITATION))
    result = SupplierResult(input={"name": "Example Vision UK Ltd", "country": "GB"}, line=2,
                            name="Example Vision UK Ltd", country="GB", verdict="restricted",
                            findings=(finding,))
    return Report(tool_version="0.1.0", generated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
                  settings=ReportSettings(profile="default", threshold=80.0), lists=(),
                  summary=Summary(suppliers=2, screened=1, skipped=1, with_findings=1, findings=1,
                                  by_verdict={"restricted": 1}),
                  suppliers=(result,), skipped=(SkippedRow(line=3, reason="empty name in column 'name'"),))


@pytest.mark.parametrize("model, field", [
    (entry(), "name"),
    (CITATION, "reference"),
    (SupplierRow(name="Acme Widgets Ltd"), "country"),
    (SkippedRow(line=4, reason="empty name"), "reason"),
])
def test_models_are_frozen(model, field):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(model, field, "changed")


UNKNOWN_FIELDS = [
    (ListEntry, {**entry().model_dump(), "colour": "red"}),
    (Citation, {"document": "HC 198", "page": 3}),
    (SupplierRow, {"name": "Acme Widgets Ltd", "vat_number": "GB123"}),
    (ListSnapshot, {"source": "x", "title": "t", "publisher": "p", "sha256": "0" * 64, "records": 1, "rows": 1}),
]


@pytest.mark.parametrize("model, values", UNKNOWN_FIELDS)
def test_unknown_fields_are_refused_when_built(model, values):
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        model(**values)


@pytest.mark.parametrize("model, values", UNKNOWN_FIELDS)
def test_unknown_fields_are_refused_when_validated(model, values):
    with pytest.raises(ValidationError, match="Unexpected keyword argument"):
        model.model_validate(values)


def test_a_citation_is_required_on_every_entry():
    with pytest.raises(TypeError, match="citation"):
        ListEntry(id="us-ndaa-889:x", source="us-ndaa-889", name="X")
    with pytest.raises(ValidationError, match="citation"):
        ListEntry.model_validate({"id": "us-ndaa-889:x", "source": "us-ndaa-889", "name": "X"})


def test_entry_id_carries_its_source_and_all_names_keep_order_without_duplicates():
    item = entry(aliases=("Example Vision", "Example Vision Technology Co., Ltd.", "ExVision", "Example Vision"))
    assert item.id.split(":", 1)[0] == item.source
    assert item.all_names() == ("Example Vision Technology Co., Ltd.", "Example Vision", "ExVision")


def test_dates_and_relations_are_validated():
    assert Citation.model_validate({"document": "HC 198", "date": "2021-07-08"}).date == dt.date(2021, 7, 8)
    with pytest.raises(ValidationError, match="date"):
        Citation.model_validate({"document": "HC 198", "date": "8 July 2021"})
    with pytest.raises(ValidationError, match="relation"):
        RelatedName.model_validate({"name": "Example Vision UK Ltd", "relation": "cousin"})


def test_supplier_rows_do_not_share_their_fields():
    first, second = SupplierRow(name="A"), SupplierRow(name="B")
    assert first.fields == {} and first.fields is not second.fields


def test_models_compare_and_hash_by_value():
    assert entry() == entry()
    assert len({CITATION, Citation(**CITATION.model_dump())}) == 1


def test_a_copy_replaces_only_the_named_fields():
    changed = entry().model_copy(update={"name": "Other"})
    assert changed.name == "Other" and changed.citation is CITATION and entry().name != "Other"


def test_report_round_trips_through_json():
    original = report()
    text = original.model_dump_json()
    assert Report.model_validate_json(text) == original
    assert '"generated_at":"2026-01-02T03:04:05Z"' in text


def test_finding_severity_and_verdict_are_closed_vocabularies():
    with pytest.raises(ValidationError, match="severity"):
        Finding.model_validate({**report().suppliers[0].findings[0].model_dump(), "severity": "urgent"})
    with pytest.raises(ValidationError, match="verdict"):
        SupplierResult.model_validate({"input": {}, "name": "X", "verdict": "banned"})


def test_severity_and_verdict_ranks_order_worse_higher():
    assert [severity_rank(s) for s in SEVERITIES] == list(range(len(SEVERITIES)))
    assert severity_rank("critical") > severity_rank("high") > severity_rank("info")
    assert verdict_rank("prohibited") > verdict_rank("restricted") > verdict_rank("review") > verdict_rank("clear")
    assert VERDICTS[0] == "clear"
