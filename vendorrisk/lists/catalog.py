"""The lists a screening uses: bundled curated lists plus the local store, and their index.

The catalogue fingerprints every snapshot (bundled file hashes, store manifest,
normaliser and index versions) and keeps one compiled candidate index per
fingerprint in the store's cache folder, so the index is built once per list
update and a warm start only opens it.

A bundled curated list and an official list in the store may share a source id
(``us-dod-1260h``, ``us-uflpa-entity-list``: a few curated names, and the complete
list imported or downloaded): the store's snapshot then replaces the bundled copy,
so that its entries are not screened twice.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from vendorrisk.errors import StoreError
from vendorrisk.index import CandidateIndex, build_index
from vendorrisk.index.build import INDEX_FORMAT
from vendorrisk.lists.store import SnapshotRecord, SnapshotStatus, Store
from vendorrisk.model import ListEntry, ListSnapshot
from vendorrisk.normalize import NORMALIZER_VERSION
from vendorrisk.record import load_record
from vendorrisk.resources import data_dir

if TYPE_CHECKING:
    from vendorrisk.lists.bundled import BundledList


# Called with (entries read, entries in all) while an index is built.
IndexProgress = Callable[[int, int], None]
_PROGRESS_EVERY = 2000


class ListCatalog:
    """Every list snapshot to screen against, and the candidate index over their names."""

    def __init__(self, home: Path, *, include_bundled: bool = True, bundled_dir: Path | None = None) -> None:
        self.store = Store(home)
        self.include_bundled = include_bundled
        self.bundled_dir = bundled_dir or data_dir("lists")

    def fingerprint(self, records: Mapping[str, SnapshotRecord] | None = None) -> str:
        """A key that changes whenever any list, the normaliser or the index format changes.

        Args:
            records: the store snapshots to key (default: the ones installed now).
        """
        digest = hashlib.sha256(f"{INDEX_FORMAT}/{NORMALIZER_VERSION}/{self.store.fingerprint(records)}".encode())
        if self.include_bundled:
            for path in sorted(self.bundled_dir.glob("*.yaml")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()

    def entries(self) -> Iterator[ListEntry]:
        """Every entry of every list, bundled lists first, then stored sources by id."""
        for bundled in self._bundled():
            yield from bundled.entries
        for source in sorted(self.store.records()):
            _, entries = self.store.open(source)
            yield from entries

    def snapshots(self) -> tuple[ListSnapshot, ...]:
        """Provenance of every list, bundled ones first."""
        bundled = tuple(b.snapshot for b in self._bundled())
        return bundled + tuple(sorted(self.store.snapshots(), key=lambda s: s.source))

    def status(self, now: dt.datetime, stale_after_days: int) -> list[SnapshotStatus]:
        """Date, age and staleness of every list on `now`: bundled lists first, then the store's."""
        bundled = [SnapshotStatus.of(b.snapshot, "bundled", now, stale_after_days) for b in self._bundled()]
        return bundled + self.store.status(now, stale_after_days)

    def has_index(self) -> bool:
        """Whether the index for the current lists is built (opening it will not build it)."""
        return (self.store.cache_dir() / f"index-{self.fingerprint()[:24]}.sqlite").exists()

    def open_index(self, progress: IndexProgress | None = None) -> tuple[CandidateIndex, tuple[ListSnapshot, ...]]:
        """The candidate index for the current lists, built first when missing, and its snapshots.

        Args:
            progress: told (entries read, entries in all) while an index is built.
        """
        fingerprint = self.fingerprint()
        path = self.store.cache_dir() / f"index-{fingerprint[:24]}.sqlite"
        if path.exists():
            try:
                index = CandidateIndex(path)
                return index, index_snapshots(path)
            except (StoreError, sqlite3.Error, ValueError):
                path.unlink(missing_ok=True)
        return self._build_index(progress)

    def _build_index(self, progress: IndexProgress | None = None) -> tuple[CandidateIndex, tuple[ListSnapshot, ...]]:
        # NOTE: an update may swap a snapshot in at any moment, so the index, its key and its
        # list of snapshots all come from one set of opened snapshots, never from re-reading.
        opened = {source: self.store.open(source) for source in sorted(self.store.records())}
        records = {source: record for source, (record, _) in opened.items()}
        key = self.fingerprint(records)
        path = self.store.cache_dir() / f"index-{key[:24]}.sqlite"
        bundled = self._bundled(records)
        snapshots = tuple(b.snapshot for b in bundled) + tuple(r.snapshot() for r in records.values())
        entries = chain((e for b in bundled for e in b.entries), *(it for _, it in opened.values()))
        if progress is not None:
            total = sum(len(b.entries) for b in bundled) + sum(r.records for r in records.values())
            entries = _counted(entries, total, progress)
        _remove_leftovers(path.parent)
        try:
            build_index(entries, path, key,
                        extra_meta={"snapshots": json.dumps([s.model_dump(mode="json") for s in snapshots])})
        except (sqlite3.Error, OSError) as exc:
            # NOTE: a full disk must not leave a half-written index that fills it for every later run.
            _remove_leftovers(path.parent, pid=os.getpid())
            raise StoreError(f"cannot build the candidate index in {path.parent} ({_reason(exc)}); "
                             "free space there and run again (the lists themselves are installed)") from exc
        _remove_other_indexes(path)
        return CandidateIndex(path), snapshots

    def _bundled(self, records: Mapping[str, SnapshotRecord] | None = None) -> tuple[BundledList, ...]:
        """The bundled lists, less those replaced by a store snapshot of the same source (`records`:
        the store's snapshots, default the ones installed now)."""
        if not self.include_bundled:
            return ()
        # Parsed only here: opening an existing index needs the files' bytes, not their YAML.
        from vendorrisk.lists.bundled import load_bundled

        stored = set(self.store.records() if records is None else records)
        return tuple(b for b in load_bundled(self.bundled_dir) if b.source not in stored)


def _counted(entries: Iterator[ListEntry], total: int, progress: IndexProgress) -> Iterator[ListEntry]:
    """`entries`, telling `progress` how many have been read every `_PROGRESS_EVERY` and at the end."""
    done = 0
    for done, entry in enumerate(entries, 1):
        if done % _PROGRESS_EVERY == 0:
            progress(done, total)
        yield entry
    progress(done, max(total, done))


def index_snapshots(path: Path) -> tuple[ListSnapshot, ...]:
    """The snapshots an index file was built from (kept in its `meta` table)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'snapshots'").fetchone()
    finally:
        db.close()
    return tuple(load_record(ListSnapshot, s) for s in json.loads(row[0]))


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)).splitlines()[0][:200]


def _remove_leftovers(folder: Path, pid: int | None = None) -> None:
    """Remove half-written index files: this process's (`pid`), or those of processes no longer running."""
    for tmp in folder.glob(".index-*.tmp"):
        owner = tmp.name.rsplit(".", 2)[-2]
        if (pid is not None and owner == str(pid)) or (pid is None and owner.isdigit() and not _alive(int(owner))):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_other_indexes(keep: Path) -> None:
    for other in keep.parent.glob("index-*.sqlite"):
        if other != keep:
            try:
                os.unlink(other)
            except OSError:
                pass  # another process may still read it; it is removed next time
