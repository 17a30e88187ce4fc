"""What a screening means for its caller: the summary, `--fail-on`, and the exit code.

Exit codes are the same for every command (STYLE.md): 0 clean, 1 findings at or
above `--fail-on` (or, for `diff` and `rules docs --check`, something to act on),
2 a usage, input or configuration error, 3 the hook recorded decisions. `monitor`
exits 1 when a finding is new or changed since the last monitored run. They are
defined here and nowhere else.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from vendorrisk.normalize.country import is_unknown_country, unknown_country_warning
from vendorrisk.report import SEVERITIES, VERDICTS, Summary, SupplierResult, severity_rank, verdict_rank

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_BASELINE = 0, 1, 2, 3
# A severity, a verdict worse than clear, or never.
FAIL_ON = (*SEVERITIES, *VERDICTS[1:], "never")
# Fail when a supplier needs a person to look at it, as the profile's verdicts say (docs/cli.md, "--fail-on").
DEFAULT_FAIL_ON = "review"


def reaches(fail_on: str, verdict: str, severities: Iterable[str]) -> bool:
    """Whether a supplier with `verdict` and findings of `severities` reaches `fail_on`."""
    if fail_on in VERDICTS:
        return verdict_rank(verdict) >= verdict_rank(fail_on)
    if fail_on in SEVERITIES:
        return any(severity_rank(s) >= severity_rank(fail_on) for s in severities)
    return False


@dataclass
class Tally:
    """Counts and the worst outcome of a screening, kept as results stream past."""

    by_verdict: Counter = field(default_factory=Counter)
    rule_codes: set[str] = field(default_factory=set)
    screened: int = 0
    skipped: int = 0
    with_findings: int = 0
    findings: int = 0
    worst_verdict: str = VERDICTS[0]
    severities: set[str] = field(default_factory=set)
    unknown_countries: Counter = field(default_factory=Counter)

    def add(self, verdict: str, severities: list[str], codes: list[str], country: str | None = None) -> None:
        """Count one screened supplier (with its country as given, to warn about unknown ones)."""
        self.screened += 1
        if is_unknown_country(country):
            self.unknown_countries[country.strip()] += 1  # type: ignore[union-attr]
        self.by_verdict[verdict] += 1
        self.findings += len(severities)
        self.with_findings += bool(severities)
        self.rule_codes.update(codes)
        self.severities.update(severities)
        if verdict_rank(verdict) > verdict_rank(self.worst_verdict):
            self.worst_verdict = verdict

    def add_result(self, result: SupplierResult) -> None:
        """Count one screened supplier from its result."""
        self.add(result.verdict, [f.severity for f in result.findings],
                 [c for f in result.findings for c in f.rules or (f.rule,)], result.country)

    def summary(self) -> Summary:
        """The report summary for these counts."""
        return Summary(suppliers=self.screened + self.skipped, screened=self.screened, skipped=self.skipped,
                       with_findings=self.with_findings, findings=self.findings,
                       by_verdict={v: self.by_verdict.get(v, 0) for v in VERDICTS})

    def warnings(self) -> tuple[str, ...]:
        """One warning per distinct country value that names no known country, in order of first sight."""
        return tuple(unknown_country_warning(value, rows) for value, rows in self.unknown_countries.items())

    def fails(self, fail_on: str) -> bool:
        """Whether any supplier reached `fail_on` (a severity, a verdict, or never)."""
        return reaches(fail_on, self.worst_verdict, self.severities)

    def exit_code(self, fail_on: str) -> int:
        """`EXIT_FINDINGS` when any supplier reached `fail_on`, else `EXIT_CLEAN`."""
        return EXIT_FINDINGS if self.fails(fail_on) else EXIT_CLEAN


def monitor_exit_code(needs_review: int) -> int:
    """`vendorrisk monitor`: `EXIT_FINDINGS` when findings are new or changed since the last run, else clean."""
    return EXIT_FINDINGS if needs_review else EXIT_CLEAN


def tally(results: Iterable[SupplierResult], skipped: int = 0) -> Tally:
    """The tally of finished results."""
    counts = Tally(skipped=skipped)
    for result in results:
        counts.add_result(result)
    return counts


def summary_line(summary: Summary) -> str:
    """The one-line summary every command prints on stderr."""
    verdicts = ", ".join(f"{n} {v}" for v, n in summary.by_verdict.items() if n) or "none screened"
    noun = "supplier" if summary.suppliers == 1 else "suppliers"
    return f"vendorrisk: {summary.suppliers} {noun}: {verdicts}; {summary.skipped} skipped"
