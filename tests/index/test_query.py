"""Candidate retrieval: which listed names the index hands the scorer, lazily read or preloaded."""
from __future__ import annotations

import pytest

from tests.index.test_index import ENTRIES
from vendorrisk.index import CandidateIndex, build_index
from vendorrisk.index.query import TYPO_DISCOUNT, Posting, candidates, supplier_idf
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
