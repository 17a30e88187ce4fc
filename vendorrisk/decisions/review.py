"""The review queue: the findings of a report that still want a decision, one at a time.

A finding is waiting when the decisions file has no decision that holds for its
supplier and party (none, expired, or re-opened because the party's listings changed).
Each decision is written at once, so a review that stops (`q`, a closed terminal)
resumes where it stopped: the findings already decided are not asked again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from vendorrisk.decisions.apply import DecisionIndex, mark
from vendorrisk.decisions.model import DecisionsFile, supplier_id_of
from vendorrisk.report import Finding, Report, SupplierResult


@dataclass(frozen=True)
class Waiting:
    """A finding waiting for a decision, with its place among all the report's findings."""

    position: int  # 1-based, in report order
    total: int
    supplier: SupplierResult
    finding: Finding  # marked with the decision that no longer holds, if any

    @property
    def supplier_id(self) -> str | None:
        """The supplier's own id, when its row has an id column."""
        return supplier_id_of(self.supplier.input)


def waiting(report: Report, decisions: DecisionsFile, today: dt.date) -> Iterator[Waiting]:
    """Each finding of `report` that no holding decision in `decisions` covers, in report order."""
    index = DecisionIndex(decisions, today)
    total = sum(len(s.findings) for s in report.suppliers)
    position = 0
    for supplier in report.suppliers:
        found = index.for_supplier(supplier.name, supplier.input)
        for finding in supplier.findings:
            position += 1
            marked = mark(finding.model_copy(update={"decision": None, "suppressed": False, "suppression": None}),
                          found, today)
            if marked.decision is None or marked.decision.status != "decided":
                yield Waiting(position, total, supplier, marked)
