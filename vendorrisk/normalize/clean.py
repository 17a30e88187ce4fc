"""Name cleaning, before normalisation: what an ERP export adds to a supplier name, taken off.

Supplier masters write more than the name into the name field: vendor codes
(``ZTE CORPORATION [V10023]``), status markers (``DO NOT USE - ...``), trading,
former and care-of names (``X LTD T/A Y``) and address tails (``X Limited, Unit 1,
...``). `screened_names` returns the names to screen for one such value: the name
cleaned of codes, markers and address, each further name with its relation, and, for
a name in Cyrillic, its spellings in the other common transliteration systems. Each
says how it was reached, so that a finding can say it too. The words come from
`cleaning.yaml` and `translit.yaml` beside this module.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from vendorrisk.normalize.acronyms import acronym_forms
from vendorrisk.normalize.tables import load_table

_SEPARATOR = r"[-–—:|/*#]"
_OPEN, _CLOSE = r"[(\[{<*]", r"[)\]}>*]"
# A code: letters then at least three digits, or at least five digits, then perhaps a dash and more.
# Four bare digits are a year or a numbered company ("Sunlight (1977) Holdings", "1812 Brewing").
_CODE = r"(?:[a-z]{1,4}[-/.]?\d{3,}|\d{5,})(?:[-/][a-z0-9]+)*(?![\w])"
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Words, keeping "t/a" and "c/o" whole. A step runs only for a name with its cue words (a
# marker, a relation word) or a digit: most names have none, and need no pattern at all.
_WORDS = re.compile(r"[^\W_]+(?:/[^\W_]+)*")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class ScreenedName:
    """One name screened for a supplier value.

    Attributes:
        text: the name as screened.
        how: how it was reached from the value ("" when it is the value as given).
    """

    text: str
    how: str = ""


@dataclass(frozen=True)
class _Patterns:
    markers: tuple[tuple[re.Pattern[str], str], ...]  # each with the note saying what its group "x" was
    codes: tuple[tuple[re.Pattern[str], str], ...]
    relation: re.Pattern[str]
    relation_of: dict[str, str]
    address: re.Pattern[str]


def _words(items: list[str]) -> str:
    """An alternation of whole words, longest first, spaces matching any run of spaces."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


@functools.cache
def _patterns() -> _Patterns:
    data = load_table("cleaning.yaml")
    anywhere = _words(data["markers"]["anywhere"])
    every = _words(data["markers"]["anywhere"] + data["markers"]["separated"])
    code = rf"(?:{_words(data['code_labels'])}\s*[.:#]?\s*)?#?\s*{_CODE}"
    relation_of = {k.casefold(): rel for rel, words in data["relations"].items() for k in words}
    marker, code_note = "status marker {!r} taken off", "code {!r} taken off"

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.IGNORECASE)

    markers = (
        (compiled(rf"\s*{_OPEN}\s*(?P<x>{every})\s*{_CLOSE}\s*"), marker),
        (compiled(rf"^\W*(?P<x>{anywhere}(?!\w)|{every}\s*{_SEPARATOR})[\s\W]*(?=\w)"), marker),
        (compiled(rf"\s+(?P<x>{anywhere})\W*$"), marker),
        (compiled(rf"\s*{_SEPARATOR}+\s*(?P<x>{every})\W*$"), marker),
    )
    codes = (
        (compiled(rf"\s*[(\[{{<]\s*(?P<x>{code})\s*[)\]}}>]"), code_note),
        (compiled(rf"^\s*(?P<x>[a-z]{{1,4}}\d{{4,}})\s*{_SEPARATOR}*\s*(?=[^\W\d])"), code_note),
        (compiled(rf"^\s*(?P<x>\d{{4,}})\s*{_SEPARATOR}+\s*(?=[^\W\d])"), code_note),
        (compiled(rf"\s*{_SEPARATOR}+\s*(?P<x>{code})\W*$"), code_note),
        (compiled(rf"\s+(?P<x>[a-z]{{1,3}}\d{{4,}})\W*$"), code_note),
    )
    return _Patterns(
        markers=markers,
        codes=codes,
        relation=compiled(rf"\s*[(\[]?\s*(?<![\w/])(?P<r>{_words(list(relation_of))})(?![\w/])[\s:.]*"),
        relation_of=relation_of,
        address=compiled(rf"^\s*(?:\d|{_words(data['address_words'])}(?!\w))"),
    )


