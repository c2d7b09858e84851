"""net.py pinned where mutants went unnoticed: Retry-After dates, the backoff doubling,
what counts as an answer, the loop-lag clock (driven by a fake loop, no sleeping).
Written from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from beian_check import net
from beian_check.net import (
    Fetched,
    Fetcher,
    LoopLag,
    OnTime,
    _answered,
    backoff_delay,
    build_transports,
    retry_after_seconds,
)
from beian_check.outcome import Failure, Kind
from beian_check.settings import Settings

from .servers import LocalCA, Server, black_hole, redirect, relay, response


def test_retry_after_dates_against_the_clock() -> None:
    now = 1_445_412_470.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=now) == 10.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:27:00 GMT", now=now) == 0.0  # already past
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds("") is None
    assert retry_after_seconds(None) is None
    # without ``now``, the real clock
    soon = email.utils.formatdate(time.time() + 3600, usegmt=True)
    assert 3500 < (retry_after_seconds(soon) or 0) <= 3600
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@pytest.mark.parametrize(
    "attempt,lower,upper",
    [(0, 0.25, 0.5), (1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0), (4, 4.0, 8.0), (5, 8.0, 8.0)],
)
def test_backoff_doubles_with_jitter_under_the_cap(
    attempt: int, lower: float, upper: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(backoff=0.5, backoff_cap=8.0)
    monkeypatch.setattr(net.random, "uniform", lambda lo, hi: hi)
    assert backoff_delay(attempt, settings, None) == upper
    monkeypatch.setattr(net.random, "uniform", lambda lo, hi: lo)
    assert backoff_delay(attempt, settings, None) == lower
    assert backoff_delay(attempt, settings, 3.0) == 3.0
    assert backoff_delay(attempt, settings, 30.0) == 8.0


@pytest.mark.parametrize(
    "failure,redirects,answered",
    [
        (None, [], True),
        (Failure(Kind.HTTP_STATUS), [], True),  # the server answered with an error status
        (Failure(Kind.REFUSED), [], False),
        (Failure(Kind.TLS), [], False),
        (Failure(Kind.REFUSED), ["https://example.cn/"], True),  # it redirected, then failed
    ],
)
def test_answered(failure: Failure | None, redirects: list[str], answered: bool) -> None:
    assert _answered(Fetched("https://example.cn/", failure=failure, redirects=redirects)) is answered


class FakeLoop:
    """The two calls LoopLag and OnTime make, on a clock the test sets."""

    def __init__(self) -> None:
        self.now = 100.0
        self.calls: list[tuple[str, float]] = []
        self.timers: list[tuple[float, Callable[[], None]]] = []
        self.errors: list[Exception] = []

    def time(self) -> float:
        return self.now

    def call_at(self, when: float, callback: Callable[[], None]) -> None:
        self.calls.append(("at", when))
        self.timers.append((when, callback))

    def run_next(self, late: float = 0.0) -> None:
        """Run the earliest timer ``late`` seconds after it was due. As asyncio does, a
        callback that raises is reported (here: kept in ``errors``) and the loop goes on."""
        self.timers.sort(key=lambda timer: timer[0])
        when, callback = self.timers.pop(0)
        self.now = when + late
        try:
            callback()
        except Exception as exc:  # noqa: BLE001 - the loop's exception handler
            self.errors.append(exc)

    def call_later(self, delay: float, callback: Callable[[], None]) -> Any:
        self.calls.append(("later", delay))
        return None


@pytest.fixture
def loop(monkeypatch: pytest.MonkeyPatch) -> FakeLoop:
    fake = FakeLoop()
    monkeypatch.setattr(net.asyncio, "get_running_loop", lambda: fake)
    return fake


def test_loop_lag_starts_on_time_and_smooths_lateness(loop: FakeLoop) -> None:
    lag = LoopLag()
    assert lag.busy() is False  # first use: starts ticking
    assert loop.calls == [("at", 100.05)]
    assert lag.busy() is False  # on time
    loop.now = 100.07  # the tick is 20 ms late: not yet busy
    assert lag.busy() is False
    loop.now = 100.08
    assert lag.busy() is True
    lag._tick()  # the tick runs 30 ms late
    assert lag.late == pytest.approx(0.3 * 0.03)
    assert loop.calls[-1] == ("at", pytest.approx(100.13))
    assert lag.busy() is False  # smoothed: one late tick is not a busy loop
    lag.late = 0.02  # exactly 20 ms late is still on time: busy means later than that
    assert lag.busy() is False
    lag.late = 0.021
    assert lag.busy() is True


def test_a_loop_on_time_keeps_ticking_and_is_never_busy(loop: FakeLoop) -> None:
    """Each tick schedules the next: half a second of on-time ticks later, the loop is not
    busy, and exactly one tick is pending."""
    lag = LoopLag()
    assert lag.busy() is False
    for _ in range(10):
        loop.run_next()
        assert lag.busy() is False
    assert loop.now == pytest.approx(100.5)
    assert len(loop.timers) == 1 and loop.errors == []
    loop.now = loop.timers[0][0] + 0.03  # the next tick is 30 ms overdue: busy before it runs
    assert lag.busy() is True


def test_a_steadily_late_loop_turns_busy_and_recovers(loop: FakeLoop) -> None:
    """Lateness is smoothed (70 % old, 30 % new): ticks 30 ms late make the loop busy from
    the fourth one on, and one tick on time is enough to clear it again."""
    lag = LoopLag()
    lag.busy()
    seen = []
    for _ in range(4):
        loop.run_next(late=0.03)
        seen.append(lag.busy())
    assert seen == [False, False, False, True]  # 9, 15.3, 19.7, then 22.8 ms smoothed
    loop.run_next()
    assert lag.busy() is False  # 16 ms
    assert loop.errors == []


def test_a_timer_put_off_by_a_late_loop_fires_once_the_loop_is_on_time() -> None:
    """On a real loop: the timer is due at 10 ms, the loop reports itself late for 50 ms,
    so the timer fires at the first tenth-of-a-second re-check after that."""

    async def main() -> float:
        loop = asyncio.get_running_loop()
        fired = asyncio.Event()
        t0 = loop.time()
        OnTime(0.01, fired.set, BusyUntil(time.monotonic() + 0.05))
        await asyncio.wait_for(fired.wait(), 2.0)
        return loop.time() - t0

    assert 0.1 <= asyncio.run(main()) < 1.0


def test_on_time_waits_while_the_loop_is_late(loop: FakeLoop) -> None:
    fired: list[bool] = []

    class Busy(LoopLag):
        def busy(self) -> bool:
            return True

    timer = OnTime(2.0, lambda: fired.append(True), Busy())
    assert loop.calls == [("later", 2.0)]
    timer._fire()
    assert fired == [] and loop.calls[-1] == ("later", 0.1)
    timer.lag = LoopLag()
    timer.lag.busy()  # starts on time
    timer._fire()
    assert fired == [True]


class BusyUntil(LoopLag):
    """A loop that reports itself late until ``until`` (time.monotonic)."""

    def __init__(self, until: float) -> None:
        super().__init__()
        self.until = until

    def busy(self) -> bool:
        return time.monotonic() < self.until


RACE = Settings(connect_timeout=1.5, timeout=2.0, race_delay=0.2, retries=0, deadline=20)


@pytest.mark.slow
def test_a_late_loop_puts_off_the_race_a_tenth_of_a_second_at_a_time() -> None:
    """HTTPS black-holed: HTTP would start after race_delay (0.2 s), but the loop reports
    itself late until 0.6 s, so HTTP starts in the first tenth after that."""
    arrived: list[float] = []

    async def record(req: Any, w: Any) -> None:
        arrived.append(time.monotonic())
        await response(200, "<p>http</p>")(req, w)

    async def go(https: str, http: str) -> Fetched:
        async with build_transports(RACE) as transports:
            fetcher = Fetcher(transports, RACE)
            fetcher.lag = BusyUntil(time.monotonic() + 0.6)
            chosen, _ = await fetcher.get_either(https, http, max_bytes=1 << 20)
            return chosen

    with black_hole() as port, Server({"/": record}) as server:
        t0 = time.monotonic()
        chosen = asyncio.run(go(f"https://127.0.0.1:{port}/", server.url("/")))
    assert chosen.body == b"<p>http</p>"
    assert 0.55 < arrived[0] - t0 < 0.95


@pytest.mark.slow
def test_the_losing_fetch_is_cancelled_and_awaited(tmp_path: Path) -> None:
    """HTTPS connects late (0.5 s), after HTTP started: when get_either returns, no task of
    it is left running."""
    ca = LocalCA(str(tmp_path / "ca.pem"))
    settings = Settings(connect_timeout=2.0, timeout=3.0, race_delay=0.2, retries=0, verify_tls=False)

    async def slow_http(req: Any, w: Any) -> None:
        await asyncio.sleep(1.5)
        await response(200, "<p>http</p>")(req, w)

    async def go(https: str, http: str) -> tuple[Fetched, list[asyncio.Task[Any]]]:
        async with build_transports(settings) as transports:
            chosen, _ = await Fetcher(transports, settings).get_either(https, http, max_bytes=1 << 20)
            left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
            return chosen, left

    with (
        Server({"/": response(200, "<p>https</p>")}, tls=ca.server_context()) as real,
        Server(raw=relay(real.port, 0.5)) as https,
        Server({"/": slow_http}) as http,
    ):
        chosen, left = asyncio.run(go(f"https://127.0.0.1:{https.port}/", http.url("/")))
    assert chosen.body == b"<p>https</p>" and http.connections == 1
    assert left == []


def test_what_a_page_and_a_badge_request_ask_for() -> None:
    """Sites serve their Chinese footer to a Chinese-preferring browser: a page request asks
    for HTML in Chinese first, takes gzip/deflate, and sends the configured User-Agent; a
    badge request asks for an image and closes its connection (it is the host's last). The
    answer's Content-Type comes back as sent (the page's charset is read from it)."""
    settings = Settings(retries=0, user_agent="beian-check-test/1")

    async def go(page: str, badge: str) -> None:
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            got = await fetcher.get(page, max_bytes=1 << 20)
            assert (got.status, got.content_type, got.body) == (200, "text/html; charset=GBK", b"<p>ok</p>")
            got = await fetcher.get(badge, max_bytes=1 << 20, image=True)
            assert (got.status, got.content_type, got.body) == (200, "image/png", b"\x89PNG")

    with Server(
        {
            "/": response(200, "<p>ok</p>", "text/html; charset=GBK"),
            "/b.png": response(200, b"\x89PNG", "image/png"),
        }
    ) as server:
        asyncio.run(go(server.url("/"), server.url("/b.png")))
    # Field names, media types, codings, language tags and the q parameter are all
    # case-insensitive in HTTP (RFC 9110), so the values are compared as a server reads them.
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/"), ("GET", "/b.png")]
    page, badge = ({k: v.lower() for k, v in r.headers.items()} for r in server.requests)
    for headers in (page, badge):
        assert headers["user-agent"] == "beian-check-test/1"
        assert headers["accept-language"] == "zh-cn,zh;q=0.9,en;q=0.5"
        assert headers["accept-encoding"] == "gzip, deflate"
    assert page["accept"] == "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
    assert page.get("connection", "keep-alive") == "keep-alive"
    assert badge["accept"] == "image/avif,image/webp,image/*,*/*;q=0.8"
    assert badge["connection"] == "close"


def test_the_per_host_limit_holds_each_host_apart() -> None:
    """--per-host 1 limits each host:port, not the crawl: two servers are asked at the same
    time (each handler waits, up to half a second, to see the other's request arrive)."""
    arrived = {"a": threading.Event(), "b": threading.Event()}

    def meet(me: str, other: str) -> Any:
        async def handle(req: Any, w: Any) -> None:
            arrived[me].set()
            for _ in range(50):
                if arrived[other].is_set():
                    break
                await asyncio.sleep(0.01)
            await response(200, "together" if arrived[other].is_set() else "alone")(req, w)

        return handle

    async def go(*urls: str) -> list[bytes | None]:
        settings = Settings(per_host=1, retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            return [f.body for f in await asyncio.gather(*(fetcher.get(u, max_bytes=1000) for u in urls))]

    with Server({"/": meet("a", "b")}) as a, Server({"/": meet("b", "a")}) as b:
        assert asyncio.run(go(a.url("/"), b.url("/"))) == [b"together", b"together"]


def test_a_busy_server_says_when_to_come_back() -> None:
    """429 and 503 answers carry their Retry-After (seconds, or an HTTP date: one in the
    past means now), which the retry waits for; an answer without one has none."""

    async def go(*urls: str) -> list[tuple[int | None, float | None]]:
        settings = Settings(retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            return [((f := await fetcher.get(u, max_bytes=1000)).status, f.retry_after) for u in urls]

    with Server(
        {
            "/429": response(429, "slow down", headers={"Retry-After": "7"}),
            "/503": response(503, "later", headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}),
            "/500": response(500, "oops"),
        }
    ) as s:
        got = asyncio.run(go(s.url("/429"), s.url("/503"), s.url("/500")))
    assert got == [(429, 7.0), (503, 0.0), (500, None)]


def test_a_raw_location_is_read_as_utf8_else_latin1() -> None:
    """A Location header sent as raw bytes: UTF-8 when it decodes (as browsers read it),
    else Latin-1, so the redirect is still followed to the same page."""

    async def go(*urls: str) -> list[tuple[int | None, str | None]]:
        settings = Settings(retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            return [((f := await fetcher.get(u, max_bytes=1000)).status, f.location) for u in urls]

    with Server(
        {
            # the test server writes header values as Latin-1: "\xc3\xa9" goes out as the
            # two bytes of UTF-8 "é", "\xe9" as the single Latin-1 byte
            "/utf8": response(302, "", headers={"Location": "/caf\xc3\xa9"}),
            "/latin1": response(302, "", headers={"Location": "/caf\xe9"}),
        }
    ) as s:
        got = asyncio.run(go(s.url("/utf8"), s.url("/latin1")))
    assert got == [(302, "/café"), (302, "/café")]


def test_a_followed_redirect_keeps_asking_for_a_page_or_an_image() -> None:
    """Following redirects, a page fetch asks for HTML at every hop, a badge fetch for an
    image at every hop."""

    async def go(url: str) -> None:
        settings = Settings(retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            assert (await fetcher.get_following(url, max_bytes=1000)).status == 200
            assert (await fetcher.get_following(url, max_bytes=1000, image=True)).status == 200

    with Server({"/old": redirect("/new"), "/new": response(200, "ok")}) as s:
        asyncio.run(go(s.url("/old")))
    accepts = [r.headers["accept"].split(",")[0] for r in s.requests]
    assert accepts == ["text/html", "text/html", "image/avif", "image/avif"]
