"""Candidate retrieval: which listed names the index hands the scorer, lazily read or preloaded."""
from __future__ import annotations

import pytest

from tests.index.test_index import CITATION, ENTRIES
from vendorrisk.index import CandidateIndex, build_index, query
from vendorrisk.index.query import (
    BUDGET_BASE_NAMES, POSTINGS_BUDGET, TYPO_DISCOUNT, Posting, candidates, postings_budget, supplier_idf,
)
from vendorrisk.model import ListEntry
from vendorrisk.normalize import normalize_name

SUPPLIERS = ["Vantrelle Optics Ltd", "Vantrele Optics", "Zentarox GmbH", "Quorvex Trading (HK) Limited",
             "Kelmoran Trading", "Trading Company", "Bank of the West", "Unrelated Name Co"]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """The same index file opened twice: read lazily, and preloaded."""
    path = tmp_path_factory.mktemp("query") / "index.sqlite"
    build_index(ENTRIES, path, "fp")
    lazy, loaded = CandidateIndex(path), CandidateIndex(path)
    loaded.preload()
    yield lazy, loaded
    lazy.close()
    loaded.close()


def texts(index: CandidateIndex, supplier: str) -> list[str]:
    return [index.name(i).text for i in candidates(index, normalize_name(supplier))]


def test_core_words_bring_in_their_names(indexes) -> None:
    lazy, _ = indexes
    assert texts(lazy, "Vantrelle Optics Ltd")[0] == "Vantrelle Optics Co., Ltd."
    assert texts(lazy, "Zentarox GmbH") == ["Zen Tarox"]  # the joined pair is posted
    assert texts(lazy, "Unrelated Name Co") == []


def test_a_typo_finds_the_listed_word(indexes) -> None:
    lazy, _ = indexes
    assert texts(lazy, "Vantrele Optics")[0] == "Vantrelle Optics Co., Ltd."
    assert supplier_idf(lazy, "vantrele") == supplier_idf(lazy, "vantrelle") == lazy.idf(1)


def test_names_sharing_too_little_of_their_weight_are_dropped(indexes) -> None:
    """'Trading' is a small part of 'Kelmoran Trading Co' and 'Quorvex Trading LLC': neither can score."""
    lazy, _ = indexes
    assert texts(lazy, "Trading Company") == []
    assert texts(lazy, "Kelmoran Trading") == ["Kelmoran Trading Co"]


@pytest.mark.parametrize("supplier", SUPPLIERS)
def test_preloaded_index_retrieves_the_same(indexes, supplier: str) -> None:
    lazy, loaded = indexes
    assert texts(lazy, supplier) == texts(loaded, supplier)


def test_postings_sort_core_words_first_then_rarest() -> None:
    postings = [Posting(True, 1, "trading", 0.35, 1.0), Posting(False, 9, "vantrelle", 1.0, TYPO_DISCOUNT),
                Posting(False, 2, "optic", 1.0, 1.0)]
    assert [p.token for p in sorted(postings)] == ["optic", "vantrelle", "trading"]


def test_the_postings_budget_grows_as_the_square_root_of_the_lists() -> None:
    """1,500 ids up to today's lists; ten times the names read about three times the ids, not ten."""
    assert postings_budget(50_000) == postings_budget(BUDGET_BASE_NAMES) == POSTINGS_BUDGET
    assert postings_budget(10 * BUDGET_BASE_NAMES) == round(POSTINGS_BUDGET * 10 ** 0.5)
    assert postings_budget(10 * BUDGET_BASE_NAMES) < 10 * POSTINGS_BUDGET


def test_a_rarely_printed_misspelling_also_looks_up_the_common_word(tmp_path, monkeypatch) -> None:
    """'Vantrele' is printed once and 'vantrelle' ten times: a supplier writing 'Vantrele' is also
    looked up as 'vantrelle', discounted as a typo; 'quorvax', printed as often as its neighbour
    'quorvex', is not a misspelling of it."""
    entries = [ListEntry(id=f"t:{n}", source="t", name=f"Vantrelle Optics {word}", citation=CITATION)
               for n, word in enumerate(["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta",
                                         "Iota", "Kappa"])]
    entries += [ListEntry(id="t:misspelt", source="t", name="Vantrele Holdings", citation=CITATION),
                ListEntry(id="t:q1", source="t", name="Quorvex Optics", citation=CITATION),
                ListEntry(id="t:q2", source="t", name="Quorvax Optics", citation=CITATION)]
    path = build_index(entries, tmp_path / "index.sqlite", "fp-misspelt")
    index = CandidateIndex(path)

    def looked_up(supplier: str) -> set[tuple[str, float]]:
        return {(p.token, p.discount) for p in query._postings_to_read(index, normalize_name(supplier))}

    monkeypatch.setattr(query, "MISSPELT_MAX_SHARE", 0.1)  # a small index: one name in ten is rare
    assert looked_up("Vantrele Holdings") >= {("vantrele", 1.0), ("vantrelle", TYPO_DISCOUNT)}
    assert ("quorvex", TYPO_DISCOUNT) not in looked_up("Quorvax Holdings")
    assert ("vantrelle", TYPO_DISCOUNT) in looked_up("Vantrell Holdings")  # an unlisted word, as always
    monkeypatch.setattr(query, "MISSPELT_MAX_SHARE", 1e-4)  # the real share: 14 names hold no rare word
    assert ("vantrelle", TYPO_DISCOUNT) not in looked_up("Vantrele Holdings")
    index.close()
