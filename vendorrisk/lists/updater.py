"""Getting a list into the store: download (or take a local copy), parse, check, install.

`update_source` and `import_source` are the functions behind `vendorrisk lists update`
and `vendorrisk lists import`. Both end in `Store.install`, so both get the same
sanity checks and the same atomic swap: a failure leaves the current snapshot as it was.
Downloads go to a private temporary folder outside the store.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from vendorrisk.errors import SourceError, StoreError, VendorRiskError
from vendorrisk.lists.checks import check_raw_files
from vendorrisk.lists.http import Download, Fetcher, Progress
from vendorrisk.lists.pages import find_link
from vendorrisk.lists.sources.base import ListSource, ParsedList
from vendorrisk.lists.store import FileOrigin, SnapshotRecord, Store, raw_files
from vendorrisk.model import ListSnapshot

ProgressFactory = Callable[[str], Progress | None]
# NOTE: a key typed into --url is hidden too, whatever the source.
_KEY_IN_URL = re.compile(r"(?i)\b(api_key=)[^&#\s'\"]+")


@dataclass(frozen=True)
class UpdateResult:
    """What `update_source` did: `changed` is False when the server said every file was unchanged."""

    source: str
    snapshot: ListSnapshot
    changed: bool


def source_urls(source: ListSource, url: str | None = None) -> dict[str, str]:
    """File name -> URL to fetch; `url` replaces the URL of a one-file source, or is a base URL.

    A one-file source's download is named after `url` when that is another of the
    source's file names (e.g. the UK list's CSV instead of its XML).
    """
    if not url:
        return dict(source.urls)
    if len(source.urls) == 1:
        basename = urlsplit(url).path.rsplit("/", 1)[-1].lower()
        name = next((n for n in source.file_names() if n.lower() == basename), next(iter(source.urls)))
        return {name: url}
    return {name: f"{url.rstrip('/')}/{name}" for name in source.urls}


def fill_url(source: ListSource, template: str, secrets: Mapping[str, str]) -> str:
    """`template` with each of `source.url_secrets` placeholders (``{api_key}``) replaced by its secret.

    Raises:
        SourceError: a placeholder's secret is not set; names the environment variable.
    """
    for placeholder, variable in source.url_secrets.items():
        token = "{" + placeholder + "}"
        if token in template:
            if not secrets.get(placeholder):
                raise SourceError(f"{source.id}: needs {variable} (a free key from the publisher); set it in the "
                                  "environment, or download the file yourself and run `vendorrisk lists import`")
            template = template.replace(token, secrets[placeholder])
    return template


def redact(text: str, secrets: Mapping[str, str]) -> str:
    """`text` without any of `secrets` and without the value of any ``api_key=`` in a URL."""
    for value in secrets.values():
        if value:
            text = text.replace(value, "***")
    return _KEY_IN_URL.sub(r"\1***", text)


def parse_checked(source: ListSource, path: Path) -> ParsedList:
    """Check the raw file(s), then run the parser, turning any crash into a one-line `SourceError`."""
    check_raw_files(source.id, raw_files(path, source.file_names()), source.page_files)
    try:
        parsed = source.parse(path)
    except SourceError:
        raise
    # NOTE: parsers read untrusted files; any crash must become one line, not a traceback.
    except Exception as exc:  # noqa: BLE001
        raise SourceError(f"{source.id}: cannot parse {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(parsed, ParsedList):
        raise SourceError(f"{source.id}: parser returned {type(parsed).__name__}, not ParsedList")
    return parsed


def import_source(store: Store, source: ListSource, path: Path, *, as_of: dt.date | None = None,
                  allow_shrink: bool = False) -> ListSnapshot:
    """Parse a local file or folder of `source`'s format and install it (for air-gapped sites).

    Args:
        as_of: the publication date of the file, for formats that carry none
            (without it such a snapshot is undated, and so stale).
        allow_shrink: install even when the list is far smaller than the recent snapshots.

    Raises:
        SourceError: the file is missing, malformed, fails a sanity check, or `as_of`
            is impossible for it.
    """
    path = Path(path)
    if not path.exists():
        raise SourceError(f"{source.id}: {path}: no such file or folder")
    return store.install(source, path, parse_checked(source, path), as_of=as_of, allow_shrink=allow_shrink)


def update_source(store: Store, source: ListSource, fetcher: Fetcher, *, url: str | None = None,
                  progress: ProgressFactory | None = None, allow_shrink: bool = False,
                  secrets: Mapping[str, str] | None = None) -> UpdateResult:
    """Download `source`, and install it unless the server says nothing changed.

    Unchanged files (HTTP 304) are taken from the current snapshot; when the parser
    version changed since that snapshot, it is re-parsed and installed anyway.
    Downloads go to a temporary folder (``TMPDIR``); one that cannot be written
    (a full disk) is one `SourceError`, and the store is not touched.

    Args:
        secrets: placeholder -> key for `source.url_secrets`; a key is put into the URL
            only to send the request: the store keeps the URL with its placeholder, and an
            error message has the key replaced by ``***`` (and no chained cause that holds it).

    Raises:
        SourceError: the download failed or the result fails a sanity check; `source`
            needs ``--url`` (`ListSource.needs_url`) or a key that is not set.
    """
    secrets = dict(secrets or {})
    if source.needs_url and not url:
        raise SourceError(f"{source.id}: {source.needs_url}")
    try:
        return _update(store, source, fetcher, url, progress, allow_shrink, secrets)
    except VendorRiskError as exc:
        clean = redact(str(exc), secrets)
        if clean == str(exc):
            raise
        raise type(exc)(clean) from None
    except OSError as exc:
        raise SourceError(f"{source.id}: cannot use the temporary folder {tempfile.gettempdir()} "
                          f"({exc.strerror or exc}); free space there or set TMPDIR to another folder") from exc


def _update(store: Store, source: ListSource, fetcher: Fetcher, url: str | None, progress: ProgressFactory | None,
            allow_shrink: bool, secrets: Mapping[str, str]) -> UpdateResult:
    previous = store.record(source.id)
    urls = {name: redact(template, secrets) for name, template in source_urls(source, url).items()}
    sent = {name: fill_url(source, template, secrets) for name, template in source_urls(source, url).items()}
    with tempfile.TemporaryDirectory(prefix="vendorrisk-") as tmp:
        folder = Path(tmp)
        meta, fresh = {}, False
        for name, file_url in urls.items():
            meta[name], got = _fetch_one(store, source, previous, fetcher, name, file_url, folder, progress,
                                         sent[name])
            fresh = fresh or got
        if previous and not fresh and previous.parser_version == str(source.parser_version):
            return UpdateResult(source.id, previous.snapshot(), changed=False)
        target = folder / next(iter(urls)) if len(urls) == 1 else folder
        retrieved = None if fresh else previous.retrieved_at if previous else None
        try:
            parsed = parse_checked(source, target)
        except SourceError as exc:
            # NOTE: the temporary folder means nothing to the user once it is gone.
            raise SourceError(str(exc).replace(f"{folder}/", "downloaded ").replace(str(folder), "download")) from exc
        snapshot = store.install(source, target, parsed, meta, allow_shrink=allow_shrink,
                                 retrieved_at=retrieved or dt.datetime.now(dt.timezone.utc))
        return UpdateResult(source.id, snapshot, changed=True)


def _fetch_one(store: Store, source: ListSource, previous: SnapshotRecord | None, fetcher: Fetcher,
               name: str, url: str, folder: Path, progress: ProgressFactory | None,
               sent: str) -> tuple[FileOrigin, bool]:
    """Fetch one file into `folder` from `sent` (`url` with its keys); returns its origin (`url`, keyless)
    and whether new bytes arrived."""
    old = next((f for f in previous.files if f.name == name), None) if previous else None
    kept = store.raw_path(source.id, name) if old and old.url == url else None
    download = _download(source, fetcher, name, sent, folder, progress,
                         etag=old.etag if kept else None, last_modified=old.last_modified if kept else None)
    if not download.not_modified:
        return FileOrigin(url=url, etag=download.etag, last_modified=download.last_modified), True
    if kept is None or old is None:
        raise SourceError(f"{source.id}: {url}: server answered 304 Not Modified, but no copy is stored")
    try:
        shutil.copyfile(kept, folder / name)
    except OSError as exc:
        raise StoreError(f"{source.id}: cannot read stored {kept}: {exc.strerror}") from exc
    return FileOrigin(url=url, etag=download.etag or old.etag,
                      last_modified=download.last_modified or old.last_modified), False


def _download(source: ListSource, fetcher: Fetcher, name: str, url: str, folder: Path,
              progress: ProgressFactory | None, **validators: str | None) -> Download:
    """Fetch `url`; when it is the landing page `source.link_texts` names, follow the file's link on it.

    A file in `source.page_files` is a web page: its text is saved as the file.
    """
    link_text = source.link_texts.get(name)
    is_page = name in source.page_files
    download = fetcher.fetch(url, folder / name, progress=progress(name) if progress else None,
                             accept_page=link_text is not None or is_page, **validators)
    if download.page is None:
        return download
    if is_page:
        (folder / name).write_text(download.page, encoding="utf-8")
        return download
    assert link_text is not None
    file_url = find_link(download.page, url, link_text)
    return fetcher.fetch(file_url, folder / name, progress=progress(name) if progress else None, **validators)
