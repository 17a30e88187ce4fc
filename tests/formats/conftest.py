"""A fixed, realistic `Report` that every formatter test renders.

Suppliers (input order): a UK affiliate of Hikvision caught by three rules, a clean
supplier, a hostile `<script>` name, a typo'd Dahua caught as a fuzzy match, a
formula-injection name, and one skipped row. The CSL snapshot is stale. Names are
invented or public facts from the policy sources; no list rows are copied.
"""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.model import Citation, SkippedRow
from vendorrisk.report import (
    Evidence, Finding, FindingEntry, ListUsed, Party, Report, ReportSettings, RuleRef, SnapshotRef,
    Summary, SupplierResult,
)

UTC = dt.timezone.utc
CSL_SHA = "5f0c6d2a9b1e4f7c8d3a2b1c0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f"
S889_SHA = "a3b1c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00"
HC198_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1"

EL_2019 = Citation(
    document="Addition of Certain Entities to the Entity List",
    reference="84 FR 54002; FR Doc. 2019-22210", paragraph="15 CFR part 744 Supp. No. 4",
    publisher="US Department of Commerce, Bureau of Industry and Security",
    date=dt.date(2019, 10, 9), url="https://federalregister.gov/d/2019-22210")
S889 = Citation(
    document="John S. McCain National Defense Authorization Act for Fiscal Year 2019",
    reference="Pub. L. 115-232, s.889", paragraph="(f)(3)(B)", publisher="US Congress",
    date=dt.date(2018, 8, 13), url="https://www.acq.osd.mil/dpap/dars/section889.html")
HC198 = Citation(
    document="Never Again: The UK's Responsibility to Act on Atrocities in Xinjiang and Beyond",
    reference="Second Report of Session 2021-22, HC 198",
    publisher="House of Commons Foreign Affairs Committee", date=dt.date(2021, 7, 8),
    url="https://publications.parliament.uk/pa/cm5802/cmselect/cmfaff/198/19811.htm")

RULES = (
    RuleRef(code="VR101", name="ndaa-889-covered-equipment", severity="critical",
            summary="Supplier is, or is an affiliate of, a producer named in NDAA FY2019 s.889.",
            consequence="US executive agencies may not procure its equipment or services.",
            references=(S889,)),
    RuleRef(code="VR201", name="bis-entity-list", severity="high",
            summary="Supplier matches a party on the BIS Entity List.",
            consequence="Export licence required for all items subject to the EAR.",
            references=(EL_2019,)),
    RuleRef(code="VR301", name="uk-fac-exclusion-recommendation", severity="medium",
            summary="Supplier is named in a UK parliamentary recommendation to exclude it.",
            consequence="UK committee recommends exclusion; not legally binding.",
            references=(HC198,)),
)


def _snap(source: str, sha: str, day: dt.date) -> SnapshotRef:
    return SnapshotRef(source=source, snapshot_date=day, sha256=sha,
                       retrieved_at=dt.datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC))


def _entry(source: str, oid: str, name: str, matched: str, citation: Citation, **kw) -> FindingEntry:
    snap = kw.pop("snapshot")
    return FindingEntry(source=source, id=f"{source}:{oid}", name=name, matched_name=matched,
                        citation=citation, snapshot=snap, countries=("CN",), **kw)


def _finding(rule: RuleRef, kind: str, score: float, entry: FindingEntry, why: str,
             evidence: tuple[Evidence, ...] = ()) -> Finding:
    listing = entry.model_copy(update={"rules": {rule.code: rule.severity}, "severity": rule.severity, "kind": kind,
                                       "score": score})
    return Finding(party=Party(id=entry.id, name=entry.name), rule=rule.code, rule_name=rule.name,
                   rules=(rule.code,), severity=rule.severity, kind=kind, score=score,
                   consequence=rule.consequence, explanation=why, evidence=evidence, entry=listing,
                   listings=(listing,))


def _hikvision_findings() -> tuple[Finding, ...]:
    csl = _snap("us-csl", CSL_SHA, dt.date(2026, 6, 1))
    brand = Evidence(feature="distinctive_token", score=70.0, supplier_value="hikvision",
                     list_value="Hikvision", detail="distinctive token 'hikvision' (rare in all lists)")
    suffix = Evidence(feature="affiliate_suffix", score=18.0, supplier_value="UK Ltd",
                      detail="'UK Ltd' reads as a national subsidiary")
    s889 = _entry("us-ndaa-s889", "hikvision", "Hangzhou Hikvision Digital Technology Company",
                  "Hikvision", S889, programs=("NDAA FY2019 s.889",), relation="affiliate",
                  publisher="US Congress", listed_on=dt.date(2018, 8, 13),
                  snapshot=_snap("us-ndaa-s889", S889_SHA, dt.date(2026, 11, 1)))
    el = _entry("us-csl", "9d2c41f7", "Hangzhou Hikvision Digital Technology Co., Ltd.",
                "Hikvision", EL_2019, programs=("EAR 744.11",), list_name="Entity List (EL)",
                aliases=("Hikvision",), publisher="US Department of Commerce",
                listed_on=dt.date(2019, 10, 9), snapshot=csl)
    hc = _entry("uk-fac-hc198", "hikvision", "Hikvision", "Hikvision", HC198,
                publisher="House of Commons Foreign Affairs Committee",
                listed_on=dt.date(2021, 7, 8),
                snapshot=_snap("uk-fac-hc198", HC198_SHA, dt.date(2026, 11, 1)))
    why = "supplier name contains the listed brand 'Hikvision'; 'UK Ltd' reads as a subsidiary"
    return (
        _finding(RULES[0], "affiliate", 88.0, s889, why, (brand, suffix)),
        _finding(RULES[1], "affiliate", 88.0, el, why, (brand, suffix)),
        _finding(RULES[2], "affiliate", 88.0, hc, why, (brand, suffix)),
    )


