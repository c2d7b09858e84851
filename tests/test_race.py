"""HTTPS and HTTP raced for a bare domain, as browsers race connection attempts: HTTP
starts beside HTTPS once HTTPS has not connected for race_delay; HTTPS wins whenever it
connects; a TLS failure that falls back is reported. Real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from beian_check.crawl import Crawler
from beian_check.messages import Text
from beian_check.model import TargetResult
from beian_check.net import Fetched, Fetcher, build_transports
from beian_check.outcome import Kind
from beian_check.settings import Settings
from beian_check.targets import parse_line

from .conftest import BADGE_PNG, TODAY
from .servers import LocalCA, Server, black_hole, closed_port, garbage, plain_and_tls, relay, response, tarpit
from .test_crawl_live import GOOD

RACE = Settings(connect_timeout=1.0, timeout=1.0, race_delay=0.2, retries=0, deadline=20)
SLOW_HTTP = {"/": response(200, GOOD)}


def either(https: str, http: str, settings: Settings = RACE) -> tuple[Fetched, Fetched | None, float]:
    async def go() -> tuple[Fetched, Fetched | None]:
        async with build_transports(settings) as transports:
            return await Fetcher(transports, settings).get_either(https, http, max_bytes=1 << 20)

    t0 = time.monotonic()
    chosen, failed = asyncio.run(go())
    return chosen, failed, time.monotonic() - t0


def slow(seconds: float, body: str = GOOD):  # type: ignore[no-untyped-def]
    async def handle(req, w):  # type: ignore[no-untyped-def]
        await asyncio.sleep(seconds)
        await response(200, body)(req, w)

    return handle


@pytest.mark.slow
def test_black_holed_https_starts_http_beside_it() -> None:
    """HTTP (0.6 s to answer) starts at 0.2 s, beside HTTPS's 1 s connect timeout: done at
    about 1 s, where one after the other would take 1.6 s."""
    with black_hole() as port, Server({"/": slow(0.6)}) as http:
        chosen, failed, took = either(f"https://127.0.0.1:{port}/", http.url("/"))
    assert chosen.status == 200 and chosen.url == http.url("/")
    assert failed is not None and failed.failure is not None and failed.failure.kind is Kind.CONNECT_TIMEOUT
    assert 0.9 < took < 1.4


def test_refused_https_falls_back_at_once() -> None:
    with Server(SLOW_HTTP) as http:
        chosen, failed, took = either(
            f"https://127.0.0.1:{closed_port()}/", http.url("/"), Settings(race_delay=1.5, retries=0)
        )
    assert chosen.status == 200 and failed is not None and failed.failure.kind is Kind.REFUSED  # type: ignore[union-attr]
    assert took < 1.0  # not after the race delay


@pytest.mark.slow
def test_https_that_connects_wins_and_http_is_never_asked(tmp_path: Path) -> None:
    ca = LocalCA(str(tmp_path / "ca.pem"))
    tls = ca.server_context()
    with Server({"/": slow(0.6, "<p>https</p>")}, tls=tls) as https, Server(SLOW_HTTP) as http:
        chosen, failed, _ = either(
            https.url("/"),
            http.url("/"),
            Settings(connect_timeout=1.0, timeout=2.0, race_delay=0.2, retries=0, verify_tls=False),
        )
    assert chosen.url == https.url("/") and chosen.body == b"<p>https</p>" and failed is None
    assert http.connections == 0  # connected before race_delay: no HTTP request at all


@pytest.mark.slow
def test_https_that_connects_late_still_wins(tmp_path: Path) -> None:
    """HTTPS connects after 0.5 s (a slow accept), when HTTP has already started: HTTP is
    dropped, HTTPS is judged."""
    ca = LocalCA(str(tmp_path / "ca.pem"))
    settings = Settings(connect_timeout=2.0, timeout=3.0, race_delay=0.2, retries=0, verify_tls=False)
    with (
        Server({"/": response(200, "<p>https</p>")}, tls=ca.server_context()) as real,
        Server(raw=relay(real.port, 0.5)) as https,
        Server({"/": slow(1.5, "<p>http</p>")}) as http,
    ):
        chosen, failed, took = either(f"https://127.0.0.1:{https.port}/", http.url("/"), settings)
    assert chosen.body == b"<p>https</p>" and failed is None
    assert http.connections == 1 and took < 1.2  # HTTP had started, and was not waited for


def test_https_that_answers_an_error_is_kept(tmp_path: Path) -> None:
    """A server that answered over HTTPS is judged over HTTPS, even with an HTTP error."""
    ca = LocalCA(str(tmp_path / "ca.pem"))
    with Server({"/": response(404, "no")}, tls=ca.server_context()) as https, Server(SLOW_HTTP) as http:
        chosen, failed, _ = either(
            https.url("/"), http.url("/"), Settings(race_delay=0.2, retries=0, verify_tls=False)
        )
    assert chosen.status == 404 and chosen.url == https.url("/") and failed is None
    assert http.connections == 0


def test_tls_error_falls_back() -> None:
    with Server(raw=garbage(b"HTTP/1.1 400 Bad Request\r\n\r\n")) as https, Server(SLOW_HTTP) as http:
        chosen, failed, _ = either(f"https://127.0.0.1:{https.port}/", http.url("/"))
    assert chosen.status == 200 and failed is not None and failed.failure.kind is Kind.TLS  # type: ignore[union-attr]


def check(line: str, settings: Settings = RACE) -> tuple[TargetResult, float]:
    async def go() -> TargetResult:
        target = parse_line(line, "t:1")
        assert target is not None
        async with build_transports(settings) as transports:
            return await Crawler(Fetcher(transports, settings), settings, TODAY).check(target)

    t0 = time.monotonic()
    result = asyncio.run(go())
    return result, time.monotonic() - t0


def reason(r: TargetResult, i: int = 0) -> str:
    value = dict(r.findings[i].args)["reason"]
    assert isinstance(value, Text)
    return value.key


PAGES = {"/": GOOD.encode(), "/badge.png": BADGE_PNG}


def test_tls_failure_that_falls_back_is_a_warning_and_the_final_url_says_http() -> None:
    site = plain_and_tls(PAGES, garbage(b"HTTP/1.1 400 Bad Request\r\n\r\n"))
    with Server(raw=site) as s:
        r, _ = check(f"localhost:{s.port}")
    assert r.status == "pass" and r.url == f"https://localhost:{s.port}/"
    assert r.final_url == f"http://localhost:{s.port}/"
    assert [f.code for f in r.findings] == ["page-https-failed"]
    assert r.findings[0].severity == "warning" and reason(r) == "fetch.tls"
    assert "HTTPS failed (TLS error" in r.findings[0].message() and "SSL" in r.findings[0].detail
    assert site.hellos == 1  # type: ignore[attr-defined]


@pytest.mark.slow
def test_https_that_never_connects_falls_back_silently() -> None:
    """A dropped port 443 is common and not the owner's certificate: no warning."""
    site = plain_and_tls(PAGES, tarpit)
    with Server(raw=site) as s:
        r, took = check(f"localhost:{s.port}")
    assert r.status == "pass" and r.findings == () and r.final_url == f"http://localhost:{s.port}/"
    assert took < 1.6  # HTTPS's 1 s connect timeout, HTTP beside it


@pytest.mark.slow
def test_dead_hosts_fail_fast_with_the_kind_named() -> None:
    with black_hole() as port:
        r, took = check(f"127.0.0.1:{port}")
    assert r.status == "error" and reason(r) == "fetch.connect-timeout"
    assert "connect timeout" in r.findings[0].message() and took < 1.8  # 0.2 + 1 s, side by side
    r, took = check(f"127.0.0.1:{closed_port()}")
    assert reason(r) == "fetch.refused" and "connection refused" in r.findings[0].message() and took < 0.5
    with Server(raw=tarpit) as s:
        r, took = check(f"127.0.0.1:{s.port}")
    assert reason(r) == "fetch.read-timeout" and "read timeout" in r.findings[0].message()
    assert took < 1.8 and s.connections == 2  # one each: no retry


@pytest.mark.slow
def test_url_targets_are_not_raced() -> None:
    with black_hole() as port:
        r, _ = check(f"https://127.0.0.1:{port}/")
    assert reason(r) == "fetch.connect-timeout" and r.final_url is None
