"""The hook's old baseline (version 1): read only to be migrated to the decisions file."""
from __future__ import annotations

import datetime as dt

import pytest

from vendorrisk.config import Settings
from vendorrisk.decisions.apply import apply_decisions
from vendorrisk.decisions.decide import migrate_baseline
from vendorrisk.decisions.model import DecisionsFile
from vendorrisk.errors import InputError
from vendorrisk.integrations.baseline import Baseline, Decision, entry_hash, fingerprint, load_baseline, save_baseline
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener

TODAY = dt.date(2026, 11, 28)
HIK = "Hikvision Europe B.V."
NDAA = "us-ndaa-889:hikvision"


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("home")))


def _old(screener, entry_id=NDAA, decision="accepted", expires=None, content_hash=None) -> Decision:
    finding = next(f for f in screener.screen_row(SupplierRow(name=HIK)).findings if f.entry.id == entry_id)
    h = content_hash or entry_hash(finding.entry)
    return Decision(fingerprint=fingerprint(HIK, entry_id, h), supplier=HIK, entry=entry_id, entry_hash=h,
                    decision=decision, reviewer="Dana Okafor", date=TODAY, reason="reviewed", expires=expires)


def test_migration_keys_each_decision_to_its_party_with_the_listings_of_today(screener):
    old = Baseline(decisions=(_old(screener, expires=dt.date(2027, 6, 30)),
                              _old(screener, "us-fcc-covered-list:hikvision", "false-positive")))
    made = migrate_baseline(old, lambda name: screener.screen_row(SupplierRow(name=name)))
    assert [(d.party, d.outcome, d.expires) for d in made] == [
        (NDAA, "accepted-risk", dt.date(2027, 6, 30)), ("us-fcc-covered-list:hikvision", "false-positive", None)]
    assert made[0].listings == ("list:COVERED TELECOMMUNICATIONS EQUIPMENT OR SERVICES", "program:FAR 52.204-25",
                                "program:NDAA FY2019 S.889")
    report = apply_decisions(screener.screen([HIK]), DecisionsFile(decisions=tuple(made)), TODAY)
    assert sorted(f.party.id for f in report.suppliers[0].findings if f.suppressed) == [
        "us-fcc-covered-list:hikvision", NDAA]


def test_an_entry_no_finding_has_any_more_migrates_to_a_decision_that_reopens(screener):
    gone = _old(screener).model_copy(update={"entry": "us-ndaa-889:gone", "entry_name": "Gone Ltd"})
    (made,) = migrate_baseline(Baseline(decisions=(gone,)), lambda name: screener.screen_row(SupplierRow(name=name)))
    assert (made.party, made.listings) == ("us-ndaa-889:gone", ())


def test_a_file_round_trip_and_a_hand_edited_fingerprint_refused_with_its_line(tmp_path, screener):
    path = tmp_path / "b.yaml"
    save_baseline(Baseline(decisions=(_old(screener),)), path)
    assert load_baseline(path).decisions == (_old(screener),)
    path.write_text(path.read_text().replace("supplier: Hikvision Europe B.V.", "supplier: Hikvision"))
    with pytest.raises(InputError, match="fingerprint does not match") as info:
        load_baseline(path)
    assert info.value.line == 5  # the decision's `- fingerprint:` line


@pytest.mark.parametrize(("text", "message", "line"), [
    ("decisions: [\n", "not valid YAML", 2),
    ("version: 1\ndecisions:\n- fingerprint: x\n  supplier: A\n", "decisions.0.entry: Field required", 3),
    ("decisions: 3\n", "decisions: Input should be a valid tuple", None),
])
def test_broken_baselines_are_input_errors(tmp_path, text, message, line):
    path = tmp_path / "b.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        load_baseline(path)
    assert info.value.line == line
