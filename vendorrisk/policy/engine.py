"""The policy engine: turns one supplier's matches into cited findings and a verdict.

How matches become findings:

- Matches scoring below the threshold are ignored.
- Every specific (non-catch-all) rule of the profile whose condition the match meets
  gives one finding. Several rules may fire for one match; each is its own finding,
  because each carries its own consequence and citation.
- A match that no specific rule covers is given to the profile's catch-all rule(s),
  so no match ever vanishes.
- One finding per (rule, list entry): when several matches reach the same entry
  (say through two aliases) the worst-for-the-supplier one is kept: highest
  severity, then highest score, then exact over fuzzy over affiliate, then matched name.
- Findings are ordered by severity (worst first), score (highest first), rule code,
  entry id and matched name, whatever the order of the input.

The verdict is the profile's verdict for the worst severity among the findings, or
``clear`` when there are none.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from vendorrisk.model import ListSnapshot
from vendorrisk.policy.conditions import Predicate, compile_condition
from vendorrisk.policy.profiles import Profile
from vendorrisk.policy.rules import Rule, RuleBook
from vendorrisk.report import (
    Finding, FindingEntry, Match, RuleRef, Severity, SnapshotRef, Verdict, severity_rank,
)

_KIND_ORDER = {"exact": 0, "fuzzy": 1, "affiliate": 2}


@dataclass(frozen=True)
class Policy:
    """A rule book with one profile applied; see the module docstring for the semantics.

    Attributes:
        book: every loaded rule (also those the profile does not select).
        profile: the profile in force.
        threshold: matches scoring below this (0-100) are not turned into findings.
    """

    book: RuleBook
    profile: Profile
    threshold: float = 0.0

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules the profile selects, in code order."""
        return tuple(self.book.rules[code] for code in self.profile.rules)

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per deprecated or preview rule in force, for the report's warnings."""
        return tuple(f"profile {self.profile.name!r} uses {rule.status} rule {rule.code} {rule.name}"
                     for rule in self.rules if rule.status in ("deprecated", "preview"))

    def severity(self, rule: Rule, kind: str) -> Severity:
        """The severity of `rule` for a match of `kind` under this profile."""
        override = self.profile.severities.get(rule.code, {})
        return override.get(kind) or override.get("*") or rule.severity_for(kind)

    def evaluate(self, matches: Sequence[Match], snapshots: Mapping[str, ListSnapshot],
                 buyer: str | None = None) -> tuple[Finding, ...]:
        """Findings for one supplier's matches.

        Args:
            matches: every match of one supplier, in any order.
            snapshots: list snapshots by source id, cited in each finding's entry.
            buyer: the buyer's jurisdiction; defaults to the profile's.
        """
        buyer = buyer or self.profile.jurisdiction
        best: dict[tuple[str, str], Finding] = {}
        for match in matches:
            if match.score < self.threshold:
                continue
            for rule in self._rules_for(match, buyer):
                finding = self._finding(rule, match, snapshots)
                key = (rule.code, match.entry.id)
                if key not in best or _preference(finding) < _preference(best[key]):
                    best[key] = finding
        return tuple(sorted(best.values(), key=_order))

    def verdict(self, findings: Iterable[Finding]) -> Verdict:
        """The verdict for a supplier with these findings."""
        severities = [f.severity for f in findings]
        if not severities:
            return "clear"
        return self.profile.verdicts[max(severities, key=severity_rank)]

    def rule_refs(self, codes: Iterable[str]) -> tuple[RuleRef, ...]:
        """Report metadata for these rule codes (deduplicated, in code order).

        Raises:
            RuleError: a code is unknown.
        """
        return tuple(self._rule_ref(self.book.get(code)) for code in sorted(set(codes)))

    @cached_property
    def _specific(self) -> tuple[tuple[Rule, Predicate], ...]:
        return tuple((r, compile_condition(r.condition)) for r in self.rules if not r.catch_all)

    @cached_property
    def _catch_alls(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.catch_all)

    def _rules_for(self, match: Match, buyer: str | None) -> tuple[Rule, ...]:
        specific = tuple(rule for rule, holds in self._specific if holds(match, buyer))
        return specific or self._catch_alls

    def _finding(self, rule: Rule, match: Match, snapshots: Mapping[str, ListSnapshot]) -> Finding:
        return Finding(
            rule=rule.code, rule_name=rule.name, severity=self.severity(rule, match.kind),
            kind=match.kind, score=match.score, consequence=" ".join(rule.consequence.split()),
            explanation=match.explanation, evidence=match.evidence,
            entry=finding_entry(match, snapshots.get(match.entry.source)),
        )

    def _rule_ref(self, rule: Rule) -> RuleRef:
        return RuleRef(
            code=rule.code, name=rule.name, status=rule.status, severity=self.severity(rule, "exact"),
            summary=rule.summary, consequence=" ".join(rule.consequence.split()),
            references=rule.references,
        )


def finding_entry(match: Match, snapshot: ListSnapshot | None) -> FindingEntry:
    """The list entry of `match` as cited in a finding, with its snapshot when known."""
    entry = match.entry
    ref = None
    if snapshot is not None:
        ref = SnapshotRef(source=snapshot.source, snapshot_date=snapshot.snapshot_date,
                          retrieved_at=snapshot.retrieved_at, sha256=snapshot.sha256)
    return FindingEntry(
        source=entry.source, publisher=snapshot.publisher if snapshot else entry.citation.publisher,
        id=entry.id, name=entry.name, matched_name=match.matched_name, relation=match.relation,
        aliases=entry.aliases, type=entry.type, countries=entry.countries, programs=entry.programs,
        list_name=entry.list_name, listed_on=entry.listed_on, until=entry.until, citation=entry.citation,
        snapshot=ref,
    )


def _preference(finding: Finding) -> tuple:
    return (-severity_rank(finding.severity), -finding.score, _KIND_ORDER[finding.kind],
            finding.entry.matched_name, finding.explanation)


def _order(finding: Finding) -> tuple:
    return (-severity_rank(finding.severity), -finding.score, finding.rule, finding.entry.id,
            finding.entry.matched_name)
