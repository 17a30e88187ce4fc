"""Downloads: the only module in vendorrisk that talks to the network.

`Fetcher.fetch` streams one URL to a local file with timeouts, bounded retries with
exponential backoff, an overall deadline (attempts, waits and slow bodies included),
a conditional GET (a 304 means "up to date"), a size cap and a check that the body
is whole (see `vendorrisk.lists.http_body`). Redirects are followed, so a service
that answers with a short-lived signed URL works. It refuses HTML error pages and
empty bodies, because an official list file is never either, unless the caller
asks for a landing page to find the file's link in. A server that cannot be
reached at all (no such host, connection refused, a proxy that says no) fails at
once with `Unreachable`: on a machine without network, retrying only adds minutes.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
import urllib3.exceptions

from vendorrisk import __version__
from vendorrisk.errors import SourceError
from vendorrisk.lists.http_body import BodyError, Watchdog, receive_body
from vendorrisk.lists.http_failures import unreachable_reason, url_problem

# NOTE: since mid-2026 OFAC's firewall answers 403 unless the User-Agent starts with
# "Mozilla/<digit>" and is at least 40 characters (opensanctions/opensanctions#5237);
# this one passes that rule and still says who is asking.
USER_AGENT = f"Mozilla/5.0 (compatible; vendorrisk/{__version__}; supplier screening list updater)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
PAGE_LIMIT = 4 * 1024 * 1024
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
        page: the HTML of a landing page, when the caller accepted one and got one.
    """

    url: str
    not_modified: bool
    path: Path | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    sha256: str | None = None
    size: int = 0
    page: str | None = None


