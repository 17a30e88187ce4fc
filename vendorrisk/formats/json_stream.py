"""The JSON report written as results arrive, byte for byte what `render(report, "json")` gives.

A report's `summary` comes before its `suppliers`, but is known only at the end; so
`JsonReportWriter` spools each supplier's JSON to a temporary file while the pipeline
counts, then writes the report frame around the spooled suppliers. Neither the rows
nor the results of a file of any size are held in memory.
"""
from __future__ import annotations

import os
import tempfile
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from types import TracebackType
from typing import IO

from vendorrisk.formats.base import dump_json, json_text, report_data
from vendorrisk.model import SupplierRow
from vendorrisk.report import Finding, Report

_INDENT = "    "
_SUPPLIERS = '\n  "suppliers": []'


class JsonReportWriter:
    """Writes one JSON report to `out`: `add` each result in input order, then `finish` with the frame.

    Use as a context manager, so that the spool is removed however the run ends.
    """

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0
        # NOTE: surrogatepass keeps names from argv (U+DCxx for undecodable bytes) as they were; the
        # output stream decides how to write them, as it does for a report rendered in memory.
        self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", errors="surrogatepass",
                                             dir=os.environ.get("TMPDIR"))

    def __enter__(self) -> JsonReportWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._spool.close()

    def add(self, row: SupplierRow, verdict: str, findings: str) -> None:
        """Spool one supplier's result; `findings` is its findings as `findings_json` writes them."""
        text = result_json(row, verdict, findings)
        self._spool.write(("" if self.count == 0 else ",\n") + _INDENT + text.replace("\n", "\n" + _INDENT))
        self.count += 1

    def finish(self, frame: Report) -> None:
        """Write the whole report: `frame` (a report without suppliers) around the spooled results."""
        text = dump_json(report_data(frame))
        at = text.index(_SUPPLIERS) + len(_SUPPLIERS) - 2
        self.out.write(text[:at])
        if self.count:
            self.out.write("[\n")
            self._spool.seek(0)
            while chunk := self._spool.read(1 << 20):
                self.out.write(chunk)
            self.out.write("\n  ]")
        else:
            self.out.write("[]")
        self.out.write(text[at + 2:])


def findings_json(findings: tuple[Finding, ...]) -> str:
    """A result's findings as the JSON report writes them (before the result's indent)."""
    return json_text(findings) if findings else "[]"


def result_json(row: SupplierRow, verdict: str, findings: str) -> str:
    """One supplier result exactly as `render(report, "json")` lays it out (before the report's indent).

    Written out by hand because `json.dumps(..., indent=2)` runs the pure-Python
    encoder, which would cost more than screening a repeated name; the strings go
    through json's own C escaping, and tests compare the bytes with the formatter's.
    """
    fields = row.input_fields()
    inputs = "{\n" + ",\n".join(f"    {_dump(k)}: {_dump(v)}" for k, v in fields.items()) + "\n  }" if fields else "{}"
    findings = findings.replace("\n", "\n  ")
    return (f'{{\n  "input": {inputs},\n  "line": {_dump(row.line)},\n  "name": {_dump(row.name)},\n'
            f'  "country": {_dump(row.country)},\n  "verdict": {_dump(verdict)},\n  "findings": {findings}\n}}')


def _dump(value: str | int | None) -> str:
    """`json.dumps(value, ensure_ascii=False)` for the scalars of a row, without the encoder's set-up cost."""
    if isinstance(value, str):
        return encode_basestring(value)
    return "null" if value is None else str(int(value))
