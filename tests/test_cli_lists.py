"""`vendorrisk lists update|import|status` end to end, against a real loopback HTTP server."""
from __future__ import annotations

import datetime as dt

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.fakesource import FakePairSource, FakeSource, fake_list, tree_digest
from tests.httpserver import ListServer
from vendorrisk.cli import lists as lists_cli
from vendorrisk.cli import main
from vendorrisk.lists.store import Store

BODY = fake_list(200)


@pytest.fixture
def server():
    with ListServer() as srv:
        srv.serve("/fake.csv", BODY)
        srv.serve("/pair/prim.csv", fake_list(30))
        srv.serve("/pair/alt.csv", b"1|Alias One\n3|Alias Three\n")
        yield srv


@pytest.fixture
def registry(server, monkeypatch):
    """The fake sources, pointed at the loopback server, as the CLI's source registry."""
    single, pair = FakeSource(), FakePairSource()
    single.urls = {"fake.csv": server.url("/fake.csv")}
    pair.urls = {name: server.url(f"/pair/{name}") for name in ("prim.csv", "alt.csv")}
    sources = {single.id: single, pair.id: pair}
    monkeypatch.setattr(lists_cli, "source_registry", lambda: sources)
    return sources


def home() -> Path:
    return Path(os.environ["VENDORRISK_HOME"])


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_update_every_source_then_status(registry):
    result = run("lists", "update")
    assert result.exit_code == 0, result.stderr
    assert "fake-list: updated, 200 records" in result.stderr
    assert "fake-pair: updated, 30 records" in result.stderr
    status = run("lists", "status")
    assert status.exit_code == 0
    lines = status.stdout.splitlines()
    assert lines[0].split()[:5] == ["source", "origin", "published", "age", "records"]
    official = [line.split()[:2] for line in lines[1:] if line.split()[1] != "bundled"]
    assert official == [["fake-list", "download"], ["fake-pair", "download"]]
    assert "not installed" not in status.stderr


def _indexes() -> list[Path]:
    return sorted((home() / "cache").glob("index-*.sqlite"))


def test_update_builds_the_index_the_next_screening_opens(registry):
    from vendorrisk.lists.catalog import ListCatalog

    result = run("lists", "update")
    assert result.exit_code == 0, result.stderr
    assert "index: ready" in result.stderr
    built = _indexes()
    assert len(built) == 1
    assert ListCatalog(home()).open_index()[0].path == built[0]  # opened, not rebuilt
    assert _indexes() == built


def test_no_index_leaves_the_build_to_the_first_screening(registry, tmp_path):
    (tmp_path / "fake.csv").write_bytes(BODY)
    result = run("lists", "import", "fake-list", str(tmp_path / "fake.csv"), "--no-index")
    assert result.exit_code == 0 and "index:" not in result.stderr
    assert _indexes() == []


def test_an_index_that_cannot_be_built_is_a_warning_not_a_failed_import(registry, tmp_path):
    (tmp_path / "fake.csv").write_bytes(BODY)
    (home() / "cache").write_text("not a folder")
    result = run("lists", "import", "fake-list", str(tmp_path / "fake.csv"))
    assert result.exit_code == 0, result.stderr
    assert "vendorrisk: warning: the candidate index was not built" in result.stderr
    assert Store(home()).record("fake-list").records == 200


def test_status_json_has_provenance_and_stale_flag(registry):
    run("lists", "update", "fake-list")
    doc = json.loads(run("lists", "status", "--format", "json").stdout)
    (row,) = official_rows(doc)
    assert row["source"] == "fake-list" and row["records"] == 200 and row["snapshot_date"] == "2024-03-01"
    assert row["date_basis"] == "file" and doc["not_installed"] == ["fake-pair"]
    assert len(row["sha256"]) == 64 and row["retrieved_at"] and row["origin"] == "download"
    assert row["stale"] is True and row["age_days"] > doc["stale_after_days"]


