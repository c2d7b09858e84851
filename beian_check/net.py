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
import os
import random
import ssl
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator
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


def proxy_mounts(proxy: str | None, environ: dict[str, str] | os._Environ[str],
                 make: "callable[[str], httpx.AsyncBaseTransport]") -> dict[str, httpx.AsyncBaseTransport | None]:
    """httpx mount patterns for the proxies: ``--proxy`` replaces HTTP(S)_PROXY and
    ALL_PROXY; NO_PROXY is honoured either way (as curl does)."""
    def env(name: str) -> str | None:
        return environ.get(name.lower()) or environ.get(name.upper()) or None

    mounts: dict[str, httpx.AsyncBaseTransport | None] = {}
    if proxy:
        schemes = {"http": proxy, "https": proxy}
    else:
        every = env("all_proxy")
        schemes = {"http": env("http_proxy") or every, "https": env("https_proxy") or every}
    for scheme, url in schemes.items():
        if url:
            mounts[f"{scheme}://"] = make(url if "://" in url else f"http://{url}")
    if not mounts:
        return mounts
    for entry in (env("no_proxy") or "").split(","):
        host = entry.strip().lower()
        if not host:
            continue
        if host == "*":
            return {}
        host = host.lstrip(".")
        if host.startswith("*"):
            host = host.lstrip("*.")
        if "/" in host:             # CIDR ranges: httpx patterns cannot express them
            continue
        if ":" in host and not host.startswith("["):
            if host.count(":") == 1:  # host:port
                mounts[f"all://{host}"] = None
                continue
            host = f"[{host}]"
        mounts[f"all://{host}"] = None
        if not host[0].isdigit() and not host.startswith("["):
            mounts[f"all://*.{host}"] = None
    return mounts


def build_client(settings: Settings, transport: httpx.AsyncBaseTransport | None = None,
                 environ: dict[str, str] | None = None) -> httpx.AsyncClient:
    """The one place the client is made. Tests pass respx/MockTransport as ``transport``;
    everything else goes through aiohttp, proxies included."""
    headers = {"User-Agent": settings.user_agent,
               "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
               "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    timeout = httpx.Timeout(settings.timeout, connect=settings.timeout, read=settings.timeout, pool=None)
    common = dict(headers=headers, timeout=timeout, follow_redirects=False, trust_env=False)
    if transport is not None:
        return httpx.AsyncClient(transport=transport, **common)  # type: ignore[arg-type]
    ssl_ctx: ssl.SSLContext | bool = ssl.create_default_context() if settings.verify_tls else False
    connector = aiohttp.TCPConnector(limit=max(settings.concurrency * 2, 16), limit_per_host=0,
                                     ssl=ssl_ctx, ttl_dns_cache=300, enable_cleanup_closed=True)
    session = aiohttp.ClientSession(connector=connector, trust_env=False, auto_decompress=False,
                                    max_line_size=settings.max_header_bytes,
                                    max_field_size=settings.max_header_bytes)

    def make(proxy_url: str | None = None) -> httpx.AsyncBaseTransport:
        return AiohttpTransport(client=session, proxy=httpx.Proxy(proxy_url) if proxy_url else None,
                                verify=settings.verify_tls)

    mounts = proxy_mounts(settings.proxy, os.environ if environ is None else environ, make)
    return httpx.AsyncClient(transport=make(), mounts=mounts, **common)  # type: ignore[arg-type]


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
    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client = client
        self.settings = settings
        self.hosts = HostLimits(settings.per_host)

    async def _once(self, url: str, max_bytes: int, accept: str | None) -> Fetched:
        out = Fetched(url)
        try:
            host = urlsplit(url).netloc.lower()
            headers = {"Accept": accept} if accept else None
            async with self.hosts.hold(host):
                async with asyncio.timeout(self.settings.timeout * 3):
                    request = self.client.build_request("GET", url, headers=headers)
                    response = await self.client.send(request, stream=True)
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
