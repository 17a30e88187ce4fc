"""Vendor manifests: YAML, JSON, TOML (and CSV) give the same vendors, each with its line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vendorrisk.errors import InputError
from vendorrisk.inputs import READERS, read_suppliers
from vendorrisk.inputs.manifest import ManifestStream
from vendorrisk.model import has_visible
from vendorrisk.model import SkippedRow, SupplierRow

FIXTURES = Path(__file__).parent / "fixtures" / "manifests"
NAMES = ["Northbank Analytics Ltd", "Fjordlys Programvare AS", "Quillfeather Office Supplies",
         "Hikvision Europe B.V."]
# file -> the line of each vendor's name, in order
GOOD = {
    "vendors.good.yaml": [3, 11, 13, 14],
    "vendors.top-level-list.yml": [1, 3, 5, 6],
    "approved-vendors.good.json": [6, 11, 12, 14],
    "approved-vendors.top-level-list.json": [2, 3, 4, 5],
    "hardware-vendors.good.toml": [4, 11, 14, 17],
    "hardware-vendors.inline.toml": [2, 3, 4, 5],
    "suppliers.good.csv": [2, 3, 4, 5],
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_every_format_gives_the_same_vendors_with_their_lines(name):
    rows = list(read_suppliers(FIXTURES / name))
    assert all(isinstance(r, SupplierRow) for r in rows)
    assert [r.name for r in rows] == NAMES
    assert [r.line for r in rows] == GOOD[name]
    assert {r.path for r in rows} == {str(FIXTURES / name)}
    assert [r.country for r in rows] == ["GB", "NO", None, "NL"]


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml"])
def test_manifest_suffixes_are_registered_readers(suffix):
    assert READERS[suffix] is ManifestStream


@pytest.mark.parametrize("name", ["vendors.good.yaml", "approved-vendors.good.json", "hardware-vendors.good.toml"])
def test_documented_fields_are_kept(name):
    first = next(iter(read_suppliers(FIXTURES / name)))
    assert first.aliases == ("Northbank", "NBA Data")
    assert first.fields["id"] == "V-0001"
    assert first.fields["website"] == "https://northbank.example"
    assert first.fields["aliases"] == "Northbank; NBA Data"
    assert "contact" not in first.fields  # nested mappings are not fields


def test_yaml_scalars_stay_text():
    """Country NO is Norway, not False; id 00042 keeps its zeros."""
    second = list(read_suppliers(FIXTURES / "vendors.good.yaml"))[1]
    assert second.country == "NO" and second.fields["id"] == "00042"


def test_vendors_that_cannot_be_screened_are_skipped_with_line_and_reason():
    rows = list(read_suppliers(FIXTURES / "manifest.missing-name.yaml"))
    assert [r.name for r in rows if isinstance(r, SupplierRow)] == ["Northbank Analytics Ltd"]
    skipped = [(r.line, r.reason) for r in rows if isinstance(r, SkippedRow)]
    assert skipped == [
        (3, "no name: expected a name key (`name`, `company`, `vendor`, `supplier`, `legal_name`, ...); "
            "the vendor's keys are `country`, `id`; choose the key with --name-key"),
        (5, "empty `name`: every vendor needs a name"),
        (6, "`name` must be text, not a list"),
        (7, "`country` must be text, not a mapping"),
        (9, "`aliases` must be a list of names"),
        (11, "a vendor must be a mapping or a name, not a list"),
    ]
    assert rows[1].fields == {"country": "GB", "id": "V-0002"}


@pytest.mark.parametrize(("name", "line", "column", "text"), [
    ("manifest.bad-yaml.yaml", 4, 9, "not valid YAML"),
    ("manifest.bad-json.json", 3, 40, "not valid JSON"),
    ("manifest.bad-toml.toml", 3, 11, "not valid TOML"),
    ("manifest.no-vendor-list.yaml", 1, None, "expected a top-level list or a `vendors:` key"),
    ("manifest.vendors-not-a-list.json", None, None, "the vendor list must be a list, not a mapping"),
])
def test_broken_manifests_name_file_line_and_column(name, line, column, text):
    with pytest.raises(InputError) as info:
        read_suppliers(FIXTURES / name)
    assert info.value.path == str(FIXTURES / name)
    assert (info.value.line, info.value.column) == (line, column)
    assert text in str(info.value)


def test_empty_manifests_have_no_vendors(tmp_path):
    for name, text in [("a.yaml", ""), ("b.yaml", "vendors:\n"), ("c.json", "[]"), ("d.toml", "vendors = []\n")]:
        (tmp_path / name).write_text(text)
        assert list(read_suppliers(tmp_path / name)) == []


def test_unreadable_manifests_are_input_errors(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("- name: Caf\xe9 Lumi\xe8re\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_suppliers(tmp_path / "latin1.yaml")
    with pytest.raises(InputError, match="cannot open"):
        ManifestStream(tmp_path / "missing.yaml")


def test_name_column_chooses_another_key(tmp_path):
    path = tmp_path / "vendors.yaml"
    path.write_text("- vendor: Northbank Analytics Ltd\n  land: GB\n")
    (row,) = read_suppliers(path, name_column="vendor", country_column="land")
    assert (row.name, row.country, row.line) == ("Northbank Analytics Ltd", "GB", 1)


# Printable names without leading/trailing or repeated spaces, as `clean_name` would leave them.
names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")), min_size=1,
                max_size=30).filter(has_visible)
vendor_lists = st.lists(st.tuples(names, st.sampled_from(["GB", "NO", "NL", None])), min_size=1, max_size=8)


def _toml(vendors) -> str:
    out = []
    for name, country in vendors:
        out.append(f"[[vendors]]\nname = {json.dumps(name, ensure_ascii=False)}")
        if country:
            out.append(f"country = {json.dumps(country)}")
        out.append("")
    return "\n".join(out)


@settings(max_examples=60, deadline=None)
@given(vendor_lists, st.sampled_from(["yaml", "json", "toml"]))
def test_any_names_round_trip_with_increasing_lines(tmp_path_factory, vendors, fmt):
    data = [{"name": n, **({"country": c} if c else {})} for n, c in vendors]
    text = {"yaml": lambda: yaml.safe_dump({"vendors": data}, allow_unicode=True),
            "json": lambda: json.dumps({"vendors": data}, indent=2, ensure_ascii=False),
            "toml": lambda: _toml(vendors)}[fmt]()
    path = tmp_path_factory.mktemp("rt") / f"vendors.{fmt}"
    path.write_text(text, encoding="utf-8")
    rows = list(read_suppliers(path))
    assert [r.name for r in rows] == [n for n, _ in vendors]
    assert [r.country for r in rows] == [c for _, c in vendors]
    lines = [r.line for r in rows]
    assert None not in lines and lines == sorted(set(lines))
