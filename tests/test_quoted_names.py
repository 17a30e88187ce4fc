"""Findings quote the lists exactly: every `matched_name` occurs verbatim in a raw list file.

Screens a few thousand real supplier names (../shared/eval-dev) against the full
official snapshots in ../shared/data/lists and the bundled lists, then looks every
matched name of every listing up in the decoded text of the file it came from.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from vendorrisk.config import load_settings
from vendorrisk.formats import render
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.model import SupplierRow
from vendorrisk.resources import data_dir
from vendorrisk.screening.screener import Screener

pytestmark = [pytest.mark.shared, pytest.mark.slow]

IMPORTS = {
    "us-csl": "us-csl/consolidated.csv",
    "us-ofac-sdn": "us-ofac-sdn/2023-12-28",
    "uk-sanctions": "uk-sanctions/sanctionsconlist.csv",
    "un-sc": "un-sc/consolidated.xml",
}
EVERY_NTH_SUPPLIER = 4  # about 2,700 of the 10,737 dev-set names
# Suppliers that match names the CSL parser derives (a parenthetical dropped), so that
# the test also sees `compared_as`.
DERIVED = ("Huawei Technologies (UK) Co Ltd", "ROSNEFT TRADING S.A.")


def _decoded(path: Path) -> str:
    """The text values of a list file after decoding only: CSV cells, XML text, YAML strings."""
    if path.is_dir():
        return "\n".join(_decoded(p) for p in sorted(path.iterdir()) if p.suffix.lower() in (".csv", ".xml"))
    if path.suffix.lower() == ".xml":
        return "\n".join(t for t in ET.parse(path).getroot().itertext() if t.strip())
    if path.suffix.lower() == ".yaml":
        return "\n".join(_strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(cell for row in csv.reader(text.splitlines()) for cell in row)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _suppliers(shared: Path) -> list[SupplierRow]:
    with (shared / "eval-dev" / "suppliers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [SupplierRow(name=r["name"], country=r["country"] or None, line=n + 2)
            for n, r in enumerate(rows) if n % EVERY_NTH_SUPPLIER == 0] + [SupplierRow(name=n) for n in DERIVED]


def test_every_matched_name_is_printed_in_its_list_file(shared_lists, tmp_path):
    suppliers_file = shared_lists.parent.parent / "eval-dev" / "suppliers.csv"
    if not suppliers_file.is_file():
        pytest.skip(f"{suppliers_file} not found")
    store = Store(tmp_path)
    for source_id, rel in IMPORTS.items():
        store.install(SOURCES[source_id], shared_lists / rel, SOURCES[source_id].parse(shared_lists / rel), None)
    screener = Screener(load_settings({"home": tmp_path}, environ={}))
    screener.prepare_for_batch()
    report = screener.screen(_suppliers(shared_lists.parent.parent), now=dt.datetime(2026, 11, 28,
                                                                                    tzinfo=dt.timezone.utc))
    data = json.loads(render(report, "json"))
    listings = [e for s in data["suppliers"] for f in s["findings"] for e in f["listings"]]
    assert len(listings) > 500 and {e["source"] for e in listings} >= {"us-csl", "us-ofac-sdn"}
    texts = {source: _decoded(shared_lists / rel) for source, rel in IMPORTS.items()}
    texts.update((p.stem, _decoded(p)) for p in data_dir("lists").glob("*.yaml"))
    unquoted = sorted({(e["source"], e["id"], e["matched_name"]) for e in listings
                       if e["matched_name"] not in texts[e["source"]]})
    assert unquoted == []
    derived = [e for e in listings if e["compared_as"]]
    assert any(e["matched_name"] == "Huawei Technologies (Vietnam) Company Limited" and
               e["compared_as"] == "Huawei Technologies Company Limited" and e["derivation"] == "parenthetical removed"
               for e in derived)
    assert all(e["derivation"] and e["compared_as"] != e["matched_name"] for e in derived)
