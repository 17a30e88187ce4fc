"""The hook's old baseline (`.vendorrisk-baseline.yaml`, version 1), read only to be migrated.

Decisions now live in the one decisions file (`vendorrisk.decisions`), keyed to the
supplier and the listed party. A version 1 decision was keyed by a fingerprint of
the supplier name, one list entry id and a hash of the entry's content; the hook
reads such a file when no decisions file is there, and `vendorrisk decisions
migrate` converts it (`decisions.decide.migrate_baseline`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml

from vendorrisk.decisions.files import decision_line, text_dates_loader
from vendorrisk.decisions.model import supplier_key
from vendorrisk.errors import InputError
from vendorrisk.record import InvalidRecord, Record, attr, load_record
from vendorrisk.report import FindingEntry

BASELINE_FILE = ".vendorrisk-baseline.yaml"
BASELINE_VERSION = 1
DECISIONS = ("accepted", "false-positive")
_HASHED = ("source", "id", "name", "aliases", "type", "countries", "programs", "list_name", "listed_on",
           "citation")
_HEADER = ("# vendorrisk baseline: reviewed decisions about findings (docs/pre-commit.md).\n"
           "# Convert with `vendorrisk decisions migrate` (docs/decisions.md).\n")


class Decision(Record):
    """A reviewer's decision about one supplier and one list entry."""

    fingerprint: str = attr(description="Hash of supplier key, entry id and entry hash.")
    supplier: str = attr(description="Supplier name as screened.")
    entry: str = attr(description="List entry id, `<source>:<official id>`.")
    entry_name: str | None = attr(None, description="The entry's primary name, for readers.")
    entry_hash: str = attr(description="Hash of the entry's content when the decision was made.")
    decision: Literal["accepted", "false-positive"]
    reviewer: str = attr(min_length=1)
    date: dt.date
    reason: str = attr(min_length=1)
    expires: dt.date | None = attr(None, description="Last day the decision holds.")

    def is_expired(self, today: dt.date) -> bool:
        """True once `today` is past `expires`."""
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        """One line: decision, reviewer, date, expiry and reason."""
        until = f" until {self.expires.isoformat()}" if self.expires else ""
        return f"{self.decision} by {self.reviewer} on {self.date.isoformat()}{until}: {self.reason}"


class Baseline(Record):
    """Every decision of one baseline file, in file order."""

    version: int = BASELINE_VERSION
    decisions: tuple[Decision, ...] = ()

    def with_decisions(self, decisions: Iterable[Decision]) -> Baseline:
        """A baseline with `decisions` added, each replacing any with the same fingerprint."""
        merged = {d.fingerprint: d for d in self.decisions}
        merged.update((d.fingerprint, d) for d in decisions)
        return Baseline(version=self.version, decisions=tuple(merged.values()))


def entry_hash(entry: FindingEntry) -> str:
    """A short hash of the listing's content (names, programmes, dates, citation), not its snapshot."""
    data = entry.model_dump(mode="json", include=set(_HASHED))
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def fingerprint(supplier: str, entry_id: str, content_hash: str) -> str:
    """The key of a decision: supplier key, entry id and entry content hash."""
    text = f"{supplier_key(supplier)}\0{entry_id}\0{content_hash}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a missing file is an empty baseline.

    Raises:
        InputError: the file is not valid YAML, not a baseline, or a fingerprint was edited.
    """
    path = Path(path)
    if not path.is_file():
        return Baseline()
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=text_dates_loader()) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the baseline: {exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                         line=mark.line + 1 if mark else None) from exc
    try:
        baseline = load_record(Baseline, data)
    except InvalidRecord as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        value = f" (found {first['input']!r})" if isinstance(first.get("input"), str) else ""
        raise InputError(f"not a vendorrisk baseline: {where}: {first['msg']}{value}",
                         path=str(path), line=decision_line(text, first["loc"])) from exc
    _check_fingerprints(baseline, path, text)
    return baseline


def _check_fingerprints(baseline: Baseline, path: Path, text: str) -> None:
    for number, d in enumerate(baseline.decisions):
        if fingerprint(d.supplier, d.entry, d.entry_hash) != d.fingerprint:
            raise InputError(f"decision for {d.supplier!r} / {d.entry}: fingerprint does not match its "
                             "supplier, entry and entry_hash; record it again with `vendorrisk decide`",
                             path=str(path), line=decision_line(text, ("decisions", number)))


def save_baseline(baseline: Baseline, path: str | Path) -> None:
    """Write a baseline file: a header comment, then decisions sorted by supplier and entry."""
    ordered = sorted(baseline.decisions, key=lambda d: (supplier_key(d.supplier), d.entry, d.fingerprint))
    data = {"version": baseline.version,
            "decisions": [d.model_dump(mode="json", exclude_none=True) for d in ordered]}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    tmp = Path(f"{path}.tmp")
    tmp.write_text(_HEADER + body, encoding="utf-8")
    tmp.replace(path)


__all__ = ["BASELINE_FILE", "DECISIONS", "Baseline", "Decision", "entry_hash", "fingerprint", "load_baseline",
           "save_baseline"]
