"""The parsed-YAML caches beside the bundled YAML: current, exact, and never used when stale."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from vendorrisk.parsed_yaml import CACHE_NAME, YAML_SUFFIXES, bundled_folders, lookup, render
from vendorrisk.policy.yamlfile import load_marked, parse_marked

FOLDERS = bundled_folders()


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_shipped_cache_is_current(folder):
    shipped = (folder / CACHE_NAME).read_text(encoding="utf-8")
    assert shipped == render(folder, parse_marked), "run `python -m vendorrisk.parsed_yaml` and commit the result"


@pytest.mark.parametrize("path", [p for f in FOLDERS for p in _yaml_files(f)], ids=lambda p: p.name)
def test_every_bundled_file_is_served_exactly_as_yaml_parses_it(path):
    text = path.read_text(encoding="utf-8")
    cached = lookup(path, text)
    assert cached is not None, f"{path.name} is not in {CACHE_NAME}"
    assert cached == parse_marked(path, text)
    assert type(cached[0]) is type(parse_marked(path, text)[0])


def test_dates_keep_their_type(tmp_path):
    path = tmp_path / "dated.yml"
    path.write_text("when: 2019-10-09\nlabel: '2019-10-09'\nitems: [1, 2.5, true, null]\n", encoding="utf-8")
    (tmp_path / CACHE_NAME).write_text(render(tmp_path, parse_marked), encoding="utf-8")
    data, lines = lookup(path, path.read_text(encoding="utf-8"))
    assert data == {"when": dt.date(2019, 10, 9), "label": "2019-10-09", "items": [1, 2.5, True, None]}
    assert type(data["items"][0]) is int and lines[("items",)] == 3


def test_an_edited_file_is_parsed_again_not_read_from_the_cache(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(FOLDERS[1], folder)
    path = folder / "VR001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("listed-party-match", "listed-party-hit"),
                    encoding="utf-8")
    assert lookup(path, path.read_text(encoding="utf-8")) is None
    assert load_marked(path).data["name"] == "listed-party-hit"


def test_what_json_cannot_carry_is_left_to_yaml(tmp_path):
    (tmp_path / "int-keys.yml").write_text("1: one\n", encoding="utf-8")
    (tmp_path / "stamp.yml").write_text("at: 2020-01-01 10:00:00\n", encoding="utf-8")
    (tmp_path / "broken.yml").write_text("a: [\n", encoding="utf-8")
    (tmp_path / "plain.yml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / CACHE_NAME).write_text(render(tmp_path, parse_marked), encoding="utf-8")
    served = {p.name for p in _yaml_files(tmp_path) if lookup(p, p.read_text(encoding="utf-8")) is not None}
    assert served == {"plain.yml"}
    assert load_marked(tmp_path / "int-keys.yml").data == {1: "one"}


def test_a_damaged_cache_is_ignored(tmp_path):
    path = tmp_path / "plain.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert lookup(path, "a: 1\n") is None
    assert load_marked(path).data == {"a": 1}