def test_second_update_is_a_conditional_get_and_changes_nothing(registry, server):
    run("lists", "update", "fake-list")
    before = tree_digest(home() / "lists")
    result = run("lists", "update", "fake-list")
    assert result.exit_code == 0 and "fake-list: up to date" in result.stderr
    assert "If-None-Match" in server.requests[-1][1]
    assert tree_digest(home() / "lists") == before


def test_multi_file_source_with_base_url(registry, server):
    result = run("lists", "update", "fake-pair", "--url", server.url("/pair/"))
    assert result.exit_code == 0, result.stderr
    record = Store(home()).record("fake-pair")
    assert {f.url for f in record.files} == {server.url("/pair/prim.csv"), server.url("/pair/alt.csv")}


FAILURES = [
    ("500", [], "server answered HTTP 500"),
    ("slow", ["--timeout", "0.3"], "timed out"),
    ("truncate", [], "truncated body"),
    ("html", [], "HTML page"),
    ("html-body", [], "fake.csv is an HTML page"),
    ("empty", [], "empty body"),
]


@pytest.mark.parametrize("fault, flags, reason", FAILURES, ids=[f[0] for f in FAILURES])
def test_failed_update_keeps_the_previous_snapshot_byte_for_byte(registry, server, fault, flags, reason):
    assert run("lists", "update", "fake-list").exit_code == 0
    before = tree_digest(home() / "lists")
    server.serve("/fake.csv", fake_list(210, tag="new"))  # a real change, so no 304 hides the fault
    server.fault("/fake.csv", fault)
    result = run("lists", "update", "fake-list", "--retries", "0", *flags)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("vendorrisk: error: fake-list: ")
    assert reason in result.stderr
    assert tree_digest(home() / "lists") == before


@pytest.mark.parametrize("body, reason", [
    (fake_list(20, tag="new"), "20 records, fewer than 80% of the 200"),
    (b"<?xml version='1.0'?><list/>\n", "downloaded fake.csv:1: not a fakelist file"),
], ids=["far-fewer-records", "parse-error"])
def test_bad_content_keeps_the_previous_snapshot(registry, server, body, reason):
    run("lists", "update", "fake-list")
    before = tree_digest(home() / "lists")
    server.serve("/fake.csv", body)
    result = run("lists", "update", "fake-list")
    assert result.exit_code == 2 and reason in result.stderr and result.stderr.count("\n") == 1
    assert tree_digest(home() / "lists") == before


def test_one_failing_source_does_not_stop_the_others(registry, server):
    server.fault("/fake.csv", "500")
    result = run("lists", "update", "--retries", "0")
    assert result.exit_code == 2
    assert "error: fake-list:" in result.stderr and "fake-pair: updated" in result.stderr


def test_new_parser_version_reparses_unchanged_download(registry, server):
    run("lists", "update", "fake-list")
    registry["fake-list"].parser_version = "2"
    result = run("lists", "update", "fake-list")
    assert result.exit_code == 0 and "fake-list: updated" in result.stderr
    assert Store(home()).record("fake-list").parser_version == "2"
    assert "If-None-Match" in server.requests[-1][1]


def test_url_needs_exactly_one_source(registry, server):
    result = run("lists", "update", "fake-list", "fake-pair", "--url", server.url("/x"))
    assert result.exit_code == 2 and "--url needs exactly one SOURCE" in result.stderr


def test_unknown_source_is_one_line(registry):
    result = run("lists", "update", "nope")
    assert result.exit_code == 2
    assert result.stderr == "vendorrisk: error: unknown source 'nope'; known sources: fake-list, fake-pair\n"


def test_import_file_and_folder(registry, tmp_path):
    (tmp_path / "fake.csv").write_bytes(BODY)
    result = run("lists", "import", "fake-list", str(tmp_path / "fake.csv"))
    assert result.exit_code == 0 and "fake-list: imported, 200 records" in result.stderr
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "prim.csv").write_bytes(fake_list(5))
    (folder / "alt.csv").write_bytes(b"2|Alias Two\n")
    assert run("lists", "import", "fake-pair", str(folder)).exit_code == 0
    assert Store(home()).record("fake-pair").origin == "import"


