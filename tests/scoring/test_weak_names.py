"""Weak names, generic names and entity types (issue 19): what a name alone may prove.

Unit tests build alignments from hand-weighted words, as tests/scoring/test_scorer.py
does. The tests marked `shared` screen the real official snapshots in
../shared/data/lists, read in place: the supplier names are the dev-visible examples
the issue quotes (benign companies of ../shared/data/corpora, Forbes Global 2000
companies) and the government bodies it names.
"""
from __future__ import annotations

import pytest

from vendorrisk.config import Settings
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.model import Citation, ListEntry
from vendorrisk.normalize.acronyms import acronym_forms
from vendorrisk.report import severity_rank
from vendorrisk.scoring.scorer import weak_name_reason, weak_primary_reason
from vendorrisk.scoring.weak import PUBLISHER_WEAK, weak_alias_reason
from vendorrisk.screening.screener import Screener
from tests.scoring.test_scorer import CONFIG, align, w

RARITY = {"ftg": (1, 1.9), "zte": (30, 2.8), "base": (25, 5.5), "aspc": (2, 1.3), "dsk": (3, 3.3),
          "dji": (9, 2.9)}


def rarity(token: str) -> tuple[int, float]:
    return RARITY.get(token, (1, 0.0))


def reason(*words):
    return weak_name_reason(align(tuple(words), tuple(words)), rarity, CONFIG)


def primary_reason(*words):
    return weak_primary_reason(align(tuple(words), tuple(words)), rarity, CONFIG)


@pytest.mark.parametrize(("words", "weak"), [
    ((w("ftg"),), "'FTG' is an acronym of 3 letters"),
    ((w("base"),), "'base' is a common word in everyday text"),
    ((w("group", "generic"),), "'group' is one generic word"),
    ((w("zte"),), None),  # in many list names: a listed group's short name
    ((w("aspc"),), None),  # four letters and no everyday word: specific enough
    ((w("quorvex"),), None),
    ((w("national", "generic"), w("bank", "generic")), None),  # generic names have rules of their own
])
def test_weak_alias_by_rule(words, weak):
    assert reason(*words) == weak


@pytest.mark.parametrize(("words", "weak"), [
    ((w("dsk"),), "'DSK' is an acronym of 3 letters that few listed names use"),
    ((w("energy", "generic"),), "'energy' is one generic word"),
    ((w("dji"),), None),  # the Entity List's own name for DJI, in many list names
    ((w("base"),), None),  # a primary name that is an everyday word is the list's name for the party
])
def test_weak_primary_name_by_rule(words, weak):
    assert primary_reason(*words) == weak


def _entry(**fields) -> ListEntry:
    return ListEntry(id="t:1", source="t", name="KARDOVIAN QUILL INSTITUTE", citation=Citation(document="t"),
                     **fields)


def test_the_publisher_flag_the_primary_name_and_curated_names():
    entry = _entry(aliases=("KQI", "THE QUILL"), weak_aliases=("THE QUILL",))
    assert weak_alias_reason(entry, "THE QUILL", None) == PUBLISHER_WEAK
    assert weak_alias_reason(entry, "KQI", "'KQI' is an acronym") == "'KQI' is an acronym"
    assert weak_alias_reason(entry, entry.name, "any") is None
    curated = _entry(aliases=("KQI",), confidence="primary")
    assert weak_alias_reason(curated, "KQI", "'KQI' is an acronym") is None
    vessel = _entry(type="vessel")
    assert weak_alias_reason(vessel, entry.name, "'x' is an everyday word") == "'x' is an everyday word"


@pytest.mark.parametrize(("name", "forms"), [
    ("RECONNAISSANCE GENERAL BUREAU (RGB)", ("RECONNAISSANCE GENERAL BUREAU", "RGB")),
    ("KOREAN NATIONAL INSURANCE COMPANY (KNIC)", ("KOREAN NATIONAL INSURANCE COMPANY", "KNIC")),
    ("Hikvision (UK) Ltd", None), ("Acme Widgets Ltd (UK)", None), ("ZTE (USA)", None),
    ("Velmora Holdings (HOLDINGS)", None), ("Velmora Technical Bureau", None),
])
def test_acronym_forms(name, forms):
    assert acronym_forms(name) == forms


# -- the official lists (../shared) ---------------------------------------------------------------

def _screener(lists, home, sources) -> Screener:
    paths = {"us-csl": lists / "us-csl" / "consolidated.csv", "us-ofac-sdn": lists / "us-ofac-sdn" / "2023-12-28",
             "uk-sanctions": lists / "uk-sanctions" / "sanctionsconlist.csv",
             "un-sc": lists / "un-sc" / "consolidated.xml"}
    store = Store(home)
    for source_id in sources:
        source = SOURCES[source_id]
        store.install(source, paths[source_id], source.parse(paths[source_id]), None)
    return Screener(Settings(home=home))


