"""The labelled pairs of tests/cases/match_cases.yaml, screened through the real matcher.

One index is built per session from every listed name in the table plus a few
hundred generated filler names, so that rarity statistics look like a real list:
"trading", "shipping" or "technology" occur in many names, coined words in one.
Each case then asserts whether its supplier matches its own listed entry.
"""
from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
import yaml
from rapidfuzz.distance import Levenshtein

from vendorrisk.index import CandidateIndex, build_index
from vendorrisk.model import Citation, ListEntry, RelatedName
from vendorrisk.normalize import normalize_name
from vendorrisk.scoring import Matcher

CASES_FILE = Path(__file__).resolve().parent.parent / "cases" / "match_cases.yaml"
FIELDS = {"id", "supplier", "country", "listed", "listed_aliases", "listed_related", "listed_type",
          "listed_countries", "expect", "kind", "why", "known_failure"}
REQUIRED = {"id", "supplier", "listed", "expect", "why"}
CITATION = Citation(document="Invented test listing")

_SYLLABLES = ("ka", "lo", "ven", "tra", "mi", "zor", "bel", "quin", "dra", "sol", "rex", "nor", "pa",
              "vik", "tor", "lan", "shu", "mei", "gar", "ost", "ru", "zel", "fa", "don", "kri", "bao")
_FILLER_TEMPLATES = (
    "{w} Trading Co., Ltd.", "{w} International Trading LLC", "{w} Shipping LLC", "{w} Shipping Co Ltd",
    "{p} {w} Technology Co., Ltd.", "{w} Technology Limited", "{w} Electronics Co Ltd", "{w} Industries",
    "{w} Group", "{w} Engineering GmbH", "{w} Import Export Co", "{w} General Trading FZE",
    "{p} {w} Industrial Co Ltd", "{w} Logistics Ltd", "{w} Machinery Co Ltd", "{w} Holding Company",
)
_PLACES = ("Shenzhen", "Shanghai", "Beijing", "Guangzhou", "Hangzhou", "Tianjin", "Dubai", "Moscow")
_GIVEN = ("Ahmad", "Olga", "Reza", "Viktor", "Li", "Samir", "Elena", "Hassan", "Dmitri", "Mei")
FILLER_ENTITIES = 360
FILLER_PEOPLE = 40


def load_cases() -> list[dict]:
    """The cases, checked for shape so that a mistyped field fails loudly."""
    cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        unknown = set(case) - FIELDS
        missing = REQUIRED - set(case)
        assert not unknown and not missing, f"{case.get('id')}: unknown {unknown}, missing {missing}"
        assert case["expect"] in ("match", "no-match"), case["id"]
        assert case.get("kind") in (None, "exact", "fuzzy", "affiliate"), case["id"]
        assert not (case["expect"] == "no-match" and "kind" in case), f"{case['id']}: kind on a no-match"
    return cases


CASES = load_cases()


def entry_key(case: dict) -> tuple:
    """Cases describing the same listed party share one entry."""
    related = tuple((r["name"], r["relation"]) for r in case.get("listed_related", ()))
    return (case["listed"], tuple(case.get("listed_aliases", ())), case.get("listed_type", "entity"),
            tuple(case.get("listed_countries", ())), related)


@functools.cache
def case_entries() -> dict[tuple, ListEntry]:
    """One ListEntry per distinct listed party of the table."""
    entries: dict[tuple, ListEntry] = {}
    for case in CASES:
        key = entry_key(case)
        if key not in entries:
            name, aliases, kind, countries, related = key
            entries[key] = ListEntry(
                id=f"case:{len(entries)}", source="case", name=name, aliases=aliases, type=kind,
                countries=countries, related=tuple(RelatedName(name=n, relation=r) for n, r in related),
                citation=CITATION)
    return entries


def _coined(rng: random.Random, taken: set[str]) -> str:
    """A coined word at least two edits from every word of the cases, so fillers never interfere."""
    while True:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 3))))
        if len(word) >= 5 and word not in taken and all(Levenshtein.distance(word, t, score_cutoff=1) > 1
                                                       for t in taken):
            taken.add(word)
            return word


