"""Test-wide fixtures: no network beyond loopback, a private store, the shared data path."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs each property on the same examples every time, so a red build always means the
# change under test; on a developer's machine hypothesis keeps exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_LISTS = SHARED / "data" / "lists"


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch, request):
    """Refuse any connection, or name lookup, that is not of this machine, unless marked `online`."""
    if request.node.get_closest_marker("online"):
        return
    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    real_lookup = socket.getaddrinfo

    def local_lookup(host, *args, **kwargs):
        # NOTE: a lookup of a real name would ask the machine's resolver, which is not on this machine.
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        if host is not None and host.rstrip(".").endswith(".invalid"):  # RFC 6761: never resolves
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host is not None and not _is_loopback(host):
            raise RuntimeError(f"test tried to look up a host name: {host!r}")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_lookup)


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    """Every test gets its own empty list store."""
    monkeypatch.setenv("VENDORRISK_HOME", str(tmp_path_factory.mktemp("vrhome")))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def shared_lists() -> Path:
    """../shared/data/lists, or skip with a clear reason when it is absent."""
    if not SHARED_LISTS.is_dir():
        pytest.skip(f"shared list snapshots not found at {SHARED_LISTS}")
    return SHARED_LISTS


def pytest_collection_modifyitems(config, items):
    skip_online = pytest.mark.skip(reason="reaches the internet; run with -m online")
    for item in items:
        if "online" in item.keywords and config.getoption("-m") != "online":
            item.add_marker(skip_online)
