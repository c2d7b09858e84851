"""Fetch outcomes against real sockets on 127.0.0.1: each failure has its kind, decided
by exception type and errno, and the kind alone decides retries."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from beian_check.net import Fetched, Fetcher, build_transports
from beian_check.outcome import Kind
from beian_check.settings import Settings

from .servers import (
    LocalCA,
    Server,
    big_headers,
    black_hole,
    closed_port,
    flaky,
    garbage,
    hang,
    reset,
    response,
    tarpit,
)

FAST = Settings(timeout=0.5, connect_timeout=0.5, retries=2, backoff=0.01)


def get(url: str, settings: Settings = FAST) -> Fetched:
    async def go() -> Fetched:
        async with build_transports(settings) as transports:
            return await Fetcher(transports, settings).get_following(url, max_bytes=1 << 20)

    return asyncio.run(go())


def kind(f: Fetched) -> Kind | None:
    return f.failure.kind if f.failure else None


def test_refused() -> None:
    f = get(f"http://127.0.0.1:{closed_port()}/")
    assert kind(f) is Kind.REFUSED and f.status is None
    assert "Connect call failed" in f.failure.detail  # type: ignore[union-attr]


def test_dns_failure() -> None:
    assert kind(get("http://no-such-host.invalid/")) is Kind.DNS


@pytest.mark.slow
def test_black_hole_is_a_connect_timeout_tried_once() -> None:
    with black_hole() as port:
        t0 = time.monotonic()
        f = get(f"http://127.0.0.1:{port}/")
    assert kind(f) is Kind.CONNECT_TIMEOUT
    assert time.monotonic() - t0 < 1.5  # 0.5 s, once: never three more connect timeouts


@pytest.mark.slow
def test_tarpit_is_a_read_timeout_not_retried() -> None:
    with Server(raw=tarpit) as s:
        t0 = time.monotonic()
        f = get(s.url("/"))
    assert kind(f) is Kind.READ_TIMEOUT
    assert s.connections == 1 and time.monotonic() - t0 < 1.5


@pytest.mark.slow
def test_tls_handshake_that_never_ends_is_a_connect_timeout() -> None:
    with Server(raw=tarpit) as s:
        f = get(f"https://127.0.0.1:{s.port}/")
    assert kind(f) is Kind.CONNECT_TIMEOUT


def test_untrusted_certificate_is_tls_and_not_retried(tmp_path: Path) -> None:
    ca = LocalCA(str(tmp_path / "ca.pem"))  # a CA nobody trusts
    with Server({"/": response(200, "x")}, tls=ca.server_context()) as s:
        f = get(s.url("/"))
    assert kind(f) is Kind.TLS and "CERTIFICATE_VERIFY_FAILED" in f.failure.detail  # type: ignore[union-attr]


def test_tls_spoken_to_a_plain_server_is_tls_and_not_retried() -> None:
    with Server(raw=garbage(b"HTTP/1.1 400 Bad Request\r\n\r\n")) as s:
        f = get(f"https://127.0.0.1:{s.port}/")
    assert kind(f) is Kind.TLS
    assert s.connections == 1


def test_not_http_is_a_bad_response() -> None:
    with Server(raw=garbage(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")) as s:
        f = get(s.url("/"))
    assert kind(f) is Kind.BAD_RESPONSE and s.connections == 1


def test_reset_is_dropped_and_retried() -> None:
    with Server({"/": reset()}) as s:
        f = get(s.url("/"))
    assert kind(f) is Kind.DROPPED
    assert len(s.requests) == 3  # --retries 2


def test_headers_too_large() -> None:
    with Server({"/": big_headers(200 * 1024)}) as s:
        f = get(s.url("/"))
    assert kind(f) is Kind.HEADERS_TOO_LARGE and len(s.requests) == 1


def test_bad_gzip_is_bad_encoding() -> None:
    bad = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 64  # a gzip header, then junk
    with Server({"/": response(200, bad, headers={"Content-Encoding": "gzip"})}) as s:
        f = get(s.url("/"))
    assert kind(f) is Kind.BAD_ENCODING


def test_truncated_body_is_dropped() -> None:
    async def short(req, w):  # type: ignore[no-untyped-def]
        w.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this")
        await w.drain()

    with Server({"/": short}) as s:
        f = get(s.url("/"), Settings(timeout=0.5, retries=0))
    assert kind(f) is Kind.DROPPED


def test_unsupported_scheme_is_bad_url() -> None:
    assert kind(get("ftp://127.0.0.1/")) is Kind.BAD_URL


def test_proxy_that_refuses_is_a_proxy_error() -> None:
    f = get("http://site.test/", Settings(timeout=0.5, retries=0, proxy=f"http://127.0.0.1:{closed_port()}"))
    assert kind(f) is Kind.PROXY


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_server_errors_are_retried(status: int) -> None:
    handler = flaky(2, response(200, "<p>ok</p>"), status)
    with Server({"/": handler}) as s:
        f = get(s.url("/"))
    assert f.status == 200 and f.failure is None
    assert handler.count["n"] == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize("status", [404, 403, 501])
def test_client_errors_are_not_retried(status: int) -> None:
    with Server({"/": response(status, "no")}) as s:
        f = get(s.url("/"))
    assert f.status == status and len(s.requests) == 1


def test_308_and_307_are_followed() -> None:
    with Server(
        {
            "/a": response(308, "", headers={"Location": "/b"}),
            "/b": response(307, "", headers={"Location": "/c"}),
            "/c": response(200, "<p>here</p>"),
        }
    ) as s:
        f = get(s.url("/a"))
    assert f.status == 200 and f.url == s.url("/c") and f.redirects == [s.url("/a"), s.url("/b")]


@pytest.mark.slow
def test_slow_server_read_timeout_is_bounded() -> None:
    with Server({"/": hang(10)}) as s:
        t0 = time.monotonic()
        f = get(s.url("/"))
    assert kind(f) is Kind.READ_TIMEOUT and time.monotonic() - t0 < 1.5
    assert f.failure is not None and f.failure.args == (("seconds", "0.5"),)