def filler_entries() -> list[ListEntry]:
    """Invented list names that make sector words common and coined words rare."""
    rng = random.Random(4)
    taken = {t for case in CASES for text in (case["supplier"], case["listed"])
             for t in normalize_name(text).tokens}
    entries = []
    for i in range(FILLER_ENTITIES):
        template = _FILLER_TEMPLATES[i % len(_FILLER_TEMPLATES)]
        name = template.format(w=_coined(rng, taken).title(), p=rng.choice(_PLACES))
        entries.append(ListEntry(id=f"filler:{i}", source="filler", name=name, citation=CITATION))
    for i in range(FILLER_PEOPLE):
        name = f"{_coined(rng, taken).upper()}, {rng.choice(_GIVEN)}"
        entries.append(ListEntry(id=f"person:{i}", source="filler", name=name, type="individual",
                                 citation=CITATION))
    return entries


@pytest.fixture(scope="session")
def case_index(tmp_path_factory) -> CandidateIndex:
    """The index of every case's listed party and the filler, built once."""
    path = tmp_path_factory.mktemp("case-index") / "index.sqlite"
    build_index([*case_entries().values(), *filler_entries()], path, "cases")
    index = CandidateIndex(path)
    yield index
    index.close()


@pytest.fixture(scope="session")
def matcher(case_index) -> Matcher:
    """A matcher with the default threshold over the case index."""
    return Matcher(case_index)


def _params():
    ids = {}
    for case in CASES:
        marks = ()
        if case.get("known_failure"):
            marks = (pytest.mark.xfail(strict=True, reason=case["known_failure"]),)
        ids[case["id"]] = pytest.param(case, id=case["id"], marks=marks)
    return list(ids.values())


def _describe(matches) -> str:
    return "\n".join(f"  {m.entry.id} {m.matched_name!r} {m.kind} {m.score}: {m.explanation}"
                     for m in matches) or "  (no matches)"


@pytest.mark.parametrize("case", _params())
def test_case(case: dict, matcher: Matcher) -> None:
    """The supplier matches its listed entry, or does not, as labelled (and with the kind given)."""
    entry_id = case_entries()[entry_key(case)].id
    matches = matcher.match(case["supplier"], case.get("country"))
    mine = [m for m in matches if m.entry.id == entry_id]
    report = f"{case['supplier']!r} vs {case['listed']!r} ({case['why']}); matches:\n{_describe(matches)}"
    if case["expect"] == "no-match":
        assert not mine, report
        return
    assert mine, report
    if "kind" in case:
        assert mine[0].kind == case["kind"], report
    assert any(e.feature == "word_match" for e in mine[0].evidence), f"no word evidence: {report}"


def test_table_is_large_and_balanced() -> None:
    """Enough cases, unique ids, and hard negatives as well as positives of every kind."""
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 80
    assert len(set(ids)) == len(ids), "duplicate case ids"
    negatives = [c for c in CASES if c["expect"] == "no-match"]
    assert len(negatives) >= 25
    kinds = {c.get("kind") for c in CASES if c["expect"] == "match"}
    assert {"exact", "fuzzy", "affiliate"} <= kinds


def test_one_entry_per_listed_name() -> None:
    """Cases naming the same listed party describe it the same way (else it is indexed twice)."""
    keys: dict[str, tuple] = {}
    for case in CASES:
        assert keys.setdefault(case["listed"], entry_key(case)) == entry_key(case), case["id"]


def test_filler_makes_sector_words_common(case_index) -> None:
    """The rarity statistics the cases rely on: sector words are common, coined words rare."""
    assert case_index.df("trading") >= 40
    assert case_index.df("shipping") >= 40
    assert case_index.df("quorvex") == 1
    assert case_index.idf(case_index.df("trading")) < case_index.idf(case_index.df("quorvex")) / 2


def test_filler_stays_clear_of_case_words() -> None:
    """No filler word is within one edit of a case word, so fillers cannot decide a case."""
    words = {t for case in CASES for t in normalize_name(case["supplier"]).tokens}
    filler = {t for e in filler_entries() for t in normalize_name(e.name).tokens_of("core")}
    assert not any(Levenshtein.distance(a, b, score_cutoff=1) <= 1 for a in filler for b in words
                   if len(a) >= 5)
