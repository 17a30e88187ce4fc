"""The review queue: the findings of a report that still want a decision, one at a time.

A finding is waiting when the decisions file has no decision that holds for its
supplier and party (none, expired, or re-opened because the party's listings changed).
Each decision is written at once, so a review that stops (`q`, a closed terminal)
resumes where it stopped: the findings already decided are not asked again.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vendorrisk.decisions.apply import DecisionIndex, mark
from vendorrisk.decisions.model import DecisionsFile, supplier_id_of
from vendorrisk.errors import InputError
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


def load_report(path: str | Path) -> Report:
    """A JSON report written by `vendorrisk check --format json` (or `search`).

    Raises:
        InputError: the file is not a readable vendorrisk JSON report of schema 2.
    """
    from vendorrisk.record import InvalidRecord, load_record

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the report: {exc.strerror}", path=str(path)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a JSON report: {exc}", path=str(path)) from exc
    if not isinstance(data, dict) or not str(data.get("schema_version", "")).startswith("2."):
        raise InputError("not a vendorrisk JSON report of schema 2 (write one with `vendorrisk check FILE "
                         "--format json --output report.json`)", path=str(path))
    try:
        return load_record(Report, data)
    except InvalidRecord as exc:
        first = exc.errors()[0]
        raise InputError(f"not a vendorrisk report: {'.'.join(map(str, first['loc']))}: {first['msg']}",
                         path=str(path)) from exc


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
