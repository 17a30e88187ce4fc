"""The condition vocabulary of policy rules, and how a condition is tested against a match.

A condition is a mapping of keys; a match meets it when every key present holds
(keys are ANDed, an empty condition is always met). List values hold when the match
has any of the listed values. No code is ever evaluated. What each key means is the
``description`` of its field on `Condition`, which docs/rules/README.md renders.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Literal


from vendorrisk.model import EntityType
from vendorrisk.record import Record, attr, field_specs, shallow_fields
from vendorrisk.report import Match, MatchKind

RelationKey = Literal["direct", "subsidiary", "affiliate", "brand", "parent", "former-name"]

# NOTE: "UK" is what people write; ISO 3166 says "GB". Accept both.
_JURISDICTION_ALIASES = {"UK": "GB"}


class Condition(Record):
    """When a rule applies to a match; see the module docstring for the vocabulary."""

    __pydantic_config__ = {"extra": "forbid", "populate_by_name": True}

    sources: tuple[str, ...] | None = attr(None, min_length=1, description=(
        "The entry's source id is one of these (exact), e.g. `us-csl`."))
    list_names: tuple[str, ...] | None = attr(None, min_length=1, description=(
        "The entry's sub-list name contains one of these (case-insensitive), e.g. `Entity List (EL)`."))
    programs: tuple[str, ...] | None = attr(None, min_length=1, description=(
        "One of the entry's programmes is one of these (case-insensitive, exact), e.g. `CMIC-EO13959`."))
    kinds: tuple[MatchKind, ...] | None = attr(None, min_length=1, description=(
        "The match kind is one of `exact`, `fuzzy`, `affiliate`."))
    min_score: float | None = attr(None, ge=0, le=100, description="The match score is at least this (0-100).")
    entity_types: tuple[EntityType, ...] | None = attr(None, min_length=1, description=(
        "The entry type is one of `entity`, `individual`, `vessel`, `aircraft`, `unknown`."))
    relations: tuple[RelationKey, ...] | None = attr(None, min_length=1, description=(
        "The match went through one of these relations: `direct` (the listed party itself), "
        "`subsidiary`, `affiliate`, `brand`, `parent`, `former-name`. An `affiliate` match that "
        "names no relation (e.g. a local branch inferred from the name) counts as `affiliate`."))
    countries: tuple[str, ...] | None = attr(None, min_length=1, description=(
        "One of the entry's countries is one of these, e.g. `CN`."))
    buyer_jurisdictions: tuple[str, ...] | None = attr(None, min_length=1, description=(
        "The buyer's jurisdiction (`US`, `GB` (or `UK`), `EU`, ...) is one of these; it defaults to "
        "the profile's `jurisdiction`, and an unknown buyer meets no such condition."))
    in_force: bool | None = attr(None, description=(
        "`true`: the entry's listing holds on the day of screening (it has no end date, or a later one); "
        "`false`: it has ended (a debarment or exclusion whose period is over, a company removed from a "
        "list), so the match is history."))
    all_: tuple[Condition, ...] | None = attr(None, min_length=1, alias="all", description=(
        "Every sub-condition in the list holds."))
    any_: tuple[Condition, ...] | None = attr(None, min_length=1, alias="any", description=(
        "At least one sub-condition in the list holds."))
    not_: Condition | None = attr(None, alias="not", description="The sub-condition does not hold.")

    def is_empty(self) -> bool:
        """True when no key is set, i.e. the condition holds for every match."""
        return all(value is None for value in shallow_fields(self).values())


CONDITION_KEYS: tuple[str, ...] = tuple(spec.key for spec in field_specs(Condition))


Predicate = Callable[[Match, "str | None"], bool]


def is_met(condition: Condition, match: Match, buyer: str | None = None) -> bool:
    """Whether `match` (for a buyer in jurisdiction `buyer`) meets `condition`."""
    return compile_condition(condition)(match, buyer)


@lru_cache(maxsize=1024)
def compile_condition(condition: Condition) -> Predicate:
    """A fast predicate ``(match, buyer) -> bool`` equivalent to `is_met` for `condition`.

    Values are folded once here rather than on every match (the engine calls this once
    per rule and the predicate once per match and rule).
    """
    checks = tuple(_checks(condition))

    def predicate(match: Match, buyer: str | None) -> bool:
        for check in checks:
            if not check(match, buyer):
                return False
        return True

    return predicate


def _checks(c: Condition) -> Iterator[Predicate]:
    if c.sources is not None:
        sources = frozenset(c.sources)
        yield lambda m, b: m.entry.source in sources
    if c.list_names is not None:
        needles = tuple(n.casefold() for n in c.list_names)
        yield lambda m, b: bool(m.entry.list_name) and any(n in m.entry.list_name.casefold() for n in needles)
    if c.programs is not None:
        programs = _fold(c.programs)
        yield lambda m, b: not programs.isdisjoint(_fold(m.entry.programs))
    if c.kinds is not None:
        kinds = frozenset(c.kinds)
        yield lambda m, b: m.kind in kinds
    if c.min_score is not None:
        minimum = c.min_score
        yield lambda m, b: m.score >= minimum
    yield from _more_checks(c)


def _more_checks(c: Condition) -> Iterator[Predicate]:
    if c.entity_types is not None:
        types = frozenset(c.entity_types)
        yield lambda m, b: m.entry.type in types
    if c.relations is not None:
        relations = frozenset(c.relations)
        yield lambda m, b: _relation(m) in relations
    if c.countries is not None:
        countries = _fold(c.countries)
        yield lambda m, b: not countries.isdisjoint(_fold(m.entry.countries))
    if c.buyer_jurisdictions is not None:
        wanted = frozenset(normalize_jurisdiction(j) for j in c.buyer_jurisdictions)
        yield lambda m, b: bool(b) and normalize_jurisdiction(b) in wanted
    if c.in_force is not None:
        wanted = c.in_force
        yield lambda m, b: m.entry.in_force(dt.date.today()) is wanted
    if c.all_ is not None:
        subs = tuple(compile_condition(sub) for sub in c.all_)
        yield lambda m, b: all(sub(m, b) for sub in subs)
    if c.any_ is not None:
        subs = tuple(compile_condition(sub) for sub in c.any_)
        yield lambda m, b: any(sub(m, b) for sub in subs)
    if c.not_ is not None:
        negated = compile_condition(c.not_)
        yield lambda m, b: not negated(m, b)


def condition_inputs(match: Match, buyer: str | None) -> tuple:
    """Everything a condition reads of a match and its buyer (`_checks`): two matches with equal inputs
    meet every condition alike, so a rule's verdict on one holds for the other."""
    entry = match.entry
    return (entry.source, entry.list_name, entry.programs, entry.type, entry.countries, entry.until,
            dt.date.today(), match.kind, match.score, match.relation, buyer)


def _relation(match: Match) -> str:
    if match.relation:
        return match.relation
    return "affiliate" if match.kind == "affiliate" else "direct"


@lru_cache(maxsize=4096)
def _fold(values: tuple[str, ...]) -> frozenset[str]:
    """Values as compared: stripped and case-folded (entries repeat the same programmes and countries)."""
    return frozenset(v.strip().casefold() for v in values)


def normalize_jurisdiction(code: str) -> str:
    """Upper-case a jurisdiction code and map common aliases (``UK`` -> ``GB``)."""
    code = code.strip().upper()
    return _JURISDICTION_ALIASES.get(code, code)