def _dahua_finding() -> Finding:
    entry = _entry("us-csl", "4be07a13", "Zhejiang Dahua Technology Co., Ltd.",
                   "Zhejiang Dahua Technology Co., Ltd.", EL_2019, programs=("EAR 744.11",),
                   list_name="Entity List (EL)", aliases=("Dahua Technology",),
                   publisher="US Department of Commerce", listed_on=dt.date(2019, 10, 9),
                   snapshot=_snap("us-csl", CSL_SHA, dt.date(2026, 6, 1)))
    ev = Evidence(feature="fuzzy_name", score=91.5, supplier_value="zhejiang dahua technolgy",
                  list_value="zhejiang dahua technology", detail="one-letter typo in 'technolgy'")
    return _finding(RULES[1], "fuzzy", 91.5, entry, "one-letter typo in 'technolgy'", (ev,))


def _supplier(line: int, name: str, country: str, verdict: str, findings=()) -> SupplierResult:
    return SupplierResult(input={"supplier_id": f"S-{1000 + line}", "name": name, "country": country},
                          line=line, name=name, country=country, verdict=verdict,
                          findings=tuple(findings))


LISTS = (
    ListUsed(source="us-csl", title="Consolidated Screening List",
             publisher="US International Trade Administration",
             url="https://www.trade.gov/consolidated-screening-list",
             snapshot_date=dt.date(2026, 6, 1), date_basis="server", published_on_or_after=dt.date(2026, 5, 28),
             retrieved_at=dt.datetime(2026, 6, 1, 6, 0, tzinfo=UTC), sha256=CSL_SHA, records=12874, age_days=180, stale=True),
    ListUsed(source="uk-fac-hc198", title="UK Foreign Affairs Committee HC 198 (2021)",
             publisher="House of Commons Foreign Affairs Committee", url=HC198.url,
             snapshot_date=dt.date(2026, 11, 1), date_basis="curated", sha256=HC198_SHA, records=2, bundled=True,
             age_days=27),
    ListUsed(source="us-ndaa-s889", title="NDAA FY2019 section 889 covered producers",
             publisher="US Congress", url=S889.url, snapshot_date=dt.date(2026, 11, 1), date_basis="curated",
             sha256=S889_SHA, records=5, bundled=True, age_days=27),
)


def build_example_report() -> Report:
    """The fixed example report (also used for the screenshot in docs/)."""
    suppliers = (
        _supplier(2, "Hikvision UK Ltd", "GB", "prohibited", _hikvision_findings()),
        _supplier(3, "Acme Office Supplies Ltd", "GB", "clear"),
        _supplier(4, "<script>alert(1)</script>", "US", "clear"),
        _supplier(5, "Zhejiang Dahua Technolgy Co., Ltd", "CN", "restricted", (_dahua_finding(),)),
        _supplier(6, '=HYPERLINK("http://x","y")', "GB", "clear"),
    )
    skipped = (SkippedRow(line=7, reason="name column 'name' is empty", path="suppliers.csv",
                          fields={"supplier_id": "S-1007", "name": "", "country": "DE"}),)
    summary = Summary(suppliers=6, screened=5, skipped=1, with_findings=2, findings=4,
                      by_verdict={"clear": 3, "review": 0, "restricted": 1, "prohibited": 1})
    return Report(
        tool_version="0.1.0", generated_at=dt.datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
        input="suppliers.csv",
        settings=ReportSettings(profile="default", threshold=80.0, max_list_age_days=None),
        lists=LISTS, summary=summary, rules=RULES, suppliers=suppliers, skipped=skipped,
        warnings=("list us-csl is 180 days old (stale after 30); run `vendorrisk lists update`",),
    )


@pytest.fixture
def example_report() -> Report:
    """The fixed example report."""
    return build_example_report()


@pytest.fixture(autouse=True)
def _in_a_repository(tmp_path, monkeypatch) -> None:
    """Run in a fresh git work tree, so the SARIF URI of `suppliers.csv` does not depend on where
    pytest started (an unpacked sdist has no `.git`)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
