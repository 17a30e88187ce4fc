"""The baseline: fingerprints, suppression, expiry, changed entries, file round trip, prune."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from vendorrisk.integrations.baseline import (Baseline, apply_baseline, decide, entry_hash, finding_fingerprint,
                                 fingerprint, load_baseline, prune_baseline, save_baseline, supplier_key)
from vendorrisk.config import Settings
from vendorrisk.errors import InputError
from vendorrisk.model import SupplierRow
from vendorrisk.screening.screener import Screener

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
HIK = "Hikvision Europe B.V."
NDAA = "us-ndaa-889:hikvision"


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="module")
def report(screener):
    rows = [SupplierRow(name="Northbank Analytics Ltd", line=2), SupplierRow(name=HIK, line=9, country="NL")]
    return screener.screen(rows, now=NOW, input_path="vendors.yaml")


def _finding(report, entry_id=NDAA):
    return next(f for f in report.suppliers[1].findings if f.entry.id == entry_id)


def _accept(report, entry_id=NDAA, expires=None, supplier=HIK):
    return decide(supplier, _finding(report, entry_id), decision="accepted", reviewer="Dana Okafor",
                  reason="legacy cameras; removal contract signed", date=TODAY, expires=expires)


def test_supplier_key_ignores_case_spacing_and_punctuation_only():
    assert supplier_key("Hikvision Europe B.V.") == supplier_key("  HIKVISION   europe b v ") == "hikvision europe b v"
    assert supplier_key("Hikvision Europe B.V.") != supplier_key("Hikvision Europe")
    assert supplier_key("Ｈｉｋｖｉｓｉｏｎ") == "hikvision"  # NFKC full-width


def test_fingerprint_leaves_out_lines_scores_and_snapshots(report):
    finding = _finding(report)
    moved = finding.model_copy(update={"score": 81.0, "entry": finding.entry.model_copy(
        update={"snapshot": None, "matched_name": "HIKVISION"})})
    assert finding_fingerprint(HIK, finding) == finding_fingerprint("hikvision europe b.v", moved)
    assert finding_fingerprint(HIK, finding) != finding_fingerprint("Hikvision Europe", finding)
    assert fingerprint(HIK, NDAA, "a" * 16) != fingerprint(HIK, "us-fcc-covered-list:hikvision", "a" * 16)


def test_entry_hash_follows_the_listing_content(report):
    entry = _finding(report).entry
    cited = entry.citation.model_copy(update={"paragraph": "s.889(b)"})
    assert entry_hash(entry.model_copy(update={"citation": cited})) != entry_hash(entry)
    assert entry_hash(entry.model_copy(update={"programs": ("NEW",)})) != entry_hash(entry)
    assert entry_hash(entry.model_copy(update={"snapshot": None})) == entry_hash(entry)


def test_live_decision_suppresses_only_its_finding(report):
    applied = apply_baseline(report, Baseline(decisions=(_accept(report),)), TODAY)
    hik = applied.suppliers[1]
    suppressed = [f.entry.id for f in hik.findings if f.suppressed]
    assert suppressed == [NDAA]
    ndaa = _finding(applied)
    assert ndaa.suppression.startswith("accepted by Dana Okafor on 2026-11-28: legacy cameras")
    assert len(hik.findings) == len(report.suppliers[1].findings)  # reported, not hidden
    assert applied.suppliers[0] == report.suppliers[0]


def test_decision_holds_through_its_expiry_day_then_lapses(report):
    baseline = Baseline(decisions=(_accept(report, expires=TODAY),))
    assert _finding(apply_baseline(report, baseline, TODAY)).suppressed
    lapsed = _finding(apply_baseline(report, baseline, TODAY + dt.timedelta(days=1)))
    assert not lapsed.suppressed
    assert lapsed.suppression.startswith("decision expired on 2026-11-28; review again")


def test_changed_entry_raises_the_finding_again(report):
    decision = _accept(report).model_copy(update={"entry_hash": "0" * 16})
    decision = decision.model_copy(update={"fingerprint": fingerprint(HIK, NDAA, "0" * 16)})
    finding = _finding(apply_baseline(report, Baseline(decisions=(decision,)), TODAY))
    assert not finding.suppressed
    assert finding.suppression.startswith("the list entry changed since the decision of 2026-11-28")


def test_file_round_trip_is_sorted_and_commented(tmp_path, report):
    path = tmp_path / ".vendorrisk-baseline.yaml"
    fcc = _accept(report, "us-fcc-covered-list:hikvision", expires=dt.date(2027, 6, 30))
    ndaa = decide(HIK, _finding(report), decision="false-positive", reviewer="Dana Okafor",
                  reason="different company", date=TODAY)
    save_baseline(Baseline(decisions=(ndaa, fcc)), path)
    text = path.read_text()
    assert text.startswith("# vendorrisk baseline")
    keys = {k for d in yaml.safe_load(text)["decisions"] for k in d}
    assert keys == {"fingerprint", "supplier", "entry", "entry_name", "entry_hash", "decision", "reviewer",
                    "date", "reason", "expires"}  # no line numbers, no scores
    loaded = load_baseline(path)
    assert loaded.decisions == (fcc, ndaa)
    assert load_baseline(tmp_path / "missing.yaml") == Baseline()


def test_with_decisions_replaces_same_fingerprint(report):
    first = _accept(report)
    again = first.model_copy(update={"reason": "re-reviewed"})
    assert Baseline(decisions=(first,)).with_decisions([again]).decisions == (again,)


def test_hand_edited_fingerprint_is_refused_with_its_line(tmp_path, report):
    path = tmp_path / "b.yaml"
    save_baseline(Baseline(decisions=(_accept(report),)), path)
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


def test_decide_rejects_unknown_decisions_and_blank_reviewers(report):
    with pytest.raises(InputError, match="decision"):
        decide(HIK, _finding(report), decision="ignored", reviewer="x", reason="y", date=TODAY)
    with pytest.raises(InputError, match="reviewer"):
        decide(HIK, _finding(report), decision="accepted", reviewer="  ", reason="y", date=TODAY)


def test_prune_drops_expired_and_unmatched_decisions(screener, report):
    live = _accept(report)
    expired = _accept(report, "us-fcc-covered-list:hikvision", expires=TODAY - dt.timedelta(days=1))
    stale = live.model_copy(update={"entry_hash": "0" * 16, "fingerprint": fingerprint(HIK, NDAA, "0" * 16)})
    gone = _accept(report).model_copy(update={"supplier": "Northbank Analytics Ltd",
                                              "fingerprint": fingerprint("Northbank Analytics Ltd", NDAA,
                                                                         live.entry_hash)})
    calls = []

    def screen_name(name):
        calls.append(name)
        return screener.screen_row(SupplierRow(name=name))

    kept, removed = prune_baseline(Baseline(decisions=(live, expired, stale, gone)), screen_name, TODAY)
    assert kept.decisions == (live,)
    assert [(d, why.split()[0]) for d, why in removed] == [(expired, "expired"), (stale, "no"), (gone, "no")]
    assert calls == [HIK, "Northbank Analytics Ltd"]  # each supplier screened once
