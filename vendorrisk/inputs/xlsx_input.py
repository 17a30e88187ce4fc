"""Excel .xlsx input through the optional `openpyxl` dependency, read in streaming mode.

The first worksheet is read; a row's line number is its sheet row number. Cells
become text the way a user would read them: whole numbers without ".0", dates
in ISO form, empty cells as "". Formulas give their last saved value.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from vendorrisk.errors import InputError
from vendorrisk.inputs.base import SupplierStream
from vendorrisk.inputs.rows import RawRecord

INSTALL_HINT = "pip install 'vendorrisk[xlsx]'"


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


class XlsxStream(SupplierStream):
    """The first worksheet of an .xlsx workbook. See `read_suppliers` for the arguments."""

    def _records(self) -> Iterator[RawRecord]:
        openpyxl = _load_openpyxl(self.path)
        with open(self.path, "rb") as file:
            # NOTE: a file object, not the path: openpyxl refuses paths whose suffix
            # is not .xlsx, and an ERP export named .csv may well be a workbook.
            book = self._workbook(openpyxl, file)
            try:
                yield from self._rows(book)
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

    def _rows(self, book) -> Iterator[RawRecord]:
        number = 0
        try:
            for number, values in enumerate(book.worksheets[0].iter_rows(min_row=1, values_only=True),
                                            start=1):
                yield RawRecord(number, tuple(cell_text(v) for v in values))
        except Exception as exc:  # a damaged sheet part fails while streaming
            raise InputError(f"cannot read the worksheet after row {number}: {exc}",
                             path=self.path, line=number + 1) from exc
