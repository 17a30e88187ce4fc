"""A reviewed decision and the decisions file: who decided what about a supplier and a listed party.

A decision is keyed to the supplier (its own id when the supplier file has an id
column, else its name reduced to case-folded words) and to the **party**, not to a
list row, so one decision covers every list that publishes the party. It keeps the
party's listings in substance (`substance.listing_keys`) as they were when it was
made, so that a later change can re-open it.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from vendorrisk.errors import InputError
from vendorrisk.record import InvalidRecord, Record, attr, load_record
from vendorrisk.report import DecisionOutcome

DECISIONS_FILE = ".vendorrisk-decisions.yaml"
DECISIONS_VERSION = 2  # version 1 was the hook's `.vendorrisk-baseline.yaml`
OUTCOMES: tuple[str, ...] = ("false-positive", "accepted-risk", "escalate", "block")
# Outcomes after which the finding no longer counts towards --fail-on (while the decision holds).
CLOSING = frozenset({"false-positive", "accepted-risk"})
# Headers (compared as `inputs.columns.header_key` does) of a supplier's own id column.
ID_HEADERS: tuple[str, ...] = (
    "supplierid", "vendorid", "suppliernumber", "vendornumber", "supplierno", "vendorno", "suppliercode",
    "vendorcode", "supplieraccount", "vendoraccount", "creditorid", "creditornumber", "partyid",
    "counterpartyid", "id")


class Decision(Record):
    """A reviewer's decision about one supplier and one listed party."""

    supplier: str = attr(min_length=1, description="Supplier name as screened.")
    supplier_id: str | None = attr(None, description="The supplier's own id; when set, the decision is keyed by it.")
    party: str = attr(min_length=1, description="Party id, e.g. `ofac:18299` or `us-ndaa-889:hikvision`.")
    party_name: str | None = attr(None, description="The party's display name, for readers.")
    outcome: DecisionOutcome
    reviewer: str = attr(min_length=1)
    date: dt.date
    reason: str = attr(min_length=1)
    expires: dt.date | None = attr(None, description="Last day the decision holds.")
    listings: tuple[str, ...] = attr((), description=(
        "The party's listings in substance when decided (`list:EL`, `program:UKRAINE-EO13662`)."))

    @property
    def key(self) -> tuple[str, str]:
        """(supplier key, party): one decision per pair."""
        return decision_key(self.supplier, self.supplier_id), self.party

    def is_expired(self, today: dt.date) -> bool:
        """True once `today` is past `expires`."""
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        """One line: outcome, reviewer, date, expiry and reason."""
        until = f" until {self.expires.isoformat()}" if self.expires else ""
        return f"{self.outcome} by {self.reviewer} on {self.date.isoformat()}{until}: {self.reason}"


class DecisionsFile(Record):
    """Every decision of one decisions file, in file order."""

    version: int = DECISIONS_VERSION
    decisions: tuple[Decision, ...] = ()

    def with_decisions(self, decisions: Iterable[Decision]) -> DecisionsFile:
        """A file with `decisions` added, each replacing any with the same supplier and party."""
        merged = {d.key: d for d in self.decisions}
        merged.update((d.key, d) for d in decisions)
        return DecisionsFile(version=self.version, decisions=tuple(merged.values()))

    def find(self, key: tuple[str, str]) -> Decision | None:
        """The decision about (supplier key, party), if any."""
        return next((d for d in self.decisions if d.key == key), None)


def supplier_key(name: str) -> str:
    """A supplier name reduced to case-folded words.

    Deliberately simpler than `normalize_name`: a decision must not churn when the
    matching tables change, only when the name itself does.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def decision_key(name: str, supplier_id: str | None) -> str:
    """`id:<id>` when the supplier has an id, else `name:<supplier_key(name)>`."""
    return f"id:{supplier_id.strip()}" if supplier_id and supplier_id.strip() else f"name:{supplier_key(name)}"


def supplier_id_of(fields: Mapping[str, str]) -> str | None:
    """The supplier's own id from a row's fields, when it has an id column (`ID_HEADERS`) with a value."""
    from vendorrisk.inputs.columns import header_key

    keyed = {header_key(k): v for k, v in fields.items()}
    for header in ID_HEADERS:
        value = keyed.get(header)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def make_decision(values: dict) -> Decision:
    """A `Decision` from plain values, checked.

    Raises:
        InputError: the outcome, reviewer, reason or a date is not valid, or accepted
            risk has no expiry.
    """
    try:
        decision = load_record(Decision, values)
    except InvalidRecord as exc:
        first = exc.errors()[0]
        raise InputError(f"decision {'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from exc
    if decision.outcome == "accepted-risk" and decision.expires is None:
        raise InputError("an accepted risk needs an end date: give --expires YYYY-MM-DD")
    if decision.expires is not None and decision.expires < decision.date:
        raise InputError(f"--expires {decision.expires} is before the decision's date {decision.date}")
    return decision
