"""Making decisions: about a finding in hand (review), about a supplier screened now (decide),
and from the hook's old baseline (migrate).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from vendorrisk.decisions.model import Decision, make_decision
from vendorrisk.decisions.substance import finding_keys
from vendorrisk.errors import InputError
from vendorrisk.report import Finding, SupplierResult


def decision_for(supplier: str, finding: Finding, *, outcome: str, reviewer: str, reason: str, date: dt.date,
                 expires: dt.date | None = None, supplier_id: str | None = None) -> Decision:
    """A decision about `supplier` and the party of `finding`, recording the party's listings now.

    Raises:
        InputError: the outcome, reviewer, reason or expiry is not valid.
    """
    return make_decision(dict(
        supplier=supplier, supplier_id=supplier_id or None, party=finding.party.id, party_name=finding.party.name,
        outcome=outcome, reviewer=reviewer.strip(), date=date, reason=reason.strip(), expires=expires,
        listings=tuple(sorted(finding_keys(finding)))))


def findings_on(result: SupplierResult, parties: Sequence[str]) -> list[Finding]:
    """The findings of `result` on `parties` (party ids, or ids of one of their listings); all when none given.

    Raises:
        InputError: a party is not among the supplier's findings, or it has none.
    """
    by_party = {f.party.id: f for f in result.findings}
    by_entry = {e.id: f for f in result.findings for e in (f.listings or (f.entry,))}
    missing = [p for p in parties if p not in by_party and p not in by_entry]
    if missing or not by_party:
        known = ", ".join(by_party) or "none"
        raise InputError(f"{result.name!r} has no finding on {', '.join(missing) or 'any listed party'} "
                         f"(its parties: {known}); see `vendorrisk search`")
    chosen = [by_party.get(p) or by_entry[p] for p in parties] if parties else list(by_party.values())
    return list({f.party.id: f for f in chosen}.values())


def migrate_baseline(old, screen_name: Callable[[str], SupplierResult]) -> list[Decision]:
    """The decisions of a version 1 baseline (`integrations.baseline.Baseline`), keyed to parties.

    Each old decision names one list entry; screening its supplier now finds the party
    that entry belongs to and the party's listings. An entry no finding has any more
    becomes a decision on the entry id with no listings recorded, which re-opens.
    """
    made, screened = [], {}
    for d in old.decisions:
        if d.supplier not in screened:
            screened[d.supplier] = screen_name(d.supplier)
        finding = next((f for f in screened[d.supplier].findings
                        if d.entry in {e.id for e in (f.listings or (f.entry,))}), None)
        outcome = "accepted-risk" if d.decision == "accepted" else "false-positive"
        values = dict(supplier=d.supplier, party=finding.party.id if finding else d.entry,
                      party_name=finding.party.name if finding else d.entry_name, outcome=outcome,
                      reviewer=d.reviewer, date=d.date, reason=d.reason, expires=d.expires,
                      listings=tuple(sorted(finding_keys(finding))) if finding else ())
        made.append(Decision(**values))  # not `make_decision`: an old acceptance may have no expiry
    return made
