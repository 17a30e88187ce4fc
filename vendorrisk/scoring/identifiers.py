"""Identifiers as evidence: the supplier's LEI, SWIFT/BIC, IMO or registration number against the entry's.

Only identifiers of one kind are compared. An equal one is `identifier_match`: it
confirms the party, so the policy lifts the caps that evidence against a name match
brings (`vendorrisk.policy.engine`). A different one is `identifier_mismatch`: the name
matches but the identifier says another party, so the finding is capped at a review.
An LEI, a BIC or an IMO number is one per party the world over; a registration or tax
number differs only when both are of the same country (a company has one per country),
and the supplier's is taken to be of the supplier's country.
"""
from __future__ import annotations

from vendorrisk.identifiers import GLOBAL_KINDS, same
from vendorrisk.model import Identifier, ListEntry
from vendorrisk.normalize.country import country_code
from vendorrisk.report import Evidence

_NAMES = {"lei": "LEI", "swift_bic": "SWIFT/BIC", "imo": "IMO number", "registration": "registration number",
          "tax_id": "tax id"}


def identifier_evidence(supplier: tuple[Identifier, ...], entry: ListEntry,
                        country: str | None = None) -> tuple[Evidence, ...]:
    """Evidence from each kind of identifier the supplier and the entry both carry.

    `country` is the supplier's country, the issuer of its registration and tax numbers.
    """
    out = []
    for kind in dict.fromkeys(i.kind for i in supplier):
        ours = [i for i in supplier if i.kind == kind]
        theirs = [i for i in entry.identifiers if i.kind == kind]
        if not theirs:
            continue
        hit = next(((o, t) for o in ours for t in theirs if same(kind, o.value, t.value)), None)
        if hit is not None:
            out.append(Evidence(feature="identifier_match", score=0.0, supplier_value=hit[0].printed,
                                list_value=hit[1].printed,
                                detail=f"{_NAMES[kind]} {hit[0].printed} is the entry's"))
            continue
        if kind not in GLOBAL_KINDS:
            issuer = country_code(country)
            theirs = [t for t in theirs if issuer is not None and t.country == issuer]
            if not theirs:
                continue  # numbers of other countries say nothing about this one
        listed = ", ".join(t.printed for t in theirs)
        out.append(Evidence(feature="identifier_mismatch", score=0.0, supplier_value=ours[0].printed,
                            list_value=listed,
                            detail=f"{_NAMES[kind]} {ours[0].printed} differs from the entry's {listed}"))
    return tuple(out)


def confirmed(evidence: tuple[Evidence, ...]) -> bool:
    """Whether an identifier confirms the match and none speaks against it."""
    features = {e.feature for e in evidence}
    return "identifier_match" in features and "identifier_mismatch" not in features
