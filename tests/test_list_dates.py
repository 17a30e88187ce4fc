"""List dates: every snapshot is dated by the file, the user or the server, or is undated and stale.

Each source's date rule is checked on the project's own fixtures in that source's
format; downloads are dated from a real 127.0.0.1 server's `Last-Modified`.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.httpserver import ListServer
from vendorrisk.errors import SourceError
from vendorrisk.lists.http import Fetcher
from vendorrisk.lists.dates import age_in_days, date_publication, describe_date, is_stale
from vendorrisk.lists.sources import SOURCES
from vendorrisk.lists.store import Store
from vendorrisk.lists.manifest import SnapshotRecord
from vendorrisk.lists.updater import import_source, update_source

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
TODAY = dt.date(2026, 12, 6)
D = dt.date.fromisoformat

# source, fixture, (snapshot_date, date_basis, published_on_or_after) when imported without --as-of
DATE_RULES = [
    ("us-csl", "us-csl/consolidated_2022.csv", (None, "unknown", D("2022-03-09"))),
    ("us-csl", "us-csl/consolidated.json", (D("2024-06-05"), "file", D("2019-10-09"))),
    ("us-ofac-sdn", "us-ofac-sdn/sdn.invented.csv", (None, "unknown", None)),
    ("us-ofac-sdn", "us-ofac-sdn/xml/sdn.invented.xml", (D("2024-03-14"), "file", None)),
    ("us-ofac-nonsdn", "us-ofac-nonsdn", (None, "unknown", None)),
    ("uk-sanctions", "uk-lists/fcdo-list.invented.xml", (D("2026-06-10"), "file", D("2023-07-20"))),
    ("uk-sanctions", "uk-lists/fcdo-list.invented.csv", (D("2026-10-08"), "file", D("2023-07-20"))),
    ("uk-sanctions", "uk-lists/ConList_2020.csv", (D("2020-04-27"), "file", D("2023-05-19"))),
    ("eu-fsf", "eu-fsf/fsf-export.invented.xml", (D("2024-05-02"), "file", D("2022-02-28"))),
    ("un-sc", "un-sc/consolidated.invented.xml", (D("2026-02-27"), "file", D("2019-10-10"))),
    ("us-bis-dpl", "us-bis-dpl/dpl.invented.txt", (None, "unknown", D("2023-11-03"))),
]


def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "home")


def dated(snapshot) -> tuple[dt.date | None, str, dt.date | None]:
    return snapshot.snapshot_date, snapshot.date_basis, snapshot.published_on_or_after


@pytest.mark.parametrize("source, fixture, expected", DATE_RULES, ids=[f"{s}:{f}" for s, f, _ in DATE_RULES])
def test_each_source_is_dated_by_its_own_rule(tmp_path, source, fixture, expected):
    snapshot = import_source(store(tmp_path), SOURCES[source], FIXTURES / fixture)
    assert dated(snapshot) == expected


@pytest.mark.parametrize("source, fixture, expected", [r for r in DATE_RULES if r[2][0] is None],
                         ids=[f"{s}:{f}" for s, f, e in DATE_RULES if e[0] is None])
def test_an_undated_format_takes_the_users_date(tmp_path, source, fixture, expected):
    snapshot = import_source(store(tmp_path), SOURCES[source], FIXTURES / fixture, as_of=D("2026-12-01"))
    assert dated(snapshot) == (D("2026-12-01"), "user", expected[2])


def test_as_of_must_agree_with_a_date_the_file_gives_itself(tmp_path):
    with pytest.raises(SourceError, match=r"^un-sc: --as-of 2026-03-01 contradicts the date the file gives itself "
                                          r"\(2026-02-27\); leave --as-of out$"):
        import_source(store(tmp_path), SOURCES["un-sc"], FIXTURES / "un-sc/consolidated.invented.xml", as_of=D("2026-03-01"))
    same = import_source(store(tmp_path), SOURCES["un-sc"], FIXTURES / "un-sc/consolidated.invented.xml", as_of=D("2026-02-27"))
    assert dated(same)[:2] == (D("2026-02-27"), "file")


@pytest.mark.parametrize("as_of, message", [
    ("2022-03-08", "--as-of 2022-03-08 is earlier than a listing in the file (2022-03-09), so the file cannot "
                   "have been published then"),
    ("2999-01-01", "--as-of 2999-01-01 is in the future"),
])
def test_impossible_as_of_dates_are_refused_and_nothing_is_installed(tmp_path, as_of, message):
    target = store(tmp_path)
    with pytest.raises(SourceError) as caught:
        import_source(target, SOURCES["us-csl"], FIXTURES / "us-csl/consolidated_2022.csv", as_of=D(as_of))
    assert str(caught.value) == f"us-csl: {message}"
    assert target.records() == {}


@pytest.mark.parametrize("last_modified, expected", [
    (1764547200, (D("2025-12-01"), "server", D("2023-11-03"))),  # Mon, 01 Dec 2025 00:00:00 GMT
    (None, (None, "unknown", D("2023-11-03"))),
])
def test_a_download_of_an_undated_format_is_dated_by_last_modified(tmp_path, last_modified, expected):
    with ListServer() as server:
        url = server.serve("/dpl.txt", FIXTURES / "us-bis-dpl/dpl.invented.txt", last_modified=last_modified)
        result = update_source(store(tmp_path), SOURCES["us-bis-dpl"], Fetcher(retries=0), url=url)
    assert dated(result.snapshot) == expected


def test_the_files_own_date_wins_over_last_modified(tmp_path):
    with ListServer() as server:
        url = server.serve("/consolidated.xml", FIXTURES / "un-sc/consolidated.invented.xml", last_modified=1764547200)
        result = update_source(store(tmp_path), SOURCES["un-sc"], Fetcher(retries=0), url=url)
    assert dated(result.snapshot)[:2] == (D("2026-02-27"), "file")


def test_several_files_are_dated_by_the_oldest_last_modified_and_only_when_all_have_one():
    def decide(*headers):
        return date_publication(file_date=None, listing_dates=(), last_modified=headers, today=TODAY)

    newer, older = "Tue, 02 Dec 2025 10:00:00 GMT", "Mon, 01 Dec 2025 23:59:59 GMT"
    assert decide(newer, older).date == D("2025-12-01")
    assert decide(newer, None).basis == "unknown"
    assert decide("not a date").basis == "unknown"
    assert decide("Mon, 01 Dec 2025 23:30:00 -0000").date == D("2025-12-01")  # RFC 2822 "-0000" is UTC


def test_listing_dates_after_the_day_of_import_are_not_a_lower_bound():
    decided = date_publication(file_date=None, listing_dates=[D("2023-01-02"), D("3033-09-30"), None], today=TODAY)
    assert (decided.date, decided.on_or_after) == (None, D("2023-01-02"))


def test_an_undated_snapshot_has_no_age_and_is_stale_unless_curated():
    now = dt.datetime(2026, 12, 6, 12, tzinfo=dt.timezone.utc)
    assert age_in_days(None, now) is None and age_in_days(D("2026-12-01"), now) == 5
    assert age_in_days(D("2026-12-09"), now) == 0  # a server clock ahead of ours is not a negative age
    assert is_stale(None, 30, bundled=False) and not is_stale(None, 30, bundled=True)
    assert not is_stale(30, 30, bundled=False) and is_stale(31, 30, bundled=False)


@pytest.mark.parametrize("args, words", [
    ((D("2026-12-01"), "file", None), "2026-12-01 (dated by the file)"),
    ((D("2026-12-01"), "user", None), "2026-12-01 (dated by --as-of at import)"),
    ((D("2026-12-01"), "server", None), "2026-12-01 (dated by the server's Last-Modified)"),
    ((D("2026-12-01"), "curated", None), "2026-12-01 (as of the curated facts)"),
    ((None, "unknown", D("2022-04-21")), "undated (published on or after 2022-04-21)"),
    ((None, "unknown", None), "undated (no date in the file)"),
])
def test_every_date_basis_is_worded_for_people(args, words):
    assert describe_date(*args) == words


def test_a_manifest_written_before_date_bases_keeps_its_meaning(tmp_path):
    target = store(tmp_path)
    import_source(target, SOURCES["un-sc"], FIXTURES / "un-sc/consolidated.invented.xml")
    import_source(target, SOURCES["us-bis-dpl"], FIXTURES / "us-bis-dpl/dpl.invented.txt")
    manifest = target.root / "manifest.json"
    doc = json.loads(manifest.read_text())
    for record in doc["sources"].values():  # as vendorrisk wrote them before date_basis existed
        del record["date_basis"], record["published_on_or_after"]
    manifest.write_text(json.dumps(doc))
    records: dict[str, SnapshotRecord] = target.records()
    assert records["un-sc"].snapshot().date_basis == "file"
    assert records["us-bis-dpl"].snapshot().date_basis == "unknown"
