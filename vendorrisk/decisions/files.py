"""Reading and writing the decisions file (`.vendorrisk-decisions.yaml`), plain YAML for pull requests.

A missing file is an empty one. Errors name the file and the line of the decision
(or of its field), never a traceback. Writes go to a temporary file renamed into
place, sorted by supplier and party so that a re-write of the same decisions gives
the same bytes.
"""
from __future__ import annotations

from pathlib import Path

from vendorrisk.decisions.model import DecisionsFile
from vendorrisk.errors import InputError
from vendorrisk.record import InvalidRecord, load_record

_HEADER = ("# vendorrisk decisions: reviewed outcomes per supplier and listed party (docs/decisions.md).\n"
           "# Record with `vendorrisk decide` or `vendorrisk review`; every change is in the audit log beside it.\n")


def read_yaml(path: Path, what: str) -> tuple[object, str]:
    """The parsed YAML of `path` (dates left as text for the record to check) and its text.

    Raises:
        InputError: the file cannot be read or is not valid YAML.
    """
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=text_dates_loader()) or {}, text
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the {what}: {exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                         line=mark.line + 1 if mark else None,
                         column=mark.column + 1 if mark else None) from exc


def load_decisions(path: str | Path) -> DecisionsFile:
    """Read a decisions file; a missing file has no decisions.

    Raises:
        InputError: the file is not valid YAML, or not a decisions file (naming the line).
    """
    path = Path(path)
    if not path.is_file():
        return DecisionsFile()
    data, text = read_yaml(path, "decisions file")
    if isinstance(data, dict) and data.get("version") == 1:
        raise InputError("this is a version 1 baseline; convert it with `vendorrisk decisions migrate "
                         f"{path}`", path=str(path))
    try:
        return load_record(DecisionsFile, data)
    except InvalidRecord as exc:
        raise record_error(exc, "not a vendorrisk decisions file", path, text) from exc


def record_error(exc: InvalidRecord, what: str, path: Path, text: str) -> InputError:
    """An `InputError` naming the first invalid field of a decisions (or baseline) file and its line."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    value = f" (found {first['input']!r})" if isinstance(first.get("input"), str) else ""
    return InputError(f"{what}: {where}: {first['msg']}{value}", path=str(path),
                      line=decision_line(text, first["loc"]))


def save_decisions(decisions: DecisionsFile, path: str | Path) -> None:
    """Write a decisions file: a header comment, then decisions sorted by supplier and party."""
    import yaml

    ordered = sorted(decisions.decisions, key=lambda d: d.key)
    data = {"version": decisions.version,
            "decisions": [d.model_dump(mode="json", exclude_none=True) for d in ordered]}
    body = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=100)
    tmp = Path(f"{path}.tmp")
    tmp.write_text(_HEADER + body, encoding="utf-8")
    tmp.replace(path)


def decision_line(text: str, loc: tuple) -> int | None:
    """The line of a decision, or of its field when `loc` names one (``decisions.N.field``)."""
    import yaml

    if len(loc) < 2 or loc[0] != "decisions" or not isinstance(loc[1], int):
        return None
    try:
        root = yaml.compose(text)
        decisions = next(v for k, v in root.value if k.value == "decisions")
        node = decisions.value[loc[1]]
        if len(loc) > 2 and isinstance(node, yaml.MappingNode):
            node = next((k for k, _ in node.value if k.value == loc[2]), node)
        return node.start_mark.line + 1
    except (yaml.YAMLError, AttributeError, StopIteration, IndexError, TypeError):
        return None


def text_dates_loader():
    """The safe loader without YAML's timestamp type: a date stays text until the record checks
    it, so `2026-02-30` is a file:line error, not a ValueError from the YAML library.

    libyaml's loader when PyYAML has it: a decisions file of thousands of decisions is
    read about ten times faster.
    """
    import yaml

    class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    TextDatesLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return TextDatesLoader
