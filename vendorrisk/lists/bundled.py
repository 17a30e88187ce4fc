"""The curated policy lists shipped in `lists/`: their file format, validation and loading.

Each `lists/<source>.yaml` is one policy source (a statute, a regulator's list, a
parliamentary report) written by hand from cited facts. The file has a header that
says what the source is and what it means for a buyer, and `entries` in the shape of
`vendorrisk.model.ListEntry` (without `source`, which comes from the header). A file
that does not validate raises `SourceError` naming the file, line and field.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from vendorrisk.errors import SourceError
from vendorrisk.model import Citation, ListEntry, ListSnapshot
from vendorrisk.record import InvalidRecord, Record, attr, load_record
from vendorrisk.resources import data_dir

FORMAT_VERSION = "1"
Jurisdiction = Literal["UK", "US", "EU"]
Kind = Literal["parliamentary-recommendation", "procurement-ban", "export-control", "sanctions",
               "forced-labour", "government-guidance"]

_COUNTRY = re.compile(r"[A-Z]{2}")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# NOTE: parsing YAML is most of the load time; a file is re-read only when it changes.
_CACHE: dict[tuple[str, int, int], BundledList] = {}


class BundledFile(Record):
    """The validated contents of one `lists/*.yaml` file."""

    source: str = attr(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Kebab-case source id.")
    title: str
    publisher: str
    jurisdiction: Jurisdiction
    kind: Kind
    binding: bool
    url: str | None = None
    licence: str
    as_of: dt.date
    effect: str
    references: tuple[Citation, ...] = ()
    entries: tuple[ListEntry, ...]


@dataclass(frozen=True)
class BundledList:
    """One loaded bundled list: its provenance, its entries and what it means for a buyer.

    Attributes:
        snapshot: provenance as reported (sha256 of the file bytes, `bundled=True`).
        entries: the list's entries, in file order, each with `source` set.
        jurisdiction / kind / binding / effect: the file header, for rules and reports.
        references: further documents that implement or explain the source.
        path: the file the list was read from.
    """

    snapshot: ListSnapshot
    entries: tuple[ListEntry, ...]
    jurisdiction: str
    kind: str
    binding: bool
    effect: str
    references: tuple[Citation, ...]
    path: Path

    @property
    def source(self) -> str:
        """The list's source id, e.g. ``us-ndaa-889``."""
        return self.snapshot.source


def load_bundled(directory: Path | None = None) -> tuple[BundledList, ...]:
    """Load and validate every `*.yaml` list in `directory`, in file-name order.

    Args:
        directory: folder of bundled lists; defaults to the `lists/` shipped with vendorrisk.

    Raises:
        SourceError: a file is not valid YAML, does not match the format, repeats an
            entry id, or two files claim the same source id.
    """
    folder = data_dir("lists") if directory is None else Path(directory)
    if not folder.is_dir():
        raise SourceError(f"{folder}: bundled list folder not found")
    lists = tuple(load_bundled_file(path) for path in sorted(folder.glob("*.yaml")))
    seen: dict[str, Path] = {}
    for item in lists:
        if item.source in seen:
            raise SourceError(f"{item.path}: source '{item.source}' is also used by {seen[item.source]}")
        seen[item.source] = item.path
    return lists


def load_bundled_file(path: Path) -> BundledList:
    """Load and validate one bundled list file.

    Raises:
        SourceError: as for `load_bundled`, naming this file.
    """
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key in _CACHE:
            return _CACHE[key]
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read bundled list: {exc.strerror or exc}") from exc
    _CACHE[key] = _build(path, raw)
    return _CACHE[key]


def _build(path: Path, raw: bytes) -> BundledList:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: bundled list is not UTF-8 (byte {exc.start})") from exc
    data = _parse_yaml(path, text)
    parsed = _validate(path, text, data)
    _check_entries(path, text, parsed)
    entries = parsed.entries
    snapshot = ListSnapshot(
        source=parsed.source, title=parsed.title, publisher=parsed.publisher, url=parsed.url,
        licence=parsed.licence, snapshot_date=parsed.as_of, date_basis="curated", retrieved_at=None,
        sha256=hashlib.sha256(raw).hexdigest(), records=len(entries),
        parser_version=FORMAT_VERSION, bundled=True)
    return BundledList(snapshot=snapshot, entries=entries, jurisdiction=parsed.jurisdiction,
                       kind=parsed.kind, binding=parsed.binding, effect=parsed.effect,
                       references=parsed.references, path=path)


