"""The supplier part of the HTML report: the filter bar, the table, and each finding's evidence.

Each row carries what the filters need as short attributes (`data-v` verdict, `data-sev`
worst severity, `data-lists` the sources of its listings, `data-dec` decided or
undecided, `data-q` the party names and aliases to search), so a clear row stays a few
hundred bytes and the script never parses the evidence. Evidence is a `<details>`: one
summary line, the findings when opened.
"""
from __future__ import annotations

from collections import Counter

from vendorrisk.formats.base import citation_ref, format_score, listing_rules, shown_findings, top_finding
from vendorrisk.formats.html_decisions import decision_detail, decision_of, supplier_state
from vendorrisk.formats.html_markup import badge, link, text
from vendorrisk.model import Citation
from vendorrisk.report import SEVERITIES, VERDICTS, Finding, FindingEntry, Report, SupplierResult

_COLUMNS = (("line", "num", "Line"), ("supplier", "text", "Supplier"), ("country", "text", "Country"),
            ("verdict", "verdict", "Verdict"), ("findings", "num", "Findings"), ("decision", None, "Decision"),
            ("evidence", None, "Top finding and evidence"))


def supplier_section(report: Report) -> str:
    """The suppliers heading, filter bar (shown by the script), evidence buttons and table."""
    heads = "".join(
        f'<th data-col="{col}"' + (f' data-sort="{kind}"><button type="button">{label}</button>'
                                   if kind else f">{label}") + "</th>"
        for col, kind, label in _COLUMNS)
    rows = "\n".join(_supplier_row(n, s) for n, s in enumerate(report.suppliers, 1))
    return ('<section>\n<h2>Suppliers</h2>\n' + _filters(report)
            + '<p class="controls"><button type="button" id="expand-all">Expand all evidence</button>'
            '<button type="button" id="collapse-all">Collapse all</button></p>\n'
            f'<table id="suppliers">\n<thead><tr>{heads}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n'
            "</section>")


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{text(value)}">{text(shown)}</option>' for value, shown in options)
    return (f'<label for="f-{name}">{label}</label><select id="f-{name}" name="{name}">'
            f'<option value="">any</option>{items}</select>')


def _filters(report: Report) -> str:
    """The filter bar: hidden in the markup, so that without the script nothing pretends to filter."""
    suppliers = report.suppliers
    verdicts = Counter(s.verdict for s in suppliers)
    lists = Counter(src for s in suppliers for src in _sources(s))
    titles = {lst.source: lst.title for lst in report.lists}
    decisions = Counter(supplier_state(s)[0] for s in suppliers)
    fields = [
        '<label for="f-q">Search</label><input type="search" id="f-q" name="q" '
        'placeholder="supplier, party or alias" autocomplete="off">',
        _select("verdict", "Verdict", [(v, f"{v} ({verdicts[v]})") for v in reversed(VERDICTS)]),
        _select("severity", "Severity", [(s, s if s == SEVERITIES[-1] else f"{s} or worse")
                                         for s in reversed(SEVERITIES)]),
        _select("list", "List", [(src, f"{src}: {titles.get(src, src)} ({n})") for src, n in sorted(lists.items())]),
        _select("decision", "Decision", [(d, f"{d} ({decisions[d]})") for d in ("undecided", "decided")]),
    ]
    cells = "".join(f'<span class="field">{f}</span>' for f in fields)
    return (f'<form id="filters" class="filters" role="search" aria-label="Filter suppliers" hidden>{cells}'
            '<button type="reset">Clear filters</button>'
            f'<output id="shown" aria-live="polite">showing {len(suppliers)} of {len(suppliers)} suppliers</output>'
            "</form>\n")


def _sources(s: SupplierResult) -> list[str]:
    return sorted({e.source for f in s.findings for e in f.listings or (f.entry,)})


def _search_text(s: SupplierResult) -> str:
    """Party names and ids, listed names, matched names and aliases, each once, for the search box."""
    seen: dict[str, None] = {}
    for f in s.findings:
        seen.update({f.party.name: None, f.party.id: None, f.party.group or "": None})
        for e in f.listings or (f.entry,):
            seen.update(dict.fromkeys((e.name, e.matched_name, *e.aliases)))
    return " | ".join(x for x in seen if x)


