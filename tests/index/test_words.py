"""The index's word rules: what is looked up, how rarity weighs, how classes are stored."""
from __future__ import annotations

import math

import pytest

from vendorrisk.index.words import decode_classes, encode_classes, idf, is_looked_up, lookup_words, posted_words
from vendorrisk.normalize import WordClass, normalize_name


def test_classes_stored_one_letter_each_and_read_back() -> None:
    every = tuple(WordClass)
    codes = encode_classes(every)
    assert len(codes) == len(set(codes)) == len(every)
    assert decode_classes(codes) == every


def test_core_generic_and_place_words_are_looked_up() -> None:
    assert [c for c in WordClass if is_looked_up(c)] == [WordClass.CORE, WordClass.GENERIC, WordClass.PLACE]


def test_lookup_words_join_neighbours_and_skip_legal_and_stop_words() -> None:
    norm = normalize_name("Hik Vision Technology of Hangzhou Co., Ltd.")
    words = dict(lookup_words(norm.tokens, norm.classes))
    assert words["hikvision"] == 1.0 and words["visiontechnology"] == 0.35
    assert "ltd" not in words and "of" not in words and "technologyhangzhou" in words
    assert list(words) == sorted(words)


@pytest.mark.parametrize("name", ["Hik Vision Technology of Hangzhou Co., Ltd.", "Ltd", "Bank Melli Iran",
                                  "Orion Orion Trading Group", "The Kelmoran & Vantrelle GmbH (KVG)"])
def test_posted_words_are_the_looked_up_words(name: str) -> None:
    norm = normalize_name(name)
    assert posted_words(norm.tokens, norm.classes) == {w for w, _ in lookup_words(norm.tokens, norm.classes)}


@pytest.mark.parametrize("df", [1, 2, 7, 100])
def test_idf(df: int) -> None:
    assert idf(df, 100) == math.log(1 + 100 / df)
    assert idf(0, 100) == idf(1, 100) >= idf(df, 100)