def _parse_yaml(path: Path, text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, start = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and start:
            problem += f" ({context} started at line {start.line + 1})"
        raise SourceError(f"{where}: invalid YAML: {problem}") from exc
    if not isinstance(data, dict):
        raise SourceError(f"{path}: a bundled list must be a mapping with a header and `entries`")
    return data


def _validate(path: Path, text: str, data: dict[str, Any]) -> BundledFile:
    source = data.get("source")
    for entry in data.get("entries") or ():
        # NOTE: `source` is written once in the header, not on every entry.
        if isinstance(entry, dict) and "source" not in entry:
            entry["source"] = source if isinstance(source, str) else ""
    try:
        return load_record(BundledFile, data)
    except InvalidRecord as exc:
        errors = exc.errors()
        loc = tuple(errors[0]["loc"])
        others = ", ".join(_field_path(tuple(e["loc"])) for e in errors[1:4])
        more = f" (also: {others}{', ...' if len(errors) > 4 else ''})" if others else ""
        message = f"{_field_path(loc)}: {_describe(errors[0])}{more}"
        raise SourceError(f"{_where(path, text, loc)}: {message}") from exc


def _describe(error: dict[str, Any]) -> str:
    """Pydantic's message, plus the offending value when it is a short scalar."""
    value = error.get("input")
    if error["type"] == "missing" or isinstance(value, (dict, list)) or len(repr(value)) > 60:
        return error["msg"]
    return f"{error['msg']} (got {value!r})"


def _check_entries(path: Path, text: str, parsed: BundledFile) -> None:
    prefix = f"{parsed.source}:"
    seen: set[str] = set()
    for index, entry in enumerate(parsed.entries):
        loc: tuple[Any, ...] = ("entries", index, "id")
        if entry.source != parsed.source:
            loc = ("entries", index, "source")
            problem = f"entry source '{entry.source}' differs from the file's source '{parsed.source}'"
        elif not entry.id.startswith(prefix) or entry.id == prefix:
            problem = f"entry id '{entry.id}' must start with '{prefix}' followed by a slug"
        elif entry.id in seen:
            problem = f"duplicate entry id '{entry.id}'"
        elif bad := [c for c in entry.countries if not _COUNTRY.fullmatch(c)]:
            loc, problem = ("entries", index, "countries"), f"'{bad[0]}' is not an ISO 3166 alpha-2 code"
        elif found := _bad_relation_dates(entry, parsed.as_of):
            number, field, problem = found
            loc = ("entries", index, "related", number, field)
        else:
            seen.add(entry.id)
            continue
        raise SourceError(f"{_where(path, text, loc)}: {_field_path(loc)}: {problem}")


def _bad_relation_dates(entry: ListEntry, as_of: dt.date) -> tuple[int, str, str] | None:
    """(related index, field, problem) for the first relation whose dates cannot be right."""
    for number, related in enumerate(entry.related):
        if related.since and related.until and related.since > related.until:
            return number, "since", f"relation starts ({related.since}) after it ends ({related.until})"
        # NOTE: the file's facts are current to `as_of`, so a later end date is a forecast, not a fact.
        if related.until and related.until > as_of:
            return number, "until", f"end date {related.until} is after the file's as_of date {as_of}"
    return None


def _field_path(loc: tuple[Any, ...]) -> str:
    """`('entries', 3, 'citation', 'document')` -> `entries[3].citation.document`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _where(path: Path, text: str, loc: tuple[Any, ...]) -> str:
    """`file:line` of the deepest YAML node on `loc` (the parent, when a key is missing)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return str(path)
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return f"{path}:{node.start_mark.line + 1}" if node is not None else str(path)


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
