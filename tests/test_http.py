"""The downloader against a real HTTP server on 127.0.0.1, with faults injected."""
from __future__ import annotations

import hashlib

import pytest

from tests.fakesource import fake_list
from tests.httpserver import ListServer
from tests.offline import closed_port, count_connects, refusing_proxy, unresolvable
from vendorrisk import __version__
from vendorrisk.lists.http import DownloadError, Fetcher, Unreachable

BODY = fake_list(200)


@pytest.fixture
def server():
    with ListServer() as srv:
        srv.serve("/fake.csv", BODY)
        yield srv


def fetcher(sleeps: list[float] | None = None, **kw) -> Fetcher:
    kw.setdefault("retries", 0)
    kw.setdefault("read_timeout", 2.0)
    return Fetcher(backoff=0.01, sleep=(sleeps.append if sleeps is not None else lambda s: None), **kw)


def test_download_writes_the_body_and_reports_validators(server, tmp_path):
    got = fetcher().fetch(server.url("/fake.csv"), tmp_path / "fake.csv")
    assert not got.not_modified and got.path.read_bytes() == BODY
    assert got.sha256 == hashlib.sha256(BODY).hexdigest() and got.size == len(BODY)
    assert got.etag and got.last_modified and got.content_type == "text/csv"
    assert [p.name for p in tmp_path.iterdir()] == ["fake.csv"]


def test_user_agent_names_vendorrisk_in_a_form_firewalls_accept(server, tmp_path):
    fetcher().fetch(server.url("/fake.csv"), tmp_path / "f")
    agent = server.requests[0][1]["User-Agent"]
    assert f"vendorrisk/{__version__}" in agent
    assert agent.startswith("Mozilla/5.0 (") and len(agent) >= 40  # OFAC's WAF rule, see http.USER_AGENT


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_conditional_get_gives_not_modified(server, tmp_path, validator):
    first = fetcher().fetch(server.url("/fake.csv"), tmp_path / "a")
    again = fetcher().fetch(server.url("/fake.csv"), tmp_path / "b", **{validator: getattr(first, validator)})
    assert again.not_modified and again.path is None and not (tmp_path / "b").exists()


def test_server_errors_are_retried_with_backoff(server, tmp_path):
    server.fault("/fake.csv", "500", times=2)
    sleeps: list[float] = []
    got = fetcher(sleeps, retries=3).fetch(server.url("/fake.csv"), tmp_path / "f")
    assert got.path.read_bytes() == BODY and server.hits("/fake.csv") == 3
    assert sleeps == [0.01, 0.02]


def test_persistent_server_error_fails_after_bounded_retries(server, tmp_path):
    server.fault("/fake.csv", "500")
    with pytest.raises(DownloadError, match=r"HTTP 500 after 3 attempts"):
        fetcher(retries=2).fetch(server.url("/fake.csv"), tmp_path / "f")
    assert server.hits("/fake.csv") == 3 and list(tmp_path.iterdir()) == []


def test_429_is_retried(server, tmp_path):
    server.fault("/fake.csv", "429", times=1)
    assert fetcher(retries=1).fetch(server.url("/fake.csv"), tmp_path / "f").size == len(BODY)


