"""Reading rule and profile YAML while keeping the line of every key, so errors can point at it.

PyYAML's `compose` step keeps a start mark on every node; we walk that node tree once
to record ``key path -> line`` and construct plain Python data from the same tree.
Validation errors (pydantic) then name the file and the line of the offending key.
Bundled files come parsed from `vendorrisk.parsed_yaml` while their text is unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vendorrisk.errors import RuleError
from vendorrisk.parsed_yaml import Loc, lookup
from vendorrisk.record import InvalidRecord

if TYPE_CHECKING:
    import yaml


@dataclass(frozen=True)
class MarkedDocument:
    """A parsed YAML file plus the 1-based line of every mapping key and list item."""

    path: Path
    data: object
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """Line of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())

    def error(self, loc: Sequence[str | int], reason: str) -> RuleError:
        """A `RuleError` that names this file, the line of `loc` and `reason`."""
        line = self.line_of(loc)
        where = f"{self.path}:{line}" if line else str(self.path)
        return RuleError(f"{where}: {reason}")


def load_marked(path: Path) -> MarkedDocument:
    """Parse one YAML file with line marks.

    Raises:
        RuleError: the file cannot be read, is not valid YAML, or repeats a key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from exc
    parsed = lookup(path, text)
    return MarkedDocument(path, *(parsed or parse_marked(path, text)))


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


def validation_error(doc: MarkedDocument, exc: InvalidRecord, root: Loc = (),
                     known: Mapping[str, Iterable[str]] | None = None) -> RuleError:
    """Turn the first validation error into a `RuleError` naming file, line and reason.

    Args:
        known: for unknown keys, the accepted keys by kind (``"field"`` or
            ``"condition key"``), listed in the message as a hint.
    """
    first = exc.errors()[0]
    # NOTE: pydantic adds union members to the location, e.g. "literal['info',...]"; drop them.
    loc = root + tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
    dotted = ".".join(str(p) for p in loc)
    if first["type"] == "extra_forbidden":
        what = "condition key" if "condition" in loc else "field"
        choices = sorted((known or {}).get(what, ()))
        hint = f" (expected one of: {', '.join(choices)})" if choices else ""
        return doc.error(loc, f"unknown {what} {loc[-1]!r}{hint}")
    if first["type"] == "missing":
        return doc.error(loc[:-1], f"missing required field {loc[-1]!r}")
    return doc.error(loc, f"{dotted}: {first['msg']}")
