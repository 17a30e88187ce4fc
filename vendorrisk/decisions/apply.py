"""Applying decisions to findings: which decision holds, which expired, which re-opened and why.

For each finding of a supplier, the decision recorded for the same supplier and party
applies. A finding on a party with no decision of its own is covered by the
supplier's decisions when its listings are, in substance, listings already decided
(the CSL copy of an OFAC entry, the official Entity List row of a curated entry), so
installing another copy of a list changes nothing. A decision re-opens by itself
when the party has gained a list or a program since it was made.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from vendorrisk.decisions.model import CLOSING, Decision, DecisionsFile, decision_key, supplier_id_of
from vendorrisk.decisions.substance import describe_keys, finding_keys
from vendorrisk.report import Finding, FindingDecision, Report, SupplierResult
from vendorrisk.screening.outcome import tally


class DecisionIndex:
    """A decisions file indexed by supplier key, for applying it to many results."""

    def __init__(self, decisions: DecisionsFile, today: dt.date) -> None:
        self.today = today
        self._by_supplier: dict[str, list[Decision]] = defaultdict(list)
        for decision in decisions.decisions:
            self._by_supplier[decision.key[0]].append(decision)

    def __bool__(self) -> bool:
        return bool(self._by_supplier)

    def for_supplier(self, name: str, fields: dict[str, str]) -> list[Decision]:
        """The decisions about a supplier: by its id when it has one, and by its name."""
        found = list(self._by_supplier.get(decision_key(name, None), ()))
        supplier_id = supplier_id_of(fields)
        if supplier_id:
            found += self._by_supplier.get(decision_key(name, supplier_id), ())
        return found

    def apply(self, result: SupplierResult) -> SupplierResult:
        """The result with each finding marked by the decision that applies to it."""
        if not result.findings or not self._by_supplier:
            return result
        decisions = self.for_supplier(result.name, result.input)
        if not decisions:
            return result
        findings = tuple(mark(f, decisions, self.today) for f in result.findings)
        return result.model_copy(update={"findings": findings})


def apply_decisions(report: Report, decisions: DecisionsFile, today: dt.date, *,
                    verdict: Callable[[Iterable[Finding]], str] | None = None) -> Report:
    """The report with every finding marked by the decision that applies to it (see `mark`), and its
    summary counted again as a screening with these decisions counts it: closed findings are left
    out of the finding counts, and each supplier's verdict there is `verdict` of its open findings
    (default: the verdicts of the profile the report names, as configured in the current folder).
    A supplier's own `verdict` stays what the lists say.
    """
    index = DecisionIndex(decisions, today)
    suppliers = tuple(index.apply(r) for r in report.suppliers)
    verdict = verdict or _profile_verdict(report.settings.profile)
    counts = tally((), skipped=report.summary.skipped)
    for result in suppliers:
        counted = [f for f in result.findings if not f.suppressed]
        counts.add(verdict(counted), [f.severity for f in counted], [])
    return report.model_copy(update={"suppliers": suppliers, "summary": counts.summary()})


def _profile_verdict(profile: str) -> Callable[[Iterable[Finding]], str]:
    """The verdict function of `profile` as the settings of the current folder define it."""
    from vendorrisk.config import load_settings
    from vendorrisk.policy import load_policy
    return load_policy(load_settings({"profile": profile})).verdict


def mark(finding: Finding, decisions: list[Decision], today: dt.date) -> Finding:
    """`finding` with its `decision`, and `suppressed`/`suppression` when a decision closes it."""
    keys = finding_keys(finding)
    own = [d for d in decisions if d.party == finding.party.id]
    decision = own[-1] if own else _covering(keys, decisions, today)
    if decision is None:
        return finding
    status, because = _status(decision, keys, today)
    state = FindingDecision(status=status, outcome=decision.outcome, reviewer=decision.reviewer,
                            date=decision.date, reason=decision.reason, expires=decision.expires,
                            party=decision.party, reopened_because=because)
    closes = status == "decided" and decision.outcome in CLOSING
    return finding.model_copy(update={"decision": state, "suppressed": closes,
                                      "suppression": _suppression(decision, status, because, finding)})


def _covering(keys: frozenset[str], decisions: list[Decision], today: dt.date) -> Decision | None:
    """The holding decision whose recorded listings include all of `keys` (a copy of decided listings)."""
    holding = [d for d in decisions if not d.is_expired(today) and keys <= set(d.listings)]
    return min(holding, key=lambda d: (len(d.listings), d.party), default=None)


def _status(decision: Decision, keys: frozenset[str], today: dt.date) -> tuple[str, str | None]:
    new = keys - set(decision.listings)
    if new and decision.listings:
        return "reopened", f"the party has new listings since the decision of {decision.date}: {describe_keys(new)}"
    if new:
        return "reopened", f"the decision of {decision.date} recorded no listings (migrated from a baseline); " \
                           "review it again"
    if decision.is_expired(today):
        return "expired", None
    return "decided", None


def _suppression(decision: Decision, status: str, because: str | None, finding: Finding) -> str:
    copy = f" (decided for party {decision.party})" if decision.party != finding.party.id else ""
    if status == "reopened":
        return f"re-opened: {because} (was {decision.describe()})"
    if status == "expired":
        return f"decision expired on {decision.expires}; review again (was {decision.describe()})"
    return decision.describe() + copy
