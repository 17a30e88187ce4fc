"""Downloads: the only module in vendorrisk that talks to the network.

`Fetcher.fetch` streams one URL to a local file with timeouts, bounded retries with
exponential backoff, a conditional GET (a 304 means "up to date"), a size cap and a
check that the body is as long as the server said. It refuses HTML error pages and
empty bodies, because an official list file is never either. A server that cannot be
reached at all (no such host, connection refused, a proxy that says no) fails at
once with `Unreachable`: on a machine without network, retrying only adds minutes.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from vendorrisk import __version__
from vendorrisk.errors import SourceError
from vendorrisk.lists.http_failures import unreachable_reason, url_problem

USER_AGENT = f"vendorrisk/{__version__} (supplier screening; list updater) python-requests/{requests.__version__}"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
Progress = Callable[[int, int | None], None]


class DownloadError(SourceError):
    """A list file could not be downloaded, or what arrived is not a list file."""


class Unreachable(DownloadError):
    """The server, or the proxy on the way, cannot be reached at all; retrying in this run would not help."""


class _Retryable(Exception):
    """A failure worth another attempt (connection trouble, 5xx, 429, a cut-off body)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass(frozen=True)
class Download:
    """The outcome of one fetch.

    Attributes:
        url: the URL asked for.
        not_modified: True when the server answered 304; `path` is then None.
        path: the downloaded file (complete and length-checked).
        etag / last_modified: validators to send next time.
        sha256 / size: of the downloaded body.
    """

    url: str
    not_modified: bool
    path: Path | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    sha256: str | None = None
    size: int = 0


class Fetcher:
    """Downloads list files politely and defensively.

    Args:
        connect_timeout / read_timeout: seconds, passed to requests.
        retries: extra attempts after the first one, on retryable failures.
        backoff: first wait in seconds; doubles on each retry.
        max_bytes: refuse bodies larger than this.
        session: a requests Session to reuse (one is made otherwise).
    """

    def __init__(self, *, connect_timeout: float = 10.0, read_timeout: float = 60.0, retries: int = 3,
                 backoff: float = 1.0, max_bytes: int = 512 * 1024 * 1024,
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self.retries, self.backoff, self.max_bytes = retries, backoff, max_bytes
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._sleep = sleep

    def fetch(self, url: str, dest: Path, *, etag: str | None = None, last_modified: str | None = None,
              progress: Progress | None = None) -> Download:
        """Download `url` to `dest` (written as `dest.part`, then renamed).

        Args:
            etag / last_modified: validators from the last download, for a conditional GET.
            progress: called with (bytes so far, total or None) while streaming.

        Raises:
            Unreachable: at once, when the host does not resolve or refuses the connection.
            DownloadError: after the last retry, or at once for a non-retryable answer.
        """
        problem = url_problem(url)
        if problem:
            raise DownloadError(f"{url!r} is not a usable URL: {problem}")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url, dest, headers, progress)
            except _Retryable as exc:
                if attempt == self.retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise DownloadError(f"{url}: {exc}{tries}") from exc
                self._sleep(exc.wait if exc.wait is not None else self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _attempt(self, url: str, dest: Path, headers: dict[str, str], progress: Progress | None) -> Download:
        try:
            with self.session.get(url, headers=headers, timeout=self.timeout, stream=True) as resp:
                return self._receive(url, resp, dest, progress)
        except requests.ConnectTimeout as exc:
            raise _Retryable(f"timed out connecting (after {self.timeout[0]:g} s)") from exc
        except requests.Timeout as exc:
            raise _Retryable(f"timed out waiting for data (after {self.timeout[1]:g} s)") from exc
        except requests.exceptions.ChunkedEncodingError as exc:
            raise _Retryable(f"truncated body ({_incomplete(exc)})") from exc
        except requests.ConnectionError as exc:
            reason = unreachable_reason(exc, url, self._proxy_for(url))
            if reason:
                raise Unreachable(f"{url}: {reason}") from exc
            raise _Retryable(f"connection failed ({_connection_reason(exc)})") from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise DownloadError(f"{url!r} is not a usable URL") from exc
        except requests.RequestException as exc:
            raise DownloadError(f"{url}: {_first_line(exc)}") from exc

    def _proxy_for(self, url: str) -> str | None:
        """The proxy requests picks for `url` (session settings, then HTTP(S)_PROXY / NO_PROXY)."""
        proxies = self.session.merge_environment_settings(url, {}, None, None, None)["proxies"]
        return requests.utils.select_proxy(url, proxies)

    def _receive(self, url: str, resp: requests.Response, dest: Path, progress: Progress | None) -> Download:
        if resp.status_code == 304:
            return Download(url, True, etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"))
        if resp.status_code in RETRY_STATUSES:
            raise _Retryable(f"server answered HTTP {resp.status_code}", _retry_after(resp))
        if resp.status_code != 200:
            raise DownloadError(f"{url}: server answered HTTP {resp.status_code} {resp.reason}")
        content_type = resp.headers.get("Content-Type")
        if content_type and content_type.split(";")[0].strip().lower() == "text/html":
            raise DownloadError(f"{url}: server sent an HTML page (Content-Type {content_type}), not a list file")
        expected = _content_length(resp)
        if expected is not None and expected > self.max_bytes:
            raise DownloadError(f"{url}: file is {expected} bytes, over the {self.max_bytes}-byte limit")
        digest, size = self._stream(url, resp, dest, expected, progress)
        return Download(url, False, dest, resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                        content_type, digest, size)

    def _stream(self, url: str, resp: requests.Response, dest: Path, expected: int | None,
                progress: Progress | None) -> tuple[str, int]:
        part = dest.with_name(dest.name + ".part")
        digest, size = hashlib.sha256(), 0
        try:
            with open(part, "wb") as out:
                for chunk in resp.iter_content(chunk_size=256 * 1024):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise DownloadError(f"{url}: body exceeds the {self.max_bytes}-byte limit")
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress(size, expected)
            received = resp.raw.tell() if "Content-Encoding" in resp.headers else size
            if expected is not None and received != expected:
                raise _Retryable(f"truncated body: got {received} of {expected} bytes")
            if size == 0:
                raise DownloadError(f"{url}: server sent an empty body")
            os.replace(part, dest)
        finally:
            part.unlink(missing_ok=True)
        return digest.hexdigest(), size


def _content_length(resp: requests.Response) -> int | None:
    try:
        return int(resp.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _retry_after(resp: requests.Response) -> float | None:
    """Honour a numeric Retry-After, capped so a hostile server cannot park us for hours."""
    try:
        return min(float(resp.headers["Retry-After"]), 60.0)
    except (KeyError, ValueError):
        return None


def _incomplete(exc: BaseException) -> str:
    found = re.search(r"IncompleteRead\(([^)]*)\)", str(exc))
    return found.group(1) if found else "connection closed early"


def _connection_reason(exc: requests.ConnectionError) -> str:
    """The OS-level reason (e.g. ``[Errno 111] Connection refused``) from urllib3's wrapping."""
    text = str(getattr(exc.args[0], "reason", exc.args[0]) if exc.args else exc)
    found = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    return found.group(0).strip() if found else _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
