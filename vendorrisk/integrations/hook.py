"""The pre-commit hook engine: screen manifest files offline and decide the exit code.

`run_hook` screens every given file with one `Screener` (bundled lists plus
whatever is already in the local store; it never downloads), honours the
decisions file (`vendorrisk.decisions`; an old `.vendorrisk-baseline.yaml` is read
and converted in memory, with a note), and returns the lines to print and the exit
code (STYLE.md): 0 clean, 1 findings not suppressed or a vendor that could not be
screened (unless `allow_skipped`), 2 an input or configuration problem, 3 decisions
were written. The store note (missing or stale lists) is said once per run.

Every line is terminal-safe (`formats.base.one_line`): names come from manifests
and lists, and a bidi override or escape sequence must not reach the terminal.
"""
from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vendorrisk.config import Settings
from vendorrisk.errors import InputError
from vendorrisk.formats.base import citation_ref, one_line
from vendorrisk.decisions import DECISIONS_FILE, Decision, DecisionsFile, load_decisions, record
from vendorrisk.decisions.decide import decision_for, migrate_baseline
from vendorrisk.decisions.model import supplier_id_of
from vendorrisk.integrations.baseline import BASELINE_FILE, load_baseline
from vendorrisk.model import SupplierRow
from vendorrisk.report import Finding, Report, SupplierResult
from vendorrisk.screening.outcome import EXIT_BASELINE, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, reaches


@dataclass(frozen=True)
class HookOutcome:
    """What one hook run found: lines for stdout, errors and notes for stderr, and the exit code."""

    exit_code: int
    lines: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    reports: tuple[Report, ...] = ()
    added: tuple[Decision, ...] = field(default=())


@dataclass(frozen=True)
class HookOptions:
    """How to run the hook.

    Attributes:
        decisions: the decisions file (missing means no decisions yet).
        fail_on: a severity, a verdict, or "never" (see `vendorrisk check --fail-on`).
        write_baseline: record every active finding as an accepted risk until `expires`, then exit 3.
        reviewer / reason / expires: recorded on decisions written by `write_baseline`.
        allow_skipped: let a vendor that could not be screened (no name, ...) pass; by
            default it fails the hook like a finding.
        name_key: the manifest key (or CSV column) holding vendor names; detected when None.
    """

    decisions: Path = Path(DECISIONS_FILE)
    fail_on: str = "info"
    write_baseline: bool = False
    reviewer: str = "unknown"
    reason: str = "recorded with `vendorrisk hook --write-baseline`; not yet reviewed"
    expires: dt.date | None = None  # default: a year after the run
    allow_skipped: bool = False
    name_key: str | None = None


def open_screener(settings: Settings):
    """A `Screener` over the bundled lists and the local store (never downloads)."""
    from vendorrisk.screening.screener import Screener

    return Screener(settings)


def run_hook(paths: Sequence[str | Path], settings: Settings, options: HookOptions, *,
             now: dt.datetime, screener=None) -> HookOutcome:
    """Screen each manifest, apply the baseline, and decide the exit code.

    A file that cannot be read is reported as one error line and the others are
    still screened; the run then exits 2.

    Raises:
        VendorRiskError: the baseline, settings, rules or store cannot be used at all.
    """
    from vendorrisk.screening.pipeline import ReadOptions, screen_file
    from vendorrisk.screening.staleness import check_list_age

    screener = screener or open_screener(settings)
    check_list_age(screener, now)  # also for a screener the caller opened
    decisions, warned = read_decisions(options.decisions, screener)
    read = ReadOptions(name_column=options.name_key or settings.name_key)
    reports, errors = [], []
    for path in paths:
        try:
            screened = screen_file(path, screener, now=now, read=read, decisions=decisions)
        except InputError as exc:
            errors.append(one_line(str(exc)))
            continue
        reports.append(screened.report)
        warned += [f"{one_line(str(path))}: {one_line(w)}" for w in screened.input_warnings]
    added = _write_decisions(reports, options, now) if options.write_baseline else ()
    lines = [line for r in reports for line in report_lines(r)]
    failing = [r for r in reports if is_failing(r, options.fail_on, screener.policy.verdict)]
    unscreened = 0 if options.allow_skipped else sum(len(r.skipped) for r in reports)
    notes = [*warned, *store_notes(screener, now), *_summary(reports, failing, added, options)]
    code = EXIT_ERROR if errors else EXIT_BASELINE if added else \
        EXIT_FINDINGS if failing or unscreened else EXIT_CLEAN
    return HookOutcome(code, tuple(lines), tuple(errors), tuple(notes), tuple(reports), tuple(added))


def read_decisions(path: Path, screener) -> tuple[DecisionsFile, list[str]]:
    """The decisions file, or, when there is none but an old baseline beside it, the baseline converted.

    Returns:
        The decisions and the notes to show (the conversion, and how to make it permanent).

    Raises:
        InputError: the file (or the old baseline) cannot be read.
    """
    path = Path(path)
    old = path.with_name(BASELINE_FILE)
    if path.is_file() or not old.is_file():
        return load_decisions(path), []
    made = migrate_baseline(load_baseline(old), lambda name: screener.screen_row(SupplierRow(name=name)))
    return DecisionsFile(decisions=tuple(made)), [
        f"read {len(made)} decision(s) from the old baseline {one_line(str(old))}; convert it with "
        f"`vendorrisk decisions migrate {_quote(str(old))}` and commit {path.name}"]


