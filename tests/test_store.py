"""The list store: install, read back, provenance, sanity checks, damage and concurrency."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import threading
import warnings
from pathlib import Path

import pytest

from tests.fakesource import FakePairSource, FakeSource, fake_list, tree_digest
from vendorrisk.errors import SourceError, StoreError
from vendorrisk.lists.store import Store, StoreWarning
from vendorrisk.lists.updater import import_source


def write(tmp_path: Path, content: bytes, name: str = "fake.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "home")


def test_install_keeps_raw_file_and_reads_entries_back(store, tmp_path):
    raw = write(tmp_path, fake_list(20))
    parsed = FakeSource().parse(raw)
    snap = store.install(FakeSource(), raw, parsed)
    assert snap.records == 20 and snap.sha256 == hashlib.sha256(raw.read_bytes()).hexdigest()
    assert snap.snapshot_date == dt.date(2024, 3, 1) and snap.title == FakeSource.title
    assert tuple(store.entries("fake-list")) == parsed.entries
    assert store.raw_path("fake-list", "fake.csv").read_bytes() == raw.read_bytes()
    assert store.snapshots() == [snap]


def test_manifest_records_provenance(store, tmp_path):
    raw = write(tmp_path, fake_list(3))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    manifest = json.loads((store.root / "manifest.json").read_text())
    record = manifest["sources"]["fake-list"]
    assert record["parser_version"] == "1" and record["records"] == 3 and record["origin"] == "import"
    assert record["files"][0]["name"] == "fake.csv" and record["files"][0]["size"] == raw.stat().st_size
    assert record["licence"] == FakeSource.licence and record["publisher"] == FakeSource.publisher
    assert (store.root / record["dir"] / "entries.jsonl.gz").is_file()


def test_uncompressed_entries_read_back(tmp_path):
    store = Store(tmp_path / "home", compress=False)
    raw = write(tmp_path, fake_list(5))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    assert len(list(store.entries("fake-list"))) == 5
    assert next(store.root.rglob("entries.jsonl")).read_bytes().count(b"\n") == 5


def test_multi_file_source_from_folder(store, tmp_path):
    folder = tmp_path / "pair"
    folder.mkdir()
    write(folder, fake_list(4), "prim.csv")
    write(folder, b"1|First Alias\n2|Second Alias\n", "alt.csv")
    snap = store.install(FakePairSource(), folder, FakePairSource().parse(folder))
    assert snap.records == 4 and snap.url is None
    first = next(store.entries("fake-pair"))
    assert "First Alias" in first.aliases
    assert {f.name for f in store.record("fake-pair").files} == {"prim.csv", "alt.csv"}


def test_replacing_a_snapshot_removes_the_old_one(store, tmp_path):
    for tag in ("a", "b"):
        raw = write(tmp_path, fake_list(10, tag=tag))
        store.install(FakeSource(), raw, FakeSource().parse(raw))
    assert len([p for p in (store.root / "fake-list").iterdir()]) == 1
    assert all(e.name.endswith("b") for e in store.entries("fake-list"))


def test_fingerprint_changes_only_with_content(store, tmp_path):
    empty = store.fingerprint()
    raw = write(tmp_path, fake_list(10))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    first = store.fingerprint()
    assert first != empty and store.fingerprint() == first
    raw = write(tmp_path, fake_list(10, tag="x"))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    assert store.fingerprint() != first


def test_status_flags_stale_lists(store, tmp_path):
    raw = write(tmp_path, fake_list(3, date="2024-03-01"))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    now = dt.datetime(2024, 3, 31, tzinfo=dt.timezone.utc)
    (row,) = store.status(now, stale_after_days=30)
    assert row.age_days == 30 and not row.stale
    (row,) = store.status(now + dt.timedelta(days=1), stale_after_days=30)
    assert row.age_days == 31 and row.stale


def test_cache_dir_is_outside_the_lists_folder(store):
    assert store.cache_dir().is_dir() and store.root not in store.cache_dir().parents


@pytest.mark.parametrize("content, reason", [
    (b"", "is empty"),
    (b"<!DOCTYPE html>\n<html><body>Error</body></html>", "HTML page"),
    (b"  <html><head></head></html>", "HTML page"),
])
def test_bad_raw_files_are_refused_and_store_unchanged(store, tmp_path, content, reason):
    good = write(tmp_path, fake_list(10))
    store.install(FakeSource(), good, FakeSource().parse(good))
    before = tree_digest(store.root)
    bad = write(tmp_path, content, "bad.csv")
    with pytest.raises(SourceError, match=reason):
        store.install(FakeSource(), bad, FakeSource().parse(good))
    assert tree_digest(store.root) == before


def test_far_fewer_records_is_refused(store, tmp_path):
    good = write(tmp_path, fake_list(100))
    store.install(FakeSource(), good, FakeSource().parse(good))
    before = tree_digest(store.root)
    small = write(tmp_path, fake_list(49), "small.csv")
    with pytest.raises(SourceError, match="49 records, fewer than 80% of the 100"):
        store.install(FakeSource(), small, FakeSource().parse(small))
    assert tree_digest(store.root) == before
    most = write(tmp_path, fake_list(80), "most.csv")
    assert store.install(FakeSource(), most, FakeSource().parse(most)).records == 80


def test_parse_failure_on_import_leaves_store_unchanged(store, tmp_path):
    good = write(tmp_path, fake_list(10))
    import_source(store, FakeSource(), good)
    before = tree_digest(store.root)
    with pytest.raises(SourceError, match=r"bad.csv:1: not a fakelist file"):
        import_source(store, FakeSource(), write(tmp_path, b"id,name\n1,x\n", "bad.csv"))
    assert tree_digest(store.root) == before


def test_damaged_manifest_warns_once_and_counts_as_empty(store, tmp_path):
    raw = write(tmp_path, fake_list(5))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    (store.root / "manifest.json").write_text("{not json")
    fresh = Store(store.home)
    with pytest.warns(StoreWarning, match="damaged") as caught:
        assert fresh.snapshots() == [] and fresh.record("fake-list") is None and fresh.snapshots() == []
    assert len(caught) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StoreWarning)
        assert fresh.install(FakeSource(), raw, FakeSource().parse(raw)).records == 5
    assert Store(store.home).snapshots()[0].records == 5


def test_missing_entries_file_warns_and_counts_as_missing(store, tmp_path):
    raw = write(tmp_path, fake_list(5))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    next(store.root.rglob("entries.jsonl.gz")).unlink()
    with pytest.warns(StoreWarning, match="missing"):
        assert Store(store.home).snapshots() == []


def test_corrupt_entries_file_is_a_store_error(store, tmp_path):
    raw = write(tmp_path, fake_list(5))
    store.install(FakeSource(), raw, FakeSource().parse(raw))
    next(store.root.rglob("entries.jsonl.gz")).write_bytes(b"\x1f\x8b garbage")
    with pytest.raises(StoreError, match="damaged entries file"):
        list(store.entries("fake-list"))


def test_entries_of_unknown_source_is_a_store_error(store):
    with pytest.raises(StoreError, match="no snapshot of nope; run `vendorrisk lists update nope`"):
        store.entries("nope")


def _install_many(home: str, raw_dir: str, worker: int, rounds: int) -> None:
    store = Store(Path(home), min_ratio=0)
    for i in range(rounds):
        raw = Path(raw_dir) / f"w{worker}-{i}" / "fake.csv"
        store.install(FakeSource(), raw, FakeSource().parse(raw))


def _prepare(tmp_path: Path, workers: int, rounds: int) -> None:
    for w in range(workers):
        for i in range(rounds):
            folder = tmp_path / "raw" / f"w{w}-{i}"
            folder.mkdir(parents=True)
            (folder / "fake.csv").write_bytes(fake_list(50 + 7 * w + i, tag=f"w{w}-{i}"))


def _assert_consistent(store: Store, *, settled: bool = True) -> None:
    record, stream = store.open("fake-list")
    entries = list(stream)
    assert len(entries) == record.records
    tags = {e.name.rsplit(".", 1)[1] for e in entries}
    assert len(tags) == 1  # all from one install, never a mix
    if settled:
        raw = store.raw_path("fake-list", "fake.csv").read_bytes()
        assert hashlib.sha256(raw).hexdigest() == record.sha256
        assert len(list((store.root / "fake-list").iterdir())) == 1


def test_concurrent_processes_do_not_corrupt_the_store(tmp_path):
    _prepare(tmp_path, workers=3, rounds=4)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_install_many, args=(str(tmp_path / "home"), str(tmp_path / "raw"), w, 4))
             for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    _assert_consistent(Store(tmp_path / "home"))


def test_readers_never_see_half_a_snapshot_while_writers_swap(tmp_path):
    _prepare(tmp_path, workers=2, rounds=6)
    home = tmp_path / "home"
    _install_many(str(home), str(tmp_path / "raw"), 0, 1)
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        reader = Store(home)
        while not done.is_set():
            try:
                _assert_consistent(reader, settled=False)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                errors.append(exc)
                return

    writers = [threading.Thread(target=_install_many, args=(str(home), str(tmp_path / "raw"), w, 6))
               for w in range(2)]
    reader = threading.Thread(target=read)
    reader.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader.join()
    assert not errors, errors[0]
    _assert_consistent(Store(home))


def test_one_file_of_a_multi_file_source_brings_its_declared_siblings(store, tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    write(folder, fake_list(4), "prim.csv")
    write(folder, b"1|First Alias\n", "alt.csv")
    write(folder, b"unrelated\n", "notes.txt")
    store.install(FakePairSource(), folder / "prim.csv", FakePairSource().parse(folder))
    assert {f.name for f in store.record("fake-pair").files} == {"prim.csv", "alt.csv"}
    store.install(FakeSource(), folder / "prim.csv", FakeSource().parse(folder / "prim.csv"))
    assert [f.name for f in store.record("fake-list").files] == ["prim.csv"]
