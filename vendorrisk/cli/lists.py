"""The `vendorrisk lists` commands: update, import and status of the local list store.

Thin click wrappers around `vendorrisk.lists.updater` and `vendorrisk.lists.store.Store`; this is
where terminals (progress lines), stderr lines and exit codes are decided.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from vendorrisk.cli import commands
from vendorrisk.cli.progress import CountLine, ProgressLine, on_terminal
from vendorrisk.config import load_settings
from vendorrisk.errors import SourceError, VendorRiskError
from vendorrisk.formats.base import list_date, report_timestamp
from vendorrisk.lists.http import Fetcher, Progress, Unreachable
from vendorrisk.lists.sources.base import ListSource
from vendorrisk.lists.store import SnapshotStatus, Store
from vendorrisk.lists.updater import import_source, redact, source_urls, update_source
from vendorrisk.screening.outcome import EXIT_ERROR



def source_registry() -> dict[str, ListSource]:
    """The registered list sources (`vendorrisk.lists.sources.SOURCES`)."""
    from vendorrisk.lists.sources import SOURCES

    return SOURCES


def _pick(source_id: str) -> ListSource:
    registry = source_registry()
    if source_id not in registry:
        raise SourceError(f"unknown source {source_id!r}; known sources: {', '.join(sorted(registry))}")
    return registry[source_id]


@contextmanager
def _warnings_on_stderr() -> Iterator[None]:
    """Show library warnings (e.g. a damaged store) as one `vendorrisk: warning:` line each."""
    with warnings.catch_warnings():
        warnings.showwarning = lambda message, *_a, **_k: click.echo(f"vendorrisk: warning: {message}", err=True)
        yield


@click.group("lists")
def lists() -> None:
    """Download, import and inspect the official lists in the local store.

    Example: vendorrisk lists update us-csl
    """


@lists.command("update")
@click.argument("sources", nargs=-1)
@click.option("--url", help="Download from this URL instead (a base URL for multi-file sources).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds to wait for the next bytes before an attempt fails "
                   "[default: the source's, 60; eu-fsf 300].")
@click.option("--retries", type=click.IntRange(min=0), default=None,
              help="Extra attempts after timeouts, dropped connections, 5xx and 429 answers "
                   "[default: the source's, 3; eu-fsf 6].")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=None,
              help="Seconds one file may take in all, retries, waits and a slowly arriving body included; "
                   "a Retry-After past it is not waited for [default: the source's, 600; eu-fsf 1800].")
@click.option("--user-agent", "user_agent", metavar="TEXT",
              help="User-Agent header to send (also VENDORRISK_USER_AGENT), for a server whose firewall "
                   "answers 403 to vendorrisk's.")
@click.option("--allow-shrink", is_flag=True,
              help="Install a list even when it has far fewer records than its recent snapshots "
                   "(a real mass delisting, not a cut download).")
@click.option("--no-index", is_flag=True, help="Do not build the candidate index now; the next screening will.")
def update_command(sources: tuple[str, ...], url: str | None, timeout: float | None, retries: int | None,
                   deadline: float | None, user_agent: str | None, allow_shrink: bool, no_index: bool) -> None:
    """Download SOURCE (default: every source), check it and swap it into the store.

    A failed update prints why in one line, exits 2 and leaves the current snapshot
    untouched. A host that does not resolve or refuses the connection fails at once,
    and a last line points to `lists import` for machines without internet access.
    Every file has a deadline (--deadline): a server that stalls or trickles its
    answer cannot keep the update running. A list with far fewer records than its
    recent snapshots is refused unless --allow-shrink is given. The candidate index
    for the new lists is then built, so that the next `check` or `search` starts at
    once.

    Without SOURCE, sources that cannot be downloaded as they are, one that needs
    --url (no official machine-readable file) or a key not set (us-sam-exclusions
    needs VENDORRISK_SAM_API_KEY), are skipped with a note.

    Example: vendorrisk lists update us-csl us-ofac-sdn --timeout 120
    """
    settings = load_settings({"user_agent": user_agent})
    chosen = [_pick(s) for s in sources] or _updatable(settings)
    if url and len(chosen) != 1:
        raise click.UsageError("--url needs exactly one SOURCE")
    store = Store(settings.home)
    flags = {"read_timeout": timeout, "retries": retries, "deadline": deadline}
    with _warnings_on_stderr():
        failures = [exc for source in chosen
                    if (exc := _update_one(store, source, fetcher_for(source, flags, settings.user_agent), url,
                                           allow_shrink, _secrets(source, settings)))]
    unreachable = sum(isinstance(exc, Unreachable) for exc in failures)
    if unreachable:
        click.echo(_offline_hint(unreachable, len(chosen)), err=True)
    if len(failures) < len(chosen) and not no_index:
        _prepare_index()
    if failures:
        sys.exit(EXIT_ERROR)


def _updatable(settings) -> list[ListSource]:
    """Every registered source that `lists update` can download without more options; notes the others."""
    chosen = []
    for source in source_registry().values():
        if source.needs_url:
            click.echo(f"{source.id}: skipped: {source.needs_url}", err=True)
        elif source.url_secrets and not all(_secrets(source, settings).values()):
            click.echo(f"{source.id}: skipped: needs {', '.join(source.url_secrets.values())} in the environment",
                       err=True)
        else:
            chosen.append(source)
    return chosen


def _secrets(source: ListSource, settings) -> dict[str, str]:
    """Placeholder -> key for `source.url_secrets`, from the settings (the environment)."""
    return {placeholder: getattr(settings, _SECRET_SETTINGS[variable], None) or ""
            for placeholder, variable in source.url_secrets.items()}


# Environment variable -> the setting that holds it (vendorrisk.config reads it).
_SECRET_SETTINGS = {"VENDORRISK_SAM_API_KEY": "sam_api_key"}


def fetcher_for(source: ListSource, flags: dict[str, float | int | None], user_agent: str | None,
                **extra: Any) -> Fetcher:
    """A `Fetcher` with `source`'s download policy, overridden by the flags that were given.

    Args:
        extra: more `Fetcher` arguments (tests pass `sleep`).
    """
    policy = dataclasses.replace(source.download, **{k: v for k, v in flags.items() if v is not None})
    return Fetcher(connect_timeout=min(policy.read_timeout, 10.0), read_timeout=policy.read_timeout,
                   retries=policy.retries, backoff=policy.backoff, deadline=policy.deadline, user_agent=user_agent,
                   **extra)


def _update_one(store: Store, source: ListSource, fetcher: Fetcher, url: str | None,
                allow_shrink: bool, secrets: dict[str, str] | None = None) -> VendorRiskError | None:
    """Update one source and print its outcome line; returns the error, if it failed."""
    line = ProgressLine(sys.stderr, source.id) if sys.stderr.isatty() else None
    urls = {name: redact(u, secrets or {}) for name, u in source_urls(source, url).items()}

    def progress(name: str) -> Progress | None:
        return line.start(name, urls[name]) if line else None

    failure: VendorRiskError | None = None
    try:
        result = update_source(store, source, fetcher, url=url, progress=progress, allow_shrink=allow_shrink,
                               secrets=secrets)
    except VendorRiskError as exc:
        failure = exc
    finally:
        if line:
            line.clear()
    if failure:
        _error(source.id, failure)
        return failure
    snap = result.snapshot
    state = "updated" if result.changed else "up to date"
    click.echo(f"{source.id}: {state}, {snap.records} records, sha256 {snap.sha256[:12]}", err=True)
    return None


def _offline_hint(unreachable: int, tried: int) -> str:
    """The line after `unreachable` sources of `tried` could not be reached: how to install lists offline."""
    what = "no list server could be reached" if unreachable == tried else \
        f"{unreachable} of {tried} sources could not be reached"
    return (f"vendorrisk: hint: {what}; on a machine without internet access, install files downloaded "
            "elsewhere with `vendorrisk lists import SOURCE PATH` (see docs/store.md)")


def _error(source_id: str, exc: Exception) -> None:
    message = str(exc) if str(exc).startswith(f"{source_id}:") else f"{source_id}: {exc}"
    click.echo(f"vendorrisk: error: {message}", err=True)


@lists.command("import")
@click.argument("pairs", nargs=-1, required=True, metavar="SOURCE PATH [SOURCE PATH]...")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="The date the file was published, for formats that carry no date of their own "
                   "(without it such a list is undated, and so stale); one SOURCE only.")
@click.option("--allow-shrink", is_flag=True,
              help="Install the list even when it has far fewer records than its recent snapshots.")
@click.option("--no-index", is_flag=True,
              help="Do not build the candidate index now (e.g. before importing more lists).")
def import_command(pairs: tuple[str, ...], as_of: dt.datetime | None, allow_shrink: bool, no_index: bool) -> None:
    """Install each SOURCE from a local file or folder (for sites without internet access).

    The same sanity checks and atomic swap as `lists update` apply. Several sources
    can be imported at once, as SOURCE PATH pairs; the candidate index is built once,
    after the last of them. The list is dated by the file itself where the format
    carries a date; otherwise give the publication date with --as-of, or the list
    is shown as undated and counts as stale. A source that fails is reported and
    the others are still imported; the exit status is then 2.

    Example: vendorrisk lists import us-csl ./consolidated.csv us-bis-dpl ./dpl.txt
    """
    if len(pairs) % 2:
        raise click.UsageError(f"give a PATH for each SOURCE: {pairs[-1]!r} has none")
    chosen = [(_pick(pairs[i]), Path(pairs[i + 1])) for i in range(0, len(pairs), 2)]
    if as_of and len(chosen) > 1:
        raise click.UsageError("--as-of needs exactly one SOURCE (each file has its own date)")
    store = Store(load_settings().home)
    with _warnings_on_stderr():
        failures = [source for source, path in chosen
                    if not _import_one(store, source, path, as_of.date() if as_of else None, allow_shrink)]
    if len(failures) < len(chosen) and not no_index:
        _prepare_index()
    if failures:
        sys.exit(EXIT_ERROR)


def _import_one(store: Store, source: ListSource, path: Path, as_of: dt.date | None, allow_shrink: bool) -> bool:
    """Import one source and print its outcome line; False when it failed."""
    line = _step_line(source.id, f"importing {path}")
    try:
        snap = import_source(store, source, path, as_of=as_of, allow_shrink=allow_shrink)
    except VendorRiskError as exc:
        failure: VendorRiskError | None = exc
    else:
        failure = None
    if line is not None:
        line.clear()
    if failure is not None:
        _error(source.id, failure)
        return False
    undated = "; give --as-of DATE if you know when it was published" if snap.snapshot_date is None else ""
    click.echo(f"{source.id}: imported, {snap.records} records, sha256 {snap.sha256[:12]}, "
               f"{list_date(snap)}{undated}", err=True)
    return True


def _step_line(label: str, step: str) -> CountLine | None:
    """On a terminal, a progress line showing `step` under `label`; None otherwise."""
    if not on_terminal():
        return None
    line = CountLine(sys.stderr, label)
    line.say(step)
    return line


def _prepare_index() -> None:
    """Build the candidate index for the lists now in the store, unless it is there already.

    On a terminal a progress line counts the list entries read. The lists are
    installed whatever happens here: a failure is a warning, and the next screening
    tries again.
    """
    from vendorrisk.lists.catalog import ListCatalog  # noqa: PLC0415 - heavy; only after a change

    settings = load_settings()
    started = time.perf_counter()
    line = _step_line("index", "reading the lists")
    try:
        index, _ = ListCatalog(settings.home, include_bundled=settings.bundled_lists).open_index(
            progress=line.entries if line else None)
    except (VendorRiskError, OSError) as exc:
        if line is not None:
            line.clear()
        click.echo(f"vendorrisk: warning: the candidate index was not built ({exc}); "
                   "the next check or search will build it", err=True)
        return
    if line is not None:
        line.clear()
    index.close()
    click.echo(f"index: ready, {index.size:,} names ({time.perf_counter() - started:.1f} s)", err=True)


@lists.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def status_command(fmt: str) -> None:
    """Show every list screened: publication date and how it is known, age, records, sha256, staleness.

    The bundled curated lists come first, then the official lists in the store;
    official lists that are not installed are named, with the two ways to get them.
    An undated list has no age and is shown as STALE.

    Example: vendorrisk lists status --format json
    """
    settings = load_settings()
    with _warnings_on_stderr():
        rows = _catalog(settings).status(_now(), settings.stale_after_days)
    missing = sorted(set(source_registry()) - {r.source for r in rows})
    if fmt == "json":
        doc = {"stale_after_days": settings.stale_after_days, "lists": [r.model_dump(mode="json") for r in rows],
               "not_installed": missing}
        click.echo(json.dumps(doc, indent=2))
        return
    if rows:
        click.echo(render_status(rows))
    if missing:
        click.echo(f"not installed: {', '.join(missing)}", err=True)
        click.echo(GET_LISTS_HINT, err=True)


GET_LISTS_HINT = ("get official lists online with `vendorrisk lists update [SOURCE...]`, or on a machine without "
                  "internet with `vendorrisk lists import SOURCE PATH` (see docs/store.md)")


def _catalog(settings):
    from vendorrisk.lists.catalog import ListCatalog  # noqa: PLC0415 - heavy; status and the index only

    return ListCatalog(settings.home, include_bundled=settings.bundled_lists)


def _now() -> dt.datetime:
    """`SOURCE_DATE_EPOCH` when set, as for reports, so that ages can be reproduced."""
    return report_timestamp(os.environ)


def render_status(rows: list[SnapshotStatus]) -> str:
    """The text table of `lists status`."""
    header = ("source", "origin", "published", "age", "records", "retrieved", "sha256", "")
    table = [header] + [(r.source, r.origin, list_date(r), "-" if r.age_days is None else f"{r.age_days}d",
                         str(r.records), f"{r.retrieved_at:%Y-%m-%d %H:%M}Z" if r.retrieved_at else "-",
                         r.sha256[:12], "STALE" if r.stale else "")
                        for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table)


commands.ALL.append(lists)