def active(findings: Iterable[Finding]) -> list[Finding]:
    """The findings no holding decision closes."""
    return [f for f in findings if not f.suppressed]


def is_failing(report: Report, fail_on: str, verdict_of) -> bool:
    """True when a supplier's unsuppressed findings reach `fail_on` (a severity, a verdict, or never)."""
    for supplier in report.suppliers:
        findings = active(supplier.findings)
        if findings and reaches(fail_on, verdict_of(findings), [f.severity for f in findings]):
            return True
    return False


def report_lines(report: Report) -> list[str]:
    """Every finding of a report as `file:line: rule ...` with its citation, then skipped rows."""
    lines = []
    for supplier in report.suppliers:
        for finding in supplier.findings:
            lines.extend(finding_lines(report.input, supplier, finding))
    for skipped in report.skipped:
        lines.append(f"{one_line(report.input)}:{skipped.line or '?'}: skipped: {one_line(skipped.reason)}")
    return lines


def finding_lines(path: str | None, supplier: SupplierResult, finding: Finding) -> list[str]:
    """One finding: where, rule, entry, then its citation and, when set, its suppression."""
    e = finding.entry
    state = "suppressed " if finding.suppressed else ""
    head = (f"{one_line(path)}:{supplier.line or '?'}: {state}{finding.rule} {finding.rule_name} "
            f"({finding.severity}, {finding.kind} {finding.score:.0f}): {one_line(repr(supplier.name))} matches "
            f"{one_line(e.id)} {one_line(repr(e.name))}")
    if e.matched_name != e.name:
        head += f" via {one_line(repr(e.matched_name))}"
    cite = citation_ref(e.citation)
    cite += f"; listed {e.listed_on}" if e.listed_on else ""
    cite += f"; {e.citation.url}" if e.citation.url else ""
    lines = [head, f"    citation: {one_line(e.citation.document)}: {one_line(cite)}"]
    if finding.suppression:
        lines.append(f"    {'decision' if finding.suppressed else 'note'}: {one_line(finding.suppression)}")
    return lines


def store_notes(screener, now: dt.datetime) -> list[str]:
    """One note when the local store has no official lists, or has stale ones (said once per run)."""
    used = screener.lists_used(now)
    if not any(not u.bundled for u in used):
        return ["note: no official lists in the local store, so only the bundled curated lists were "
                "screened; run `vendorrisk lists update` (needs network) to add the sanctions and "
                "export-control lists"]
    stale = [f"{u.source} ({'undated' if u.age_days is None else f'{u.age_days} days'})" for u in used if u.stale]
    if stale:
        return [f"note: stale lists in the local store: {', '.join(stale)}; run `vendorrisk lists update`"]
    return []


def _write_decisions(reports: list[Report], options: HookOptions, now: dt.datetime) -> tuple[Decision, ...]:
    today = now.date()
    expires = options.expires or today.replace(year=today.year + 1, day=28 if today.month == 2 else today.day)
    new = {}
    for report in reports:
        for supplier in report.suppliers:
            for finding in active(supplier.findings):
                d = decision_for(supplier.name, finding, outcome="accepted-risk", reviewer=options.reviewer,
                                 reason=options.reason, date=today, expires=expires,
                                 supplier_id=supplier_id_of(supplier.input))
                new.setdefault(d.key, d)
    if new:
        record(options.decisions, new.values(), now=now, action="hook --write-baseline")
    return tuple(new.values())


def _summary(reports: list[Report], failing: list[Report], added: tuple[Decision, ...],
             options: HookOptions) -> list[str]:
    findings = [f for r in reports for s in r.suppliers for f in s.findings]
    vendors = sum(r.summary.suppliers for r in reports)
    open_ = len(active(findings))
    skipped = sum(len(r.skipped) for r in reports)
    notes = [f"{len(reports)} file(s), {vendors} vendor(s): {open_} finding(s), "
             f"{len(findings) - open_} closed by decisions"
             + (f", {skipped} vendor(s) not screened" if skipped else "")]
    if skipped:
        notes.append("a vendor that could not be screened fails the hook; give it a name (or choose the name "
                     "key with --name-key), or pass --allow-skipped" if not options.allow_skipped else
                     f"{skipped} vendor(s) not screened were allowed by --allow-skipped")
    if added:
        notes.append(f"wrote {len(added)} decision(s) to {options.decisions}; review them and commit the file")
    elif failing:
        names = sorted({s.name for r in failing for s in r.suppliers if active(s.findings)})
        notes.append("after review, record a decision with: vendorrisk decide "
                     f"{_quote(names[0])} --all --outcome false-positive|accepted-risk|escalate|block "
                     "--reviewer NAME --reason TEXT [--expires YYYY-MM-DD]"
                     + (f" (and likewise for {len(names) - 1} more)" if len(names) > 1 else ""))
    return notes


def _quote(name: str) -> str:
    """`name` quoted for a shell, with control and format characters as `?` (terminal-safe).

    The suggested command stays usable: `?`, like any control or format character,
    is not part of a supplier's key (`decisions.supplier_key`), so the decision it
    records has the same key.
    """
    return shlex.quote(one_line(name))


__all__ = ["HookOptions", "HookOutcome", "active", "finding_lines", "is_failing",
           "open_screener", "read_decisions", "report_lines", "run_hook", "store_notes"]
