"""The HTML report: one self-contained review page a reviewer can open, file, print or attach.

Summary counts, a filterable, sortable supplier table with expandable evidence per
finding (`html_suppliers`), the decision that applies to each finding with a section
per supplier (`html_decisions`), the rules that fired and the lists used (with age and
a stale flag). All supplier and list text goes through `html_markup.text`; only https
URLs become links; a Content-Security-Policy allows nothing but the page's own inline
style and script (`html_assets`). Without the script everything is shown.
"""
from __future__ import annotations

from vendorrisk.formats.base import Formatter, citation_ref, format_score, list_age, list_date
from vendorrisk.formats.html_assets import CSS, JS, content_security_policy
from vendorrisk.formats.html_decisions import decisions_section
from vendorrisk.formats.html_markup import badge, link
from vendorrisk.formats.html_markup import text as _e
from vendorrisk.formats.html_suppliers import supplier_section
from vendorrisk.report import VERDICTS, ListUsed, Report, RuleRef

__all__ = ["HtmlFormatter", "_e"]


class HtmlFormatter(Formatter):
    """A single self-contained HTML file (inline CSS and JS, no external requests)."""

    NAME = "html"
    MEDIA_TYPE = "text/html"
    EXTENSION = "html"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`. Every supplier is always included."""
        title = f"vendorrisk report: {report.input}" if report.input else "vendorrisk report"
        head = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">\n'
                '<meta name="referrer" content="no-referrer">\n'
                '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
        parts = [_header(report, title), supplier_section(report), decisions_section(report.suppliers),
                 _skipped(report), _rules(report.rules), _lists(report.lists)]
        return head + "\n".join(p for p in parts if p) + f"\n<script>{JS}</script>\n</body>\n</html>\n"


def _header(report: Report, title: str) -> str:
    s = report.summary
    cards = [("suppliers", s.suppliers), ("screened", s.screened), ("skipped", s.skipped),
             ("with findings", s.with_findings), ("findings", s.findings)]
    cards += [(v, s.by_verdict.get(v, 0)) for v in VERDICTS]
    items = "".join(f"<li><b>{n}</b>{_e(label)}</li>" for label, n in cards)
    meta = (f"Generated {_e(report.generated_at.isoformat())} by {_e(report.tool)} "
            f"{_e(report.tool_version)}; profile {_e(report.settings.profile)}, "
            f"threshold {_e(format_score(report.settings.threshold))}; schema {_e(report.schema_version)}")
    warnings = "".join(f'<p class="warn">{_e(w)}</p>' for w in report.warnings)
    return (f"<header>\n<h1>{_e(title)}</h1>\n<p class=\"meta\">{meta}</p>\n"
            f'<ul class="cards" id="summary">{items}</ul>\n{warnings}</header>')


def _skipped(report: Report) -> str:
    if not report.skipped:
        return ""
    rows = "".join(f'<tr><td class="num">{_e(r.line if r.line is not None else "")}</td>'
                   f"<td>{_e(r.reason)}</td><td>{_e(', '.join(f'{k}={v}' for k, v in r.fields.items()))}</td></tr>"
                   for r in report.skipped)
    return ('<section>\n<h2>Skipped rows</h2>\n<table id="skipped"><thead><tr><th class="num">Line</th>'
            f"<th>Reason</th><th>Fields</th></tr></thead><tbody>{rows}</tbody></table>\n</section>")


def _rules(rules: tuple[RuleRef, ...]) -> str:
    if not rules:
        return ""
    rows = "".join(f"<tr><td>{_e(r.code)}</td><td>{_e(r.name)}</td><td>{badge(r.severity)}</td>"
                   f"<td>{_e(r.summary)}</td><td>{_e(r.consequence)}</td>"
                   f"<td>{'<br>'.join(link(citation_ref(c), c.url) for c in r.references)}</td></tr>"
                   for r in rules)
    return ('<section>\n<h2>Rules that fired</h2>\n<table id="rules"><thead><tr><th>Code</th><th>Name</th>'
            "<th>Severity</th><th>Flags</th><th>Consequence</th><th>References</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>\n</section>")


def _lists(lists: tuple[ListUsed, ...]) -> str:
    rows = "".join(_list_row(lst) for lst in lists)
    return ('<section>\n<h2>Lists screened</h2>\n<table id="lists"><thead><tr><th>Source</th><th>List</th>'
            '<th>Publisher</th><th>Snapshot</th><th>Age</th><th class="num">Records</th><th>SHA-256</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>\n</section>")


def _list_row(lst: ListUsed) -> str:
    date = list_date(lst)
    age = _e(list_age(lst.age_days)) + (" " + badge("stale") if lst.stale else "")
    kind = " (bundled)" if lst.bundled else ""
    return (f'<tr><td class="nowrap">{_e(lst.source)}</td><td>{link(lst.title, lst.url)}{kind}</td>'
            f'<td>{_e(lst.publisher)}</td><td class="nowrap">{_e(date)}</td><td>{age}</td>'
            f'<td class="num">{lst.records}</td><td><code class="sha">{_e(lst.sha256)}</code></td></tr>')
