"""The report types: matches from scoring, findings from policy, and the report itself.

`Match` is what the scoring stage says (this supplier looks like this list entry, and
why); `Finding` is what the policy stage says (which rule it triggers and what that
means). A `Report` carries the findings of every supplier plus the list snapshots
they were screened against. Formatters see only a `Report`.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal


from vendorrisk.model import Citation, ListEntry, ListSnapshot, Relation, SkippedRow
from vendorrisk.record import Record, attr

SCHEMA_VERSION = "1.1"  # 1.1: lists[] say how each date is known (date_basis, published_on_or_after)

MatchKind = Literal["exact", "fuzzy", "affiliate"]
Severity = Literal["info", "low", "medium", "high", "critical"]
Verdict = Literal["clear", "review", "restricted", "prohibited"]

SEVERITIES: tuple[Severity, ...] = ("info", "low", "medium", "high", "critical")
VERDICTS: tuple[Verdict, ...] = ("clear", "review", "restricted", "prohibited")


def severity_rank(severity: str) -> int:
    """Position of a severity in `SEVERITIES` (higher is worse)."""
    return SEVERITIES.index(severity)  # type: ignore[arg-type]


def verdict_rank(verdict: str) -> int:
    """Position of a verdict in `VERDICTS` (higher is worse)."""
    return VERDICTS.index(verdict)  # type: ignore[arg-type]


class Evidence(Record):
    """One reason behind a score: which feature, how much it counted, and on what values."""

    feature: str
    score: float = attr(description="Contribution of this feature to the score (may be negative).")
    supplier_value: str | None = None
    list_value: str | None = None
    detail: str


class Match(Record):
    """Scoring's claim that a supplier name corresponds to a list entry."""

    entry: ListEntry
    kind: MatchKind
    score: float = attr(ge=0, le=100)
    matched_name: str = attr(description="The list name or alias that matched.")
    relation: Relation | None = attr(None, description="Set when the match is through a related name.")
    evidence: tuple[Evidence, ...] = ()

    @property
    def explanation(self) -> str:
        """One readable sentence summarising the evidence."""
        return "; ".join(e.detail for e in self.evidence)


class SnapshotRef(Record):
    """Which copy of a list an entry came from."""

    source: str
    snapshot_date: dt.date | None = None
    retrieved_at: dt.datetime | None = None
    sha256: str


class FindingEntry(Record):
    """The list entry as cited in a finding."""

    source: str
    publisher: str | None = None
    id: str
    name: str
    matched_name: str
    relation: Relation | None = None
    aliases: tuple[str, ...] = ()
    type: str = "entity"
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    list_name: str | None = None
    listed_on: dt.date | None = None
    until: dt.date | None = attr(None, description="Date the listing ends or ended; unset while open-ended.")
    citation: Citation
    snapshot: SnapshotRef | None = None


class Finding(Record):
    """A policy rule triggered by a match, with its consequence and full evidence."""

    rule: str = attr(description="Rule code, e.g. `VR101`.")
    rule_name: str
    severity: Severity
    kind: MatchKind
    score: float
    consequence: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    entry: FindingEntry
    suppressed: bool = attr(False, description="A reviewed decision in the baseline covers this finding.")
    suppression: str | None = attr(None, description="The baseline decision that suppresses it (who, when, why), "
                                    "or why a recorded decision no longer does.")


class RuleRef(Record):
    """Metadata of a rule that produced findings, so a report is readable on its own."""

    code: str
    name: str
    status: str = "stable"
    severity: Severity
    summary: str = attr(description="What the rule flags, in one sentence.")
    consequence: str
    references: tuple[Citation, ...] = ()


class SupplierResult(Record):
    """Screening outcome for one input row."""

    input: dict[str, str] = attr(description="The row's own fields, unchanged.")
    line: int | None = None
    name: str
    country: str | None = None
    verdict: Verdict
    findings: tuple[Finding, ...] = ()


class ReportSettings(Record):
    """The settings that shaped a report, so that a reader can reproduce it."""

    profile: str
    threshold: float
    max_list_age_days: int | None = None


class ListUsed(ListSnapshot):
    """A list snapshot as reported: its provenance plus its age when screened."""

    age_days: int | None = None
    stale: bool = False


class Summary(Record):
    """Counts for the top of a report."""

    suppliers: int
    screened: int
    skipped: int
    with_findings: int
    findings: int
    by_verdict: dict[str, int]


class Report(Record):
    """A complete screening report (DESIGN.md §5)."""

    schema_version: str = SCHEMA_VERSION
    tool: str = "vendorrisk"
    tool_version: str
    generated_at: dt.datetime
    input: str | None = attr(None, description="Path of the screened file, when there was one.")
    settings: ReportSettings
    lists: tuple[ListUsed, ...]
    summary: Summary
    rules: tuple[RuleRef, ...] = attr((), description="Every rule that produced a finding, by code.")
    suppliers: tuple[SupplierResult, ...]
    skipped: tuple[SkippedRow, ...] = ()
    warnings: tuple[str, ...] = ()
