"""The local list store: one parsed snapshot per source, with provenance, swapped in atomically.

Layout under ``Settings.home`` (see docs/store.md)::

    lists/manifest.json                       what is installed: one `SnapshotRecord` per source
    lists/.lock                               flock: exclusive for writers, shared for readers
    lists/<source>/<stamp>-<sha12>/raw/...    the raw file(s) exactly as downloaded or imported
    lists/<source>/<stamp>-<sha12>/entries.jsonl.gz   one `ListEntry` JSON object per line
    cache/                                    derived caches of later stages (`cache_dir()`)

A new snapshot is written to a temporary folder next to the old one, checked, renamed
into place, and only then does `manifest.json` (replaced with `os.replace`) point at
it. Readers therefore see the old snapshot or the new one, never half of one. Only
this module writes under ``lists/``.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import hashlib
import json
import os
import shutil
import tempfile
import warnings
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING


from vendorrisk.errors import SourceError, StoreError
from vendorrisk.lists.checks import check_declared_count, check_raw_files, check_record_count
from vendorrisk.lists.dates import PublicationDate, date_publication
from vendorrisk.model import ListEntry, ListSnapshot
from vendorrisk.record import InvalidRecord, load_record
from vendorrisk.lists.manifest import (MANIFEST_FORMAT, FileOrigin, Manifest, RawFile, SnapshotRecord,
                                       SnapshotStatus, combined_sha256, file_sha256, raw_files)

if TYPE_CHECKING:  # only `install` takes these; importing them would load every source's parser
    from vendorrisk.lists.sources.base import ListSource, ParsedList

__all__ = ["FileOrigin", "Manifest", "RawFile", "SnapshotRecord", "SnapshotStatus", "Store", "StoreWarning",
           "combined_sha256", "file_sha256", "raw_files"]

ENTRIES_GZ, ENTRIES_PLAIN = "entries.jsonl.gz", "entries.jsonl"
RECENT_COUNTS = 10


class StoreWarning(UserWarning):
    """The store is damaged in a way that makes a snapshot unusable; it is treated as missing."""


class Store:
    """The list store under `home` (normally ``Settings.home``).

    Args:
        home: the vendorrisk home folder; the store lives in ``home/lists``.
        min_ratio: a new snapshot with fewer than this fraction of the records of
            the largest of the source's recent snapshots is rejected as probably
            truncated (a list losing a fifth of its entries in one update is rare;
            a download cut at a line break typically loses a third or more).
        compress: write entries gzip-compressed (reading handles both).
    """

    def __init__(self, home: Path, *, min_ratio: float = 0.8, compress: bool = True) -> None:
        self.home = Path(home)
        self.root = self.home / "lists"
        self.min_ratio, self.compress = min_ratio, compress
        self._warned = False

    # -- reading ---------------------------------------------------------------------------

    def cache_dir(self) -> Path:
        """A folder (created on demand) where later stages keep caches derived from the store."""
        return _ensure_dir(self.home / "cache")

    def records(self) -> dict[str, SnapshotRecord]:
        """Every usable snapshot record, by source id; damaged ones are warned about and left out."""
        if not self.root.is_dir():
            return {}
        with self._locked(fcntl.LOCK_SH):
            manifest = self._read_manifest()
        usable = {}
        for source, record in manifest.sources.items():
            if (self.root / record.dir / record.entries_file).is_file():
                usable[source] = record
            else:
                self._warn(f"snapshot of {source} is missing {record.dir}/{record.entries_file}; ignoring it")
        return usable

    def snapshots(self) -> list[ListSnapshot]:
        """Provenance of every installed snapshot, sorted by source id."""
        return [r.snapshot() for _, r in sorted(self.records().items())]

    def record(self, source: str) -> SnapshotRecord | None:
        """The manifest record of `source`, or None when it is not installed (or damaged)."""
        return self.records().get(source)

    def entries(self, source: str) -> Iterator[ListEntry]:
        """The parsed entries of `source`'s current snapshot.

        Raises:
            StoreError: `source` is not installed, or its entries file is damaged.
        """
        return self.open(source)[1]

    def open(self, source: str) -> tuple[SnapshotRecord, Iterator[ListEntry]]:
        """`source`'s manifest record and its entries, guaranteed to be of the same snapshot.

        The entries file is opened before this returns, so a concurrent update that
        swaps in a newer snapshot cannot pull it away mid-iteration.

        Raises:
            StoreError: `source` is not installed, or its entries file is damaged.
        """
        missing = StoreError(f"no snapshot of {source}; run `vendorrisk lists update {source}`")
        if not self.root.is_dir():
            raise missing
        with self._locked(fcntl.LOCK_SH):
            record = self._read_manifest().sources.get(source)
            if record is None:
                raise missing
            path = self.root / record.dir / record.entries_file
            try:
                fh = _open_entries(path)
            except OSError as exc:
                raise StoreError(f"{path}: cannot read ({exc.strerror}); "
                                 f"run `vendorrisk lists update {source}`") from exc
        return record, _iter_entries(fh, path, source)

    def raw_path(self, source: str, name: str) -> Path | None:
        """The stored raw file `name` of `source`'s current snapshot, if there is one."""
        record = self.record(source)
        path = self.root / record.dir / "raw" / name if record else None
        return path if path and path.is_file() else None

    def status(self, now: dt.datetime, stale_after_days: int) -> list[SnapshotStatus]:
        """Date, age and staleness of every snapshot, by source id (see `vendorrisk.lists.dates`)."""
        return [SnapshotStatus.of(r.snapshot(), r.origin, now, stale_after_days)
                for _, r in sorted(self.records().items())]

    def fingerprint(self, records: Mapping[str, SnapshotRecord] | None = None) -> str:
        """A cheap key that changes whenever any snapshot, its date or its parser version changes.

        Args:
            records: the snapshot records to key (default: the ones installed now).
        """
        records = self.records() if records is None else records
        # NOTE: the date is part of the key because the index keeps the snapshots' provenance;
        # re-importing the same bytes with --as-of must not reuse an index that says "undated".
        parts = sorted(f"{s}:{r.sha256}:{r.parser_version}:{r.records}:{r.snapshot_date}:{r.basis()}"
                       for s, r in records.items())
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    # -- writing ---------------------------------------------------------------------------

    def install(self, source: ListSource, raw: Path, parsed: ParsedList,
                http_meta: Mapping[str, FileOrigin] | None = None, *,
                retrieved_at: dt.datetime | None = None, as_of: dt.date | None = None,
                allow_shrink: bool = False) -> ListSnapshot:
        """Check a parsed list and swap it in as `source`'s snapshot, keeping `raw` beside it.

        Args:
            raw: the file, or folder of files, that `parsed` was parsed from.
            http_meta: file name -> where it was downloaded from; None for an import.
            retrieved_at: defaults to now (UTC).
            as_of: the publication date the user gives for an import (see
                `vendorrisk.lists.dates.date_publication`).
            allow_shrink: install even when far smaller than the recent snapshots; the
                recent record counts then start again from this snapshot.

        Raises:
            SourceError: the raw files or the parse fail the sanity checks, or `as_of`
                is impossible for this file; nothing changes.
            StoreError: the store cannot be written; the previous snapshot is untouched.
        """
        files = raw_files(raw, source.file_names())
        check_raw_files(source.id, files, source.page_files)
        if not parsed.entries:
            raise SourceError(f"{source.id}: the parser found no entries in {raw}")
        check_declared_count(source.id, len(parsed.entries), parsed.declared_records)
        retrieved_at = retrieved_at or dt.datetime.now(dt.timezone.utc)
        published = _publication(source.id, parsed, files, http_meta, as_of, retrieved_at.date())
        shas = {p.name: file_sha256(p) for p in files}
        _ensure_dir(self.root)
        with self._locked(fcntl.LOCK_EX):
            manifest = self._read_manifest()
            previous = manifest.sources.get(source.id)
            check_record_count(source.id, len(parsed.entries), previous.largest_recent() if previous else None,
                               self.min_ratio, allow_shrink=allow_shrink)
            recent = () if allow_shrink or previous is None else (previous.recent_records or (previous.records,))
            folder = self._write_snapshot(source.id, files, parsed, combined_sha256(shas))
            record = self._record(source, files, shas, parsed, http_meta, folder, retrieved_at, published)
            record = record.model_copy(update={"recent_records": (*recent, record.records)[-RECENT_COUNTS:]})
            try:
                self._write_manifest(Manifest(sources={**manifest.sources, source.id: record}))
            except OSError as exc:
                shutil.rmtree(self.root / folder, ignore_errors=True)
                (self.root / "manifest.json.tmp").unlink(missing_ok=True)
                raise StoreError(f"cannot write {self.root / 'manifest.json'}: {exc}") from exc
            self._prune(source.id, keep=folder)
        return record.snapshot()

    def _record(self, source: ListSource, files: list[Path], shas: dict[str, str], parsed: ParsedList,
                http_meta: Mapping[str, FileOrigin] | None, folder: str, retrieved_at: dt.datetime,
                published: PublicationDate) -> SnapshotRecord:
        origins = http_meta or {}
        return SnapshotRecord(
            source=source.id, title=source.title, publisher=source.publisher, licence=source.licence,
            files=tuple(RawFile(name=p.name, sha256=shas[p.name], size=p.stat().st_size,
                                **origins.get(p.name, FileOrigin()).model_dump()) for p in files),
            sha256=combined_sha256(shas), retrieved_at=retrieved_at, snapshot_date=published.date,
            date_basis=published.basis, published_on_or_after=published.on_or_after,
            parser_version=str(source.parser_version), records=len(parsed.entries),
            origin="download" if http_meta else "import", dir=folder,
            entries_file=ENTRIES_GZ if self.compress else ENTRIES_PLAIN)

    def _write_snapshot(self, source: str, files: list[Path], parsed: ParsedList, sha: str) -> str:
        parent = self.root / source
        parent.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
        try:
            (tmp / "raw").mkdir()
            for path in files:
                shutil.copyfile(path, tmp / "raw" / path.name)
                _fsync(tmp / "raw" / path.name)
            self._write_entries(tmp, parsed)
            name = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%f}-{sha[:12]}"
            os.rename(tmp, parent / name)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise StoreError(f"cannot write snapshot of {source} under {parent}: {exc}") from exc
        return f"{source}/{name}"

    def _write_entries(self, folder: Path, parsed: ParsedList) -> None:
        path = folder / (ENTRIES_GZ if self.compress else ENTRIES_PLAIN)
        with open(path, "wb") as raw:
            out: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=5, mtime=0) if self.compress else raw
            for entry in parsed.entries:
                out.write(entry.model_dump_json().encode())
                out.write(b"\n")
            if out is not raw:
                out.close()
            raw.flush()
            os.fsync(raw.fileno())

    def _write_manifest(self, manifest: Manifest) -> None:
        tmp = self.root / "manifest.json.tmp"
        tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
        _fsync(tmp)
        os.replace(tmp, self.root / "manifest.json")

    def _prune(self, source: str, keep: str) -> None:
        """Remove this source's superseded snapshots and leftovers of crashed writers."""
        for child in (self.root / source).iterdir():
            if f"{source}/{child.name}" != keep:
                shutil.rmtree(child, ignore_errors=True)

    # -- plumbing --------------------------------------------------------------------------

    def _read_manifest(self) -> Manifest:
        path = self.root / "manifest.json"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Manifest()
        except OSError as exc:
            self._warn(f"{path}: cannot read ({exc.strerror}); treating the store as empty")
            return Manifest()
        try:
            manifest = load_record(Manifest, json.loads(text))
        except json.JSONDecodeError as exc:
            self._warn(f"{path}: damaged (invalid JSON: {exc.msg}, line {exc.lineno}); treating the store as empty")
            return Manifest()
        except InvalidRecord as exc:
            self._warn(f"{path}: damaged ({exc.first_problem()}); treating the store as empty")
            return Manifest()
        if manifest.format != MANIFEST_FORMAT:
            self._warn(f"{path}: format {manifest.format} is not {MANIFEST_FORMAT}; treating the store as empty")
            return Manifest()
        return manifest

    @contextmanager
    def _locked(self, mode: int) -> Iterator[None]:
        try:
            fh = open(_ensure_dir(self.root) / ".lock", "a+b")
        except OSError as exc:
            raise StoreError(f"{self.root / '.lock'}: cannot open ({exc.strerror}); check VENDORRISK_HOME") from exc
        with fh:
            fcntl.flock(fh.fileno(), mode)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _warn(self, message: str) -> None:
        if not self._warned:
            self._warned = True
            warnings.warn(message, StoreWarning, stacklevel=3)


