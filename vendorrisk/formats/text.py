"""The terminal report: a supplier table, one evidence line per finding, the lists used.

Colour (ANSI) only when the caller asks for it; the CLI asks when the output is a
terminal. Untrusted text (supplier and list names) has control characters replaced so
that a hostile name cannot move the cursor or change the terminal's colours.
"""
from __future__ import annotations

import unicodedata

from vendorrisk.formats.base import (
    Formatter, format_score, list_age, list_date, listing_authority, listing_rules, one_line, quoted_match, shown_findings,
    top_finding,
)
from vendorrisk.formats.decision_note import closed_count, closed_share, decision_note
from vendorrisk.report import Finding, ListUsed, Report, SupplierResult

NAME_WIDTH = 36
_COLORS = {"prohibited": "1;31", "restricted": "31", "review": "33", "clear": "32",
           "critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2",
           "stale": "1;33", "dim": "2", "bold": "1"}


class TextFormatter(Formatter):
    """A human-readable report for the terminal."""

    NAME = "text"
    MEDIA_TYPE = "text/plain"
    EXTENSION = "txt"

    def render(self, report: Report, *, color: bool = False, include_clean: bool = False) -> str:
        """See `Formatter.render`."""
        paint = _painter(color)
        out = [_headline(report, paint), ""]
        out += _table(report, paint)
        flagged = [s for s in report.suppliers if s.findings]
        if flagged:
            out += ["", paint("bold", "Evidence")]
            for supplier in flagged:
                out += _evidence(supplier, paint)
        if report.skipped:
            out += ["", paint("bold", "Skipped rows")]
            out += [f"  line {row.line if row.line is not None else '?'}: {one_line(row.reason)}"
                    for row in report.skipped]
        out += ["", paint("bold", "Lists screened")] + [_list_line(lst, paint) for lst in report.lists]
        out += [paint("stale", f"warning: {one_line(w)}") for w in report.warnings]
        return "\n".join(out) + "\n"


def _painter(color: bool):
    def paint(style: str, text: str) -> str:
        return f"\x1b[{_COLORS[style]}m{text}\x1b[0m" if color and style in _COLORS else text
    return paint


def _headline(report: Report, paint) -> str:
    """Suppliers and their verdicts, then findings: two counts of different things, each named."""
    s = report.summary
    verdicts = ", ".join(f"{n} {v}" for v, n in s.by_verdict.items() if n)
    where = f" in {one_line(report.input)}" if report.input else ""
    findings = f"{_count(s.findings, 'finding')} on {_count(s.with_findings, 'supplier')}" if s.findings \
        else "no findings"
    closed = closed_count(report.suppliers)
    if closed:
        findings = _open_findings(report) + f", {closed:,} closed by {'a decision' if closed == 1 else 'decisions'}"
    return paint("bold", f"vendorrisk {report.tool_version}: {_count(s.suppliers, 'supplier')}{where} "
                         f"({s.screened} screened, {s.skipped} skipped)"
                         + (f": {verdicts}" if verdicts else "") + f"; {findings}")


def _open_findings(report: Report) -> str:
    """The findings no decision closes, counted from the findings themselves."""
    open_by_supplier = [sum(not f.suppressed for f in s.findings) for s in report.suppliers]
    total = sum(open_by_supplier)
    if not total:
        return "no open findings"
    suppliers = _count(sum(map(bool, open_by_supplier)), "supplier")
    return f"{total:,} open finding{'' if total == 1 else 's'} on {suppliers}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` terminal columns with an ellipsis."""
    text = one_line(text)
    if _columns(text) <= width:
        return text
    out, used = [], 1  # the ellipsis takes one column
    for char in text:
        used += _char_columns(char)
        if used > width:
            break
        out.append(char)
    return "".join(out) + "…"


def _columns(text: str) -> int:
    """Terminal columns `text` takes: CJK and other wide characters take two, combining marks none."""
    return sum(_char_columns(c) for c in text)


def _char_columns(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _columns(text))


def _table(report: Report, paint) -> list[str]:
    rows = [("LINE", "SUPPLIER", "VERDICT", "TOP FINDING")]
    for s in report.suppliers:
        top = top_finding(s)
        summary = (f"{top.rule} {top.severity} {top.kind} {format_score(top.score)}: "
                   f"{one_line(top.party.name)}" + (f" (+{len(s.findings) - 1} more)"
                                                    if len(s.findings) > 1 else "")) + _closed_mark(s) if top else "-"
        rows.append((str(s.line or ""), _clip(s.name, NAME_WIDTH), s.verdict, summary))
    widths = [max(_columns(r[i]) for r in rows) for i in range(3)]
    lines = []
    for i, (line, name, verdict, top) in enumerate(rows):
        cells = [line.rjust(widths[0]), _pad(name, widths[1]), verdict.ljust(widths[2])]
        if i:
            cells[2] = paint(verdict, cells[2])
        lines.append("  ".join(cells + [top]).rstrip())
    return lines


def _closed_mark(supplier: SupplierResult) -> str:
    share = closed_share(supplier)
    return f" [{share}]" if share else ""


def _evidence(supplier: SupplierResult, paint) -> list[str]:
    head = f"  line {supplier.line}: {one_line(supplier.name)}" if supplier.line else \
        f"  {one_line(supplier.name)}"
    shown, more = shown_findings(supplier)
    lines = [head + f" -> {paint(supplier.verdict, supplier.verdict)}"]
    for finding in shown:
        lines += _finding_lines(finding, paint)
    return lines + ([f"    {paint('dim', more)}"] if more else [])


def _finding_lines(f: Finding, paint) -> list[str]:
    count = f"{len(f.listings)} listing{'' if len(f.listings) == 1 else 's'}"
    head = (f"    {f.rule} {paint(f.severity, f.severity)} {f.kind} {format_score(f.score)}: "
            f"{one_line(f.party.name)} (party {one_line(f.party.id)}, {count}; rules {', '.join(f.rules)})")
    note = decision_note(f)
    return [head] + [f"      {one_line(e.id)} {quoted_match(e)}; {listing_authority(e)}; "
                     f"{listing_rules(e)}" for e in f.listings or (f.entry,)] + \
        ([f"      {paint('dim' if f.suppressed else 'stale', note)}"] if note else [])


def _list_line(lst: ListUsed, paint) -> str:
    text = (f"  {one_line(lst.source)}: {one_line(lst.title)}, snapshot {list_date(lst)}, "
            f"{list_age(lst.age_days)}{'' if lst.age_days is None else ' old'}, {lst.records} record{'' if lst.records == 1 else 's'}, sha256 {lst.sha256[:12]}")
    return text + (" " + paint("stale", "STALE") if lst.stale else "")
