"""Reviewed decisions: keys, holding, expiry, re-opening, copies of listings, the file, the audit log,
and every entry point honouring the same file."""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
import yaml
from click.testing import CliRunner

from vendorrisk.cli import main
from vendorrisk.config import Settings, load_settings
from vendorrisk.decisions import (DecisionsFile, apply_decisions, decision_key, load_decisions, read_log, record,
                                  save_decisions, supplier_id_of, supplier_key)
from vendorrisk.decisions.decide import decision_for
from vendorrisk.errors import InputError
from vendorrisk.formats import render
from vendorrisk.model import SupplierRow
from vendorrisk.screening.pipeline import ReportOutput, screen_file
from vendorrisk.screening.screener import Screener

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
HIK = "Hikvision Europe B.V."
NDAA = "us-ndaa-889:hikvision"


@pytest.fixture(scope="module")
def screener(tmp_path_factory) -> Screener:
    return Screener(Settings(home=tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="module")
def findings(screener):
    return {f.party.id: f for f in screener.screen_row(SupplierRow(name=HIK)).findings}


def _decide(findings, party=NDAA, outcome="false-positive", expires=None, supplier=HIK, supplier_id=None):
    return decision_for(supplier, findings[party], outcome=outcome, reviewer="Dana Okafor", reason="checked",
                        date=TODAY, expires=expires, supplier_id=supplier_id)


def _marked(screener, decisions, today=TODAY, rows=(SupplierRow(name=HIK),)):
    report = screener.screen(list(rows), now=NOW)
    return apply_decisions(report, DecisionsFile(decisions=tuple(decisions)), today)


def test_keys_supplier_names_and_ids():
    assert supplier_key("Hikvision Europe B.V.") == supplier_key("  HIKVISION   europe b v ") == "hikvision europe b v"
    assert decision_key(HIK, None) == "name:hikvision europe b v" and decision_key(HIK, " V-7 ") == "id:V-7"
    assert supplier_id_of({"Supplier ID": "V-7", "name": HIK}) == "V-7"
    assert supplier_id_of({"Vendor Number": " 000421 "}) == "000421"
    assert supplier_id_of({"name": HIK, "id": "  "}) is None


def test_a_holding_decision_closes_only_its_party_and_the_finding_stays(screener, findings):
    hik = _marked(screener, [_decide(findings)]).suppliers[0]
    assert [f.party.id for f in hik.findings if f.suppressed] == [NDAA]
    ndaa = next(f for f in hik.findings if f.party.id == NDAA)
    assert (ndaa.decision.status, ndaa.decision.outcome, ndaa.decision.party) == ("decided", "false-positive", NDAA)
    assert ndaa.suppression == "false-positive by Dana Okafor on 2026-11-28: checked"
    assert len(hik.findings) == len(findings)


@pytest.mark.parametrize("outcome", ["escalate", "block"])
def test_escalate_and_block_are_recorded_but_keep_the_finding_open(screener, findings, outcome):
    ndaa = next(f for f in _marked(screener, [_decide(findings, outcome=outcome)]).suppliers[0].findings
                if f.party.id == NDAA)
    assert ndaa.decision.status == "decided" and ndaa.decision.outcome == outcome and not ndaa.suppressed


def test_accepted_risk_needs_an_end_date_and_holds_through_it(screener, findings):
    with pytest.raises(InputError, match="an accepted risk needs an end date"):
        _decide(findings, outcome="accepted-risk")
    decision = _decide(findings, outcome="accepted-risk", expires=TODAY)
    assert next(f for f in _marked(screener, [decision]).suppliers[0].findings if f.party.id == NDAA).suppressed
    lapsed = next(f for f in _marked(screener, [decision], TODAY + dt.timedelta(days=1)).suppliers[0].findings
                  if f.party.id == NDAA)
    assert not lapsed.suppressed and lapsed.decision.status == "expired"
    assert lapsed.suppression.startswith("decision expired on 2026-11-28; review again")


def test_a_decision_reopens_when_the_party_gains_a_program_and_says_which(screener, findings):
    made = _decide(findings)
    before = made.model_copy(update={"listings": tuple(k for k in made.listings if k != "program:FAR 52.204-25")})
    ndaa = next(f for f in _marked(screener, [before]).suppliers[0].findings if f.party.id == NDAA)
    assert not ndaa.suppressed and ndaa.decision.status == "reopened"
    assert ndaa.decision.reopened_because == ("the party has new listings since the decision of 2026-11-28: "
                                              "program FAR 52.204-25")


def test_a_copy_of_decided_listings_on_another_party_is_covered_but_a_new_program_is_not(screener, findings):
    entity_list = findings["us-bis-entity-list:hikvision"]
    copy = entity_list.model_copy(update={"party": entity_list.party.model_copy(update={"id": "us-csl:abc"})})
    decided = [_decide(findings, "us-bis-entity-list:hikvision")]
    from vendorrisk.decisions.apply import mark

    covered = mark(copy, decided, TODAY)
    assert covered.suppressed and covered.decision.party == "us-bis-entity-list:hikvision"
    assert covered.suppression.endswith("(decided for party us-bis-entity-list:hikvision)")
    wider = copy.model_copy(update={"listings": tuple(e.model_copy(update={"programs": (*e.programs, "EAR 736.2")})
                                                     for e in copy.listings)})
    assert mark(wider, decided, TODAY).decision is None


def test_a_decision_keyed_to_an_id_follows_the_id_not_the_name(screener, findings):
    decision = _decide(findings, supplier="Hikvision (old name)", supplier_id="V-7")
    rows = [SupplierRow(name=HIK, fields={"Supplier ID": "V-7", "Name": HIK}),
            SupplierRow(name=HIK, fields={"Supplier ID": "V-8", "Name": HIK})]
    first, second = _marked(screener, [decision], rows=rows).suppliers
    assert [f.party.id for f in first.findings if f.suppressed] == [NDAA]
    assert not any(f.suppressed for f in second.findings)


def test_file_round_trip_is_sorted_commented_and_the_same_bytes(tmp_path, findings):
    path = tmp_path / ".vendorrisk-decisions.yaml"
    both = DecisionsFile(decisions=(_decide(findings), _decide(findings, "us-fcc-covered-list:hikvision")))
    save_decisions(both, path)
    text = path.read_text()
    assert text.startswith("# vendorrisk decisions") and yaml.safe_load(text)["version"] == 2
    assert [d.party for d in load_decisions(path).decisions] == ["us-fcc-covered-list:hikvision", NDAA]
    save_decisions(DecisionsFile(decisions=tuple(reversed(both.decisions))), path)
    assert path.read_text() == text
    assert load_decisions(tmp_path / "missing.yaml") == DecisionsFile()


@pytest.mark.parametrize(("text", "message", "line"), [
    ("decisions: [\n", "not valid YAML", 2),
    ("version: 2\ndecisions:\n- supplier: A\n  party: p\n  outcome: ignore\n", "decisions.0.outcome", 5),
    ("version: 2\ndecisions:\n- supplier: A\n  party: p\n  outcome: block\n  reviewer: R\n  reason: x\n"
     "  date: '2026-02-30'\n", "decisions.0.date", 8),
    ("version: 1\ndecisions: []\n", "vendorrisk decisions migrate", None),
])
def test_broken_decisions_files_name_file_and_line(tmp_path, text, message, line):
    path = tmp_path / "d.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as info:
        load_decisions(path)
    assert info.value.line == line and str(info.value).startswith(str(path))


def test_the_audit_log_holds_every_change_with_the_value_before(tmp_path, findings):
    path = tmp_path / ".vendorrisk-decisions.yaml"
    first = _decide(findings)
    record(path, [first], now=NOW)
    record(path, [first], now=NOW)  # the same decision again: no change, nothing logged
    changed = first.model_copy(update={"outcome": "block", "reviewer": "Sam Lee"})
    record(path, [changed], now=NOW + dt.timedelta(hours=1))
    record(path, removed=[changed], now=NOW + dt.timedelta(hours=2), by="Ops", action="prune")
    log = list(read_log(path))
    assert [(e["at"], e["by"], e["action"], e["change"]) for e in log] == [
        ("2026-11-28T12:00:00Z", "Dana Okafor", "decide", "added"),
        ("2026-11-28T13:00:00Z", "Sam Lee", "decide", "changed"),
        ("2026-11-28T14:00:00Z", "Ops", "prune", "removed")]
    assert log[1]["previous"]["outcome"] == "false-positive" and log[1]["decision"]["outcome"] == "block"
    assert log[2]["decision"] is None and log[2]["previous"]["reviewer"] == "Sam Lee"
    assert load_decisions(path).decisions == ()
    (tmp_path / ".vendorrisk-decisions.log.jsonl").write_text('{"at": 1}\nnot json\n')
    with pytest.raises(InputError, match="log.jsonl:2:1: not a JSON line"):
        list(read_log(path))


def test_streamed_json_with_decisions_is_the_same_bytes_as_the_rendered_report(screener, findings):
    decisions = DecisionsFile(decisions=(_decide(findings),))
    rows = [SupplierRow(name=HIK, line=2), SupplierRow(name="Northbank Analytics Ltd", line=3)]
    out = io.StringIO()
    streamed = screen_file(rows, screener, now=NOW, output=ReportOutput("json", out), decisions=decisions)
    held = screen_file(rows, screener, now=NOW, decisions=decisions)
    assert out.getvalue() == render(held.report, "json")
    data = json.loads(out.getvalue())
    assert data["schema_version"] == "2.1"
    assert [f["decision"]["status"] if f["decision"] else None for f in data["suppliers"][0]["findings"]].count(
        "decided") == 1
    assert streamed.tally.findings == held.tally.findings == len(findings) - 1  # the closed one is not counted


def test_check_search_and_the_python_api_honour_the_decisions_file(tmp_path, monkeypatch, findings):
    import vendorrisk

    monkeypatch.chdir(tmp_path)
    everything = [_decide(findings, party) for party in findings]
    save_decisions(DecisionsFile(decisions=tuple(everything)), tmp_path / ".vendorrisk-decisions.yaml")
    (tmp_path / "suppliers.csv").write_text(f"name\n{HIK}\n")
    runner = CliRunner()
    assert runner.invoke(main, ["check", "suppliers.csv"]).exit_code == 0  # the default file, found in the folder
    assert runner.invoke(main, ["search", HIK]).exit_code == 0
    assert runner.invoke(main, ["search", HIK, "--decisions", str(tmp_path / "none.yaml")]).exit_code == 1
    report = vendorrisk.screen([HIK], load_settings({}), decisions=tmp_path / ".vendorrisk-decisions.yaml")
    assert all(f.suppressed for f in report.suppliers[0].findings)
    assert report.summary.findings == 0 and report.summary.by_verdict["clear"] == 1
    assert not any(f.suppressed for f in vendorrisk.screen([HIK]).suppliers[0].findings)  # no file: no decisions


OFFICIAL = {
    "us-csl": "us-csl/consolidated.csv",
    "us-ofac-sdn": "us-ofac-sdn/2024-05-03",
    "us-ofac-nonsdn": "us-ofac-nonsdn",
    "uk-sanctions": "uk-sanctions/sanctionsconlist.csv",
    "un-sc": "un-sc/consolidated.xml",
    "us-bis-dpl": "us-bis-dpl/dpl.txt",
}


@pytest.mark.slow
@pytest.mark.shared
def test_the_same_decisions_give_the_same_result_with_bundled_lists_only_and_every_official_list(
        shared_lists, tmp_path, screener):
    from vendorrisk.integrations.hook import HookOptions, run_hook
    from vendorrisk.lists.sources import SOURCES
    from vendorrisk.lists.store import Store

    home = tmp_path / "official"
    store = Store(home)
    for source_id, rel in OFFICIAL.items():  # read in place from ../shared, never copied
        store.install(SOURCES[source_id], shared_lists / rel, SOURCES[source_id].parse(shared_lists / rel), None)
    official = Screener(Settings(home=home))
    manifest = tmp_path / "vendors.yaml"
    manifest.write_text(f"vendors:\n  - name: Northbank Analytics Ltd\n  - name: {HIK}\n    country: NL\n")
    decided_with = {}
    for label, chosen in (("bundled", screener), ("official", official)):
        found = chosen.screen_row(SupplierRow(name=HIK)).findings
        decided_with[label] = DecisionsFile(decisions=tuple(
            decision_for(HIK, f, outcome="accepted-risk", reviewer="R", reason="legacy cameras", date=TODAY,
                         expires=dt.date(2027, 6, 30)) for f in found))
    assert len(official.screen_row(SupplierRow(name=HIK)).findings) > len(decided_with["bundled"].decisions)
    for label, decisions in decided_with.items():
        path = tmp_path / f"{label}.yaml"
        save_decisions(decisions, path)
        for chosen in (screener, official):
            outcome = run_hook([str(manifest)], chosen.settings, HookOptions(decisions=path), now=NOW, screener=chosen)
            assert outcome.exit_code == 0, (label, outcome.lines)
            (hik,) = [s for r in outcome.reports for s in r.suppliers if s.findings]
            assert all(f.suppressed and f.decision.status == "decided" for f in hik.findings)
    copies = [f for f in _marked(official, decided_with["bundled"].decisions).suppliers[0].findings
              if f.decision.party != f.party.id]
    assert {f.party.id for f in copies} >= {"ofac:30946"}  # the CSL / OFAC copy of the curated NS-CMIC entry


def test_the_review_queue_skips_decided_findings_and_brings_back_expired_and_reopened_ones(screener, findings):
    from vendorrisk.decisions.review import waiting

    report = screener.screen([HIK], now=NOW)
    parties = list(findings)
    made = _decide(findings, parties[1])
    decisions = DecisionsFile(decisions=(
        _decide(findings, parties[0]),
        made.model_copy(update={"listings": made.listings[:1]}),  # the party has gained a program since
        _decide(findings, parties[2], outcome="accepted-risk", expires=TODAY)))
    queue = list(waiting(report, decisions, TODAY + dt.timedelta(days=1)))
    assert [w.finding.party.id for w in queue] == parties[1:]
    assert [w.position for w in queue] == list(range(2, len(parties) + 1))
    assert {w.total for w in queue} == {len(parties)}
    assert [w.finding.decision.status for w in queue[:2]] == ["reopened", "expired"]
    assert all(w.finding.decision is None for w in queue[2:])


def test_applying_decisions_to_a_report_counts_its_summary_again(screener, findings):
    rows = (SupplierRow(name=HIK), SupplierRow(name="Harbourside Bakery Ltd"))
    before = screener.screen(list(rows), now=NOW)
    every = [_decide(findings, party=party) for party in findings]
    after = apply_decisions(before, DecisionsFile(decisions=tuple(every)), TODAY)
    assert before.summary.findings == len(findings) and before.summary.with_findings == 1
    assert after.summary.findings == 0 and after.summary.with_findings == 0
    assert after.summary.by_verdict["clear"] == 2 and after.summary.screened == before.summary.screened
    assert after.suppliers[0].verdict == before.suppliers[0].verdict  # the lists' verdict stays on the supplier
    one = apply_decisions(before, DecisionsFile(decisions=(_decide(findings),)), TODAY)
    assert one.summary.findings == len(findings) - 1 and one.summary.with_findings == 1
