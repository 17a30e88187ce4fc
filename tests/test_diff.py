"""`vendorrisk diff`: new and cleared findings, verdict and list changes, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorrisk.cli import main
from vendorrisk.diff import diff_reports, render_diff
from vendorrisk.formats import render
from vendorrisk.formats.json_format import load_report
from vendorrisk.report import Party

EXAMPLE = Path(__file__).parent / "formats" / "golden" / "report.json"


@pytest.fixture
def old():
    return load_report(EXAMPLE)


def _after_list_update(old):
    """A month later: the CSL snapshot changed, Acme is now listed, the HC 198 hit is gone,
    and Dahua moved to another line with a new score (which is not a change)."""
    hik, acme, script, dahua, formula = old.suppliers
    el_finding = dahua.findings[0]
    new_entry = el_finding.entry.model_copy(update={"id": "us-csl:77aa01", "name": "Acme Office Supplies Ltd"})
    new_entry = new_entry.model_copy(update={"kind": "exact", "score": 100.0})
    acme = acme.model_copy(update={"verdict": "restricted", "findings": (
        el_finding.model_copy(update={"entry": new_entry, "listings": (new_entry,), "kind": "exact", "score": 100.0,
                                      "party": Party(id=new_entry.id, name=new_entry.name)}),)})
    hik = hik.model_copy(update={"findings": hik.findings[:2]})
    dahua = dahua.model_copy(update={"line": 9, "findings": (el_finding.model_copy(update={"score": 93.0}),)})
    csl = old.lists[0].model_copy(update={"sha256": "e" * 64, "records": 12901, "stale": False})
    return old.model_copy(update={"suppliers": (hik, acme, script, dahua, formula),
                                  "lists": (csl, *old.lists[1:])})


def test_identical_reports_have_no_changes(old):
    d = diff_reports(old, old)
    assert not (d.new_findings or d.cleared_findings or d.verdict_changes or d.list_changes)
    assert not d.has_new_risk
    assert "0 new findings, 0 cleared, 0 verdict changes, 0 list changes" in render_diff(d)


def test_list_update_shows_new_and_cleared_hits_but_not_moves(old):
    d = diff_reports(old, _after_list_update(old))
    assert [(f.supplier, f.rule, f.entry_id) for f in d.new_findings] == [
        ("Acme Office Supplies Ltd", "VR201", "us-csl:77aa01")]
    assert [(f.supplier, f.rule) for f in d.cleared_findings] == [("Hikvision UK Ltd", "VR301")]
    assert [(v.supplier, v.old, v.new, v.worse) for v in d.verdict_changes] == [
        ("Acme Office Supplies Ltd", "clear", "restricted", True)]
    assert [(c.source, c.change, c.old_records, c.new_records) for c in d.list_changes] == [
        ("us-csl", "updated", 12874, 12901)]
    assert d.has_new_risk


def test_suppliers_added_and_removed_and_duplicates(old):
    acme = old.suppliers[1]
    new = old.model_copy(update={"suppliers": (*old.suppliers[:4], acme)})
    d = diff_reports(old, new)
    assert d.suppliers_added == ("Acme Office Supplies Ltd",)
    assert d.suppliers_removed == ('=HYPERLINK("http://x","y")',)
    assert not d.has_new_risk


def test_cleared_hits_and_better_verdicts_are_not_new_risk(old):
    hik, acme, script, dahua, formula = old.suppliers
    delisted = dahua.model_copy(update={"verdict": "clear", "findings": ()})
    d = diff_reports(old, old.model_copy(update={"suppliers": (hik, acme, script, delisted, formula)}))
    assert [f.supplier for f in d.cleared_findings] == [dahua.name] and not d.new_findings
    assert [(v.old, v.new, v.worse) for v in d.verdict_changes] == [("restricted", "clear", False)]
    assert not d.has_new_risk


def test_a_party_gaining_or_losing_a_listing_is_a_change(old):
    hik, acme, script, dahua, formula = old.suppliers
    el = dahua.findings[0]
    sdn = el.entry.model_copy(update={"source": "us-ofac-sdn", "id": "us-ofac-sdn:4242", "rules": {"VR107": "critical"},
                                      "severity": "critical", "programs": ("CMIC-EO13959",)})
    grown = el.model_copy(update={"listings": (*el.listings, sdn)})
    new = old.model_copy(update={"suppliers": (hik, acme, script, dahua.model_copy(update={"findings": (grown,)}),
                                               formula)})
    gained = diff_reports(old, new)
    assert [(f.rule, f.entry_id, f.party_id) for f in gained.new_findings] == [
        ("VR107", "us-ofac-sdn:4242", el.party.id)] and gained.has_new_risk
    lost = diff_reports(new, old)
    assert [(f.rule, f.entry_id) for f in lost.cleared_findings] == [("VR107", "us-ofac-sdn:4242")]
    assert not lost.new_findings


def test_a_schema_1_report_is_read_as_parties_of_one_listing(old, tmp_path):
    data = json.loads(render(old, "json"))
    data["schema_version"] = "1.1"
    for supplier in data["suppliers"]:
        for finding in supplier["findings"]:
            for key in ("party", "rules", "listings"):
                del finding[key]
            for key in ("rules", "severity", "kind", "score", "compared_as", "derivation"):
                finding["entry"].pop(key, None)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    d = diff_reports(load_report(path), old)
    assert not (d.new_findings or d.cleared_findings or d.verdict_changes)


def _write(tmp_path, name, report) -> str:
    path = tmp_path / name
    path.write_text(render(report, "json"), encoding="utf-8")
    return str(path)


def test_cli_text_and_json_and_exit_codes(old, tmp_path):
    runner = CliRunner()
    a, b = _write(tmp_path, "old.json", old), _write(tmp_path, "new.json", _after_list_update(old))
    text = runner.invoke(main, ["diff", a, b], catch_exceptions=False)
    assert text.exit_code == 1
    assert ('+ line 3 "Acme Office Supplies Ltd" VR201 high exact 100: party us-csl:77aa01, us-csl:77aa01'
            in text.output)
    assert "- line 2 \"Hikvision UK Ltd\" VR301" in text.output
    as_json = runner.invoke(main, ["diff", a, b, "--format", "json"], catch_exceptions=False)
    data = json.loads(as_json.output)
    assert data["has_new_risk"] is True and data["new_findings"][0]["entry_id"] == "us-csl:77aa01"
    same = runner.invoke(main, ["diff", a, a], catch_exceptions=False)
    assert same.exit_code == 0


def test_cli_output_file(old, tmp_path):
    a = _write(tmp_path, "old.json", old)
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(main, ["diff", a, a, "--format", "json", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["has_new_risk"] is False


def test_cli_bad_report_is_one_line_and_exit_2(old, tmp_path):
    a = _write(tmp_path, "old.json", old)
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", a, str(broken)], catch_exceptions=False)
    assert result.exit_code == 2
    assert "broken.json: not a vendorrisk JSON report" in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1
