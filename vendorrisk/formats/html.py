"""The HTML report: one self-contained page a reviewer can open, file or attach.

Summary counts, a sortable supplier table with expandable evidence per finding, the
rules that fired and the lists used (with age and a stale flag). All supplier and list
text goes through `_e` (`one_line`, then `html.escape`); only https URLs become links; a Content-Security-
Policy allows nothing but the page's own inline style and script (see `html_assets`).
"""
from __future__ import annotations

from html import escape

from vendorrisk.formats.base import (
    Formatter, citation_ref, format_score, is_web_url, list_age, list_date, listing_rules, one_line,
    shown_findings, top_finding,
)
from vendorrisk.formats.html_assets import CSS, JS, content_security_policy
from vendorrisk.model import Citation
from vendorrisk.report import VERDICTS, Finding, FindingEntry, ListUsed, Report, RuleRef, SupplierResult

_COLUMNS = (("line", "num", "Line"), ("supplier", "text", "Supplier"), ("country", "text", "Country"),
            ("verdict", "verdict", "Verdict"), ("findings", "num", "Findings"),
            ("evidence", None, "Top finding and evidence"))


def _e(text: object) -> str:
    """The HTML text function: `one_line` (control, format and bidi characters as `?`), then escaped."""
    return escape(one_line("" if text is None else str(text)), quote=True)


def _link(label: str, url: str | None) -> str:
    if not is_web_url(url):
        return _e(label)
    return f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(label)}</a>'


def _badge(word: str) -> str:
    return f'<span class="badge {_e(word)}">{_e(word)}</span>'


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
        parts = [_header(report, title), _supplier_table(report), _skipped(report),
                 _rules(report.rules), _lists(report.lists)]
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


def _supplier_table(report: Report) -> str:
    heads = "".join(
        f'<th data-col="{col}"' + (f' data-sort="{kind}"><button type="button">{label}</button>'
                                   if kind else f">{label}") + "</th>"
        for col, kind, label in _COLUMNS)
    rows = "\n".join(_supplier_row(s) for s in report.suppliers)
    return ('<section>\n<h2>Suppliers</h2>\n<p class="controls"><button type="button" id="expand-all">'
            'Expand all evidence</button><button type="button" id="collapse-all">Collapse all</button></p>\n'
            f'<table id="suppliers">\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
            "</section>")


def _supplier_row(s: SupplierResult) -> str:
    top = top_finding(s)
    if top is None:
        evidence = "–"
    else:
        label = f"{top.rule} {top.severity}: {top.party.name}"
        more = f" (+{len(s.findings) - 1} more)" if len(s.findings) > 1 else ""
        shown, others = shown_findings(s)
        evidence = (f"<details><summary>{_e(label)}{more}</summary>"
                    + "".join(_finding(f) for f in shown)
                    + (f'<p class="more">{_e(others)}</p>' if others else "") + "</details>")
    return (f'<tr class="supplier"><td class="num">{_e(s.line or "")}</td><td class="name">{_e(s.name)}</td>'
            f'<td>{_e(s.country or "")}</td><td data-key="{s.verdict}">{_badge(s.verdict)}</td>'
            f'<td class="num">{len(s.findings)}</td><td>{evidence}</td></tr>')


def _finding(f: Finding) -> str:
    facts = [("Party", f"{_e(f.party.name)} <code>{_e(f.party.id)}</code>"
                       + (f" (group: {_e(f.party.group)})" if f.party.group else "")),
             ("Rules", f"{_e(f.rule)} {_e(f.rule_name)} {_badge(f.severity)}"
                       + (f"; also {_e(', '.join(f.rules[1:]))}" if len(f.rules) > 1 else "")),
             ("Consequence", _e(f.consequence)),
             ("Match", f"{_e(f.kind)}, score {_e(format_score(f.score))}: {_e(f.explanation)}")]
    facts += [("Listing", _listing(e)) for e in f.listings or (f.entry,)]
    facts += [("Evidence", "<br>".join(_e(f"{v.feature} ({format_score(v.score)}): {v.detail}")
                                       for v in f.evidence))] if f.evidence else []
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return f'<div class="finding"><dl>{rows}</dl></div>'


def _listing(e: FindingEntry) -> str:
    """One listing: entry, list, programmes, exact matched name, date, citation, rules, snapshot."""
    matched = _e(e.matched_name) + (f" ({_e(e.relation)})" if e.relation else "")
    if e.compared_as:
        matched += f", compared as {_e(e.compared_as)} ({_e(e.derivation)})"
    bits = [f"<code>{_e(e.id)}</code> {_e(e.name)}" + (f" ({_e(e.list_name)})" if e.list_name else ""),
            f"matched {matched}", "programs " + (_e("; ".join(e.programs)) or "–"),
            f"listed {_e(e.listed_on.isoformat())}" if e.listed_on else "listing date unknown",
            _citation(e.citation), _e(listing_rules(e))]
    if e.snapshot:
        snap = e.snapshot
        date = snap.snapshot_date.isoformat() if snap.snapshot_date else "undated"
        bits.append(f"snapshot {_e(snap.source)} {_e(date)}, sha256 <code class='sha'>{_e(snap.sha256)}</code>")
    return "<br>".join(bits)


def _citation(c: Citation) -> str:
    bits = [_link(citation_ref(c), c.url), _e(c.document)]
    bits += [_e(x) for x in (c.publisher, c.date.isoformat() if c.date else None) if x]
    return "; ".join(bits)


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
    rows = "".join(f"<tr><td>{_e(r.code)}</td><td>{_e(r.name)}</td><td>{_badge(r.severity)}</td>"
                   f"<td>{_e(r.summary)}</td><td>{_e(r.consequence)}</td>"
                   f"<td>{'<br>'.join(_link(citation_ref(c), c.url) for c in r.references)}</td></tr>"
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
    age = _e(list_age(lst.age_days)) + (" " + _badge("stale") if lst.stale else "")
    kind = " (bundled)" if lst.bundled else ""
    return (f'<tr><td class="nowrap">{_e(lst.source)}</td><td>{_link(lst.title, lst.url)}{kind}</td>'
            f'<td>{_e(lst.publisher)}</td><td class="nowrap">{_e(date)}</td><td>{age}</td>'
            f'<td class="num">{lst.records}</td><td><code class="sha">{_e(lst.sha256)}</code></td></tr>')
