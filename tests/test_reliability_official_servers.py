"""Each source's current format updates from a 127.0.0.1 server that behaves as its official one does.

What the official servers do in December 2026 (see docs/sources.md): BIS serves a
page whose "Export as CSV" link is the file; OFAC's Sanctions List Service
redirects `/api/download/{file}` to a short-lived signed URL and its firewall
answers 403 to some User-Agents; the EU generates its file on request, slowly and
with bursts of HTTP 500; the UN redirects to a signed blob URL.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import tree_digest
from tests.fixtures.reliability.support import dpl_csv_bytes
from tests.httpserver import SIGNED_PREFIX, ListServer
from vendorrisk.cli import main
from vendorrisk.cli.lists import fetcher_for
from vendorrisk.errors import SourceError
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.updater import update_source

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
DPL_PAGE = b"""<!DOCTYPE html><html><head><title>Denied Persons List (DPL)</title></head><body>
<main><h1>Denied Persons List</h1><p>The list is updated as orders are issued.</p>
<a href="/files/dpl-2026-12.csv">Export   as CSV</a> <a href="/files/dpl.xlsx">Export as Excel</a></main>
</body></html>"""


def ofac_waf(agent: str) -> bool:
    """OFAC's firewall rule as reported in opensanctions/opensanctions#5237."""
    return agent.startswith("Mozilla/") and agent[8:9].isdigit() and len(agent) >= 40


def run(*args: str):
    """The CLI, without building the candidate index (not what these tests are about)."""
    return CliRunner().invoke(main, [*args, "--no-index"], catch_exceptions=False)


def store_digest() -> dict[str, str]:
    return tree_digest(Path(os.environ["VENDORRISK_HOME"]) / "lists")


@pytest.fixture
def server():
    with ListServer() as srv:
        yield srv


def test_dpl_follows_the_export_as_csv_link_on_the_bis_page(server):
    page = server.serve("/licensing/end-user-guidance/denied-persons-list-dpl", DPL_PAGE,
                        content_type="text/html; charset=utf-8")
    server.serve("/files/dpl-2026-12.csv", dpl_csv_bytes(30), signed=True)
    result = run("lists", "update", "us-bis-dpl", "--url", page)
    assert result.exit_code == 0 and "us-bis-dpl: updated, 30 records" in result.stderr
    assert server.hits("/files/dpl-2026-12.csv") == 2  # the redirect, then its signed URL
    record = Store(Path(os.environ["VENDORRISK_HOME"])).record("us-bis-dpl")
    assert record.files[0].name == "dpl.csv" and record.files[0].url == page


def test_dpl_page_without_the_link_is_one_line(server):
    page = server.serve("/dpl", b"<html><body><a href='/x.pdf'>Export as PDF</a></body></html>",
                        content_type="text/html")
    result = run("lists", "update", "us-bis-dpl", "--url", page, "--retries", "0")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "no link called 'Export as CSV'" in line and "vendorrisk lists import" in line


@pytest.mark.parametrize("source, fixture", [("us-ofac-sdn", "us-ofac-sdn/xml/sdn.invented.xml"),
                                             ("us-ofac-nonsdn", "us-ofac-nonsdn/consolidated.invented.xml")])
def test_ofac_signed_download_behind_the_user_agent_firewall(server, source, fixture):
    name = "SDN.XML" if source == "us-ofac-sdn" else "CONSOLIDATED.XML"
    url = server.serve(f"/api/download/{name}", FIXTURES / fixture, signed=True)
    server.agent_rule = ofac_waf
    result = run("lists", "update", source, "--url", url)
    assert result.exit_code == 0 and f"{source}: updated, " in result.stderr
    assert any(p.startswith(f"{SIGNED_PREFIX}/api/download/{name}?") for p, _ in server.requests)
    record = Store(Path(os.environ["VENDORRISK_HOME"])).record(source)
    assert record.date_basis == "file"  # dated by the XML's Publish_Date, not the server


