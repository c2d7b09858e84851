"""Many targets: bounded concurrency with a waiting room for dead hosts, results handed
on as they finish (in input order through order.Reorder), and a clean stop on
cancellation (Ctrl-C, SIGTERM) that keeps finished results."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
from collections.abc import Awaitable, Callable, Iterable

import httpx

from .crawl import Crawler
from .model import TargetResult
from .net import ON_STALL, Fetcher, build_transports
from .order import Reorder
from .settings import Settings
from .targets import Target


async def run_targets(
    targets: Iterable[Target],
    settings: Settings,
    emit: Callable[[TargetResult], None],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    today: dt.date | None = None,
) -> None:
    """Check every target, calling ``emit`` once per target in input order.

    Order never holds the crawl back: results that finish before an earlier one wait in
    a Reorder buffer (memory, then a temporary file), not in the crawl. Cancellation stops
    the crawl; finished results are still emitted, in order, over the gaps.
    """
    order = Reorder(emit)
    try:
        await run_indexed(targets, settings, order.put, transport=transport, today=today)
    finally:
        order.close()


async def run_indexed(
    targets: Iterable[Target],
    settings: Settings,
    emit: Callable[[int, TargetResult], None],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    today: dt.date | None = None,
) -> None:
    """Check every target, calling ``emit(position, result)`` as each one finishes."""
    slots = Slots(settings.concurrency, waiting_room(settings))
    async with build_transports(settings, transport) as transports:
        fetcher = Fetcher(transports, settings)
        if settings.render == "never":
            await _pipeline(targets, Crawler(fetcher, settings, today), slots, emit)
            return
        from .render import Renderer

        async with Renderer(settings, transports.config) as renderer:
            await _pipeline(targets, Crawler(fetcher, settings, today, renderer), slots, emit)


class Slots:
    """At most ``active`` targets worked on at once. A target whose request has waited
    ``slow_after`` seconds for the network (no connection yet, or no answer) is waiting on
    a slow or dead host, not working: it steps aside while the waiting room has space.
    Dead hosts then wait out their timeouts side by side instead of holding the slots the
    live ones need; a target slow because the CPU is busy keeps its slot (no stampede)."""

    def __init__(self, active: int, waiting_max: int) -> None:
        self.active = asyncio.Semaphore(active)
        self.waiting_max = waiting_max
        self.waiting = 0

    async def take(self) -> Slot:
        await self.active.acquire()
        return Slot(self)


class Slot:
    __slots__ = ("slots", "waiting")

    def __init__(self, slots: Slots) -> None:
        self.slots = slots
        self.waiting = False

    def step_aside(self) -> None:
        """Called by the fetcher (net.ON_STALL); when the room is full the target keeps
        its slot, and its next stalled request asks again."""
        s = self.slots
        if not self.waiting and s.waiting < s.waiting_max:
            s.waiting += 1
            self.waiting = True
            s.active.release()

    def release(self) -> None:
        if self.waiting:
            self.slots.waiting -= 1
        else:
            self.slots.active.release()


def waiting_room(settings: Settings) -> int:
    """How many slow targets may wait beside the active ones: ``settings.waiting``, within
    the open-file limit (raised to its hard limit first: a waiting target may hold two
    sockets, HTTPS and HTTP)."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = hard if hard != resource.RLIM_INFINITY else 65536
        if soft != resource.RLIM_INFINITY and soft < want:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, 65536), hard))
            soft = min(want, 65536)
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or not allowed
        return min(settings.waiting, 256)
    return max(0, min(settings.waiting, (soft - 256) // 3 - settings.concurrency))


async def _pipeline(
    targets: Iterable[Target], crawler: Crawler, slots: Slots, emit: Callable[[int, TargetResult], None]
) -> None:
    running: set[asyncio.Task[None]] = set()
    broken = asyncio.get_running_loop().create_future()  # an emit that raised

    async def one(i: int, target: Target, slot: Slot) -> None:
        ON_STALL.set(slot.step_aside)  # this task's context: its requests only
        try:
            result = await crawler.check(target)
        finally:
            slot.release()
        emit(i, result)

    def done(task: asyncio.Task[None]) -> None:
        running.discard(task)
        if not task.cancelled() and task.exception() is not None and not broken.done():
            broken.set_exception(task.exception())  # type: ignore[arg-type]

    try:
        for i, target in enumerate(targets):
            slot = await slots.take()
            if broken.done():
                slot.release()
                break
            task = asyncio.create_task(one(i, target, slot))
            running.add(task)
            task.add_done_callback(done)
        while running and not broken.done():
            await asyncio.wait([broken, *running], return_when=asyncio.FIRST_COMPLETED)
        if broken.done():
            broken.result()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        if not broken.done():
            broken.cancel()


def run_until_signalled(make: Callable[[], Awaitable[None]], *, second_exits: bool = True) -> bool:
    """Run ``make()`` in a new event loop; SIGINT or SIGTERM cancels it, so that finished
    results are kept and reported. Returns True when a signal stopped it. With
    ``second_exits`` a second signal ends the process at once (a user pressing Ctrl-C
    twice); worker processes turn it off, since their parent signals them again when it
    stops."""
    interrupted = False

    async def main() -> None:
        nonlocal interrupted
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None

        def stop() -> None:
            nonlocal interrupted
            if interrupted and second_exits:
                os._exit(130)
            interrupted = True
            task.cancel()

        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread
                loop.add_signal_handler(sig, stop)
        try:
            await make()
        except asyncio.CancelledError:
            if not interrupted:
                raise

    try:
        with asyncio.Runner(loop_factory=loop_factory()) as runner:
            runner.run(main())
    except KeyboardInterrupt:
        interrupted = True
    return interrupted


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop when it is installed (``beian-check[speed]``): about 6 % less
    CPU per target on the HTTPS farm. BEIAN_CHECK_LOOP=asyncio keeps the standard one."""
    if os.environ.get("BEIAN_CHECK_LOOP") == "asyncio":
        return None
    try:
        import uvloop
    except ImportError:
        return None
    factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
    return factory
