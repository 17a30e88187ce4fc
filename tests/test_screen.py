"""Screening end to end over the bundled lists: who is flagged, with which alias and citation."""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.config import Settings
from vendorrisk.model import SkippedRow, SupplierRow
from vendorrisk.screening.screener import Screener, screen

NOW = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    """One store for the module, so the index over the bundled lists is built once."""
    return Settings(home=tmp_path_factory.mktemp("screen-home"))


@pytest.fixture(scope="module")
def screener(settings) -> Screener:
    return Screener(settings)


def citations(result) -> set[str]:
    return {f.entry.citation.reference or "" for f in result.findings}


@pytest.mark.parametrize("name, entry_id, matched, reference", [
    ("Hikvision UK Ltd", "us-ndaa-889:hikvision", "Hikvision", "Pub. L. 115-232"),
    ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "us-bis-entity-list:hikvision",
     "Hangzhou Hikvision Digital Technology Co., Ltd.", "84 FR 54002"),
    ("Zhejiang Dahua Technology Co., Ltd.", "uk-fac-hc198:dahua", "Zhejiang Dahua Technology Co., Ltd.", "HC 198"),
    ("ZTE Corporation", "us-fcc-covered-list:zte", "ZTE Corporation", "47 CFR 1.50002"),
])
def test_restricted_suppliers_are_flagged_with_alias_and_citation(screener, name, entry_id, matched, reference):
    result = screener.screen_row(SupplierRow(name=name))
    assert result.verdict in ("restricted", "prohibited")
    by_id = {f.entry.id: f for f in result.findings}
    finding = by_id[entry_id]
    assert finding.entry.source == entry_id.split(":", 1)[0]
    assert finding.entry.matched_name == matched
    assert reference in (finding.entry.citation.reference or "")
    assert finding.entry.citation.url and finding.entry.citation.url.startswith("https://")
    assert finding.explanation and finding.evidence


@pytest.mark.parametrize("name", [
    "Acme Widgets Ltd", "Hikma Pharmaceuticals PLC", "Hangzhou Robam Appliances Co., Ltd.",
    "Zhejiang Supor Co., Ltd.", "Hanwha Vision Europe Ltd", "Zeta Technologies Ltd",
])
def test_ordinary_and_look_alike_suppliers_are_clear(screener, name):
    result = screener.screen_row(SupplierRow(name=name, country="GB"))
    assert result.verdict == "clear", [(f.entry.id, f.explanation) for f in result.findings]
    assert result.findings == ()


def test_a_listed_parents_subsidiary_is_an_affiliate_finding(screener):
    result = screener.screen_row(SupplierRow(name="Huawei Technologies (UK) Co. Ltd", country="GB"))
    kinds = {f.entry.source: f.kind for f in result.findings}
    assert kinds["us-ndaa-889"] == "affiliate"
    assert kinds["uk-huawei-designation"] == "exact"


def test_country_is_evidence_not_a_gate(screener):
    for country in (None, "GB", "CN", "US"):
        assert screener.screen_row(SupplierRow(name="Hikvision UK Ltd", country=country)).verdict == "restricted"


def test_report_keeps_input_order_fields_and_skipped_rows(screener):
    rows = [
        SupplierRow(name="Acme Widgets Ltd", line=2, fields={"supplier_id": "S1", "name": "Acme Widgets Ltd"}),
        SkippedRow(line=3, reason="empty name in column 'name'"),
        "ZTE Corporation",
    ]
    report = screener.screen(rows, now=NOW, input_path="suppliers.csv")
    assert [s.name for s in report.suppliers] == ["Acme Widgets Ltd", "ZTE Corporation"]
    assert report.suppliers[0].input == {"supplier_id": "S1", "name": "Acme Widgets Ltd"}
    assert report.suppliers[1].input == {"name": "ZTE Corporation"}
    assert report.skipped == (rows[1],)
    assert (report.summary.suppliers, report.summary.screened, report.summary.skipped) == (3, 2, 1)
    assert report.summary.by_verdict["restricted"] == 1 and report.summary.by_verdict["clear"] == 1
    assert report.generated_at == NOW and report.input == "suppliers.csv"


def test_report_names_every_list_snapshot_and_the_rules_used(screener):
    report = screener.screen(["Hikvision UK Ltd"], now=NOW)
    sources = {u.source for u in report.lists}
    assert {"uk-fac-hc198", "us-ndaa-889", "us-bis-entity-list", "us-fcc-covered-list"} <= sources
    assert all(len(u.sha256) == 64 and u.records > 0 and u.bundled for u in report.lists)
    codes = {f.rule for s in report.suppliers for f in s.findings}
    assert {r.code for r in report.rules} == codes
    assert any("lists update" in w for w in report.warnings)


def test_same_input_and_time_give_the_same_report(screener):
    names = ["Hikvision UK Ltd", "Acme Widgets Ltd", "Zhejiang Dahua Technology Co., Ltd."]
    first = screener.screen(names, now=NOW).model_dump_json()
    assert screener.screen(list(reversed(names)), now=NOW).model_dump_json() != first
    assert screener.screen(names, now=NOW).model_dump_json() == first


def test_screen_function_is_one_call_for_a_batch(settings):
    report = screen(["ZTE Corporation", "Acme Widgets Ltd"], settings, now=NOW)
    assert [s.verdict for s in report.suppliers] == ["restricted", "clear"]
    zte = report.suppliers[0].findings
    assert {f.entry.id for f in zte} >= {"us-ndaa-889:zte", "us-fcc-covered-list:zte"}


def test_threshold_setting_reaches_the_matcher(settings):
    strict = Screener(settings.model_copy(update={"threshold": 99.5}))
    assert strict.screen_row(SupplierRow(name="Hik-Vision Digital Tech. (Europe)")).findings == ()
