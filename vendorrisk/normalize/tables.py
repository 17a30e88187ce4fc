"""Loads the curated YAML tables (legal forms, abbreviations, spellings, weak words, scripts) once.

The tables are data, not code, so that a reviewer can read where each group comes
from; this module turns them into the lookup structures `normalize` needs. They come
parsed from `vendorrisk.parsed_yaml` while their text is unchanged.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from vendorrisk.parsed_yaml import lookup

_HERE = Path(__file__).parent
TYPO_FIX_MIN_LENGTH = 6
# Kana, CJK ideographs and Hangul. Not a regex: compiling a character class this wide takes
# milliseconds on every start-up.
_CJK_RANGES = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"))


def load_table(name: str) -> dict:
    path = _HERE / name
    text = path.read_text(encoding="utf-8")
    parsed = lookup(path, text)
    if parsed is not None:
        return parsed[0]
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader either way


@dataclass(frozen=True)
class Tables:
    """Everything the normaliser looks up, keyed by already-normalised text."""

    char_map: dict[int, str]
    abbreviations: dict[str, tuple[str, ...]]
    latin_legal: dict[tuple[str, ...], str]
    cjk_legal: tuple[tuple[str, str], ...]
    weak_words: dict[str, tuple[str, float]]
    weak_phrases: dict[tuple[str, ...], tuple[str, float]]
    max_phrase: int
    typo_targets: dict[str, tuple[str, ...]]
    legal_words: frozenset[str]
    cjk_words: frozenset[str]
    latin_endings: tuple[tuple[str, str], ...]


@functools.cache
def tables() -> Tables:
    """The tables, loaded on first use and shared afterwards."""
    from vendorrisk.normalize.text import stem, tokenize  # noqa: PLC0415 - avoids an import cycle

    translit = load_table("translit.yaml")
    char_map = {ord(k): v for script in ("cyrillic", "greek") for k, v in translit[script].items()}
    abbreviations = {k: tuple(str(v).split()) for k, v in load_table("abbreviations.yaml").items()}
    for group in load_table("spellings.yaml").values():
        abbreviations.update((k, (str(v),)) for k, v in group.items())

    def phrase(text: str) -> tuple[str, ...]:
        return tuple(stem(t) for t in tokenize(text))

    latin_legal: dict[tuple[str, ...], str] = {}
    cjk_legal: list[tuple[str, str]] = []
    for group in load_table("legal_forms.yaml").values():
        for tag, forms in group.items():
            for form in forms:
                if _has_cjk(form):
                    cjk_legal.append((form, tag))
                else:
                    latin_legal.setdefault(phrase(form), tag)
    cjk_legal.sort(key=lambda item: -len(item[0]))

    weak_words: dict[str, tuple[str, float]] = {}
    weak_phrases: dict[tuple[str, ...], tuple[str, float]] = {}
    for cls, group in load_table("weak_words.yaml").items():
        for word in group["words"]:
            key = phrase(str(word))
            target = weak_words if len(key) == 1 else weak_phrases
            item = key[0] if len(key) == 1 else key
            current = target.get(item)
            if current is None or current[1] > group["weight"]:
                target[item] = (cls, float(group["weight"]))
    longest = max(len(p) for p in (*latin_legal, *weak_phrases))
    known = {p[0] for p in latin_legal if len(p) == 1} | {w for w, (cls, _) in weak_words.items() if cls != "places"}
    in_legal_phrases = {word for p in latin_legal for word in p}
    endings = tuple(sorted(translit["latin_endings"].items(), key=lambda item: -len(item[0])))
    return Tables(char_map, abbreviations, latin_legal, tuple(cjk_legal), weak_words, weak_phrases, longest,
                  _typo_targets(known), frozenset(in_legal_phrases), frozenset(filter(_has_cjk, weak_words)),
                  endings)


def has_cjk(text: str) -> bool:
    """Whether `text` holds kana, a CJK ideograph or Hangul."""
    return _has_cjk(text)


def _has_cjk(text: str) -> bool:
    return any(low <= char <= high for char in text for low, high in _CJK_RANGES)


def _typo_targets(known: set[str]) -> dict[str, tuple[str, ...]]:
    """Deletion neighbourhood of the long table words, to recognise "Compny" or "Corpooration"."""
    targets: dict[str, set[str]] = {}
    for word in known:
        if len(word) >= TYPO_FIX_MIN_LENGTH and word.isalpha():
            for variant in {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}:
                targets.setdefault(variant, set()).add(word)
    return {variant: tuple(sorted(words)) for variant, words in targets.items()}
