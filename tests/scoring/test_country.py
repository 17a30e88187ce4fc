"""Supplier countries: read in every common form, and never a reason to drop a match (issue 19).

A country written as a name ("China") used to be compared with the entry's code ("CN")
as text, so it counted as a conflicting country and hid short names such as ZTE.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendorrisk.config import Settings
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.model import SupplierRow
from vendorrisk.normalize.country import TABLE, country_code, country_key
from vendorrisk.screening.screener import Screener

NOW = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)
CHINA = ("China", "CN", "CHN", "People's Republic of China", "china", "P.R. China", "中国", "Китай", "Chine")
OTHER = ("RU", "Russia", "United States", "USA", "DE", "Deutschland", "GB", "UK")
UNKNOWN = ("Atlantis", "n/a", "??", "12345", "Mars Colony")


@pytest.mark.parametrize(("value", "code"), [
    ("China", "CN"), ("CN", "CN"), ("chn", "CN"), ("People's Republic of China", "CN"), ("中国", "CN"),
    ("United States", "US"), ("USA", "US"), ("U.S.A.", "US"), ("us", "US"), ("United States of America", "US"),
    ("UK", "GB"), ("United Kingdom", "GB"), ("GBR", "GB"), ("Great Britain", "GB"),
    ("Russia", "RU"), ("Russian Federation", "RU"), ("Россия", "RU"), ("RUS", "RU"),
    ("Deutschland", "DE"), ("Allemagne", "DE"), ("Türkiye", "TR"), ("Turkey", "TR"),
    ("South Korea", "KR"), ("Korea, Republic of", "KR"), ("North Korea", "KP"), ("Côte d'Ivoire", "CI"),
    ("Hong Kong", "HK"), ("Hong Kong, China", "HK"), ("Taiwan", "TW"), ("UAE", "AE"), ("the Netherlands", "NL"),
    ("CN - China", "CN"), ("China (CN)", "CN"), ("Shenzhen, China", "CN"), ("  Japan  ", "JP"),
])
def test_country_code_reads_names_codes_and_short_forms(value, code):
    assert country_code(value) == code


@pytest.mark.parametrize("value", [None, "", "   ", *UNKNOWN, "Georgia, USA"])  # two countries: not guessed
def test_an_unknown_or_blank_country_is_no_country(value):
    assert country_code(value) is None


def test_the_table_covers_every_iso_code_in_both_forms():
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert len(table["codes"]) == 249
    for code in table["codes"]:
        assert table["names"][country_key(code)] == code
    assert len({v for k, v in table["names"].items() if len(k) == 3 and k.isalpha() and k.isascii()}) >= 249


def test_the_table_file_loads_without_yaml():
    """`vendorrisk search` must not import PyYAML (tests/test_startup.py): the table is JSON."""
    import vendorrisk.normalize.country as module

    assert "yaml" not in module.__dict__


# -- screening with the bundled lists -------------------------------------------------------------

@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("country-home")))


def _found(screener: Screener, name: str, country: str | None) -> set[tuple[str, str, str]]:
    _, findings = screener.assess(name, country)
    return {(f.rule, f.entry.id, f.kind) for f in findings}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ZTE", "DJI", "Huawei"])
def test_a_country_written_any_way_gives_the_same_findings(screener, name):
    without = _found(screener, name, None)
    assert without, f"{name} must be found on the bundled lists for this test to mean anything"
    for country in (*CHINA, *UNKNOWN):
        assert _found(screener, name, country) == without, country
    for country in OTHER:  # a conflicting country may make another of the entry's names the best one
        assert _rules_and_entries(_found(screener, name, country)) == _rules_and_entries(without), country


def _rules_and_entries(found: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(rule, entry) for rule, entry, _ in found}


@pytest.mark.slow
def test_a_conflicting_country_leaves_a_finding_for_review_not_a_block(screener):
    """The name still matches, so the finding stays; a namesake elsewhere is capped at the review severity."""
    verdict, findings = screener.assess("ZTE", None)
    assert verdict == "restricted" and any(f.severity == "high" for f in findings)
    verdict, findings = screener.assess("ZTE", "Russia")
    assert verdict == "review" and findings
    assert {f.severity for f in findings} <= {"info", "low", "medium"}
    assert all(any(e.feature == "country_mismatch" for e in f.evidence) for f in findings)
    assert screener.assess("ZTE", "China")[0] == "restricted"


@pytest.mark.slow
def test_the_country_is_evidence_not_a_gate(screener):
    """Agreeing raises the score a little, conflicting lowers it, but never below the threshold."""
    def top(country):
        return screener.matcher.match("ZTE", country)[0]

    assert top("China").score >= top(None).score
    mismatch = top("Russia")
    assert screener.settings.threshold <= mismatch.score < top(None).score
    assert any(e.feature == "country_mismatch" and e.supplier_value == "RU" for e in mismatch.evidence)
    assert any(e.feature == "country_match" and "China (CN)" in e.detail for e in top("China").evidence)
    assert not any(e.feature.startswith("country") for e in top("Atlantis").evidence)


@pytest.mark.slow
def test_an_unknown_country_is_kept_and_warned_about_once(screener):
    rows = [SupplierRow(name=n, country=c, line=i + 2, fields={"name": n, "country": c})
            for i, (n, c) in enumerate([("ZTE", "Atlantis"), ("DJI", "Atlantis"), ("Acme Widgets", "Neverland"),
                                        ("Huawei", "China"), ("Acme Widgets", "")])]
    report = screener.screen(rows, now=NOW)
    about = [w for w in report.warnings if w.startswith("country ")]
    assert about == [
        "country 'Atlantis' (2 rows) is not a country name or ISO code vendorrisk knows; "
        "those rows were screened as if no country was given",
        "country 'Neverland' (1 row) is not a country name or ISO code vendorrisk knows; "
        "those rows were screened as if no country was given"]
    assert [s.country for s in report.suppliers][:3] == ["Atlantis", "Atlantis", "Neverland"]
    assert report.suppliers[0].input["country"] == "Atlantis"
    assert report.suppliers[0].verdict == "restricted"


# -- property: a country only ever adds matches ---------------------------------------------------

@pytest.fixture(scope="module")
def listed_names(screener) -> list[str]:
    names = sorted({n for e in screener.catalog.entries() for n in (e.name, *e.aliases)})
    assert len(names) > 50
    return names


countries = st.one_of(
    st.sampled_from(json.loads(TABLE.read_text(encoding="utf-8"))["codes"]),
    st.sampled_from([*CHINA, *OTHER, *UNKNOWN, "Iran", "Korea, North", "Hong Kong SAR", "ایران", "日本"]),
    st.text(max_size=20),
    st.just(""),
)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), country=countries)
def test_a_country_never_drops_a_match(screener, listed_names, data, country):
    name = data.draw(st.sampled_from(listed_names))
    without = {m.entry.id for m in screener.matcher.match(name)}
    with_country = {m.entry.id for m in screener.matcher.match(name, country)}
    assert with_country >= without, (name, country)


# -- the official lists (../shared) ----------------------------------------------------------------

@pytest.mark.shared
@pytest.mark.slow
def test_a_country_name_finds_what_the_code_finds_on_the_official_lists(shared_lists, tmp_path):
    source = SOURCES["us-csl"]
    path = shared_lists / "us-csl" / "consolidated.csv"
    Store(tmp_path).install(source, path, source.parse(path), None)
    official = Screener(Settings(home=tmp_path))
    for name in ("ZTE", "DJI", "Huawei"):
        with_code = _found(official, name, "CN")
        assert len(with_code) >= 2, name
        assert _found(official, name, None) == with_code, name
        for country in ("China", "People's Republic of China", "CHN", "Atlantis"):
            assert _found(official, name, country) == with_code, (name, country)
        assert _rules_and_entries(_found(official, name, "RU")) == _rules_and_entries(with_code), name
