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

SCHEMA_VERSION = "2.1"
# 1.1: lists[] say how each date is known (date_basis, published_on_or_after).
# 2.0: one finding per listed party (party, rules, listings), not one per (rule, list entry).
# 2.1: findings carry the reviewed decision that applies to them (`decision`).

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
    matched_name: str = attr(description="The list name or alias that matched, as the list prints it.")
    compared_as: str | None = attr(None, description="The form of matched_name that was compared, when derived.")
    derivation: str | None = attr(None, description="How compared_as was derived from matched_name.")
    relation: Relation | None = attr(None, description="Set when the match is through a related name.")
    evidence: tuple[Evidence, ...] = ()
    party_id: str | None = attr(None, description="The listed party the entry belongs to (default: the entry).")
    party_name: str | None = attr(None, description="The party's display name (default: the entry's name).")

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
    """One listing of a party as cited in a finding: the list entry, how it matched, and its rules."""

    source: str
    publisher: str | None = None
    id: str
    name: str
    matched_name: str = attr(description="The name or alias that matched, exactly as the list prints it.")
    compared_as: str | None = attr(None, description=(
        "The form of matched_name the matcher compared, when it was derived (legal form dropped, "
        "parenthetical split out, a.k.a. cut); unset when matched_name itself was compared."))
    derivation: str | None = attr(None, description="How compared_as was derived from matched_name.")
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
    rules: dict[str, Severity] = attr(default_factory=dict, description=(
        "Every rule this listing triggers, with the severity the profile gives it, worst first."))
    severity: Severity | None = attr(None, description="The worst severity among this listing's rules.")
    kind: MatchKind | None = None
    score: float | None = None


class Party(Record):
    """A listed party: the list entries that publish the same identifier (OFAC entity number, UN
    reference, one CSL record under several sub-lists) are one party."""

    id: str = attr(description="Stable id: `ofac:<entity number>`, `un:<reference>`, or the entry id.")
    name: str = attr(description="Display name, from the party's primary listing.")
    group: str | None = attr(None, description="The parent a listing names for this party (an affiliate's group).")


DecisionOutcome = Literal["false-positive", "accepted-risk", "escalate", "block"]
DecisionStatus = Literal["open", "decided", "expired", "reopened"]


class FindingDecision(Record):
    """The reviewed decision about a supplier and a party, as it applies to one finding.

    `decided` holds; `expired` is past its `expires` day; `reopened` was made before
    the party's listings changed in substance (`reopened_because` says how). Only a
    holding false-positive or accepted-risk decision suppresses the finding.
    """

    status: DecisionStatus
    outcome: DecisionOutcome | None = None
    reviewer: str | None = None
    date: dt.date | None = None
    reason: str | None = None
    expires: dt.date | None = attr(None, description="Last day the decision holds.")
    party: str | None = attr(None, description=(
        "The party the decision was recorded for; another party when this finding is a copy of "
        "listings already decided (the same list and programs, published in another file)."))
    reopened_because: str | None = None


class Finding(Record):
    """One listed party a supplier matches: every listing that applies, and the rules they trigger.

    `rule`, `severity`, `kind`, `score` and `entry` are those of the worst listing (highest
    severity, then score); `rules` and `listings` hold them all.
    """

    party: Party
    rule: str = attr(description="Rule code of the worst listing, e.g. `VR101`.")
    rule_name: str
    rules: tuple[str, ...] = attr((), description="Every rule that fired for this party, worst first.")
    severity: Severity
    kind: MatchKind
    score: float
    consequence: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    entry: FindingEntry = attr(description="The worst listing (also first in `listings`).")
    listings: tuple[FindingEntry, ...] = attr((), description="Every listing of the party that matched, worst first.")
    suppressed: bool = attr(False, description="A reviewed decision (false positive, or risk accepted and not "
                                                "expired) covers this finding.")
    suppression: str | None = attr(None, description="The decision that suppresses it (who, when, why), "
                                    "or why a recorded decision no longer does.")
    decision: FindingDecision | None = attr(None, description=(
        "The reviewed decision about this supplier and party, when one is recorded (none: open)."))


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
