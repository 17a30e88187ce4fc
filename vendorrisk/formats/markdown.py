"""The Markdown report, sized for a pull-request comment (GitHub-flavoured Markdown).

Supplier and list text is untrusted: `md_text` escapes every Markdown-active character
(so a name cannot open a link, image, table cell or emphasis), and turns `<`, `>` and
`&` into entities so that no raw HTML reaches the renderer; control, format and bidi
characters become `?` (`one_line`). Only https citation URLs become links.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from vendorrisk.formats.base import (
    Formatter, citation_ref, format_score, is_web_url, list_age, list_date, listing_rules, one_line, shown_findings,
    top_finding,
)
from vendorrisk.formats.decision_note import closed_count, closed_share, decision_note
from vendorrisk.report import Finding, FindingEntry, ListUsed, Report, SupplierResult

# NOTE: escaping `.` and `:` also stops GFM from auto-linking a name like "www.x.example".
_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@$])")


def md_text(text: str | None) -> str:
    """Untrusted text escaped for a Markdown table cell or paragraph, on one line."""
    text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ACTIVE.sub(r"\\\1", text)


def md_link(label: str, url: str | None) -> str:
    """`label` (escaped) as a link when `url` is https, else as plain escaped text."""
    if not is_web_url(url):
        return md_text(label)
    return f"[{md_text(label)}]({quote(url, safe=':/?#&=%~+,;@!$*')})"


class MarkdownFormatter(Formatter):
    """Summary counts, flagged suppliers with evidence, skipped rows and lists used."""

    NAME = "markdown"
    MEDIA_TYPE = "text/markdown"
    EXTENSION = "md"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`. With `include_clean`, the table lists every supplier."""
        out = ["## vendorrisk screening report", "", _summary(report), ""]
        shown = [s for s in report.suppliers if s.findings or include_clean]
        if shown:
            out += ["| Line | Supplier | Verdict | Top finding |", "|---:|---|---|---|"]
            for s in shown:
                top = top_finding(s)
                cell = (f"{top.rule} {top.severity}: {md_text(top.party.name)}{_closed(s)}" if top else "–")
                out.append(f"| {s.line or ''} | {md_text(s.name)} | **{s.verdict}** | {cell} |")
            out.append("")
        else:
            out += ["No supplier has findings.", ""]
        for s in (s for s in report.suppliers if s.findings):
            where = f" (line {s.line})" if s.line is not None else ""
            out += [f"### {md_text(s.name)}{where}: {s.verdict}", ""]
            findings, more = shown_findings(s)
            out += [line for f in findings for line in _evidence(f)] + ([f"- {md_text(more)}"] if more else []) + [""]
        if report.skipped:
            out += ["### Skipped rows", ""]
            out += [f"- line {r.line if r.line is not None else '?'}: {md_text(r.reason)}"
                    for r in report.skipped] + [""]
        out += ["### Lists screened", "", "| Source | Snapshot | Age | Records | SHA-256 |",
                "|---|---|---|---:|---|"] + [_list_row(lst) for lst in report.lists]
        out += [""] + [f"> **Warning:** {md_text(w)}" for w in report.warnings]
        return "\n".join(out).rstrip("\n") + "\n"


def _summary(report: Report) -> str:
    s = report.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s.by_verdict.items() if n)
    where = f" of {md_text(report.input)}" if report.input else ""
    closed = closed_count(report.suppliers)
    if closed:
        open_by_supplier = [sum(not f.suppressed for f in r.findings) for r in report.suppliers]
        found = (f"**{sum(map(bool, open_by_supplier))}** with open findings ({sum(open_by_supplier)} open, "
                 f"{closed} closed by {'a decision' if closed == 1 else 'decisions'})")
    else:
        found = f"**{s.with_findings}** with findings ({s.findings} findings)"
    return (f"**{s.suppliers}** suppliers{where}: {s.screened} screened, {s.skipped} skipped, "
            f"{found}. Verdicts: {verdicts or 'none'}.")


def _closed(supplier: SupplierResult) -> str:
    share = closed_share(supplier)
    return f" ({share})" if share else ""


def _evidence(f: Finding) -> list[str]:
    head = (f"- **{f.rule}** {md_text(f.rule_name)} ({f.severity}, {f.kind}, score "
            f"{format_score(f.score)}): party {md_text(f.party.name)} (`{md_text(f.party.id)}`), "
            f"rules {', '.join(f.rules)}. {md_text(f.consequence)}")
    note = decision_note(f)
    return [head] + [_listing(e) for e in f.listings or (f.entry,)] + (
        [f"  - **Decision:** {md_text(note)}"] if note else [])


def _listing(e: FindingEntry) -> str:
    listed = f"listed {e.listed_on.isoformat()}" if e.listed_on else "listing date unknown"
    compared = f" (compared as {md_text(e.compared_as)}: {md_text(e.derivation)})" if e.compared_as else ""
    programs = f", programs {md_text(', '.join(e.programs))}" if e.programs else ""
    return (f"  - {md_text(e.id)} {md_text(e.name)}{_list_name(e.list_name)}{programs}, matched "
            f"{md_text(e.matched_name)}{compared}, {listed}; {listing_rules(e)}. "
            f"Citation: {md_link(citation_ref(e.citation), e.citation.url)}.")


def _list_name(name: str | None) -> str:
    return f" ({md_text(name)})" if name else ""


def _list_row(lst: ListUsed) -> str:
    stale = " **stale**" if lst.stale else ""
    return (f"| {md_link(lst.title, lst.url)} ({md_text(lst.source)}) | {list_date(lst)} | "
            f"{list_age(lst.age_days)}{stale} | {lst.records} | `{lst.sha256[:12]}` |")
