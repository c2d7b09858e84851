"""The concurrency pieces, tested directly: the per-host limit, loads shared once, the
waiting room for slow targets, and results put back in input order without throttling."""

from __future__ import annotations

import asyncio
import time

import pytest

from beian_check.model import TargetResult
from beian_check.net import ON_STALL, Fetcher, HostLimits, LoopLag, OnTime, build_transports
from beian_check.order import Reorder
from beian_check.run import Slots, run_targets
from beian_check.settings import Settings
from beian_check.sources import LoadOnce
from beian_check.targets import parse_line

from .servers import Server, black_hole, response, tarpit


def result(i: int) -> TargetResult:
    return TargetResult(f"t{i}", f"http://t{i}/", None, "pass")


# -- the per-host limit -------------------------------------------------------------------


def test_per_host_limit_holds_and_hosts_are_independent() -> None:
    async def go() -> tuple[int, int, int]:
        limits = HostLimits(2)
        inside = {"a": 0, "b": 0}
        peak = {"a": 0, "b": 0}

        async def use(host: str) -> None:
            async with limits.hold(host):
                inside[host] += 1
                peak[host] = max(peak[host], inside[host])
                await asyncio.sleep(0.01)
                inside[host] -= 1

        await asyncio.gather(*(use("a") for _ in range(10)), *(use("b") for _ in range(3)))
        return peak["a"], peak["b"], len(limits)

    assert asyncio.run(go()) == (2, 2, 0)  # idle hosts leave nothing behind


def test_per_host_limit_survives_cancelled_waiters() -> None:
    async def go() -> tuple[int, int]:
        limits = HostLimits(1)
        release = asyncio.Event()

        async def hold() -> None:
            async with limits.hold("a"):
                await release.wait()

        first = asyncio.create_task(hold())
        await asyncio.sleep(0)
        waiters = [asyncio.create_task(hold()) for _ in range(3)]
        await asyncio.sleep(0)
        for w in waiters[:2]:
            w.cancel()
        await asyncio.sleep(0)
        release.set()
        await asyncio.gather(first, *waiters, return_exceptions=True)
        busy = len(limits)
        async with limits.hold("a"):  # the slot came back: no leak
            pass
        return busy, len(limits)

    assert asyncio.run(go()) == (0, 0)


def test_per_host_limit_against_a_real_server() -> None:
    """--per-host 2: never more than two requests at once to one host:port."""
    peak = {"now": 0, "max": 0}

    async def slow(req, w):  # type: ignore[no-untyped-def]
        peak["now"] += 1
        peak["max"] = max(peak["max"], peak["now"])
        await asyncio.sleep(0.05)
        peak["now"] -= 1
        await response(200, "<p>x</p>")(req, w)

    async def go(url: str) -> None:
        settings = Settings(per_host=2, retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            await asyncio.gather(*(fetcher.get(f"{url}{i}", max_bytes=1000) for i in range(8)))

    with Server({f"/{i}": slow for i in range(8)}) as s:
        asyncio.run(go(s.url("/")))
    assert peak["max"] == 2


# -- loads shared once ----------------------------------------------------------------------


def test_load_once_shares_one_load_between_concurrent_askers() -> None:
    calls = []

    async def go() -> list[str]:
        cache: LoadOnce[str] = LoadOnce()

        async def load() -> str:
            calls.append(1)
            await asyncio.sleep(0.01)
            return "badge"

        got = await asyncio.gather(*(cache.get("u", load) for _ in range(5)))
        got.append(await cache.get("u", load))
        return list(got)

    assert asyncio.run(go()) == ["badge"] * 6 and len(calls) == 1


def test_load_once_cancelled_loader_lets_the_next_asker_load_again() -> None:
    async def go() -> tuple[str, int]:
        cache: LoadOnce[str] = LoadOnce()
        started = asyncio.Event()
        loads = []

        async def slow() -> str:
            loads.append(1)
            started.set()
            await asyncio.sleep(10)
            return "never"

        async def fast() -> str:
            loads.append(1)
            return "fresh"

        first = asyncio.create_task(cache.get("u", slow))
        await started.wait()
        follower = asyncio.create_task(cache.get("u", fast))  # shares the slow load
        await asyncio.sleep(0)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await follower  # the shared load was cancelled
        return await cache.get("u", fast), len(loads)  # not cached: loaded again

    assert asyncio.run(go()) == ("fresh", 2)


def test_load_once_failure_is_not_kept_and_the_cache_is_bounded() -> None:
    async def go() -> tuple[str, int]:
        cache: LoadOnce[str] = LoadOnce(limit=3)

        async def boom() -> str:
            raise OSError("disk")

        async def ok() -> str:
            return "ok"

        with pytest.raises(OSError):
            await cache.get("u", boom)
        got = await cache.get("u", ok)
        for i in range(10):
            await cache.get(f"k{i}", ok)
        return got, len(cache)

    assert asyncio.run(go()) == ("ok", 3)


# -- the waiting room -----------------------------------------------------------------------


def test_stalled_targets_step_aside_within_the_waiting_room() -> None:
    async def go() -> list[int]:
        slots = Slots(active=2, waiting_max=1)
        a, b = await slots.take(), await slots.take()
        started = []

        async def third() -> None:
            (await slots.take()).release()
            started.append(1)

        t = asyncio.create_task(third())
        await asyncio.sleep(0.01)
        seen = [len(started)]  # both slots busy: the third waits
        a.step_aside()
        a.step_aside()  # once only
        b.step_aside()  # the room is full: b keeps its slot
        await asyncio.sleep(0.01)
        seen += [len(started), slots.waiting]
        a.release()
        b.release()
        await t
        seen.append(slots.waiting)
        return seen

    assert asyncio.run(go()) == [0, 1, 1, 0]


@pytest.mark.slow
def test_only_a_request_waiting_for_the_network_stalls() -> None:
    """The fetcher calls ON_STALL when a request has waited slow_after for a connection
    or an answer; a quick answer (however busy the CPU is afterwards) does not."""

    async def slow(req, w):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.3)
        await response(200, "<p>late</p>")(req, w)

    async def go(base: str) -> list[str]:
        calls: list[str] = []
        settings = Settings(slow_after=0.1, retries=0)
        async with build_transports(settings) as transports:
            fetcher = Fetcher(transports, settings)
            ON_STALL.set(lambda: calls.append("fast"))
            await fetcher.get(base + "fast", max_bytes=1000)
            time.sleep(0.2)  # CPU, not network: no stall
            await asyncio.sleep(0.05)
            ON_STALL.set(lambda: calls.append("slow"))
            await fetcher.get(base + "slow", max_bytes=1000)
        return calls

    with Server({"/fast": response(200, "<p>x</p>"), "/slow": slow}) as s:
        assert asyncio.run(go(s.url("/"))) == ["slow"]


