"""Rule conditions against the real official files in ../shared (read in place; skipped when absent)."""
from __future__ import annotations

import csv

from vendorrisk.policy.conditions import Condition


def _csl_conditions(condition: Condition):
    for sub in (condition, *(condition.any_ or ()), *(condition.all_ or ())):
        if sub.sources and "us-csl" in sub.sources and sub.list_names:
            yield from sub.list_names


def test_every_csl_list_name_in_a_rule_matches_a_real_csl_sub_list(shared_lists, catalogue):
    book, _ = catalogue
    with (shared_lists / "us-csl" / "consolidated.csv").open(encoding="utf-8", newline="") as handle:
        sub_lists = {row["source"].casefold() for row in csv.DictReader(handle)}
    needles = {(rule.code, name) for rule in book.active() for name in _csl_conditions(rule.condition)}
    assert len(needles) >= 8
    unmatched = [(code, name) for code, name in needles if not any(name.casefold() in s for s in sub_lists)]
    assert unmatched == []
