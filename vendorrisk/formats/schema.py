"""The published JSON Schema of the JSON report, generated from the pydantic models.

`docs/report.schema.json` is this module's output; a test keeps the two in sync.
Regenerate it after changing `vendorrisk.report` or `vendorrisk.model`:

    python -m vendorrisk.formats.schema            # rewrite docs/report.schema.json
    python -m vendorrisk.formats.schema --check    # exit 1 when it is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from vendorrisk.formats.base import dump_json
from vendorrisk.report import SCHEMA_VERSION, Report

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "report.schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every `--format json` report validates against."""
    body = Report.model_json_schema(mode="validation")
    head = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"vendorrisk report, schema_version {SCHEMA_VERSION}",
    }
    return {**head, **{k: v for k, v in body.items() if k != "title"}}


def render_schema() -> str:
    """`report_schema()` as the exact text stored in docs/report.schema.json."""
    return dump_json(report_schema())


def main(argv: list[str] | None = None) -> int:
    """Write docs/report.schema.json, or with `--check` report whether it is current."""
    args = sys.argv[1:] if argv is None else argv
    text = render_schema()
    if "--check" in args:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.is_file() else ""
        if current != text:
            print(f"{SCHEMA_PATH} is out of date; run `python -m vendorrisk.formats.schema`",
                  file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
