"""What changed between two screenings: new and cleared findings, verdicts, list snapshots.

A change is one listing of a party: its supplier's input row, the rule code and the
list entry id, never score or line number, so a party that gains or loses a listing
(or a rule on one) shows as a new or cleared finding. Nor do scores or lines count, so re-sorting the input or re-tuning scores does
not show up as change. Suppliers are matched by their input fields (the Nth copy of
an identical row matches the Nth copy).
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Literal

from vendorrisk.formats.base import citation_ref, dump_json, format_score, one_line
from vendorrisk.formats.json_format import load_report
from vendorrisk.record import Record
from vendorrisk.report import Finding, FindingEntry, ListUsed, Report, SupplierResult, verdict_rank

SupplierKey = tuple[str, int]


class ChangedFinding(Record):
    """A listing of a party, with one rule, present in only one of the two reports."""

    supplier: str
    line: int | None
    input: dict[str, str]
    party_id: str
    party_name: str
    rule: str
    severity: str
    kind: str
    score: float
    entry_id: str
    entry_name: str
    matched_name: str
    citation: str


class VerdictChange(Record):
    """A supplier in both reports whose verdict differs."""

    supplier: str
    line: int | None
    input: dict[str, str]
    old: str
    new: str
    worse: bool


class ListChange(Record):
    """A list source added, removed or re-snapshotted between the two reports."""

    source: str
    change: Literal["added", "removed", "updated"]
    old_snapshot_date: dt.date | None = None
    new_snapshot_date: dt.date | None = None
    old_sha256: str | None = None
    new_sha256: str | None = None
    old_records: int | None = None
    new_records: int | None = None


class ReportDiff(Record):
    """Everything that changed from an old report to a new one."""

    old_generated_at: dt.datetime
    new_generated_at: dt.datetime
    new_findings: tuple[ChangedFinding, ...] = ()
    cleared_findings: tuple[ChangedFinding, ...] = ()
    verdict_changes: tuple[VerdictChange, ...] = ()
    suppliers_added: tuple[str, ...] = ()
    suppliers_removed: tuple[str, ...] = ()
    list_changes: tuple[ListChange, ...] = ()

    @property
    def has_new_risk(self) -> bool:
        """True when a finding appeared or a verdict got worse (`vendorrisk diff` exits 1)."""
        return bool(self.new_findings) or any(v.worse for v in self.verdict_changes)


def _keyed(report: Report) -> dict[SupplierKey, SupplierResult]:
    seen: Counter[str] = Counter()
    out = {}
    for s in report.suppliers:
        ident = json.dumps(s.input, sort_keys=True, ensure_ascii=False) if s.input else s.name
        out[(ident, seen[ident])] = s
        seen[ident] += 1
    return out


def _findings(suppliers: dict[SupplierKey, SupplierResult]) -> dict[tuple, ChangedFinding]:
    out = {}
    for key, s in suppliers.items():
        for f in s.findings:
            for e in f.listings or (f.entry,):
                for rule, severity in (e.rules or {f.rule: f.severity}).items():
                    out[(key, rule, e.id)] = _changed(s, f, e, rule, severity)
    return out


def _changed(s: SupplierResult, f: Finding, e: FindingEntry, rule: str, severity: str) -> ChangedFinding:
    return ChangedFinding(supplier=s.name, line=s.line, input=s.input, party_id=f.party.id,
                          party_name=f.party.name, rule=rule, severity=severity,
                          kind=e.kind or f.kind, score=f.score if e.score is None else e.score, entry_id=e.id,
                          entry_name=e.name, matched_name=e.matched_name, citation=citation_ref(e.citation))


def _verdicts(old: dict, new: dict) -> tuple[VerdictChange, ...]:
    return tuple(
        VerdictChange(supplier=n.name, line=n.line, input=n.input, old=old[k].verdict, new=n.verdict,
                      worse=verdict_rank(n.verdict) > verdict_rank(old[k].verdict))
        for k, n in new.items() if k in old and old[k].verdict != n.verdict)


def _list_changes(old: tuple[ListUsed, ...], new: tuple[ListUsed, ...]) -> tuple[ListChange, ...]:
    before, after = {x.source: x for x in old}, {x.source: x for x in new}
    changes = []
    for source in list(before) + [s for s in after if s not in before]:
        a, b = before.get(source), after.get(source)
        if a and b and a.sha256 == b.sha256:
            continue
        kind = "updated" if a and b else ("removed" if a else "added")
        changes.append(ListChange(
            source=source, change=kind, old_snapshot_date=a and a.snapshot_date,
            new_snapshot_date=b and b.snapshot_date, old_sha256=a and a.sha256,
            new_sha256=b and b.sha256, old_records=a and a.records, new_records=b and b.records))
    return tuple(changes)


def diff_reports(old: Report, new: Report) -> ReportDiff:
    """Compare two reports of (usually) the same supplier file."""
    old_s, new_s = _keyed(old), _keyed(new)
    old_f, new_f = _findings(old_s), _findings(new_s)
    return ReportDiff(
        old_generated_at=old.generated_at, new_generated_at=new.generated_at,
        new_findings=tuple(v for k, v in new_f.items() if k not in old_f),
        cleared_findings=tuple(v for k, v in old_f.items() if k not in new_f),
        verdict_changes=_verdicts(old_s, new_s),
        suppliers_added=tuple(s.name for k, s in new_s.items() if k not in old_s),
        suppliers_removed=tuple(s.name for k, s in old_s.items() if k not in new_s),
        list_changes=_list_changes(old.lists, new.lists))


def diff_files(old_path: str | Path, new_path: str | Path) -> ReportDiff:
    """`diff_reports` on two JSON report files.

    Raises:
        InputError: either file is not a readable vendorrisk JSON report.
    """
    return diff_reports(load_report(old_path), load_report(new_path))


def render_diff(diff: ReportDiff, format_name: str = "text") -> str:
    """The diff as `text` (for people) or `json` (the `ReportDiff` model, plus `has_new_risk`)."""
    if format_name == "json":
        return dump_json({**diff.model_dump(mode="json"), "has_new_risk": diff.has_new_risk})
    return _text(diff)


def _finding_line(mark: str, f: ChangedFinding) -> str:
    where = f"line {f.line} " if f.line else ""
    return (f"  {mark} {where}\"{one_line(f.supplier)}\" {f.rule} {f.severity} {f.kind} "
            f"{format_score(f.score)}: party {one_line(f.party_id)}, {one_line(f.entry_id)} \"{one_line(f.entry_name)}\" "
            f"matched \"{one_line(f.matched_name)}\"; {one_line(f.citation)}")


def _list_line(c: ListChange) -> str:
    def side(date, sha, records):
        return f"{date or 'undated'} ({(sha or '')[:12]}, {records} records)"
    if c.change == "added":
        return f"  + {c.source}: added {side(c.new_snapshot_date, c.new_sha256, c.new_records)}"
    if c.change == "removed":
        return f"  - {c.source}: removed {side(c.old_snapshot_date, c.old_sha256, c.old_records)}"
    return (f"  ~ {c.source}: {side(c.old_snapshot_date, c.old_sha256, c.old_records)} -> "
            f"{side(c.new_snapshot_date, c.new_sha256, c.new_records)}")


def _text(d: ReportDiff) -> str:
    out = [f"vendorrisk diff: {d.old_generated_at.isoformat()} -> {d.new_generated_at.isoformat()}",
           f"{len(d.new_findings)} new findings, {len(d.cleared_findings)} cleared, "
           f"{len(d.verdict_changes)} verdict changes, {len(d.list_changes)} list changes"]
    sections = [
        ("New findings", [_finding_line("+", f) for f in d.new_findings]),
        ("Cleared findings", [_finding_line("-", f) for f in d.cleared_findings]),
        ("Verdict changes", [f"  {'!' if v.worse else '~'} line {v.line} \"{one_line(v.supplier)}\": "
                             f"{v.old} -> {v.new}" for v in d.verdict_changes]),
        ("Suppliers added", [f"  + \"{one_line(n)}\"" for n in d.suppliers_added]),
        ("Suppliers removed", [f"  - \"{one_line(n)}\"" for n in d.suppliers_removed]),
        ("List snapshots", [_list_line(c) for c in d.list_changes]),
    ]
    for title, lines in sections:
        if lines:
            out += ["", title] + lines
    return "\n".join(out) + "\n"