@pytest.fixture(scope="module")
def official(tmp_path_factory, request) -> Screener:
    lists = request.config.rootpath.parent / "shared" / "data" / "lists"
    if not lists.is_dir():
        pytest.skip(f"shared list snapshots not found at {lists}")
    return _screener(lists, tmp_path_factory.mktemp("weak-official"),
                     ("us-csl", "us-ofac-sdn", "uk-sanctions", "un-sc"))


@pytest.fixture(scope="module")
def un_only(tmp_path_factory, request) -> Screener:
    lists = request.config.rootpath.parent / "shared" / "data" / "lists"
    if not lists.is_dir():
        pytest.skip(f"shared list snapshots not found at {lists}")
    return _screener(lists, tmp_path_factory.mktemp("weak-un"), ("un-sc",))


def _worst(screener: Screener, name: str, country: str | None) -> str | None:
    _, findings = screener.assess(name, country)
    return max((f.severity for f in findings), key=severity_rank, default=None)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(("name", "country"), [
    ("EPL Limited", "IN"), ("People Co., Ltd.", "JP"), ("BASE, Inc.", "JP"), ("Carvana Co.", "US"),
    ("KOREA COMPUTER INC.", "KR"),
])
def test_benign_names_the_issue_quotes_get_nothing_above_review(official, name, country):
    worst = _worst(official, name, country)
    assert worst is None or severity_rank(worst) <= severity_rank("medium"), (name, worst)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(("name", "country"), [
    ("Blackstone", "United States"), ("Fox", "United States"), ("Santos", "Australia"), ("NEC", "Japan"),
    ("PPL", "United States"), ("UCB", "Belgium"), ("AGC", "Japan"), ("TCL", "China"), ("Bid", "South Africa"),
    ("Entergy", "United States"), ("Dover", "United States"), ("Carvana", "United States"),
    ("Agricultural Bank of China", "China"), ("Qatar National Bank", "Qatar"), ("Inner Mongolia Yili", "China"),
])
def test_forbes_companies_get_no_block_from_an_individual_or_an_acronym_alias(official, name, country):
    worst = _worst(official, name, country)
    assert worst is None or severity_rank(worst) <= severity_rank("medium"), (name, worst)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("name", ["China Communications Construction", "Hikvision", "ZTE",
                                  "Semiconductor Manufacturing International", "AVIC Chengdu Aircraft"])
def test_forbes_companies_truly_listed_keep_their_findings(official, name):
    assert _worst(official, name, "China") == "high", name


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize(("supplier", "listed"), [
    ("RECONNAISSANCE GENERAL BUREAU (RGB)", "RECONNAISSANCE GENERAL BUREAU"),
    ("KOREA NATIONAL INSURANCE CORPORATION", "KOREAN NATIONAL INSURANCE COMPANY (KNIC)"),
    ("Defense Industries Organization", "DEFENCE INDUSTRIES ORGANISATION (DIO)"),
    ("Ministry of Defence Logistics Export", "MINISTRY OF DEFENSE LOGISTICS EXPORT"),
])
def test_government_bodies_as_another_government_writes_them(un_only, supplier, listed):
    _, findings = un_only.assess(supplier, None)
    assert listed in {f.entry.matched_name for f in findings}, supplier


@pytest.mark.shared
@pytest.mark.slow
def test_a_weak_acronym_alias_needs_the_country_and_says_why(un_only):
    assert not un_only.assess("RGB", None)[1]
    assert not un_only.assess("RGB", "South Korea")[1]
    _, findings = un_only.assess("RGB", "North Korea")
    assert findings and any(e.feature == "weak_alias" and "'RGB' is an acronym" in e.detail
                            for f in findings for e in f.evidence)


@pytest.mark.shared
@pytest.mark.slow
def test_a_generic_name_is_a_review_unless_the_country_agrees(un_only):
    assert _worst(un_only, "Korean National Insurance Company", None) == "medium"
    assert _worst(un_only, "Korean National Insurance Company", "KP") in ("high", "critical")


def test_group_acronyms_learned_from_printed_pairs():
    from vendorrisk.index.groups import GroupAcronyms

    groups = GroupAcronyms(["Velmoran Electronics Systems Group Corp. (VESG) 54th Institute",
                            "TARVESH SPACE INDUSTRY CORPORATION (TSIC)", "Acme Widgets Ltd (UK)", "ABC (XYZ)"])
    assert groups.short_forms("Velmoran Electronics Systems Group Corporation 14th Institute (VESG 14)") == (
        "VESG 14th Institute",)
    assert groups.short_forms("Tarvesh Space Industry Corporation Second Academy") == ("TSIC Second Academy",)
    assert groups.short_forms("Velmoran Electronics Systems Group Corp. (VESG) 54th Institute") == (
        "VESG 54th Institute",)
    assert groups.short_forms("TARVESH SPACE INDUSTRY CORPORATION") == ()  # the group itself has its acronym
    assert groups.short_forms("Acme Widgets Ltd Cardiff") == ()
