"""The annotated copy as an Excel workbook (`annotated-xlsx`; needs the `xlsx` extra, openpyxl).

Sheet ``screened``: the rows of `annotated.annotated_rows` under a frozen header with a
filter, the verdict cell coloured by verdict. Sheet ``findings``: one row per listing of
every finding, with its decision (the csv format's `decision` and
`decision_note`) and evidence. Sheet ``warnings``, when the report has any.

Every cell is written as a string cell, so no value is ever evaluated as a formula and
original cells keep their exact text (a spend of ``48200`` stays the text ``48200``).
The one change: characters that the XLSX format cannot hold (C0 controls other than tab,
line feed and carriage return) become `?`.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable

from vendorrisk.errors import ConfigError
from vendorrisk.formats.annotated import ANNOTATION_COLUMNS, annotated_rows, input_columns
from vendorrisk.formats.base import BinaryFormatter, format_score
from vendorrisk.formats.csv_format import COLUMNS, listing_row
from vendorrisk.report import Finding, Report

FINDING_COLUMNS = (*COLUMNS, "evidence")
VERDICT_COLOURS = {  # fill colours as Excel's own conditional-format presets
    "clear": "C6EFCE", "review": "FFEB9C", "restricted": "F8CBAD", "prohibited": "FFC7CE", "skipped": "D9D9D9",
}


class AnnotatedXlsxFormatter(BinaryFormatter):
    """The input's rows and columns as given, with the verdict columns, as an .xlsx workbook."""

    NAME = "annotated-xlsx"
    MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    EXTENSION = "xlsx"

    def render_bytes(self, report: Report) -> bytes:
        """See `BinaryFormatter.render_bytes`.

        Raises:
            ConfigError: openpyxl (the `xlsx` extra) is not installed.
        """
        try:
            from openpyxl import Workbook
        except ImportError as exc:
            raise ConfigError("--format annotated-xlsx needs openpyxl: pip install 'vendorrisk[xlsx]'") from exc
        book = Workbook()
        book.properties.creator = "vendorrisk"
        book.properties.created = book.properties.modified = report.generated_at.replace(tzinfo=None)
        _screened_sheet(book.active, report)
        _table(book.create_sheet("findings"), FINDING_COLUMNS,
               (row for s in report.suppliers for f in s.findings for row in _finding_rows(s, f)))
        if report.warnings:
            _table(book.create_sheet("warnings"), ("warning",), ((w,) for w in report.warnings))
        buffer = io.BytesIO()
        book.save(buffer)
        return _stable(buffer.getvalue(), report.generated_at)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _stable(workbook: bytes, generated_at: dt.datetime) -> bytes:
    """The workbook with the report's time as its zip entries' and its "modified" date.

    openpyxl stamps both with the time of writing; a report must be the same bytes
    for the same inputs (with `SOURCE_DATE_EPOCH` fixed).
    """
    stamp = generated_at.astimezone(dt.timezone.utc)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=when), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _screened_sheet(sheet, report: Report) -> None:
    from openpyxl.styles import PatternFill

    sheet.title = "screened"
    columns = input_columns(report)
    rows = annotated_rows(report)
    _table(sheet, (*columns, *ANNOTATION_COLUMNS),
           ((*(r.fields.get(c, "") for c in columns), *r.annotation) for r in rows))
    verdict_column = len(columns) + 1
    for number, row in enumerate(rows, start=2):
        colour = VERDICT_COLOURS.get(row.verdict)
        if colour:
            sheet.cell(number, verdict_column).fill = PatternFill("solid", start_color=colour, end_color=colour)


def _table(sheet, header: tuple[str, ...], rows: Iterable[Iterable[object]]) -> None:
    """Write a header and rows of string cells, freeze the header and put a filter on it."""
    from openpyxl.styles import Font

    for number, values in enumerate((header, *rows), start=1):
        for column, value in enumerate(values, start=1):
            _text_cell(sheet.cell(number, column), value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _text_cell(cell, value: object) -> None:
    """Set `cell` to `value` as a string cell, never a formula, whatever the text starts with."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("?", "" if value is None else str(value))
    cell.data_type = "s"  # NOTE: openpyxl types a string starting with "=" as a formula; undo that.


def _finding_rows(supplier, finding: Finding) -> Iterable[list[object]]:
    evidence = "; ".join(f"{e.feature} {format_score(e.score)}: {e.detail}" for e in finding.evidence)
    for entry in finding.listings or (finding.entry,):
        yield [*listing_row(supplier, finding, entry), evidence]
