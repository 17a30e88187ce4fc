"""Speed at scale: list import, index build, cold start, 100k-supplier `check`, and the index vs brute force.

In one run, on the full official snapshots in ../shared/data/lists (CSL, OFAC SDN
2023-12-28, UK ConList, UN, DPL):

1. imports them into a store and times it;
2. builds the candidate index on that store, timing it and sizing the file;
3. writes a supplier CSV of `--rows` rows (benign corpus plus every eval-dev
   positive, cycled when more rows are asked for than there are names, shuffled
   with a fixed seed) to a temporary folder;
4. times a warm `vendorrisk search` in a new process (median of 11, bytecode
   compiled as `pip install` does) and lists the slowest imports (`python -X importtime`);
5. runs the real `vendorrisk check FILE --format json --output OUT --fail-on never`
   with `--jobs 2` and `--jobs 1` (when the option exists) for wall time and
   suppliers/s; 2,000-row runs give the fixed start-up cost, so the steady-state
   rate excludes it; one more, watched run gives the peak RSS and PSS of the whole
   process tree (timed runs are not watched: sampling /proc costs CPU); and the two
   reports are compared byte for byte;
6. on a sample, compares the index with brute force (rapidfuzz `cdist` of every
   normalised supplier name against every normalised list name, same cut-off):
   the speed of both, and how many brute-force pairs the index's candidates keep.

Prints a table and writes benchmarks/results/screening-<date>.json.

    python benchmarks/screening.py [--rows 100000] [--home DIR] [--repeat 3] [--sample 300] [--shared DIR]

Run it from a frozen checkout (e.g. `git worktree add --detach`) with PYTHONPATH pointing there
when others are changing the working tree: each `check` process imports the code afresh.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from vendorrisk.lists.catalog import ListCatalog
from vendorrisk.config import load_settings
from vendorrisk.index.query import candidates, supplier_idf
from vendorrisk.normalize import normalize_name
from vendorrisk.normalize.classes import LEGAL
from vendorrisk.scoring.align import align, words
from vendorrisk.scoring.matcher import NOT_ORGANISATIONS
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
IMPORTS = {
    "us-csl": "us-csl/consolidated.csv",
    "us-ofac-sdn": "us-ofac-sdn/2023-12-28",
    "uk-sanctions": "uk-sanctions/sanctionsconlist.csv",
    "un-sc": "un-sc/consolidated.xml",
    "us-bis-dpl": "us-bis-dpl/dpl.txt",
}
SEARCH = "Hangzhou Hikvision Digital Technology"
SEED = 20261128
SMALL_ROWS = 2000
EPOCH = 1795824000  # 2026-11-28 00:00 UTC: every report of one run carries the same timestamp
CUTOFF = 80.0  # vendorrisk's default threshold, used as brute force's score cut-off too


# ---------------------------------------------------------------- 1-2: store and index

def import_lists(home: Path, lists: Path) -> dict:
    """Parse and install every list the store lacks; seconds and records per source."""
    store, have, out = Store(home), Store(home).records(), {}
    for source_id, rel in IMPORTS.items():
        path = lists / rel
        if source_id in have:
            out[source_id] = {"reused": True}
            continue
        source, start = SOURCES[source_id], time.perf_counter()
        parsed = source.parse(path)
        store.install(source, path, parsed, None)
        out[source_id] = {"seconds": round(time.perf_counter() - start, 2), "records": len(parsed.entries)}
    timed = [v["seconds"] for v in out.values() if "seconds" in v]
    out["total_seconds"] = round(sum(timed), 2) if timed else None
    return out


def build_index(home: Path) -> dict:
    """Remove any cached index, then time `open_index` building it afresh."""
    catalog = ListCatalog(home)
    for old in catalog.store.cache_dir().glob("index-*.sqlite"):
        old.unlink()
    start = time.perf_counter()
    index, _ = catalog.open_index()
    seconds = time.perf_counter() - start
    entries = sum(1 for _ in catalog.entries())
    return {"seconds": round(seconds, 2), "bytes": index.path.stat().st_size,
            "names": index.size, "entries": entries}


# ---------------------------------------------------------------- 3: supplier file

def base_rows(shared: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Benign corpus rows and eval-dev positives (kind not benign), as (name, country)."""
    with (shared / "data/corpora/benign_names.csv").open(encoding="utf-8") as handle:
        benign = [(r["name"], r["country"]) for r in csv.DictReader(handle)]
    with (shared / "eval-dev/labels.csv").open(encoding="utf-8") as handle:
        wanted = {r["supplier_id"] for r in csv.DictReader(handle) if r["kind"] != "benign"}
    with (shared / "eval-dev/suppliers.csv").open(encoding="utf-8") as handle:
        positives = [(r["name"], r["country"]) for r in csv.DictReader(handle) if r["supplier_id"] in wanted]
    return benign, positives


