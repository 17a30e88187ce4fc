"""Weak names: aliases that cannot identify their party alone, and names that are evidence against.

OFAC calls some a.k.a.s "weak": too broad to screen on, useful only to confirm a
hit found another way; the UN and the UK mark the same as "low quality". Acronyms
("MPS", "EPL"), other short words, one everyday word ("BASE") and names of only
generic words ("NATIONAL BANK") behave the same way whatever the list says, so
they are weak by rule too (`scorer.weak_name_reason`). A weak alias matches only
when the supplier name is essentially that alias, and only with corroboration
(an agreeing country); the finding then says why the alias is weak.

The other evidence here lowers what a match may mean without removing it: a
supplier shaped like a company against a listed individual, and a name of only
generic words without an agreeing country. The policy caps such findings at a
review (`vendorrisk.policy.engine.EVIDENCE_CAPS`).
"""
from __future__ import annotations

from vendorrisk.index.standing import CURATED_ENTRY, MARKED_WEAK, PRIMARY_NAME, SHIP_ENTRY, name_standing
from vendorrisk.model import ListEntry
from vendorrisk.normalize import NormalName
from vendorrisk.normalize.classes import GENERIC
from vendorrisk.report import Evidence

PUBLISHER_WEAK = "the list marks it as a weak or low-quality alias"


def weak_alias_reason(entry: ListEntry, name: str, rule_reason: str | None,
                      primary_reason: str | None = None) -> str | None:
    """Why `name`, one of `entry`'s names, is weak; None when it is not.

    A name is weak when the publisher marks it so. A name of a curated entry is not
    (its curator chose it and cites why). The primary name is the list's own name for
    the party, weak only for `primary_reason` (`scorer.weak_primary_reason`: one
    generic word, a rare acronym); any other name, and any name of a vessel or an
    aircraft, is weak for `rule_reason` (`scorer.weak_name_reason`) too.
    """
    return weak_reason(name_standing(entry, name), rule_reason, primary_reason)


def weak_reason(standing: int, rule_reason: str | None, primary_reason: str | None = None) -> str | None:
    """`weak_alias_reason` of a name whose `index.standing.name_standing` is `standing`."""
    if standing & MARKED_WEAK:
        return PUBLISHER_WEAK
    if standing & CURATED_ENTRY:
        return None
    if standing & SHIP_ENTRY:
        return rule_reason or primary_reason  # a ship is named like a word ("DOVER"), not like a company
    return primary_reason if standing & PRIMARY_NAME else rule_reason


def weak_alias_evidence(reason: str | None, by: str = "the supplier's country") -> Evidence:
    """Evidence that the match rests on a weak alias, confirmed `by` the supplier's country (or identifier)."""
    return Evidence(feature="weak_alias", score=0.0, detail=(
        f"matched a weak name ({reason}): such a name alone does not identify the party; {by} confirms it"))


def generic_name_evidence() -> Evidence:
    """Evidence that the listed name has only generic words and places, with no agreeing country."""
    return Evidence(feature="generic_name", score=0.0, detail=(
        "the listed name has only generic words and places: many companies share it, and without an "
        "agreeing country the finding is for review"))


def entity_type_evidence(supplier: NormalName) -> Evidence:
    """Evidence that a supplier named like a company matched a listed individual."""
    words = " ".join(t for t, c in zip(supplier.tokens, supplier.classes) if c == GENERIC)
    return Evidence(feature="entity_type_mismatch", score=0.0, supplier_value=words, list_value="individual",
                    detail=f"the supplier is named like a company ('{words}') but the entry is an individual")
