"""Turning one parsed record into a `SupplierRow`, a `SkippedRow`, or nothing (a blank row).

This is where "can this row be screened?" is decided, the same way for every
input format: no name, a name or country with undecodable bytes, any field over
`MAX_FIELD_CHARS`, or a record the parser could not split all give a
`SkippedRow` with a reason. Only rows with no value at all are dropped (counted).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from vendorrisk.identifiers import normal_value, problem
from vendorrisk.model import Identifier, SkippedRow, SupplierRow, has_visible

MAX_FIELD_CHARS = 10_000
SHOWN_CHARS = 200
RAW_KEY = "(raw line)"
# Lone surrogates cannot come out of a strict decoder: the readers decode with an
# error handler that maps each undecodable byte b to U+DC00+b, so they mark them.
_UNDECODABLE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class RawRecord(NamedTuple):
    """One record as a reader split it, before any judgement about it (a tuple, for speed).

    Attributes:
        line: 1-based physical line (or sheet row) where the record starts.
        cells: the cell texts, in column order.
        problem: why the reader could not split this record, when it could not.
        raw: the raw text of the record's first line, for a skipped row.
        column: 1-based character column of the problem in `raw`, when known.
    """

    line: int
    cells: tuple[str, ...] = ()
    problem: str | None = None
    raw: str = ""
    column: int | None = None


def clean_name(value: str) -> str:
    """A cell as a screenable name: control characters as spaces, whitespace collapsed."""
    name = " ".join(value.split())
    if not name.isprintable():
        name = " ".join(_CONTROL.sub(" ", name).split())
    return name


def shown(value: str) -> str:
    """A value safe to echo in a report: bad bytes as U+FFFD, cut to `SHOWN_CHARS`."""
    value = _UNDECODABLE.sub("\ufffd", value)
    if len(value) > SHOWN_CHARS:
        return f"{value[:SHOWN_CHARS]}… [{len(value):,} characters]"
    return value


def _bad_bytes(value: str) -> str:
    found = dict.fromkeys(f"0x{ord(c) - 0xDC00:02X}" for c in _UNDECODABLE.findall(value))
    return " ".join(list(found)[:4])


def _is_suspect(joined: str) -> bool:
    """Whether a record may hold an undecodable byte or an over-long field (a cheap test)."""
    return len(joined) > MAX_FIELD_CHARS or _UNDECODABLE.search(joined) is not None


@dataclass(frozen=True)
class RowBuilder:
    """Builds rows for one file, knowing its columns and which hold name and country."""

    path: str
    columns: tuple[str, ...]
    name_column: str
    country_column: str | None
    encoding: str | None = None
    header: tuple[str, ...] = ()
    other_name_columns: tuple[str, ...] = ()
    identifier_columns: tuple[tuple[str, str], ...] = ()
    # Each identifier that failed its check: (column, value) -> (first line, why, rows).
    _invalid: dict[tuple[str, str], list] = field(default_factory=dict, compare=False, repr=False)

    def fields(self, cells: tuple[str, ...]) -> dict[str, str]:
        """Header -> value; missing cells as "", non-empty extra cells as ``(column N)``."""
        fields = dict(zip(self.columns, cells))
        if len(cells) == len(self.columns):
            return fields
        for column in self.columns[len(cells):]:
            fields[column] = ""
        for number, cell in enumerate(cells[len(self.columns):], start=len(self.columns) + 1):
            if cell:
                fields[f"(column {number})"] = cell
        return fields

    def build(self, record: RawRecord) -> SupplierRow | SkippedRow | None:
        """The row for `record`, or None when every cell of it is empty."""
        if record.problem:
            where = f"column {record.column}: " if record.column else ""
            return self._skip(record.line, where + record.problem, {RAW_KEY: shown(record.raw)})
        joined = "".join(record.cells)
        if not joined.strip():
            return None
        fields = self.fields(record.cells)
        if record.cells == self.header:
            return self._skip(record.line, "a repeated header row (files joined together?)", fields)
        reason = self._problem(fields) if _is_suspect(joined) else None
        if reason:
            return self._skip(record.line, reason, {k: shown(v) for k, v in fields.items()})
        name = clean_name(fields[self.name_column])
        if not has_visible(name):
            reason = f"empty name in column {self.name_column!r}" + (
                " (only invisible characters)" if name else "")
            return self._skip(record.line, reason, fields)
        country = clean_name(fields[self.country_column]) if self.country_column else ""
        if _UNDECODABLE.search(joined):
            fields = {k: _UNDECODABLE.sub("\ufffd", v) for k, v in fields.items()}
        others = ((column, clean_name(fields[column])) for column in self.other_name_columns)
        names = tuple((column, other) for column, other in others if other and other != name)
        return SupplierRow(name=name, country=country or None, line=record.line,
                           path=self.path, fields=fields, names=names,
                           identifiers=self._identifiers(fields, record.line))

    def _identifiers(self, fields: dict[str, str], line: int) -> tuple[Identifier, ...]:
        """The row's identifiers that pass their checks; one that fails is noted for a warning."""
        out = []
        for column, kind in self.identifier_columns:
            printed = clean_name(fields[column])
            if not printed:
                continue
            why = problem(kind, printed)
            if why is None:
                out.append(Identifier(kind=kind, value=normal_value(kind, printed), printed=printed))  # type: ignore[arg-type]
            else:
                self._invalid.setdefault((column, printed), [line, why, 0])[2] += 1
        return tuple(out)

    def identifier_warnings(self) -> tuple[str, ...]:
        """One warning per distinct identifier value that failed its check, in order of first sight."""
        return tuple(f"{self.path}: line {line}: column {column!r}: {value!r} is not used as evidence: {why}"
                     + (f" ({rows} rows)" if rows > 1 else "")
                     for (column, value), (line, why, rows) in self._invalid.items())

    def _problem(self, fields: dict[str, str]) -> str | None:
        for column, value in fields.items():
            if len(value) > MAX_FIELD_CHARS:
                return (f"column {column!r} has {len(value):,} characters, over the "
                        f"{MAX_FIELD_CHARS:,}-character limit (a stray quote can cause this)")
        for column in (self.name_column, self.country_column):
            if column and _UNDECODABLE.search(fields[column]):
                hint = f"read as {self.encoding}; " if self.encoding else ""
                return (f"undecodable bytes ({_bad_bytes(fields[column])}) in column {column!r} "
                        f"({hint}choose the file's encoding with --encoding)")
        return None

    def _skip(self, line: int, reason: str, fields: dict[str, str]) -> SkippedRow:
        return SkippedRow(line=line, reason=reason, path=self.path, fields=fields)