@functools.cache
def _cue_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The first words of the markers, of the relation words and of the address words."""
    data = load_table("cleaning.yaml")

    def first(items: list[str]) -> frozenset[str]:
        return frozenset(_WORDS.findall(str(item).casefold())[0] for item in items)

    return (first(data["markers"]["anywhere"] + data["markers"]["separated"]),
            first([w for group in data["relations"].values() for w in group]), first(data["address_words"]))


@functools.cache
def _systems() -> tuple[tuple[str, dict[str, str]], ...]:
    data = load_table("translit.yaml")
    base = data["cyrillic"]
    return (("BGN/PCGN", base),
            *((name, {**base, **system["letters"]}) for name, system in data["cyrillic_systems"].items()))


def screened_names(value: str) -> tuple[ScreenedName, ...]:
    """The names to screen for one supplier-name value, the cleaned name first.

    Example: ``screened_names("DO NOT USE - ZTE CORPORATION [V10023]")`` gives
    ``ZTE CORPORATION``, marked "status marker 'DO NOT USE' taken off; vendor code
    'V10023' taken off".
    """
    return _screened_names(value)


@functools.lru_cache(maxsize=4096)
def _screened_names(value: str) -> tuple[ScreenedName, ...]:
    cyrillic = _CYRILLIC.search(value) is not None
    words = set(_WORDS.findall(value.casefold()))
    marker_words, relation_words, address_words = _cue_words()
    digits = _DIGIT.search(value) is not None
    markers, relations = not words.isdisjoint(marker_words), not words.isdisjoint(relation_words)
    address = "," in value and (digits or not words.isdisjoint(address_words))
    acronym = acronym_forms(value.strip())
    if acronym is not None:
        head, short = acronym
        return (ScreenedName(value), ScreenedName(head, f"acronym '({short})' taken off"))
    if not (cyrillic or digits or markers or relations or address):
        return (ScreenedName(value),)
    p = _patterns()
    text, notes, others = value, [], []
    for pattern, note in (p.markers if markers else ()) + (p.codes if digits else ()):
        text = _take(pattern, text, note, notes)
    if relations:
        text, others = _split_relations(text, p)
    if address:
        text = _cut_address(text, p, notes)
    text = " ".join(text.split()).strip(" ,;-") or " ".join(value.split())
    names = [ScreenedName(text, "; ".join(notes))]
    for relation, other in others:
        names.append(ScreenedName(other, f"{relation} {other!r} in the name, screened on its own"))
    if cyrillic:
        names = [*names, *(t for name in names for t in _transliterations(name))]
        names = [_said_in_latin(name) for name in names]
    distinct: dict[str, ScreenedName] = {}
    for name in names:
        distinct.setdefault(name.text.casefold(), name)
    return tuple(distinct.values())


def _take(pattern: re.Pattern[str], text: str, note: str, notes: list[str]) -> str:
    found = pattern.search(text)
    if found is None or not any(c.isalpha() for c in text[:found.start()] + text[found.end():]):
        return text  # never take the whole name away
    taken = found.group("x").strip(" -:|*#")
    notes.append(note.format(" ".join(taken.split())))
    return (text[:found.start()] + " " + text[found.end():]).strip()


def _split_relations(text: str, p: _Patterns) -> tuple[str, list[tuple[str, str]]]:
    """The name before the first relation word, and each further name after one."""
    parts = p.relation.split(text)  # [name, word, other, word, other, ...]
    if len(parts) == 1 or not parts[0].strip():
        return text, []
    others = []
    for word, other in zip(parts[1::2], parts[2::2]):
        other = other.strip(" \"'“”‘’()[],;")
        if any(c.isalnum() for c in other):
            others.append((p.relation_of[" ".join(word.casefold().split())], other))
    return parts[0].strip(" ([,;"), others


def _cut_address(text: str, p: _Patterns, notes: list[str]) -> str:
    """The name without an address after a comma ("X Limited, Unit 1, Hemel Hempstead")."""
    head, comma, tail = text.partition(",")
    while comma:
        if head.strip() and p.address.match(tail):
            notes.append(f"address {tail.strip()!r} taken off")
            return head
        more_head, comma, tail = tail.partition(",")
        head = f"{head},{more_head}"
    return text


def _transliterations(name: ScreenedName) -> list[ScreenedName]:
    """The name in the other Cyrillic transliteration systems, when it is written in Cyrillic."""
    if not _CYRILLIC.search(name.text):
        return []
    out = []
    text = name.text.casefold()
    systems = _systems()
    usual = _transliterate(text, systems[0][1])  # BGN/PCGN, as normalisation reads the name itself
    for system, letters in systems[1:]:
        latin = _transliterate(text, letters)
        if latin == usual:
            continue
        how = f"Cyrillic transliterated as {latin!r} ({system})"
        out.append(ScreenedName(latin, f"{name.how}; {how}" if name.how else how))
    return out


def _said_in_latin(name: ScreenedName) -> ScreenedName:
    """The name, saying how normalisation will read it when it is in Cyrillic (BGN/PCGN, as the lists are read)."""
    if not _CYRILLIC.search(name.text):
        return name
    how = f"Cyrillic compared as {_transliterate(name.text.casefold(), _systems()[0][1])!r} (BGN/PCGN)"
    return ScreenedName(name.text, f"{name.how}; {how}" if name.how else how)


def _transliterate(text: str, letters: dict[str, str]) -> str:
    longest = max(len(k) for k in letters)
    out, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 0, -1):
            chunk = text[i:i + size]
            if chunk in letters:
                out.append(letters[chunk])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
