"""Fetching: one GET with its caps, retries, redirects and the per-host limit, on the
transports of transport.py (which re-exports here what the rest of the code uses)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import email.utils
import random
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx

from .outcome import Failure, Kind, classify
from .settings import Settings
from .transport import ProxyConfig, Transports, build_transports

__all__ = ["Fetched", "Fetcher", "ProxyConfig", "Transports", "build_transports", "should_retry"]

# Called when a request has waited ``slow_after`` seconds for the network (a connection,
# or the response): the run lets that target step aside (run.Slots). Set per target task.
ON_STALL: contextvars.ContextVar[Callable[[], None] | None] = contextvars.ContextVar("on_stall", default=None)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Fetched:
    """One response, or the failure to get one (``failure``: its kind decides)."""

    url: str
    status: int | None = None
    content_type: str | None = None
    location: str | None = None
    body: bytes = b""
    failure: Failure | None = None
    retry_after: float | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failure is None and self.status is not None and 200 <= self.status < 300


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


def should_retry(fetched: Fetched) -> bool:
    """The one place that decides retries: on the kind of failure (only a dropped
    connection, see ``Kind.retried``) and on 429 and 5xx statuses, never on wording."""
    if fetched.failure is not None:
        return fetched.failure.kind.retried
    return fetched.status in RETRY_STATUSES


def backoff_delay(attempt: int, settings: Settings, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, settings.backoff_cap)
    base: float = settings.backoff * 2.0**attempt
    return min(base * random.uniform(0.5, 1.0), settings.backoff_cap)


class LoopLag:
    """How late the event loop runs its timers: a tick every 50 ms, its lateness smoothed.
    Timers that decide "this connection is slow" (the HTTPS/HTTP race, a target stepping
    aside) mean it only when the loop is on time: on a saturated loop (a busy machine, a
    burst of TLS handshakes) every connection looks slow, and racing or letting more
    targets in would only add work."""

    EVERY = 0.05

    def __init__(self) -> None:
        self.late = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._due = 0.0

    def busy(self) -> bool:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # first use in this loop: start ticking
            self._loop, self.late = loop, 0.0
            self._due = loop.time() + self.EVERY
            loop.call_at(self._due, self._tick)
            return False
        return max(self.late, loop.time() - self._due) > 0.02

    def _tick(self) -> None:
        assert self._loop is not None
        now = self._loop.time()
        self.late = 0.7 * self.late + 0.3 * (now - self._due)
        self._due = now + self.EVERY
        self._loop.call_at(self._due, self._tick)


class OnTime:
    """``then()`` after ``delay`` seconds, put off (0.1 s at a time) while the event loop
    is late: a connection is slow only if the loop was ready to notice it."""

    __slots__ = ("handle", "lag", "then")

    def __init__(self, delay: float, then: Callable[[], None], lag: LoopLag) -> None:
        self.then, self.lag = then, lag
        self.handle = asyncio.get_running_loop().call_later(delay, self._fire)

    def _fire(self) -> None:
        if self.lag.busy():
            self.handle = asyncio.get_running_loop().call_later(0.1, self._fire)
        else:
            self.then()

    def cancel(self) -> None:
        self.handle.cancel()


class HostLimits:
    """At most ``per_host`` requests in flight to one host: an asyncio.Semaphore per busy
    host (as lychee's host pool), dropped when nobody holds or waits for it, so memory
    stays flat over millions of hosts."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._hosts: dict[str, _Host] = {}

    def __len__(self) -> int:
        """Hosts with a request in flight or waiting."""
        return len(self._hosts)

    @contextlib.asynccontextmanager
    async def hold(self, host: str) -> AsyncIterator[None]:
        entry = self._hosts.get(host)
        if entry is None:
            entry = self._hosts[host] = _Host(asyncio.Semaphore(self.per_host))
        entry.users += 1
        try:
            async with entry.semaphore:
                yield
        finally:
            entry.users -= 1
            if not entry.users:
                del self._hosts[host]


@dataclass(slots=True)
class _Host:
    semaphore: asyncio.Semaphore
    users: int = 0  # holding or waiting


class Fetcher:
    def __init__(self, transports: Transports, settings: Settings) -> None:
        self.transports = transports
        self.settings = settings
        self.hosts = HostLimits(settings.per_host)
        self.lag = LoopLag()
        base = {
            "User-Agent": settings.user_agent,
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        }
        self.page_headers = httpx.Headers(
            {**base, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
        )
        # A badge is usually the last request to its host: "Connection: close" frees the
        # socket now instead of leaving it idle in the pool (hundreds a second otherwise).
        self.image_headers = httpx.Headers(
            {**base, "Accept": "image/avif,image/webp,image/*,*/*;q=0.8", "Connection": "close"}
        )
        self.timeout = {"connect": settings.connect_timeout, "read": settings.timeout}

    async def _once(self, url: str, max_bytes: int, image: bool, connected: asyncio.Event | None) -> Fetched:
        """One GET. No timer per request (timers cost ~10% of a run here): the socket
        timeouts stop a silent server, and a body trickled byte by byte is stopped after
        3 x --timeout by a clock check per chunk (the per-target deadline backs both).
        ``connected`` is set when the connection is up (TCP and TLS)."""
        out = Fetched(url)
        started = time.monotonic()
        try:
            request = httpx.Request(
                "GET",
                url,
                headers=self.image_headers if image else self.page_headers,
                extensions={"timeout": self.timeout, "connected": connected},
            )
            async with self.hosts.hold(request.url.netloc.decode("ascii").lower()):
                response = await self._send(request)
                try:
                    await self._read(response, out, max_bytes, started, self.settings.timeout * 3)
                finally:
                    await response.aclose()
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - a hostile site must never crash the run
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            out.failure = self._failure(exc)
        return out

    async def _send(self, request: httpx.Request) -> httpx.Response:
        stall = ON_STALL.get()
        timer = None if stall is None else OnTime(self.settings.slow_after, stall, self.lag)
        try:
            return await self.transports.for_url(request.url).handle_async_request(request)
        finally:
            if timer is not None:
                timer.cancel()

    def _failure(self, exc: BaseException) -> Failure:
        failure = classify(exc)
        if failure.kind is Kind.CONNECT_TIMEOUT:
            return dataclasses.replace(failure, args=(("seconds", f"{self.settings.connect_timeout:g}"),))
        if failure.kind is Kind.READ_TIMEOUT:
            return dataclasses.replace(failure, args=(("seconds", f"{self.settings.timeout:g}"),))
        return failure

    @staticmethod
    async def _read(
        response: httpx.Response, out: Fetched, max_bytes: int, started: float, limit: float
    ) -> None:
        # One pass over the raw headers: each httpx.Headers lookup re-decodes every
        # header name (~20 lookups a request showed up in the profile).
        headers = {k.lower(): v for k, v in response.headers.raw}
        out.status = response.status_code
        if b"content-type" in headers:
            out.content_type = headers[b"content-type"].decode("latin-1")
        if b"location" in headers:
            raw = headers[b"location"]
            try:  # browsers read a raw UTF-8 Location as UTF-8
                out.location = raw.decode("utf-8")
            except UnicodeDecodeError:
                out.location = raw.decode("latin-1")
        if out.status in REDIRECT_STATUSES or out.status in RETRY_STATUSES:
            if b"retry-after" in headers:
                out.retry_after = retry_after_seconds(headers[b"retry-after"].decode("latin-1"))
            return
        # aiter_bytes decodes gzip/deflate chunk by chunk, so the cap below bounds
        # *decompressed* bytes (gzip bombs); an identity body skips the decoders.
        encoded = b"content-encoding" in headers or response.is_stream_consumed
        parts: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes() if encoded else response.aiter_raw():
            size += len(chunk)
            if size > max_bytes:
                out.failure = Failure(
                    Kind.TOO_LARGE, f"more than {max_bytes} bytes", (("kib", max_bytes // 1024),)
                )
                return
            now = time.monotonic()
            if now - started > limit:
                out.failure = Failure(
                    Kind.SLOW_BODY, f"{size} bytes in {now - started:.1f} s", (("seconds", round(limit)),)
                )
                return
            parts.append(chunk)
        out.body = b"".join(parts)

    async def get(
        self, url: str, *, max_bytes: int, image: bool = False, connected: asyncio.Event | None = None
    ) -> Fetched:
        """GET with retries (no redirects followed)."""
        attempt = 0
        while True:
            fetched = await self._once(url, max_bytes, image, connected)
            if attempt >= self.settings.retries or not should_retry(fetched):
                return fetched
            await asyncio.sleep(backoff_delay(attempt, self.settings, fetched.retry_after))
            attempt += 1

    async def get_following(
        self, url: str, *, max_bytes: int, image: bool = False, connected: asyncio.Event | None = None
    ) -> Fetched:
        """GET, following at most ``max_redirects`` redirects; a loop is a failure."""
        seen = [url]
        while True:
            fetched = await self.get(url, max_bytes=max_bytes, image=image, connected=connected)
            fetched.redirects = seen[:-1]
            if fetched.failure or fetched.status not in REDIRECT_STATUSES or not fetched.location:
                return fetched
            try:
                nxt = str(httpx.URL(url).join(fetched.location.strip()))
            except (httpx.InvalidURL, ValueError):
                fetched.failure = Failure(
                    Kind.BAD_REDIRECT,
                    f"Location: {fetched.location[:100]!r}",
                    (("status", fetched.status or 0),),
                )
                return fetched
            if nxt in seen:
                fetched.failure = Failure(
                    Kind.REDIRECT_LOOP, f"{len(seen)} hops back to {nxt}", (("hops", len(seen)),)
                )
                return fetched
            if len(seen) > self.settings.max_redirects:
                fetched.failure = Failure(
                    Kind.TOO_MANY_REDIRECTS,
                    f"{len(seen)} redirects from {seen[0]}",
                    (("max", self.settings.max_redirects),),
                )
                return fetched
            seen.append(nxt)
            url = nxt

    async def get_either(self, first: str, second: str, *, max_bytes: int) -> tuple[Fetched, Fetched | None]:
        """``first`` (https://DOMAIN/), else ``second`` (http://DOMAIN/) when the first could
        not connect. As browsers race connection attempts, the second starts beside the
        first once ``race_delay`` passes without a connection, so a black-holed port 443
        does not cost a whole connect timeout before HTTP even starts; the first is still
        preferred as long as it may connect. Returns (the chosen fetch, the first's failed
        fetch when the second was chosen)."""
        up = asyncio.Event()
        a = asyncio.ensure_future(self.get_following(first, max_bytes=max_bytes, connected=up))
        b: asyncio.Future[Fetched] | None = None
        try:
            await _first_of(a, up, self.settings.race_delay)
            while not a.done() and not up.is_set() and self.lag.busy():
                await _first_of(a, up, 0.1)  # a late loop makes every connect look slow
            if not a.done() and not up.is_set():
                b = asyncio.ensure_future(self.get_following(second, max_bytes=max_bytes))
                await _first_of(a, up, None)
            fa = await a
            if _answered(fa):
                return fa, None
            b = b or asyncio.ensure_future(self.get_following(second, max_bytes=max_bytes))
            return await b, fa
        finally:
            for task in (a, b):
                if task is not None and not task.done():
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)


def _answered(f: Fetched) -> bool:
    """Whether a server answered: a response, a failure after connecting, or a redirect."""
    return f.failure is None or f.failure.kind.connected or bool(f.redirects)


async def _first_of(task: asyncio.Future[Fetched], up: asyncio.Event, timeout: float | None) -> None:
    """Until ``task`` ends, ``up`` is set, or ``timeout`` passes."""
    waiter = asyncio.ensure_future(up.wait())
    try:
        await asyncio.wait((task, waiter), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