def test_ofac_403_for_a_refused_user_agent_is_one_line_saying_what_to_try(server):
    url = server.serve("/api/download/SDN.XML", FIXTURES / "us-ofac-sdn/xml/sdn.invented.xml", signed=True)
    assert run("lists", "update", "us-ofac-sdn", "--url", url).exit_code == 0
    before = store_digest()
    server.agent_rule = ofac_waf
    result = run("lists", "update", "us-ofac-sdn", "--url", url, "--user-agent", "curl/8.5.0")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "HTTP 403 Forbidden" in line and "'curl/8.5.0'" in line and "--user-agent" in line
    assert "vendorrisk lists import" in line
    assert server.hits("/api/download/SDN.XML") == 3  # two for the first update, one refused: no retries
    assert store_digest() == before
    env = run("lists", "update", "us-ofac-sdn", "--url", url)  # VENDORRISK_USER_AGENT is read by Settings
    assert env.exit_code == 0


def test_user_agent_from_the_environment(server, monkeypatch):
    url = server.serve("/api/download/SDN.XML", FIXTURES / "us-ofac-sdn/xml/sdn.invented.xml")
    monkeypatch.setenv("VENDORRISK_USER_AGENT", "Mozilla/5.0 (compatible; ExampleCorp screening; ops@example.com)")
    assert run("lists", "update", "us-ofac-sdn", "--url", url).exit_code == 0
    assert server.requests[-1][1]["User-Agent"] == "Mozilla/5.0 (compatible; ExampleCorp screening; ops@example.com)"


@pytest.mark.parametrize("fixture, name", [("uk-lists/fcdo-list.invented.xml", "UK-Sanctions-List.xml"),
                                           ("uk-lists/fcdo-list.invented.csv", "UK-Sanctions-List.csv")])
def test_uk_sanctions_list_updates_as_xml_or_csv(server, fixture, name):
    url = server.serve(f"/docs/{name}", FIXTURES / fixture)
    result = run("lists", "update", "uk-sanctions", "--url", url)
    assert result.exit_code == 0 and "uk-sanctions: updated, 4 records" in result.stderr
    store = Store(Path(os.environ["VENDORRISK_HOME"]))
    assert [f.name for f in store.record("uk-sanctions").files] == [name]  # the CSV is not saved as .xml
    weak = {e.id: e.weak_aliases for e in store.entries("uk-sanctions")}
    assert weak["uk-sanctions:AQD0104"] == ("NUR",)


def test_un_redirect_to_a_signed_blob_is_followed(server, shared_lists):
    url = server.serve("/resources/xml/en/consolidated.xml", shared_lists / "un-sc" / "consolidated.xml", signed=True)
    result = run("lists", "update", "un-sc", "--url", url)
    assert result.exit_code == 0 and "un-sc: updated, 1003 records" in result.stderr
    assert [p.split("?")[0] for p, _ in server.requests] == ["/resources/xml/en/consolidated.xml",
                                                             f"{SIGNED_PREFIX}/resources/xml/en/consolidated.xml"]


def test_eu_file_generated_slowly_with_bursts_of_500_arrives_with_the_eu_policy(server):
    path = "/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
    url = server.serve(path, FIXTURES / "eu-fsf/fsf-export.invented.xml")
    server.generating[path] = 1.0
    server.fault(path, "500", times=5)  # more than the 3 retries every other source gets
    sleeps: list[float] = []
    eu = SOURCES["eu-fsf"]
    store = Store(Path(os.environ["VENDORRISK_HOME"]))
    result = update_source(store, eu, fetcher_for(eu, {}, None, sleep=sleeps.append), url=url)
    assert result.changed and result.snapshot.records == 2
    assert sleeps == [5.0, 10.0, 20.0, 40.0, 80.0]  # recorded, not slept
    server.fault(path, "500", times=5)
    with pytest.raises(SourceError, match="HTTP 500 after 4 attempts"):
        update_source(store, SOURCES["un-sc"], fetcher_for(SOURCES["un-sc"], {}, None, sleep=lambda s: None),
                      url=url)
