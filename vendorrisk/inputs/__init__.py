"""Supplier input files: `read_suppliers` and the registry of readers by file suffix.

Manifest readers (YAML / JSON) register here too, as more entries of `READERS`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vendorrisk.errors import InputError
from vendorrisk.inputs.base import Row, SupplierStream
from vendorrisk.inputs.csv_input import CsvStream
from vendorrisk.inputs.manifest import ManifestStream
from vendorrisk.inputs.xlsx_input import XlsxStream

Reader = Callable[..., SupplierStream]

READERS: dict[str, Reader] = {
    ".csv": CsvStream,
    ".tsv": CsvStream,
    ".txt": CsvStream,
    ".xlsx": XlsxStream,
    ".xlsm": XlsxStream,
    ".yaml": ManifestStream,
    ".yml": ManifestStream,
    ".json": ManifestStream,
    ".toml": ManifestStream,
}
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _reader_for(path: Path) -> Reader:
    try:
        with open(path, "rb") as file:
            magic = file.read(4)
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", path=str(path)) from exc
    if magic == _OLE_MAGIC:
        raise InputError("legacy Excel .xls files are not supported; save the sheet as .xlsx or CSV",
                         path=str(path))
    reader = READERS.get(path.suffix.lower(), CsvStream)
    if magic == _ZIP_MAGIC and reader is CsvStream:
        return XlsxStream
    return reader


def read_suppliers(path: str | Path, name_column: str | None = None,
                   country_column: str | None = None, encoding: str | None = None,
                   delimiter: str | None = None, *, sheet: str | None = None,
                   header_row: int | None = None) -> SupplierStream:
    """Open a supplier file and return its rows as a stream.

    The header is read at once (so a file without a name column fails here);
    rows are read as the stream is iterated, never all at once.

    Args:
        path: a .csv / .tsv / .txt (any delimiter) or .xlsx file, or a manifest.
        name_column / country_column: header to use instead of detection.
        encoding: text encoding instead of detection (text files only).
        delimiter: one character, or "tab", instead of sniffing (text files only).
        sheet: the worksheet to read instead of the first visible one (workbooks only).
        header_row: the 1-based line or sheet row of the header, when rows come before it
            (a report title in an ERP export); CSV and workbooks only.

    Returns:
        An iterable of `SupplierRow` and `SkippedRow` in file order, with
        `columns`, `name_column`, `country_column`, `encoding` and `warnings` attributes.

    Raises:
        InputError: the file cannot be opened, has no header or no name column, or an
            option does not apply to this kind of file.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory, not a supplier file", path=str(path))
    reader = _reader_for(path)
    options = {"name_column": name_column, "country_column": country_column}
    if reader is CsvStream:
        options.update(encoding=encoding, delimiter=delimiter, header_row=header_row)
    elif reader is XlsxStream:
        options.update(sheet=sheet, header_row=header_row)
    elif header_row is not None:
        raise InputError("--header-row applies to CSV files and workbooks, not to manifests", path=str(path))
    if sheet is not None and reader is not XlsxStream:
        raise InputError("--sheet applies to .xlsx workbooks only", path=str(path))
    return reader(path, **options)


__all__ = ["READERS", "Row", "SupplierStream", "read_suppliers"]
