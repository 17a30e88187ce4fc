"""Prepare a timing of `vendorrisk check` with and without a large decisions file.

Writes, into a folder: `suppliers.csv` (the example suppliers, repeated with a
numbered suffix so that every name is distinct, `--copies` times), and
`decisions.yaml`, a decision about every finding those suppliers have against the
lists of the store in use (bundled lists only in a fresh store). Then prints the
two commands to compare, e.g. with a paired A/B timer:

    python benchmarks/decisions.py /tmp/vr-decisions [--copies 100]
    vendorrisk check /tmp/vr-decisions/suppliers.csv --format json -o /dev/null --decisions /tmp/vr-decisions/decisions.yaml
    vendorrisk check /tmp/vr-decisions/suppliers.csv --format json -o /dev/null --decisions /tmp/vr-decisions/none.yaml
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

from vendorrisk.decisions import DecisionsFile, save_decisions
from vendorrisk.decisions.decide import decision_for
from vendorrisk.screening.screener import Screener

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "suppliers.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    with EXAMPLES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    suppliers = args.folder / "suppliers.csv"
    with suppliers.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("supplier_id", "name", "country"))
        for copy in range(args.copies):
            for r in rows:
                writer.writerow((f"{r['supplier_id']}-{copy}", f"{r['name']} {copy}", r["country"]))
    screened = Screener().screen(_rows(suppliers))
    made = [decision_for(s.name, f, outcome="false-positive", reviewer="bench", reason="benchmark",
                         date=dt.date(2026, 11, 28)) for s in screened.suppliers for f in s.findings]
    save_decisions(DecisionsFile(decisions=tuple(made)), args.folder / "decisions.yaml")
    print(f"{suppliers}: {args.copies * len(rows)} suppliers; {len(made)} decisions in "
          f"{args.folder / 'decisions.yaml'}")


def _rows(path: Path):
    from vendorrisk.inputs import read_suppliers

    return read_suppliers(path)


if __name__ == "__main__":
    main()