def write_suppliers(path: Path, rows: int, benign: list, positives: list) -> dict:
    """Write `rows` suppliers (all positives, benign names cycled), shuffled with a fixed seed."""
    pool = positives + benign
    picked = [pool[i % len(pool)] for i in range(rows)]
    random.Random(SEED).shuffle(picked)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["supplier_id", "name", "country"])
        out.writerows((f"V{i:07d}", name, country) for i, (name, country) in enumerate(picked, 1))
    kinds = set(positives)
    return {"rows": rows, "distinct_rows": len(set(picked)),
            "positive_rows": sum(1 for p in picked if p in kinds), "bytes": path.stat().st_size}


# ---------------------------------------------------------------- 4: cold start

def vendorrisk_cmd() -> list[str]:
    """The console script pip installed beside this interpreter, as a user runs it.

    Not the first `vendorrisk` on PATH: on this machine that is a pyenv shim, a shell
    script that adds its own start-up to every run.
    """
    script = Path(sys.executable).parent / "vendorrisk"
    return [str(script) if script.exists() else shutil.which("vendorrisk") or "vendorrisk"]


def compile_bytecode(env: dict[str, str]) -> str:
    """Compile the vendorrisk package under test to .pyc, as `pip install` does; its folder.

    This machine sets PYTHONDONTWRITEBYTECODE=1, so without this every run would
    compile the package's source again, which an installed copy never does.
    """
    where = subprocess.run([sys.executable, "-c", "import vendorrisk, os; print(os.path.dirname(vendorrisk.__file__))"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], env=env, check=True, capture_output=True)
    return where


def cold_start(home: Path, runs: int = 11) -> dict:
    """Wall time of a new `vendorrisk search` process on a warm index and compiled bytecode:
    all runs and the median."""
    env = {**os.environ, "VENDORRISK_HOME": str(home)}
    package = compile_bytecode(env)
    cmd = [*vendorrisk_cmd(), "search", SEARCH, "--fail-on", "never"]
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the page cache
    times, cpu, first = [], [], ""
    for _ in range(runs):
        used, start = _children_cpu(), time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        times.append(round(time.perf_counter() - start, 3))
        cpu.append(round(_children_cpu() - used, 3))
        first = first or next((line for line in done.stdout.splitlines() if line.strip()), "")
    return {"command": cmd[0], "bytecode_compiled_in": package, "runs": times,
            "median_seconds": statistics.median(times), "cpu_seconds": cpu,
            "median_cpu_seconds": statistics.median(cpu), "first_line": first}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def importtime_top(args: list[str], home: Path, count: int = 10) -> list[dict]:
    """The `count` largest cumulative import times of `python -X importtime ARGS` (microseconds)."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True,
                          check=False, env={**os.environ, "VENDORRISK_HOME": str(home)})
    rows = []
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if found:
            rows.append({"module": found[4], "self_us": int(found[1]), "cumulative_us": int(found[2])})
    rows.sort(key=lambda r: -r["cumulative_us"])
    return rows[:count]


# ---------------------------------------------------------------- 5: end to end

class TreeRss:
    """Samples the summed RSS and PSS of a process and all its descendants, from /proc, every 50 ms.

    RSS counts a page shared by forked workers once per process; PSS divides it among
    them, so the PSS sum is the memory the tree really holds. Both are reported; the
    target is judged on the larger, RSS.
    """

    def __init__(self, root: int, skip_root: bool = False) -> None:
        self.root, self.skip_root, self.peak, self.peak_pss = root, skip_root, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            pids = _descendants(self.root) - ({self.root} if self.skip_root else set())
            self.peak = max(self.peak, sum(_rss_kb(p) for p in pids))
            self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in pids))

    def stop(self) -> int:
        """Stop sampling; the peak in kB."""
        self._stop.set()
        self._thread.join()
        return self.peak


def _descendants(root: int) -> set[int]:
    """The process and its descendants, from /proc/PID/task/TID/children (no scan of all of /proc)."""
    found, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                kids = {int(k) for k in children.read_text().split()}
            except (OSError, ValueError):
                continue  # the process ended while we looked
            frontier.extend(kids - found)
            found |= kids
    return found


def _rss_kb(pid: int) -> int:
    return _proc_kb(pid, "status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    return _proc_kb(pid, "smaps_rollup", "Pss:")


def _proc_kb(pid: int, file: str, field: str) -> int:
    """A kB figure from /proc/PID/FILE, or 0 once the process has ended."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def has_jobs() -> bool:
    """Whether this `vendorrisk check` accepts `--jobs`."""
    done = subprocess.run([*vendorrisk_cmd(), "check", "--help"], capture_output=True, text=True, check=True)
    return "--jobs" in done.stdout