# -- order ----------------------------------------------------------------------------------


def test_reorder_emits_in_input_order_and_spills_to_disk() -> None:
    out: list[str] = []
    order = Reorder(lambda r: out.append(r.target), memory=3)
    for i in [5, 2, 7, 1, 3, 6, 4, 8]:
        order.put(i, result(i))
    assert out == [] and len(order) == 8 and order.spills == 5
    order.put(0, result(0))
    assert out == [f"t{i}" for i in range(9)] and len(order) == 0
    order.close()


def test_reorder_close_keeps_results_over_the_gaps() -> None:
    out: list[str] = []
    order = Reorder(lambda r: out.append(r.target), memory=1)
    for i in (0, 3, 2, 5):
        order.put(i, result(i))
    order.close()
    assert out == ["t0", "t2", "t3", "t5"]


@pytest.mark.slow
def test_dead_hosts_first_do_not_throttle_the_crawl() -> None:
    """--concurrency 2 and two dead hosts at the head of 60 targets (a black hole and a
    tarpit): both step aside, every live target is checked while they wait out their
    timeouts, and the report is still in input order."""
    served: list[float] = []
    t0 = time.monotonic()

    async def page(req, w):  # type: ignore[no-untyped-def]
        served.append(time.monotonic() - t0)
        await response(200, "<html><body>x</body></html>")(req, w)

    with black_hole() as port, Server(raw=tarpit) as pit, Server({"/": page}) as s:
        lines = [f"http://127.0.0.1:{port}/", pit.url("/")] + [s.url(f"/?{i}") for i in range(58)]
        out: list[TargetResult] = []
        settings = Settings(concurrency=2, connect_timeout=2, timeout=2, retries=0, slow_after=0.1)
        assert settings.waiting > 2
        t0 = time.monotonic()
        asyncio.run(run_targets([t for t in (parse_line(x) for x in lines) if t], settings, out.append))
        took = time.monotonic() - t0
    assert [r.target for r in out] == lines
    assert [r.status for r in out[:2]] == ["error", "error"] and all(r.status == "fail" for r in out[2:])
    assert len(served) == 58 and max(served) < 1.5 < 1.9 < took < 3


@pytest.mark.slow
def test_slowness_timers_wait_while_the_loop_is_late() -> None:
    """On a saturated loop every connection looks slow: the stall and race timers are put
    off until the loop is on time again."""

    async def go() -> tuple[float, float]:
        lag = LoopLag()
        fired: list[float] = []
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        lag.busy()  # starts the ticks
        OnTime(0.1, lambda: fired.append(loop.time() - t0), lag)
        await asyncio.sleep(0.3)
        idle = fired[0]
        fired.clear()
        t0 = loop.time()
        OnTime(0.1, lambda: fired.append(loop.time() - t0), lag)
        for _ in range(6):  # a loop busy for 0.6 s, 100 ms an iteration
            time.sleep(0.1)
            await asyncio.sleep(0)
        while not fired:
            await asyncio.sleep(0.01)
        return idle, fired[0]

    idle, busy = asyncio.run(go())
    assert 0.09 < idle < 0.35
    assert busy > 0.5
