"""The Forbes Global 2000 (2025) screened against CSL + OFAC SDN + UK + UN: which companies are flagged, and why.

Large, well-known companies are what a big buyer's supplier master is full of, and
nearly all of them are not listed: every finding here is either a true listing (a
Chinese state group, a sanctioned subsidiary) or a false alert a reviewer would
notice at once. Imports the shared snapshots into a store (`--home`, reused when
given), screens each company with its headquarters country as the supplier master
writes it ("China", "United States"), and prints one line per flagged company: its
severity, the kind and score of the top finding, the matched name and the list
entry, with the notes that cap it (country, entity type, weak or generic name).

Usage: python benchmarks/forbes.py [--home DIR] [--json OUT]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from vendorrisk.config import load_settings
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LISTS = SHARED / "data" / "lists"
FORBES = SHARED / "data" / "corpora" / "forbes_global_2000_2025" / "capstone_forbes_global_2000_2025.csv"
IMPORTS = {
    "us-csl": LISTS / "us-csl" / "consolidated.csv",
    "us-ofac-sdn": LISTS / "us-ofac-sdn" / "2023-12-28",
    "uk-sanctions": LISTS / "uk-sanctions" / "sanctionsconlist.csv",
    "un-sc": LISTS / "un-sc" / "consolidated.xml",
}
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)
NOTES = ("country_mismatch", "entity_type_mismatch", "weak_alias", "generic_name")


def import_lists(home: Path) -> None:
    """Import every snapshot the store does not hold yet."""
    store = Store(home)
    have = store.records()
    for source_id, path in IMPORTS.items():
        if source_id not in have:
            source = SOURCES[source_id]
            store.install(source, path, source.parse(path), None)


def companies() -> list[SupplierRow]:
    """The Forbes companies as supplier rows: name and headquarters country, as the file writes them."""
    with FORBES.open(encoding="utf-8") as handle:
        return [SupplierRow(name=r["Company"], country=r["Headquarters"] or None, line=n + 2,
                            fields={"rank": r["Rank"], "name": r["Company"], "country": r["Headquarters"]})
                for n, r in enumerate(csv.DictReader(handle))]


def describe(result) -> dict:
    """The flagged company's top finding, as one row."""
    top = result.findings[0]
    listing = top.entry
    return {"rank": result.input["rank"], "company": result.input["name"], "country": result.input["country"],
            "severity": top.severity, "kind": top.kind, "score": top.score, "matched": listing.matched_name,
            "entry": listing.name, "entry_type": listing.type, "entry_id": listing.id,
            "notes": sorted({e.feature for e in top.evidence if e.feature in NOTES}),
            "findings": len(result.findings)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="store to use (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the flagged rows here")
    args = parser.parse_args()
    if not FORBES.is_file():
        print(f"Forbes file not found at {FORBES}", file=sys.stderr)
        return 2
    home = args.home or Path(tempfile.mkdtemp(prefix="vendorrisk-forbes-"))
    import_lists(home)
    screener = Screener(load_settings({"home": home}, environ={}))
    screener.prepare_for_batch()
    report = screener.screen(companies(), now=NOW)
    flagged = [describe(r) for r in report.suppliers if r.findings]
    for row in flagged:
        notes = f" [{', '.join(row['notes'])}]" if row["notes"] else ""
        print(f"{row['rank']:>5}  {row['company'][:34]:34}  {row['country'][:14]:14}  {row['severity']:8}  "
              f"{row['kind']:9} {row['score']:5.1f}  {row['matched'][:40]!r} ({row['entry_type']}: "
              f"{row['entry'][:40]}){notes}")
    severities = Counter(row["severity"] for row in flagged)
    print(f"\n{len(flagged)} of {len(report.suppliers)} companies flagged; by severity: "
          + ", ".join(f"{k} {severities[k]}" for k in ("critical", "high", "medium", "low", "info") if severities[k]))
    if args.json:
        args.json.write_text(json.dumps(flagged, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
