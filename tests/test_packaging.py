"""Packaging: an installed vendorrisk (not a checkout) carries and finds the bundled lists and rules.

In a wheel the top-level `lists/` and `rules/` folders are the `vendorrisk_data.lists`
and `vendorrisk_data.rules` packages (pyproject.toml); `vendorrisk.resources.data_dir`
falls back to them when there is no checkout around the code.
"""
from __future__ import annotations

import fnmatch
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from setuptools import find_namespace_packages

REPO = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
DATA_PACKAGES = {"vendorrisk_data": "vendorrisk_data", "vendorrisk_data.lists": "lists",
                 "vendorrisk_data.rules": "rules"}


def test_every_vendorrisk_package_is_listed_for_the_wheel():
    found = set(find_namespace_packages(str(REPO), include=["vendorrisk", "vendorrisk.*"]))
    found = {p for p in found if any((REPO / p.replace(".", "/")).glob("*.py"))}  # code, not data folders
    listed = set(SETUPTOOLS["packages"])
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(DATA_PACKAGES)


def test_data_packages_map_to_the_bundled_folders():
    assert SETUPTOOLS["package-dir"] == {k: v for k, v in DATA_PACKAGES.items() if k != "vendorrisk_data"}
    assert (REPO / "vendorrisk_data" / "__init__.py").is_file()


@pytest.mark.parametrize("package, folder", [("vendorrisk_data.lists", "lists"), ("vendorrisk_data.rules", "rules")])
def test_every_bundled_file_is_covered_by_package_data(package, folder):
    patterns = SETUPTOOLS["package-data"][package]
    files = [p.name for p in (REPO / folder).iterdir() if p.is_file()]
    assert files, f"{folder}/ is empty"
    left_out = [name for name in files if not any(fnmatch.fnmatch(name, pat) for pat in patterns)]
    assert left_out == [], f"{folder}/ files that would not be in a wheel: {left_out}"


def _build_lib(target: Path) -> None:
    """What a wheel contains, without needing the network for an isolated build."""
    done = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "-q",
                           "build_py", "--build-lib", str(target)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_built_package_carries_lists_and_rules_and_screens_without_a_checkout(tmp_path):
    lib = tmp_path / "lib"
    _build_lib(lib)
    for folder in ("lists", "rules"):
        shipped = sorted(p.name for p in (lib / "vendorrisk_data" / folder).iterdir())
        assert shipped == sorted(p.name for p in (REPO / folder).iterdir() if p.is_file())
    assert not (lib / "lists").exists() and not (lib / "rules").exists()
    script = ("import json; from vendorrisk.resources import data_dir; from vendorrisk.screening.screener import screen; "
              "r = screen(['ZTE Corporation']); "
              "print(json.dumps([str(data_dir('lists')), r.suppliers[0].verdict, len(r.lists)]))")
    env = {**os.environ, "PYTHONPATH": str(lib), "VENDORRISK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lists_dir, verdict, lists = json.loads(done.stdout)
    assert lists_dir == str(lib / "vendorrisk_data" / "lists")
    assert verdict == "restricted" and lists == len(list((REPO / "lists").glob("*.yaml")))