def _supplier_row(number: int, s: SupplierResult) -> str:
    cells = (f'<td>{text(s.line if s.line is not None else "")}</td><td>{text(s.name)}</td>'
             f"<td>{text(s.country or '')}</td><td>{badge(s.verdict)}</td><td>{len(s.findings)}</td>")
    top = top_finding(s)
    if top is None:  # most rows: kept short, a 20,000-row page is mostly these
        return f'<tr data-v="{s.verdict}">{cells}<td></td><td>–</td></tr>'
    state, label = supplier_state(s)
    attrs = (f'id="s-{number}" tabindex="-1" data-v="{s.verdict}" data-sev="{top.severity}" '
             f'data-lists="{text(" ".join(_sources(s)))}" data-dec="{state}" data-q="{text(_search_text(s))}"')
    summary = f"{top.rule} {top.severity}: {top.party.name}"
    more = f" (+{len(s.findings) - 1} more)" if len(s.findings) > 1 else ""
    shown, others = shown_findings(s)
    evidence = (f"<details><summary>{text(summary)}{more}</summary>"
                + "".join(_finding(number, f) for f in shown)
                + (f'<p class="more">{text(others)}</p>' if others else "") + "</details>")
    return (f'<tr {attrs}>{cells}<td><a href="#d-{number}">{badge(state, label)}</a></td>'
            f"<td>{evidence}</td></tr>")


def _finding(number: int, f: Finding) -> str:
    view = decision_of(f)
    head = (f'<p class="fh">{badge(f.severity)} <b>{text(f.party.name)}</b> {text(f.kind)} '
            f'{text(format_score(f.score))} {badge(view.status)}</p>')
    facts = [("Party", f"{text(f.party.name)} <code>{text(f.party.id)}</code>"
                       + (f" (group: {text(f.party.group)})" if f.party.group else "")),
             ("Rules", f"{text(f.rule)} {text(f.rule_name)} {badge(f.severity)}"
                       + (f"; also {text(', '.join(f.rules[1:]))}" if len(f.rules) > 1 else "")),
             ("Consequence", text(f.consequence)),
             ("Match", f"{text(f.kind)}, score {text(format_score(f.score))}: {text(f.explanation)}")]
    facts += [("Listing", _listing(e)) for e in f.listings or (f.entry,)]
    facts += [("Evidence", "<br>".join(text(f"{v.feature} ({format_score(v.score)}): {v.detail}")
                                       for v in f.evidence))] if f.evidence else []
    facts.append(("Decision", f'{decision_detail(view, f.party.id)} <a href="#d-{number}">decisions</a>'))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return f'<div class="finding">{head}<dl>{rows}</dl></div>'


def _listing(e: FindingEntry) -> str:
    """One listing: entry, list, programmes, exact matched name, date, citation, rules, snapshot."""
    matched = text(e.matched_name) + (f" ({text(e.relation)})" if e.relation else "")
    if e.compared_as:
        matched += f", compared as {text(e.compared_as)} ({text(e.derivation)})"
    bits = [f"<code>{text(e.id)}</code> {text(e.name)}" + (f" ({text(e.list_name)})" if e.list_name else ""),
            f"matched {matched}", "programs " + (text("; ".join(e.programs)) or "–"),
            f"listed {text(e.listed_on.isoformat())}" if e.listed_on else "listing date unknown",
            _citation(e.citation), text(listing_rules(e))]
    if e.snapshot:
        snap = e.snapshot
        date = snap.snapshot_date.isoformat() if snap.snapshot_date else "undated"
        bits.append(f"snapshot {text(snap.source)} {text(date)}, sha256 <code>{text(snap.sha256[:12])}</code>")
    return "<br>".join(bits)


def _citation(c: Citation) -> str:
    bits = [link(citation_ref(c), c.url), text(c.document)]
    bits += [text(x) for x in (c.publisher, c.date.isoformat() if c.date else None) if x]
    return "; ".join(bits)
