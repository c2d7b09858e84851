"""net.py's clocks at a tenth of their usual scale, so that every mutant run (which leaves
out the tests marked slow) still sees them: a connect or read timeout names its kind and
its seconds, a trickled body is cut after 3 x --timeout, and the HTTPS/HTTP race starts
HTTP beside a silent HTTPS, keeps an HTTPS that connects, and leaves nothing running.
Real sockets on 127.0.0.1; the longest wait is a few tenths of a second."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from beian_check import net
from beian_check.net import Fetched, Fetcher, build_transports
from beian_check.outcome import Failure, Kind
from beian_check.settings import Settings

from .servers import LocalCA, Server, black_hole, gzip_bomb, hang, huge, relay, response, trickle
from .test_mutants_net import BusyUntil

QUICK = Settings(connect_timeout=0.15, timeout=0.1, retries=0)


def get(url: str, settings: Settings = QUICK) -> tuple[Fetched, float]:
    async def go() -> Fetched:
        async with build_transports(settings) as transports:
            # bounded here: a fetch that lost its timeouts must fail this test, not hang it
            return await asyncio.wait_for(Fetcher(transports, settings).get(url, max_bytes=1 << 20), 3)

    t0 = time.monotonic()
    fetched = asyncio.run(go())
    return fetched, time.monotonic() - t0


def test_a_silent_port_is_a_connect_timeout_after_the_connect_timeout() -> None:
    with black_hole() as port:
        f, took = get(f"http://127.0.0.1:{port}/")
    assert f.failure is not None and f.failure.kind is Kind.CONNECT_TIMEOUT
    assert f.failure.args == (("seconds", "0.15"),)
    assert "0.15 s" in f.failure.text().render("en")
    assert 0.14 < took < 1.0


def test_a_server_that_never_answers_is_a_read_timeout_after_the_read_timeout() -> None:
    with Server({"/": hang(2)}) as s:
        f, took = get(s.url("/"))
    assert f.failure is not None and f.failure.kind is Kind.READ_TIMEOUT
    assert f.failure.args == (("seconds", "0.1"),)
    assert s.connections == 1 and 0.09 < took < 1.0


def test_a_trickled_body_is_cut_after_three_read_timeouts() -> None:
    """A byte every 20 ms never trips the 0.15 s read timeout; 0.45 s in (3 x 0.15), the
    body is cut, and the message names that limit in whole seconds: round(0.45) is 0, where
    four timeouts (0.6 s) would have said 1."""
    with Server({"/": trickle(total=200, interval=0.02)}) as s:
        f, took = get(s.url("/"), Settings(connect_timeout=0.15, timeout=0.15, retries=0))
    assert f.failure is not None and f.failure.kind is Kind.SLOW_BODY
    assert f.failure.args == (("seconds", 0),)
    assert f.status == 200 and f.body == b""
    assert 0.44 < took < 1.5


RACE = Settings(connect_timeout=0.4, timeout=1.0, race_delay=0.05, retries=0, verify_tls=False)


def either(
    https: str,
    http: str,
    settings: Settings = RACE,
    late_for: float = 0.0,
    started: list[float] | None = None,
) -> tuple[Fetched, Fetched | None, list[Any]]:
    marks: list[float] = [] if started is None else started

    async def race(fetcher: Fetcher) -> tuple[Fetched, Fetched | None, list[Any]]:
        chosen, failed = await fetcher.get_either(https, http, max_bytes=1 << 20)
        # the fetches still running the moment get_either returns (a cancelled
        # connection-event waiter ends on its own, and the test's own tasks are no fetch)
        left = [
            t
            for t in asyncio.all_tasks()
            if t not in mine and not t.done() and "Event.wait" not in repr(t.get_coro())
        ]
        return chosen, failed, left

    mine: set[asyncio.Task[Any] | None] = set()

    async def go() -> tuple[Fetched, Fetched | None, list[Any]]:
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            if late_for:  # the loop reports itself late for this long from the start
                fetcher.lag = BusyUntil(time.monotonic() + late_for)
            marks.append(time.monotonic())
            task = asyncio.ensure_future(race(fetcher))
            mine.update((asyncio.current_task(), task))
            # bounded: a race that lost its timers must fail this test, not hang it
            return await asyncio.wait_for(task, 5)

    return asyncio.run(go())


def test_a_silent_https_starts_http_beside_it_and_reports_the_timeout() -> None:
    """HTTPS black-holed: HTTP is asked once race_delay (50 ms) passes, long before HTTPS's
    0.4 s connect timeout; HTTP is chosen only when HTTPS has given up."""
    arrived: list[float] = []

    async def record(req: Any, w: Any) -> None:
        arrived.append(time.monotonic())
        await response(200, "<p>http</p>")(req, w)

    with black_hole() as port, Server({"/": record}) as http:
        t0 = time.monotonic()
        chosen, failed, left = either(f"https://127.0.0.1:{port}/", http.url("/"))
        took = time.monotonic() - t0
    assert chosen.body == b"<p>http</p>" and chosen.url == http.url("/")
    assert failed is not None and failed.failure is not None and failed.failure.kind is Kind.CONNECT_TIMEOUT
    assert 0.04 < arrived[0] - t0 < 0.3  # beside HTTPS, not after it
    assert took > 0.39  # HTTPS was still preferred while it might connect
    assert left == []


def test_an_https_that_connects_is_kept_and_http_never_asked(tmp_path: Path) -> None:
    ca = LocalCA(str(tmp_path / "ca.pem"))

    async def late(req: Any, w: Any) -> None:  # answers after race_delay has passed
        await asyncio.sleep(0.1)
        await response(200, "<p>https</p>")(req, w)

    settings = Settings(connect_timeout=1.0, timeout=1.0, race_delay=0.05, retries=0, verify_tls=False)
    with Server({"/": late}, tls=ca.server_context()) as https, Server({"/": response(200, "x")}) as http:
        chosen, failed, left = either(https.url("/"), http.url("/"), settings)
    assert chosen.body == b"<p>https</p>" and chosen.url == https.url("/") and failed is None
    assert http.connections == 0 and left == []


def test_an_https_that_connects_late_wins_over_a_started_http(tmp_path: Path) -> None:
    """HTTPS accepted after 0.15 s, when HTTP (slow to answer) has started: HTTPS is
    judged, HTTP is dropped without waiting for it, and no task is left running."""
    ca = LocalCA(str(tmp_path / "ca.pem"))

    async def slow_http(req: Any, w: Any) -> None:
        await asyncio.sleep(2)
        await response(200, "<p>http</p>")(req, w)

    with (
        Server({"/": response(200, "<p>https</p>")}, tls=ca.server_context()) as real,
        Server(raw=relay(real.port, 0.15)) as https,
        Server({"/": slow_http}) as http,
    ):
        t0 = time.monotonic()
        chosen, failed, left = either(f"https://127.0.0.1:{https.port}/", http.url("/"))
        took = time.monotonic() - t0
    assert chosen.body == b"<p>https</p>" and failed is None
    assert http.connections == 1 and took < 1.5 and left == []


def test_a_late_loop_puts_off_http_a_tenth_of_a_second_at_a_time() -> None:
    """HTTPS black-holed (0.6 s connect timeout), race_delay 50 ms, but the loop reports
    itself late for the first 0.12 s: HTTP starts at the first tenth-of-a-second re-check
    after that (about 0.15 s), still well before HTTPS gives up."""
    arrived: list[float] = []

    async def record(req: Any, w: Any) -> None:
        arrived.append(time.monotonic())
        await response(200, "<p>http</p>")(req, w)

    settings = Settings(connect_timeout=0.6, timeout=1.0, race_delay=0.05, retries=0)
    started: list[float] = []
    with black_hole() as port, Server({"/": record}) as http:
        chosen, failed, left = either(f"https://127.0.0.1:{port}/", http.url("/"), settings, 0.12, started)
    assert chosen.body == b"<p>http</p>" and failed is not None
    assert 0.12 <= arrived[0] - started[0] < 0.45  # from the moment the race began
    assert left == []


def test_a_request_waiting_past_slow_after_reports_a_stall_once() -> None:
    """run.py steps a target aside when one of its requests waits ``slow_after`` for the
    network (net.ON_STALL): a slow answer reports it once, a quick one never (not even
    after slow_after has passed), and without a callback nothing is scheduled at all (the
    loop reports no failed callback)."""
    settings = Settings(slow_after=0.05, connect_timeout=1.0, timeout=1.0, retries=0)

    async def slow(req: Any, w: Any) -> None:
        await asyncio.sleep(0.2)
        await response(200, "<p>slow</p>")(req, w)

    async def go(url: str, watch: bool) -> tuple[int, list[Any]]:
        errors: list[Any] = []
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: errors.append(context))
        stalls: list[float] = []
        if watch:
            net.ON_STALL.set(lambda: stalls.append(time.monotonic()))
        async with build_transports(settings) as transports:
            fetched = await asyncio.wait_for(Fetcher(transports, settings).get(url, max_bytes=1000), 3)
            assert fetched.status == 200
            await asyncio.sleep(0.1)  # past slow_after once more: a cancelled timer stays quiet
        return len(stalls), errors

    with Server({"/slow": slow, "/quick": response(200, "<p>quick</p>")}) as s:
        assert asyncio.run(go(s.url("/slow"), True)) == (1, [])
        assert asyncio.run(go(s.url("/quick"), True)) == (0, [])
        assert asyncio.run(go(s.url("/slow"), False)) == (0, [])


def test_a_body_over_the_cap_is_too_large_and_one_at_the_cap_is_kept() -> None:
    """--max-bytes counts the whole body over every read (each read here is smaller than
    the cap), decompressed (a gzip bomb is stopped, however small on the wire); a body of
    exactly the cap is kept whole."""
    cap = 100 * 1024
    exact = bytes(range(256)) * (cap // 256)

    async def go(*urls: str) -> list[Fetched]:
        settings = Settings(retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            return [await asyncio.wait_for(fetcher.get(u, max_bytes=cap), 5) for u in urls]

    with Server(
        {"/exact": response(200, exact), "/huge": huge(3 * cap, 16 * 1024), "/bomb": gzip_bomb(10 * cap)}
    ) as s:
        at_cap, over, bomb = asyncio.run(go(s.url("/exact"), s.url("/huge"), s.url("/bomb")))
    assert at_cap.failure is None and at_cap.body == exact
    for f in (over, bomb):
        assert f.failure == Failure(Kind.TOO_LARGE, f"more than {cap} bytes", (("kib", 100),))
        assert f.failure.text().render("en") == "body too large (over 100 KiB)"
        assert f.body == b""  # nothing of it kept
