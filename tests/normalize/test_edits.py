"""`osa_distance`: the pure-Python start and the rapidfuzz hand-over give the same numbers."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from vendorrisk.normalize import edits
from vendorrisk.normalize.edits import EditDistance, osa_distance, python_osa_distance

WORDS = st.text(alphabet="abcé", max_size=9)


def test_equals_rapidfuzz_for_every_short_word_over_three_letters():
    words = ["".join(w) for n in range(5) for w in itertools.product("abc", repeat=n)]
    for a, b, cutoff in itertools.product(words, words, (0, 1, 2)):
        assert python_osa_distance(a, b, cutoff) == OSA.distance(a, b, score_cutoff=cutoff), (a, b, cutoff)


@given(WORDS, WORDS, st.integers(min_value=0, max_value=4))
def test_equals_rapidfuzz(a, b, cutoff):
    assert python_osa_distance(a, b, cutoff) == OSA.distance(a, b, score_cutoff=cutoff)


@pytest.mark.parametrize("a, b, expected", [
    ("company", "company", 0), ("compnay", "company", 1), ("compny", "company", 1),
    ("hikvision", "hikvsion", 1), ("ca", "abc", 3), ("technology", "tecnhology", 1),
])
def test_known_distances(a, b, expected):
    assert python_osa_distance(a, b, 3) == expected


def test_hands_over_to_rapidfuzz_after_enough_comparisons():
    chosen = EditDistance(python_calls=edits.RAPIDFUZZ_AFTER)
    for _ in range(edits.RAPIDFUZZ_AFTER):
        assert chosen.distance("compny", "company", 1) == 1
    assert chosen.compiled is None
    assert chosen.distance("compny", "company", 1) == 1
    assert chosen.compiled is OSA.distance
    assert chosen.distance("hikvision", "hikvsion", 2) == 1 and chosen.distance("abc", "xyz", 1) == 2


def test_the_process_distance_is_osa():
    assert osa_distance("hikvision", "hikvsion", 2) == 1 and osa_distance("abc", "xyz", 1) == 2
