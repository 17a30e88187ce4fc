"""Character-level normalisation: Unicode, scripts, diacritics, punctuation, tokens, stems.

These are the steps that do not need the curated tables' meaning, only their letters;
`vendorrisk.normalize.normalize_name` builds on them.
"""
from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"(?<=\w)['’‘`´ʼ?](?=\w)")
_TOKEN = re.compile(r"[^\W_]+")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
                          "þ": "th", "ð": "d", "&": " and ", "+": " and "})


def fold(text: str, char_map: dict[int, str] | None = None) -> str:
    """NFKC, case-fold, transliterate (when given a map), strip diacritics, `&` -> and."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if char_map:
        text = text.translate(char_map)
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    text = decomposed if decomposed.isascii() else "".join(c for c in decomposed if not unicodedata.combining(c))
    if char_map:  # a letter the table lacks with its accent ("ӧ") has it once the accent is gone
        text = text.translate(char_map)
    # NOTE: "Xi'an" and the CSL's mojibake "Xi?an" are one word, not two.
    return _APOSTROPHES.sub("", text)


def tokenize(text: str, *, folded: bool = False) -> list[str]:
    """Split text into word tokens, joining runs of single letters ("s a" -> "sa")."""
    raw = _TOKEN.findall(text if folded else fold(text))
    tokens: list[str] = []
    run: list[str] = []
    for token in raw:
        if len(token) == 1 and token.isalpha() and token.isascii():
            run.append(token)
            continue
        tokens.extend(_flush(run))
        run = []
        tokens.append(token)
    tokens.extend(_flush(run))
    return tokens


def _flush(run: list[str]) -> list[str]:
    if len(run) >= 2:
        return ["".join(run)]
    return list(run)


def stem(token: str) -> str:
    """Light English plural stemming, the same on both sides ("systems" -> "system")."""
    if len(token) > 4 and token.isalpha():
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token
