"""Many targets: bounded concurrency, results handed on in input order as they are
ready, and a clean stop on cancellation (Ctrl-C, SIGTERM) that keeps finished results."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import signal
from collections.abc import Awaitable, Callable, Iterable

import httpx

from .crawl import Crawler
from .model import TargetResult
from .net import Fetcher, build_transports
from .settings import Settings
from .targets import Target


async def run_targets(targets: Iterable[Target], settings: Settings,
                      emit: Callable[[TargetResult], None], *,
                      transport: httpx.AsyncBaseTransport | None = None,
                      today: dt.date | None = None) -> None:
    """Check every target, calling ``emit`` once per target in input order.

    At most ``settings.concurrency`` targets are in flight, and at most a bounded window
    of finished results waits for a slower earlier one, so memory does not grow with the
    number of targets. Cancellation stops the crawl; results already emitted stay emitted.
    """
    await run_indexed(targets, settings, lambda i, r: emit(r), transport=transport, today=today)


async def run_indexed(targets: Iterable[Target], settings: Settings,
                      emit: Callable[[int, TargetResult], None], *,
                      transport: httpx.AsyncBaseTransport | None = None,
                      today: dt.date | None = None) -> None:
    """run_targets, telling ``emit`` each result's position in ``targets``."""
    async with build_transports(settings, transport) as transports:
        fetcher = Fetcher(transports, settings)
        if settings.render == "never":
            await _pipeline(targets, Crawler(fetcher, settings, today), settings.concurrency, emit)
            return
        from .render import Renderer
        async with Renderer(settings, transports.config) as renderer:
            await _pipeline(targets, Crawler(fetcher, settings, today, renderer), settings.concurrency, emit)


async def _pipeline(targets: Iterable[Target], crawler: Crawler, concurrency: int,
                    emit: Callable[[int, TargetResult], None]) -> None:
    window = max(concurrency * 4, 16)
    pending: dict[int, asyncio.Task[TargetResult]] = {}
    ready: dict[int, TargetResult] = {}
    next_emit = 0
    slots = asyncio.Semaphore(concurrency)
    progress = asyncio.Event()

    async def one(i: int, target: Target) -> TargetResult:
        try:
            return await crawler.check(target)
        finally:
            slots.release()

    def done(i: int, task: asyncio.Task[TargetResult]) -> None:
        pending.pop(i, None)
        if not task.cancelled() and task.exception() is None:
            ready[i] = task.result()
        progress.set()

    def flush() -> None:
        nonlocal next_emit
        while next_emit in ready:
            emit(next_emit, ready.pop(next_emit))
            next_emit += 1

    try:
        for i, target in enumerate(targets):
            await slots.acquire()
            while i - next_emit >= window:
                progress.clear()
                flush()
                if i - next_emit >= window:
                    await progress.wait()
            task = asyncio.create_task(one(i, target))
            pending[i] = task
            task.add_done_callback(functools.partial(done, i))
            flush()
        while pending:
            progress.clear()
            flush()
            if pending:
                await progress.wait()
        flush()
    finally:
        if pending:
            for task in list(pending.values()):
                task.cancel()
            await asyncio.gather(*pending.values(), return_exceptions=True)
        # Finished results behind an unfinished one are still results: keep them.
        for i in sorted(ready):
            emit(i, ready.pop(i))


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
            try:
                loop.add_signal_handler(sig, stop)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                pass
        try:
            await make()
        except asyncio.CancelledError:
            if not interrupted:
                raise

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        interrupted = True
    return interrupted
