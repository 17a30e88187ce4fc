"""Being offline without leaving the machine: names that do not resolve, closed ports, a refusing proxy.

Name lookups: `unresolvable(monkeypatch)` makes every name under the reserved
`.invalid` TLD fail in `socket.getaddrinfo` the way glibc does for an unknown
name (EAI_NONAME), and counts the lookups. A real lookup of a `.invalid` name is
not used: the resolver of the build machine (10.255.255.53) answers it in under a
millisecond, but it is not on this machine, so the query would leave it; some
resolvers rewrite NXDOMAIN answers, and conftest's guard covers `connect`, not
glibc's resolver. Everything above `getaddrinfo` (urllib3, requests, vendorrisk)
runs for real.
"""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def unresolvable(monkeypatch) -> list[str]:
    """Make names ending in `.invalid` fail to resolve; returns the list of lookups made, in order."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, str) and host.rstrip(".").endswith(".invalid"):
            lookups.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released), so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def count_connects(monkeypatch, port: int) -> list[int]:
    """Record every `connect` to 127.0.0.1:`port`; returns the (growing) list of attempts."""
    real = socket.socket.connect
    attempts: list[int] = []

    def connect(self, address):
        if isinstance(address, tuple) and address[1] == port:
            attempts.append(port)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@contextmanager
def refusing_proxy(status: bytes = b"403 Forbidden") -> Iterator[tuple[str, list[bytes]]]:
    """A proxy on 127.0.0.1 that answers every CONNECT with `status`; yields its URL and the requests seen."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                seen.append(conn.recv(4096))
                conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() on Linux
        except OSError:
            pass
        listener.close()
