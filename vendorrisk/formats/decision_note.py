"""A finding's reviewed decision in words, the same in every format that is not JSON or HTML.

`decision_state` is the short label for a cell or a filter (``decided false-positive``,
``reopened accepted-risk``, ``open``); `decision_note` is the one-line account a
reviewer reads (who decided, when, why, and what re-opened it). Both read the
`decision` field (schema 2.1) and fall back on `suppressed`/`suppression`, which every
report has, so that an older report or a baseline's decision still shows.
"""
from __future__ import annotations

from vendorrisk.formats.base import one_line
from vendorrisk.report import Finding, FindingDecision, SupplierResult


def decision_state(finding: Finding) -> str:
    """``open``, or the decision's status and outcome: ``decided escalate``, ``expired accepted-risk``, ..."""
    d = finding.decision
    if d is None:
        return "decided" if finding.suppressed else "open"
    return f"{d.status} {d.outcome}" if d.outcome else d.status


def decision_note(finding: Finding) -> str | None:
    """One line on the decision that applies to `finding`, or None when none is recorded."""
    d = finding.decision
    if d is None:
        if finding.suppression:
            return f"{'decided' if finding.suppressed else 'note'}: {one_line(finding.suppression)}"
        return None
    if d.status == "reopened":
        return f"re-opened: {one_line(d.reopened_because)} (was {_who(d)}{_reason(d, ': ')})"
    if d.status == "expired":
        when = f" {d.expires.isoformat()}" if d.expires else ""
        return f"expired{when}: review again (was {_who(d)}{_reason(d, ': ')})"
    if d.status == "decided":
        still = "" if finding.suppressed else "; stays open"
        copy = f"; recorded for party {one_line(d.party)}" if d.party and d.party != finding.party.id else ""
        return f"decided: {_who(d)}{_reason(d, ' (', ')')}{copy}{still}"
    return None


def _who(d: FindingDecision) -> str:
    """Outcome, reviewer, date and end date, compactly."""
    parts = [d.outcome or "decision"]
    if d.reviewer:
        parts.append(f"by {one_line(d.reviewer)}")
    if d.date:
        parts.append(d.date.isoformat())
    if d.expires and d.status != "expired":
        parts.append(f"until {d.expires.isoformat()}")
    return " ".join(parts)


def _reason(d: FindingDecision, before: str, after: str = "") -> str:
    return f"{before}{one_line(d.reason)}{after}" if d.reason else ""


def closed_count(suppliers: tuple[SupplierResult, ...]) -> int:
    """How many findings a holding decision closes (left out of the summary counts)."""
    return sum(f.suppressed for s in suppliers for f in s.findings)


def closed_share(supplier: SupplierResult) -> str | None:
    """``closed by decision`` or ``N of M closed by decision`` for a supplier's findings; None when none is."""
    closed = sum(f.suppressed for f in supplier.findings)
    if not closed:
        return None
    return "closed by decision" if closed == len(supplier.findings) else \
        f"{closed} of {len(supplier.findings)} closed by decision"
