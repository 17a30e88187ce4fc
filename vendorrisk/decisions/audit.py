"""The audit log: every change to a decisions file, appended as one JSON line beside it.

`record` is the one way decisions are written: it saves the file and appends, for
each decision added, changed or removed, who made the change, when, what the
decision now is and what it was before. The log is never rewritten; timestamps come
from the caller (`SOURCE_DATE_EPOCH` in tests), so a run is reproducible.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from vendorrisk.decisions.files import load_decisions, save_decisions
from vendorrisk.decisions.model import Decision, DecisionsFile
from vendorrisk.errors import InputError


def audit_path(decisions_path: str | Path) -> Path:
    """The audit log beside a decisions file: `.vendorrisk-decisions.yaml` -> `.vendorrisk-decisions.log.jsonl`."""
    path = Path(decisions_path)
    return path.with_name(f"{path.stem if path.suffix in ('.yaml', '.yml') else path.name}.log.jsonl")


def record(path: str | Path, added: Iterable[Decision] = (), removed: Iterable[Decision] = (), *,
           now: dt.datetime, by: str | None = None, action: str = "decide") -> DecisionsFile:
    """Add (or replace) and remove decisions in the file at `path`, and log each change.

    Args:
        by: who made the change (default: each decision's reviewer).
        action: what made it: decide, review, migrate, prune.

    Returns:
        The file as written.
    """
    current = load_decisions(path)
    added, removed = list(added), list(removed)
    entries = []
    for decision in added:
        before = current.find(decision.key)
        if before != decision:
            entries.append(_entry(now, by or decision.reviewer, action, decision, before))
    gone = {d.key for d in removed}
    entries += [_entry(now, by or d.reviewer, action, None, d) for d in current.decisions if d.key in gone]
    kept = DecisionsFile(decisions=tuple(d for d in current.decisions if d.key not in gone))
    written = kept.with_decisions(added)
    if entries:
        save_decisions(written, path)
        _append(audit_path(path), entries)
    return written


def read_log(path: str | Path) -> Iterator[dict]:
    """The audit log's entries, oldest first (nothing when there is no log).

    Raises:
        InputError: a line is not a JSON object (naming the line).
    """
    log = audit_path(path)
    if not log.is_file():
        return
    with log.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not a JSON line: {exc.msg}", path=str(log), line=number,
                                 column=exc.colno) from exc
            if not isinstance(entry, dict):
                raise InputError("not a JSON object", path=str(log), line=number)
            yield entry


def _entry(now: dt.datetime, by: str, action: str, decision: Decision | None, before: Decision | None) -> dict:
    subject = decision or before
    change = "removed" if decision is None else "changed" if before is not None else "added"
    return {"at": now.isoformat().replace("+00:00", "Z"), "by": by, "action": action, "change": change,
            "supplier": subject.supplier, "supplier_id": subject.supplier_id, "party": subject.party,
            "decision": decision.model_dump(mode="json") if decision else None,
            "previous": before.model_dump(mode="json") if before else None}


def _append(log: Path, entries: list[dict]) -> None:
    with log.open("a", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
