"""Each broken-input fixture gives the rows, line numbers and skip reasons a user should see."""
from __future__ import annotations

import pytest

from tests.inputs.conftest import split_rows
from vendorrisk.errors import InputError
from vendorrisk.inputs import read_suppliers

INTL = ["Société Générale d'Équipement SARL", "Müller Präzisionstechnik GmbH",
        "Nordisk Værktøj A/S", "Café Olé Importação Ltda"]


def test_good_file_gives_rows_with_lines_fields_and_chosen_columns(fixture_path):
    path = fixture_path("suppliers.good.csv")
    stream = read_suppliers(path)
    assert stream.columns == ("supplier_id", "supplier_name", "country")
    assert (stream.name_column, stream.country_column) == ("supplier_name", "country")
    rows, skipped = split_rows(stream)
    assert not skipped
    assert [r.line for r in rows] == [2, 3, 4, 5]
    assert rows[2].name == "Harbin Lianhe Precision Co., Ltd."
    assert rows[2].country == "CN"
    assert rows[2].path == str(path)
    assert rows[2].fields == {"supplier_id": "S003", "supplier_name": "Harbin Lianhe Precision Co., Ltd.",
                              "country": "CN"}


def test_crlf_line_endings_do_not_leak_into_values(fixture_path):
    rows, _ = split_rows(read_suppliers(fixture_path("suppliers.crlf.csv")))
    assert [r.country for r in rows] == ["GB", "DE", "CN", "BE"]
    assert [r.line for r in rows] == [2, 3, 4, 5]


@pytest.mark.parametrize("name, encoding", [
    ("suppliers.utf8-bom.csv", "utf-8-sig"),
    ("suppliers.utf16.csv", "utf-16"),
    ("suppliers.utf16-be.csv", "utf-16"),
    ("suppliers.utf16-no-bom.csv", "utf-16-le"),
    ("suppliers.cp1252.csv", "cp1252"),
])
def test_encodings_are_detected(fixture_path, name, encoding):
    stream = read_suppliers(fixture_path(name))
    rows, skipped = split_rows(stream)
    assert stream.encoding == encoding
    assert stream.columns == ("Supplier Name", "Country")
    assert not skipped
    assert [r.name for r in rows][:4] == INTL
    assert [r.line for r in rows][:4] == [2, 3, 4, 5]


def test_cp1252_punctuation_is_read_as_windows_writes_it(fixture_path):
    rows, _ = split_rows(read_suppliers(fixture_path("suppliers.cp1252.csv")))
    assert rows[-1].name == "Dupré – Fils “Atelier” SA"


