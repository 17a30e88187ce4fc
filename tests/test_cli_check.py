"""`vendorrisk check` and `search` on the bundled examples: exit codes, cited evidence, clean errors."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from vendorrisk import __version__
from vendorrisk.cli import main
from vendorrisk.config import Settings
from vendorrisk.screening.screener import Screener

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SUPPLIERS = str(EXAMPLES / "suppliers.csv")
RESTRICTED_EXAMPLES = {
    "Hikvision UK Ltd", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "Zhejiang Dahua Technology Co., Ltd.",
    "ZTE Corporation", "Huawei Technologies (UK) Co. Ltd", "Huawei Device Co., Ltd.",
    "Hytera Communications Corp. Ltd", "EZVIZ Europe B.V.", "Pyronix Ltd",
    "Kaspersky Lab UK Limited", "Hik-Vision Digital Tech. (Europe)",
}
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    """A store whose index over the bundled lists is built once for the whole module."""
    home = tmp_path_factory.mktemp("cli-home")
    Screener(Settings(home=home))
    return home


@pytest.fixture(autouse=True)
def home(built_home, monkeypatch) -> Path:
    monkeypatch.setenv("VENDORRISK_HOME", str(built_home))
    return built_home


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


@pytest.fixture(scope="module")
def suppliers_report(built_home) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VENDORRISK_HOME", str(built_home))
        result = run("check", SUPPLIERS, "--format", "json")
    assert result.exit_code == 1, result.stderr
    return json.loads(result.stdout)


def by_name(report: dict) -> dict[str, dict]:
    return {s["name"]: s for s in report["suppliers"]}


def test_check_suppliers_json_cites_the_official_sources(suppliers_report):
    references = {f["entry"]["citation"]["reference"] for s in suppliers_report["suppliers"] for f in s["findings"]}
    joined = " | ".join(r or "" for r in references)
    for official in ("84 FR 54002", "HC 198", "Pub. L. 115-232"):
        assert official in joined


@pytest.mark.parametrize("name, entry_id, matched", [
    ("Hikvision UK Ltd", "us-ndaa-889:hikvision", "Hikvision"),
    ("HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD", "us-bis-entity-list:hikvision",
     "Hangzhou Hikvision Digital Technology Co., Ltd."),
    ("Zhejiang Dahua Technology Co., Ltd.", "us-dod-1260h:dahua", "Zhejiang Dahua Technology Co., Ltd."),
    ("ZTE Corporation", "us-ndaa-889:zte", "ZTE Corporation"),
])
def test_named_suppliers_are_flagged_with_alias_and_citation(suppliers_report, name, entry_id, matched):
    supplier = by_name(suppliers_report)[name]
    assert supplier["verdict"] == "restricted"
    finding = {f["entry"]["id"]: f for f in supplier["findings"]}[entry_id]
    assert finding["entry"]["matched_name"] == matched
    assert finding["kind"] in ("exact", "fuzzy", "affiliate") and 0 <= finding["score"] <= 100
    assert finding["entry"]["citation"]["document"] and finding["entry"]["citation"]["url"]
    assert finding["rule"].startswith("VR") and finding["explanation"]


@pytest.mark.parametrize("name", ["Acme Widgets Ltd", "ACME WIDGETS LIMITED", "Hikma Pharmaceuticals PLC"])
def test_ordinary_suppliers_are_clear(suppliers_report, name):
    supplier = by_name(suppliers_report)[name]
    assert (supplier["verdict"], supplier["findings"]) == ("clear", [])


def test_a_former_subsidiary_is_not_a_current_affiliate(suppliers_report):
    """Dahua sold Lorex on 24 Nov 2022: the relation is history in the bundled lists, not a finding."""
    lorex = by_name(suppliers_report)["Lorex Technology Inc."]
    assert (lorex["verdict"], lorex["findings"]) == ("clear", [])


def test_report_keeps_every_row_in_input_order_with_its_own_fields(suppliers_report):
    ids = [s["input"]["supplier_id"] for s in suppliers_report["suppliers"]]
    assert ids == sorted(ids) and len(ids) == 48
    first = suppliers_report["suppliers"][0]
    assert first["input"] == {"supplier_id": "SUP-1001", "name": "Acme Widgets Ltd", "country": "GB",
                              "category": "Fasteners and fixings", "city": "Sheffield",
                              "annual_spend_gbp": "48200"}
    flagged = {s["name"] for s in suppliers_report["suppliers"] if s["verdict"] != "clear"}
    assert flagged == RESTRICTED_EXAMPLES, "the README describes these as the flagged example rows"
    assert suppliers_report["summary"]["by_verdict"]["restricted"] == len(RESTRICTED_EXAMPLES)
    listed = {u["source"]: u for u in suppliers_report["lists"]}
    assert {"uk-fac-hc198", "us-ndaa-889", "us-bis-entity-list"} <= set(listed)
    assert all(len(u["sha256"]) == 64 and u["records"] > 0 for u in listed.values())


def test_clean_file_exits_0():
    result = run("check", str(EXAMPLES / "clean.csv"))
    assert result.exit_code == 0, result.stderr
    assert "8 suppliers" in result.stdout and "restricted" not in result.stdout.split("Lists screened")[0]


def test_file_without_a_name_column_exits_2_with_one_line():
    result = run("check", str(EXAMPLES / "no-name-column.csv"))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("vendorrisk: error: ") and "no-name-column.csv:1" in lines[0]
    assert "--name-column" in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (("check", "does-not-exist.csv"), "cannot open the file"),
    (("check", SUPPLIERS, "--name-column", "vendor_title"), "is not a column"),
    (("check", SUPPLIERS, "--profile", "nowhere"), "unknown profile"),
])
def test_usage_and_input_errors_are_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_name_column_option_chooses_the_column(tmp_path):
    path = tmp_path / "erp.csv"
    path.write_text("Vendor No,Name 2,Title\n100,ZTE Corporation,Network kit\n", encoding="utf-8")
    result = run("check", str(path), "--name-column", "Name 2", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["suppliers"][0]["verdict"] == "restricted"


@pytest.mark.parametrize("fail_on, code", [("info", 1), ("high", 1), ("critical", 0), ("restricted", 1),
                                           ("prohibited", 0), ("never", 0)])
def test_fail_on_sets_the_exit_code(fail_on, code):
    assert run("check", SUPPLIERS, "--fail-on", fail_on).exit_code == code


def test_fail_on_defaults_to_review_so_the_profiles_verdict_decides(tmp_path, monkeypatch):
    """A profile that rates medium findings as clear does not fail the run by default; --fail-on info does."""
    (tmp_path / "profiles.yml").write_text(
        "profiles:\n  lenient:\n    description: medium findings are history here.\n    extends: default\n"
        "    severities: {VR101: medium, VR102: medium, VR103: medium}\n"
        "    verdicts: {info: clear, low: clear, medium: clear}\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.vendorrisk]\nprofiles-file = "profiles.yml"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in ("check", "search"):
        option = next(p for p in main.get_command(None, command).params if p.name == "fail_on")
        assert option.default == "review"
    zte = ("search", "ZTE Corporation", "--profile", "lenient", "--format", "json")
    found = json.loads(run(*zte).stdout)["suppliers"][0]
    assert found["findings"] and found["verdict"] == "clear", found["verdict"]
    assert {f["severity"] for f in found["findings"]} == {"medium"}
    assert run(*zte).exit_code == 0
    assert run(*zte, "--fail-on", "info").exit_code == 1
    assert run(*zte, "--fail-on", "medium").exit_code == 1


def test_output_writes_the_report_and_the_summary_goes_to_stderr(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", SUPPLIERS, "--format", "json", "--output", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("vendorrisk: 48 suppliers: ") and "; 0 skipped" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["suppliers"] == 48


def test_text_report_has_a_party_line_and_one_line_per_listing():
    result = run("check", SUPPLIERS)
    assert result.exit_code == 1
    evidence = result.stdout.split("\nEvidence\n", 1)[1].split("\nLists screened\n", 1)[0]
    assert "line 3: Hikvision UK Ltd -> restricted" in evidence
    lines = evidence.splitlines()
    party = next(n for n, line in enumerate(lines) if line.strip().startswith("VR103") and "(party " in line)
    assert "84 FR 54002" in lines[party + 1] and "listed 2019-10-09" in lines[party + 1]


def test_json_is_byte_identical_with_source_date_epoch():
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    first = run("check", SUPPLIERS, "--format", "json", env=env)
    second = run("check", SUPPLIERS, "--format", "json", env=env)
    assert first.stdout_bytes == second.stdout_bytes
    assert json.loads(first.stdout)["generated_at"] == "2026-01-01T00:00:00Z"


def test_search_one_name_json():
    result = run("search", "ZTE Corporation", "--country", "CN", "--format", "json")
    assert result.exit_code == 1
    supplier = json.loads(result.stdout)["suppliers"][0]
    assert supplier["input"] == {"name": "ZTE Corporation", "country": "CN"}
    assert {f["entry"]["id"] for f in supplier["findings"]} >= {"us-ndaa-889:zte", "us-fcc-covered-list:zte"}
    assert run("search", "Hikma Pharmaceuticals PLC").exit_code == 0


def test_search_explain_shows_the_words_that_matched():
    result = run("search", "Hikvision UK Ltd", "--explain")
    assert result.exit_code == 1
    assert "hikvision" in result.stdout.lower() and "us-ndaa-889:hikvision" in result.stdout


@pytest.mark.parametrize("name, country", [("Hikvision UK Ltd", None), ("Hik-Vision Digital Tech. (Europe)", None),
                                           ("Huawei Technologies (UK) Co. Ltd", None), ("ZTE Corp", "US"),
                                           ("Zhejiang Dahua Technology Co., Ltd.", "CN")])
def test_search_explain_figures_add_up_to_each_score(name, country):
    result = run("search", name, "--explain", *(["--country", country] if country else []))
    blocks = re.split(r"\n(?=  VR\d+ )", result.stdout)[1:]
    assert blocks, result.stdout
    for block in blocks:
        score = float(re.search(r" score ([\d.]+)\n", block).group(1))
        figures = [float(m) for m in re.findall(r"^ +([+-]\d+\.\d)  ", block, re.MULTILINE)]
        assert abs(sum(figures) - score) < 0.05, block
        assert re.search(rf"^    = ?{score:.1f}  score$", block, re.MULTILINE), block


def test_search_explain_names_the_rule_behind_a_score_that_is_not_a_sum():
    out = run("search", "Hikvision UK Ltd", "--explain").stdout
    assert "-3.1  score_rule           a branch or affiliate is scored on how much of the listed name it holds" in out
    assert "Hikvision UK Ltd: restricted (7 findings)" in out


def test_version_option():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"vendorrisk, version {__version__}"


def _console(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=120, env=os.environ.copy())


@pytest.mark.slow
def test_installed_console_script_checks_the_example(home):
    script = Path(sys.executable).with_name("vendorrisk")
    command = str(script) if script.exists() else "vendorrisk"
    done = _console(command, "check", "examples/suppliers.csv", "--format", "json")
    assert done.returncode == 1, done.stderr
    verdicts = {s["name"]: s["verdict"] for s in json.loads(done.stdout)["suppliers"]}
    assert verdicts["ZTE Corporation"] == "restricted" and verdicts["Acme Widgets Ltd"] == "clear"
    assert "Traceback" not in done.stderr
    version = _console(command, "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"vendorrisk, version {__version__}")


def test_python_dash_m_runs_the_cli():
    done = _console(sys.executable, "-m", "vendorrisk", "--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"vendorrisk, version {__version__}")


def test_skipped_rows_are_reported_and_strict_makes_them_fatal(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("name,country\nZTE Corporation,CN\n,GB\nAcme Widgets Ltd,GB\n", encoding="utf-8")
    lenient = run("check", str(path), "--format", "json")
    report = json.loads(lenient.stdout)
    assert lenient.exit_code == 1 and [s["name"] for s in report["suppliers"]] == ["ZTE Corporation",
                                                                                   "Acme Widgets Ltd"]
    assert [(s["line"], s["reason"]) for s in report["skipped"]] == [(3, "empty name in column 'name'")]
    strict = run("check", str(path), "--strict")
    assert strict.exit_code == 2 and strict.stdout == ""
    assert strict.stderr.strip() == f"vendorrisk: error: {path}:3: row skipped: empty name in column 'name'"


def test_sarif_notes_what_it_leaves_out_on_stderr(monkeypatch, tmp_path):
    from vendorrisk.formats import sarif

    result = run("search", "ZTE Corporation", "--format", "sarif")
    assert result.exit_code == 1
    assert ("vendorrisk: note: 2 findings left out: code scanning places a result on a file, and this report "
            "screened no file; use --format json to see them") in result.stderr.splitlines()
    out = tmp_path / "report.sarif"
    assert "vendorrisk: note:" not in run("check", SUPPLIERS, "--format", "sarif", "--output", str(out)).stderr
    monkeypatch.setattr(sarif, "MAX_RESULTS", 5)
    result = run("check", SUPPLIERS, "--format", "sarif", "--output", str(out))
    notes = [line for line in result.stderr.splitlines() if line.startswith("vendorrisk: note: ")]
    assert len(notes) == 1 and notes[0].startswith("vendorrisk: note: 44 of 49 findings left out (the least severe")
    assert "GitHub code scanning shows at most 5 results per run" in notes[0]
    logged = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0].removeprefix("vendorrisk: note: ") in [n["message"]["text"] for n in logged]
