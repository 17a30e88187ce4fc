"""Excel .xlsx input through the optional `openpyxl` dependency, read in streaming mode.

Which sheet: the one named with `sheet` (``--sheet``), else the first *visible*
worksheet (a hidden first sheet is not what a user sees when opening the file).
When another sheet holds data too, the stream warns that it was not read. A row's
line number is its sheet row number; `header_row` (``--header-row``) names the
header's row when a title comes first. Cells become text the way a user would read
them: whole numbers without ".0", dates in ISO form, empty cells as "". Formulas
give their last saved value.

A workbook is a zip of XML parts, and a small file can unpack to gigabytes. Before
openpyxl reads anything, every part's declared size is checked against explicit
budgets (`MAX_PART_BYTES`, `MAX_SHARED_STRINGS_BYTES`, `MAX_INFLATE_RATIO`);
Python's zipfile never inflates a part past its declared size. While reading,
`MAX_SHEET_ROWS` and `MAX_SHEET_CELLS` bound the work. Going over a budget is one
`InputError` that names it.
"""
from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from vendorrisk.errors import InputError
from vendorrisk.inputs.base import SupplierStream
from vendorrisk.inputs.rows import RawRecord

INSTALL_HINT = "pip install 'vendorrisk[xlsx]'"
# Budgets. Real exports stay far below them: a 1,048,576-row sheet (Excel's most) of
# ten short columns is about 150 MiB of XML, and compresses about 10:1.
MAX_PART_BYTES = 512 << 20  # any one part, unpacked
MAX_SHARED_STRINGS_BYTES = 128 << 20  # the shared-strings part, which openpyxl holds whole in memory
MAX_INFLATE_RATIO = 100  # unpacked / packed size of a part over RATIO_FROM_BYTES (as Apache POI)
RATIO_FROM_BYTES = 1 << 20
MAX_SHEET_ROWS = 1_048_576  # Excel's own limit
MAX_SHEET_CELLS = 50_000_000  # cells read from the sheet, empty ones included


def cell_text(value: Any) -> str:
    """One cell value as the text a user sees in the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _load_openpyxl(path: str):
    try:
        import openpyxl
    except ImportError as exc:
        raise InputError(f"reading .xlsx files needs openpyxl; install it with: {INSTALL_HINT} "
                         "(or save the sheet as CSV)", path=path) from exc
    return openpyxl


def _over_budget(what: str, path: str) -> InputError:
    return InputError(f"over a workbook budget: {what}; vendorrisk refuses such a file "
                      "(export the sheet as CSV if it is real)", path=path)


def check_parts(file: IO[bytes], path: str) -> None:
    """Refuse a workbook whose parts would unpack past a budget, before any of them is read.

    Raises:
        InputError: the file is not a zip, or a part is over a budget.
    """
    try:
        parts = zipfile.ZipFile(file).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"cannot read the workbook: {exc}", path=path) from exc
    finally:
        file.seek(0)
    for part in parts:
        limit = MAX_SHARED_STRINGS_BYTES if part.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
        if part.file_size > limit:
            raise _over_budget(f"part {part.filename} unpacks to {part.file_size:,} bytes, over the "
                               f"{limit >> 20} MiB limit", path)
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_INFLATE_RATIO * max(part.compress_size, 1):
            raise _over_budget(f"part {part.filename} unpacks {part.file_size // max(part.compress_size, 1):,} "
                               f"times its packed size, over the {MAX_INFLATE_RATIO}:1 limit (a zip bomb?)", path)


def _has_data(sheet) -> bool:
    """Whether a worksheet holds any value (stops at the first)."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if any(v is not None and cell_text(v).strip() for v in values):
            return True
        if number >= MAX_SHEET_ROWS:
            return False
    return False


class XlsxStream(SupplierStream):
    """One worksheet of an .xlsx workbook. See `read_suppliers` for the arguments."""

    def __init__(self, path: str | Path, *, name_column: str | None = None, country_column: str | None = None,
                 sheet: str | None = None, header_row: int | None = None) -> None:
        self.sheet_name = sheet
        super().__init__(path, name_column=name_column, country_column=country_column, header_row=header_row)

    def _records(self) -> Iterator[RawRecord]:
        openpyxl = _load_openpyxl(self.path)
        with open(self.path, "rb") as file:
            # NOTE: a file object, not the path: openpyxl refuses paths whose suffix
            # is not .xlsx, and an ERP export named .csv may well be a workbook.
            check_parts(file, self.path)
            book = self._workbook(openpyxl, file)
            try:
                sheet = self._sheet(book)
                yield from self._rows(sheet)
            finally:
                book.close()

    def _workbook(self, openpyxl, file):
        try:
            book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for one damaged zip
            raise InputError(f"cannot read the workbook: {exc}", path=self.path) from exc
        if not book.worksheets:
            raise InputError("the workbook has no worksheet", path=self.path)
        return book

    def _sheet(self, book):
        """The sheet to read (see the module docstring); sets `warnings` about the others."""
        sheets = book.worksheets
        if self.sheet_name is not None:
            chosen = next((s for s in sheets if s.title == self.sheet_name), None)
            if chosen is None:
                names = ", ".join(repr(s.title) for s in sheets)
                raise InputError(f"--sheet {self.sheet_name!r} is not a worksheet; the sheets are {names}",
                                 path=self.path)
        else:
            chosen = next((s for s in sheets if s.sheet_state == "visible"), sheets[0])
        self.sheet_name = chosen.title
        try:
            others = [s for s in sheets if s is not chosen and _has_data(s)]
        except Exception as exc:  # a damaged part of another sheet
            raise InputError(f"cannot read the workbook: {exc}", path=self.path) from exc
        if others:
            names = ", ".join(repr(s.title) + ("" if s.sheet_state == "visible" else f" ({s.sheet_state})")
                              for s in others)
            self.warnings = (f"read sheet {chosen.title!r} only; sheet(s) {names} also hold data "
                             "and were not screened (choose one with --sheet)",)
        return chosen

    def _rows(self, sheet) -> Iterator[RawRecord]:
        number = cells = 0
        sheet.reset_dimensions()  # NOTE: a declared size (`<dimension>`) is not trusted: rows are as long as they are
        try:
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                cells += len(values)
                if number > MAX_SHEET_ROWS or cells > MAX_SHEET_CELLS:
                    raise _over_budget(f"more than {MAX_SHEET_ROWS:,} rows or {MAX_SHEET_CELLS:,} cells in sheet "
                                       f"{sheet.title!r}", self.path)
                yield RawRecord(number, tuple(cell_text(v) for v in values))
        except InputError:
            raise
        except Exception as exc:  # a damaged sheet part fails while streaming
            raise InputError(f"cannot read the worksheet after row {number}: {exc}",
                             path=self.path, line=number + 1) from exc
