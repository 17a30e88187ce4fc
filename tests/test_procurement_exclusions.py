"""Procurement exclusion lists (issue 25): each source imports from a fixture in its publisher's
format and updates from a 127.0.0.1 server; the SAM.gov key never leaves the request; ended
exclusions are history; the complete s.1260H list replaces the bundled names."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.httpserver import ListServer
from vendorrisk.cli import main
from vendorrisk.config import load_settings
from vendorrisk.errors import ConfigError, SourceError
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import parse_checked

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
SAM_ZIP = FIXTURES / "us-sam-exclusions" / "SAM_Exclusions_Public_Extract_V2_26338.ZIP"
KEY = "k3y-Sup3rSecret-0123456789abcdef"
CASES = {
    "worldbank-debarred": ("worldbank-debarred/debarred.json", 4, "application/json"),
    "us-sam-exclusions": ("us-sam-exclusions/SAM_Exclusions_Public_Extract_V2_26338.ZIP", 3, "application/zip"),
    "uk-debarment-list": ("uk-debarment-list/debarment-list.html", 3, "text/html; charset=utf-8"),
    "us-uflpa-entity-list": ("us-uflpa-entity-list/uflpa-entity-list.html", 4, "text/html; charset=utf-8"),
    "us-dod-1260h": ("us-dod-1260h/1260h.csv", 4, "text/csv"),
}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def home() -> Path:
    return Path(os.environ["VENDORRISK_HOME"])


def everything_written() -> str:
    """Every file of the store (manifest, raw files, entries, index), as text."""
    return "\n".join(p.read_bytes().decode("latin-1") for p in home().rglob("*") if p.is_file())


@pytest.fixture
def server():
    with ListServer() as srv:
        yield srv


@pytest.mark.parametrize("source", sorted(CASES))
def test_imports_from_the_publishers_format(source):
    fixture, records, _ = CASES[source]
    result = run("lists", "import", source, str(FIXTURES / fixture), "--as-of", "2026-12-04", "--no-index") \
        if source in ("worldbank-debarred", "us-dod-1260h") else \
        run("lists", "import", source, str(FIXTURES / fixture), "--no-index")
    assert result.exit_code == 0, result.stderr
    assert f"{source}: imported, {records} records" in result.stderr
    assert Store(home()).record(source).snapshot().records == records


@pytest.mark.parametrize("source", sorted(CASES))
def test_updates_from_a_local_server_mimicking_the_publisher(server, source, monkeypatch):
    fixture, records, content_type = CASES[source]
    monkeypatch.setenv("VENDORRISK_SAM_API_KEY", KEY)
    if source == "us-sam-exclusions":
        url = server.serve(f"/data-services/v1/extracts?api_key={KEY}&fileType=EXCLUSION", FIXTURES / fixture,
                           content_type=content_type)
        url = url.replace(KEY, "{api_key}")
    else:
        url = server.serve(f"/{source}/{Path(fixture).name}", FIXTURES / fixture, content_type=content_type)
    result = run("lists", "update", source, "--url", url, "--no-index")
    assert result.exit_code == 0, result.stderr
    assert f"{source}: updated, {records} records" in result.stderr
    assert KEY not in everything_written() + result.stdout + result.stderr


def test_dated_as_each_format_says():
    dates = {source: parse_checked(SOURCES[source], FIXTURES / fixture) for source, (fixture, _, _) in CASES.items()}
    assert str(dates["us-sam-exclusions"].snapshot_date) == "2026-12-04"  # V2_26338: day 338 of 2026
    assert str(dates["uk-debarment-list"].snapshot_date) == "2026-12-02"  # "Updated 2 December 2026"
    assert str(dates["us-uflpa-entity-list"].snapshot_date) == "2025-01-15"  # "Last Updated: 01/15/2025"
    assert dates["worldbank-debarred"].snapshot_date is None
    assert str(dates["worldbank-debarred"].published_on_or_after) == "2025-02-02"
    assert str(dates["us-dod-1260h"].published_on_or_after) == "2026-06-08"


def test_sam_key_never_appears_when_the_download_fails(server, monkeypatch):
    monkeypatch.setenv("VENDORRISK_SAM_API_KEY", KEY)
    server.serve("/elsewhere", b"x")
    url = server.url("/data-services/v1/extracts") + "?api_key={api_key}&fileType=EXCLUSION"
    result = run("lists", "update", "us-sam-exclusions", "--url", url, "--retries", "0", "--no-index")
    assert result.exit_code == 2
    assert "HTTP 404" in result.stderr and "api_key=***" in result.stderr
    assert KEY not in result.stdout + result.stderr + everything_written()
    assert any(KEY in path for path, _ in server.requests)  # it was sent: the server needs it


def test_sam_key_typed_into_the_url_is_hidden_too(server, monkeypatch):
    monkeypatch.delenv("VENDORRISK_SAM_API_KEY", raising=False)
    url = server.url("/extracts") + f"?api_key={KEY}&fileType=EXCLUSION"
    result = run("lists", "update", "us-sam-exclusions", "--url", url, "--retries", "0", "--no-index")
    assert result.exit_code == 2 and KEY not in result.stdout + result.stderr


def test_sam_without_a_key_is_one_line_naming_the_variable(monkeypatch):
    monkeypatch.delenv("VENDORRISK_SAM_API_KEY", raising=False)
    result = run("lists", "update", "us-sam-exclusions", "--no-index")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "VENDORRISK_SAM_API_KEY" in line and "lists import" in line


def test_sam_key_comes_from_the_environment_only(tmp_path):
    (tmp_path / "pyproject.toml").write_text(f'[tool.vendorrisk]\nsam-api-key = "{KEY}"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(environ={"VENDORRISK_HOME": str(tmp_path)}, cwd=tmp_path)
    assert "VENDORRISK_SAM_API_KEY" in str(caught.value) and KEY not in str(caught.value)
    settings = load_settings({"sam_api_key": "from-a-flag"}, environ={"VENDORRISK_HOME": str(tmp_path),
                                                                      "VENDORRISK_SAM_API_KEY": KEY}, cwd=Path("/"))
    assert settings.sam_api_key == KEY and KEY not in repr(settings)


def test_1260h_update_without_url_says_it_is_published_as_pdf_only():
    result = run("lists", "update", "us-dod-1260h", "--no-index")
    assert result.exit_code == 2 and "only as a PDF" in result.stderr and "lists import" in result.stderr


def test_complete_1260h_list_gives_dji_europe_the_1260h_rule_with_its_citation():
    before = json.loads(run("search", "DJI Europe B.V.", "--profile", "us-federal", "--format", "json").stdout)
    assert not any(f["rule"] == "VR112" for r in before["suppliers"] for f in r["findings"])
    assert run("lists", "import", "us-dod-1260h", str(FIXTURES / "us-dod-1260h/1260h.csv"),
               "--as-of", "2026-12-01").exit_code == 0
    report = json.loads(run("search", "DJI Europe B.V.", "--profile", "us-federal", "--format", "json").stdout)
    vr112 = [f for r in report["suppliers"] for f in r["findings"] if f["rule"] == "VR112"]
    assert vr112 and {f["severity"] for f in vr112} == {"high"}
    cited = {f["entry"]["citation"]["reference"] for f in vr112}
    assert "DoD release of 8 Jun 2026" in cited and "DoD release of 5 Oct 2022" in cited
    # the bundled three-name copy is replaced, not screened beside the complete list
    huawei = json.loads(run("search", "Huawei Technologies Co., Ltd.", "--profile", "us-federal",
                            "--format", "json").stdout)
    ids = {f["entry"]["id"] for r in huawei["suppliers"] for f in r["findings"] if f["rule"] == "VR112"}
    assert ids == {"us-dod-1260h:huawei-technologies-co-ltd"}


def findings(name: str, profile: str) -> list[dict]:
    report = json.loads(run("search", name, "--profile", profile, "--format", "json").stdout)
    return [f for r in report["suppliers"] for f in r["findings"]]


def test_ended_exclusions_are_history_and_current_ones_restrict():
    for source in ("worldbank-debarred", "uk-debarment-list", "us-sam-exclusions"):
        fixture = FIXTURES / CASES[source][0]
        extra = ("--as-of", "2026-12-04") if source == "worldbank-debarred" else ()
        assert run("lists", "import", source, str(fixture), *extra).exit_code == 0
    ended = findings("Former Contractors S.A.", "development-finance")
    assert [(f["rule"], f["severity"], f["entry"]["until"]) for f in ended] == [("VR402", "info", "2022-01-09")]
    current = findings("Example Roadworks Limited", "development-finance")
    assert [(f["rule"], f["severity"]) for f in current] == [("VR401", "critical")]
    assert current[0]["entry"]["until"] == "2029-03-13"
    mandatory = findings("Example Facilities Management Ltd", "uk-public-sector")
    assert [(f["rule"], f["severity"]) for f in mandatory] == [("VR205", "critical")]
    discretionary = findings("Sample Catering Services Limited", "uk-public-sector")
    assert [(f["rule"], f["severity"]) for f in discretionary] == [("VR206", "high")]
    assert [f["rule"] for f in findings("Bygone Construction plc", "uk-public-sector")] == ["VR402"]
    sam = findings("Example Defense Supply LLC", "us-federal")
    assert [(f["rule"], f["severity"]) for f in sam] == [("VR114", "critical")]
    assert [f["rule"] for f in findings("Sample Terminated Corp", "us-federal")] == ["VR402"]


@pytest.mark.parametrize("source, name, body, words", [
    ("worldbank-debarred", "debarred.json", b'{"response": {"ZPROCSUPP": [{"SUPP_NAME": "X", "DEBAR_FROM_DATE": '
                                             b'"31-FOO-2020"}]}}', "is not a date"),
    ("worldbank-debarred", "debarred.json", b'{"response": {"ZPROCSUPP": [', "1:29: not valid JSON"),
    ("worldbank-debarred", "debarred.json", b"[" * 100_000, "JSON"),
    ("us-sam-exclusions", "SAM_Exclusions_Public_Extract_V2_26338.ZIP", SAM_ZIP.read_bytes()[:400], "damaged ZIP"),
    ("us-sam-exclusions", "exclusions.csv", b"Name,City\nX,Y\n", "missing columns"),
    ("uk-debarment-list", "debarment-list.html", b"<html><body><p>No table</p></body></html>\n", "holds no table"),
    ("uk-debarment-list", "debarment-list.html", b"<table><tr><th>Supplier name</th><th>Exclusion ground</th></tr>"
                                                 b"<tr><td>A Ltd</td><td>Fraud</td></tr></table></html>",
     "neither mandatory nor discretionary"),
    ("us-uflpa-entity-list", "uflpa-entity-list.html", b"<table><tr><th>Name of Entity</th><th>Effective Date</th>"
                                                       b"</tr><tr><td>A Co.</td><td>soon</td></tr></table></html>",
     "is not a date"),
    ("us-dod-1260h", "1260h.csv", b"Name,Clean Name,Alias,Start date,End date,Source Url\nA,A,,2024-13-01,,\n",
     ":2: Start date"),
])
def test_broken_files_are_one_line_naming_the_file(tmp_path, source, name, body, words):
    path = tmp_path / name
    path.write_bytes(body)
    result = run("lists", "import", source, str(path), "--no-index")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert words in line and str(path) in line and "Traceback" not in line
