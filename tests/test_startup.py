"""What a warm `vendorrisk search` imports: only the modules that screening one name needs.

Every module imported is paid for on every start-up (issue 5: cold start <= 0.5 s), so
the list parsers, the HTTP stack, bundled-list validation, pydantic and the other report
formats must stay off this path. The search runs in a fresh interpreter, as a user runs it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from vendorrisk.config import Settings
from vendorrisk.screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent

# Runs the CLI in this interpreter, then writes the names of all imported modules to argv[1].
DRIVER = """
import json, sys
from vendorrisk.cli import main
try:
    main(["search", "Hikvision UK Ltd", "--fail-on", "never"])
finally:
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""

NOT_ON_THE_SEARCH_PATH = (
    "vendorrisk.lists.sources",        # parsers of the official list files: only `lists update/import`
    "vendorrisk.lists.updater",
    "vendorrisk.lists.http",
    "requests",
    "defusedxml",
    "vendorrisk.lists.bundled",        # bundled YAML lists: only when the index is (re)built
    "yaml",                      # tables and rules come from parsed-yaml.json (vendorrisk.parsed_yaml)
    "vendorrisk.inputs",         # supplier files: only `check`
    "concurrent.futures.process",  # worker processes: only `check --jobs N`
    "multiprocessing",
    "pydantic",                  # records are dataclasses; index, manifest and rules are read by
    "pydantic_core",             # vendorrisk.record.decode, and pydantic is only for other input
    "asyncio",                   # (pydantic-core imports it through typing_extensions.deprecated)
    "numpy",                     # only batches on a preloaded index add up postings with numpy
    "rapidfuzz",                 # only once a process compares many words (vendorrisk.normalize.edits)
    "vendorrisk.integrations.spark",
    "vendorrisk.formats.html",   # formats other than the one asked for
    "vendorrisk.formats.sarif",
    "vendorrisk.formats.markdown",
    "vendorrisk.formats.csv_format",
)


@pytest.fixture(scope="module")
def warm_search(tmp_path_factory) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`vendorrisk search` on a store whose index is already built, and every module it imported."""
    home = tmp_path_factory.mktemp("startup-home")
    Screener(Settings(home=home))  # builds the index over the bundled lists
    listing = tmp_path_factory.mktemp("startup") / "modules.json"
    env = {**os.environ, "VENDORRISK_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", DRIVER, str(listing)], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)
    return done, set(json.loads(listing.read_text(encoding="utf-8")))


def test_warm_search_screens_the_name(warm_search):
    done, modules = warm_search
    assert done.returncode == 0, done.stderr
    assert "restricted" in done.stdout and "us-ndaa-889:hikvision" in done.stdout
    assert {"vendorrisk.scoring.matcher", "vendorrisk.policy.engine", "vendorrisk.formats.text"} <= modules


@pytest.mark.parametrize("module", NOT_ON_THE_SEARCH_PATH)
def test_warm_search_does_not_import(warm_search, module):
    _, modules = warm_search
    loaded = sorted(m for m in modules if m == module or m.startswith(module + "."))
    assert not loaded, f"`vendorrisk search` imported {loaded}"
