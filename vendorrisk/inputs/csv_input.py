"""Delimited text input (.csv, .tsv, .txt): encoding, delimiter, quoting and line numbers.

The csv module is fed one physical line at a time through `_Lines`, which counts
lines itself, so a record's line number is right even when a quoted field holds
newlines. The parser runs in strict mode; when a record has broken quoting, its
first line is reported as skipped and the lines after it are parsed again, so a
stray quote costs one row instead of swallowing the rest of the file.
"""
from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from vendorrisk.errors import InputError
from vendorrisk.inputs.base import SupplierStream
from vendorrisk.inputs.encoding import open_text, resolve_encoding
from vendorrisk.inputs.rows import MAX_FIELD_CHARS, SHOWN_CHARS, RawRecord

DELIMITERS = ",\t;|"
# NOTE: Excel writes and honours a first line "sep=;" naming the delimiter.
_EXCEL_SEP_LINE = re.compile(r"sep=([^\r\n\"])\r?\n?\Z", re.IGNORECASE)
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
# NOTE: rows with a field over MAX_FIELD_CHARS are skipped by RowBuilder; the csv
# limit sits far above it so that such rows still parse and get a precise reason,
# and stays bounded so a runaway quote cannot pull a whole file into one field.
CSV_FIELD_LIMIT = 100 * MAX_FIELD_CHARS
if csv.field_size_limit() < CSV_FIELD_LIMIT:
    csv.field_size_limit(CSV_FIELD_LIMIT)


class _Lines:
    """Physical lines of a text stream, with push-back, remembering the current record's.

    A line longer than `CSV_FIELD_LIMIT` is never held whole: it is read past and
    stands in as an empty line, with `overlong` set to its first characters.
    """

    def __init__(self, text: TextIO) -> None:
        self._text = text
        self._back: deque[str] = deque()
        self.taken: list[str] = []
        self.count = 0
        self.overlong: str | None = None
        self._overlong_at: dict[int, str] = {}

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._back:
            line = self._back.popleft()
        else:
            line = self._text.readline(CSV_FIELD_LIMIT)
            if not line:
                raise StopIteration
            if len(line) == CSV_FIELD_LIMIT and not line.endswith(("\n", "\r")):
                line = self._skip_overlong(line)
        self.count += 1
        if self.count in self._overlong_at:  # NOTE: kept across push_back, so the line is still reported
            self.overlong = self._overlong_at[self.count]
        self.taken.append(line)
        return line

    def _skip_overlong(self, head: str) -> str:
        self._overlong_at[self.count + 1] = head[:SHOWN_CHARS]
        while True:
            rest = self._text.readline(CSV_FIELD_LIMIT)
            if not rest or rest.endswith(("\n", "\r")):
                return "\n"

    def start_record(self) -> int:
        """Forget the previous record's lines; return the line the next record starts on."""
        self.taken = []
        self.overlong = None
        return self.count + 1

    def push_back(self, lines: list[str]) -> None:
        """Make `lines` the next ones read again."""
        self._back.extendleft(reversed(lines))
        self.count -= len(lines)


def parse_delimiter(value: str) -> str:
    """A ``--delimiter`` value as one character; accepts "tab" and "\\t" for a tab.

    Raises:
        InputError: the value is not a single character.
    """
    delimiter = _DELIMITER_NAMES.get(value.lower(), value)
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise InputError(f"--delimiter must be one character such as , ; | or tab, not {value!r}")
    return delimiter


def sniff_delimiter(header: str, preferred: str = ",") -> str:
    """The most frequent of `DELIMITERS` outside quotes in `header`; `preferred` on a tie."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts.values())
    if best == 0 or counts[preferred] == best:
        return preferred
    return next(d for d in DELIMITERS if counts[d] == best)


def quote_error_column(line: str, delimiter: str) -> int | None:
    """1-based column of the first quoting fault in `line`, as the strict csv parser sees it.

    That is the character after a closing quote that is neither a quote, the
    delimiter nor the line end, or else the opening quote of a field left open.
    """
    opened, at_start, i = None, True, 0
    while i < len(line):
        char = line[i]
        if opened is None:
            if char == '"' and at_start:
                opened = i
            at_start = char == delimiter
        elif char == '"':
            following = line[i + 1:i + 2]
            if following == '"':
                i += 1
            elif following in ("", delimiter, "\r", "\n"):
                opened, at_start = None, False
            else:
                return i + 2
        i += 1
    return None if opened is None else opened + 1


def _csv_problem(error: csv.Error, lines: int) -> str:
    text = str(error)
    if "unexpected end of data" in text:
        problem = "unterminated quoted field (a stray quote?)"
    elif "field larger than field limit" in text:
        problem = f"a field longer than {CSV_FIELD_LIMIT:,} characters (a stray quote?)"
    else:
        problem = f"broken quoting: {text}"
    if lines > 1:
        problem += f"; the {lines - 1:,} line(s) after it were read again as rows"
    return problem


class CsvStream(SupplierStream):
    """A delimited text file. See `read_suppliers` for the arguments."""

    def __init__(self, path: str | Path, *, name_column: str | None = None,
                 country_column: str | None = None, encoding: str | None = None,
                 delimiter: str | None = None, header_row: int | None = None) -> None:
        self._requested_encoding = encoding
        self.delimiter = parse_delimiter(delimiter) if delimiter else None
        super().__init__(path, name_column=name_column, country_column=country_column, header_row=header_row)

    def _records(self) -> Iterator[RawRecord]:
        try:
            raw = open(self.path, "rb")
        except OSError as exc:
            raise InputError(f"cannot open the file: {exc.strerror}", path=self.path) from exc
        with raw:
            self.encoding = resolve_encoding(self._requested_encoding, raw, path=self.path)
            lines = _Lines(open_text(raw, self.encoding))
            self.delimiter = self._sniff(lines)
            yield from self._parse(lines)

    def _sniff(self, lines: _Lines) -> str:
        """The delimiter: given, from Excel's ``sep=`` line (consumed), or sniffed from the header line.

        The header line is the first that is not blank (an over-long line counts: it
        is reported, not skipped), or line `header_row` when that is set.
        """
        seen = []
        for line in lines:
            seen.append(line)
            if self.header_row is not None and lines.count < self.header_row:
                continue
            if line.strip() or lines.overlong is not None:
                break
        first = seen[-1] if seen else ""
        excel_hint = _EXCEL_SEP_LINE.match(first)
        lines.push_back(seen[:-1] if excel_hint else seen)
        if self.delimiter:
            return self.delimiter
        if excel_hint:
            return excel_hint.group(1)
        return sniff_delimiter(first, "\t" if self.path.lower().endswith(".tsv") else ",")

    def _parse(self, lines: _Lines) -> Iterator[RawRecord]:
        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        while True:
            start = lines.start_record()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                taken = lines.taken
                if not taken:
                    return
                lines.push_back(taken[1:])
                reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
                column = quote_error_column(taken[0], self.delimiter)
                yield RawRecord(start, problem=_csv_problem(exc, len(taken)),
                                raw=taken[0].rstrip("\r\n"), column=column)
                continue
            if lines.overlong is not None:
                yield RawRecord(start, problem=f"a line longer than {CSV_FIELD_LIMIT:,} characters "
                                "(is this a text file?)", raw=lines.overlong)
            else:
                yield RawRecord(start, tuple(cells))
