"""The CSV report: one row per finding, for spreadsheets and bulk review.

The report's warnings (stale or undated lists, preview rules in force) follow as rows
whose verdict is ``warning``, so a sheet passed on without its stderr still says them.

Every cell, whether it came from the supplier file or from an official list, goes
through `neutralise_cell`: control, format and bidi characters become `?`
(`one_line`), and a cell that starts with `=`, `+`, `-`, `@` (or their full-width
forms `＝` `＋` `－` `＠`, which spreadsheets may read as the ASCII ones), tab or
carriage return gets a leading `'` so that Excel, LibreOffice and Google Sheets show
it as text (OWASP "CSV Injection").

`decision` is the finding's reviewed decision as status and outcome (``open``,
``decided false-positive``, ``reopened accepted-risk``, ...) and `decision_note` says
who decided, when and why, or what re-opened it (`decision_note`).
"""
from __future__ import annotations

import csv
import io

from vendorrisk.formats.base import Formatter, citation_ref, format_score, one_line
from vendorrisk.formats.decision_note import decision_note, decision_state
from vendorrisk.model import SkippedRow
from vendorrisk.report import Finding, FindingEntry, Report, SupplierResult

COLUMNS = (
    "line", "supplier", "verdict", "party_id", "party", "rule", "severity", "kind", "score", "list_source",
    "entry_id", "entry_name", "matched_name", "compared_as", "list_name", "programs", "listed_on",
    "citation_reference", "citation_url", "snapshot_sha256", "decision", "decision_note", "explanation",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_cell(value: object) -> str:
    """The CSV text function: a cell on one line, without control or format characters,
    that no spreadsheet will evaluate as a formula."""
    text = "" if value is None else str(value)
    risky = text.startswith(FORMULA_STARTS)
    text = one_line(text)
    return "'" + text if risky or text.startswith(FORMULA_STARTS) else text


class CsvFormatter(Formatter):
    """One row per finding; with `include_clean`, also clean suppliers and skipped rows."""

    NAME = "csv"
    MEDIA_TYPE = "text/csv"
    EXTENSION = "csv"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for supplier in report.suppliers:
            if supplier.findings:
                rows = [listing_row(supplier, f, e) for f in supplier.findings for e in f.listings or (f.entry,)]
            else:
                rows = [_supplier_row(supplier)] if include_clean else []
            writer.writerows([neutralise_cell(c) for c in row] for row in rows)
        if include_clean:
            writer.writerows([neutralise_cell(c) for c in _skipped_row(s)] for s in report.skipped)
        writer.writerows([neutralise_cell(c) for c in _warning_row(w)] for w in report.warnings)
        return buffer.getvalue()


def listing_row(supplier: SupplierResult, f: Finding, e: FindingEntry) -> list[object]:
    """The `COLUMNS` of one listing of a party (one row per listing) of each party: its own rules, severity, match and citation."""
    score = f.score if e.score is None else e.score
    return [
        supplier.line, supplier.name, supplier.verdict, f.party.id, f.party.name, "; ".join(e.rules) or f.rule,
        e.severity or f.severity, e.kind or f.kind, format_score(score), e.source, e.id, e.name, e.matched_name,
        e.compared_as, e.list_name, "; ".join(e.programs), e.listed_on.isoformat() if e.listed_on else "",
        citation_ref(e.citation), e.citation.url, e.snapshot.sha256 if e.snapshot else "", decision_state(f),
        decision_note(f) or "", f.explanation,
    ]


def _supplier_row(supplier: SupplierResult) -> list[object]:
    return [supplier.line, supplier.name, supplier.verdict] + [""] * (len(COLUMNS) - 3)


def _warning_row(warning: str) -> list[object]:
    return ["", "", "warning"] + [""] * (len(COLUMNS) - 4) + [warning]


def _skipped_row(row: SkippedRow) -> list[object]:
    name = row.fields.get("name", "")
    return [row.line, name, "skipped"] + [""] * (len(COLUMNS) - 4) + [f"skipped: {row.reason}"]
