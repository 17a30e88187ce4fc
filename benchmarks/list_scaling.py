"""How screening cost grows with list size: the real lists, then 3x and 10x their size.

The larger lists are synthesised from the real ones (the shared official snapshots in
a store, plus the bundled lists): each official entry gets `factor - 1` invented
siblings whose names and aliases are the real ones written the ways lists and
registries vary them (adjacent words swapped, a legal form changed or added, a one-
letter typo, a transliteration variant such as kh/h or ts/tz, a generic word added),
drawn with a fixed seed. The siblings carry new ids and no relations, so the list
grows the way a bigger collection of sources grows: many more names, and many names
close to each other.

For each factor it builds the candidate index (timed, sized) and screens
../shared/eval-dev to a JSON report scored by its score.py (recall and false-alert
rate). Then it measures the CPU per supplier of each factor `--rounds` times, the
factors taking turns, each time in a fresh process on one core: a sample of distinct
supplier names, screened with the index preloaded and in batches as a worker of
`check --jobs N` screens them (`assess_batch_in_worker`), after `--warmup` other
names have filled the caches as they are in a long batch. Each factor's figure is the
median of its rounds; taking turns keeps the machine's drift (several per cent over
minutes on a shared machine) out of the comparison between factors.

    python benchmarks/list_scaling.py --home HOME [--factors 1 3 10] [--rounds 3] [--sample 5000] [--warmup 10000]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import SHARED, base_rows, import_lists  # noqa: E402
from vendorrisk.config import load_settings  # noqa: E402
from vendorrisk.index import build_index  # noqa: E402
from vendorrisk.lists.catalog import ListCatalog  # noqa: E402
from vendorrisk.model import ListEntry  # noqa: E402
from vendorrisk.screening.pipeline import ReportOutput, screen_file  # noqa: E402
from vendorrisk.screening.screener import Screener  # noqa: E402
from vendorrisk.screening.workers import BATCH_SIZE, assess_batch_in_worker  # noqa: E402

SEED = 20261206
LEGAL_FORMS = ("Ltd", "Limited", "LLC", "Co., Ltd.", "GmbH", "JSC", "OOO", "S.A.", "Corporation", "Inc.")
GENERIC = ("Trading", "Group", "International", "Holding", "Industrial", "Technology")
TRANSLITERATIONS = (("kh", "h"), ("ts", "tz"), ("y", "i"), ("sh", "sch"), ("ou", "u"), ("iy", "ii"), ("zh", "j"))


def swap_words(name: str, rng: random.Random) -> str:
    words = name.split()
    if len(words) < 2:
        return name
    at = rng.randrange(len(words) - 1)
    words[at], words[at + 1] = words[at + 1], words[at]
    return " ".join(words)


def change_legal_form(name: str, rng: random.Random) -> str:
    words = name.split()
    if words and words[-1].rstrip(".,").lower() in {f.rstrip(".,").lower() for f in LEGAL_FORMS}:
        words = words[:-1]
    return " ".join([*words, rng.choice(LEGAL_FORMS)])


def typo(name: str, rng: random.Random) -> str:
    spots = [m for m in re.finditer(r"[A-Za-z]{5,}", name)]
    if not spots:
        return name
    word = rng.choice(spots)
    at = rng.randrange(word.start() + 1, word.end() - 1)
    how = rng.randrange(3)
    if how == 0:  # deletion
        return name[:at] + name[at + 1:]
    if how == 1:  # transposition
        return name[:at] + name[at + 1] + name[at] + name[at + 2:]
    return name[:at] + rng.choice("aeiourstn") + name[at + 1:]  # substitution


def transliterate(name: str, rng: random.Random) -> str:
    found = [(a, b) for a, b in TRANSLITERATIONS if a in name.lower()] + \
            [(b, a) for a, b in TRANSLITERATIONS if b in name.lower()]
    if not found:
        return typo(name, rng)
    old, new = rng.choice(found)
    return re.sub(re.escape(old), new, name, count=1, flags=re.IGNORECASE)


def add_generic(name: str, rng: random.Random) -> str:
    words = name.split()
    words.insert(max(1, len(words) - 1), rng.choice(GENERIC))
    return " ".join(words)


VARIATIONS = (swap_words, change_legal_form, typo, transliterate, add_generic)


def vary(name: str, rng: random.Random) -> str:
    """`name` with one or two realistic variations."""
    for change in rng.sample(VARIATIONS, rng.choice((1, 1, 2))):
        name = change(name, rng)
    return name


def grown(entries: list[ListEntry], factor: int) -> Iterator[ListEntry]:
    """The entries, each official one followed by `factor - 1` invented siblings."""
    for number, entry in enumerate(entries):
        yield entry
        if entry.source.startswith(("us-", "uk-sanctions", "un-")) and entry.citation is not None \
                and not entry.related:
            for copy in range(1, factor):
                rng = random.Random(f"{SEED}:{number}:{copy}")
                yield entry.model_copy(update={
                    "id": f"{entry.id}~{copy}", "name": vary(entry.name, rng),
                    "aliases": tuple(vary(a, rng) for a in entry.aliases[:4]), "weak_aliases": (),
                    "derived": (), "related": ()})


def build(home: Path, factor: int, folder: Path) -> tuple[Path, dict]:
    """Build the index of the lists grown `factor` times; the siblings are invented before the clock starts."""
    catalog = ListCatalog(home)
    entries = list(grown(list(catalog.entries()), factor))
    snapshots = catalog.snapshots()
    path = folder / f"index-x{factor}.sqlite"
    start, cpu = time.perf_counter(), time.process_time()
    build_index(entries, path, f"scaling-x{factor}",
                extra_meta={"snapshots": json.dumps([s.model_dump(mode="json") for s in snapshots])})
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = round(path.stat().st_size / 2**20, 1)
    return path, {"entries": len(entries), "build_seconds": round(seconds, 1), "build_cpu_seconds": round(cpu, 1),
                  "index_mb": size}


def per_supplier(screener: Screener, names: list[tuple[str, str]], warmup: list[tuple[str, str]]) -> dict:
    """CPU per distinct supplier once `warmup` (other names) has filled the caches a long batch keeps warm."""
    screener.prepare_for_batch()
    in_batches(screener, warmup)
    cpu, wall = time.process_time(), time.perf_counter()
    in_batches(screener, names)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"suppliers": len(names), "cpu_us_per_supplier": round(cpu / len(names) * 1e6),
            "wall_us_per_supplier": round(wall / len(names) * 1e6), "names_indexed": screener.index.size}


def in_batches(screener: Screener, names: list[tuple[str, str]]) -> None:
    """Screen (name, country) pairs as a worker does, `BATCH_SIZE` distinct names at a time."""
    keys = [(name, country or None, (), (), ()) for name, country in names]  # no aliases, names, identifiers
    for start in range(0, len(keys), BATCH_SIZE):
        assess_batch_in_worker(screener, keys[start:start + BATCH_SIZE], "json")


def eval_dev(screener: Screener, shared: Path, folder: Path) -> dict:
    report = folder / "eval-dev.json"
    with report.open("w", encoding="utf-8") as out:
        screen_file(shared / "eval-dev" / "suppliers.csv", screener,
                    now=dt.datetime(2026, 12, 6, tzinfo=dt.timezone.utc), output=ReportOutput("json", out))
    evaluation = shared / "eval-dev"
    done = subprocess.run([sys.executable, str(evaluation / "score.py"), str(evaluation / "labels.csv"),
                           str(report), "--json"], capture_output=True, text=True, check=False)
    figures = json.loads(done.stdout[done.stdout.index("{"):done.stdout.rindex("}") + 1])
    return {k: figures[k] for k in ("recall", "fp_rate", "precision", "f1") if k in figures}


def measure_in_fresh_process(home: Path, path: Path, sample: int, warmup: int) -> dict:
    """`per_supplier` of the index at `path`, in a new interpreter (`--measure`), as a worker starts."""
    done = subprocess.run([sys.executable, __file__, "--home", str(home), "--measure", str(path), "--sample",
                           str(sample), "--warmup", str(warmup)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each factor, taking turns")
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=10_000,
                        help="other distinct names screened first, so that caches are as a long batch has them")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one measurement of this index file
    args = parser.parse_args()
    benign, positives = base_rows(args.shared)
    sample = list(dict.fromkeys(benign + positives))
    random.Random(SEED).shuffle(sample)
    sample, warmup = sample[:args.sample], sample[args.sample:args.sample + args.warmup]
    if args.measure:
        screener = Screener(load_settings({"home": str(args.home)}), index_path=args.measure)
        print(json.dumps({**per_supplier(screener, sample, warmup), "load": os.getloadavg()[0]}))
        return 0
    import_lists(args.home, args.shared / "data" / "lists")
    results = {}
    with tempfile.TemporaryDirectory() as work:
        paths = {}
        for factor in args.factors:
            load = os.getloadavg()[0]
            paths[factor], built = build(args.home, factor, Path(work))
            screener = Screener(load_settings({"home": str(args.home)}), index_path=paths[factor])
            results[factor] = {"factor": factor, **built, **eval_dev(screener, args.shared, Path(work)),
                               "load_before_after": [load, os.getloadavg()[0]]}
            screener.index.close()
        for _ in range(args.rounds):
            for factor in args.factors:
                found = measure_in_fresh_process(args.home, paths[factor], len(sample), len(warmup))
                rounds = results[factor].setdefault("rounds", [])
                rounds.append({k: found[k] for k in ("cpu_us_per_supplier", "wall_us_per_supplier", "load")})
    for result in results.values():
        cpu = [r["cpu_us_per_supplier"] for r in result["rounds"]]
        result.update(suppliers=len(sample), warmup=len(warmup), cpu_us_per_supplier=round(statistics.median(cpu)),
                      cpu_range=[min(cpu), max(cpu)])
        print(json.dumps(result), flush=True)
    base = results[args.factors[0]]
    print(json.dumps({"cost_vs_first": {f: round(r["cpu_us_per_supplier"] / base["cpu_us_per_supplier"], 2)
                                        for f, r in results.items()},
                      "cost_vs_first_by_round": {f: [round(a["cpu_us_per_supplier"] / b["cpu_us_per_supplier"], 2)
                                                     for a, b in zip(r["rounds"], base["rounds"])]
                                                 for f, r in results.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