def run_check(home: Path, file: Path, out: Path, jobs: int | None, watch_memory: bool = False) -> dict:
    """One `vendorrisk check` under /usr/bin/time -v: wall s, CPU s, max RSS of one process, and with
    `watch_memory` the peak RSS and PSS of the process tree.

    Timed runs are not watched: sampling /proc competes for the same two CPUs.
    """
    env = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": str(EPOCH)}
    timing = out.with_suffix(".time")
    cmd = [*vendorrisk_cmd(), "check", str(file), "--format", "json", "--output", str(out), "--fail-on", "never",
           *(["--jobs", str(jobs)] if jobs else [])]
    gnu_time = shutil.which("time") or "/usr/bin/time"
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen([gnu_time, "-v", "-o", str(timing), *cmd], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = TreeRss(proc.pid, skip_root=True) if watch_memory else None
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    tree_kb, tree_pss_kb = (sampler.stop(), sampler.peak_pss) if sampler else (None, None)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.strip()[-500:]}")
    gnu = timing.read_text()
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", gnu)[1]) for kind in ("User", "System"))
    max_rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", gnu)
    return {"seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "load_before_after": [load_before, os.getloadavg()[0]],
            "max_rss_one_process_mb": round(int(max_rss[1]) / 1024, 1),
            **({"peak_rss_tree_mb": round(tree_kb / 1024, 1), "peak_pss_tree_mb": round(tree_pss_kb / 1024, 1)}
               if sampler else {}),
            "stderr": err.strip().splitlines()[:1]}


def end_to_end(home: Path, file: Path, small: Path, work: Path, jobs: int | None, repeat: int,
               budget: float) -> dict:
    """Median of up to `repeat` full runs (fewer once they took `budget` s), the median of 3 small
    runs for the fixed cost, the steady-state rate, and one more full run watched for memory."""
    runs = [run_check(home, file, work / f"report-{jobs}-0.json", jobs)]
    while len(runs) < repeat and sum(r["seconds"] for r in runs) < budget:
        runs.append(run_check(home, file, work / f"report-{jobs}-{len(runs)}.json", jobs))
    small_runs = [run_check(home, small, work / f"report-{jobs}-small.json", jobs) for _ in range(3)]
    memory_run = run_check(home, file, work / f"report-{jobs}-memory.json", jobs, watch_memory=True)
    wall = statistics.median(r["seconds"] for r in runs)
    small_wall = statistics.median(r["seconds"] for r in small_runs)
    summary = report_summary(work / f"report-{jobs}-0.json")
    rows = summary["suppliers"]
    steady = (rows - SMALL_ROWS) / (wall - small_wall) if wall > small_wall else None
    cpu = statistics.median(r["cpu_seconds"] for r in runs)
    return {"jobs": jobs, "runs": runs, "median_seconds": wall, "suppliers_per_second": round(rows / wall),
            "median_cpu_seconds": cpu, "suppliers_per_cpu_second": round(rows / cpu),
            "small_runs_seconds": [r["seconds"] for r in small_runs], "small_run_seconds": small_wall,
            "steady_suppliers_per_second": round(steady) if steady else None,
            "memory_run": memory_run, "peak_rss_tree_mb": memory_run["peak_rss_tree_mb"],
            "peak_pss_tree_mb": memory_run["peak_pss_tree_mb"], "report_summary": summary}


def report_summary(report: Path) -> dict:
    """The `summary` object of a JSON report."""
    return json.loads(report.read_text(encoding="utf-8"))["summary"]


# ---------------------------------------------------------------- 6: index vs brute force

def list_names(screener: Screener) -> tuple[list[str], list[int]]:
    """Every indexed list name as its normalised tokens joined by spaces, and its entry number."""
    index = screener.index
    names = [index.name(i) for i in range(index.size)]
    return [" ".join(n.tokens) for n in names], [n.entry for n in names]


