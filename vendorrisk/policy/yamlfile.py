"""Reading rule and profile YAML while keeping the line of every key, so errors can point at it.

PyYAML's `compose` step keeps a start mark on every node; we walk that node tree once
to record ``key path -> line`` and construct plain Python data from the same tree.
Validation errors (pydantic) then name the file and the line of the offending key.
The parsing itself is `vendorrisk.parsed_yaml.parse_marked`, which also serves
bundled files from their ahead-of-time cache while their text is unchanged.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vendorrisk.errors import RuleError
from vendorrisk.parsed_yaml import Loc, lookup, parse_marked
from vendorrisk.record import InvalidRecord


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
