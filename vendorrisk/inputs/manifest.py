"""Vendor manifests kept in git: YAML, JSON and TOML lists of vendors, each with its line.

The documented shape (docs/pre-commit.md) is a list of vendors, either at the top
level or under a top-level `vendors:` (or `suppliers:`) key. Each vendor is a
mapping with `name` and optional `country`, `aliases`, `id` and `website` (other
scalar keys are kept as fields), or just a name string. Every vendor keeps the
line of its name so that a finding can point at `file:line`: YAML through node
marks, JSON through a scanner that records where each value starts, TOML through
a search for each `name = ...` in file order. CSV manifests use the CSV reader.
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import yaml

from vendorrisk.errors import InputError
from vendorrisk.inputs.rows import MAX_FIELD_CHARS, clean_name, shown
from vendorrisk.model import SkippedRow, SupplierRow

LIST_KEYS = ("vendors", "suppliers")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Item = tuple[object, int | None]
_YAML_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class ManifestStream:
    """The vendors of one YAML, JSON or TOML manifest, parsed at once and iterated in file order.

    Args:
        path: the manifest; its suffix chooses the parser (.yaml/.yml, .json, .toml).
        name_column: key holding the vendor name instead of `name`.
        country_column: key holding the country instead of `country`.

    Raises:
        InputError: the file cannot be read or parsed, or its top level is not a list of vendors.
    """

    encoding = "utf-8"

    def __init__(self, path: str | Path, *, name_column: str | None = None,
                 country_column: str | None = None) -> None:
        self.path = str(path)
        self.name_column = name_column or "name"
        self.country_column = country_column or "country"
        text = _read_text(Path(path))
        parse = _PARSERS.get(Path(path).suffix.lower(), _yaml_items)
        self._rows = tuple(self._row(value, line) for value, line in parse(text, self.path, self.name_column))

    def __iter__(self) -> Iterator[SupplierRow | SkippedRow]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def close(self) -> None:
        """Nothing to release: the file was read whole when the stream was opened."""

    def __enter__(self) -> ManifestStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _row(self, value: object, line: int | None) -> SupplierRow | SkippedRow:
        if isinstance(value, str):
            value = {self.name_column: value}
        if not isinstance(value, dict):
            return SkippedRow(line=line, path=self.path, reason=f"a vendor must be a mapping or a name, "
                              f"not {_kind(value)}", fields={"(value)": shown(str(value))})
        fields = _fields(value)
        problem = _problem(value, self.name_column, self.country_column)
        if problem:
            return SkippedRow(line=line, path=self.path, reason=problem, fields=fields)
        country = clean_name(value.get(self.country_column) or "")
        return SupplierRow(name=clean_name(str(value[self.name_column])), line=line, path=self.path,
                           country=country or None,
                           aliases=tuple(clean_name(a) for a in _aliases(value) if clean_name(a)),
                           fields=fields)


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise InputError("is a directory, not a manifest", path=str(path))
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot open the file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start})",
                         path=str(path)) from exc


def _kind(value: object) -> str:
    for kind, words in ((dict, "a mapping"), (list, "a list"), (bool, "true/false"), (str, "text")):
        if isinstance(value, kind):
            return words
    return "empty" if value is None else type(value).__name__


def _aliases(value: dict) -> list[str]:
    aliases = value.get("aliases") or []
    return [aliases] if isinstance(aliases, str) else [str(a) for a in aliases]


def _problem(value: dict, name_key: str, country_key: str) -> str | None:
    name = value.get(name_key)
    if isinstance(name, (dict, list, bool)):
        return f"`{name_key}` must be text, not {_kind(name)}"
    if name is None or not clean_name(str(name)):
        return f"no `{name_key}`: every vendor needs a name"
    if any(len(str(v)) > MAX_FIELD_CHARS for v in value.values() if not isinstance(v, (dict, list))):
        return f"a field is longer than {MAX_FIELD_CHARS:,} characters"
    if value.get(country_key) is not None and not isinstance(value.get(country_key), str):
        return f"`{country_key}` must be text, not {_kind(value[country_key])}"
    aliases = value.get("aliases")
    if aliases is not None and not isinstance(aliases, str) and (
            not isinstance(aliases, list) or any(isinstance(a, (dict, list)) for a in aliases)):
        return "`aliases` must be a list of names"
    return None


def _fields(value: dict) -> dict[str, str]:
    fields = {}
    for key, item in value.items():
        if isinstance(item, list) and not any(isinstance(i, (dict, list)) for i in item):
            fields[str(key)] = shown("; ".join(str(i) for i in item))
        elif item is not None and not isinstance(item, (dict, list)):
            fields[str(key)] = shown(str(item))
    return fields


def _vendor_list(data: object, path: str) -> list:
    if data is None:
        return []
    if isinstance(data, dict):
        key = next((k for k in LIST_KEYS if k in data), None)
        if key is None:
            raise InputError(f"no vendor list: expected a top-level list or a `vendors:` key "
                             f"(found {', '.join(map(str, data)) or 'an empty mapping'})", path=path)
        data = data[key]
    if not isinstance(data, list):
        raise InputError(f"the vendor list must be a list, not {_kind(data)}", path=path)
    return data


def _yaml_items(text: str, path: str, name_key: str) -> list[Item]:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        nodes = _yaml_vendor_nodes(root, path)
        return [(_yaml_value(node), _yaml_line(node, name_key)) for node in nodes]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = f" ({exc.context} on line {exc.context_mark.line + 1})" if exc.context and exc.context_mark \
            and exc.problem else ""
        raise InputError(f"not valid YAML: {exc.problem or exc.context}{context}", path=path,
                         line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path=path) from exc
    finally:
        loader.dispose()


def _yaml_vendor_nodes(root: yaml.Node, path: str) -> list[yaml.Node]:
    if isinstance(root, yaml.MappingNode):
        found = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        key = next((k for k in LIST_KEYS if k in found), None)
        if key is None:
            raise InputError("no vendor list: expected a top-level list or a `vendors:` key",
                             path=path, line=root.start_mark.line + 1)
        root = found[key]
        if isinstance(root, yaml.ScalarNode) and root.value in _YAML_NULLS:
            return []
    if not isinstance(root, yaml.SequenceNode):
        raise InputError("the vendor list must be a list", path=path, line=root.start_mark.line + 1,
                         column=root.start_mark.column + 1)
    return list(root.value)


def _yaml_value(node: yaml.Node, depth: int = 0) -> object:
    """A node as plain text, lists and mappings."""
    # NOTE: scalars stay text on purpose: YAML 1.1 typing would turn country `NO`
    # into False and an id like `00123` into the number 83.
    if depth > 20:
        return None
    if isinstance(node, yaml.ScalarNode):
        return None if node.style is None and node.value in _YAML_NULLS else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_value(n, depth + 1) for n in node.value]
    return {str(_yaml_value(k, depth + 1)): _yaml_value(v, depth + 1) for k, v in node.value}


def _yaml_line(node: yaml.Node, name_key: str) -> int:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == name_key:
                return value.start_mark.line + 1
    return node.start_mark.line + 1


class _At(str):
    """A JSON string value that remembers the offset where it starts."""

    offset: int


class _AtDict(dict):
    """A JSON object that remembers the offset of its `{`."""

    offset: int


def _json_items(text: str, path: str, name_key: str) -> list[Item]:
    decoder = json.JSONDecoder()

    def parse_string(s, end, strict):
        value, after = json.decoder.scanstring(s, end, strict)
        located = _At(value)
        located.offset = end - 1
        return located, after

    def parse_object(s_and_end, *args):
        obj, after = json.decoder.JSONObject(s_and_end, *args)
        located = _AtDict(obj)
        located.offset = s_and_end[1] - 1
        return located, after

    decoder.parse_string, decoder.parse_object = parse_string, parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from exc
    newlines = [i for i, c in enumerate(text) if c == "\n"]

    def line_of(value: object) -> int | None:
        if isinstance(value, dict) and isinstance(value.get(name_key), _At):
            value = value[name_key]
        offset = getattr(value, "offset", None)
        return None if offset is None else bisect.bisect_left(newlines, offset) + 1

    return [(_plain(v), line_of(v)) for v in _vendor_list(data, path)]


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_STRING = r"(\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')"
_TOML_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*(?:vendors|suppliers)[ \t]*\]\]", re.M)


def _toml_items(text: str, path: str, name_key: str) -> list[Item]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_AT.search(str(exc))
        message = _TOML_AT.sub("", str(exc)).strip()
        raise InputError(f"not valid TOML: {message}", path=path, line=int(where[1]) if where else None,
                         column=int(where[2]) if where else None) from exc
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    headers = [m.start() for m in _TOML_HEADER.finditer(text)]
    keyed = re.compile(rf"(?:^|(?<=[\s{{,])){re.escape(name_key)}[ \t]*=[ \t]*{_TOML_STRING}", re.M)
    bare = re.compile(_TOML_STRING)
    cursor, items = 0, []
    for number, vendor in enumerate(_vendor_list(data, path)):
        name = vendor.get(name_key) if isinstance(vendor, dict) else vendor
        found = _toml_find(text, keyed if isinstance(vendor, dict) else bare, name, cursor)
        if found is None and number < len(headers):
            found = headers[number]
        else:
            cursor = found + 1 if found is not None else cursor
        items.append((vendor, None if found is None else bisect.bisect_left(newlines, found) + 1))
    return items


def _toml_find(text: str, pattern: re.Pattern, name: object, start: int) -> int | None:
    """Offset of the next string literal equal to `name` (after `name =` when keyed) from `start`."""
    if not isinstance(name, str):
        return None
    for match in pattern.finditer(text, start):
        try:
            if tomllib.loads(f"v = {match[1]}")["v"] == name:
                return match.start()
        except tomllib.TOMLDecodeError:
            continue
    return None


_PARSERS = {".yaml": _yaml_items, ".yml": _yaml_items, ".json": _json_items, ".toml": _toml_items}

__all__ = ["LIST_KEYS", "ManifestStream"]
