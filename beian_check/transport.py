"""The HTTP stack under the fetcher: aiohttp's connection pool behind httpx's transport
API, with proxies, --resolve, TLS trust and a signal when a connection is up.

httpx's own transport tops out near 260 requests/s at 100 concurrent requests on this
kind of machine; aiohttp serves about 4,000. httpx.AsyncClient would also build its own
proxy transports from the environment and add redirect, cookie and hook machinery at
~0.5 ms a request, none of which is used: requests go straight to a transport, chosen
per URL by ``Transports`` (direct or through its proxy, one pool under both). Tests
inject an httpx.MockTransport (respx) at the same seam.
"""

from __future__ import annotations

import asyncio.sslproto
import ipaddress
import os
import socket
import ssl
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace

import aiohttp
import httpx
import idna
from aiohttp.abc import AbstractResolver, ResolveResult

from .settings import Settings


@dataclass(frozen=True)
class ProxyConfig:
    """Which proxy a URL goes through. ``--proxy`` replaces HTTP(S)_PROXY and ALL_PROXY;
    NO_PROXY is honoured either way (as curl does): host names match themselves and their
    subdomains, ``*`` matches everything, CIDR ranges match IP addresses."""

    http: str | None = None
    https: str | None = None
    no_proxy: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, proxy: str | None, environ: Mapping[str, str]) -> ProxyConfig:
        def env(name: str) -> str | None:
            return environ.get(name.lower()) or environ.get(name.upper()) or None

        def fix(url: str | None) -> str | None:
            return None if not url else url if "://" in url else f"http://{url}"

        if proxy:
            http = https = fix(proxy)
        else:
            every = env("all_proxy")
            http, https = fix(env("http_proxy") or every), fix(env("https_proxy") or every)
        no_proxy = tuple(
            e.strip().lower().lstrip("*").lstrip(".") if e.strip() != "*" else "*"
            for e in (env("no_proxy") or "").split(",")
            if e.strip()
        )
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
            one_colon = entry.count(":") == 1
            name, _, entry_port = entry.strip("[]").rpartition(":") if one_colon else (entry, "", "")
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


@dataclass(frozen=True, slots=True)
class ResolveRule:
    """One ``--resolve HOST:PORT:ADDR[,ADDR...]``, as curl reads it: connect to ADDR for
    HOST:PORT without asking DNS; the name stays the URL's for TLS (SNI, certificate
    check) and the Host header. HOST may be ``*`` (any host) or ``*.example.com`` (any
    subdomain of example.com, not example.com itself)."""

    host: str
    port: int
    addresses: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> ResolveRule:
        host, sep, rest = text.strip().partition(":")
        port, sep2, addrs = rest.partition(":")
        if not (sep and sep2 and host and port.isdigit() and addrs):
            raise ValueError(f"{text!r} is not HOST:PORT:ADDR[,ADDR...]")
        if not 0 < int(port) < 65536:
            raise ValueError(f"{text!r}: port {port} is out of range")
        out = []
        for addr in addrs.split(","):
            addr = addr.strip().strip("[]")
            try:
                out.append(str(ipaddress.ip_address(addr)))
            except ValueError:
                raise ValueError(f"{text!r}: {addr!r} is not an IP address") from None
        return cls(_ascii_host(host), int(port), tuple(out))

    def rank(self, host: str, port: int) -> int:
        """How specifically this rule names HOST:PORT: 0 not at all, then ``*``, a
        wildcard (longer suffixes rank higher), the exact name."""
        if port != self.port:
            return 0
        if self.host == host:
            return 1 << 16
        if self.host == "*":
            return 1
        if self.host.startswith("*.") and host.endswith(self.host[1:]):
            return len(self.host)
        return 0


def _ascii_host(host: str) -> str:
    """A rule's host as URLs carry it: lower case, IDN labels in punycode."""
    host = host.lower().rstrip(".")
    prefix, name = ("*.", host[2:]) if host.startswith("*.") else ("", host)
    if name == "*" or name.isascii():
        return host
    try:
        return prefix + idna.encode(name, uts46=True).decode("ascii")
    except idna.IDNAError as e:
        raise ValueError(f"{host!r} is not a host name: {e}") from None


class Resolver(AbstractResolver):
    """--resolve first, then the real resolver (c-ares through aiodns when installed,
    else getaddrinfo in threads: aiohttp's default)."""

    def __init__(self, rules: tuple[ResolveRule, ...], fallback: AbstractResolver) -> None:
        self.rules = rules
        self.fallback = fallback

    def lookup(self, host: str, port: int) -> tuple[str, ...] | None:
        host = host.lower().rstrip(".")
        best = max(self.rules, key=lambda r: r.rank(host, port), default=None)
        return best.addresses if best is not None and best.rank(host, port) else None

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        addresses = self.lookup(host, port)
        if addresses is None:
            return await self.fallback.resolve(host, port, family)
        return [
            ResolveResult(
                hostname=host,
                host=a,
                port=port,
                proto=0,
                flags=socket.AI_NUMERICHOST,
                family=socket.AF_INET6 if ":" in a else socket.AF_INET,
            )
            for a in addresses
        ]

    async def close(self) -> None:
        await self.fallback.close()


