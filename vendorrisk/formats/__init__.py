"""Report formats: the registry `FORMATS` maps each `--format` name to its `Formatter`.

    from vendorrisk.formats import render
    text = render(report, "html")

Add a format by writing one module with a `Formatter` subclass and one line here.
"""
from __future__ import annotations

from vendorrisk.formats.base import Formatter, report_timestamp
from vendorrisk.formats.csv_format import CsvFormatter
from vendorrisk.formats.html import HtmlFormatter
from vendorrisk.formats.json_format import JsonFormatter, load_report
from vendorrisk.formats.markdown import MarkdownFormatter
from vendorrisk.formats.sarif import SarifFormatter
from vendorrisk.formats.text import TextFormatter
from vendorrisk.report import Report

FORMATS: dict[str, type[Formatter]] = {
    f.NAME: f for f in (TextFormatter, JsonFormatter, CsvFormatter, MarkdownFormatter,
                        HtmlFormatter, SarifFormatter)
}


def render(report: Report, format_name: str, *, color: bool = False,
           include_clean: bool = False) -> str:
    """Render `report` in the format registered as `format_name` (a key of `FORMATS`).

    Raises:
        KeyError: no such format; the CLI offers only `FORMATS` keys as choices.
    """
    return FORMATS[format_name]().render(report, color=color, include_clean=include_clean)


__all__ = ["FORMATS", "Formatter", "load_report", "render", "report_timestamp"]
