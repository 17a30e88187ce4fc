"""The store's on-disk records: `manifest.json` types and the hashing of raw files.

`Manifest` is the whole of ``lists/manifest.json``; each installed source has one
`SnapshotRecord` with its provenance (URLs, HTTP validators, sha256s, parser
version, record count) and where its files are. `raw_files` decides which files
of an import or download are kept with a snapshot.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Literal

from vendorrisk.errors import SourceError
from vendorrisk.lists.dates import age_in_days, is_stale
from vendorrisk.model import DateBasis, ListSnapshot
from vendorrisk.record import Record, attr

MANIFEST_FORMAT = 1


class FileOrigin(Record):
    """Where one raw file came from: the HTTP validators to reuse for a conditional GET."""

    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class RawFile(FileOrigin):
    """One raw file kept in a snapshot."""

    name: str
    sha256: str
    size: int


class SnapshotRecord(Record):
    """One source's entry in `manifest.json`: provenance plus where its files are."""

    source: str
    title: str
    publisher: str
    licence: str | None = None
    files: tuple[RawFile, ...]
    sha256: str
    retrieved_at: dt.datetime
    snapshot_date: dt.date | None = None
    # None: recorded before the basis was kept, when only a file's own date was stored.
    date_basis: DateBasis | None = None
    published_on_or_after: dt.date | None = None
    parser_version: str
    records: int
    # The record counts of this source's recent snapshots, oldest first, this one last;
    # the shrink guard compares a new snapshot with the largest. Empty in older manifests.
    recent_records: tuple[int, ...] = ()
    origin: Literal["download", "import"]
    dir: str
    entries_file: str

    def snapshot(self) -> ListSnapshot:
        """The provenance as reports cite it."""
        url = self.files[0].url if len(self.files) == 1 else None
        return ListSnapshot(source=self.source, title=self.title, publisher=self.publisher, url=url,
                            licence=self.licence, snapshot_date=self.snapshot_date,
                            date_basis=self.basis(), published_on_or_after=self.published_on_or_after,
                            retrieved_at=self.retrieved_at, sha256=self.sha256, records=self.records,
                            parser_version=self.parser_version)


    def largest_recent(self) -> int:
        """The largest record count of the recent snapshots (this one's in older manifests)."""
        return max((*self.recent_records, self.records))

    def basis(self) -> DateBasis:
        """How `snapshot_date` is known (older manifests stored a date only when the file gave one)."""
        if self.date_basis is not None:
            return self.date_basis
        return "file" if self.snapshot_date else "unknown"


class Manifest(Record):
    """The whole of `manifest.json`."""

    format: int = MANIFEST_FORMAT
    sources: dict[str, SnapshotRecord] = attr(default_factory=dict)


class SnapshotStatus(Record):
    """One row of `vendorrisk lists status`: a snapshot's date, how it is known, its age."""

    source: str
    title: str
    snapshot_date: dt.date | None
    date_basis: DateBasis
    published_on_or_after: dt.date | None = None
    retrieved_at: dt.datetime | None
    records: int
    sha256: str
    age_days: int | None
    stale: bool
    origin: Literal["download", "import", "bundled"]

    @classmethod
    def of(cls, snapshot: ListSnapshot, origin: Literal["download", "import", "bundled"], now: dt.datetime,
           stale_after_days: int) -> SnapshotStatus:
        """The status of `snapshot` on `now`: undated official lists have no age and are stale."""
        age = age_in_days(snapshot.snapshot_date, now)
        return cls(source=snapshot.source, title=snapshot.title, snapshot_date=snapshot.snapshot_date,
                   date_basis=snapshot.date_basis, published_on_or_after=snapshot.published_on_or_after,
                   retrieved_at=snapshot.retrieved_at, records=snapshot.records, sha256=snapshot.sha256,
                   age_days=age, stale=is_stale(age, stale_after_days, bundled=snapshot.bundled), origin=origin)


def combined_sha256(files: Mapping[str, str]) -> str:
    """The sha256 of a single file, or of the sorted ``name:sha256`` lines of several."""
    if len(files) == 1:
        return next(iter(files.values()))
    lines = "".join(f"{name}:{sha}\n" for name, sha in sorted(files.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def raw_files(path: Path, names: Iterable[str] = ()) -> list[Path]:
    """The raw files to keep for `path`: the file or folder given, narrowed or widened by `names`.

    `names` are the source's declared file names (matched case-insensitively). In a
    folder, the declared files are kept when any is present, else every visible file;
    a single file brings its declared siblings along (e.g. OFAC's sdn.csv and alt.csv).
    """
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    folder = path if path.is_dir() else path.parent
    wanted = {n.lower() for n in names}
    visible = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    declared = [p for p in visible if p.name.lower() in wanted]
    if path.is_file():
        return sorted({path, *declared}) if path.name.lower() in wanted else [path]
    return declared or visible
