"""Unit tests of the network helpers: proxy selection, retry decisions, Retry-After."""

from __future__ import annotations

import httpx
import pytest

from beian_check.messages import CATALOGUE, t
from beian_check.net import Fetched, ProxyConfig, backoff_delay, retry_after_seconds, should_retry
from beian_check.outcome import Failure, Kind
from beian_check.settings import Settings


def cfg(env: dict[str, str], proxy: str | None = None) -> ProxyConfig:
    return ProxyConfig.from_env(proxy, env)


def test_env_proxies_by_scheme_and_case() -> None:
    c = cfg({"http_proxy": "http://p:1", "HTTPS_PROXY": "p2:2"})
    assert c.proxy_for(httpx.URL("http://a.cn/")) == "http://p:1"
    assert c.proxy_for(httpx.URL("https://a.cn/")) == "http://p2:2"
    assert cfg({"ALL_PROXY": "http://all:3"}).proxy_for(httpx.URL("https://a.cn/")) == "http://all:3"
    assert cfg({}).proxy_for(httpx.URL("http://a.cn/")) is None


def test_proxy_option_overrides_environment() -> None:
    c = cfg({"HTTP_PROXY": "http://env:1", "NO_PROXY": "skip.cn"}, proxy="http://opt:2")
    assert c.proxy_for(httpx.URL("http://a.cn/")) == "http://opt:2"
    assert c.proxy_for(httpx.URL("https://a.cn/")) == "http://opt:2"
    assert c.proxy_for(httpx.URL("http://skip.cn/")) is None


@pytest.mark.parametrize(
    "no_proxy,url,bypass",
    [
        ("example.com", "http://example.com/", True),
        ("example.com", "http://www.example.com/", True),
        (".example.com", "http://www.example.com/", True),
        ("*.example.com", "http://www.example.com/", True),
        ("example.com", "http://notexample.com/", False),
        ("*", "http://anything.cn/", True),
        ("127.0.0.0/8", "http://127.0.0.5:8080/", True),
        ("10.0.0.0/8", "http://127.0.0.5/", False),
        ("localhost:8080", "http://localhost:8080/", True),
        ("localhost:8080", "http://localhost:9090/", False),
        ("a.cn, b.cn", "http://b.cn/", True),
        ("::1", "http://[::1]:8080/", True),
    ],
)
def test_no_proxy(no_proxy: str, url: str, bypass: bool) -> None:
    c = cfg({"HTTP_PROXY": "http://p:1", "NO_PROXY": no_proxy})
    assert (c.proxy_for(httpx.URL(url)) is None) is bypass


@pytest.mark.parametrize(
    "status,retried",
    [
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (520, True),
        (524, True),
        (200, False),
        (301, False),
        (308, False),
        (400, False),
        (403, False),
        (404, False),
        (501, False),
    ],
)
def test_retry_decisions_on_status(status: int, retried: bool) -> None:
    assert should_retry(Fetched("u", status=status)) is retried


@pytest.mark.parametrize("kind", list(Kind))
def test_retry_decisions_on_kind(kind: Kind) -> None:
    """Only a connection dropped after it was made is tried again; never a host that did
    not connect (refused, connect timeout, DNS, TLS), nor a read timeout, nor a cap."""
    assert should_retry(Fetched("u", status=503, failure=Failure(kind))) is (kind is Kind.DROPPED)


def test_kinds_that_mean_nothing_answered() -> None:
    assert {k for k in Kind if not k.connected} == {
        Kind.DNS,
        Kind.REFUSED,
        Kind.CONNECT_FAILED,
        Kind.CONNECT_TIMEOUT,
        Kind.TLS,
        Kind.PROXY,
        Kind.BAD_URL,
    }
    assert {k for k in Kind if k.unverifiable} == {k for k in Kind if not k.connected} | {Kind.READ_TIMEOUT}


@pytest.mark.parametrize("kind", list(Kind))
def test_every_kind_has_a_message_in_both_languages(kind: Kind) -> None:
    assert kind.key in CATALOGUE
    args = {"seconds": 3, "kib": 5120, "status": 404, "hops": 2, "max": 10, "ctype": "x/y", "dir": "public"}
    for lang in ("en", "zh"):
        assert t(kind.key, lang, **args)


def test_retry_after_and_backoff() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None
    s = Settings(backoff=0.5, backoff_cap=8)
    assert backoff_delay(0, s, 100.0) == 8  # Retry-After capped
    assert 0.25 <= backoff_delay(0, s, None) <= 0.5  # jitter
    assert backoff_delay(10, s, None) <= 8
