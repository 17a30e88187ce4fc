"""Time the pre-commit hook on a 200-vendor manifest: cold (index build) and warm, process and in-process.

The manifest has invented vendor names plus two restricted ones (one accepted in
a baseline). By default the store is a fresh temporary one, so only the bundled
lists are screened; `--home` points at an existing store (e.g. one with the
official lists imported) to time the hook against it. Prints a table of medians.

    python benchmarks/hook.py [--vendors 200] [--runs 7] [--home PATH]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

WORDS = ("Northbank Fjordlys Quillfeather Brightwater Copperleaf Halden Marlow Sunridge Tidewell Oakhurst "
         "Ravensholm Kestrel Lindqvist Ashgrove Corvale Pennant Stonebridge Wrenfield Alder Brisa").split()
TRADES = ("Analytics", "Office Supplies", "Cloud Services", "Facilities", "Logistics", "Print", "Consulting",
          "Catering", "Security Services", "Networks", "Software", "Hardware")
FORMS = ("Ltd", "GmbH", "B.V.", "AS", "AB", "Oy", "S.A.", "Inc.", "LLC", "plc", "SAS", "S.r.l.")
COUNTRIES = ("GB", "DE", "NL", "NO", "SE", "FI", "ES", "US", "US", "IE", "FR", "IT")
RESTRICTED = ("Hikvision Europe B.V.", "ZTE Deutschland GmbH")


def manifest(n: int, seed: int = 8) -> dict:
    """`n` vendors: invented names with the two restricted ones in the middle."""
    rng = random.Random(seed)
    vendors = []
    for i in range(n - len(RESTRICTED)):
        form = rng.randrange(len(FORMS))
        vendors.append({"id": f"V-{i + 1:04d}", "country": COUNTRIES[form],
                        "name": f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(TRADES)} {FORMS[form]}",
                        "website": f"https://vendor{i + 1}.example"})
    for k, name in enumerate(RESTRICTED):
        vendors.insert(n // 2 + k, {"id": f"V-R{k + 1}", "name": name})
    return {"vendors": vendors}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and exit code of one process."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu, done.returncode


def median_process(args: list[str], cwd: Path, env: dict[str, str], runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds over `runs` processes, and the last exit code."""
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        wall, cpu, code = run_process(args, cwd, env)
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(walls), statistics.median(cpus), code


def in_process(folder: Path, home: Path, runs: int) -> tuple[tuple[float, float], tuple[float, float], int]:
    """(wall, CPU) to open the Screener, median (wall, CPU) of `run_hook` with it, and the exit code."""
    from vendorrisk.config import Settings
    from vendorrisk.integrations.hook import HookOptions, open_screener, run_hook

    settings = Settings(home=home)
    start, cpu = time.perf_counter(), time.process_time()
    screener = open_screener(settings)
    opened = (time.perf_counter() - start, time.process_time() - cpu)
    options = HookOptions(baseline=folder / ".vendorrisk-baseline.yaml")
    now = dt.datetime.now(dt.timezone.utc)
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        code = run_hook([folder / "vendors.yaml"], settings, options, now=now, screener=screener).exit_code
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return opened, (statistics.median(walls), statistics.median(cpus)), code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--home", type=Path, help="Existing store to screen against (default: a fresh one).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vr-hook-bench-") as tmp:
        folder = Path(tmp)
        home = args.home or folder / "home"
        env = {**os.environ, "VENDORRISK_HOME": str(home)}
        env.pop("SOURCE_DATE_EPOCH", None)
        (folder / "vendors.yaml").write_text(yaml.safe_dump(manifest(args.vendors), sort_keys=False))
        exe = [sys.executable, "-m", "vendorrisk"]
        run_process([*exe, "baseline", "add", RESTRICTED[0], "--reviewer", "bench", "--reason", "bench"],
                    folder, env)  # also builds the index when the store has none yet
        cold_home = folder / "cold-home"
        *cold, _ = run_process([*exe, "hook", "vendors.yaml"], folder, {**env, "VENDORRISK_HOME": str(cold_home)})
        *startup, _ = median_process([sys.executable, "-c", "import vendorrisk.cli"], folder, env, args.runs)
        *warm, code = median_process([*exe, "hook", "vendors.yaml"], folder, env, args.runs)
        opened, screen, code_in = in_process(folder, home, args.runs)
    rows = [
        ("hook process, cold (builds the index; bundled lists only)", cold),
        (f"hook process, warm index (median of {args.runs})", warm),
        ("  of which: python + import vendorrisk.cli (median)", startup),
        ("in-process: open Screener (index, policy)", opened),
        (f"in-process: run_hook on {args.vendors} vendors (median of {args.runs})", screen),
    ]
    print(f"vendorrisk hook benchmark: {args.vendors} vendors, store {home if args.home else '(fresh)'}, "
          f"exit codes {code}/{code_in}")
    print(f"  {'':<66} {'wall':>8}    {'CPU':>8}")
    for label, (wall, cpu) in rows:
        print(f"  {label:<66} {wall * 1000:8.0f} ms {cpu * 1000:8.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
