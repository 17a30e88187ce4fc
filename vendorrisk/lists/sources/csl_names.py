"""Split the names BIS and State print in the CSL into a primary name and aliases.

Entity List rows name a party exactly as the Federal Register rule does, so one
`name` field can hold an alias list ("X, a.k.a., the following two aliases: -A;
and -B"), a parenthetical acronym or former name ("X (CETC 13)", "X (f.k.a. Y)"),
the parent of an affiliate ("Huawei Technologies Co., Ltd. (Huawei).  Affiliated
Entity: Y"), a trailing address ("X Co., Ltd., Chengdu, Sichuan") or a scope clause
("X; and any successor, sub-unit, or subsidiary thereof"). `split_name` separates
these; the caller keeps the original text as an alias too, so nothing is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from vendorrisk.lists.sources.common import unique
from vendorrisk.lists.sources.countries import is_country

_CLAUSE = re.compile(r"^(?P<parent>.+?)\.?\s+(?:Subordinate Institution\s*[-\u2013:]+|Affiliated Entity\s*:)\s*"
                     r"(?P<child>.+)$", re.IGNORECASE)
_SCOPE = re.compile(r";?\s*and any successor.*$", re.IGNORECASE)
_INLINE_AKA = re.compile(r",?\s+[af]\.k\.a\.?,?\s*(?:the following \w+ aliases?\s*:)?\s*", re.IGNORECASE)
_PAREN_AKA = re.compile(r"\s*\(\s*[af]\.k\.a\.?,?\s*([^()]*)\)", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"^(?P<head>.+?)\s*\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*\.?$")
_MID_PAREN = re.compile(r"\s*\([^()]*\)\s*")
_PARENT_NOTE = re.compile(r"^(?:parent organization\s*:|a subordinate)\s*(?P<parent>.*)$", re.IGNORECASE)
_LEGAL_END = re.compile(r"(?:\bCo\.?,?\s*Ltd\.?|\bLtd\.?|\bLimited|\bInc\.?|\bLLC|\bGmbH|\bCorp\.?)$", re.IGNORECASE)
_ORGANISATION_WORDS = re.compile(
    r"\b(?:institute|institution|research|laborator\w*|lab|cent(?:er|re)|branch|factory|plant|academy|"
    r"company|co|corp\w*|ltd|limited|inc|llc|oo+o|p?jsc|ao|gmbh|group|technolog\w*|university|bureau)\b",
    re.IGNORECASE)
_ADDRESS_WORDS = re.compile(r"\b(?:building|road|street|st|avenue|floor|room|block|no|p\.?o\.? box|district|"
                            r"suite|park|tower|zone)\b\.?", re.IGNORECASE)
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
_PLACE_PART = re.compile(r"^[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}$")


@dataclass(frozen=True)
class SplitName:
    """A CSL name taken apart: the party's own name, its other names, and its parent if named."""

    primary: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None


def split_name(name: str) -> SplitName:
    """Split an Entity-List-style name into primary name, aliases and parent.

    Example: ``"Huawei Technologies Co., Ltd. (Huawei).  Affiliated Entity:  Huawei
    Marine Networks Co., Ltd."`` -> primary ``Huawei Marine Networks Co., Ltd.``,
    parent ``Huawei Technologies Co., Ltd. (Huawei)``.
    """
    text = " ".join(name.split())
    parent = None
    clause = _CLAUSE.match(text)
    if clause:
        parent, text = clause["parent"].strip(), clause["child"].strip()
    text = _SCOPE.sub("", text).strip()
    aliases: list[str] = []
    for found in _PAREN_AKA.finditer(text):
        aliases += [clean_alias(a) for a in found[1].split(";")]
    text = " ".join(_PAREN_AKA.sub(" ", text).split())
    head, *inline = _INLINE_AKA.split(text, maxsplit=1)
    if inline:
        text = head.strip()
        aliases += [clean_alias(a) for a in inline[0].split(";")]
    text, acronym, note = _trailing_parenthetical(text)
    parent = parent or note
    primary = strip_address(text)
    variants = [acronym, " ".join(_MID_PAREN.sub(" ", primary).split())]
    aliases = [part for alias in aliases for part in _alias_parts(alias)]
    return SplitName(primary, unique([*variants, *aliases], exclude=[primary]), parent)


def clean_alias(text: str) -> str:
    """An alias without the list's stray leading ``and``, dashes and trailing full stop."""
    text = " ".join(text.split()).strip(" -\u2013\u2014;,")
    text = _LEADING_AND.sub("", text).strip(" -\u2013\u2014")
    last = text.rsplit(" ", 1)[-1]
    # NOTE: the Federal Register ends alias lists with a full stop ("-ADP Trading."),
    # but abbreviations such as "Co." or "S.A." must keep theirs.
    return text[:-1] if last.endswith(".") and len(last) > 5 and last[:-1].isalpha() else text


def _alias_parts(alias: str) -> list[str]:
    head, acronym, _ = _trailing_parenthetical(alias)
    return [alias, head, acronym or ""]


def _trailing_parenthetical(text: str) -> tuple[str, str | None, str | None]:
    """(name without a trailing parenthetical, the acronym/short name in it, a parent named in it)."""
    found = _TRAILING_PAREN.match(text)
    if not found or not found["head"].strip():
        return text, None, None
    head, inner = found["head"].strip(), found["inner"].strip()
    note = _PARENT_NOTE.match(inner)
    if note:
        return head, None, note["parent"].strip() or None
    if is_country(inner) or len(inner.split()) > 5 or ":" in inner:
        return text, None, None
    return head, inner, None


def strip_address(text: str) -> str:
    """`text` without an address or place appended after a comma, and without a trailing comma."""
    text = text.strip().rstrip(",").strip()
    start = 0
    while (comma := text.find(",", start)) != -1:
        head, tail = text[:comma].strip(), text[comma + 1:].strip()
        if head and _is_address_tail(head, tail):
            return head
        start = comma + 1
    return text


def _is_address_tail(head: str, tail: str) -> bool:
    if any(ch.isdigit() for ch in tail) and _ADDRESS_WORDS.search(tail):
        return True
    parts = [p.strip() for p in tail.split(",") if p.strip()]
    return (bool(_LEGAL_END.search(head)) and bool(parts)
            and all(_PLACE_PART.match(p) and not _ORGANISATION_WORDS.search(p) for p in parts))
