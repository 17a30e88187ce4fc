"""Why a download could not start, in vendorrisk's own words.

requests and urllib3 wrap the operating system's reason several layers deep, and
their wording changes between versions. This module finds the cause that matters
(a URL that is not one, a name that does not resolve, a refused connection, a
proxy that says no) and states it in one stable line. `vendorrisk.lists.http` uses it to
decide what is worth retrying: none of these is, within one run.
"""
from __future__ import annotations

import errno
import re
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import urllib3.exceptions

# NOTE: \w admits internationalised names; an IPv6 literal arrives without its brackets.
_HOST = re.compile(r"[\w.-]+|[0-9A-Fa-f:.]+")
_TUNNEL_STATUS = re.compile(r"Tunnel connection failed: (\d{3})")
_NO_ROUTE = {errno.ENETUNREACH: "network unreachable", errno.EHOSTUNREACH: "no route to host"}


def url_problem(url: str) -> str | None:
    """Why `url` cannot be downloaded as written, or None when it is a usable http(s) URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "its host or port is malformed"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return f"{scheme}:// is not supported; use http:// or https://" if scheme else \
            "it does not start with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    if not _HOST.fullmatch(parts.hostname):
        return f"the host {parts.hostname!r} contains characters a host name cannot have"
    return None


def unreachable_reason(exc: BaseException, url: str, proxy: str | None) -> str | None:
    """Why the server of `url` (or `proxy`, on the way to it) cannot be reached at all, or None.

    Names that do not resolve, refused connections, missing routes and proxies that
    fail or refuse the tunnel count; timeouts and dropped connections do not.

    Args:
        exc: what requests raised.
        proxy: the proxy URL requests used for `url`, if any.
    """
    causes = list(_causes(exc))
    via_proxy = proxy is not None and any(isinstance(c, urllib3.exceptions.ProxyError) for c in causes)
    parts = urlsplit(proxy if via_proxy else url)
    host = parts.hostname or "?"
    where = f"{'proxy ' if via_proxy else ''}{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            return f"cannot resolve {'proxy host ' if via_proxy else ''}{host} ({cause.strerror or 'name lookup failed'})"
        code = getattr(cause, "errno", None)
        if isinstance(cause, ConnectionRefusedError) or code == errno.ECONNREFUSED:
            return f"connection refused by {where}"
        if code in _NO_ROUTE:
            return f"{_NO_ROUTE[code]} ({where})"
        status = _TUNNEL_STATUS.search(str(cause)) if via_proxy else None
        if status:
            return f"{where} refused to connect to {urlsplit(url).hostname} (HTTP {status.group(1)})"
    return None


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and everything it wraps: chained exceptions, urllib3's `reason`, exceptions in `args`."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        cause = todo.pop(0)
        if not isinstance(cause, BaseException) or id(cause) in seen:
            continue
        seen.add(id(cause))
        yield cause
        todo += [cause.__cause__, cause.__context__, getattr(cause, "reason", None), *cause.args]
