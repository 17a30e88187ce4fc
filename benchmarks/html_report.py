"""The HTML report of a large supplier file: its size, how long it takes to render, open and filter.

    python benchmarks/html_report.py --home /tmp/vr-home --work /tmp/html-bench [--rows 20000]

Builds the supplier file as benchmarks/screening.py does (benign names and eval-dev
positives, fixed seed), imports CSL, OFAC SDN, UK, UN and DPL from ../shared into
--home once, and screens it once into <work>/report.json (kept and reused). Then:

- render: `render(report, "html")` timed in this process (min and median of --repeat),
  the page's size, and the average bytes of a clear row and of a row with findings;
- open: headless Chromium loads the page from a file; a measuring script added for the
  run (the page's CSP is dropped to let it run) reads the navigation timings and times
  the page's own filters: a verdict, a search, a list, clearing them, and a sort.

Chromium's figures are its own clock inside the page (`performance.now()`), so its
start-up is not in them. State the load average with the figures: this machine is shared.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.screening import EPOCH, base_rows, import_lists, vendorrisk_cmd, write_suppliers  # noqa: E402
from vendorrisk.formats import load_report, render  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
MEASURE = """<script>
window.addEventListener("load", function () {
  var nav = performance.getEntriesByType("navigation")[0], out = {
    dom_interactive_ms: nav.domInteractive, dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    load_ms: performance.now()};
  function timed(name, act) {
    var start = performance.now();
    act();
    out[name + "_ms"] = performance.now() - start;
    out[name + "_shown"] = document.getElementById("shown").textContent;
  }
  function filter(hash) {
    return function () {
      history.replaceState(null, "", hash);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    };
  }
  timed("filter_verdict", filter("#verdict=restricted"));
  timed("filter_search", filter("#q=hikvision"));
  timed("filter_list", filter("#list=us-ofac-sdn&decision=undecided"));
  timed("filter_clear", filter("#verdict="));
  timed("sort_by_supplier", function () { document.querySelector("th[data-col=supplier] button").click(); });
  document.documentElement.setAttribute("data-bench", JSON.stringify(out));
});
</script>"""


def make_report(home: Path, work: Path, shared: Path, rows: int) -> Path:
    """Screen a `rows`-supplier file into work/report.json, unless it is there already."""
    report = work / f"report-{rows}.json"
    if report.is_file():
        return report
    import_lists(home, shared / "data" / "lists")
    benign, positives = base_rows(shared)
    suppliers = work / f"suppliers-{rows}.csv"
    write_suppliers(suppliers, rows, benign, positives)
    env = {**os.environ, "VENDORRISK_HOME": str(home), "SOURCE_DATE_EPOCH": str(EPOCH)}
    subprocess.run([*vendorrisk_cmd(), "check", str(suppliers), "--format", "json", "--output", str(report),
                    "--fail-on", "never"], env=env, check=True)
    return report


def render_figures(report_path: Path, repeat: int) -> tuple[str, dict]:
    """The page, and its render time, size and bytes per row."""
    report = load_report(report_path)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        page = render(report, "html")
        times.append(time.perf_counter() - start)
    table = page[page.index('<table id="suppliers">'):page.index("</table>", page.index('<table id="suppliers">'))]
    rows = re.findall(r"<tr .*?</tr>\n", table)
    flagged = [r for r in rows if 'data-dec="' in r]
    clear = [r for r in rows if 'data-dec="' not in r]
    size = len(page.encode("utf-8"))
    return page, {
        "suppliers": len(report.suppliers), "with_findings": len(flagged),
        "findings": sum(len(s.findings) for s in report.suppliers),
        "render_seconds_min": round(min(times), 3), "render_seconds_median": round(statistics.median(times), 3),
        "html_bytes": size, "html_mb": round(size / 1e6, 2),
        "clear_row_bytes": round(sum(len(r.encode()) for r in clear) / max(len(clear), 1)),
        "flagged_row_bytes": round(sum(len(r.encode()) for r in flagged) / max(len(flagged), 1)),
    }


def chromium_figures(page: str, work: Path, runs: int) -> dict:
    """Median of `runs` loads in headless Chromium of the page with the measuring script added."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {"skipped": "chromium is not installed"}
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page)
    path = work / "measured.html"
    path.write_text(page.replace("</body>", MEASURE + "\n</body>"), encoding="utf-8")
    results = []
    for n in range(runs):
        args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={work / f'profile-{n}'}", "--dump-dom", path.as_uri()]
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, timeout=600, check=True)
        wall = time.perf_counter() - start
        found = re.search(r'data-bench="([^"]*)"', done.stdout)
        if found is None:
            raise SystemExit("the measuring script did not run; is the page's script broken?")
        figures = json.loads(found[1].replace("&quot;", '"').replace("&amp;", "&"))
        figures["chromium_wall_seconds_with_startup"] = wall
        results.append(figures)
    medians = {k: statistics.median(r[k] for r in results) for k, v in results[0].items() if isinstance(v, float | int)}
    shown = {k: v for k, v in results[0].items() if k.endswith("_shown")}
    return {**{k: round(v, 1) if k.endswith("_ms") else round(v, 2) for k, v in medians.items()}, **shown,
            "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--home", type=Path, required=True, help="list store to fill once and reuse")
    parser.add_argument("--work", type=Path, required=True, help="folder for the supplier file, report and page")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5, help="renders to time")
    parser.add_argument("--browser-runs", type=int, default=3, help="Chromium loads to time")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    report = make_report(args.home, args.work, args.shared, args.rows)
    page, figures = render_figures(report, args.repeat)
    (args.work / "report.html").write_text(page, encoding="utf-8")
    figures["chromium"] = chromium_figures(page, args.work, args.browser_runs)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