def test_import_of_several_sources_builds_the_index_once_at_the_end(registry, tmp_path, monkeypatch):
    from vendorrisk.lists.catalog import ListCatalog

    builds = []
    real = ListCatalog._build_index
    monkeypatch.setattr(ListCatalog, "_build_index", lambda self, *a: builds.append(1) or real(self, *a))
    (tmp_path / "fake.csv").write_bytes(BODY)
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "prim.csv").write_bytes(fake_list(5))
    (folder / "alt.csv").write_bytes(b"2|Alias Two\n")
    result = run("lists", "import", "fake-list", str(tmp_path / "fake.csv"), "fake-pair", str(folder))
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stderr.splitlines()] == [
        "fake-list: imported", "fake-pair: imported", "index: ready"]
    assert builds == [1] and len(_indexes()) == 1
    assert ListCatalog(home()).has_index()


def test_import_of_several_sources_goes_on_after_one_fails_and_exits_2(registry, tmp_path):
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "prim.csv").write_bytes(fake_list(5))
    (folder / "alt.csv").write_bytes(b"2|Alias Two\n")
    result = run("lists", "import", "fake-list", str(tmp_path / "missing.csv"), "fake-pair", str(folder))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("vendorrisk: error: fake-list: ") and "no such file or folder" in lines[0]
    assert lines[1].startswith("fake-pair: imported, 5 records") and lines[2].startswith("index: ready")
    assert Store(home()).record("fake-pair").records == 5


@pytest.mark.parametrize("args, message", [
    (("fake-list",), "give a PATH for each SOURCE: 'fake-list' has none"),
    (("fake-list", "a.csv", "fake-pair"), "give a PATH for each SOURCE: 'fake-pair' has none"),
    (("fake-list", "a.csv", "fake-pair", "b", "--as-of", "2026-11-01"), "--as-of needs exactly one SOURCE"),
])
def test_import_arguments_are_source_path_pairs(registry, args, message):
    result = run("lists", "import", *args)
    assert result.exit_code == 2 and message in result.stderr


@pytest.mark.parametrize("name, content, reason", [
    ("missing.csv", None, "no such file or folder"),
    ("error.html", b"<!DOCTYPE html><html></html>", "HTML page"),
    ("fake.csv", fake_list(10), "fewer than 80%"),
])
def test_failed_import_keeps_the_previous_snapshot(registry, tmp_path, name, content, reason):
    (tmp_path / "good.csv").write_bytes(BODY)
    run("lists", "import", "fake-list", str(tmp_path / "good.csv"))
    before = tree_digest(home() / "lists")
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run("lists", "import", "fake-list", str(tmp_path / name))
    assert result.exit_code == 2 and reason in result.stderr and result.stderr.count("\n") == 1
    assert tree_digest(home() / "lists") == before


def official_rows(status: dict) -> list[dict]:
    return [row for row in status["lists"] if row["origin"] != "bundled"]


def test_status_of_an_empty_store_shows_the_bundled_lists_and_how_to_get_the_rest(registry):
    result = run("lists", "status")
    assert result.exit_code == 0
    bundled = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert "uk-fac-hc198" in bundled and "us-ndaa-889" in bundled
    assert all(" bundled " in line and "(as of the curated facts)" in line for line in result.stdout.splitlines()[1:])
    assert result.stderr.splitlines() == [
        "not installed: fake-list, fake-pair",
        "get official lists online with `vendorrisk lists update [SOURCE...]`, or on a machine without internet "
        "with `vendorrisk lists import SOURCE PATH` (see docs/store.md)"]
    doc = json.loads(run("lists", "status", "--format", "json").stdout)
    assert official_rows(doc) == [] and doc["not_installed"] == ["fake-list", "fake-pair"]
    assert {row["date_basis"] for row in doc["lists"]} == {"curated"}


def test_status_without_bundled_lists_and_nothing_installed(registry, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.vendorrisk]\nbundled-lists = false\n")
    monkeypatch.chdir(tmp_path)
    result = run("lists", "status")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("not installed: fake-list, fake-pair\n")


