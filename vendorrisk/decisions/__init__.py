"""Reviewed decisions: one file (`.vendorrisk-decisions.yaml`) honoured by every entry point.

- `model`: a decision, keyed to supplier and listed party, and the file.
- `substance`: what a party's listings are in substance (lists and programs), so
  that a decision re-opens when they change, not when another copy is installed.
- `apply`: marks findings with the decision that applies (`Finding.decision`).
- `files` and `audit`: the YAML file and the append-only audit log beside it.
- `decide`: decisions about findings, and the migration of the hook's old baseline.
"""
from __future__ import annotations

from vendorrisk.decisions.apply import DecisionIndex, apply_decisions
from vendorrisk.decisions.audit import audit_path, read_log, record
from vendorrisk.decisions.files import load_decisions, save_decisions
from vendorrisk.decisions.model import (DECISIONS_FILE, OUTCOMES, Decision, DecisionsFile, decision_key,
                                        supplier_id_of, supplier_key)

__all__ = ["DECISIONS_FILE", "OUTCOMES", "Decision", "DecisionIndex", "DecisionsFile", "apply_decisions",
           "audit_path", "decision_key", "load_decisions", "read_log", "record", "save_decisions",
           "supplier_id_of", "supplier_key"]
