"""Name normalisation, the same on both sides: supplier names and list names.

`normalize_name` turns a raw name into classified tokens: legal forms collapsed to
a canonical tag, abbreviations expanded, plurals stemmed, and each token marked as
a `WordClass` (core, generic, place, stop or legal) from the curated YAML tables
beside this module. Scoring weights tokens by that class and by rarity.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from vendorrisk.normalize.classes import CLASS_WEIGHT, CORE, LEGAL, STOP, TABLE_GROUP_CLASS, WordClass
from vendorrisk.normalize.edits import osa_distance
from vendorrisk.normalize.tables import TYPO_FIX_MIN_LENGTH, has_cjk, tables
from vendorrisk.normalize.text import fold, stem, tokenize

NORMALIZER_VERSION = "11"
GENERIC_TYPO_MIN_LENGTH = 7
ENDING_MIN_LENGTH = 5


@dataclass(frozen=True, slots=True)
class NormalName:
    """A normalised name: tokens and the class of each."""

    tokens: tuple[str, ...]
    classes: tuple[WordClass, ...]

    @property
    def key(self) -> str:
        """The name without legal forms and spaces: equal keys mean the same name."""
        return "".join(t for t, c in zip(self.tokens, self.classes) if c not in (LEGAL, STOP))

    def tokens_of(self, *classes: WordClass) -> tuple[str, ...]:
        """The tokens whose class is one of `classes`."""
        return tuple(t for t, c in zip(self.tokens, self.classes) if c in classes)


@functools.lru_cache(maxsize=4096)
def normalize_name(text: str) -> NormalName:
    """Normalise one organisation or person name.

    Example: ``normalize_name("Hik-Vision (UK) Co., Ltd.")`` gives tokens
    ``("hik", "vision", "uk", "ltd")`` with classes core, core, place, legal.
    """
    t = tables()
    folded = fold(text, t.char_map)
    for form, tag in t.cjk_legal:
        folded = folded.replace(form, f" {tag} ")
    words: list[str] = []
    for token in tokenize(folded, folded=True):
        if not token.isascii() and has_cjk(token):
            words.extend(_cjk_words(token))
            continue
        words.extend(_word_form(w) for w in t.abbreviations.get(token, (token,)))
    return _classify(words)


@functools.lru_cache(maxsize=8192)
def _cjk_words(token: str) -> tuple[str, ...]:
    """A Chinese name split into words at the places and industry words it holds.

    Chinese is written without spaces; a PRC enterprise name is a place, a trade name,
    industry words and a legal form (see weak_words.yaml), so the known words split it
    and what lies between them is the trade name: "深圳市大疆创新科技" -> 深圳, 市, 大疆, 创新, 科技.
    """
    known = tables().cjk_words
    sizes = range(max(map(len, known)), 0, -1)
    out: list[str] = []
    core_start = i = 0
    while i < len(token):
        word = next((token[i:i + n] for n in sizes if token[i:i + n] in known), None)
        if word is None:
            i += 1
            continue
        if core_start < i:
            out.append(token[core_start:i])
        out.append(word)
        i = core_start = i + len(word)
    if core_start < len(token):
        out.append(token[core_start:])
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _word_form(word: str) -> str:
    """A word with its Russian ending read as one, stemmed, and a one-edit typo of a table word corrected."""
    return _correct(stem(_ending(word)))


def _ending(word: str) -> str:
    """The word with one spelling for a Russian ending the transliteration systems spell apart ("-skiy" -> "-sky")."""
    if len(word) >= ENDING_MIN_LENGTH and word.isascii():
        for ending, common in tables().latin_endings:
            if word.endswith(ending):
                return word[:-len(ending)] + common
    return word


def _correct(word: str) -> str:
    """A one-edit typo of a legal form or generic word becomes that word ("compny" -> "company")."""
    t = tables()
    if (len(word) < TYPO_FIX_MIN_LENGTH or word in t.weak_words or word in t.legal_words
            or not word.isalpha()):
        return word
    found = set(t.typo_targets.get(word, ()))
    for i in range(len(word)):
        found.update(t.typo_targets.get(word[:i] + word[i + 1:], ()))
    close = sorted(w for w in found if osa_distance(word, w, 1) <= 1
                   and (len(word) >= GENERIC_TYPO_MIN_LENGTH or (w,) in t.latin_legal))
    return close[0] if len(close) == 1 else word


def _classify(words: list[str]) -> NormalName:
    t = tables()
    tokens: list[str] = []
    classes: list[WordClass] = []
    i = 0
    while i < len(words):
        for size in range(min(t.max_phrase, len(words) - i), 0, -1):
            chunk = tuple(words[i:i + size])
            if chunk in t.latin_legal:
                tokens.append(t.latin_legal[chunk])
                classes.append(LEGAL)
                break
            if size > 1 and chunk in t.weak_phrases:
                cls = t.weak_phrases[chunk][0]
                tokens.extend(chunk)
                classes.extend(TABLE_GROUP_CLASS[cls] for _ in chunk)
                break
        else:
            size = 1
            word = words[i]
            tokens.append(word)
            weak = t.weak_words.get(word)
            classes.append(TABLE_GROUP_CLASS[weak[0]] if weak else CORE)
        i += size
    return NormalName(tuple(tokens), tuple(classes))


__all__ = ["CLASS_WEIGHT", "NORMALIZER_VERSION", "NormalName", "WordClass", "normalize_name"]
