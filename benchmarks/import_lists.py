"""Time `lists import` of the real shared snapshots, and reading the store back.

Imports CSL, OFAC SDN (the 2023-12-28 CSV set), UK, UN and DPL from
../shared/data/lists into a temporary store, then times loading every entry back
(what each `check` / `search` run does) and, when the `search` command exists, a
new `vendorrisk search` process on that store, cold (no index cache) and warm. Prints a table.

    python benchmarks/import_lists.py [--shared PATH] [--plain] [--keep]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import parse_checked

REPO = Path(__file__).resolve().parent.parent
IMPORTS = (
    ("us-csl", "us-csl/consolidated.csv"),
    ("us-ofac-sdn", "us-ofac-sdn/2023-12-28"),
    ("uk-sanctions", "uk-sanctions/sanctionsconlist.csv"),
    ("un-sc", "un-sc/consolidated.xml"),
    ("us-bis-dpl", "us-bis-dpl/dpl.txt"),
)
SEARCH = "Hangzhou Hikvision Digital Technology"


def import_all(store: Store, lists: Path) -> list[tuple[str, int, float, float, int]]:
    """Parse and install each list; returns (source, records, parse s, install s, raw bytes)."""
    rows = []
    for source_id, rel in IMPORTS:
        source, path = SOURCES[source_id], lists / rel
        start = time.perf_counter()
        parsed = parse_checked(source, path)
        parsed_at = time.perf_counter()
        store.install(source, path, parsed)
        done = time.perf_counter()
        raw = sum(f.size for f in store.record(source_id).files)
        rows.append((source_id, len(parsed.entries), parsed_at - start, done - parsed_at, raw))
    return rows


def load_all(home: Path) -> tuple[int, float]:
    """Read every entry of every snapshot with a fresh Store, as a new process would."""
    start = time.perf_counter()
    store = Store(home)
    count = sum(1 for snap in store.snapshots() for _ in store.entries(snap.source))
    return count, time.perf_counter() - start


def timed_searches(home: Path) -> tuple[float, float, str] | None:
    """Wall time of `vendorrisk search` in a new process, first with no index cache, then warm.

    Returns None when the command does not exist yet; else (first s, second s, first output line).
    """
    env = {**os.environ, "VENDORRISK_HOME": str(home)}
    cmd = [sys.executable, "-m", "vendorrisk", "search", SEARCH]
    if subprocess.run([*cmd[:4], "--help"], env=env, capture_output=True).returncode != 0:
        return None
    times, out = [], ""
    for _ in range(2):
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        out = out or (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else out
    return times[0], times[1], out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data" / "lists")
    parser.add_argument("--plain", action="store_true", help="store entries uncompressed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary store and print its path")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="vendorrisk-bench-"))
    try:
        rows = import_all(Store(home, compress=not args.plain), args.shared)
        print(f"{'source':14} {'records':>8} {'raw MB':>7} {'parse s':>8} {'install s':>9}")
        for source_id, records, parse_s, install_s, raw in rows:
            print(f"{source_id:14} {records:8d} {raw / 1e6:7.2f} {parse_s:8.2f} {install_s:9.2f}")
        total = sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)
        print(f"{'total':14} {total[0]:8d} {'':7} {total[1]:8.2f} {total[2]:9.2f}")
        count, load_s = load_all(home)
        size = sum(p.stat().st_size for p in (home / "lists").rglob("entries.jsonl*"))
        print(f"store load: {count} entries in {load_s:.2f} s ({size / 1e6:.1f} MB of entries files)")
        searched = timed_searches(home)
        if searched is None:
            print("`vendorrisk search`: command not available yet")
        else:
            print(f"`vendorrisk search {SEARCH!r}`: {searched[0]:.2f} s with no index cache "
                  f"(builds it), {searched[1]:.2f} s warm; first line: {searched[2]}")
    finally:
        if args.keep:
            print(f"store kept at {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