def test_damaged_manifest_is_one_warning(registry, tmp_path):
    (tmp_path / "fake.csv").write_bytes(BODY)
    run("lists", "import", "fake-list", str(tmp_path / "fake.csv"))
    (home() / "lists" / "manifest.json").write_text('{"format": 1, "sources": {"x": 1}}')
    result = run("lists", "status")
    assert result.exit_code == 0
    assert result.stderr.count("vendorrisk: warning:") == 1 and "damaged" in result.stderr


def test_every_lists_command_has_help_ending_with_an_example():
    for name, command in lists_cli.lists.commands.items():
        last_line = command.help.strip().splitlines()[-1].strip()
        assert last_line.startswith("Example: vendorrisk lists"), name
        assert run("lists", name, "--help").exit_code == 0


# -- the real parsers on the real shared snapshots ------------------------------------------

@pytest.fixture
def shared_server(shared_lists):
    with ListServer() as srv:
        srv.serve("/dpl.txt", shared_lists / "us-bis-dpl" / "dpl.txt")
        srv.serve("/un/consolidated.xml", shared_lists / "un-sc" / "consolidated.xml")
        yield srv


def _update_real(server: ListServer, *extra: str):
    first = run("lists", "update", "us-bis-dpl", "--url", server.url("/dpl.txt"), *extra)
    second = run("lists", "update", "un-sc", "--url", server.url("/un/consolidated.xml"), *extra)
    return first, second


@pytest.mark.shared
def test_real_lists_update_over_http(shared_server, shared_lists):
    dpl, un = _update_real(shared_server)
    assert dpl.exit_code == 0 and "us-bis-dpl: updated, 665 records" in dpl.stderr
    assert un.exit_code == 0 and "un-sc: updated, 1003 records" in un.stderr
    store = Store(home())
    raw = (shared_lists / "us-bis-dpl" / "dpl.txt").read_bytes()
    assert store.raw_path("us-bis-dpl", "dpl.csv").read_bytes() == raw  # saved under the current name
    assert store.record("un-sc").snapshot_date == dt.date(2026, 2, 27)
    again = run("lists", "update", "us-bis-dpl", "--url", shared_server.url("/dpl.txt"))
    assert "us-bis-dpl: up to date" in again.stderr


@pytest.mark.shared
@pytest.mark.parametrize("fault, flags", [("500", []), ("slow", ["--timeout", "0.3"]), ("truncate", []),
                                          ("html", []), ("html-body", []), ("empty", [])])
def test_real_lists_survive_failed_updates(shared_server, shared_lists, fault, flags):
    _update_real(shared_server)
    before = tree_digest(home() / "lists")
    shared_server.serve("/dpl.txt", (shared_lists / "us-bis-dpl" / "dpl.txt").read_bytes() + b"\n")
    shared_server.serve("/un/consolidated.xml", (shared_lists / "un-sc" / "consolidated.xml").read_bytes() + b"\n")
    shared_server.fault("/dpl.txt", fault)
    shared_server.fault("/un/consolidated.xml", fault)
    dpl, un = _update_real(shared_server, "--retries", "0", *flags)
    assert (dpl.exit_code, un.exit_code) == (2, 2)
    assert dpl.stderr.startswith("vendorrisk: error: us-bis-dpl: ") and dpl.stderr.count("\n") == 1
    assert un.stderr.startswith("vendorrisk: error: un-sc: ") and un.stderr.count("\n") == 1
    assert tree_digest(home() / "lists") == before


@pytest.mark.shared
def test_real_list_shrinking_by_half_is_refused(shared_server, shared_lists):
    _update_real(shared_server)
    before = tree_digest(home() / "lists")
    lines = (shared_lists / "us-bis-dpl" / "dpl.txt").read_bytes().splitlines(keepends=True)
    shared_server.serve("/dpl.txt", b"".join(lines[:200]))
    result = run("lists", "update", "us-bis-dpl", "--url", shared_server.url("/dpl.txt"))
    assert result.exit_code == 2 and "fewer than 80% of the 665" in result.stderr
    assert tree_digest(home() / "lists") == before


