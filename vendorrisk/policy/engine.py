"""The policy engine: turns one supplier's matches into cited findings and a verdict.

How matches become findings:

- Matches scoring below the threshold are ignored.
- Every specific (non-catch-all) rule of the profile whose condition the match meets
  fires for the match's list entry; rules and severities apply per listing.
- A match that no specific rule covers is given to the profile's catch-all rule(s),
  so no match ever vanishes.
- Per (rule, list entry) the worst-for-the-supplier match is kept when several reach
  the same entry (say through two aliases): highest severity, then highest score,
  then exact over fuzzy over affiliate, then matched name.
- One finding per listed party (`Match.party_id`, see `vendorrisk.index.parties`):
  each of its entries that matched is a listing with the rules it triggers. The
  worst listing leads the finding (its rule, severity, score and evidence); `rules`
  holds every rule that fired, worst first.
- Findings are ordered by severity (worst first), score (highest first), rule code,
  party id and matched name, whatever the order of the input.

The verdict is the profile's verdict for the worst severity among the findings, or
``clear`` when there are none.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from vendorrisk.model import ListSnapshot
from vendorrisk.memo import BoundedMemo
from vendorrisk.policy.conditions import Predicate, compile_condition, condition_inputs
from vendorrisk.policy.profiles import Profile
from vendorrisk.policy.rules import Rule, RuleBook
from vendorrisk.report import (
    Finding, FindingEntry, Match, Party, RuleRef, Severity, SnapshotRef, Verdict, severity_rank,
)

_KIND_ORDER = {"exact": 0, "fuzzy": 1, "affiliate": 2}
# The highest severity of a match whose supplier country differs from the listing's (review, in
# every bundled profile): a country is evidence for or against, never a filter.
COUNTRY_CONFLICT_CAP: Severity = "medium"
# Evidence against a match caps its severity at a review: the name matches, so the finding stays,
# but a person must confirm it (a namesake abroad, a company against a person, a generic name).
EVIDENCE_CAPS: dict[str, Severity] = {
    "country_mismatch": COUNTRY_CONFLICT_CAP,
    "entity_type_mismatch": "medium",
    "generic_name": "medium",
    "identifier_mismatch": "medium",
}
# Evidence that confirms the party: an identifier of the supplier's that is the entry's. It lifts
# the caps above (the name matches and the identifier says it is that party), unless an
# identifier of another kind speaks against it.
CONFIRMING = "identifier_match"
RULES_REMEMBERED = 4096  # distinct (entry facts, match) keys whose triggered rules are kept (`Policy._rules_for`)


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

    def match_severity(self, rule: Rule, match: Match) -> Severity:
        """`severity` for this match, capped by the evidence against it (`EVIDENCE_CAPS`).

        For example at most `COUNTRY_CONFLICT_CAP` when the supplier's country differs from
        every country of the listing: the name still matches, so the finding stays, but a
        namesake elsewhere is for a person to confirm, not to block on. An identifier that is the
        entry's (`CONFIRMING`) lifts the caps.
        """
        severity = self.severity(rule, match.kind)
        features = {e.feature for e in match.evidence}
        if CONFIRMING in features and "identifier_mismatch" not in features:
            return severity
        for evidence in match.evidence:
            cap = EVIDENCE_CAPS.get(evidence.feature)
            if cap is not None:
                severity = min(severity, cap, key=severity_rank)
        return severity

    def evaluate(self, matches: Sequence[Match], snapshots: Mapping[str, ListSnapshot],
                 buyer: str | None = None) -> tuple[Finding, ...]:
        """Findings for one supplier's matches: one per listed party.

        Args:
            matches: every match of one supplier, in any order.
            snapshots: list snapshots by source id, cited in each finding's listings.
            buyer: the buyer's jurisdiction; defaults to the profile's.
        """
        buyer = buyer or self.profile.jurisdiction
        best: dict[tuple[str, str], _Hit] = {}
        for match in matches:
            if match.score < self.threshold:
                continue
            for rule in self._rules_for(match, buyer):
                hit = _Hit(rule, self.match_severity(rule, match), match)
                key = (rule.code, match.entry.id)
                if key not in best or hit.preference < best[key].preference:
                    best[key] = hit
        by_party: dict[str, dict[str, list[_Hit]]] = {}
        for hit in best.values():
            by_party.setdefault(hit.party, {}).setdefault(hit.match.entry.id, []).append(hit)
        findings = (self._finding(listings, snapshots) for listings in by_party.values())
        return tuple(sorted(findings, key=_order))

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
        """The rules `match` triggers; remembered by everything a condition reads (`condition_inputs`),
        because a party's entries are matched again and again, and each rule's test costs more than the key."""
        key = condition_inputs(match, buyer)
        found = self._triggered.get(key)
        if found is None:
            specific = tuple(rule for rule, holds in self._specific if holds(match, buyer))
            found = self._triggered.remember(key, specific or self._catch_alls)
        return found

    @cached_property
    def _triggered(self) -> BoundedMemo[tuple, tuple[Rule, ...]]:
        return BoundedMemo(RULES_REMEMBERED)

    def _finding(self, hits_by_entry: Mapping[str, list[_Hit]],
                  snapshots: Mapping[str, ListSnapshot]) -> Finding:
        """One party's finding: each entry's hits become a listing; the worst listing leads."""
        ranked = sorted((sorted(hits, key=lambda h: h.preference) for hits in hits_by_entry.values()),
                        key=lambda hits: (hits[0].preference, hits[0].match.entry.id))
        listings = tuple(_listing(hits, snapshots.get(hits[0].match.entry.source)) for hits in ranked)
        lead = ranked[0][0]
        worst: dict[str, int] = {}
        for hits in ranked:
            for hit in hits:
                worst[hit.rule.code] = max(worst.get(hit.rule.code, 0), severity_rank(hit.severity))
        match = lead.match
        return Finding(
            party=Party(id=match.party_id or match.entry.id, name=match.party_name or match.entry.name,
                        group=_group(h[0].match for h in ranked)),
            rule=lead.rule.code, rule_name=lead.rule.name, rules=tuple(sorted(worst, key=lambda c: (-worst[c], c))),
            severity=lead.severity, kind=match.kind, score=match.score,
            consequence=" ".join(lead.rule.consequence.split()), explanation=match.explanation,
            evidence=match.evidence, entry=listings[0], listings=listings,
        )

    def _rule_ref(self, rule: Rule) -> RuleRef:
        return RuleRef(
            code=rule.code, name=rule.name, status=rule.status, severity=self.severity(rule, "exact"),
            summary=rule.summary, consequence=" ".join(rule.consequence.split()),
            references=rule.references,
        )


@dataclass(frozen=True)
class _Hit:
    """One rule a match triggers, with the severity the profile gives it."""

    rule: Rule
    severity: Severity
    match: Match

    @property
    def party(self) -> str:
        return self.match.party_id or self.match.entry.id

    @cached_property
    def preference(self) -> tuple:
        """Worst for the supplier first: severity, score, exact over fuzzy over affiliate, names."""
        m = self.match
        return (-severity_rank(self.severity), -m.score, _KIND_ORDER[m.kind], self.rule.code, m.matched_name,
                m.explanation)


def finding_entry(match: Match, snapshot: ListSnapshot | None, **rules) -> FindingEntry:
    """The list entry of `match` as cited in a finding, with its snapshot when known.

    `rules` are the listing's `rules` and `severity`, when a policy has judged it.
    """
    entry = match.entry
    ref = None
    if snapshot is not None:
        ref = SnapshotRef(source=snapshot.source, snapshot_date=snapshot.snapshot_date,
                          retrieved_at=snapshot.retrieved_at, sha256=snapshot.sha256)
    return FindingEntry(
        source=entry.source, publisher=snapshot.publisher if snapshot else entry.citation.publisher,
        id=entry.id, name=entry.name, matched_name=match.matched_name, compared_as=match.compared_as,
        derivation=match.derivation, relation=match.relation,
        aliases=entry.aliases, type=entry.type, countries=entry.countries, programs=entry.programs,
        list_name=entry.list_name, listed_on=entry.listed_on, until=entry.until, citation=entry.citation,
        snapshot=ref, kind=match.kind, score=match.score, **rules,
    )


def _listing(hits: list[_Hit], snapshot: ListSnapshot | None) -> FindingEntry:
    """One entry's listing: its best match, and every rule it triggers, worst first."""
    rules: dict[str, Severity] = {}
    for hit in hits:
        rules.setdefault(hit.rule.code, hit.severity)
    return finding_entry(hits[0].match, snapshot, rules=rules, severity=hits[0].severity)


def _group(matches: Iterable[Match]) -> str | None:
    """The parent a listing names for the party (an affiliate's group), if any does."""
    for match in matches:
        for related in match.entry.related:
            if related.relation == "parent" and not related.ended:
                return related.name
    return None


def _order(finding: Finding) -> tuple:
    return (-severity_rank(finding.severity), -finding.score, finding.rule, finding.party.id,
            finding.entry.matched_name)
