"""Write every report format for fixed inputs, so two commits can be compared byte for byte.

A refactoring that must not change what users see runs this at the commit before and
the commit after, into two folders, and compares them with `diff -r`:

    python benchmarks/report_bytes.py --shared ../shared --home /tmp/vr-home --out /tmp/before
    (check out the other commit)
    python benchmarks/report_bytes.py --shared ../shared --home /tmp/vr-home --out /tmp/after
    diff -r /tmp/before /tmp/after && echo identical

Inputs: every CSV in examples/ and a 20,000-row supplier file built as
benchmarks/screening.py builds its 100,000 (benign names and eval-dev positives, fixed
seed), copied into <out>/inputs/ and named by that relative path, so that reports made
in different checkouts can be compared. Lists: the bundled lists plus CSL, OFAC SDN,
UK, UN and DPL from ../shared, imported into --home once. `check` runs in a child
process per format (and with --jobs 2 for JSON and text) in the output folder, with
SOURCE_DATE_EPOCH fixed; stdout, stderr and the exit status are written there.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import base_rows, import_lists, write_suppliers  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
FORMATS = ("text", "json", "csv", "markdown", "html", "sarif")
EPOCH = "1796515200"  # 2026-12-06T00:00:00Z
ROWS = 20_000


def run_check(home: Path, file: Path, fmt: str, jobs: int, out: Path) -> None:
    """`vendorrisk check inputs/FILE --format FMT --jobs N` into out/<file>.<fmt>.j<N>.{out,err,status}."""
    env = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": EPOCH,
           "PYTHONPATH": str(REPO)}  # this checkout's vendorrisk, whatever is installed
    command = [sys.executable, "-m", "vendorrisk", "check", f"inputs/{file.name}", "--format", fmt,
               "--jobs", str(jobs), "--fail-on", "never"]
    done = subprocess.run(command, env=env, capture_output=True, cwd=out, check=False)
    stem = out / f"{file.name}.{fmt}.j{jobs}"
    stem.with_suffix(stem.suffix + ".out").write_bytes(done.stdout)
    stem.with_suffix(stem.suffix + ".err").write_bytes(done.stderr)
    stem.with_suffix(stem.suffix + ".status").write_text(f"{done.returncode}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--home", type=Path, required=True, help="list store to fill once and reuse")
    parser.add_argument("--out", type=Path, required=True, help="folder for the reports (created)")
    args = parser.parse_args()
    inputs = args.out / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    import_lists(args.home, args.shared / "data" / "lists")
    for example in sorted((REPO / "examples").glob("*.csv")):
        shutil.copyfile(example, inputs / example.name)
    write_suppliers(inputs / "suppliers-20k.csv", ROWS, *base_rows(args.shared))
    files = sorted(inputs.iterdir())
    for file in files:
        for fmt in FORMATS:
            run_check(args.home, file, fmt, 1, args.out)
        for fmt in ("json", "text"):
            run_check(args.home, file, fmt, 2, args.out)
    print(f"wrote {len(list(args.out.iterdir()))} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
