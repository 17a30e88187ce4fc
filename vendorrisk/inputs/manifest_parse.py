"""Where the vendors of a YAML, JSON or TOML manifest are, and on which line.

Each parser returns `(value, line)` pairs in file order, where `value` is the
vendor as plain text, lists and mappings, and `line` is the line of its name:
YAML through parser events, JSON through a scanner that records where each value
starts, TOML through a search for each `name = "..."` literal in file order.
Judging whether a vendor can be screened is `vendorrisk.inputs.manifest`'s job.

Every parser works within explicit budgets (`MAX_MANIFEST_BYTES`, `MAX_DEPTH`,
`MAX_NODES` with YAML aliases expanded, `MAX_NUMBER_CHARS`); going over one, or
repeating a key in one mapping, is one `InputError` naming the file and line.
"""
from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
import tomllib
from collections.abc import Callable

import yaml

from vendorrisk.errors import InputError

LIST_KEYS = ("vendors", "suppliers")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Item = tuple[object, int | None]
KeyOf = Callable[[dict], "str | None"]
_YAML_NULLS = frozenset(("", "~", "null", "Null", "NULL"))

# Budgets: a manifest over any of them is refused with one line naming the budget.
MAX_MANIFEST_BYTES = 16 << 20
MAX_DEPTH = 64  # lists and mappings inside each other
MAX_NODES = 200_000  # values, counting each YAML alias as the whole value it stands for
MAX_NUMBER_CHARS = 100  # digits of one JSON or TOML number


def budget_error(what: str, path: str, line: int | None) -> InputError:
    """The one line said when a manifest goes over a budget."""
    return InputError(f"over a manifest budget: {what}; vendorrisk refuses such a file", path=path, line=line)


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
                             f"(found {', '.join(map(str, data)) or 'an empty mapping'})", path=path,
                             line=getattr(data, "line", None))
        data = data[key]
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(f"the vendor list must be a list, not {kind_of(data)}", path=path,
                         line=getattr(data, "line", None))
    return data