REAL_IMPORTS = [
    ("us-csl", "us-csl/consolidated.csv", 14160),
    ("us-ofac-sdn", "us-ofac-sdn/2023-12-28", 13821),
    ("us-ofac-nonsdn", "us-ofac-nonsdn", 442),
    ("uk-sanctions", "uk-sanctions/sanctionsconlist.csv", 2106),
    ("un-sc", "un-sc/consolidated.xml", 730 + 273),
    ("us-bis-dpl", "us-bis-dpl/dpl.txt", 665),
]


@pytest.mark.shared
@pytest.mark.slow
def test_real_lists_import_with_the_documented_record_counts(shared_lists):
    for source, rel, records in REAL_IMPORTS:
        result = run("lists", "import", source, str(shared_lists / rel), "--no-index")
        assert result.exit_code == 0, result.stderr
        assert f"{source}: imported, {records} records" in result.stderr
    doc = json.loads(run("lists", "status", "--format", "json").stdout)
    assert {r["source"]: r["records"] for r in official_rows(doc)} == {s: n for s, _, n in REAL_IMPORTS}
    dates = {r["source"]: (r["snapshot_date"], r["date_basis"], r["published_on_or_after"], r["stale"])
             for r in official_rows(doc)}
    assert dates == {  # only the UK and UN files carry their own date; the others are undated, so stale
        "us-csl": (None, "unknown", "2022-04-21", True),
        "us-ofac-sdn": (None, "unknown", None, True),
        "us-ofac-nonsdn": (None, "unknown", None, True),
        "uk-sanctions": ("2018-04-13", "file", "2018-04-03", True),
        "un-sc": ("2026-02-27", "file", "2026-02-24", True),
        "us-bis-dpl": (None, "unknown", "2023-11-28", True),
    }
    hik = [e for e in Store(home()).entries("us-csl") if "Hikvision" in e.name and e.list_name
           and "Entity List" in e.list_name]
    assert hik and "84 FR 54002" in (hik[0].citation.reference or "")


CSL_2022 = Path(__file__).parent / "fixtures" / "sources" / "us-csl" / "consolidated_2022.csv"
DEC_6_2026 = {"SOURCE_DATE_EPOCH": "1796515200"}


def test_an_undated_import_fails_the_age_gate_until_it_is_dated(tmp_path, monkeypatch):
    (tmp_path / "suppliers.csv").write_text("name\nAcme Widgets Ltd\n")
    monkeypatch.chdir(tmp_path)
    imported = run("lists", "import", "us-csl", str(CSL_2022), "--no-index")
    assert imported.exit_code == 0
    assert imported.stderr.splitlines()[0].endswith(
        "undated (published on or after 2022-03-09); give --as-of DATE if you know when it was published")
    gated = CliRunner().invoke(main, ["check", "suppliers.csv", "--max-list-age", "30"], env=DEC_6_2026)
    assert gated.exit_code == 2 and gated.stdout == ""
    assert gated.stderr.splitlines() == [
        "vendorrisk: error: list us-csl is undated (published on or after 2022-03-09), so its age is unknown "
        "(limit 30 days); run `vendorrisk lists update us-csl`, or import it with `--as-of DATE` if you know its date"]
    dated = run("lists", "import", "us-csl", str(CSL_2022), "--as-of", "2026-12-01", "--no-index")
    assert dated.exit_code == 0 and "2026-12-01 (dated by --as-of at import)" in dated.stderr
    passed = CliRunner().invoke(main, ["check", "suppliers.csv", "--max-list-age", "30"], env=DEC_6_2026)
    assert passed.exit_code == 0, passed.stderr
    assert "snapshot 2026-12-01 (dated by --as-of at import), 5 days old" in passed.stdout


@pytest.mark.parametrize("as_of, message", [
    ("2022-03-01", "--as-of 2022-03-01 is earlier than a listing in the file (2022-03-09)"),
    ("01/12/2026", "Invalid value for '--as-of'"),
])
def test_a_wrong_as_of_is_one_line_and_installs_nothing(as_of, message):
    result = run("lists", "import", "us-csl", str(CSL_2022), "--as-of", as_of, "--no-index")
    assert result.exit_code == 2 and message in result.stderr
    assert Store(home()).records() == {}
