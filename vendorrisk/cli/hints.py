"""The "what next" note `vendorrisk check` prints after its table, for a person at a terminal.

A new user who has just screened a file needs three things the table does not say:
how to read a finding, how to record a decision about it, and how to screen against
the official lists as well. The note is written only to a terminal, after the report,
and never into a report; `--no-hints`, ``VENDORRISK_HINTS=0`` or ``hints = false`` in
``[tool.vendorrisk]`` turn it off.
"""
from __future__ import annotations

import shlex
import textwrap

from vendorrisk.report import Finding, Report, SupplierResult


def what_next(report: Report, width: int = 88) -> str:
    """One paragraph for `report`'s reader: reading a finding, recording a decision, adding lists."""
    flagged = next((s for s in report.suppliers if s.findings), None)
    if flagged is None:
        sentences = ["What next: no supplier matched a listed party at or above the threshold."]
    else:
        finding = flagged.findings[0]
        sentences = [
            "What next: a finding is a reason to review a supplier, with the listed name that matched and the "
            f"official citation as evidence; `vendorrisk search {shlex.quote(flagged.name)} --explain` shows how a score "
            f"was reached and `vendorrisk rules explain {finding.rule}` what a rule means.",
            "Review the findings one by one with `vendorrisk review REPORT.json` (a `--format json` report), "
            f"or record one decision with `{_decide_command(flagged, finding)}`.",
        ]
    if all(lst.bundled for lst in report.lists):
        sentences.append("Add the official sanctions and export-control lists with `vendorrisk lists update` "
                         "(`lists import` offline).")
    sentences.append("`--no-hints` or `VENDORRISK_HINTS=0` hides this note.")
    return _fill(" ".join(sentences), width)


def _decide_command(supplier: SupplierResult, finding: Finding) -> str:
    """The `vendorrisk decide` command for one finding, shell-quoted; the country is repeated
    because `decide` screens the supplier again to find the party's listings."""
    words = ["vendorrisk", "decide", supplier.name, finding.party.id]
    if supplier.country:
        words += ["--country", supplier.country]
    return " ".join(shlex.quote(w) for w in words) + " --outcome OUTCOME --reason TEXT"


def _fill(text: str, width: int) -> str:
    """`text` wrapped to `width`, never inside a `command` (a copied command must be whole)."""
    parts = text.split("`")
    glued = "`".join(p.replace(" ", _KEEP) if i % 2 else p for i, p in enumerate(parts))
    wrapped = textwrap.fill(glued, width=width, break_on_hyphens=False, break_long_words=False)
    return wrapped.replace(_KEEP, " ")


_KEEP = "\x00"  # stands for a space that must not break a line
