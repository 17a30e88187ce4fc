"""`vendorrisk search --explain`: every finding with the word-by-word evidence behind its score.

The evidence lines are each feature's contribution. A score is not always their sum:
a branch or affiliate, a fuzzy match and a country at the threshold are scored by
rules of their own (docs/matching.md). So the lines end with a balancing line that
names the rule which makes up the difference, and the score itself: the column
always adds up to the score shown.
"""
from __future__ import annotations

from vendorrisk.formats.base import citation_ref, one_line
from vendorrisk.report import Finding, Report

# Below this the difference between the score and the sum of its lines is rounding.
_ROUNDING = 0.15


def render_explanation(report: Report) -> str:
    """A reviewer's view: for each finding, the rule, the entry, the citation and each feature."""
    out: list[str] = []
    for supplier in report.suppliers:
        count = len(supplier.findings)
        out.append(f"{one_line(supplier.name)}: {supplier.verdict} ({count} finding{'' if count == 1 else 's'})")
        for finding in supplier.findings:
            out += _finding(finding, report.settings.threshold)
    if not report.suppliers or not any(s.findings for s in report.suppliers):
        out.append("no findings at or above the threshold")
    out += [f"warning: {one_line(w)}" for w in report.warnings]
    return "\n".join(out) + "\n"


def _finding(finding: Finding, threshold: float) -> list[str]:
    entry = finding.entry
    lines = [f"  {finding.rule} {finding.rule_name} [{finding.severity}] {finding.kind} score {finding.score:g}",
             f"    entry    {entry.id}: {one_line(entry.name)}",
             f"    matched  {one_line(entry.matched_name)}" + (f" ({entry.relation})" if entry.relation else ""),
             f"    cites    {one_line(citation_ref(entry.citation))}",
             f"    means    {one_line(finding.consequence)}"]
    lines += [_line(ev.score, ev.feature, ev.detail) for ev in finding.evidence]
    rest = round(finding.score - sum(ev.score for ev in finding.evidence), 1)
    if abs(rest) >= _ROUNDING:
        lines.append(_line(rest, "score_rule", _rest_reason(finding, threshold)))
    elif rest:
        lines.append(_line(rest, "rounding", "the lines above are rounded to one decimal"))
    lines.append(f"    {'=':>1}{finding.score:5.1f}  score")
    return lines


def _line(score: float, feature: str, detail: str) -> str:
    return f"    {score:+6.1f}  {feature:<20} {one_line(detail)}"


def _rest_reason(finding: Finding, threshold: float) -> str:
    """Which scoring rule makes up the difference between the evidence lines and the score."""
    features = {ev.feature for ev in finding.evidence}
    if finding.score == threshold and "country_mismatch" in features:
        return f"a conflicting country lowers a score at most to the threshold ({threshold:g})"
    if finding.score == 100:
        return "every weighted word is the same on both sides: the score is 100"
    if "contains_listed_name" in features:
        return ("a branch or affiliate is scored on how much of the listed name it holds, less a little for the "
                "words it adds, not by adding the lines above (docs/matching.md)")
    return ("a fuzzy score is the geometric mean of the shares of each name that match, less the penalties above, "
            "not the sum of the lines (docs/matching.md)")
