"""Monitoring: screen a supplier file, compare with its last monitored run, report only the changes.

The last run of each file is kept in the list store's folder (`monitor/<hash of the
file's absolute path>.json`), never beside the user's data. A finding is the pair
(supplier, party); it is **new** when the last run did not have it open, **changed**
when its party gained a list or program, or its decision re-opened or expired, and
**gone** when the party no longer matches. Decisions are honoured: a finding a
decision closes is quiet, and one that a decision closed since the last run is
reported as **decided**. New and changed findings are what a scheduler acts on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from vendorrisk.decisions.model import decision_key, supplier_id_of
from vendorrisk.decisions.substance import describe_keys, finding_keys
from vendorrisk.errors import StoreError
from vendorrisk.report import Report

STATE_VERSION = 1


@dataclass(frozen=True)
class Change:
    """One finding that is new, changed, gone or decided since the last monitored run."""

    kind: str  # new, changed, gone, decided
    supplier: str
    line: int | None
    party: str
    party_name: str
    detail: str = ""

    def as_dict(self) -> dict:
        """The change as JSON-ready data."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class MonitorResult:
    """The changes of one monitored run, the time of the previous run (None: first run), and the report."""

    changes: tuple[Change, ...]
    previous_at: str | None
    report: Report

    @property
    def needs_review(self) -> int:
        """How many findings are new or changed (the scheduler's exit status depends on it)."""
        return sum(c.kind in ("new", "changed") for c in self.changes)


def state_path(home: Path, supplier_file: str | Path) -> Path:
    """Where the last monitored run of `supplier_file` is kept, keyed by its absolute path."""
    absolute = str(Path(supplier_file).resolve())
    return Path(home) / "monitor" / f"{hashlib.sha256(absolute.encode()).hexdigest()[:24]}.json"


def findings_state(report: Report) -> dict[str, dict]:
    """Every finding of a report as `supplier key + party` -> what monitoring compares."""
    state = {}
    for supplier in report.suppliers:
        key = decision_key(supplier.name, supplier_id_of(supplier.input))
        for f in supplier.findings:
            status = f.decision.status if f.decision else "open"
            state[f"{key}\0{f.party.id}"] = {
                "supplier": supplier.name, "line": supplier.line, "party": f.party.id, "party_name": f.party.name,
                "listings": sorted(finding_keys(f)), "closed": f.suppressed, "status": status,
                "reopened_because": f.decision.reopened_because if f.decision else None}
    return state


def compare(previous: dict[str, dict], current: dict[str, dict]) -> list[Change]:
    """The changes from the `previous` run's findings to the `current` ones, in report order, then gone ones."""
    changes = []
    for key, now in current.items():
        before = previous.get(key)
        change = _change(before, now)
        if change:
            changes.append(Change(change[0], now["supplier"], now["line"], now["party"], now["party_name"],
                                  change[1]))
    for key, before in previous.items():
        if key not in current and not before["closed"]:
            changes.append(Change("gone", before["supplier"], before["line"], before["party"],
                                  before["party_name"], "no longer matches"))
    return changes


def _change(before: dict | None, now: dict) -> tuple[str, str] | None:
    if now["closed"]:
        return ("decided", "closed by a decision since the last run") if before and not before["closed"] else None
    if before is None:
        return "new", f"listings: {describe_keys(now['listings'])}"
    gained = set(now["listings"]) - set(before["listings"])
    if gained:
        return "changed", f"the party gained: {describe_keys(gained)}"
    if before["closed"]:
        why = now["reopened_because"] or ("the decision expired" if now["status"] == "expired" else
                                          "the decision no longer applies")
        return "changed", f"re-opened: {why}"
    return None


def load_state(path: Path) -> dict | None:
    """The last monitored run kept at `path`, or None when there is none (or it cannot be used).

    A damaged state file is treated as no previous run: every open finding is then new,
    which is the safe direction.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION or not isinstance(data.get("findings"), dict):
        return None
    return data


def save_state(path: Path, supplier_file: str | Path, report: Report, at: dt.datetime) -> None:
    """Keep this run as the last monitored run of `supplier_file`.

    Raises:
        StoreError: the store's folder cannot be written.
    """
    data = {"version": STATE_VERSION, "file": str(Path(supplier_file).resolve()),
            "at": at.isoformat().replace("+00:00", "Z"), "findings": findings_state(report)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise StoreError(f"cannot keep the monitored run in {path.parent}: {exc.strerror}") from exc


def monitor(report: Report, home: Path, supplier_file: str | Path, *, now: dt.datetime,
            keep: bool = True) -> MonitorResult:
    """Compare a screened report of `supplier_file` with its last monitored run, and keep this run.

    Args:
        keep: save this run as the new last run (False: only compare).
    """
    path = state_path(home, supplier_file)
    previous = load_state(path)
    changes = compare(previous["findings"] if previous else {}, findings_state(report))
    if keep:
        save_state(path, supplier_file, report, now)
    return MonitorResult(tuple(changes), previous["at"] if previous else None, report)