def test_client_errors_are_not_retried(server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        fetcher(retries=3).fetch(server.url("/missing.csv"), tmp_path / "f")
    assert server.hits("/missing.csv") == 1


def test_a_stalled_server_times_out(server, tmp_path):
    server.fault("/fake.csv", "slow")
    with pytest.raises(DownloadError, match="timed out"):
        fetcher(read_timeout=0.3).fetch(server.url("/fake.csv"), tmp_path / "f")
    assert list(tmp_path.iterdir()) == []


def test_truncated_body_is_an_error(server, tmp_path):
    server.fault("/fake.csv", "truncate")
    with pytest.raises(DownloadError, match=r"truncated body \(\d+ bytes read, 1000 more expected\) after 2 attempts"):
        fetcher(retries=1).fetch(server.url("/fake.csv"), tmp_path / "f")
    assert server.hits("/fake.csv") == 2 and list(tmp_path.iterdir()) == []


def test_dropped_connection_is_retried(server, tmp_path):
    server.fault("/fake.csv", "close", times=1)
    assert fetcher(retries=1).fetch(server.url("/fake.csv"), tmp_path / "f").size == len(BODY)


def test_html_error_page_is_refused(server, tmp_path):
    server.fault("/fake.csv", "html")
    with pytest.raises(DownloadError, match="HTML page"):
        fetcher().fetch(server.url("/fake.csv"), tmp_path / "f")
    assert list(tmp_path.iterdir()) == []


def test_empty_body_is_refused(server, tmp_path):
    server.fault("/fake.csv", "empty")
    with pytest.raises(DownloadError, match="empty body"):
        fetcher().fetch(server.url("/fake.csv"), tmp_path / "f")
    assert list(tmp_path.iterdir()) == []


def test_size_cap_is_enforced(server, tmp_path):
    with pytest.raises(DownloadError, match="over the 1000-byte limit"):
        fetcher(max_bytes=1000).fetch(server.url("/fake.csv"), tmp_path / "f")


def test_connection_refused_fails_at_once_without_retries(monkeypatch, tmp_path):
    port = closed_port()
    attempts = count_connects(monkeypatch, port)
    sleeps: list[float] = []
    with pytest.raises(Unreachable, match=rf"^http://127.0.0.1:{port}/x.csv: connection refused by 127.0.0.1:{port}$"):
        fetcher(sleeps, retries=3).fetch(f"http://127.0.0.1:{port}/x.csv", tmp_path / "f")
    assert attempts == [port] and sleeps == [] and list(tmp_path.iterdir()) == []


def test_a_name_that_does_not_resolve_fails_at_once_without_retries(monkeypatch, tmp_path):
    lookups = unresolvable(monkeypatch)
    sleeps: list[float] = []
    with pytest.raises(Unreachable, match=r"^https://lists.invalid/x.csv: cannot resolve lists.invalid \("):
        fetcher(sleeps, retries=3).fetch("https://lists.invalid/x.csv", tmp_path / "f")
    assert lookups == ["lists.invalid"] and sleeps == []


def test_a_proxy_refusing_the_tunnel_fails_at_once(monkeypatch, tmp_path):
    lookups = unresolvable(monkeypatch)
    with refusing_proxy() as (proxy, seen):
        _use_proxy(monkeypatch, proxy.replace("http://", "http://user:secret@"))
        sleeps: list[float] = []
        with pytest.raises(Unreachable) as caught:
            fetcher(sleeps, retries=3).fetch("https://lists.invalid/x.csv", tmp_path / "f")
    port = proxy.rsplit(":", 1)[1]
    assert str(caught.value) == (f"https://lists.invalid/x.csv: proxy 127.0.0.1:{port} refused to connect "
                                 "to lists.invalid (HTTP 403)")
    assert len(seen) == 1 and seen[0].startswith(b"CONNECT lists.invalid:443 ")
    assert sleeps == [] and lookups == []  # the proxy, not this machine, looks the name up


@pytest.mark.parametrize("proxy_host, reason", [
    ("127.0.0.1:{port}", "connection refused by proxy 127.0.0.1:{port}"),
    ("proxy.invalid:{port}", "cannot resolve proxy host proxy.invalid ("),
])
def test_an_unreachable_proxy_fails_at_once(monkeypatch, tmp_path, proxy_host, reason):
    unresolvable(monkeypatch)
    port = closed_port()
    _use_proxy(monkeypatch, f"http://{proxy_host.format(port=port)}")
    sleeps: list[float] = []
    with pytest.raises(Unreachable) as caught:
        fetcher(sleeps, retries=3).fetch("https://lists.invalid/x.csv", tmp_path / "f")
    assert str(caught.value).startswith(f"https://lists.invalid/x.csv: {reason.format(port=port)}")
    assert sleeps == []


def _use_proxy(monkeypatch, proxy: str) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("https_proxy", proxy)


@pytest.mark.parametrize("url, reason", [
    ("not a url", "it does not start with http:// or https://"),
    ("ftp://127.0.0.1/x.csv", "ftp:// is not supported; use http:// or https://"),
    ("http://not a host/x.csv", "the host 'not a host' contains characters a host name cannot have"),
    ("https:///x.csv", "it names no host"),
    ("http://127.0.0.1:http/x.csv", "its host or port is malformed"),
    ("http://[::1/x.csv", "its host or port is malformed"),
])
def test_an_unusable_url_is_refused_in_our_own_words(monkeypatch, tmp_path, url, reason):
    lookups = unresolvable(monkeypatch)
    with pytest.raises(DownloadError) as caught:
        fetcher(retries=3).fetch(url, tmp_path / "f")
    assert str(caught.value) == f"{url!r} is not a usable URL: {reason}"
    assert not isinstance(caught.value, Unreachable) and lookups == []


def test_progress_reports_bytes_and_total(server, tmp_path):
    calls: list[tuple[int, int | None]] = []
    fetcher().fetch(server.url("/fake.csv"), tmp_path / "f", progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (len(BODY), len(BODY))
