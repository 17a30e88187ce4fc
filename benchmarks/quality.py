"""Matching quality on ../shared/eval-dev: vendorrisk against a naive rapidfuzz baseline.

Imports the official snapshots from ../shared/data/lists into a temporary store,
screens ../shared/eval-dev/suppliers.csv with default settings, writes the JSON
report and scores it with ../shared/eval-dev/score.py; then, in the same run,
scores a naive baseline: rapidfuzz WRatio >= 90 against every list name.

Needs numpy for the baseline (rapidfuzz.process.cdist); it comes with the spark extra.

Usage: python benchmarks/quality.py [--home DIR] [--out DIR] [--skip-baseline]
                                   [--baseline-benign-sample N]
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy
from rapidfuzz import fuzz, process, utils

from vendorrisk.lists.catalog import ListCatalog
from vendorrisk.config import load_settings
from vendorrisk.formats import render
from vendorrisk.inputs import read_suppliers
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
LISTS = SHARED / "data" / "lists"
EVAL = SHARED / "eval-dev"
IMPORTS = {
    "us-csl": LISTS / "us-csl" / "consolidated.csv",
    "us-ofac-sdn": LISTS / "us-ofac-sdn" / "2023-12-28",
    "us-ofac-nonsdn": LISTS / "us-ofac-nonsdn",
    "uk-sanctions": LISTS / "uk-sanctions" / "sanctionsconlist.csv",
    "un-sc": LISTS / "un-sc" / "consolidated.xml",
    "us-bis-dpl": LISTS / "us-bis-dpl" / "dpl.txt",
    "eu-fsf": LISTS / "eu-fsf" / "fixtures" / "eu_fsf_excerpt_2020-04-15.xml",
}
NOW = dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc)


def import_lists(home: Path) -> None:
    """Import every shared snapshot that the store does not hold yet."""
    store = Store(home)
    have = store.records()
    for source_id, path in IMPORTS.items():
        if source_id in have:
            continue
        source = SOURCES[source_id]
        store.install(source, path, source.parse(path), None)


def run_vendorrisk(home: Path, out: Path) -> Path:
    """Screen the evaluation suppliers and write the JSON report."""
    started = time.perf_counter()
    screener = Screener(load_settings({"home": home}, environ={}))
    screener.prepare_for_batch()
    opened = time.perf_counter()
    report = screener.screen(read_suppliers(EVAL / "suppliers.csv"), now=NOW)
    done = time.perf_counter()
    path = out / "vendorrisk-report.json"
    path.write_text(render(report, "json"), encoding="utf-8")
    print(f"vendorrisk: open {opened - started:.1f}s, screen {report.summary.suppliers} suppliers "
          f"in {done - opened:.1f}s")
    return path


def run_baseline(home: Path, out: Path, benign_sample: int | None) -> Path:
    """The naive baseline: WRatio >= 90 against every list name and alias, best 5 per supplier.

    WRatio over ~10^5 names costs about a second per supplier here, so `benign_sample`
    screens every positive but only that many benign suppliers (fixed seed); the
    false-alert rate is then printed over the sample, not the whole set.
    """
    names, owners = [], []
    for entry in ListCatalog(home).entries():
        for name in entry.all_names():
            names.append(utils.default_process(name))
            owners.append((entry.id, entry.name, name))
    rows = _baseline_rows(benign_sample)
    started = time.perf_counter()
    results = []
    for start in range(0, len(rows), 200):
        chunk = rows[start:start + 200]
        scores = process.cdist([utils.default_process(r["name"]) for r in chunk], names, scorer=fuzz.WRatio,
                               score_cutoff=90, workers=-1, dtype=numpy.uint8)
        for row, line in zip(chunk, scores):
            best = numpy.argsort(-line.astype(int), kind="stable")[:5]
            findings = [{"entry": {"id": owners[i][0], "name": owners[i][1], "matched_name": owners[i][2]},
                         "score": int(line[i])} for i in best if line[i] >= 90]
            results.append({"input": row, "findings": findings})
    print(f"baseline: {len(rows)} suppliers x {len(names)} names in {time.perf_counter() - started:.1f}s")
    if benign_sample is not None:
        benign = [r for r in results if r["input"]["supplier_id"] in _benign_ids()]
        flagged = sum(1 for r in benign if r["findings"])
        print(f"baseline: benign sample {len(benign)}, false alerts {flagged} ({flagged / len(benign):.4f})")
    path = out / "baseline-report.json"
    path.write_text(json.dumps({"suppliers": results}), encoding="utf-8")
    return path


def _benign_ids() -> set[str]:
    return {r["supplier_id"] for r in csv.DictReader(open(EVAL / "labels.csv", encoding="utf-8"))
            if r["kind"] == "benign"}


def _baseline_rows(benign_sample: int | None) -> list[dict]:
    rows = list(csv.DictReader(open(EVAL / "suppliers.csv", encoding="utf-8")))
    if benign_sample is None:
        return rows
    benign = _benign_ids()
    picked = set(random.Random(20261128).sample(sorted(benign), benign_sample))
    return [r for r in rows if r["supplier_id"] not in benign or r["supplier_id"] in picked]


def score(report: Path, title: str) -> None:
    """Print score.py's full output for one report."""
    print(f"\n===== {title} =====", flush=True)
    subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "labels.csv"), str(report)], check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="store to use (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "vendorrisk-quality")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--baseline-benign-sample", type=int, metavar="N",
                        help="baseline: screen every positive but only N benign suppliers (it is slow)")
    args = parser.parse_args()
    if not EVAL.is_dir():
        print(f"evaluation set not found at {EVAL}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    home = args.home or Path(tempfile.mkdtemp(prefix="vendorrisk-quality-"))
    import_lists(home)
    score(run_vendorrisk(home, args.out), "vendorrisk (default settings)")
    if not args.skip_baseline:
        score(run_baseline(home, args.out, args.baseline_benign_sample), "naive baseline: rapidfuzz WRatio >= 90")
    return 0


if __name__ == "__main__":
    sys.exit(main())
