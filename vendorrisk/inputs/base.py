"""The plug point for supplier input files: a streaming, re-iterable sequence of rows.

A reader subclasses `SupplierStream` and implements `_records`, a generator of
`RawRecord` values in file order. The base class reads the header eagerly (so a
missing name column fails before any screening), chooses the name and country
columns, and turns every later record into a `SupplierRow` or a `SkippedRow`.
Nothing is held in memory beyond the current record.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vendorrisk.errors import InputError
from vendorrisk.inputs.columns import choose_columns, identifier_columns, other_name_columns, unique_columns
from vendorrisk.inputs.rows import RawRecord, RowBuilder
from vendorrisk.model import SkippedRow, SupplierRow

Row = SupplierRow | SkippedRow


class SupplierStream:
    """The rows of one supplier file, read lazily in file order.

    Attributes:
        path: the file, as given.
        columns: the header, made distinct (see `unique_columns`).
        header_line: the line (or sheet row) the header was found on.
        name_column / country_column: the columns chosen (country may be None).
        other_name_columns: columns with further names of the supplier (trading, former,
            local-script), screened too.
        encoding: the text encoding used, or None for spreadsheets.
        blank_rows: rows with no value at all seen so far; they are not yielded.
        header_row: the row the header must be on (rows before it are not read), or None.
        warnings: what the reader warns about once the header is read (e.g. other sheets
            holding data); the report repeats them.
    """

    encoding: str | None = None

    def __init__(self, path: str | Path, *, name_column: str | None = None,
                 country_column: str | None = None, header_row: int | None = None,
                 other_names: tuple[str, ...] = ()) -> None:
        self.path = str(path)
        self.blank_rows = 0
        if header_row is not None and header_row < 1:
            raise InputError(f"--header-row must be 1 or more, not {header_row}", path=self.path)
        self.header_row = header_row
        self.warnings: tuple[str, ...] = getattr(self, "warnings", ())
        self._pending: Iterator[RawRecord] | None = self._records()
        try:
            header = self._header(self._pending)
            self.header_line = header.line
            self.columns = unique_columns(header.cells)
            self.name_column, self.country_column = choose_columns(
                self.columns, name_column, country_column, path=self.path, line=header.line)
            self.other_name_columns = other_name_columns(self.columns, (self.name_column, self.country_column),
                                                         other_names)
        except InputError:
            self.close()
            raise
        chosen = (self.name_column, self.country_column, *self.other_name_columns)
        self._builder = RowBuilder(self.path, self.columns, self.name_column,
                                   self.country_column, self.encoding, tuple(header.cells), self.other_name_columns,
                                   identifier_columns(self.columns, chosen))

    @property
    def warnings(self) -> tuple[str, ...]:  # type: ignore[override]
        """What reading warned about: the reader's own warnings, then each identifier that failed its
        check (once per value), as far as the file has been read."""
        builder = getattr(self, "_builder", None)
        return (*getattr(self, "_read_warnings", ()), *(builder.identifier_warnings() if builder else ()))

    @warnings.setter
    def warnings(self, value: tuple[str, ...]) -> None:
        self._read_warnings = value

    def _records(self) -> Iterator[RawRecord]:
        """Every record of the file, header included, in order. Implemented by readers."""
        raise NotImplementedError

    def _header(self, records: Iterator[RawRecord]) -> RawRecord:
        for record in records:
            if self.header_row is not None and record.line < self.header_row:
                continue
            if record.problem:
                raise InputError(f"cannot read the header row: {record.problem}",
                                 path=self.path, line=record.line, column=record.column)
            if "\x00" in "".join(record.cells):
                raise InputError("this does not look like a text or spreadsheet file (its first "
                                 "line holds NUL bytes); export the suppliers as CSV or .xlsx",
                                 path=self.path, line=record.line)
            if any(cell.strip() for cell in record.cells):
                return record
            if self.header_row is not None:
                raise InputError(f"--header-row {self.header_row}: that row is empty", path=self.path,
                                 line=record.line)
        if self.header_row is not None:
            raise InputError(f"--header-row {self.header_row}: the file has fewer rows", path=self.path)
        raise InputError("the file is empty: no header row", path=self.path)

    def __iter__(self) -> Iterator[Row]:
        records, self._pending = self._pending, None
        self.blank_rows = 0
        if records is None:
            records = self._records()
            self._header(records)
        try:
            for record in records:
                row = self._builder.build(record)
                if row is None:
                    self.blank_rows += 1
                else:
                    yield row
        finally:
            close = getattr(records, "close", None)
            if close:
                close()

    def close(self) -> None:
        """Release the open file, if iteration has not finished it."""
        if self._pending is not None and hasattr(self._pending, "close"):
            self._pending.close()
        self._pending = None

    def __enter__(self) -> SupplierStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