class _Map(dict):
    """A YAML mapping that remembers its line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class _Seq(list):
    """A YAML sequence that remembers its line and the line of each item."""

    line: int
    item_lines: list[int]


class _Frame:
    """A YAML collection being built from parser events."""

    __slots__ = ("value", "key", "size", "anchor")

    def __init__(self, value: _Map | _Seq, anchor: str | None) -> None:
        self.value, self.key, self.size, self.anchor = value, _Frame, 1, anchor


def _yaml_items(text: str, path: str, key_of: KeyOf) -> list[Item]:
    loader = _Loader(text)
    try:
        root = _YamlBuilder(path).build(loader)
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
    vendors = _vendor_list(root, path)
    lines = getattr(vendors, "item_lines", [None] * len(vendors))
    return [(v, _yaml_line(v, line, key_of)) for v, line in zip(vendors, lines)]


def _yaml_line(vendor: object, line: int | None, key_of: KeyOf) -> int | None:
    if isinstance(vendor, _Map):
        return vendor.key_lines.get(key_of(vendor), line)
    return line


class _YamlBuilder:
    """Plain values (text, lists, mappings) from YAML parser events, within the budgets.

    Building from events, not from a composed node tree, keeps nesting off the
    call stack and lets every alias be counted as the whole value it stands for
    before anything is expanded: an alias bomb stops at `MAX_NODES`.
    """

    def __init__(self, path: str) -> None:
        self.path, self.nodes, self.anchors = path, 0, {}
        self.stack: list[_Frame] = []
        self.root: object = None

    def build(self, loader) -> object:
        documents = 0
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise InputError("more than one YAML document (a `---` line); a manifest is one document",
                                     path=self.path, line=event.start_mark.line + 1)
            else:
                self._event(event)
        return self.root

    def _event(self, event) -> None:
        line = event.start_mark.line + 1
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                raise budget_error(f"lists and mappings nested more than {MAX_DEPTH} deep", self.path, line)
            value = _Map() if isinstance(event, yaml.MappingStartEvent) else _Seq()
            value.line = line
            if isinstance(value, _Map):
                value.key_lines = {}
            else:
                value.item_lines = []
            self._count(1, line)
            self.stack.append(_Frame(value, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self._done(frame.value, frame.size, frame.anchor, frame.value.line)
        elif isinstance(event, yaml.ScalarEvent):
            # NOTE: scalars stay text on purpose: YAML 1.1 typing would turn country `NO`
            # into False and an id like `00123` into the number 83.
            value = None if not event.style and event.value in _YAML_NULLS else event.value
            self._count(1, line)
            self._done(value, 1, event.anchor, line)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise InputError(f"alias *{event.anchor} names no anchor before it", path=self.path, line=line)
            value, size = self.anchors[event.anchor]
            self._count(size, line)
            self._done(value, size, None, line)

    def _count(self, size: int, line: int) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise budget_error(f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
                               self.path, line)

    def _done(self, value: object, size: int, anchor: str | None, line: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        frame.size += size
        target = frame.value
        if isinstance(target, _Seq):
            target.append(value)
            target.item_lines.append(line)
        elif frame.key is _Frame:
            frame.key = self._key(value, target, line)
        else:
            target[frame.key] = value
            frame.key = _Frame

    def _key(self, key: object, mapping: _Map, line: int) -> str:
        if isinstance(key, (dict, list)):
            raise InputError(f"a mapping key must be text, not {kind_of(key)}", path=self.path, line=line)
        key = "null" if key is None else key
        if key in mapping.key_lines:
            raise InputError(f"key {key!r} appears twice in one mapping (first on line {mapping.key_lines[key]}); "
                             "keep one", path=self.path, line=line)
        mapping.key_lines[key] = line
        return key


class _At(str):
    """A JSON string value that remembers the offset where it starts."""

    offset: int


class _AtDict(dict):
    """A JSON object that remembers the offset of its `{`."""

    offset: int


class _DuplicateKey(Exception):
    pass


def _json_pairs(pairs: list) -> _AtDict:
    obj = _AtDict()
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


# Strings (skipped whole), brackets, and numbers over the budget, for the pre-scan of a JSON text.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]|-?\d{%d,}' % (MAX_NUMBER_CHARS + 1))
_TOML_TOKENS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+'
                          r'|[\[\]{}]|(?<![\w.-])[+-]?\d[\d_]{%d,}' % MAX_NUMBER_CHARS)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _prescan(text: str, path: str, tokens: re.Pattern) -> None:
    """Refuse nesting deeper than `MAX_DEPTH` and numbers over `MAX_NUMBER_CHARS`, before parsing.

    Python's JSON and TOML parsers recurse once per level and convert any number, so a
    deep or huge text would be a RecursionError or ValueError instead of one line.
    """
    depth = 0
    for match in tokens.finditer(text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise budget_error(f"lists and mappings nested more than {MAX_DEPTH} deep", path,
                                   _line_at(text, match.start()))
        elif token in "]}":
            depth = max(depth - 1, 0)
        elif token[0] not in "\"'#":
            raise budget_error(f"a number longer than {MAX_NUMBER_CHARS} characters", path,
                               _line_at(text, match.start()))


def _json_items(text: str, path: str, key_of: KeyOf) -> list[Item]:
    _prescan(text, path, _JSON_TOKENS)
    decoder = json.JSONDecoder()

    def parse_string(s, end, strict):
        value, after = json.decoder.scanstring(s, end, strict)
        located = _At(value)
        located.offset = end - 1
        return located, after

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        try:
            obj, after = json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook, _json_pairs, memo)
        except _DuplicateKey as exc:
            raise InputError(f"key {exc.args[0]!r} appears twice in one object; keep one", path=path,
                             line=_line_at(s_and_end[0], s_and_end[1] - 1)) from None
        obj.offset = s_and_end[1] - 1
        return obj, after

    decoder.parse_string, decoder.parse_object = parse_string, parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno, column=exc.colno) from exc

    def line_of(value: object) -> int | None:
        if isinstance(value, dict) and isinstance(value.get(key_of(value)), _At):
            value = value[key_of(value)]
        offset = getattr(value, "offset", None)
        return None if offset is None else _line_at(text, offset)

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


def _toml_items(text: str, path: str, key_of: KeyOf) -> list[Item]:
    _prescan(text, path, _TOML_TOKENS)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_AT.search(str(exc))
        message = _TOML_AT.sub("", str(exc)).strip()
        raise InputError(f"not valid TOML: {message}", path=path, line=int(where[1]) if where else None,
                         column=int(where[2]) if where else None) from exc
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    headers = [m.start() for m in _TOML_HEADER.finditer(text)]
    bare = re.compile(_TOML_STRING)
    cursor, items = 0, []
    for number, vendor in enumerate(_vendor_list(data, path)):
        key = key_of(vendor) if isinstance(vendor, dict) else None
        name = vendor.get(key) if isinstance(vendor, dict) else vendor
        pattern = bare if key is None else re.compile(
            rf"(?:^|(?<=[\s{{,])){re.escape(key)}[ \t]*=[ \t]*{_TOML_STRING}", re.M)
        found = _toml_find(text, pattern, name, cursor)
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


def parse_manifest(text: str, path: str, suffix: str, key_of: KeyOf) -> list[Item]:
    """Every vendor of a manifest with the line of its name; the suffix chooses the format (YAML by default).

    Args:
        key_of: for a vendor mapping, the key holding its name (or None), so that its line can be found.

    Raises:
        InputError: the text is not valid in its format, goes over a budget, repeats a key
            in one mapping, or has no list of vendors.
    """
    return PARSERS.get(suffix.lower(), _yaml_items)(text, path, key_of)


__all__ = ["LIST_KEYS", "MAX_DEPTH", "MAX_MANIFEST_BYTES", "MAX_NODES", "MAX_NUMBER_CHARS", "PARSERS", "Item",
           "budget_error", "kind_of", "parse_manifest"]
