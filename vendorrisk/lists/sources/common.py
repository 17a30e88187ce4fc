"""Helpers every list parser shares: finding the file, refusing wrong formats, dates, names.

Parsers must fail loudly rather than return a partial list, so the checks that
apply to every format (missing file, empty body, an HTML error page saved under a
list's name, undecodable bytes) live here, and each raises `SourceError` naming
the file.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from vendorrisk.errors import SourceError

_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)


def locate(path: Path, names: Sequence[str]) -> Path:
    """The file to parse: `path` itself, or the first of `names` inside the folder `path`.

    Names are matched case-insensitively (OFAC serves ``SDN.CSV`` and ``sdn.csv``).
    A folder holding exactly one file is accepted whatever that file is called.

    Raises:
        SourceError: `path` does not exist, or the folder holds none of `names`.
    """
    path = Path(path)
    if path.is_file():
        return path
    if not path.is_dir():
        raise SourceError(f"{path}: no such file or folder")
    found = find_sibling(path, names)
    if found is not None:
        return found
    files = [p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")]
    if len(files) == 1:
        return files[0]
    raise SourceError(f"{path}: folder holds none of {', '.join(names)}")


def find_sibling(folder: Path, names: Sequence[str]) -> Path | None:
    """The first file in `folder` whose name equals one of `names`, ignoring case."""
    by_lower = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for name in names:
        if name.lower() in by_lower:
            return by_lower[name.lower()]
    return None


def read_bytes(path: Path) -> bytes:
    """The raw bytes of an official list file, refusing empty files and HTML pages.

    Raises:
        SourceError: the file is unreadable, empty, or an HTML page.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip(b" \t\r\n\x1a\x00"):
        raise SourceError(f"{path}: file is empty")
    if is_html(data):
        raise SourceError(f"{path}: is an HTML page, not a list file (an error or login page?)")
    return data


def is_html(data: bytes) -> bool:
    """Whether `data` starts like an HTML document."""
    return bool(_HTML_START.match(data[:512].lstrip(b"\xef\xbb\xbf")))


def first_char(data: bytes) -> str:
    """The first non-blank character of `data` (after any BOM), to sniff the format."""
    head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n")
    return chr(head[0]) if head else ""


def decode(data: bytes, path: Path, encodings: Sequence[str] = ("utf-8-sig",)) -> str:
    """Decode `data` with the first of `encodings` that works.

    Raises:
        SourceError: none of the encodings fits; names the byte offset.
    """
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    raise SourceError(f"{path}: not valid {'/'.join(encodings)} text (byte {error.start}): wrong file?")


def iso_date(text: str | None) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` (a time part is ignored); None when blank or invalid."""
    text = (text or "").strip()
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def dmy_date(text: str | None) -> dt.date | None:
    """A date from ``dd/mm/yyyy``; None when blank or partial (``00/00/1980``)."""
    return _slashed(text, day_first=True)


def mdy_date(text: str | None) -> dt.date | None:
    """A date from ``MM/DD/YYYY``; None when blank or invalid."""
    return _slashed(text, day_first=False)


def _slashed(text: str | None, *, day_first: bool) -> dt.date | None:
    parts = (text or "").strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    first, second, year = (int(p) for p in parts)
    day, month = (first, second) if day_first else (second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def split_multi(text: str | None, sep: str = ";") -> list[str]:
    """Split a multi-valued field and strip each part, dropping empty parts."""
    return [part.strip() for part in (text or "").split(sep) if part.strip()]


def unique(values: Iterable[str | None], *, exclude: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Non-empty stripped values in first-seen order, without duplicates or `exclude`."""
    out: dict[str, None] = {}
    for value in values:
        if value and (value := value.strip()):
            out[value] = None
    for value in exclude:
        if value:
            out.pop(value.strip(), None)
    return tuple(out)


def drop_contained(values: tuple[str, ...]) -> tuple[str, ...]:
    """`values` without those contained in another value (a bare "Russia" beside a full address)."""
    return tuple(v for v in values if not any(v != other and v in other for other in values))


def natural_order(name: str) -> str:
    """``First LAST`` from OFAC's ``LAST, First``; other names unchanged."""
    last, sep, first = name.partition(", ")
    return f"{first} {last}".strip() if sep and "," not in first else name


def read_csv_table(text: str, file: Path, *, titled: Callable[[list[str]], bool] = lambda row: False,
                   delimiter: str = ",", check_header: Callable[[list[str]], None] = lambda header: None,
                   ) -> tuple[list[str] | None, list[str], list[dict[str, str]]]:
    """(title row or None, header, records) of a CSV whose first row may be a title.

    `titled` says whether the first row is a title line (e.g. ``Last Updated,13/04/2018``)
    rather than the header; `check_header` may refuse the header before any row is read.
    Blank rows are skipped.

    Raises:
        SourceError: a row with another number of fields than the header, or bad quoting;
            names the file and line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[dict[str, str]] = []
    try:
        first = next(reader, [])
        title = first if titled(first) else None
        header = [h.strip() for h in (next(reader, []) if title is not None else first)]
        check_header(header)
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise SourceError(f"{file}:{reader.line_num}: expected {len(header)} fields, found {len(fields)}"
                                  " (truncated or malformed row)")
            records.append(dict(zip(header, fields)))
    except csv.Error as exc:
        raise SourceError(f"{file}:{reader.line_num}: malformed CSV ({exc}); truncated download?") from exc
    return title, header, records