def _publication(source: str, parsed: ParsedList, files: list[Path], http_meta: Mapping[str, FileOrigin] | None,
                 as_of: dt.date | None, today: dt.date) -> PublicationDate:
    """Date a new snapshot; a download's files are dated by their `Last-Modified` headers."""
    served = [http_meta[p.name].last_modified if p.name in http_meta else None for p in files] if http_meta else []
    try:
        return date_publication(file_date=parsed.snapshot_date, listing_dates=(e.listed_on for e in parsed.entries),
                                format_bound=parsed.published_on_or_after, as_of=as_of, last_modified=served,
                                today=today)
    except SourceError as exc:
        raise SourceError(f"{source}: {exc}") from exc


def _ensure_dir(path: Path) -> Path:
    """`path`, created when missing; a home that is a file or unwritable is a `StoreError`, not a crash."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the folder ({exc.strerror}); check VENDORRISK_HOME") from exc
    return path


def _open_entries(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _iter_entries(fh: IO[bytes], path: Path, source: str) -> Iterator[ListEntry]:
    line_no = 0
    with fh:
        try:
            for line in fh:
                line_no += 1
                yield ListEntry.model_validate_json(line)
        # NOTE: pydantic's ValidationError is a ValueError; catching that keeps pydantic off `search`.
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            raise StoreError(f"{path}:{line_no or 1}: damaged entries file; "
                             f"run `vendorrisk lists update {source}`") from exc


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())

