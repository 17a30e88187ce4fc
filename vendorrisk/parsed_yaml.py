"""Bundled YAML parsed ahead of time, so that start-up does not import PyYAML.

Every `vendorrisk search` reads the normaliser tables and every bundled rule file;
importing PyYAML and parsing them was about a tenth of its start-up time. Each of
those folders therefore carries ``parsed-yaml.json``: for every YAML file, the
SHA-256 of its text, the data PyYAML's safe loader builds from it and the line of
every key and list item (as `parse_marked` records them). A file
whose text no longer matches its entry is parsed as YAML, as before: an edited
file is never read stale, only more slowly.

After editing a bundled YAML file, rewrite the caches (tests/test_parsed_yaml.py
fails until then)::

    python -m vendorrisk.parsed_yaml
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vendorrisk.errors import RuleError, VendorRiskError

if TYPE_CHECKING:
    import yaml

CACHE_NAME = "parsed-yaml.json"
FORMAT = 1
YAML_SUFFIXES = (".yml", ".yaml")

Loc = tuple[str | int, ...]
Parsed = tuple[object, dict[Loc, int]]


def lookup(path: Path, text: str) -> Parsed | None:
    """The data and key lines of YAML file `path` whose text is `text`, or None when not cached."""
    entry = _entries(path.parent).get(path.name)
    if not isinstance(entry, dict) or entry.get("sha256") != _digest(text):
        return None
    try:
        return _decode(entry["data"]), {tuple(loc): line for loc, line in entry["lines"]}
    except (KeyError, TypeError, ValueError):  # a damaged cache is no cache
        return None


def render(folder: Path, parse: Callable[[Path, str], Parsed]) -> str:
    """The ``parsed-yaml.json`` text for every YAML file in `folder`, parsed with `parse`.

    A file that does not parse, or whose data JSON cannot carry exactly (types other
    than mappings with text keys, lists, text, numbers, booleans, null and dates), is
    left out and will be parsed as YAML when read.
    """
    rows = []  # one file per line, so that a diff shows which files changed
    for path in sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()):
        text = path.read_text(encoding="utf-8")
        entry = _entry(path, text, parse)
        if entry is not None:
            rows.append(f"{json.dumps(path.name)}: {json.dumps(entry, ensure_ascii=False, separators=(',', ':'))}")
    return f'{{"format": {FORMAT}, "files": {{\n' + ",\n".join(rows) + "\n}}\n"


def parse_marked(path: Path, text: str) -> tuple[object, dict[Loc, int]]:
    """Parse the YAML `text` of file `path`: its data and the line of every key and list item.

    Raises:
        RuleError: the text is not valid YAML, or repeats a key.
    """
    import yaml

    # NOTE: the libyaml loader is ~5x faster and keeps the same marks; fall back when absent.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise RuleError(f"{where}: invalid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _walk(path, node, (), lines)
    return data, lines


def _walk(path: Path, node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if node.id == "mapping":
        for key_node, value_node in node.value:
            key = key_node.value
            if loc + (key,) in lines:
                line = key_node.start_mark.line + 1
                raise RuleError(f"{path}:{line}: key {key!r} appears twice")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            _walk(path, value_node, loc + (key,), lines)
    elif node.id == "sequence":
        for index, item in enumerate(node.value):
            _walk(path, item, loc + (index,), lines)


def bundled_folders() -> tuple[Path, ...]:
    """The folders whose YAML every screening reads: the normaliser tables and the bundled rules."""
    from vendorrisk.resources import data_dir

    return Path(__file__).parent / "normalize", data_dir("rules")


def _entry(path: Path, text: str, parse: Callable[[Path, str], Parsed]) -> dict | None:
    try:
        data, marks = parse(path, text)
        entry = {"sha256": _digest(text), "data": _encode(data), "lines": [[list(loc), n] for loc, n in marks.items()]}
        again = json.loads(json.dumps(entry))
        exact = _decode(again["data"]) == data and {tuple(loc): n for loc, n in again["lines"]} == marks
    except (VendorRiskError, TypeError, ValueError):  # invalid YAML or data JSON cannot carry
        return None
    return entry if exact else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entries(folder: Path) -> dict:
    path = folder / CACHE_NAME
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        doc = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("files"), dict):
        return {}
    return doc["files"]


def _encode(value: object) -> object:
    if type(value) is dt.date:
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("JSON keys are text")
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise TypeError(f"cannot carry {type(value).__name__} in JSON")


def _decode(value: object) -> object:
    if isinstance(value, dict):
        if value.keys() == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def main() -> None:
    """Rewrite ``parsed-yaml.json`` in every bundled folder; print the ones that changed."""
    for folder in bundled_folders():
        target = folder / CACHE_NAME
        text = render(folder, parse_marked)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated: {target}")


if __name__ == "__main__":
    main()
