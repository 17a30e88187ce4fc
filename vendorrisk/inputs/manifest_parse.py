"""Where the vendors of a YAML, JSON or TOML manifest are, and on which line.

Each parser returns `(value, line)` pairs in file order, where `value` is the
vendor as plain text, lists and mappings, and `line` is the line of its name:
YAML through node marks, JSON through a scanner that records where each value
starts, TOML through a search for each `name = "..."` literal in file order.
Judging whether a vendor can be screened is `vendorrisk.inputs.manifest`'s job.
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
import tomllib

import yaml

from vendorrisk.errors import InputError

LIST_KEYS = ("vendors", "suppliers")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Item = tuple[object, int | None]
_YAML_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def kind_of(value: object) -> str:
    """A value's kind in words, for messages: "a mapping", "a list", "text", ..."""
    for kind, words in ((dict, "a mapping"), (list, "a list"), (bool, "true/false"), (str, "text")):
        if isinstance(value, kind):
            return words
    return "empty" if value is None else type(value).__name__


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
        raise InputError(f"the vendor list must be a list, not {kind_of(data)}", path=path)
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


PARSERS = {".yaml": _yaml_items, ".yml": _yaml_items, ".json": _json_items, ".toml": _toml_items}


def parse_manifest(text: str, path: str, suffix: str, name_key: str) -> list[Item]:
    """Every vendor of a manifest with the line of its name; the suffix chooses the format (YAML by default).

    Raises:
        InputError: the text is not valid in its format, or has no list of vendors.
    """
    return PARSERS.get(suffix.lower(), _yaml_items)(text, path, name_key)


__all__ = ["LIST_KEYS", "PARSERS", "Item", "kind_of", "parse_manifest"]
