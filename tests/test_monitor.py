"""`vendorrisk monitor`: only what changed since the last monitored run, honouring decisions."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorrisk.cli import main
from vendorrisk.integrations.monitor import state_path

FIXTURES = Path(__file__).parent / "fixtures" / "monitor"
EPOCH = {"SOURCE_DATE_EPOCH": "1795867200"}  # 2026-11-28 12:00 UTC


def _cli(*args):
    result = CliRunner().invoke(main, list(args), env=EPOCH, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "suppliers.csv", tmp_path / "suppliers.csv")
    return tmp_path


def test_second_run_reports_exactly_the_gained_listing_and_the_new_party(workdir):
    assert _cli("lists", "import", "us-csl", str(FIXTURES / "csl.invented.v1.csv"))[0] == 0
    code, _, _ = _cli("decide", "Tessaly Brightworks Co Ltd", "--all", "--supplier-id", "S-2", "--outcome",
                      "false-positive", "--reviewer", "R", "--reason", "a Ningbo lamp maker, not the listed one")
    assert code == 0
    code, out, err = _cli("monitor", "suppliers.csv", "--format", "json")
    first = json.loads(out)
    assert code == 1 and first["previous_run"] is None and "(first monitored run): 1 new" in err
    assert [(c["kind"], c["supplier"], c["party"]) for c in first["changes"]] == [
        ("new", "Quorvane Dynamics Ltd", "ofac:90001")]

    assert _cli("lists", "import", "us-csl", str(FIXTURES / "csl.invented.v2.csv"))[0] == 0
    code, out, err = _cli("monitor", "suppliers.csv", "--format", "json")
    second = json.loads(out)["changes"]
    assert code == 1, err
    assert [(c["kind"], c["supplier"], c["party"]) for c in second] == [
        ("changed", "Quorvane Dynamics Ltd", "ofac:90001"),
        ("new", "Velmora Trading LLC", "us-csl:beadbeadbeadbeadbeadbeadbeadbeadbeadbead")]
    assert second[0]["detail"] == "the party gained: list SSI, program UKRAINE-EO13662"
    assert "1 new, 1 changed, 0 gone, 0 decided" in err

    code, out, err = _cli("monitor", "suppliers.csv")
    assert code == 0 and out == "" and "0 new, 0 changed, 0 gone, 0 decided" in err


def test_the_last_run_is_kept_in_the_store_keyed_by_the_absolute_path(workdir):
    from vendorrisk.config import load_settings

    _cli("lists", "import", "us-csl", str(FIXTURES / "csl.invented.v1.csv"))
    code, _, err = _cli("monitor", "suppliers.csv", "--dry-run")
    assert code == 1 and "(first monitored run): 2 new" in err
    home = load_settings({}).home
    kept = state_path(home, workdir / "suppliers.csv")
    assert not kept.exists()  # --dry-run keeps nothing
    _cli("monitor", "suppliers.csv")
    assert kept.is_file() and kept.is_relative_to(home)
    assert json.loads(kept.read_text())["file"] == str((workdir / "suppliers.csv").resolve())
    assert sorted(p.name for p in workdir.iterdir()) == ["suppliers.csv"]  # nothing beside the user's data
    assert _cli("monitor", "suppliers.csv")[0] == 0
    kept.write_text("{not json")  # a damaged state: every open finding is new again, never a crash
    code, _, err = _cli("monitor", "suppliers.csv")
    assert code == 1 and "(first monitored run): 2 new" in err


def test_a_decision_made_between_runs_is_reported_as_decided_and_an_expired_one_reopens(workdir):
    _cli("lists", "import", "us-csl", str(FIXTURES / "csl.invented.v1.csv"))
    _cli("monitor", "suppliers.csv")
    _cli("decide", "Quorvane Dynamics Ltd", "ofac:90001", "--outcome", "accepted-risk", "--expires", "2026-12-31",
         "--reviewer", "R", "--reason", "wind-down licence")
    code, out, _ = _cli("monitor", "suppliers.csv")
    assert code == 0 and out.startswith("decided  line 2: Quorvane Dynamics Ltd -> ofac:90001")
    later = {"SOURCE_DATE_EPOCH": "1798761600"}  # 2027-01-01
    result = CliRunner().invoke(main, ["monitor", "suppliers.csv"], env=later, catch_exceptions=False)
    assert result.exit_code == 1 and "changed  line 2: Quorvane Dynamics Ltd -> ofac:90001" in result.stdout
    assert "re-opened: the decision expired" in result.stdout


def test_compare_reports_gone_findings_and_keeps_quiet_about_closed_ones():
    from vendorrisk.integrations.monitor import compare

    def state(closed=False, listings=("list:EL",), status="decided"):
        return {"supplier": "A", "line": 2, "party": "p", "party_name": "P", "listings": list(listings),
                "closed": closed, "status": status, "reopened_because": None}

    assert [(c.kind, c.detail) for c in compare({"k": state()}, {})] == [("gone", "no longer matches")]
    assert compare({"k": state(closed=True)}, {}) == []  # a closed finding that went away says nothing
    assert compare({"k": state(closed=True)}, {"k": state(closed=True)}) == []
    assert compare({}, {"k": state(closed=True)}) == []  # decided before it was ever monitored
    (changed,) = compare({"k": state()}, {"k": state(listings=("list:EL", "program:EAR 744.11"))})
    assert (changed.kind, changed.detail) == ("changed", "the party gained: program EAR 744.11")