def tls_context(verify: bool, environ: Mapping[str, str]) -> ssl.SSLContext | bool:
    """Certificates are checked against the system store and, as well, the files named by
    SSL_CERT_FILE and SSL_CERT_DIR (OpenSSL's own variables, which alone would replace the
    system store). Without them, aiohttp's verified default context (made once at import:
    another costs ~0.1 s of certificate loading)."""
    if not verify:
        return False
    cafile, capath = environ.get("SSL_CERT_FILE"), environ.get("SSL_CERT_DIR")
    if not cafile and not capath:
        return True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    system = ssl.get_default_verify_paths()
    files = {os.path.realpath(f) for f in (system.openssl_cafile, cafile) if f and os.path.isfile(f)}
    folders = {os.path.realpath(d) for d in (system.openssl_capath, capath) if d and os.path.isdir(d)}
    for file in sorted(files):
        ctx.load_verify_locations(cafile=file)
    for folder in sorted(folders):
        ctx.load_verify_locations(capath=folder)
    return ctx


async def _connected(session: aiohttp.ClientSession, ctx: SimpleNamespace, params: object) -> None:
    """The trace hook: the connection (TCP and TLS) is up, or one was taken from the pool."""
    event = ctx.trace_request_ctx
    if event is not None:
        event.set()


class _Body(httpx.AsyncByteStream):
    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._response.content.iter_any():
            yield chunk

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session behind httpx's transport API. aiohttp's own exceptions pass
    through unchanged: outcome.classify reads their types. Request extensions:
    ``timeout`` (connect, read), ``connected`` (an asyncio.Event set when the connection
    is up: the HTTPS/HTTP race watches it)."""

    def __init__(self, session: aiohttp.ClientSession, proxy: str | None = None) -> None:
        self.session = session
        self.proxy = proxy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        t = request.extensions.get("timeout", {})
        response = await self.session.request(
            request.method,
            str(request.url),
            headers=request.headers,
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=t.get("connect"), sock_read=t.get("read")),
            proxy=self.proxy,
            trace_request_ctx=request.extensions.get("connected"),
        )
        return httpx.Response(
            response.status, headers=response.raw_headers, stream=_Body(response), request=request
        )

    async def aclose(self) -> None:
        await self.session.close()


class Transports:
    """The transport for each URL: direct, or through its proxy. httpx.AsyncClient would
    do this (and redirects, cookies, auth, hooks) at ~0.5 ms a request; we need none of
    it, so requests go straight to the transport. Tests inject a MockTransport here."""

    def __init__(
        self,
        direct: httpx.AsyncBaseTransport,
        config: ProxyConfig = ProxyConfig(),
        make: Callable[[str], httpx.AsyncBaseTransport] | None = None,
    ) -> None:
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

    async def __aenter__(self) -> Transports:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for t in [self.direct, *self._proxied.values()]:
            await t.aclose()


def _smaller_tls_buffers() -> None:
    """asyncio gives every TLS connection a 256 KiB read buffer, zero-filled and so
    resident: with a few hundred connections in flight that was half the process's memory
    (99 MB against 53 MB over plain HTTP for the same 500 sites). Reads of pages and badges
    take 64 KiB at a time just as well (65 MB)."""
    protocol = getattr(asyncio.sslproto, "SSLProtocol", None)
    if protocol is not None and getattr(protocol, "max_size", 0) > 64 * 1024:
        protocol.max_size = 64 * 1024


def build_transports(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None = None,
    environ: Mapping[str, str] | None = None,
) -> Transports:
    """The one place the HTTP stack is made: one aiohttp pool under the direct and the
    proxied transports (or the injected transport of a test)."""
    if transport is not None:
        return Transports(transport)
    environ = os.environ if environ is None else environ
    _smaller_tls_buffers()
    resolver = Resolver(tuple(ResolveRule.parse(r) for r in settings.resolve), aiohttp.DefaultResolver())
    # limit=0: the crawl bounds its connections (targets in flight x per-host); a pool
    # limit would make requests queue behind connects to dead hosts.
    # keepalive_timeout: a checked site is rarely asked again after its badge, and idle
    # keep-alive sockets pile up at hundreds per second (fds and memory) otherwise.
    connector = aiohttp.TCPConnector(
        limit=0,
        limit_per_host=0,
        ssl=tls_context(settings.verify_tls, environ),
        resolver=resolver,
        ttl_dns_cache=300,
        keepalive_timeout=settings.keepalive,
    )
    trace = aiohttp.TraceConfig()
    trace.on_connection_create_end.append(_connected)
    trace.on_connection_reuseconn.append(_connected)
    session = aiohttp.ClientSession(
        connector=connector,
        trust_env=False,
        auto_decompress=False,
        max_line_size=settings.max_header_bytes,
        max_field_size=settings.max_header_bytes,
        trace_configs=[trace],
    )
    # aiohttp tries a request again by itself when a connection drops; retries are decided
    # in one place (net.should_retry), with backoff, so its own is turned off.
    session._retry_connection = False

    def make(proxy_url: str | None = None) -> httpx.AsyncBaseTransport:
        return AiohttpTransport(session, proxy_url)

    return Transports(make(), ProxyConfig.from_env(settings.proxy, environ), make)
