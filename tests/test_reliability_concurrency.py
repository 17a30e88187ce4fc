"""An update running while `check` screens never makes the check fail or mix two snapshots.

A child process swaps two versions of us-bis-dpl into the store as fast as it can
(A: names as listed, B: every name ends in " B"). Meanwhile real `vendorrisk check`
processes, and screeners in this process, read the store. Every report must be
whole: exit 0 or 1, no traceback, and the findings must come from the very
snapshot that the report's `lists` section names.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fixtures.reliability.support import dpl_file, spawn, start_swapper, wait_for
from vendorrisk.config import Settings
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import import_source
from vendorrisk.lists.sources import SOURCES

SOURCE = "us-bis-dpl"
SUPPLIERS = "name,country\nKestrel Orbital 0 Trading,AE\nAcme Widgets Ltd,GB\nVostok Polymer 2 Trading,AE\n"


@pytest.fixture
def versions(tmp_path) -> dict[str, str]:
    """Two dpl.txt versions, A installed; returns {sha256: tag}. The home has bundled lists off."""
    a, b = dpl_file(tmp_path / "a", 300), dpl_file(tmp_path / "b", 300, " B")
    import_source(Store(Path(os.environ["VENDORRISK_HOME"])), SOURCES[SOURCE], a)
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    (tmp_path / "suppliers.csv").write_text(SUPPLIERS)
    return {hashlib.sha256(p.read_bytes()).hexdigest(): tag for p, tag in ((a, ""), (b, " B"))}


@pytest.fixture
def swapper(versions, tmp_path):
    """The child process swapping A and B in turn; yields a function that stops it and returns its swap count."""
    stop = tmp_path / "stop"
    proc = start_swapper(Path(os.environ["VENDORRISK_HOME"]), [tmp_path / "b" / "dpl.txt",
                                                               tmp_path / "a" / "dpl.txt"], stop)

    def finish() -> int:
        stop.touch()
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        return int(out.strip())

    yield finish
    if proc.poll() is None:
        stop.touch()
        proc.wait(60)


def assert_whole(report: dict, versions: dict[str, str]) -> str:
    """The report's findings all come from the snapshot its `lists` names; returns that version's tag."""
    (used,) = [u for u in report["lists"] if u["source"] == SOURCE]
    tag = versions[used["sha256"]]
    names = [f["entry"]["name"] for s in report["suppliers"] for f in s["findings"]]
    assert names, "the listed suppliers were not found"
    assert all(n.endswith(" TRADING" + tag) for n in names), (tag, names)
    return tag


def _check(cwd: Path) -> tuple[int, str, str]:
    proc = spawn("check", "suppliers.csv", "--format", "json", "--fail-on", "never", cwd=cwd)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


@pytest.mark.slow  # several child `check` processes, each building its index
def test_check_processes_during_updates_never_fail_or_mix_snapshots(versions, swapper, tmp_path):
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: _check(tmp_path), range(2)))
    swaps = swapper()
    assert swaps >= 4, f"only {swaps} swaps happened while the checks ran"
    for code, out, err in results:
        assert code == 0, err
        assert "Traceback" not in err and all(line.startswith("vendorrisk: ") for line in err.splitlines())
        assert_whole(json.loads(out), versions)


@pytest.mark.slow  # screens for a few seconds while another process swaps snapshots
def test_screeners_opened_during_updates_see_one_whole_snapshot(versions, swapper, tmp_path):
    home = Path(os.environ["VENDORRISK_HOME"])
    settings = Settings(home=home, bundled_lists=False)
    rows = [SupplierRow(name=line.split(",")[0], country="AE", line=n)
            for n, line in enumerate(SUPPLIERS.splitlines()[1:], 2)]
    first = Store(home).record(SOURCE).sha256
    wait_for(lambda: Store(home).record(SOURCE).sha256 != first, 30, "the first swap", poll=0.05)
    seen, rounds, deadline = set(), 0, time.monotonic() + 30
    while (rounds < 8 or len(seen) < 2) and time.monotonic() < deadline:
        report = Screener(settings).screen(rows)
        seen.add(assert_whole(json.loads(report.model_dump_json()), versions))
        rounds += 1
    assert swapper() >= rounds // 2
    assert seen == {"", " B"}, f"only saw versions {seen} in {rounds} rounds; the test did not overlap the updates"
