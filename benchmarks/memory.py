"""Peak memory of `vendorrisk check --jobs N`: RSS and PSS summed over the whole process tree.

Runs the real command on a supplier file (default: the 100,000 rows that
benchmarks/screening.py writes) against a store with the shared official lists, and
samples /proc every 50 ms. RSS counts a page that forked workers share once per
process; PSS divides it among them, so PSS is the fair measure of an index the workers
share. Alternate checkouts with PYTHONPATH to compare two commits on the same load:

    PYTHONPATH=/tmp/before python benchmarks/memory.py --home HOME --jobs 2
    PYTHONPATH=$PWD python benchmarks/memory.py --home HOME --jobs 2
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import SHARED, base_rows, import_lists, run_check, write_suppliers  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="list store to use (filled once when empty)")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--file", type=Path, help="supplier file (default: generated, --rows rows)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    import_lists(args.home, args.shared / "data" / "lists")
    with tempfile.TemporaryDirectory() as work:
        file = args.file or Path(work) / "suppliers.csv"
        if args.file is None:
            write_suppliers(file, args.rows, *base_rows(args.shared))
        for run in range(args.runs):
            found = run_check(args.home, file, Path(work) / f"report-{run}.json", args.jobs, watch_memory=True)
            found.pop("stderr")
            print(json.dumps({"pythonpath": os.environ.get("PYTHONPATH"), "jobs": args.jobs, **found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