class Fetcher:
    """Downloads list files politely and defensively.

    Args:
        connect_timeout / read_timeout: seconds, passed to requests (per socket read).
        retries: extra attempts after the first one, on retryable failures.
        backoff: first wait in seconds; doubles on each retry.
        deadline: seconds one `fetch` may take in all; a slow body, a long
            `Retry-After` or the next backoff past it ends the fetch.
        max_bytes: refuse bodies larger than this.
        user_agent: the User-Agent header (default `USER_AGENT`).
        session: a requests Session to reuse (one is made otherwise).
    """

    def __init__(self, *, connect_timeout: float = 10.0, read_timeout: float = 60.0, retries: int = 3,
                 backoff: float = 1.0, deadline: float = 600.0, max_bytes: int = 512 * 1024 * 1024,
                 user_agent: str | None = None, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self.retries, self.backoff, self.deadline, self.max_bytes = retries, backoff, deadline, max_bytes
        self.session = session or requests.Session()
        self.user_agent = user_agent or USER_AGENT
        self.session.headers["User-Agent"] = self.user_agent
        self._sleep, self._clock = sleep, clock

    def fetch(self, url: str, dest: Path, *, etag: str | None = None, last_modified: str | None = None,
              progress: Progress | None = None, accept_page: bool = False) -> Download:
        """Download `url` to `dest` (written as `dest.part`, then renamed).

        Args:
            etag / last_modified: validators from the last download, for a conditional GET.
            progress: called with (bytes so far, total or None) while streaming.
            accept_page: return an HTML answer as `Download.page` instead of refusing it.

        Raises:
            Unreachable: at once, when the host does not resolve or refuses the connection.
            DownloadError: after the last retry or at the deadline, or at once for a
                non-retryable answer.
        """
        problem = url_problem(url)
        if problem:
            raise DownloadError(f"{url!r} is not a usable URL: {problem}")
        headers = {"Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        ends = self._clock() + self.deadline
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url, dest, headers, progress, accept_page, ends)
            except _Retryable as exc:
                if attempt == self.retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise DownloadError(f"{url}: {exc}{tries}") from exc
                wait = exc.wait if exc.wait is not None else self.backoff * 2 ** attempt
                if self._clock() + wait >= ends:
                    raise DownloadError(f"{url}: {exc}; not retrying, as waiting {wait:g} s more would pass the "
                                        f"{self.deadline:g}-second deadline") from exc
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _attempt(self, url: str, dest: Path, headers: dict[str, str], progress: Progress | None,
                 accept_page: bool, ends: float) -> Download:
        left = ends - self._clock()
        timeout = (min(self.timeout[0], left), min(self.timeout[1], left))
        watchdog = None
        try:
            with self.session.get(url, headers=headers, timeout=timeout, stream=True) as resp:
                with Watchdog(resp, ends - self._clock()) as watchdog:
                    return self._receive(url, resp, dest, progress, accept_page)
        except (BodyError, requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            if watchdog is not None and watchdog.fired or self._clock() >= ends:
                raise DownloadError(f"{url}: gave up at the {self.deadline:g}-second deadline "
                                    f"({_progress_words(exc)})") from exc
            raise self._classified(url, exc) from exc
        except OSError as exc:
            raise DownloadError(f"{url}: cannot save the download in {dest.parent.parent}: "
                                f"{exc.strerror or exc}; free space there or set TMPDIR to another folder") from exc

    def _classified(self, url: str, exc: Exception) -> Exception:
        """The error an attempt's failure becomes: `_Retryable`, `Unreachable` or `DownloadError`."""
        if isinstance(exc, BodyError):
            return _Retryable(str(exc)) if exc.retry else DownloadError(f"{url}: {exc}")
        if isinstance(exc, requests.ConnectTimeout):
            return _Retryable(f"timed out connecting (after {self.timeout[0]:g} s)")
        if isinstance(exc, (requests.Timeout, urllib3.exceptions.ReadTimeoutError)):
            return _Retryable(f"timed out waiting for data (after {self.timeout[1]:g} s)")
        if isinstance(exc, (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.ProtocolError)):
            return _Retryable(f"truncated body ({_incomplete(exc)})")
        if isinstance(exc, requests.ConnectionError):
            reason = unreachable_reason(exc, url, self._proxy_for(url))
            if reason:
                return Unreachable(f"{url}: {reason}")
            return _Retryable(f"connection failed ({_connection_reason(exc)})")
        if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                            requests.exceptions.MissingSchema)):
            return DownloadError(f"{url!r} is not a usable URL")
        return DownloadError(f"{url}: {_first_line(exc)}")

    def _proxy_for(self, url: str) -> str | None:
        """The proxy requests picks for `url` (session settings, then HTTP(S)_PROXY / NO_PROXY)."""
        proxies = self.session.merge_environment_settings(url, {}, None, None, None)["proxies"]
        return requests.utils.select_proxy(url, proxies)

    def _receive(self, url: str, resp: requests.Response, dest: Path, progress: Progress | None,
                 accept_page: bool) -> Download:
        if resp.status_code == 304:
            return Download(url, True, etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"))
        if resp.status_code in RETRY_STATUSES:
            raise _Retryable(f"server answered HTTP {resp.status_code}", _retry_after(resp))
        if resp.status_code == 403:
            raise DownloadError(f"{url}: server answered HTTP 403 Forbidden; its firewall may refuse the "
                                f"User-Agent {self.user_agent!r}: try `--user-agent` with a browser-like one "
                                "(starting 'Mozilla/5.0 (', 40 characters or more), or download the file in a "
                                "browser and install it with `vendorrisk lists import`")
        if resp.status_code != 200:
            raise DownloadError(f"{url}: server answered HTTP {resp.status_code} {resp.reason}")
        content_type = resp.headers.get("Content-Type")
        is_page = bool(content_type) and content_type.split(";")[0].strip().lower() == "text/html"
        if is_page and accept_page:
            return Download(url, False, content_type=content_type, page=_page_text(resp))
        if is_page:
            raise DownloadError(f"{url}: server sent an HTML page (Content-Type {content_type}), not a list file")
        expected = _content_length(resp)
        if expected is not None and expected > self.max_bytes:
            raise DownloadError(f"{url}: file is {expected} bytes, over the {self.max_bytes}-byte limit")
        digest, size = receive_body(resp, dest, expected=expected, max_bytes=self.max_bytes, progress=progress)
        return Download(url, False, dest, resp.headers.get("ETag"), resp.headers.get("Last-Modified"),
                        content_type, digest, size)


def _page_text(resp: requests.Response) -> str:
    """The text of a landing page, read up to `PAGE_LIMIT` bytes."""
    data = b""
    for chunk in resp.iter_content(64 * 1024):
        data += chunk
        if len(data) > PAGE_LIMIT:
            raise BodyError(f"page exceeds the {PAGE_LIMIT}-byte limit for a landing page", retry=False)
    return data.decode(resp.encoding or "utf-8", errors="replace")


def _content_length(resp: requests.Response) -> int | None:
    try:
        return int(resp.headers["Content-Length"])
    except (KeyError, ValueError):
        return None


def _retry_after(resp: requests.Response) -> float | None:
    """A numeric Retry-After; the deadline decides whether it is waited for."""
    try:
        return max(float(resp.headers["Retry-After"]), 0.0)
    except (KeyError, ValueError):
        return None


def _progress_words(exc: BaseException) -> str:
    """What was happening when the deadline struck, in a few words."""
    if isinstance(exc, (requests.Timeout, urllib3.exceptions.ReadTimeoutError)):
        return "the server was too slow to answer"
    return "the body was still arriving"


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
