"""A real HTTP server on 127.0.0.1 for tests, serving real files with faults on demand.

    with ListServer() as server:
        server.serve("/sdn.csv", path_or_bytes)
        server.fault("/sdn.csv", "500", times=2)   # two 500s, then the file
        url = server.url("/sdn.csv")

Faults: "500", "429", "slow" (headers, then a stall longer than any test timeout),
"truncate" (Content-Length larger than the bytes sent), "html" (an HTML error page
with status 200), "html-body" (HTML served as text/csv), "empty" (200 with no body),
"close" (drop the connection without answering), "trickle" (one byte every half
second), "503-retry-after" (503 asking to come back in an hour), and three ways of
cutting the body at a line break (keeping `server.cut` of its lines): "cut-lines"
(Content-Length matching the cut), "cut-gzip" (gzip-encoded, the compressed stream
cut, Content-Length matching) and "cut-close" (no Content-Length, connection closed
after the cut).

Behaviours of the official servers, set per path:
- `serve(path, body, signed=True)`: the path answers 302 to a short-lived "signed"
  URL (a query string with a signature); the signed URL without it is 403.
- `server.agent_rule`: a predicate on the User-Agent; other agents get 403 (OFAC's
  firewall since mid-2026).
- `server.generating[path] = seconds`: the answer's headers come only after that
  long (a file generated on request, as the EU's).
It answers conditional GETs (ETag / Last-Modified) with 304 and records every
request's path and headers in `server.requests`.
"""
from __future__ import annotations

import email.utils
import gzip
import hashlib
import secrets
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FAULTS = ("500", "429", "slow", "truncate", "html", "html-body", "empty", "close", "trickle", "503-retry-after",
          "cut-lines", "cut-gzip", "cut-close")
SIGNED_PREFIX = "/signed"
HTML_PAGE = b"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head><body>Maintenance</body></html>\n"
_EPOCH = 1703700000  # 2023-12-27, a plausible publication time


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass

    def do_GET(self):  # noqa: N802 - http.server naming
        owner = self.server.owner
        owner.requests.append((self.path, dict(self.headers)))
        if owner.agent_rule and not owner.agent_rule(self.headers.get("User-Agent", "")):
            return self._send(403, b"<html><body>Request blocked.</body></html>", "text/html")
        path = self._unsigned()
        if path is None:
            return self._send(403, b"signature missing or expired", "text/plain")
        if path in owner.signed and not self.path.startswith(SIGNED_PREFIX):
            self.send_response(302)
            self.send_header("Location", f"{SIGNED_PREFIX}{path}?X-Amz-Expires=60&X-Amz-Signature={secrets.token_hex(16)}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        fault = owner.take_fault(path)
        body, modified = owner.files.get(path, (None, ""))
        if fault:
            return self._fault(fault, body or b"x" * 100)
        if path in owner.generating:
            owner.stop.wait(owner.generating[path])
        if body is None:
            return self._send(404, b"not found", "text/plain")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self._is_fresh(etag, modified):
            return self._send(304, b"", None, etag, modified)
        self._send(200, body, owner.types.get(path, "text/csv"), etag, modified)

    def _unsigned(self) -> str | None:
        """The file path asked for: a signed URL's path without its prefix, None when its signature is missing."""
        if not self.path.startswith(SIGNED_PREFIX):
            return self.path
        path, _, query = self.path[len(SIGNED_PREFIX):].partition("?")
        return path if "X-Amz-Signature=" in query else None

    def _is_fresh(self, etag: str, modified: str) -> bool:
        """RFC 9110: If-None-Match, when sent, decides; If-Modified-Since only without it."""
        if "If-None-Match" in self.headers:
            return self.headers["If-None-Match"] == etag
        return self.headers.get("If-Modified-Since") == modified

    def _fault(self, fault: str, body: bytes) -> None:
        if fault in ("500", "429"):
            return self._send(int(fault), b"try again later", "text/plain")
        if fault == "html":
            return self._send(200, HTML_PAGE, "text/html; charset=utf-8")
        if fault == "html-body":
            return self._send(200, HTML_PAGE, "text/csv")
        if fault == "empty":
            return self._send(200, b"", "text/csv")
        if fault == "close":
            self.close_connection = True
            return
        if fault == "503-retry-after":
            self.send_response(503)
            self.send_header("Retry-After", "3600")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault.startswith("cut-"):
            return self._cut(fault, body)
        if fault == "trickle":
            return self._trickle(body)
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body) + (1000 if fault == "truncate" else 0)))
        self.end_headers()
        if fault == "slow":
            self.server.owner.stop.wait(5)
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True

    def _cut(self, fault: str, body: bytes) -> None:
        lines = body.splitlines(keepends=True)
        cut = b"".join(lines[:max(1, int(len(lines) * self.server.owner.cut))])
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        if fault == "cut-gzip":
            packed = gzip.compress(body, mtime=0)
            cut = packed[:int(len(packed) * self.server.owner.cut)]
            self.send_header("Content-Encoding", "gzip")
        if fault != "cut-close":
            self.send_header("Content-Length", str(len(cut)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(cut)
        self.wfile.flush()
        self.close_connection = True

    def _trickle(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body:
                if self.server.owner.stop.wait(0.5):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            pass  # the client hung up: that is what a deadline is for
        self.close_connection = True

    def _send(self, status: int, body: bytes, content_type: str | None, etag: str | None = None,
              modified: str | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        if etag and modified:
            self.send_header("Last-Modified", modified)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: "ListServer"

    def handle_error(self, request, client_address):
        """Keep quiet: clients that hang up early (timeouts, refused bodies) are expected here."""


class ListServer:
    """A threaded HTTP server on an ephemeral loopback port; use as a context manager."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.signed: set[str] = set()
        self.types: dict[str, str] = {}
        self.generating: dict[str, float] = {}
        self.agent_rule: Callable[[str], bool] | None = None
        self.cut = 0.6
        self.faults: dict[str, list[str]] = {}
        self.files_served: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> "ListServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str = "/") -> str:
        """The full URL of `path` on this server."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{path}"

    def serve(self, path: str, content: bytes | Path, *, last_modified: float | None | bool = True,
              signed: bool = False, content_type: str = "text/csv") -> str:
        """Serve `content` (bytes or a file read now) at `path`; returns its URL.

        `last_modified` is the `Last-Modified` time (seconds since 1970); True gives a
        plausible one, None or False sends no `Last-Modified` header. `signed`: the
        path redirects to a signed URL that serves the content.
        """
        if signed:
            self.signed.add(path)
        self.types[path] = content_type
        body = content.read_bytes() if isinstance(content, Path) else content
        stamp = _EPOCH + 60 * len(self.files_served) if last_modified is True else last_modified or None
        modified = email.utils.formatdate(stamp, usegmt=True) if stamp else ""
        self.files_served.append(path)
        self.files[path] = (body, modified)
        return self.url(path)

    def fault(self, path: str, kind: str, times: int = 100) -> None:
        """Answer the next `times` requests for `path` with fault `kind` (see the module doc)."""
        assert kind in FAULTS, kind
        with self._lock:
            self.faults[path] = [kind] * times

    def take_fault(self, path: str) -> str | None:
        """Pop the next pending fault for `path`, if any."""
        with self._lock:
            pending = self.faults.get(path)
            return pending.pop(0) if pending else None

    def hits(self, path: str) -> int:
        """How many requests reached `path` (its signed URL included)."""
        return sum(1 for p, _ in self.requests if p.partition("?")[0] in (path, SIGNED_PREFIX + path))

