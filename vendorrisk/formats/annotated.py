"""The annotated copy of the user's own sheet: every input row and column as given, with
vendorrisk's answer appended (`annotated-csv`; `annotated_xlsx` writes the same rows as a workbook).

Rows keep the input's order, and a skipped row stays, with verdict ``skipped`` and the
reason, so the copy has exactly the rows of the input. The input's columns come first,
as the reader named them (the header with surrounding spaces trimmed, an empty header as
``(column N)``, a repeated one as ``name (2)``); cells past the header and records that
could not be read at all appear in extra columns the reader names ``(column N)`` and
``(raw line)``.

Original cells are kept exactly, except a cell that a spreadsheet opening the CSV would
evaluate as a formula (it starts with `=`, `+`, `-`, `@`, tab, carriage return or a
full-width `＝` `＋` `－` `＠`, and is not a plain number such as ``-120.50``): it gets a
leading `'`, as in the CSV report. The appended cells carry list text and go through
`neutralise_cell`. "Decision" is the reviewed decision of the row's findings
(`supplier_decision`).
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from vendorrisk.formats.base import Formatter, citation_ref, format_score, top_finding
from vendorrisk.formats.csv_format import FORMULA_STARTS, neutralise_cell
from vendorrisk.formats.decision_note import decision_state
from vendorrisk.model import SkippedRow
from vendorrisk.report import Report, SupplierResult

ANNOTATION_COLUMNS = (
    "vendorrisk_verdict", "vendorrisk_top_party", "vendorrisk_severity", "vendorrisk_rule", "vendorrisk_kind",
    "vendorrisk_score", "vendorrisk_list", "vendorrisk_citation", "vendorrisk_decision", "vendorrisk_findings",
    "vendorrisk_reason",
)
_PLAIN_NUMBER = re.compile(r"[+\-]?(\d[\d,]*)?(\.\d+)?")


@dataclass(frozen=True)
class AnnotatedRow:
    """One input row: its line, its own fields by column, and vendorrisk's cells (`ANNOTATION_COLUMNS`)."""

    line: int | None
    fields: dict[str, str]
    annotation: tuple[str, ...]

    @property
    def verdict(self) -> str:
        """The row's verdict, or ``skipped``."""
        return self.annotation[0]


def input_columns(report: Report) -> tuple[str, ...]:
    """The input's columns in file order: screened rows' fields first, then those only skipped rows have."""
    columns = dict.fromkeys(c for s in report.suppliers for c in s.input)
    columns.update(dict.fromkeys(c for s in report.skipped for c in s.fields))
    return tuple(columns)


def annotated_rows(report: Report) -> list[AnnotatedRow]:
    """Every input row, screened or skipped, in line order, with its annotation."""
    rows = [AnnotatedRow(s.line, s.input, _annotation(s)) for s in report.suppliers]
    rows += [AnnotatedRow(s.line, s.fields, _skipped(s)) for s in report.skipped]
    return sorted(rows, key=lambda r: (r.line is None, r.line or 0))  # stable: input order within a line


def is_formula_like(cell: str) -> bool:
    """Whether a spreadsheet reading `cell` as CSV text would evaluate it as a formula."""
    return cell.startswith(FORMULA_STARTS) and not (any(c.isdigit() for c in cell)
                                                     and _PLAIN_NUMBER.fullmatch(cell))


def original_cell(cell: str) -> str:
    """An original cell for the annotated CSV: unchanged unless it would be evaluated as a formula."""
    return "'" + cell if is_formula_like(cell) else cell


def _annotation(supplier: SupplierResult) -> tuple[str, ...]:
    top = top_finding(supplier)
    if top is None:
        return (supplier.verdict,) + ("",) * 7 + ("", "0", "")
    entry = top.entry
    return (supplier.verdict, top.party.name, top.severity, top.rule, top.kind, format_score(top.score),
            entry.list_name or entry.source, citation_ref(entry.citation),
            supplier_decision(supplier), str(len(supplier.findings)), top.explanation)


def supplier_decision(supplier: SupplierResult) -> str:
    """The decision state of a row's findings: the one they share (``open``, ``decided false-positive``),
    or each with its count in finding order (``1 open, 6 decided accepted-risk``)."""
    states = Counter(decision_state(f) for f in supplier.findings)
    if len(states) == 1:
        return next(iter(states))
    return ", ".join(f"{n} {state}" for state, n in states.items())


def _skipped(row: SkippedRow) -> tuple[str, ...]:
    return ("skipped",) + ("",) * 9 + (row.reason,)


class AnnotatedCsvFormatter(Formatter):
    """The input's rows and columns as given, with `ANNOTATION_COLUMNS` appended, as CSV."""

    NAME = "annotated-csv"
    MEDIA_TYPE = "text/csv"
    EXTENSION = "csv"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`; every row is written whatever `include_clean` says."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        columns = input_columns(report)
        writer.writerow([original_cell(c) for c in columns] + list(ANNOTATION_COLUMNS))
        writer.writerows(_csv_cells(row, columns) for row in annotated_rows(report))
        return buffer.getvalue()


def _csv_cells(row: AnnotatedRow, columns: tuple[str, ...]) -> Iterator[str]:
    yield from (original_cell(row.fields.get(c, "")) for c in columns)
    yield from (neutralise_cell(c) for c in row.annotation)
