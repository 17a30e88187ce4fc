"""Receiving a download's body: to a file, decoded by us, within a deadline, never short.

`receive_body` streams the raw bytes of a response (as sent, not as urllib3 would
decode them) to ``dest.part``, inflates gzip or deflate itself so that a stream cut
before its end marker is caught, counts raw bytes against ``Content-Length``, caps
the decoded size (so a compression bomb stops at the cap), and renames the part
file into place only when all of that holds. `Watchdog` ends a body that arrives
too slowly: a socket read timeout restarts with every byte, so a server trickling
one byte a second would otherwise never time out.
"""
from __future__ import annotations

import hashlib
import os
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import requests

CHUNK = 64 * 1024
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BodyError(Exception):
    """The body is unusable; `retry` says whether another attempt may help."""

    def __init__(self, reason: str, *, retry: bool) -> None:
        super().__init__(reason)
        self.retry = retry


class Watchdog:
    """Shuts a response's socket down when `seconds` pass, waking any blocked read.

    Use as a context manager around the reading of one response; `fired` says
    whether it ended the read.
    """

    def __init__(self, resp: requests.Response, seconds: float) -> None:
        self.fired = False
        self._resp = resp
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        sock = _socket_of(self._resp)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed: the read has ended anyway


def _socket_of(resp: requests.Response) -> socket.socket | None:
    """The socket under a streamed response (urllib3 2 keeps its connection until release)."""
    connection = getattr(resp.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:  # NOTE: http.client's file object wraps the socket as `fp.raw._sock`
        sock = getattr(getattr(getattr(getattr(resp.raw, "_fp", None), "fp", None), "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def receive_body(resp: requests.Response, dest: Path, *, expected: int | None, max_bytes: int,
                 progress: Callable[[int, int | None], None] | None) -> tuple[str, int]:
    """Stream `resp`'s body to `dest`; returns (sha256 of the decoded body, its size).

    Raises:
        BodyError: short, over the cap, undecodable or empty (`retry` for the first).
        OSError: `dest`'s folder cannot be written (a full disk).
    """
    encoding = resp.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity", *_WBITS):
        raise BodyError(f"server sent Content-Encoding {encoding!r}, which vendorrisk does not decode",
                        retry=False)
    decoder = zlib.decompressobj(_WBITS[encoding]) if encoding in _WBITS else None
    part = dest.with_name(dest.name + ".part")
    digest, size, received = hashlib.sha256(), 0, 0
    try:
        with open(part, "wb") as out:
            for raw in resp.raw.stream(CHUNK, decode_content=False):
                received += len(raw)
                for data in _decoded(decoder, raw):
                    size += len(data)
                    if size > max_bytes:
                        raise BodyError(f"body exceeds the {max_bytes}-byte limit", retry=False)
                    digest.update(data)
                    out.write(data)
                if progress:
                    progress(received, expected)
        _check_complete(decoder, received, expected, size)
        os.replace(part, dest)
    finally:
        part.unlink(missing_ok=True)
    return digest.hexdigest(), size


def _decoded(decoder: zlib._Decompress | None, raw: bytes) -> Iterator[bytes]:
    """`raw` inflated in pieces of at most one chunk, so a bomb never fills memory."""
    if decoder is None:
        yield raw
        return
    try:
        data = decoder.decompress(raw, CHUNK)
        while data:
            yield data
            data = decoder.decompress(decoder.unconsumed_tail, CHUNK) if decoder.unconsumed_tail else b""
    except zlib.error as exc:
        raise BodyError(f"compressed body is damaged ({exc})", retry=True) from exc


def _check_complete(decoder: zlib._Decompress | None, received: int, expected: int | None, size: int) -> None:
    if expected is not None and received != expected:
        raise BodyError(f"truncated body: got {received} of {expected} bytes", retry=True)
    if decoder is not None and not decoder.eof:
        raise BodyError(f"truncated body: the compressed stream ends after {received} bytes, before its "
                        "end marker", retry=True)
    if size == 0:
        raise BodyError("server sent an empty body", retry=False)
