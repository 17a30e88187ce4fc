"""Header, encoding and delimiter detection, tested on their own."""
from __future__ import annotations

import codecs
import io

import pytest

from vendorrisk.errors import InputError
from vendorrisk.inputs.columns import choose_columns, header_key, unique_columns
from vendorrisk.inputs.csv_input import parse_delimiter, quote_error_column, sniff_delimiter
from vendorrisk.inputs import read_suppliers
from vendorrisk.inputs.encoding import CHUNK_BYTES, SAMPLE_BYTES, detect_encoding, resolve_encoding
from vendorrisk.model import SkippedRow


def choose(*columns, name=None, country=None):
    return choose_columns(tuple(columns), name, country, path="f.csv", line=1)


@pytest.mark.parametrize("header", ["name", "Supplier", "supplier_name", "Supplier Name", "VENDOR-NAME",
                                    "company", "Company_Name", "Legal Name", "organisation",
                                    "Organization", "party", "Counterparty", " vendor "])
def test_common_name_headers_are_found(header):
    assert choose("id", header, "notes") == (header, None)


@pytest.mark.parametrize("header", ["country", "Country Code", "CTRY", "nation", "ISO_Country",
                                    "Country/Region", "country_iso2"])
def test_common_country_headers_are_found(header):
    assert choose("supplier", header) == ("supplier", header)


@pytest.mark.parametrize("columns, expected", [
    (("Contact Name", "Supplier Name"), "Supplier Name"),
    (("Name", "Company"), "Name"),
    (("Vendor", "Name 1"), "Name 1"),
    (("supplier_id", "supplier"), "supplier"),
])
def test_the_most_specific_name_header_wins(columns, expected):
    assert choose(*columns)[0] == expected


def test_explicit_columns_match_exactly_then_loosely():
    assert choose("Name", "name ", name="name ") == ("name ", None)
    assert choose("Supplier Name", "Land", name="supplier_name", country="LAND") == ("Supplier Name", "Land")


def test_ambiguous_loose_override_is_refused():
    with pytest.raises(InputError, match="--name-column 'a_b' is not a column"):
        choose("A B", "a-b", name="a_b")


def test_missing_name_column_lists_columns_in_one_line():
    with pytest.raises(InputError) as caught:
        choose("id", "city")
    assert str(caught.value) == ("f.csv:1: no supplier-name column found; the columns are 'id', 'city'; "
                                 "choose one with --name-column")


def test_header_key_and_unique_columns():
    assert header_key(" Supplier_Name (Legal) ") == "suppliernamelegal"
    assert unique_columns(["a", "", "a", " a ", "a (2)"]) == ("a", "(column 2)", "a (2)", "a (3)", "a (2) (2)")


@pytest.mark.parametrize("text, encoding, expected", [
    ("name\nÅngström AB\n", "utf-8", "utf-8"),
    ("name\nÅngström AB\n", "utf-8-sig", "utf-8-sig"),
    ("name\nÅngström AB\n", "utf-16", "utf-16"),
    ("name\nÅngström AB\n", "utf-32", "utf-32"),
    ("name\nÅngström AB\n", "utf-16-le", "utf-16-le"),
    ("name\nÅngström AB\n", "utf-16-be", "utf-16-be"),
    ("name\nÅngström AB\n", "cp1252", "cp1252"),
    ("name\nplain ascii\n", "ascii", "utf-8"),
])
def test_detect_encoding(text, encoding, expected):
    assert detect_encoding(text.encode(encoding)) == expected


def test_utf8_cut_in_the_middle_of_a_character_is_still_utf8():
    sample = "Ångström".encode("utf-8")[:1]
    assert detect_encoding(b"name\n" + sample) == "utf-8"


def test_requested_encoding_is_checked_and_bom_respected():
    assert resolve_encoding("latin-1", io.BytesIO(b"abc"), path="f") == "iso8859-1"
    assert resolve_encoding("UTF8", io.BytesIO(codecs.BOM_UTF8 + b"abc"), path="f") == "utf-8-sig"
    assert resolve_encoding("utf-16-le", io.BytesIO(codecs.BOM_UTF16_LE + b"a\x00"), path="f") == "utf-16"
    with pytest.raises(InputError, match="f: unknown encoding 'nope'"):
        resolve_encoding("nope", io.BytesIO(b""), path="f")


def test_utf8_check_reads_past_the_first_chunk_and_rewinds():
    raw = io.BytesIO(b"name\n" + b"a" * (CHUNK_BYTES * 3) + "é\n".encode("cp1252"))
    assert resolve_encoding(None, raw, path="f") == "cp1252"
    assert raw.tell() == 0


def test_a_cp1252_byte_beyond_the_sample_skips_its_row_with_advice(tmp_path):
    path = tmp_path / "late.csv"
    filler = b"Filler Supplier Ltd,GB," + b"x" * 1000 + b"\n"
    path.write_bytes(b"name,country,notes\n" + filler * (SAMPLE_BYTES // 1000) + "Crème Brûlée SARL,FR\nLast Ltd,GB\n".encode("cp1252"))
    stream = read_suppliers(path)
    *_, late, last = list(stream)
    assert stream.encoding == "utf-8"
    assert isinstance(late, SkippedRow) and "undecodable bytes (0xE8 0xFB 0xE9)" in late.reason
    assert "--encoding" in late.reason
    assert last.name == "Last Ltd"


@pytest.mark.parametrize("header, expected", [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b|c", "|"),
    ('"x,y";b;c', ";"), ("name", ","), ("a;b,c", ","), ("", ","),
])
def test_sniff_delimiter(header, expected):
    assert sniff_delimiter(header) == expected


def test_parse_delimiter():
    assert [parse_delimiter(v) for v in (",", ";", "tab", "\\t", "\t", "PIPE")] == [",", ";", "\t", "\t", "\t", "|"]
    for bad in ("", ";;", '"', "\n"):
        with pytest.raises(InputError):
            parse_delimiter(bad)


@pytest.mark.parametrize("line, column", [
    ('a,"b"c,d\n', 6), ('"x"y', 4), ('a;"open;b\n', 3), ('"fine ""quoted""",b\n', None),
    ('plain "inner" quotes,b', None), ('a,"b"\r\n', None), ('a,b', None), ('"x""', 1),
])
def test_quote_error_column(line, column):
    assert quote_error_column(line, ";" if ";" in line else ",") == column
