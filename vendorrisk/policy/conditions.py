"""The condition vocabulary of policy rules, and how a condition is tested against a match.

A condition is a mapping of keys; a match meets it when every key present holds
(keys are ANDed, an empty condition is always met). Values are lists, and a key
holds when the match has any of the listed values. No code is ever evaluated.

=====================  =====================================================
key                    holds when
=====================  =====================================================
``sources``            the entry's source id is one of these (exact)
``list_names``         the entry's sub-list name contains one of these
                       (case-insensitive substring, e.g. ``Entity List``)
``programs``           one of the entry's programmes is one of these
                       (case-insensitive exact, e.g. ``SDGT``)
``kinds``              the match kind is one of ``exact``, ``fuzzy``, ``affiliate``
``min_score``          the match score is at least this number (0-100)
``entity_types``       the entry type is one of ``entity``, ``individual``,
                       ``vessel``, ``aircraft``, ``unknown``
``relations``          the match went through one of these relations:
                       ``direct`` (the listed party itself), ``subsidiary``,
                       ``affiliate``, ``brand``, ``parent``, ``former-name``
``countries``          one of the entry's countries is one of these
``buyer_jurisdictions`` the buyer's jurisdiction (``US``, ``GB``, ``EU`` ...;
                       defaults to the profile's) is one of these
``all``                every sub-condition in the list holds
``any``                at least one sub-condition in the list holds
``not``                the sub-condition does not hold
=====================  =====================================================
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from vendorrisk.model import EntityType, Frozen
from vendorrisk.report import Match, MatchKind

RelationKey = Literal["direct", "subsidiary", "affiliate", "brand", "parent", "former-name"]
NonEmpty = Annotated[tuple[str, ...], Field(min_length=1)]

# NOTE: "UK" is what people write; ISO 3166 says "GB". Accept both.
_JURISDICTION_ALIASES = {"UK": "GB"}


class Condition(Frozen):
    """When a rule applies to a match; see the module docstring for the vocabulary."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    sources: NonEmpty | None = None
    list_names: NonEmpty | None = None
    programs: NonEmpty | None = None
    kinds: Annotated[tuple[MatchKind, ...], Field(min_length=1)] | None = None
    min_score: float | None = Field(None, ge=0, le=100)
    entity_types: Annotated[tuple[EntityType, ...], Field(min_length=1)] | None = None
    relations: Annotated[tuple[RelationKey, ...], Field(min_length=1)] | None = None
    countries: NonEmpty | None = None
    buyer_jurisdictions: NonEmpty | None = None
    all_: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = Field(None, alias="all")
    any_: Annotated[tuple[Condition, ...], Field(min_length=1)] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")

    def is_empty(self) -> bool:
        """True when no key is set, i.e. the condition holds for every match."""
        return not self.model_dump(exclude_none=True)


CONDITION_KEYS: tuple[str, ...] = tuple(
    (info.alias or name) for name, info in Condition.model_fields.items()
)


def is_met(condition: Condition, match: Match, buyer: str | None = None) -> bool:
    """Whether `match` (for a buyer in jurisdiction `buyer`) meets `condition`."""
    return all(_tests(condition, match, buyer))


def _tests(c: Condition, match: Match, buyer: str | None) -> Iterator[bool]:
    entry = match.entry
    yield c.sources is None or entry.source in c.sources
    yield c.list_names is None or _has_substring(entry.list_name, c.list_names)
    yield c.programs is None or _overlaps(entry.programs, c.programs)
    yield c.kinds is None or match.kind in c.kinds
    yield c.min_score is None or match.score >= c.min_score
    yield c.entity_types is None or entry.type in c.entity_types
    yield c.relations is None or (match.relation or "direct") in c.relations
    yield c.countries is None or _overlaps(entry.countries, c.countries)
    yield c.buyer_jurisdictions is None or _has_jurisdiction(buyer, c.buyer_jurisdictions)
    yield c.all_ is None or all(is_met(sub, match, buyer) for sub in c.all_)
    yield c.any_ is None or any(is_met(sub, match, buyer) for sub in c.any_)
    yield c.not_ is None or not is_met(c.not_, match, buyer)


def _fold(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


def _overlaps(have: Iterable[str], wanted: Iterable[str]) -> bool:
    return bool(_fold(have) & _fold(wanted))


def _has_substring(value: str | None, needles: Iterable[str]) -> bool:
    if not value:
        return False
    folded = value.casefold()
    return any(needle.casefold() in folded for needle in needles)


def normalize_jurisdiction(code: str) -> str:
    """Upper-case a jurisdiction code and map common aliases (``UK`` -> ``GB``)."""
    code = code.strip().upper()
    return _JURISDICTION_ALIASES.get(code, code)


def _has_jurisdiction(buyer: str | None, wanted: Iterable[str]) -> bool:
    if not buyer:
        return False
    return normalize_jurisdiction(buyer) in {normalize_jurisdiction(w) for w in wanted}
