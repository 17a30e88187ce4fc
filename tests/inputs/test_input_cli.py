"""`vendorrisk check` on broken input files: skipped rows reach the report, errors exit 2."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from vendorrisk.cli import main


@pytest.mark.slow  # builds the screening index of the bundled lists
def test_check_reports_skipped_rows_with_line_and_reason(tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_text('name;country\n\nAcme Widgets Ltd;GB\n;DE\n"Stray Quote Ltd;FR\nLast Supplier Ltd;US\n',
                    encoding="cp1252")
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    assert [(s["line"], s["reason"].split(";")[0]) for s in report["skipped"]] == [
        (4, "empty name in column 'name'"), (5, "column 1: unterminated quoted field (a stray quote?)")]
    assert [s["input"] for s in report["suppliers"]] == [
        {"name": "Acme Widgets Ltd", "country": "GB"}, {"name": "Last Supplier Ltd", "country": "US"}]


def test_check_without_a_name_column_exits_2_with_one_line(tmp_path):
    path = tmp_path / "nameless.csv"
    path.write_text("id,city\n1,Leeds\n")
    result = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"vendorrisk: error: {path}:1: no supplier-name column found; the columns are 'id', 'city'; "
        "choose one with --name-column"]