def test_wrong_explicit_encoding_skips_only_rows_with_bad_bytes(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.cp1252.csv"), encoding="utf-8"))
    assert rows == []  # every row of this file has an accented name
    assert [s.line for s in skipped] == [2, 3, 4, 5, 6]
    assert "undecodable bytes (0xE9 0xC9) in column 'Supplier Name'" in skipped[0].reason
    assert "read as utf-8" in skipped[0].reason and "--encoding" in skipped[0].reason
    assert "\ufffd" in skipped[0].fields["Supplier Name"]


def test_undecodable_byte_skips_that_row_only(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.undecodable-bytes.csv"))
    rows, skipped = split_rows(stream)
    assert stream.encoding == "cp1252"
    assert [r.name for r in rows] == ["Zürich Feinmechanik AG", "Øresund Shipping ApS"]
    assert [(s.line, s.fields["name"]) for s in skipped] == [(3, "Bad\ufffdByte Ltd")]
    assert "0x81" in skipped[0].reason


def test_unknown_encoding_is_an_input_error(fixture_path):
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_suppliers(fixture_path("suppliers.good.csv"), encoding="klingon")


@pytest.mark.parametrize("name, delimiter, columns", [
    ("suppliers.semicolon.csv", ";", ("Lieferant", "Land", "Betrag")),
    ("suppliers.tab.tsv", "\t", ("Vendor Name", "Country Code", "Notes")),
    ("suppliers.pipe.txt", "|", ("COMPANY_NAME", "ISO_COUNTRY")),
])
def test_delimiters_are_sniffed(fixture_path, name, delimiter, columns):
    stream = read_suppliers(fixture_path(name))
    rows, skipped = split_rows(stream)
    assert (stream.delimiter, stream.columns) == (delimiter, columns)
    assert stream.name_column == columns[0] and stream.country_column == columns[1]
    assert len(rows) == 2 and not skipped


def test_semicolon_file_keeps_quoted_semicolons_and_decimal_commas(fixture_path):
    rows, _ = split_rows(read_suppliers(fixture_path("suppliers.semicolon.csv")))
    assert rows[1].name == "Kraus; Vogel & Partner KG"
    assert rows[0].fields["Betrag"] == "1.234,50"


def test_explicit_delimiter_overrides_sniffing(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.semicolon.csv"), delimiter=",",
                            name_column="Lieferant;Land;Betrag")
    assert stream.columns == ("Lieferant;Land;Betrag",)
    with pytest.raises(InputError, match="one character"):
        read_suppliers(fixture_path("suppliers.semicolon.csv"), delimiter=";;")


def test_quoted_newlines_keep_physical_line_numbers(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.quoted-newline.csv")))
    assert not skipped
    assert [(r.line, r.name) for r in rows] == [
        (2, "Lakeside Instruments Ltd"), (6, "Ferro Alloys Srl"),
        (7, 'Crescent "Moon" Textiles'), (9, "Pioneer Labs LLC")]
    assert rows[0].fields["address"] == "1 Mill Lane\nAmbleside\nLA22 9DH"
    assert rows[0].fields["name"] == "Lakeside Instruments\nLtd"


def test_broken_quote_skips_one_row_and_reads_on(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.broken-quote.csv")))
    assert [(r.line, r.name) for r in rows] == [(2, "Alder Timber Ltd"), (4, "Ostrava Steelworks a.s.")]
    assert [s.line for s in skipped] == [3]
    assert skipped[0].reason == "column 10: broken quoting: ',' expected after '\"'"
    assert skipped[0].fields == {"(raw line)": '"Quartz "Prime" Components",TW'}


def test_unterminated_quote_costs_one_row_not_the_rest_of_the_file(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.unterminated-quote.csv")))
    assert [(r.line, r.name) for r in rows] == [
        (2, "Alder Timber Ltd"), (4, "Ostrava Steelworks a.s."), (5, "Lumen Displays Co.")]
    assert [s.line for s in skipped] == [3]
    assert skipped[0].reason == ("column 1: unterminated quoted field (a stray quote?); "
                                 "the 2 line(s) after it were read again as rows")


def test_blank_rows_are_counted_and_duplicates_kept(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.blank-and-duplicate-rows.csv"))
    rows, skipped = split_rows(stream)
    assert [(r.line, r.name) for r in rows] == [
        (3, "Greenfield Packaging Ltd"), (5, "Greenfield Packaging Ltd"), (8, "Atlas Cables BV")]
    assert not skipped
    assert stream.blank_rows == 4


def test_rows_with_data_but_no_name_are_skipped_with_reason(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.empty-name.csv")))
    assert [r.name for r in rows] == ["Harbour Lights Ltd", "Northwind Traders"]
    assert [(s.line, s.reason) for s in skipped] == [
        (3, "empty name in column 'company_name'"), (4, "empty name in column 'company_name'")]
    assert skipped[0].fields == {"company_name": "", "country": "DE", "contact": "bob@example.com"}


def test_over_long_field_skips_its_row_with_a_shortened_value(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.long-field.csv")))
    assert [r.name for r in rows] == ["Short Notes Ltd", "After Long Ltd"]
    assert skipped[0].line == 3
    assert "'notes' has 12,000 characters, over the 10,000-character limit" in skipped[0].reason
    assert skipped[0].fields["notes"].endswith("[12,000 characters]")
    assert len(skipped[0].fields["notes"]) < 300


def test_extra_and_missing_cells(fixture_path):
    rows, _ = split_rows(read_suppliers(fixture_path("suppliers.extra-and-missing-cells.csv")))
    assert rows[1].fields == {"name": "Two Cells Ltd", "country": "GB", "city": ""}
    assert rows[2].fields == {"name": "Five Cells Ltd", "country": "GB", "city": "Hull",
                              "(column 4)": "extra one"}
    assert (rows[3].name, rows[3].country) == ("One Cell Ltd", None)


def test_duplicate_and_empty_headers_get_distinct_keys(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.duplicate-headers.csv"))
    assert stream.columns == ("Name", "Name (2)", "(column 3)", "Country")
    (row,), _ = split_rows(stream)
    assert row.name == "Primary Name Ltd" and row.fields["Name (2)"] == "Trading As"


def test_sap_export_uses_name_1_not_the_vendor_number(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.sap-export.csv"))
    assert (stream.name_column, stream.country_column) == ("Name 1", "Country")
    rows, _ = split_rows(stream)
    assert rows[0].name == "Helvetia Sensorik AG"


def test_control_characters_and_odd_spaces_are_cleaned_in_name_only(fixture_path):
    rows, _ = split_rows(read_suppliers(fixture_path("suppliers.control-characters.csv")))
    assert [r.name for r in rows] == ["Tab Separated Name Ltd", "No Break Spaces Ltd"]
    assert rows[0].fields["name"] == "Tab\tSeparated\x00Name Ltd"


def test_leading_blank_lines_before_header(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.blank-first-lines.csv"))
    assert stream.header_line == 4
    rows, _ = split_rows(stream)
    assert [(r.line, r.name) for r in rows] == [(5, "Orchard Ceramics Ltd")]


def test_missing_name_column_is_one_clear_line(fixture_path):
    path = fixture_path("suppliers.missing-name-column.csv")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    message = str(caught.value)
    assert message == (f"{path}:1: no supplier-name column found; the columns are "
                       "'id', 'city', 'country'; choose one with --name-column")
    assert "\n" not in message and caught.value.path == str(path) and caught.value.line == 1


def test_name_column_override_and_unknown_column(fixture_path):
    path = fixture_path("suppliers.missing-name-column.csv")
    stream = read_suppliers(path, name_column="CITY")
    assert stream.name_column == "city"
    assert [r.name for r in stream] == ["Leeds", "Bremen"]
    with pytest.raises(InputError, match="--name-column 'supplier' is not a column; the columns are 'id'"):
        read_suppliers(path, name_column="supplier")
    with pytest.raises(InputError, match="--country-column 'land' is not a column"):
        read_suppliers(path, name_column="city", country_column="land")


@pytest.mark.parametrize("name, message", [
    ("suppliers.empty.csv", "the file is empty: no header row"),
    ("suppliers.header-only.csv", None),
])
def test_empty_and_header_only_files(fixture_path, name, message):
    if message:
        with pytest.raises(InputError, match=message):
            read_suppliers(fixture_path(name))
    else:
        assert list(read_suppliers(fixture_path(name))) == []


def test_missing_file_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot open the file"):
        read_suppliers(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        read_suppliers(tmp_path)


def test_stream_can_be_iterated_twice(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.blank-and-duplicate-rows.csv"))
    first = list(stream)
    assert list(stream) == first
    assert stream.blank_rows == 4


def test_broken_quote_in_header_names_line_and_column(tmp_path):
    path = tmp_path / "bad-header.csv"
    path.write_text('id,"name"x,country\n1,Acme,GB\n')
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert (caught.value.line, caught.value.column) == (1, 10)
    assert str(caught.value).startswith(f"{path}:1:10: cannot read the header row: broken quoting")


def test_excel_sep_line_sets_the_delimiter_and_is_not_the_header(fixture_path):
    path = fixture_path("suppliers.excel-sep-line.csv")
    for delimiter in (None, ";"):
        stream = read_suppliers(path, delimiter=delimiter)
        assert (stream.delimiter, stream.columns, stream.header_line) == (";", ("Name", "Country"), 2)
        assert [(r.line, r.name, r.country) for r in stream] == [(3, "Lagerhaus Nord GmbH", "DE")]


def test_utf8_file_with_a_stray_cp1252_row_stays_utf8(fixture_path):
    stream = read_suppliers(fixture_path("suppliers.mostly-utf8.csv"))
    rows, skipped = split_rows(stream)
    assert stream.encoding == "utf-8"
    assert [r.name for r in rows] == ["Müller Präzisionstechnik GmbH", "Société Générale d'Équipement SARL",
                                      "Nordisk Værktøj A/S"]
    assert [(s.line, s.reason.split(" in column")[0]) for s in skipped] == [(4, "undecodable bytes (0xE9 0xE8)")]


def test_repeated_header_row_is_skipped_not_screened(fixture_path):
    rows, skipped = split_rows(read_suppliers(fixture_path("suppliers.repeated-header.csv")))
    assert [r.name for r in rows] == ["First Part Ltd", "Second Part Ltd"]
    assert [(s.line, s.reason) for s in skipped] == [(3, "a repeated header row (files joined together?)")]


def test_binary_file_is_refused_in_one_line(fixture_path):
    path = fixture_path("suppliers.gzip-compressed.csv")
    with pytest.raises(InputError, match="does not look like a text or spreadsheet file") as caught:
        read_suppliers(path)
    assert "\n" not in str(caught.value)


def test_column_listing_in_errors_is_bounded(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"col{n}" for n in range(100)) + ",x" + "y" * 100 + "\n1\n")
    with pytest.raises(InputError) as caught:
        read_suppliers(path)
    assert "'col19', … (81 more)" in str(caught.value) and len(str(caught.value)) < 600
