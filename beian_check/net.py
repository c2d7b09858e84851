"""The HTTP client: httpx's API on aiohttp's transport, proxies, limits, retries, caps.

httpx's own transport tops out near 260 requests/s at 100 concurrent requests on this
kind of machine; the same client on httpx-aiohttp's transport serves about 4,000. The
catch: httpx builds its own proxy transports from the environment, bypassing a custom
one, so proxies are resolved here and mounted as aiohttp transports sharing one
connection pool.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import os
import random
import ssl
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator, Callable, Mapping
from urllib.parse import urlsplit

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from .settings import Settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Fetched:
    """One response (or the failure to get one). ``error`` is a one-line reason."""
    url: str
    status: int | None = None
    content_type: str | None = None
    location: str | None = None
    body: bytes = b""
    error: str | None = None
    cannot_connect: bool = False      # DNS, connect, TLS or proxy failure: nothing answered
    retry_after: float | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class ProxyConfig:
    """Which proxy a URL goes through. ``--proxy`` replaces HTTP(S)_PROXY and ALL_PROXY;
    NO_PROXY is honoured either way (as curl does): host names match themselves and their
    subdomains, ``*`` matches everything, CIDR ranges match IP addresses."""
    http: str | None = None
    https: str | None = None
    no_proxy: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, proxy: str | None, environ: Mapping[str, str]) -> "ProxyConfig":
        def env(name: str) -> str | None:
            return environ.get(name.lower()) or environ.get(name.upper()) or None

        def fix(url: str | None) -> str | None:
            return None if not url else url if "://" in url else f"http://{url}"

        if proxy:
            http = https = fix(proxy)
        else:
            every = env("all_proxy")
            http, https = fix(env("http_proxy") or every), fix(env("https_proxy") or every)
        no_proxy = tuple(e.strip().lower().lstrip("*").lstrip(".") if e.strip() != "*" else "*"
                         for e in (env("no_proxy") or "").split(",") if e.strip())
        return cls(http, https, no_proxy)

    def bypass(self, host: str, port: int | None) -> bool:
        host = host.lower().strip("[]").rstrip(".")
        for entry in self.no_proxy:
            if entry == "*":
                return True
            if "/" in entry:
                try:
                    if ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False):
                        return True
                except ValueError:
                    pass
                continue
            name, _, entry_port = entry.strip("[]").rpartition(":") if entry.count(":") == 1 else (entry, "", "")
            name = name.strip("[]") or entry.strip("[]")
            if entry_port and port is not None and str(port) != entry_port:
                continue
            if host == name or host.endswith("." + name):
                return True
        return False

    def proxy_for(self, url: httpx.URL) -> str | None:
        proxy = self.https if url.scheme == "https" else self.http
        if proxy is None or self.bypass(url.host, url.port):
            return None
        return proxy


class Transports:
    """The transport for each URL: direct, or through its proxy. httpx.AsyncClient would
    do this (and redirects, cookies, auth, hooks) at ~0.5 ms a request; we need none of
    it, so requests go straight to the transport. Tests inject a MockTransport here."""

    def __init__(self, direct: httpx.AsyncBaseTransport, config: ProxyConfig = ProxyConfig(),
                 make: Callable[[str], httpx.AsyncBaseTransport] | None = None) -> None:
        self.direct = direct
        self.config = config
        self._make = make
        self._proxied: dict[str, httpx.AsyncBaseTransport] = {}

    def for_url(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        proxy = self.config.proxy_for(url) if self._make is not None else None
        if proxy is None:
            return self.direct
        transport = self._proxied.get(proxy)
        if transport is None:
            assert self._make is not None
            transport = self._proxied[proxy] = self._make(proxy)
        return transport

    async def __aenter__(self) -> "Transports":
        return self

    async def __aexit__(self, *exc: object) -> None:
        for t in [self.direct, *self._proxied.values()]:
            await t.aclose()


def build_transports(settings: Settings, transport: httpx.AsyncBaseTransport | None = None,
                     environ: Mapping[str, str] | None = None) -> Transports:
    """The one place the HTTP stack is made: aiohttp's connection pool under httpx's
    transport API, one pool shared by the direct and the proxied transports."""
    if transport is not None:
        return Transports(transport)
    ssl_ctx: ssl.SSLContext | bool = ssl.create_default_context() if settings.verify_tls else False
    connector = aiohttp.TCPConnector(limit=max(settings.concurrency * 2, 16), limit_per_host=0,
                                     ssl=ssl_ctx, ttl_dns_cache=300)
    session = aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False,
                                    max_line_size=settings.max_header_bytes,
                                    max_field_size=settings.max_header_bytes)

    def make(proxy_url: str | None = None) -> httpx.AsyncBaseTransport:
        return AiohttpTransport(client=session, proxy=httpx.Proxy(proxy_url) if proxy_url else None,
                                verify=settings.verify_tls)

    config = ProxyConfig.from_env(settings.proxy, os.environ if environ is None else environ)
    return Transports(make(), config, make)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


_FINAL_ERRORS = ("too large", "DNS lookup failed", "TLS error", "unsupported URL", "bad HTTP response",
                 "proxy error")


def should_retry(fetched: Fetched, retry_connect: bool = True) -> bool:
    """The one place that decides retries: timeouts, refused or dropped connections, 429
    and 5xx. Not DNS, TLS or protocol failures and caps, which a second try won't fix;
    not connect failures when a fallback (HTTPS -> HTTP) is waiting."""
    if fetched.error is not None:
        if fetched.error.startswith(_FINAL_ERRORS) or "too large" in fetched.error:
            return False
        return retry_connect or not fetched.cannot_connect
    return fetched.status in RETRY_STATUSES


def backoff_delay(attempt: int, settings: Settings, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, settings.backoff_cap)
    base = settings.backoff * (2 ** attempt)
    return min(base * random.uniform(0.5, 1.0), settings.backoff_cap)


def _describe(exc: BaseException) -> tuple[str, bool]:
    """-> (one-line reason, cannot_connect)."""
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, httpx.ProxyError):
        return f"proxy error: {text}", True
    if isinstance(exc, httpx.ConnectTimeout) and "onnection" in text and "timeout" not in text.lower():
        return f"connection failed: {text}", True   # httpx-aiohttp maps some errors oddly
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect timeout", True
    if isinstance(exc, (httpx.ReadTimeout, httpx.WriteTimeout, httpx.PoolTimeout, asyncio.TimeoutError)):
        return "read timeout", False
    if isinstance(exc, httpx.ConnectError):
        low = text.lower()
        if "name" in low and ("resolve" in low or "not known" in low or "nodename" in low):
            return f"DNS lookup failed: {text}", True
        if "ssl" in low or "certificate" in low:
            return f"TLS error: {text}", True
        return f"connection failed: {text}", True
    if isinstance(exc, aiohttp.ClientResponseError) or isinstance(exc, httpx.RemoteProtocolError):
        low = text.lower()
        if "got more than" in low or "too long" in low or "too large" in low:
            return "response headers too large", False
        return f"bad HTTP response: {text}", False
    if isinstance(exc, (ssl.SSLError, ssl.CertificateError)):
        return f"TLS error: {text}", True
    if isinstance(exc, (httpx.ReadError, aiohttp.ClientPayloadError, ConnectionError)):
        return f"connection dropped: {text}", False
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported URL: {text}", True
    if isinstance(exc, httpx.DecodingError):
        return f"undecodable body: {text}", False
    return f"{type(exc).__name__}: {text}", False


class HostLimits:
    """A semaphore per host, dropped when no request uses it, so that memory stays flat
    over millions of distinct hosts."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._sems: dict[str, list] = {}

    @asynccontextmanager
    async def hold(self, host: str) -> AsyncIterator[None]:
        entry = self._sems.get(host)
        if entry is None:
            entry = self._sems[host] = [asyncio.Semaphore(self.per_host), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._sems.pop(host, None)


class Fetcher:
    def __init__(self, transports: Transports, settings: Settings) -> None:
        self.transports = transports
        self.settings = settings
        self.hosts = HostLimits(settings.per_host)
        self.headers = {"User-Agent": settings.user_agent,
                        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
                        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                        "Accept-Encoding": "gzip, deflate"}
        t = settings.timeout
        self.timeout = {"connect": t, "read": t, "write": t, "pool": None}

    async def _once(self, url: str, max_bytes: int, accept: str | None) -> Fetched:
        out = Fetched(url)
        try:
            host = urlsplit(url).netloc.lower()
            headers = {**self.headers, "Accept": accept} if accept else self.headers
            async with self.hosts.hold(host):
                async with asyncio.timeout(self.settings.timeout * 3):
                    request = httpx.Request("GET", url, headers=headers, extensions={"timeout": self.timeout})
                    transport = self.transports.for_url(request.url)
                    response = await transport.handle_async_request(request)
                    try:
                        out.status = response.status_code
                        out.content_type = response.headers.get("content-type")
                        out.location = response.headers.get("location")
                        out.retry_after = retry_after_seconds(response.headers.get("retry-after"))
                        if out.status in REDIRECT_STATUSES or out.status in RETRY_STATUSES:
                            return out
                        chunks: list[bytes] = []
                        size = 0
                        # aiter_bytes yields *decompressed* bytes, so the cap also stops
                        # gzip bombs.
                        async for chunk in response.aiter_bytes():
                            size += len(chunk)
                            if size > max_bytes:
                                out.error = f"body too large (over {max_bytes // 1024} KiB)"
                                return out
                            chunks.append(chunk)
                        out.body = b"".join(chunks)
                    finally:
                        await response.aclose()
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - a hostile site must never crash the run
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            out.error, out.cannot_connect = _describe(exc)
            if out.status is not None and out.error == "read timeout":
                out.error = "read timeout while reading the body"
        return out

    async def get(self, url: str, *, max_bytes: int, accept: str | None = None,
                  retry_connect: bool = True) -> Fetched:
        """GET with retries (no redirects followed)."""
        attempt = 0
        while True:
            fetched = await self._once(url, max_bytes, accept)
            if attempt >= self.settings.retries or not should_retry(fetched, retry_connect):
                return fetched
            await asyncio.sleep(backoff_delay(attempt, self.settings, fetched.retry_after))
            attempt += 1

    async def get_following(self, url: str, *, max_bytes: int, accept: str | None = None,
                            retry_connect: bool = True) -> Fetched:
        """GET, following at most ``max_redirects`` redirects; a loop is an error."""
        seen = [url]
        while True:
            fetched = await self.get(url, max_bytes=max_bytes, accept=accept, retry_connect=retry_connect)
            fetched.redirects = seen[:-1]
            if fetched.error or fetched.status not in REDIRECT_STATUSES or not fetched.location:
                return fetched
            try:
                nxt = str(httpx.URL(url).join(fetched.location.strip()))
            except (httpx.InvalidURL, ValueError):
                fetched.error = f"bad redirect Location {fetched.location[:100]!r}"
                return fetched
            if nxt in seen:
                fetched.error = f"redirect loop ({len(seen)} hops back to {nxt})"
                return fetched
            if len(seen) > self.settings.max_redirects:
                fetched.error = f"too many redirects (more than {self.settings.max_redirects})"
                return fetched
            seen.append(nxt)
            url = nxt
