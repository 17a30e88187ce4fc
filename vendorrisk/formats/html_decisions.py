"""Decision status in the HTML report: what applies to each finding, and the per-supplier decisions.

A finding's status is `open`, `decided`, `expired` or `reopened`. It is read from the
finding's `decision` when the report model has one (the decisions file), else from the
baseline fields every report has: `suppressed` is a live decision, and a `suppression`
note without `suppressed` is a decision that expired or no longer applies. An open,
expired or re-opened finding is *undecided*: a reviewer still has to look at it, and
the decisions section gives the `vendorrisk decide` command to record a decision.
"""
from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass

from vendorrisk.formats.html_markup import badge, text
from vendorrisk.report import Finding, SupplierResult

STATUSES = ("open", "decided", "expired", "reopened")
UNDECIDED = frozenset(("open", "expired", "reopened"))


@dataclass(frozen=True)
class DecisionView:
    """What the page shows about one finding's decision."""

    status: str
    outcome: str | None = None
    reviewer: str | None = None
    date: str | None = None
    reason: str | None = None
    expires: str | None = None
    reopened_because: str | None = None
    party: str | None = None
    note: str | None = None

    @property
    def is_decided(self) -> bool:
        """True when a live decision covers the finding."""
        return self.status not in UNDECIDED


def _day(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def decision_of(finding: Finding) -> DecisionView:
    """The decision status of `finding`, from its `decision` field if the model has one, else its baseline fields."""
    decision = getattr(finding, "decision", None)
    if decision is not None:
        status = str(getattr(decision, "status", "open") or "open")
        return DecisionView(
            status=status if status in STATUSES else "open",
            outcome=getattr(decision, "outcome", None), reviewer=getattr(decision, "reviewer", None),
            date=_day(getattr(decision, "date", None)), reason=getattr(decision, "reason", None),
            expires=_day(getattr(decision, "expires", None)),
            reopened_because=getattr(decision, "reopened_because", None), party=getattr(decision, "party", None))
    if finding.suppressed:
        return DecisionView(status="decided", note=finding.suppression)
    if finding.suppression:
        status = "expired" if finding.suppression.startswith("decision expired") else "reopened"
        return DecisionView(status=status, note=finding.suppression)
    return DecisionView(status="open")


def supplier_state(supplier: SupplierResult) -> tuple[str, str]:
    """The row's decision filter key (`undecided`, `decided`, or `` for a clear row) and its label."""
    if not supplier.findings:
        return "", ""
    statuses = [decision_of(f).status for f in supplier.findings]
    undecided = sum(s in UNDECIDED for s in statuses)
    if not undecided:
        return "decided", "decided"
    parts = [f"{statuses.count(s)} {s}" for s in ("open", "reopened", "expired", "decided") if s in statuses]
    return "undecided", ", ".join(parts)


def decide_command(supplier: SupplierResult, finding: Finding) -> str:
    """The shell command that records a decision about this finding (outcome and reason to fill in).

    `decide` screens the supplier again to find the party's listings, so the country goes with it.
    """
    country = f" --country {shlex.quote(supplier.country)}" if supplier.country else ""
    return (f"vendorrisk decide {shlex.quote(supplier.name)} {shlex.quote(finding.party.id)}{country} "
            "--outcome OUTCOME --reason REASON")


def decision_detail(view: DecisionView, party_id: str | None = None) -> str:
    """The decision as HTML text: status badge, then outcome, reviewer, dates and reasons that are known."""
    bits = [f"{text(view.outcome)}" if view.outcome else "",
            f"by {text(view.reviewer)}" if view.reviewer else "", f"on {text(view.date)}" if view.date else "",
            f"until {text(view.expires)}" if view.expires else ""]
    words = " ".join(b for b in bits if b)
    reasons = [text(r) for r in (view.reason, view.note) if r]
    if view.reopened_because:
        reasons.append("re-opened: " + text(view.reopened_because))
    if view.party and view.party != party_id:
        reasons.append("recorded for " + text(view.party))
    return " ".join(x for x in (badge(view.status), words, "; ".join(reasons)) if x)


def decisions_section(suppliers: tuple[SupplierResult, ...]) -> str:
    """Every supplier with findings, anchored `d-N` (N its position), with each finding's decision.

    Each supplier row links here; an undecided finding shows the command to decide it.
    """
    blocks = [_supplier_decisions(n, s) for n, s in enumerate(suppliers, 1) if s.findings]
    if not blocks:
        return ""
    intro = ("The decision that applies to each finding. For an undecided one (open, expired or re-opened), "
             "the command records a decision: choose the outcome (<code>vendorrisk decide --help</code>) and "
             "give the reason.")
    return f'<section id="decisions">\n<h2>Decisions</h2>\n<p class="meta">{intro}</p>\n' + "\n".join(blocks) + "\n</section>"


def _supplier_decisions(number: int, supplier: SupplierResult) -> str:
    line = f"line {supplier.line}: " if supplier.line is not None else ""
    rows = []
    for finding in supplier.findings:
        view = decision_of(finding)
        detail = decision_detail(view, finding.party.id)
        if not view.is_decided:
            detail += f'<br><code class="cmd">{text(decide_command(supplier, finding))}</code>'
        rows.append(f"<tr><td>{text(finding.party.name)} <code>{text(finding.party.id)}</code></td>"
                    f"<td>{badge(finding.severity)}</td><td>{detail}</td></tr>")
    return (f'<div class="dec" id="d-{number}" tabindex="-1"><h3>{text(line)}{text(supplier.name)} '
            f'<a class="back" href="#s-{number}">back to the supplier</a></h3>'
            '<table><thead><tr><th>Party</th><th>Severity</th><th>Decision</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")
