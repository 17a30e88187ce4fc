"""The JSON report (DESIGN.md §5): the contract that scripts and CI read.

The layout is the `Report` record itself, as pydantic dumps it, so
`docs/report.schema.json` (generated from the same records) describes it exactly. Output is deterministic: keys in model order,
non-ASCII kept as UTF-8, two-space indent, one final newline.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vendorrisk.errors import InputError
from vendorrisk.formats.base import Formatter, dump_json, report_data
from vendorrisk.record import validation_errors
from vendorrisk.report import Report


class JsonFormatter(Formatter):
    """The full report as JSON."""

    NAME = "json"
    MEDIA_TYPE = "application/json"
    EXTENSION = "json"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`. Every supplier is always included."""
        return dump_json(report_data(report))


def load_report(path: str | Path) -> Report:
    """Read a JSON report written by `vendorrisk check --format json`.

    Raises:
        InputError: the file is missing, is not JSON, or does not match the report schema.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read report: {exc}", path=str(path)) from exc
    from pydantic import ValidationError  # only for reading reports back

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"not a vendorrisk JSON report: {exc}", path=str(path)) from exc
    try:
        return Report.model_validate(_upgraded(data))
    except ValidationError as exc:
        first = validation_errors(exc)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InputError(f"not a vendorrisk JSON report: {where}: {first['msg']}",
                         path=str(path)) from exc


def _upgraded(data: Any) -> Any:
    """A schema 1.x report in the 2.0 shape: each (rule, entry) finding as a party of one listing."""
    if not isinstance(data, dict) or not str(data.get("schema_version", "")).startswith("1."):
        return data
    for supplier in data.get("suppliers") or ():
        for finding in (supplier.get("findings") or ()) if isinstance(supplier, dict) else ():
            entry = finding.get("entry") if isinstance(finding, dict) else None
            if isinstance(entry, dict) and "party" not in finding:
                entry.update(rules={finding.get("rule"): finding.get("severity")}, severity=finding.get("severity"),
                             kind=finding.get("kind"), score=finding.get("score"))
                finding.update(party={"id": entry.get("id"), "name": entry.get("name")},
                               rules=[finding.get("rule")], listings=[entry])
    return data