def sample_rows(benign: list, positives: list, size: int) -> list[tuple[str, str]]:
    """Half eval-dev positives, half benign names, drawn with the fixed seed."""
    pick = random.Random(SEED)
    half = min(size // 2, len(positives))
    return pick.sample(positives, half) + pick.sample(benign, size - half)


def brute_force(queries: list[str], choices: list[str]):
    """Score matrix of every query against every choice, token_set_ratio, cut-off 80, all cores."""
    return process.cdist(queries, choices, scorer=fuzz.token_set_ratio, score_cutoff=CUTOFF,
                         workers=-1, dtype="uint8")


def direct_score(screener: Screener, norm, country: str | None, name_id: int) -> float | None:
    """vendorrisk's score for one given list name, as `Matcher._score_candidates` computes it."""
    matcher, index = screener.matcher, screener.index
    supplier_words = words(norm.tokens, norm.classes, lambda token: supplier_idf(index, token))
    indexed = index.name(name_id)
    entry_type = index.entry_type(indexed.entry)
    if not supplier_words or (LEGAL in norm.classes and entry_type in NOT_ORGANISATIONS):
        return None
    scored = matcher._score(align(matcher.listed_words(indexed.tokens, indexed.classes), supplier_words),
                            indexed.relation is not None, entry_type)
    if scored is None:
        return None
    scored = matcher._with_country(scored, country, indexed.entry)
    return None if scored is None else scored.score


def recall_pairs(screener: Screener, sample: list, matrix, owners: list[int]) -> dict:
    """Brute-force (supplier, entry) pairs, and how many of them the index's candidates contain."""
    counts = {"pairs": 0, "kept": 0, "accepted": 0, "accepted_kept": 0, "accepted_matched": 0,
              "suppliers_with_accepted": 0, "suppliers_with_accepted_kept": 0}
    lost = []
    for row, (name, country) in enumerate(sample):
        norm = normalize_name(name)
        hits: dict[int, list[int]] = {}
        for name_id in matrix[row].nonzero()[0].tolist():
            hits.setdefault(owners[name_id], []).append(name_id)
        found = {screener.index.name(i).entry for i in candidates(screener.index, norm)}
        matched = {m.entry.id for m in screener.matcher.match(name, country or None)}
        any_accepted = any_kept = False
        for entry_no, name_ids in hits.items():
            kept = entry_no in found
            accepted = any((direct_score(screener, norm, country or None, i) or 0) >= CUTOFF for i in name_ids)
            any_accepted, any_kept = any_accepted or accepted, any_kept or (accepted and kept)
            counts["pairs"] += 1
            counts["kept"] += kept
            counts["accepted"] += accepted
            counts["accepted_kept"] += accepted and kept
            counts["accepted_matched"] += accepted and screener.index.entry(entry_no).id in matched
            if accepted and not kept:
                lost.append({"supplier": name, "entry": screener.index.entry(entry_no).id,
                             "list_name": screener.index.name(name_ids[0]).text})
        counts["suppliers_with_accepted"] += any_accepted
        counts["suppliers_with_accepted_kept"] += any_kept
    return {**counts, "lost_accepted": lost}


def compare_brute_force(home: Path, sample: list, rows: int) -> dict:
    """Brute force on the sample: time, extrapolation to `rows`, and recall of the index against it."""
    screener = Screener(load_settings({"home": home, "threshold": CUTOFF}, environ={}))
    choices, owners = list_names(screener)
    queries = [" ".join(normalize_name(name).tokens) for name, _ in sample]
    start = time.perf_counter()
    matrix = brute_force(queries, choices)
    brute_s = time.perf_counter() - start
    start = time.perf_counter()
    for name, country in sample:
        screener.matcher.match(name, country or None)
    index_s = time.perf_counter() - start
    counts = recall_pairs(screener, sample, matrix, owners)
    return {"sample": len(sample), "list_names": len(choices), "scorer": "token_set_ratio", "cutoff": CUTOFF,
            "brute_seconds": round(brute_s, 2), "brute_extrapolated_seconds": round(brute_s / len(sample) * rows),
            "index_match_seconds_one_core": round(index_s, 3), "speed_ratio": round(brute_s / index_s),
            **counts,
            "recall_all_pairs": _ratio(counts["kept"], counts["pairs"]),
            "recall_scorer_accepted": _ratio(counts["accepted_kept"], counts["accepted"]),
            "recall_scorer_accepted_final_matches": _ratio(counts["accepted_matched"], counts["accepted"]),
            "supplier_recall_scorer_accepted": _ratio(counts["suppliers_with_accepted_kept"],
                                                      counts["suppliers_with_accepted"])}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ---------------------------------------------------------------- 7: table and JSON

TARGETS = {
    "suppliers/s, --jobs 2 (steady state)": (">=", 5000),
    "100k end to end, --jobs 2 (s)": ("<=", 30),
    "cold start, warm `search` (s)": ("<=", 0.5),
    "peak RSS, process tree (MB)": ("<=", 600),
    "index recall vs brute force, scorer-accepted pairs": (">=", 0.995),
}


def headline(fig: dict) -> dict:
    """The figures the issue sets targets for (None when not measured)."""
    runs = fig["check"]["runs"]
    best = runs.get("2") or {}
    return {"suppliers/s, --jobs 2 (steady state)": best.get("steady_suppliers_per_second"),
            "100k end to end, --jobs 2 (s)": best.get("median_seconds") if fig["rows"] == 100_000 else None,
            "cold start, warm `search` (s)": fig["cold_start"]["median_seconds"],
            "peak RSS, process tree (MB)": max((r["peak_rss_tree_mb"] for r in runs.values()), default=None),
            "index recall vs brute force, scorer-accepted pairs": fig["brute_force"]["recall_scorer_accepted"]}


def print_table(fig: dict) -> None:
    """Everything measured, then the targets with met / not met."""
    flat = _flatten({k: v for k, v in fig.items() if k != "targets"})
    width = max(len(k) for k in flat)
    for key, value in flat.items():
        print(f"{key:{width}}  {value}")
    print()
    for name, row in fig["targets"].items():
        print(f"{name:52} {str(row['value']):>10}  target {row['op']} {row['target']:<6} {row['status']}")


def _flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def judge(fig: dict) -> dict:
    """Each target with its measured value and met / not met / not measured."""
    out = {}
    for name, value in headline(fig).items():
        op, target = TARGETS[name]
        status = "not measured" if value is None else (
            "met" if (value >= target if op == ">=" else value <= target) else "NOT met")
        out[name] = {"value": value, "op": op, "target": target, "status": status}
    return out


def machine() -> dict:
    """Where the figures come from."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "load_average_at_start": os.getloadavg(), "python": platform.python_version(),
            "platform": platform.platform(), "commit": commit}


# ---------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="suppliers in the generated file")
    parser.add_argument("--home", type=Path, help="list store to use or fill (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3, help="full `check` runs per --jobs value (median)")
    parser.add_argument("--repeat-budget", type=float, default=300,
                        help="no further repeat once the runs so far took this many seconds")
    parser.add_argument("--sample", type=int, default=300, help="suppliers compared with brute force")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (lists, corpora)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args()
    if not (args.shared / "data" / "lists").is_dir():
        print(f"official list snapshots not found in {args.shared}/data/lists", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="vendorrisk-screening-"))
    home = args.home or work / "home"
    try:
        fig = measure(home, work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"screening-{dt.date.today().isoformat()}.json"
    path.write_text(json.dumps(fig, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(fig)
    print(f"\nwritten to {path}")
    return 0


def measure(home: Path, work: Path, args) -> dict:
    """Run every step in order and collect the figures."""
    fig: dict = {"machine": machine(), "rows": args.rows, "seed": SEED}
    fig["import"] = _step("import", lambda: import_lists(home, args.shared / "data" / "lists"))
    fig["index"] = _step("index build", lambda: build_index(home))
    benign, positives = base_rows(args.shared)
    fig["suppliers"] = write_suppliers(work / "suppliers.csv", args.rows, benign, positives)
    write_suppliers(work / "small.csv", SMALL_ROWS, benign, positives)
    fig["cold_start"] = _step("cold start", lambda: cold_start(home))
    fig["importtime_top10"] = {
        "import vendorrisk.cli": importtime_top(["-c", "import vendorrisk.cli"], home),
        "vendorrisk search": importtime_top(["-m", "vendorrisk", "search", SEARCH, "--fail-on", "never"], home)}
    jobs = has_jobs()
    fig["check"] = {"jobs_option": jobs, "runs": {}}
    for n in (2, 1) if jobs else (None,):
        fig["check"]["runs"][str(n or "default")] = _step(
            f"check --jobs {n}", lambda n=n: end_to_end(home, work / "suppliers.csv", work / "small.csv",
                                                        work, n, args.repeat,
                                                        args.repeat_budget))
    if jobs:
        fig["check"]["same_bytes_jobs_1_and_2"] = _same_bytes(work / "report-1-0.json", work / "report-2-0.json")
    sample = sample_rows(benign, positives, args.sample)
    fig["brute_force"] = _step("brute force", lambda: compare_brute_force(home, sample, args.rows))
    fig["targets"] = judge(fig)
    return fig


def _same_bytes(a: Path, b: Path) -> bool:
    return hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def _step(title: str, run):
    print(f"[{time.strftime('%H:%M:%S')}] {title} ...", file=sys.stderr, flush=True)
    return run()


if __name__ == "__main__":
    sys.exit(main())
