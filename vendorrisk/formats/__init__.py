"""Report formats: the registry `FORMATS` maps each `--format` name to its `Formatter`.

    from vendorrisk.formats import render
    text = render(report, "html")

Add a format by writing one module with a `Formatter` subclass and one line in `_MODULES`.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from vendorrisk.formats.base import BinaryFormatter, Formatter, report_timestamp
from vendorrisk.formats.json_format import load_report
from vendorrisk.report import Report

# `--format` name -> (module, class). A format's module is imported when the format is
# first used, so `vendorrisk search` does not load the HTML assets or SARIF it never writes.
_MODULES: dict[str, tuple[str, str]] = {
    "text": ("vendorrisk.formats.text", "TextFormatter"),
    "json": ("vendorrisk.formats.json_format", "JsonFormatter"),
    "csv": ("vendorrisk.formats.csv_format", "CsvFormatter"),
    "markdown": ("vendorrisk.formats.markdown", "MarkdownFormatter"),
    "html": ("vendorrisk.formats.html", "HtmlFormatter"),
    "sarif": ("vendorrisk.formats.sarif", "SarifFormatter"),
    "annotated-csv": ("vendorrisk.formats.annotated", "AnnotatedCsvFormatter"),
    "annotated-xlsx": ("vendorrisk.formats.annotated_xlsx", "AnnotatedXlsxFormatter"),
}


class _Registry(Mapping[str, type[Formatter | BinaryFormatter]]):
    """A read-only mapping of format name to formatter class that imports on lookup."""

    def __getitem__(self, name: str) -> type[Formatter | BinaryFormatter]:
        module, attribute = _MODULES[name]
        return getattr(importlib.import_module(module), attribute)

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, type[Formatter | BinaryFormatter]] = _Registry()
# Formats written as bytes (a workbook): only to a file, never to a terminal.
BINARY_FORMATS = frozenset({"annotated-xlsx"})


def render(report: Report, format_name: str, *, color: bool = False,
           include_clean: bool = False) -> str:
    """Render `report` in the format registered as `format_name` (a key of `FORMATS`).

    Raises:
        KeyError: no such format; the CLI offers only `FORMATS` keys as choices.
        ValueError: the format is one of `BINARY_FORMATS`; use `render_bytes`.
    """
    if format_name in BINARY_FORMATS:
        raise ValueError(f"format {format_name!r} is binary; render it with render_bytes")
    return FORMATS[format_name]().render(report, color=color, include_clean=include_clean)


def render_bytes(report: Report, format_name: str, *, color: bool = False, include_clean: bool = False) -> bytes:
    """Render `report` as the bytes of a file: a binary format's own, a text format's as UTF-8.

    Raises:
        KeyError: no such format.
    """
    if format_name in BINARY_FORMATS:
        return FORMATS[format_name]().render_bytes(report)
    return render(report, format_name, color=color, include_clean=include_clean).encode("utf-8")


__all__ = ["BINARY_FORMATS", "FORMATS", "BinaryFormatter", "Formatter", "load_report", "render", "render_bytes",
           "report_timestamp"]
