"""`vendorrisk search --explain`: every finding with the word-by-word evidence behind its score."""
from __future__ import annotations

from vendorrisk.formats.base import citation_ref, one_line
from vendorrisk.report import Report


def render_explanation(report: Report) -> str:
    """A reviewer's view: for each finding, the rule, the entry, the citation and each feature."""
    out: list[str] = []
    for supplier in report.suppliers:
        out.append(f"{one_line(supplier.name)}: {supplier.verdict} ({len(supplier.findings)} findings)")
        for finding in supplier.findings:
            entry = finding.entry
            out.append(f"  {finding.rule} {finding.rule_name} [{finding.severity}] {finding.kind} "
                       f"score {finding.score:g}")
            out.append(f"    entry    {entry.id}: {one_line(entry.name)}")
            out.append(f"    matched  {one_line(entry.matched_name)}"
                       + (f" ({entry.relation})" if entry.relation else ""))
            out.append(f"    cites    {one_line(citation_ref(entry.citation))}")
            out.append(f"    means    {one_line(finding.consequence)}")
            for ev in finding.evidence:
                out.append(f"    {ev.score:+6.1f}  {ev.feature:<20} {one_line(ev.detail)}")
    if not report.suppliers or not any(s.findings for s in report.suppliers):
        out.append("no findings at or above the threshold")
    out += [f"warning: {one_line(w)}" for w in report.warnings]
    return "\n".join(out) + "\n"
