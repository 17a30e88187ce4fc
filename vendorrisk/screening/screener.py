"""The one place that wires the stages: rows -> matches -> findings -> report.

`Screener` loads the lists, their index and the policy once and screens any
number of rows; `screen` is the one-call convenience for a batch.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from vendorrisk import __version__
from vendorrisk.config import Settings, load_settings
from vendorrisk.decisions.model import DecisionsFile
from vendorrisk.index import CandidateIndex
from vendorrisk.lists.catalog import ListCatalog, index_snapshots
from vendorrisk.lists.dates import age_in_days, is_stale, stale_warning
from vendorrisk.model import Identifier, ListSnapshot, SkippedRow, SupplierRow
from vendorrisk.policy import load_policy
from vendorrisk.record import shallow_fields
from vendorrisk.report import Finding, ListUsed, Report, ReportSettings, SupplierResult, Verdict
from vendorrisk.scoring import Matcher
from vendorrisk.screening.outcome import Tally, tally
from vendorrisk.screening.staleness import check_list_age

Row = SupplierRow | SkippedRow


class Screener:
    """Screens suppliers against every list in the catalogue under one policy profile.

    Example:
        >>> screener = Screener()
        >>> screener.screen_row(SupplierRow(name="Hikvision UK Ltd")).verdict
        'restricted'
    """

    def __init__(self, settings: Settings | None = None, *, index_path: Path | None = None) -> None:
        self.settings = settings or load_settings({})
        self.catalog = ListCatalog(self.settings.home, include_bundled=self.settings.bundled_lists)
        if index_path is None:
            self.index, self.snapshots = self.catalog.open_index()
        else:
            self.index, self.snapshots = CandidateIndex(index_path), index_snapshots(index_path)
        self.matcher = Matcher(self.index, threshold=self.settings.threshold)
        self.policy = load_policy(self.settings)
        self._by_source = {s.source: s for s in self.snapshots}

    @classmethod
    def open(cls, settings: Settings, now: dt.datetime) -> Screener:
        """A screener for `settings`, refusing lists older than `settings.max_list_age_days` on `now`.

        Raises:
            StaleListError: a list is too old, or undated, for the age limit.
        """
        screener = cls(settings)
        check_list_age(screener, now)
        return screener

    @classmethod
    def from_index(cls, path: Path, settings: Settings | None = None) -> Screener:
        """A screener over an index file already built by `ListCatalog.open_index`.

        Used where the list store is absent but a copy of its index is at hand,
        e.g. on Spark executors; the lists are exactly those the index was built from.

        Raises:
            StoreError: the file is not a readable index of this vendorrisk version.
        """
        return cls(settings, index_path=Path(path))

    def screen_row(self, row: SupplierRow) -> SupplierResult:
        """Match one supplier, apply the policy, and return its result."""
        verdict, findings = self.assess(row.name, row.country, row.aliases, row.names, row.identifiers)
        return SupplierResult(input=row.input_fields(), line=row.line, name=row.name, country=row.country,
                              verdict=verdict, findings=findings)

    def assess(self, name: str, country: str | None = None, aliases: tuple[str, ...] = (),
               names: tuple[tuple[str, str], ...] = (),
               identifiers: tuple[Identifier, ...] = ()) -> tuple[Verdict, tuple[Finding, ...]]:
        """The verdict and findings for one supplier name: all that rows naming it alike share.

        `names` are further names with the column each came from (see `SupplierRow.names`), and
        `identifiers` the supplier's checked identifiers (`SupplierRow.identifiers`).
        """
        matches = self.matcher.match(name, country, aliases, names, identifiers)
        findings = self.policy.evaluate(matches, self._by_source)
        return self.policy.verdict(findings), findings

    def prepare_for_batch(self) -> None:
        """Load the whole index into memory: worth it before screening thousands of rows."""
        self.index.preload()

    def batch_done_here(self) -> None:
        """Release what `prepare_for_batch` loaded: forked workers now screen with their own view of it."""
        self.index.unload()

    def report(self, results: Iterable[SupplierResult | SkippedRow], *, now: dt.datetime,
               input_path: str | None = None) -> Report:
        """Assemble a report from screened results (input order is kept)."""
        suppliers, skipped = [], []
        for item in results:
            (skipped if isinstance(item, SkippedRow) else suppliers).append(item)
        return self.report_frame(tally(suppliers, len(skipped)), tuple(skipped), now=now, input_path=input_path,
                                 suppliers=tuple(suppliers))

    def report_frame(self, counts: Tally, skipped: tuple[SkippedRow, ...], *, now: dt.datetime,
                     input_path: str | None, suppliers: tuple[SupplierResult, ...] = ()) -> Report:
        """The report around results counted in `counts`: lists, settings, summary, rules, warnings."""
        lists = self.lists_used(now)
        return Report(tool_version=__version__, generated_at=now, input=input_path,
                      settings=ReportSettings(profile=self.settings.profile, threshold=self.settings.threshold,
                                              max_list_age_days=self.settings.max_list_age_days),
                      lists=lists, summary=counts.summary(), rules=self.policy.rule_refs(counts.rule_codes),
                      suppliers=suppliers, skipped=skipped,
                      warnings=(*counts.warnings(), *self.warnings(lists)))

    def screen(self, rows: Iterable[Row | str], *, now: dt.datetime | None = None,
               input_path: str | None = None, decisions: str | Path | DecisionsFile | None = None) -> Report:
        """Screen every row and return the report (see `vendorrisk.screening.pipeline.screen_file`).

        Args:
            decisions: a decisions file (path, or one loaded with `vendorrisk.decisions.load_decisions`)
                whose reviewed decisions mark the findings (docs/decisions.md).

        Raises:
            InputError: the decisions file cannot be read.
        """
        from vendorrisk.screening.pipeline import screen_file

        now = now or dt.datetime.now(dt.timezone.utc)
        return screen_file(rows, self, now=now, input_path=input_path, decisions=_decisions(decisions)).report

    def lists_used(self, now: dt.datetime) -> tuple[ListUsed, ...]:
        """Every list screened against, with its age on `now`."""
        return tuple(self.list_used(s, now) for s in self.snapshots)

    def list_used(self, snapshot: ListSnapshot, now: dt.datetime) -> ListUsed:
        """A snapshot with its age on `now`; official lists past `stale_after_days`, or undated, are stale."""
        age = age_in_days(snapshot.snapshot_date, now)
        stale = is_stale(age, self.settings.stale_after_days, bundled=snapshot.bundled)
        return ListUsed(**shallow_fields(snapshot), age_days=age, stale=stale)

    def warnings(self, lists: tuple[ListUsed, ...]) -> tuple[str, ...]:
        """Plain-language warnings about the rules in force and the lists behind a report."""
        out = [*self.policy.warnings]
        out += [stale_warning(u, u.age_days, self.settings.stale_after_days) for u in lists if u.stale]
        if not any(not u.bundled for u in lists):
            out.append("only the bundled curated lists were screened; run `vendorrisk lists update` "
                       "to screen against the official sanctions and export-control lists")
        return tuple(out)


def screen(suppliers: Iterable[Row | str], settings: Settings | None = None, *,
           now: dt.datetime | None = None, decisions: str | Path | DecisionsFile | None = None) -> Report:
    """Screen names or rows against every available list and return the report.

    Args:
        suppliers: supplier names, `SupplierRow`s, or rows from `read_suppliers`.
        settings: defaults to `load_settings()`: `[tool.vendorrisk]`, then `VENDORRISK_*`.
        now: the report's timestamp (UTC now when omitted).
        decisions: a decisions file (path or loaded) to mark findings with (docs/decisions.md).
    """
    return Screener(settings).screen(suppliers, now=now, decisions=decisions)


def _decisions(decisions: str | Path | DecisionsFile | None) -> DecisionsFile | None:
    if decisions is None or isinstance(decisions, DecisionsFile):
        return decisions
    from vendorrisk.decisions.files import load_decisions

    return load_decisions(decisions)
