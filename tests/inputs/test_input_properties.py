"""Property tests: any rows written by the csv module in any supported encoding and
delimiter read back with the same names and physical line numbers; any bytes after a
valid header are read without crashing."""
from __future__ import annotations

import csv
import io
import re
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from vendorrisk.errors import InputError
from vendorrisk.inputs import read_suppliers
from vendorrisk.model import SkippedRow, SupplierRow

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
# Characters that stress a CSV reader are drawn as often as the rest of Unicode.
TRICKY = ' \t\r\n",;|\x00\x1a\x85\xa0\u2028\u3000\ufeffÅé中'
ANY_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(TRICKY)),
                   max_size=40)
CP1252_TEXT = st.text(st.sampled_from(sorted(
    {bytes([b]).decode("cp1252", "ignore") for b in range(256)} - {""}) + list(' \t\r\n",;|')),
    max_size=40)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
DELIMITERS = st.sampled_from([",", ";", "\t", "|"])
DIALECTS = st.sampled_from([("\n", csv.QUOTE_ALL), ("\r\n", csv.QUOTE_MINIMAL),
                            ("\r\n", csv.QUOTE_ALL), ("\n", csv.QUOTE_MINIMAL)])


def expected_name(value: str) -> str:
    """Written independently of the reader: control characters to spaces, whitespace collapsed;
    empty when nothing in it draws (a soft hyphen, a zero-width space or a combining mark alone
    is no name, docs/input.md)."""
    cleaned = expected_text(value)
    return cleaned if any(_draws(c) for c in cleaned) else ""


def expected_text(value: str) -> str:
    """Any other field (the country): control characters to spaces, whitespace collapsed."""
    return " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in value).split())


# Letters and symbols that draw nothing: Hangul fillers and the braille blank.
_DRAW_NOTHING = "\u115f\u1160\u3164\uffa0\u2800"


def _draws(char: str) -> bool:
    category = unicodedata.category(char)
    return char not in _DRAW_NOTHING and (category[0] in "LNPS" or category in ("Co", "Cn"))


def write(rows, delimiter, dialect) -> tuple[str, list[int]]:
    """The CSV text and the physical line each data row starts on."""
    terminator, quoting = dialect
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(["id", "name", "country"])
    starts = []
    for number, (name, country) in enumerate(rows):
        starts.append(len(LINE_BREAK.findall(buffer.getvalue())) + 1)
        writer.writerow([f"S{number}", name, country])
    return buffer.getvalue(), starts


def check_round_trip(path, rows, starts, **options):
    got = list(read_suppliers(path, **options))
    assert len(got) == len(rows)
    for row, (name, country), line in zip(got, rows, starts):
        assert row.line == line
        if expected_name(name):
            assert isinstance(row, SupplierRow)
            assert (row.name, row.country) == (expected_name(name), expected_text(country) or None)
            assert row.fields["name"] == name
        else:
            assert isinstance(row, SkippedRow) and row.reason.startswith("empty name")


def is_valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def is_writable(rows, dialect) -> bool:
    # NOTE: csv.writer leaves a bare "\r" unquoted when the terminator is "\n",
    # so that file is broken by the writer itself, not by the reader.
    terminator, quoting = dialect
    return quoting == csv.QUOTE_ALL or "\r" in terminator or not any("\r" in n + c for n, c in rows)


@SETTINGS
@given(rows=st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=15), delimiter=DELIMITERS,
       dialect=DIALECTS, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
@example(rows=[("  Acme \t\r\n  Ltd  ", " GB "), ("", "FR"), ('"Quoted"\r\n\r\nName', "")],
         delimiter=";", dialect=("\r\n", csv.QUOTE_MINIMAL), encoding="utf-16")
@example(rows=[("a  b", "c\x00d"), (" \u3000", "x")], delimiter="\t", dialect=("\n", csv.QUOTE_ALL),
         encoding="utf-8")
@example(rows=[("\xad", ""), ("Acme\u200b", "\xad"), ("\u0301", "GB")], delimiter=",", dialect=("\n", csv.QUOTE_ALL),
         encoding="utf-8")
def test_unicode_rows_round_trip_with_detection(tmp_path, rows, delimiter, dialect, encoding):
    assume(is_writable(rows, dialect))
    text, starts = write(rows, delimiter, dialect)
    path = tmp_path / "suppliers.csv"
    path.write_bytes(text.encode(encoding))
    check_round_trip(path, rows, starts)


@SETTINGS
@given(rows=st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=15), delimiter=DELIMITERS,
       dialect=DIALECTS, encoding=st.sampled_from(["utf-16-le", "utf-16-be", "utf-8"]))
def test_unicode_rows_round_trip_with_explicit_encoding_and_delimiter(tmp_path, rows, delimiter,
                                                                     dialect, encoding):
    assume(is_writable(rows, dialect))
    text, starts = write(rows, delimiter, dialect)
    path = tmp_path / "suppliers.txt"
    path.write_bytes(text.encode(encoding))
    check_round_trip(path, rows, starts, encoding=encoding, delimiter=delimiter)


@SETTINGS
@given(rows=st.lists(st.tuples(CP1252_TEXT, CP1252_TEXT), max_size=15), delimiter=DELIMITERS,
       dialect=DIALECTS)
def test_windows_1252_rows_round_trip(tmp_path, rows, delimiter, dialect):
    assume(is_writable(rows, dialect))
    text, starts = write(rows, delimiter, dialect)
    data = text.encode("cp1252")
    path = tmp_path / "suppliers.csv"
    path.write_bytes(data)
    check_round_trip(path, rows, starts, encoding="cp1252")
    # Detection can only call it Windows-1252 when it is not valid UTF-8 and has no
    # byte pair that reads as a UTF-8 multi-byte character.
    if not is_valid_utf8(data) and not re.search(rb"[\xc2-\xf4][\x80-\xbf]", data):
        check_round_trip(path, rows, starts)


@SETTINGS
@given(body=st.binary(max_size=400), header=st.sampled_from([b"name,country\n", b"name;country\r\n"]))
def test_any_bytes_after_a_header_never_crash(tmp_path, body, header):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(header + body)
    physical_lines = len(LINE_BREAK.findall((header + body).decode("latin-1"))) + 1
    try:
        rows = list(read_suppliers(path))
    except InputError:
        return  # e.g. the bytes made detection choose UTF-16 and the header changed
    lines = [r.line for r in rows]
    assert lines == sorted(set(lines))
    assert all(2 <= line <= physical_lines for line in lines)
    assert all(isinstance(r, (SupplierRow, SkippedRow)) for r in rows)
    for row in rows:
        if isinstance(row, SupplierRow):
            assert row.name and row.name == row.name.strip()
            row.model_dump_json()  # no lone surrogates reach the report
        else:
            row.model_dump_json()
            if "(raw line)" in row.fields:  # a quoting fault: its column is always found
                assert row.reason.startswith("column ")
