"""Fetching: one GET with its caps, retries, redirects and the per-host limit, on the
transports of transport.py (which re-exports here what the rest of the code uses)."""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import email.utils
import random
import time
from dataclasses import dataclass, field

import httpx

from .outcome import Failure, Kind, classify
from .settings import Settings
from .transport import ProxyConfig, Transports, build_transports

__all__ = ["Fetched", "Fetcher", "ProxyConfig", "Transports", "build_transports", "should_retry"]

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
    base: float = settings.backoff * 2.0 ** attempt
    return min(base * random.uniform(0.5, 1.0), settings.backoff_cap)


class HostLimits:
    """At most ``per_host`` requests in flight to one host. A counter per busy host and a
    queue of waiters only when the limit is reached: most hosts see one request at a
    time, and a Semaphore per host would cost more than the rest of the bookkeeping.
    Entries go when their host is idle, so memory stays flat over millions of hosts."""

    def __init__(self, per_host: int) -> None:
        self.per_host = per_host
        self._busy: dict[str, int] = {}
        self._waiters: dict[str, collections.deque[asyncio.Future[None]]] = {}

    async def acquire(self, host: str) -> None:
        n = self._busy.get(host, 0)
        if n < self.per_host and host not in self._waiters:
            self._busy[host] = n + 1
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(host, collections.deque()).append(fut)
        try:
            await fut          # release() hands its slot over: the count stays as it is
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self.release(host)   # got the slot just as we were cancelled: pass it on
            else:
                queue = self._waiters.get(host)
                if queue is not None and fut in queue:
                    queue.remove(fut)
                    if not queue:
                        del self._waiters[host]
            raise

    def release(self, host: str) -> None:
        queue = self._waiters.get(host)
        while queue:
            fut = queue.popleft()
            if not queue:
                del self._waiters[host]
            if not fut.done():
                fut.set_result(None)
                return
        n = self._busy.get(host, 1) - 1
        if n <= 0:
            self._busy.pop(host, None)
        else:
            self._busy[host] = n


class Fetcher:
    def __init__(self, transports: Transports, settings: Settings) -> None:
        self.transports = transports
        self.settings = settings
        self.hosts = HostLimits(settings.per_host)
        base = {"User-Agent": settings.user_agent, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
                "Accept-Encoding": "gzip, deflate"}
        self.page_headers = httpx.Headers({**base,
                                           "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
        # A badge is usually the last request to its host: "Connection: close" frees the
        # socket now instead of leaving it idle in the pool (hundreds a second otherwise).
        self.image_headers = httpx.Headers({**base, "Accept": "image/avif,image/webp,image/*,*/*;q=0.8",
                                            "Connection": "close"})
        self.timeout = {"connect": settings.connect_timeout, "read": settings.timeout}

    async def _once(self, url: str, max_bytes: int, image: bool) -> Fetched:
        """One GET. No timer per request (timers cost ~10% of a run here): the socket
        timeouts stop a silent server, and a body trickled byte by byte is stopped after
        3 x --timeout by a clock check per chunk (the per-target deadline backs both)."""
        out = Fetched(url)
        started = time.monotonic()
        try:
            request = httpx.Request("GET", url, headers=self.image_headers if image else self.page_headers,
                                    extensions={"timeout": self.timeout})
            host = request.url.netloc.decode("ascii").lower()
            await self.hosts.acquire(host)
            try:
                response = await self.transports.for_url(request.url).handle_async_request(request)
                try:
                    await self._read(response, out, max_bytes, started, self.settings.timeout * 3)
                finally:
                    await response.aclose()
            finally:
                self.hosts.release(host)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - a hostile site must never crash the run
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            out.failure = self._failure(exc)
        return out

    def _failure(self, exc: BaseException) -> Failure:
        failure = classify(exc)
        if failure.kind is Kind.CONNECT_TIMEOUT:
            return dataclasses.replace(failure, args=(("seconds", f"{self.settings.connect_timeout:g}"),))
        if failure.kind is Kind.READ_TIMEOUT:
            return dataclasses.replace(failure, args=(("seconds", f"{self.settings.timeout:g}"),))
        return failure

    @staticmethod
    async def _read(response: httpx.Response, out: Fetched, max_bytes: int, started: float,
                    limit: float) -> None:
        # One pass over the raw headers: each httpx.Headers lookup re-decodes every
        # header name (~20 lookups a request showed up in the profile).
        headers = {k.lower(): v for k, v in response.headers.raw}
        out.status = response.status_code
        if b"content-type" in headers:
            out.content_type = headers[b"content-type"].decode("latin-1")
        if b"location" in headers:
            raw = headers[b"location"]
            try:                  # browsers read a raw UTF-8 Location as UTF-8
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
                out.failure = Failure(Kind.TOO_LARGE, f"more than {max_bytes} bytes",
                                      (("kib", max_bytes // 1024),))
                return
            now = time.monotonic()
            if now - started > limit:
                out.failure = Failure(Kind.SLOW_BODY, f"{size} bytes in {now - started:.1f} s",
                                      (("seconds", round(limit)),))
                return
            parts.append(chunk)
        out.body = b"".join(parts)

    async def get(self, url: str, *, max_bytes: int, image: bool = False) -> Fetched:
        """GET with retries (no redirects followed)."""
        attempt = 0
        while True:
            fetched = await self._once(url, max_bytes, image)
            if attempt >= self.settings.retries or not should_retry(fetched):
                return fetched
            await asyncio.sleep(backoff_delay(attempt, self.settings, fetched.retry_after))
            attempt += 1

    async def get_following(self, url: str, *, max_bytes: int, image: bool = False) -> Fetched:
        """GET, following at most ``max_redirects`` redirects; a loop is a failure."""
        seen = [url]
        while True:
            fetched = await self.get(url, max_bytes=max_bytes, image=image)
            fetched.redirects = seen[:-1]
            if fetched.failure or fetched.status not in REDIRECT_STATUSES or not fetched.location:
                return fetched
            try:
                nxt = str(httpx.URL(url).join(fetched.location.strip()))
            except (httpx.InvalidURL, ValueError):
                fetched.failure = Failure(Kind.BAD_REDIRECT, f"Location: {fetched.location[:100]!r}",
                                          (("status", fetched.status or 0),))
                return fetched
            if nxt in seen:
                fetched.failure = Failure(Kind.REDIRECT_LOOP, f"{len(seen)} hops back to {nxt}",
                                          (("hops", len(seen)),))
                return fetched
            if len(seen) > self.settings.max_redirects:
                fetched.failure = Failure(Kind.TOO_MANY_REDIRECTS, f"{len(seen)} redirects from {seen[0]}",
                                          (("max", self.settings.max_redirects),))
                return fetched
            seen.append(nxt)
            url = nxt
